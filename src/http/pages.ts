// The human face of the graph: dereferenceable IRIs under /id/ (HTML for
// browsers, Turtle, JSON-LD or N-Triples for linked-data clients, chosen from
// the one media-type table in src/negotiate.ts), the ontology at /ontology, a
// list of each class, and the home page with the saved-query gallery and the
// YASGUI editor. Every fact on a page comes from a query to the engine.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router, type Request, type Response } from 'express';
import { DataFactory, Parser } from 'n3';
import type * as RDF from '@rdfjs/types';
import type { Config } from '../config.js';
import type { Engine, Row } from '../engine/index.js';
import { BASE, ID, NS, ONTOLOGY_GRAPH, PREFIXES, shorten } from '../namespaces.js';
import { contentType, mediaTypesFor, negotiate, type MediaType } from '../negotiate.js';
import type { SavedQuery } from '../saved-queries.js';
import { compactJsonLd, serializeQuads, type JsonLdContext } from '../serialize.js';
import { notAcceptable, notFound } from './errors.js';
import { CONTENT_SECURITY_POLICY, Html, html, jsonForScript, page } from './html.js';
import type { DatasetInfo } from './service-description.js';
import {
  givenHereSection,
  inferencesSection,
  loadStatements,
  readingsSection,
  selfSection,
  shownStatements,
  valueMarker,
  type Render,
} from './statements.js';

export interface PagesDependencies {
  engine: Engine;
  config: Config;
  dataset: DatasetInfo;
  context: JsonLdContext;
  queries: Map<string, SavedQuery>;
}

const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const YASGUI_BUILD = path.dirname(createRequire(import.meta.url).resolve('@zazuko/yasgui/build/yasgui.min.js'));
const ONTOLOGY_IRI = `${BASE}ontology`;
const PAGE_AND_RDF = ['page', 'quads'] as const;

/** Labels a resource may carry, in order of preference. */
const LABEL = `(rdfs:label|skos:prefLabel|schema:name|dcterms:title)`;

/** Names for the standard classes and properties the ontology reuses without labelling them. */
const STANDARD_LABELS: Record<string, string> = {
  [`${NS.skos}Concept`]: 'concept',
  [`${NS.skos}ConceptScheme`]: 'concept scheme',
  [`${NS.schema}Country`]: 'country',
  [`${NS.schema}Legislation`]: 'legislation',
  [`${NS.schema}Organization`]: 'organisation',
  [`${NS.schema}GovernmentOrganization`]: 'government organisation',
  [`${NS.schema}NGO`]: 'NGO',
  [`${NS.schema}Corporation`]: 'corporation',
  [`${NS.schema}NewsMediaOrganization`]: 'news media organisation',
  [`${NS.schema}EducationalOrganization`]: 'educational organisation',
  [`${NS.schema}MonetaryAmount`]: 'monetary amount',
  [`${NS.schema}Report`]: 'report',
  [`${NS.schema}CreativeWork`]: 'reference work',
  [`${NS.rdf}type`]: 'type',
  [`${NS.rdf}subject`]: 'subject',
  [`${NS.rdf}predicate`]: 'property',
  [`${NS.rdf}object`]: 'value',
  [`${NS.prov}wasDerivedFrom`]: 'rests on',
  [`${NS.rdfs}label`]: 'label',
  [`${NS.rdfs}comment`]: 'summary',
  [`${NS.rdfs}seeAlso`]: 'see also',
  [`${NS.schema}name`]: 'name',
  [`${NS.schema}alternateName`]: 'other name',
  [`${NS.schema}url`]: 'URL',
  [`${NS.schema}jobTitle`]: 'job title',
  [`${NS.schema}affiliation`]: 'affiliation',
  [`${NS.schema}author`]: 'author',
  [`${NS.schema}publisher`]: 'publisher',
  [`${NS.schema}datePublished`]: 'date published',
  [`${NS.schema}inLanguage`]: 'language',
  [`${NS.schema}about`]: 'about',
  [`${NS.schema}parentOrganization`]: 'parent organisation',
  [`${NS.schema}legislationJurisdiction`]: 'jurisdiction',
  [`${NS.schema}legislationIdentifier`]: 'identifier',
  [`${NS.schema}legislationDate`]: 'date of the law',
  [`${NS.schema}legislationType`]: 'type of law',
  [`${NS.schema}currency`]: 'currency',
  [`${NS.schema}value`]: 'value',
  [`${NS.dcterms}source`]: 'source',
  [`${NS.dcterms}isPartOf`]: 'part of',
  [`${NS.dcterms}references`]: 'references',
  [`${NS.dcterms}title`]: 'title',
  [`${NS.dcterms}description`]: 'description',
  [`${NS.skos}prefLabel`]: 'preferred label',
  [`${NS.skos}definition`]: 'definition',
  [`${NS.skos}inScheme`]: 'in scheme',
  [`${NS.owl}sameAs`]: 'same as',
};

