// The home page's behaviour: the saved-query gallery (each card runs its query
// on /api/queries/{name} and shows the rows as a table) and the YASGUI editor,
// pointed at this server's /sparql, with completion of the prefixes and of the
// ontology's terms. Nothing here talks to any other origin. Every value from a
// result is written with textContent, never as markup.
(() => {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script (not a module), so strict mode must be asked for.
  'use strict';
  const dataElement = document.getElementById('editor-data');
  if (!dataElement) return;
  const data = JSON.parse(dataElement.textContent);
  const endpoint = new URL(data.endpoint, window.location.href).href;

  /** Shortens an IRI with the project's prefixes, for display. */
  function shorten(iri) {
    let best = null;
    for (const [prefix, ns] of Object.entries(data.prefixes)) {
      if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
    }
    return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
  }

  /** The path this site serves one of its own IRIs at, or null. */
  function localPath(iri) {
    const id = data.prefixes.id;
    if (iri.startsWith(id)) return `/id/${iri.slice(id.length)}`;
    if (iri.startsWith(data.prefixes.upr)) return `/ontology#${iri.slice(data.prefixes.upr.length)}`;
    return null;
  }

  function cell(term) {
    const td = document.createElement('td');
    if (!term) return td;
    if (term.type === 'uri') {
      const local = localPath(term.value);
      if (local) {
        const a = document.createElement('a');
        a.href = local;
        a.textContent = shorten(term.value);
        td.append(a);
      } else {
        td.textContent = term.value;
      }
    } else {
      const span = document.createElement('span');
      if (term['xml:lang']) span.lang = term['xml:lang'];
      span.textContent = term.value;
      td.append(span);
    }
    return td;
  }

  function table(json, caption) {
    const t = document.createElement('table');
    const c = document.createElement('caption');
    c.textContent = caption;
    t.append(c);
    if (typeof json.boolean === 'boolean') {
      const row = t.insertRow();
      row.insertCell().textContent = json.boolean ? 'yes' : 'no';
      return t;
    }
    const head = t.createTHead().insertRow();
    for (const v of json.head.vars) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = v;
      head.append(th);
    }
    const body = t.createTBody();
    for (const binding of json.results.bindings) {
      const row = body.insertRow();
      for (const v of json.head.vars) row.append(cell(binding[v]));
    }
    return t;
  }

  // The gallery.
  for (const card of document.querySelectorAll('.card[data-query]')) {
    const button = card.querySelector('button.run');
    const out = card.querySelector('.result');
    button.addEventListener('click', async () => {
      const name = card.dataset.query;
      const params = card.dataset.params;
      button.disabled = true;
      out.textContent = 'Running…';
      try {
        const response = await fetch(`/api/queries/${encodeURIComponent(name)}${params ? `?${params}` : ''}`, {
          headers: { Accept: 'application/sparql-results+json' },
        });
        if (!response.ok) throw new Error((await response.text()) || response.statusText);
        const type = response.headers.get('Content-Type') || '';
        out.textContent = '';
        if (type.startsWith('application/sparql-results+json')) {
          const json = await response.json();
          const rows = json.results ? json.results.bindings.length : 1;
          out.append(table(json, rows + (rows === 1 ? ' row' : ' rows') + (params ? ` (with ${decodeURIComponent(params)})` : '')));
        } else {
          const pre = document.createElement('pre');
          pre.textContent = await response.text();
          out.append(pre);
        }
      } catch (error) {
        out.textContent = `The query failed: ${error.message}`;
      } finally {
        button.disabled = false;
      }
    });
  }

  // The editor.
  const host = document.getElementById('yasgui');
  if (!host || !window.Yasgui) return;
  const Yasgui = window.Yasgui.default || window.Yasgui;
  const Yasqe = window.Yasqe || Yasgui.Yasqe;

  // Completion of the ontology's terms (upr:Case, upr:prosecutedUnder…) from the list
  // the page carries, in place of YASQE's class and property completers, which ask the
  // LOV service on the internet: those are removed, not just left out of the list,
  // because YASGUI merges its default list into ours index by index.
  const COMPLETERS = ['variables', 'prefixes', 'upr-terms'];
  if (Yasqe?.Autocompleters) {
    delete Yasqe.Autocompleters.class;
    delete Yasqe.Autocompleters.property;
    Yasqe.registerAutocompleter(
      {
        name: 'upr-terms',
        bulk: true,
        autoShow: true,
        get: () => Promise.resolve(data.terms),
        isValidCompletionPosition: (yasqe) => /^upr:/.test(yasqe.getCompleteToken().string),
      },
      false,
    );
    Yasqe.defaults.autocompleters = COMPLETERS.slice();
    if (Yasgui.defaults?.yasqe) Yasgui.defaults.yasqe.autocompleters = COMPLETERS.slice();
  }

  const yasgui = new Yasgui(host, {
    requestConfig: { endpoint, method: 'POST' },
    copyEndpointOnNewTab: true,
    // The endpoint box offers only this server (the defaults list public endpoints elsewhere).
    endpointCatalogueOptions: { getData: () => [{ endpoint }] },
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
    yasqe: {
      value: data.start,
      autocompleters: COMPLETERS.slice(),
      prefixCcApi: null,
      persistenceId: null,
      resizeable: true,
      editorHeight: '18rem',
    },
    yasr: { prefixes: data.prefixes, persistenceId: null },
  });
  window.uprYasgui = yasgui;

  const picker = document.getElementById('query-picker');
  if (picker) {
    picker.addEventListener('change', () => {
      const chosen = data.queries.find((q) => q.name === picker.value);
      if (!chosen) return;
      const tab = yasgui.getTab();
      tab.setQuery(chosen.text);
      tab.setName(chosen.name);
    });
  }
})();
