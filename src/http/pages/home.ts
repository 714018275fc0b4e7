// The home page: what the graph holds, the saved-query gallery (run in the
// page by assets/pages.js) and the YASGUI editor.
import type { Request, Response } from 'express';
import { NS, PREFIXES, shorten } from '../../namespaces.js';
import { negotiate } from '../../negotiate.js';
import type { SavedQuery } from '../../saved-queries.js';
import { notAcceptable } from '../errors.js';
import { html, jsonForScript, type Html } from './html.js';
import { labelOf, type Vocabulary } from './labels.js';
import { page, sendPage } from './layout.js';
import type { ClassCount, Site } from './site.js';

/** What the editor script reads from the page's JSON block: the endpoint, prefixes, saved queries, a first query, terms to complete. */
function editorData(saved: SavedQuery[], vocab: Vocabulary) {
  return {
    endpoint: '/sparql',
    prefixes: NS,
    // The editor gets the SPARQL without its `#+` header (summary, parameters), which the gallery shows.
    queries: saved.map((q) => ({ name: q.name, summary: q.summary, text: q.text.replace(/^(?:#\+.*\r?\n)+/, '') })),
    start: `${PREFIXES.split('\n')
      .filter((line) => /PREFIX (upr|id|rdfs|schema|dcterms):/.test(line))
      .join('\n')}\n\nSELECT ?case ?label WHERE {\n  ?case a upr:Case ; rdfs:label ?label .\n}\nORDER BY ?label`,
    terms: [...vocab.terms.keys()].filter((iri) => iri.startsWith(NS.upr)).map(shorten),
  };
}

/** The example values of a query's required parameters, as the card runs it. */
const examples = (q: SavedQuery) =>
  new URLSearchParams(
    q.parameters.flatMap((p) => (p.required && p.default === undefined && p.example !== undefined ? [[p.name, p.example]] : [])),
  ).toString();

const card = (q: SavedQuery) => html`<article class="card" data-query="${q.name}" data-params="${examples(q)}">
<h3 id="${`q-${q.name}`}">${q.summary}</h3>
${q.description ? html`<p>${q.description}</p>` : ''}
<p class="meta"><code>${q.name}</code> · ${q.queryType}${q.parameters.length ? html` · parameters: ${q.parameters.map((p) => p.name).join(', ')}` : ''}</p>
<button type="button" class="run" aria-describedby="${`q-${q.name}`}">Run</button>
<details><summary>SPARQL</summary><pre><code>${q.text}</code></pre></details>
<div class="result" aria-live="polite"></div>
</article>
`;

function homeMain(site: Site, vocab: Vocabulary, counts: ClassCount[]): Html {
  const saved = [...site.queries.values()];
  const runnable = saved.filter((q) => !q.needsNetwork);
  return html`
<h1>UPR Graph</h1>
<p class="lead">A linked-data knowledge graph of what human-rights organisations tell the UN Universal Periodic Review.
Its first dataset is the joint submission of ARTICLE 19 and Adil Soz on freedom of expression in Kazakhstan (2019):
the provisions it criticises, the cases it documents, the people and outlets involved, the recommendations it assesses and makes,
each fact traced to the paragraph and the footnoted source it comes from.</p>
<p>${site.dataset.triples} triples in ${site.dataset.graphs.length} named graphs. Every resource has a page here and answers linked-data clients in Turtle, JSON-LD and N-Triples.</p>

<section aria-labelledby="classes-heading">
<h2 id="classes-heading">What the graph holds</h2>
<ul class="counts">
${counts.map((c) => html`<li><a href="${`/classes/${shorten(c.iri)}`}"><strong>${c.count}</strong> ${labelOf(vocab, c.iri)}</a></li>\n`)}
</ul>
<p><a href="/id/">Browse by class</a> · <a href="/ontology">The ontology: every class and property</a></p>
</section>

<section aria-labelledby="gallery-heading">
<h2 id="gallery-heading">Saved queries</h2>
<p>Questions the graph answers. Each runs on this server's endpoint and shows its table here; the same queries are at <a href="/api/queries">/api/queries</a>.</p>
<div class="gallery">
${runnable.map(card)}
</div>
${
  saved.length > runnable.length
    ? html`<p>Federated queries (they call Wikidata and need the network): ${saved
        .filter((q) => q.needsNetwork)
        .map((q, i) => html`${i ? ', ' : ''}<a href="${`/api/queries/${q.name}`}">${q.name}</a>`)}.</p>`
    : ''
}
</section>

<section id="query" aria-labelledby="query-heading">
<h2 id="query-heading">Query with SPARQL</h2>
<p>Write SPARQL against <a href="/sparql">/sparql</a> (read-only; prefixes such as <code>upr:</code> and <code>id:</code> complete as you type, Ctrl-Space completes terms of the ontology).</p>
<p><label for="query-picker">Start from a saved query</label>
<select id="query-picker"><option value="">Choose…</option>${saved.map((q) => html`<option value="${q.name}">${q.summary}</option>`)}</select></p>
<div id="yasgui"></div>
<noscript><p>The editor needs JavaScript; the endpoint takes queries from any SPARQL client at /sparql.</p></noscript>
</section>
<script type="application/json" id="editor-data">${jsonForScript(editorData(saved, vocab))}</script>
`;
}

/** GET /: HTML only (406 otherwise). */
export function homeHandler(site: Site) {
  return async (req: Request, res: Response): Promise<void> => {
    const media = negotiate('page', { accept: req.get('Accept') });
    if (!media) throw notAcceptable(['text/html']);
    const [vocab, counts] = await Promise.all([site.vocabulary(), site.classCounts()]);
    res.vary('Accept');
    const options = {
      title: 'Home',
      current: 'home' as const,
      styles: ['/assets/yasgui/yasgui.min.css'],
      scripts: ['/assets/yasgui/yasgui.min.js', '/assets/pages.js'],
    };
    sendPage(res, 200, page(options, homeMain(site, vocab, counts)));
  };
}