/** How the incoming links that matter are headed on the page of the resource they point to. */
const INCOMING_HEADINGS: Record<string, string> = {
  [`${NS.upr}prosecutedUnder`]: 'Cases prosecuted under it',
  [`${NS.upr}suedUnder`]: 'Cases brought under it',
  [`${NS.upr}impliedProvision`]: 'Cases where the submission implies it',
  [`${NS.upr}concerns`]: 'Recommendations about it',
  [`${NS.upr}defendant`]: 'Cases against them',
  [`${NS.upr}claimant`]: 'Cases they brought',
  [`${NS.upr}victim`]: 'Cases where they were the victim',
  [`${NS.upr}target`]: 'Cases that targeted them',
  [`${NS.upr}sentencedPerson`]: 'Sentences passed on them',
  [`${NS.upr}partOf`]: 'Its parts',
  [`${NS.upr}describedIn`]: 'What this paragraph describes',
  [`${NS.upr}inParagraph`]: 'Footnotes called from this paragraph',
  [`${NS.upr}followsParagraph`]: 'Recommendations that follow this paragraph',
  [`${NS.dcterms}references`]: 'Footnotes that cite it',
  [`${NS.dcterms}source`]: 'What this source supports',
  [`${NS.upr}recommendingState`]: 'Recommendations it made',
  [`${NS.upr}theme`]: 'Filed under this theme',
  [`${NS.prov}wasDerivedFrom`]: 'Values the graph infers from it',
};

/** The order of those groups: what a reader came for first. */
const INCOMING_ORDER = Object.keys(INCOMING_HEADINGS);

interface Term {
  iri: string;
  label: string;
  comment?: string;
}

interface Vocabulary {
  /** Every labelled term of the ontology graph (classes, properties, concepts), by IRI. */
  terms: Map<string, Term>;
}

interface OntologyTerm extends Term {
  kind: 'class' | 'object property' | 'datatype property';
  domain: string[];
  range: string[];
  broader: string[];
}

/** The path this server serves an IRI of the project at, or undefined for an IRI from elsewhere. */
export function localPath(iri: string): string | undefined {
  if (iri.startsWith(ID)) return `/id/${iri.slice(ID.length)}`;
  if (iri.startsWith(NS.upr)) return `/ontology#${iri.slice(NS.upr.length)}`;
  if (iri === ONTOLOGY_IRI || iri.startsWith(`${ONTOLOGY_IRI}/`)) return '/ontology';
  return undefined;
}

/** The IRI a request under /id/ names, or undefined when the path cannot be an IRI of the graph. */
function iriOfPath(requestPath: string): string | undefined {
  const rest = requestPath.slice('/id/'.length);
  // Only characters an IRI may carry unescaped, so the IRI can go into a query as <…> as it is.
  if (!rest || !/^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+$/.test(rest)) return undefined;
  return ID + rest;
}

