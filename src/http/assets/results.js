// Query results people can read, for the gallery and the editor alike: a table
// whose IRIs are prefixed names (or the row's label for them) linking to the
// local page, whose literals are their values (the datatype in a tooltip), which
// scrolls sideways rather than breaking words; a bar chart when the rows pair a
// label with numbers; a timeline when they carry dates; and download links.
// Every value is written with textContent, never as markup.
(() => {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script (not a module), so strict mode must be asked for.
  'use strict';
  const XSD = 'http://www.w3.org/2001/XMLSchema#';
  const NUMBERS = ['integer', 'decimal', 'double', 'float', 'int', 'long', 'short', 'nonNegativeInteger', 'positiveInteger'].map(
    (t) => XSD + t,
  );
  const DATES = ['date', 'dateTime', 'gYear', 'gYearMonth'].map((t) => XSD + t);
  const SVG = 'http://www.w3.org/2000/svg';

  function element(name, className, text) {
    const e = document.createElement(name);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function svg(name, attributes, text) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** Shortens an IRI with the project's prefixes, for display. */
  function shorten(prefixes, iri) {
    let best = null;
    for (const [prefix, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
    }
    return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
  }

  /** The path this site serves one of its own IRIs at, or null. */
  function localPath(prefixes, iri) {
    if (iri.startsWith(prefixes.id)) return `/id/${iri.slice(prefixes.id.length)}`;
    if (iri.startsWith(prefixes.upr)) return `/ontology#${iri.slice(prefixes.upr.length)}`;
    return null;
  }

  const isNumber = (term) => term && term.type !== 'uri' && NUMBERS.includes(term.datatype);
  const isDate = (term) => term && term.type !== 'uri' && DATES.includes(term.datatype);
  const columnsWhere = (json, test) =>
    json.head.vars.filter((v) => json.results.bindings.some((b) => b[v]) && json.results.bindings.every((b) => !b[v] || test(b[v])));

  /** One cell: an IRI as a link (local page, or the IRI itself) named by its label if known, a literal as its value. */
  function cell(prefixes, term, label) {
    const td = element('td');
    if (!term) return td;
    if (term.type === 'uri') {
      const local = localPath(prefixes, term.value);
      const a = element('a', local ? '' : 'external', label ? label.value : shorten(prefixes, term.value));
      a.href = local || term.value;
      if (!local) a.rel = 'external noopener noreferrer';
      a.title = term.value;
      td.append(a);
    } else if (term.type === 'bnode') {
      td.textContent = `_:${term.value}`;
    } else {
      const span = element('span', '', term.value);
      if (term['xml:lang']) span.lang = term['xml:lang'];
      if (term.datatype) span.title = shorten(prefixes, term.datatype);
      if (isNumber(term)) td.className = 'num';
      td.append(span);
    }
    return td;
  }

  /** The label column of an IRI column, by the naming the saved queries use: ?case with ?caseLabel or ?caseName; a plain ?label names the first column. */
  const labelColumn = (vars, v) =>
    vars.find((w) => w === `${v}Label` || w === `${v}Name`) || (v === vars[0] && vars.includes('label') ? 'label' : undefined);

  function table(json, prefixes, caption, labels) {
    const t = element('table');
    t.createCaption().textContent = caption;
    const vars = json.head.vars;
    const head = t.createTHead().insertRow();
    for (const v of vars) {
      const th = element('th', '', v);
      th.scope = 'col';
      head.append(th);
    }
    const body = t.createTBody();
    for (const binding of json.results.bindings) {
      const row = body.insertRow();
      for (const v of vars) {
        const labelVar = labelColumn(vars, v);
        const known = binding[v] && labels[binding[v].value];
        row.append(cell(prefixes, binding[v], (labelVar && binding[labelVar]) || (known && { value: known })));
      }
    }
    const box = element('div', 'table-scroll');
    box.tabIndex = 0;
    box.append(t);
    return box;
  }

  /** What a row is called in a chart or a timeline: a label or name column, else its first text column, else its first IRI. */
  function rowName(json, prefixes, skip) {
    const vars = json.head.vars.filter((v) => !skip.includes(v));
    const texts = vars.filter((v) =>
      json.results.bindings.some((b) => b[v] && b[v].type === 'literal' && !isNumber(b[v]) && !isDate(b[v])),
    );
    const text = texts.find((v) => /(label|name|title)$/i.test(v)) || texts[0];
    const iri = vars.find((v) => json.results.bindings.some((b) => b[v] && b[v].type === 'uri'));
    return (b) => (text && b[text] ? b[text].value : iri && b[iri] ? shorten(prefixes, b[iri].value) : '');
  }

  /**
   * The columns a bar chart can show: numbers in every row of two or more (an
   * aggregate, a count, a term of years), not identifiers such as a paragraph or part number.
   */
  function chartColumns(json) {
    const rows = json.results.bindings;
    return json.head.vars.filter((v) => rows.length > 1 && !/number$/i.test(v) && rows.every((b) => isNumber(b[v])));
  }

  /** A horizontal bar chart of one number column, the bars named by the row's label. */
  function chart(json, prefixes, column) {
    const name = rowName(json, prefixes, [column]);
    // Largest first: a chart is read for its ranking (the table keeps the query's order).
    const rows = json.results.bindings
      .filter((b) => b[column])
      .map((b) => ({ name: name(b), value: Number(b[column].value) }))
      .sort((a, b) => b.value - a.value);
    const max = Math.max(1, ...rows.map((r) => r.value));
    const bar = 22;
    const left = 260;
    const width = 720;
    const figure = svg('svg', { viewBox: `0 0 ${width} ${rows.length * bar + 30}`, role: 'img', class: 'chart' });
    figure.append(svg('title', {}, `${column} by row`));
    rows.forEach((r, i) => {
      const y = i * bar + 4;
      const w = Math.max(0, (r.value / max) * (width - left - 60));
      figure.append(
        svg(
          'text',
          { x: left - 8, y: y + 15, 'text-anchor': 'end', class: 'chart-label' },
          r.name.length > 40 ? `${r.name.slice(0, 39)}…` : r.name,
        ),
      );
      figure.append(svg('rect', { x: left, y, width: w, height: bar - 6, class: 'chart-bar' }));
      figure.append(svg('text', { x: left + w + 6, y: y + 15, class: 'chart-value' }, String(r.value)));
    });
    return figure;
  }

  /** The dated rows in date order, grouped by year: date, name, link. */
  function timeline(json, prefixes, column) {
    const name = rowName(json, prefixes, [column]);
    const iri = json.head.vars.find((v) => json.results.bindings.some((b) => b[v] && b[v].type === 'uri'));
    const rows = json.results.bindings.filter((b) => b[column]).sort((a, b) => (a[column].value < b[column].value ? -1 : 1));
    const list = element('ol', 'timeline');
    let year = null;
    for (const b of rows) {
      const date = b[column].value;
      if (date.slice(0, 4) !== year) {
        year = date.slice(0, 4);
        list.append(element('li', 'year', year));
      }
      const item = element('li', 'event');
      item.append(element('time', '', date));
      item.lastChild.dateTime = date;
      const local = iri && b[iri] && localPath(prefixes, b[iri].value);
      const label = name(b);
      if (local) {
        const a = element('a', '', label);
        a.href = local;
        item.append(a);
      } else item.append(element('span', '', label));
      list.append(item);
    }
    return list;
  }

  /** Buttons that switch between the views a result allows, and the views. */
  function views(json, prefixes, caption, labels) {
    const numbers = chartColumns(json);
    const dates = columnsWhere(json, isDate);
    const choices = [['Table', () => table(json, prefixes, caption, labels)]];
    for (const n of numbers) choices.push([`Chart: ${n}`, () => chart(json, prefixes, n)]);
    if (dates.length) choices.push(['Timeline', () => timeline(json, prefixes, dates[0])]);
    const box = element('div', 'views');
    const bar = element('div', 'view-choice');
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', 'Show the result as');
    const shown = element('div', 'view');
    const show = (i) => {
      shown.replaceChildren(choices[i][1]());
      bar.querySelectorAll('button').forEach((b, j) => {
        b.setAttribute('aria-pressed', String(i === j));
      });
    };
    choices.forEach(([label], i) => {
      const b = element('button', '', label);
      b.type = 'button';
      b.addEventListener('click', () => show(i));
      bar.append(b);
    });
    if (choices.length > 1) box.append(bar);
    box.append(shown);
    show(0);
    return box;
  }

  function downloadLinks(downloads) {
    const p = element('p', 'downloads', 'Download: ');
    downloads.forEach((d, i) => {
      if (i) p.append(' · ');
      const a = element('a', '', d.label);
      a.href = d.href;
      a.setAttribute('download', d.file);
      p.append(a);
    });
    return p;
  }

  /**
   * Writes a result into `out`: `result` is `{ json }` (SPARQL results JSON) or
   * `{ text }` (RDF as text); `options` has the prefixes, the labels of known terms
   * (the ontology's classes, properties and concepts, by IRI), the caption's note and the downloads.
   */
  function render(out, result, options) {
    out.replaceChildren();
    const caption = element('p', 'caption');
    if (result.json && typeof result.json.boolean === 'boolean') {
      caption.textContent = `Answer: ${result.json.boolean ? 'yes' : 'no'}`;
      out.append(caption);
    } else if (result.json) {
      const rows = result.json.results.bindings.length;
      const title = `${rows} ${rows === 1 ? 'row' : 'rows'}${options.note ? ` (${options.note})` : ''}`;
      out.append(views(result.json, options.prefixes, title, options.labels || {}));
    } else {
      caption.textContent = 'Triples, as Turtle';
      out.append(caption, element('pre', '', result.text));
    }
    if (options.downloads?.length) out.append(downloadLinks(options.downloads));
  }

  window.UprResults = { render, shorten, localPath };
})();
