// The home page's behaviour: the saved-query gallery (each card's form runs its
// query on /api/queries/{name}) and the editor (YASQE, pointed at this
// server's /sparql, completing the prefixes and the ontology's terms), both
// showing results through assets/results.js. Every run has a URL that reopens
// it (/?run=NAME&param=value…, or /?query=TEXT#query), pushed on the browser's
// history and kept in a local list of recent queries. Nothing here talks to
// any other origin.
(() => {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script (not a module), so strict mode must be asked for.
  'use strict';
  const dataElement = document.getElementById('editor-data');
  if (!dataElement) return;
  const data = JSON.parse(dataElement.textContent);
  const endpoint = new URL(data.endpoint, window.location.href).href;
  const saved = new Map(data.queries.map((q) => [q.name, q]));
  const { render } = window.UprResults;
  const forms = window.UprForms;
  const RUN = 'run';
  const TEXT = 'query';

  // ---- URLs of query states: { run, values, place } or { query } ----

  function urlOf(state) {
    const params = new URLSearchParams();
    if (state.query !== undefined) params.set(TEXT, state.query);
    else {
      params.set(RUN, state.run);
      for (const [k, v] of Object.entries(state.values)) params.set(k, v);
    }
    return `/?${params}${state.place === 'editor' || state.query !== undefined ? '#query' : `#q-${state.run}`}`;
  }

  function stateOf(location) {
    const params = new URLSearchParams(location.search);
    if (params.has(TEXT)) return { query: params.get(TEXT) };
    if (!params.has(RUN)) return null;
    const values = {};
    for (const [k, v] of params) if (k !== RUN) values[k] = v;
    return { run: params.get(RUN), values, place: location.hash === '#query' ? 'editor' : 'card' };
  }

  // ---- the local history of recent queries ----

  const HISTORY_KEY = 'upr-graph:history';
  const HISTORY_LENGTH = 20;
  const historyList = document.querySelector('#history ol');

  function recent() {
    try {
      return JSON.parse(localStorage.getItem(HISTORY_KEY) || '[]');
    } catch {
      return [];
    }
  }

  function showHistory() {
    if (!historyList) return;
    historyList.replaceChildren(
      ...recent().map((entry) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = entry.url;
        a.textContent = entry.title;
        li.append(a, ` (${new Date(entry.at).toLocaleString()})`);
        return li;
      }),
    );
  }

  function titleOf(state) {
    if (state.query !== undefined) {
      const line = state.query.split('\n').find((l) => l.trim() && !/^\s*(PREFIX|BASE|#)/i.test(l)) || state.query;
      return `SPARQL: ${line.trim().slice(0, 80)}`;
    }
    const values = Object.entries(state.values).map(([k, v]) => `${k} = ${v}`);
    return `${saved.get(state.run)?.summary || state.run}${values.length ? ` (${values.join(', ')})` : ''}`;
  }

  /** Records a run: a new history entry (unless the URL is already the current one) and the recent list. */
  function remember(state) {
    const url = urlOf(state);
    if (url !== window.location.pathname + window.location.search + window.location.hash) window.history.pushState(null, '', url);
    const entries = [{ url, title: titleOf(state), at: Date.now() }, ...recent().filter((e) => e.url !== url)];
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(entries.slice(0, HISTORY_LENGTH)));
    } catch {
      // A browser without storage keeps no history; the URL still reopens the query.
    }
    showHistory();
  }

  // ---- running ----

  const ACCEPT = { SELECT: 'application/sparql-results+json', ASK: 'application/sparql-results+json' };
  const ANY_RESULT = 'application/sparql-results+json, text/turtle;q=0.9';
  const DOWNLOADS = {
    bindings: ['csv', 'tsv', 'json'],
    boolean: ['json'],
    quads: ['turtle', 'ntriples', 'jsonld'],
  };
  const EXTENSIONS = { csv: 'csv', tsv: 'tsv', json: 'srj', turtle: 'ttl', ntriples: 'nt', jsonld: 'jsonld' };

  async function fetchResult(url, init) {
    const response = await fetch(url, init);
    if (!response.ok) throw new Error((await response.text()) || response.statusText);
    const type = response.headers.get('Content-Type') || '';
    return type.startsWith('application/sparql-results+json') ? { json: await response.json() } : { text: await response.text() };
  }

  function downloads(base, name, result) {
    const kind = !result.json ? 'quads' : typeof result.json.boolean === 'boolean' ? 'boolean' : 'bindings';
    const join = base.includes('?') ? '&' : '?';
    return DOWNLOADS[kind].map((f) => ({ label: f.toUpperCase(), href: `${base}${join}format=${f}`, file: `${name}.${EXTENSIONS[f]}` }));
  }

  /** Runs a saved query with its form's values into `out`; refuses, in the form, when a required value is missing. */
  async function runSaved(name, form, out) {
    const { values, defaults, missing } = forms.read(form);
    const error = form.querySelector('.form-error');
    error.textContent = missing.length
      ? `Give a value for ${missing.join(', ')} (required): the query cannot answer without ${missing.length === 1 ? 'it' : 'them'}.`
      : '';
    if (missing.length) {
      out.replaceChildren();
      return null;
    }
    const query = saved.get(name);
    const params = new URLSearchParams(values).toString();
    const api = `/api/queries/${encodeURIComponent(name)}${params ? `?${params}` : ''}`;
    const button = form.querySelector('button.run');
    button.disabled = true;
    out.closest('.card')?.classList.add('has-result');
    out.textContent = 'Running…';
    try {
      const result = await fetchResult(api, { headers: { Accept: ACCEPT[query.queryType] || 'text/turtle' } });
      const note = [
        ...Object.entries(values).map(([k, v]) => `${k} = ${v}`),
        ...Object.entries(defaults).map(([k, v]) => `${k} = ${v}, the default`),
      ].join(', ');
      render(out, result, { prefixes: data.prefixes, labels: data.labels, note, downloads: downloads(api, name, result) });
    } catch (e) {
      out.textContent = `The query failed: ${e.message}`;
    } finally {
      button.disabled = false;
    }
    return { run: name, values };
  }

  async function runText(text, out) {
    out.textContent = 'Running…';
    try {
      const result = await fetchResult(endpoint, {
        method: 'POST',
        headers: { Accept: ANY_RESULT, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: text }),
      });
      render(out, result, {
        prefixes: data.prefixes,
        labels: data.labels,
        downloads: downloads(`/sparql?query=${encodeURIComponent(text)}`, 'query', result),
      });
    } catch (e) {
      out.textContent = `The query failed: ${e.message}`;
    }
  }

  // ---- the gallery ----

  function card(name) {
    return document.querySelector(`.card[data-query="${CSS.escape(name)}"]`);
  }

  for (const c of document.querySelectorAll('.card[data-query]')) {
    const form = c.querySelector('form.params');
    forms.enhance(form, data.prefixes);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const state = await runSaved(c.dataset.query, form, c.querySelector('.result'));
      if (state) remember({ ...state, place: 'card' });
    });
  }

  // ---- the editor ----

  const editor = window.UprEditor ? window.UprEditor.create(data, endpoint) : null;
  const editorForm = document.getElementById('editor-form');
  const editorResults = document.getElementById('editor-results');
  const picker = document.getElementById('query-picker');
  let chosen = null;

  /** Puts a saved query into the editor: its text, and its form (a copy of its card's) when it has parameters. */
  function choose(name) {
    chosen = saved.get(name) || null;
    if (picker) picker.value = chosen ? name : '';
    editorForm.replaceChildren();
    if (!chosen) return;
    editor.setValue(chosen.text);
    const source = card(name)?.querySelector('form.params');
    if (!source || chosen.parameters.length === 0) return;
    const form = source.cloneNode(true);
    for (const e of form.querySelectorAll('[id]')) e.id = `editor-${e.id}`;
    for (const e of form.querySelectorAll('[for]')) e.setAttribute('for', `editor-${e.getAttribute('for')}`);
    for (const e of form.querySelectorAll('[data-for]')) e.dataset.for = `editor-${e.dataset.for}`;
    for (const e of form.querySelectorAll('[list]')) e.setAttribute('list', `editor-${e.getAttribute('list')}`);
    forms.enhance(form, data.prefixes);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void runEditor();
    });
    editorForm.append(form);
  }

  /** The editor's Run: the chosen saved query through the API while its text is unchanged, else the text on /sparql. */
  async function runEditor() {
    const text = editor.getValue();
    // A saved query without a card (the federated ones) has no form: its text runs as typed.
    const form = chosen && (editorForm.querySelector('form.params') || card(chosen.name)?.querySelector('form.params'));
    if (form && text === chosen.text) {
      const state = await runSaved(chosen.name, form, editorResults);
      if (state) remember({ ...state, place: 'editor' });
      return;
    }
    const unbound = chosen ? chosen.parameters.filter((p) => p.required && text.includes(`?${p.variable}`)) : [];
    if (unbound.length) {
      editorResults.textContent = `The text still uses the required parameter ${unbound.map((p) => `?${p.variable}`).join(', ')}: give it a value in the form (with the text unchanged) or replace it in the text.`;
      return;
    }
    await runText(text, editorResults);
    remember({ query: text });
  }

  if (editor) {
    editor.onRun(runEditor);
    picker?.addEventListener('change', () => choose(picker.value));
  }

  // ---- reopening a state: on load, and on the browser's back and forward ----

  async function restore(state) {
    if (!state) return;
    if (state.query !== undefined) {
      if (!editor) return;
      chosen = null;
      if (picker) picker.value = '';
      editorForm.replaceChildren();
      editor.setValue(state.query);
      await runText(state.query, editorResults);
      return;
    }
    const target = state.place === 'card' ? card(state.run) : null;
    if (target) {
      const form = target.querySelector('form.params');
      forms.fill(form, state.values);
      await runSaved(state.run, form, target.querySelector('.result'));
      return;
    }
    if (!editor) return;
    if (!saved.has(state.run)) {
      editorResults.textContent = `There is no saved query "${state.run}".`;
      return;
    }
    choose(state.run);
    const form = editorForm.querySelector('form.params');
    if (form) forms.fill(form, state.values);
    await runEditor();
  }

  window.addEventListener('popstate', () => {
    void restore(stateOf(window.location));
  });
  showHistory();
  void restore(stateOf(window.location));
})();