function sparqlIri(iri: string): string {
  if (/[\s<>"{}|^`\\]/.test(iri)) throw new Error(`not an IRI: ${iri}`);
  return `<${iri}>`;
}

function sendPage(res: Response, status: number, body: string): void {
  res.status(status);
  res.set('Content-Type', 'text/html; charset=utf-8');
  res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'no-referrer');
  res.send(body);
}

const firstUpper = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The routes of the pages and their assets. */
export function pagesRouter({ engine, config, dataset, context, queries }: PagesDependencies): Router {
  const router = Router();
  const select = async (query: string) => (await engine.select(`${PREFIXES}\n${query}`)).rows;

  // What does not change while the server runs is asked once.
  let vocabulary: Promise<Vocabulary> | undefined;
  const loadVocabulary = () =>
    (vocabulary ??= (async () => {
      const rows = await select(`SELECT ?term ?label ?comment WHERE {
        GRAPH <${ONTOLOGY_GRAPH}> { ?term ${LABEL} ?label OPTIONAL { ?term rdfs:comment|skos:definition ?comment } }
      }`);
      const terms = new Map<string, Term>();
      for (const row of rows) {
        if (row.term.termType !== 'NamedNode' || terms.has(row.term.value)) continue;
        terms.set(row.term.value, { iri: row.term.value, label: row.label.value, comment: row.comment?.value });
      }
      return { terms };
    })()).catch((error: unknown) => {
      vocabulary = undefined;
      throw error;
    });

  let classCounts: Promise<Array<{ iri: string; count: number }>> | undefined;
  const loadClassCounts = () =>
    (classCounts ??= select(`SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
        ?s a ?class FILTER(STRSTARTS(STR(?s), "${ID}"))
      } GROUP BY ?class ORDER BY DESC(?n) ?class`).then((rows) =>
      rows.map((r) => ({ iri: r.class.value, count: Number(r.n.value) })),
    )).catch((error: unknown) => {
      classCounts = undefined;
      throw error;
    });

  // Asked at once, so that the home page's first render finds them answered.
  void Promise.all([loadVocabulary(), loadClassCounts()]).catch(() => {});

  const labelOf = (vocab: Vocabulary, iri: string) => vocab.terms.get(iri)?.label ?? STANDARD_LABELS[iri] ?? shorten(iri);

  /** A link to a resource: inside the site for the project's IRIs, out for others. */
  const link = (iri: string, label?: string): Html => {
    const local = localPath(iri);
    if (local) return html`<a href="${local}">${label ?? shorten(iri)}</a>`;
    if (/^https?:\/\//.test(iri)) return html`<a href="${iri}" rel="external noopener noreferrer">${label ?? iri}</a>`;
    return html`<span>${label ?? iri}</span>`;
  };

  /** A literal as text, with its language tag as lang. */
  const literal = (term: RDF.Term): Html => {
    if (term.termType !== 'Literal') return html`${term.value}`;
    if (term.language) return html`<span lang="${term.language}">${term.value}</span>`;
    return html`<span>${term.value}</span>`;
  };

  const value = (vocab: Vocabulary, term: RDF.Term, label?: RDF.Term): Html => {
    if (term.termType === 'NamedNode') return link(term.value, label?.value ?? vocab.terms.get(term.value)?.label);
    return literal(term);
  };

  // ---------------------------------------------------------------------------
  // Assets: the site's stylesheet and script, and YASGUI from node_modules.

  const asset = (file: string, type: string) => async (_req: Request, res: Response) => {
    res.set('Content-Type', type);
    res.set('Cache-Control', 'public, max-age=3600');
    res.set('X-Content-Type-Options', 'nosniff');
    res.send(await readFile(file));
  };
  router.get('/assets/site.css', asset(path.join(ASSETS, 'site.css'), 'text/css; charset=utf-8'));
  router.get('/assets/pages.js', asset(path.join(ASSETS, 'pages.js'), 'text/javascript; charset=utf-8'));
  router.get('/assets/yasgui/yasgui.min.js', asset(path.join(YASGUI_BUILD, 'yasgui.min.js'), 'text/javascript; charset=utf-8'));
  router.get('/assets/yasgui/yasgui.min.css', asset(path.join(YASGUI_BUILD, 'yasgui.min.css'), 'text/css; charset=utf-8'));

  // ---------------------------------------------------------------------------
  // Home.

  router.get('/', async (req, res) => {
    const media = negotiate('page', { accept: req.get('Accept') });
    if (!media) throw notAcceptable(['text/html']);
    const [vocab, counts] = await Promise.all([loadVocabulary(), loadClassCounts()]);
    const saved = [...queries.values()];
    const runnable = saved.filter((q) => !q.needsNetwork);
    const examples = (q: SavedQuery) =>
      new URLSearchParams(
        q.parameters.filter((p) => p.required && p.default === undefined && p.example !== undefined).map((p) => [p.name, p.example!]),
      ).toString();
    const editorData = {
      endpoint: '/sparql',
      prefixes: NS,
      // The editor gets the SPARQL without its `#+` header (summary, parameters), which the gallery shows.
      queries: saved.map((q) => ({ name: q.name, summary: q.summary, text: q.text.replace(/^(?:#\+.*\r?\n)+/, '') })),
      start: `${PREFIXES.split('\n')
        .filter((line) => /PREFIX (upr|id|rdfs|schema|dcterms):/.test(line))
        .join('\n')}\n\nSELECT ?case ?label WHERE {\n  ?case a upr:Case ; rdfs:label ?label .\n}\nORDER BY ?label`,
    };
    const main = html`
<h1>UPR Graph</h1>
<p class="lead">A linked-data knowledge graph of what human-rights organisations tell the UN Universal Periodic Review.
Its first dataset is the joint submission of ARTICLE 19 and Adil Soz on freedom of expression in Kazakhstan (2019):
the provisions it criticises, the cases it documents, the people and outlets involved, the recommendations it assesses and makes,
each fact traced to the paragraph and the footnoted source it comes from.</p>
<p>${dataset.triples} triples in ${dataset.graphs.length} named graphs. Every resource has a page here and answers linked-data clients in Turtle, JSON-LD and N-Triples.</p>

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
${runnable.map(
  (q) => html`<article class="card" data-query="${q.name}" data-params="${examples(q)}">
<h3 id="${`q-${q.name}`}">${q.summary}</h3>
${q.description ? html`<p>${q.description}</p>` : ''}
<p class="meta"><code>${q.name}</code> · ${q.queryType}${q.parameters.length ? html` · parameters: ${q.parameters.map((p) => p.name).join(', ')}` : ''}</p>
<button type="button" class="run" aria-describedby="${`q-${q.name}`}">Run</button>
<details><summary>SPARQL</summary><pre><code>${q.text}</code></pre></details>
<div class="result" aria-live="polite"></div>
</article>
`,
)}
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
<script type="application/json" id="editor-data">${jsonForScript({ ...editorData, terms: [...vocab.terms.keys()].filter((iri) => iri.startsWith(NS.upr)).map(shorten) })}</script>
`;
    res.vary('Accept');
    sendPage(
      res,
      200,
      page(
        {
          title: 'Home',
          current: 'home',
          styles: ['/assets/yasgui/yasgui.min.css'],
          scripts: ['/assets/yasgui/yasgui.min.js', '/assets/pages.js'],
        },
        main,
      ),
    );
  });

  // ---------------------------------------------------------------------------
  // Class lists.

  router.get('/id', async (req, res) => {
    if (req.path !== '/id/') {
      res.redirect(301, '/id/');
      return;
    }
    const [vocab, counts] = await Promise.all([loadVocabulary(), loadClassCounts()]);
    const main = html`
<h1>Browse the graph</h1>
<p>Every resource of the graph has an IRI under <code>${ID}</code>, served here under <code>/id/</code>. Choose a class:</p>
<table>
<caption>Classes, with the number of resources of each</caption>
<thead><tr><th scope="col">Class</th><th scope="col" class="num">Resources</th><th scope="col">About the class</th></tr></thead>
<tbody>
${counts.map(
  (c) =>
    html`<tr><td><a href="${`/classes/${shorten(c.iri)}`}">${labelOf(vocab, c.iri)}</a> <code>${shorten(c.iri)}</code></td><td class="num">${c.count}</td><td>${vocab.terms.get(c.iri)?.comment ?? ''}</td></tr>\n`,
)}
</tbody>
</table>`;
    sendPage(res, 200, page({ title: 'Browse', current: 'browse' }, main));
  });

  router.get('/classes/:curie', async (req, res, next) => {
    const curie = String(req.params.curie);
    const [prefix, local] = curie.split(':');
    const ns = (NS as Record<string, string>)[prefix ?? ''];
    if (!ns || local === undefined || !/^[A-Za-z0-9_.-]+$/.test(local)) return next();
    const classIri = ns + local;
    const [vocab, rows] = await Promise.all([
      loadVocabulary(),
      select(`SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment) WHERE {
        ?s a ${sparqlIri(classIri)} FILTER(STRSTARTS(STR(?s), "${ID}"))
        OPTIONAL { ?s ${LABEL} ?l } OPTIONAL { ?s rdfs:comment|skos:definition ?c }
      } GROUP BY ?s ORDER BY LCASE(STR(?label)) ?s`),
    ]);
    if (rows.length === 0) return next();
    const name = labelOf(vocab, classIri);
    const main = html`
<h1>${firstUpper(name)}</h1>
<p>${vocab.terms.get(classIri)?.comment ?? ''} ${link(classIri, `The class ${shorten(classIri)}`)}.</p>
<table>
<caption>${rows.length} resources of the class ${name}</caption>
<thead><tr><th scope="col">Resource</th><th scope="col">Summary</th></tr></thead>
<tbody>
${rows.map((r) => html`<tr><td>${link(r.s.value, r.label?.value)}</td><td>${r.comment ? literal(r.comment) : ''}</td></tr>\n`)}
</tbody>
</table>`;
    sendPage(res, 200, page({ title: firstUpper(name), current: 'browse' }, main));
  });

  // ---------------------------------------------------------------------------
  // The ontology.

  const ontologyHandler = async (req: Request, res: Response) => {
    res.vary('Accept');
    const media = negotiate([...PAGE_AND_RDF], { accept: req.get('Accept'), format: formatParameter(req) });
    if (!media) throw notAcceptable(mediaTypesFor([...PAGE_AND_RDF]).map((m) => m.type));
    if (media.type !== 'text/html') {
      // ontology/upr.ttl is the ontology: the file itself, with its comments, is the Turtle form, and the other formats are its triples.
      const turtle = await readFile(path.join(config.root, 'ontology', 'upr.ttl'), 'utf8');
      if (media.type === 'text/turtle') {
        res.set('Content-Type', contentType(media));
        res.send(turtle);
      } else {
        await sendRdf(res, media, new Parser({ format: 'text/turtle' }).parse(turtle));
      }
      return;
    }
    sendPage(res, 200, await ontologyPage());
  };

  const ontologyPage = async (): Promise<string> => {
    const vocab = await loadVocabulary();
    const rows = await select(`SELECT ?term ?type ?rel ?target WHERE {
      GRAPH <${ONTOLOGY_GRAPH}> {
        ?term a ?type FILTER(?type IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty)) FILTER(STRSTARTS(STR(?term), "${NS.upr}"))
        OPTIONAL {
          ?term ?rel ?x FILTER(?rel IN (rdfs:domain, rdfs:range, rdfs:subClassOf, rdfs:subPropertyOf))
          OPTIONAL { ?x owl:unionOf/rdf:rest*/rdf:first ?member }
          BIND(COALESCE(?member, ?x) AS ?target)
        }
      }
    }`);
    const terms = new Map<string, OntologyTerm>();
    for (const row of rows) {
      const iri = row.term.value;
      let term = terms.get(iri);
      if (!term) {
        const known = vocab.terms.get(iri);
        const kind =
          row.type.value === `${NS.owl}Class`
            ? 'class'
            : row.type.value === `${NS.owl}ObjectProperty`
              ? 'object property'
              : 'datatype property';
        term = { iri, label: known?.label ?? shorten(iri), comment: known?.comment, kind, domain: [], range: [], broader: [] };
        terms.set(iri, term);
      }
      const target = row.target;
      if (!row.rel || !target || target.termType !== 'NamedNode') continue;
      const list = row.rel.value === `${NS.rdfs}domain` ? term.domain : row.rel.value === `${NS.rdfs}range` ? term.range : term.broader;
      if (!list.includes(target.value)) list.push(target.value);
    }
    const sorted = [...terms.values()].sort((a, b) => a.iri.localeCompare(b.iri));
    const classes = sorted.filter((t) => t.kind === 'class');
    const properties = sorted.filter((t) => t.kind !== 'class');
    const termLink = (iri: string) => link(iri, shorten(iri));
    const list = (iris: string[]) =>
      iris.length ? iris.map((iri, i) => html`${i ? ', ' : ''}${termLink(iri)}`) : html`<span class="none">—</span>`;
    const entry = (t: OntologyTerm) => html`<article class="term" id="${t.iri.slice(NS.upr.length)}">
<h3><code>${shorten(t.iri)}</code> <span class="term-label" lang="en">${t.label}</span></h3>
<p lang="en">${t.comment ?? ''}</p>
<dl>
<dt>IRI</dt><dd><code>${t.iri}</code></dd>
<dt>Kind</dt><dd>${t.kind}</dd>
${t.kind !== 'class' ? html`<dt>Domain</dt><dd>${list(t.domain)}</dd><dt>Range</dt><dd>${list(t.range)}</dd>` : ''}
<dt>${t.kind === 'class' ? 'Subclass of' : 'Subproperty of'} (alignment)</dt><dd>${list(t.broader)}</dd>
</dl>
</article>
`;
    const main = html`
<h1>UPR Graph ontology</h1>
<p class="lead">The classes and properties of the graph, namespace <code>${NS.upr}</code> (prefix <code>upr:</code>). Each term's IRI leads to its entry on this page.
The same ontology in Turtle: <a href="/ontology?format=ttl">upr.ttl</a>.</p>
<nav aria-label="Contents"><p><a href="#classes">${classes.length} classes</a> · <a href="#properties">${properties.length} properties</a></p></nav>
<section aria-labelledby="classes"><h2 id="classes">Classes</h2>
${classes.map(entry)}
</section>
<section aria-labelledby="properties"><h2 id="properties">Properties</h2>
${properties.map(entry)}
</section>`;
    return page(
      {
        title: 'Ontology',
        current: 'ontology',
        head: html`<link rel="alternate" type="text/turtle" href="/ontology?format=ttl">`,
      },
      main,
    );
  };

  router.get('/ontology', ontologyHandler);
  router.get('/ontology/:version', (req, res, next) =>
    /^\d+\.\d+\.\d+$/.test(String(req.params.version)) ? ontologyHandler(req, res) : next(),
  );

  // ---------------------------------------------------------------------------
  // Resources.

  const sendRdf = async (res: Response, media: MediaType, quads: RDF.Quad[]) => {
    res.set('Content-Type', contentType(media));
    res.send(await serializeQuads(quads, media, { context }));
  };

  router.get('/id/*rest', async (req, res) => {
    res.vary('Accept');
    const iri = iriOfPath(req.path);
    const media = negotiate([...PAGE_AND_RDF], { accept: req.get('Accept'), format: formatParameter(req) });
    if (!media) throw notAcceptable(mediaTypesFor([...PAGE_AND_RDF]).map((m) => m.type));
    const missing = () => {
      if (media.type === 'text/html') {
        sendPage(res, 404, page({ title: 'Not found' }, notFoundMain(req.path, iri)));
        return;
      }
      throw notFound(req.path);
    };
    if (!iri) return missing();
    const subject = sparqlIri(iri);
    const { quads } = await engine.construct(`CONSTRUCT { ${subject} ?p ?o } WHERE { ${subject} ?p ?o }`);
    if (quads.length === 0 && !(await engine.ask(`ASK { ?s ?p ${subject} }`))) return missing();
    if (media.type !== 'text/html') {
      await sendRdf(res, media, quads);
      return;
    }
    sendPage(res, 200, await resourcePage(iri, quads));
  });

  const notFoundMain = (requestPath: string, iri: string | undefined) => html`
<h1>Not found</h1>
<p>The graph has no resource ${iri ? html`<code>${iri}</code>` : html`at <code>${requestPath}</code>`}.</p>
<p><a href="/id/">Browse the graph by class</a>, or search it from the <a href="/#query">query editor</a>.</p>`;

  const resourcePage = async (iri: string, quads: RDF.Quad[]): Promise<string> => {
    const subject = sparqlIri(iri);
    const types = quads.filter((q) => q.predicate.value === `${NS.rdf}type`).map((q) => q.object.value);
    const [vocab, statements, outgoing, incoming, paragraphs, sources, jsonld] = await Promise.all([
      loadVocabulary(),
      loadStatements(select, subject, types),
      select(`SELECT ?p ?o (SAMPLE(?l) AS ?label) WHERE { ${subject} ?p ?o OPTIONAL { ?o ${LABEL} ?l } } GROUP BY ?p ?o`),
      select(`SELECT ?s ?p (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type) WHERE {
        ?s ?p ${subject} FILTER(?p != rdf:type) OPTIONAL { ?s ${LABEL} ?l } OPTIONAL { ?s a ?t }
      } GROUP BY ?s ?p ORDER BY ?p LCASE(STR(?label)) ?s`),
      select(`SELECT ?paragraph ?number ?section ?summary WHERE {
        ${subject} upr:describedIn|upr:followsParagraph ?paragraph .
        OPTIONAL { ?paragraph upr:paragraphNumber ?number } OPTIONAL { ?paragraph upr:section ?section } OPTIONAL { ?paragraph rdfs:comment ?summary }
      } ORDER BY ?number`),
      select(`SELECT ?source (SAMPLE(?l) AS ?title) (SAMPLE(?u) AS ?url) (GROUP_CONCAT(DISTINCT STR(?n); separator=", ") AS ?footnotes) WHERE {
        ${subject} dcterms:source ?source .
        OPTIONAL { ?source ${LABEL} ?l } OPTIONAL { ?source schema:url ?u } OPTIONAL { ?source upr:footnoteNumber ?n }
      } GROUP BY ?source ORDER BY ?title`),
      compactJsonLd(quads, context),
    ]);
    const label =
      outgoingValue(quads, [`${NS.rdfs}label`, `${NS.skos}prefLabel`, `${NS.schema}name`, `${NS.dcterms}title`]) ??
      DataFactory.literal(shorten(iri));
    const summary = outgoingValue(quads, [`${NS.rdfs}comment`, `${NS.skos}definition`]);
    const typeNames = types.map((t) => labelOf(vocab, t));

    // Properties in the ontology's words, in a stable order: upr: terms first, then the standard ones.
    const byProperty = new Map<string, Row[]>();
    for (const row of outgoing) {
      const p = row.p.value;
      if (p === `${NS.rdf}type`) continue;
      byProperty.set(p, [...(byProperty.get(p) ?? []), row]);
    }
    // Values in reading order: by label or value, numbers by their number (paragraph 3 before paragraph 14).
    const shown = (row: Row) => row.label?.value ?? row.o.value;
    for (const rows of byProperty.values()) rows.sort((a, b) => shown(a).localeCompare(shown(b), 'en', { numeric: true }));
    const properties = [...byProperty.entries()].sort(
      ([a], [b]) => Number(!a.startsWith(NS.upr)) - Number(!b.startsWith(NS.upr)) || labelOf(vocab, a).localeCompare(labelOf(vocab, b)),
    );

    const render: Render = {
      value: (term, l) => value(vocab, term, l),
      link,
      literal,
      propertyLabel: (p) => labelOf(vocab, p),
    };
    // Readings and inferences have their own sections, so "Linked from" does not list them again.
    const listed = shownStatements(statements);
    const incomingGroups = new Map<string, Row[]>();
    for (const row of incoming.filter((r) => !listed.has(r.s.value)))
      incomingGroups.set(row.p.value, [...(incomingGroups.get(row.p.value) ?? []), row]);
    const groups = [...incomingGroups.entries()].sort(
      ([a], [b]) => rank(a) - rank(b) || labelOf(vocab, a).localeCompare(labelOf(vocab, b)),
    );

    const alternates = mediaTypesFor('quads').filter((m) =>
      ['text/turtle', 'application/ld+json', 'application/n-triples'].includes(m.type),
    );
    const localHref = localPath(iri)!;
    const main = html`
<article>
<header>
<p class="types">${types.map((t, i) => html`${i ? ' · ' : ''}${link(t, firstUpper(labelOf(vocab, t)))}`)}</p>
<h1${label.termType === 'Literal' && label.language ? html` lang="${label.language}"` : ''}>${label.value}</h1>
${summary ? html`<p class="lead">${literal(summary)}</p>` : ''}
<p class="iri">IRI: <code>${iri}</code><br>As data: ${alternates.map((m, i) => html`${i ? ' · ' : ''}<a href="${`${localHref}?format=${m.names[0]}`}" type="${m.type}">${formatName(m)}</a>`)}</p>
</header>

${selfSection(statements, render)}
<section aria-labelledby="properties-heading">
<h2 id="properties-heading">Properties</h2>
<table class="properties">
<caption>What the graph states about ${label.value}</caption>
<thead><tr><th scope="col">Property</th><th scope="col">Value</th></tr></thead>
<tbody>
${properties.map(
  ([p, rows]) =>
    html`<tr><th scope="row">${link(p, labelOf(vocab, p))}</th><td>${
      rows.length === 1
        ? html`${value(vocab, rows[0].o, rows[0].label)}${valueMarker(statements, p, rows[0].o, render)}`
        : html`<ul>${rows.map((r) => html`<li>${value(vocab, r.o, r.label)}${valueMarker(statements, p, r.o, render)}</li>`)}</ul>`
    }</td></tr>\n`,
)}
</tbody>
</table>
</section>

${readingsSection(statements, render)}
${inferencesSection(statements, render)}
${givenHereSection(statements, render, iri, types.includes(`${NS.upr}Footnote`) ? 'footnote' : 'paragraph')}

${
  groups.length
    ? html`<section aria-labelledby="links-heading">
<h2 id="links-heading">Linked from</h2>
${groups.map(
  ([p, rows]) => html`<table class="links">
<caption>${INCOMING_HEADINGS[p] ?? html`Resources whose “${labelOf(vocab, p)}” is this ${typeNames[0] ?? 'resource'}`} (${rows.length})</caption>
<thead><tr><th scope="col">Resource</th><th scope="col">Type</th></tr></thead>
<tbody>
${rows.map((r) => html`<tr><td>${link(r.s.value, r.label?.value)}</td><td>${r.type ? labelOf(vocab, r.type.value) : ''}</td></tr>\n`)}
</tbody>
</table>
`,
)}
</section>`
    : ''
}

${
  paragraphs.length || sources.length
    ? html`<section aria-labelledby="evidence-heading">
<h2 id="evidence-heading">Where the submission says this</h2>
${
  paragraphs.length
    ? html`<ul class="evidence">${paragraphs.map(
        (r) =>
          html`<li>${link(r.paragraph.value, r.number ? `Paragraph ${r.number.value}` : undefined)}${r.section ? html` <span class="section">(${r.section.value})</span>` : ''}${
            r.summary ? html`: ${literal(r.summary)}` : ''
          }</li>`,
      )}</ul>`
    : ''
}
${
  sources.length
    ? html`<table class="sources">
<caption>Footnoted sources (${sources.length})</caption>
<thead><tr><th scope="col">Source</th><th scope="col">Footnotes</th><th scope="col">Web address</th></tr></thead>
<tbody>
${sources.map(
  (r) =>
    html`<tr><td>${link(r.source.value, r.title?.value)}</td><td>${r.footnotes?.value ?? ''}</td><td>${r.url ? link(r.url.value, r.url.value) : ''}</td></tr>\n`,
)}
</tbody>
</table>`
    : ''
}
</section>`
    : ''
}
</article>
<script type="application/ld+json">${jsonForScript(jsonld)}</script>
`;
    return page(
      {
        title: label.value,
        current: 'browse',
        head: html`${alternates.map((m) => html`<link rel="alternate" type="${m.type}" href="${`${localHref}?format=${m.names[0]}`}">\n`)}`,
      },
      main,
    );
  };

  return router;
}

function rank(predicate: string): number {
  const index = INCOMING_ORDER.indexOf(predicate);
  return index < 0 ? INCOMING_ORDER.length : index;
}

function outgoingValue(quads: RDF.Quad[], predicates: string[]): RDF.Term | undefined {
  for (const p of predicates) {
    const matches = quads.filter((q) => q.predicate.value === p && q.object.termType === 'Literal');
    const english = matches.find((q) => (q.object as RDF.Literal).language === 'en');
    if (english ?? matches[0]) return (english ?? matches[0]).object;
  }
  return undefined;
}

function formatName(media: MediaType): string {
  return media.type === 'text/turtle' ? 'Turtle' : media.type === 'application/ld+json' ? 'JSON-LD' : 'N-Triples';
}

/** The `?format=` values of a request, in order. */
function formatParameter(req: Request): string[] {
  const raw = req.query.format;
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]).map(String);
}
