// The page of each resource under /id/, or its triples for linked-data
// clients: the header (types, label, summary, formats), its properties, its
// readings and inferences (statements.ts), what links to it, and where the
// submission says it. Every fact on the page comes from a query to the engine.
import type * as RDF from '@rdfjs/types';
import type { Request, Response } from 'express';
import { DataFactory } from 'n3';
import type { Row } from '../../engine/index.js';
import { ID, NS, shorten } from '../../namespaces.js';
import { mediaTypesFor, type MediaType } from '../../negotiate.js';
import { sortQuads, termOrder } from '../../export/canonical.js';
import { compactJsonLd } from '../../export/json-ld.js';
import { notFound } from '../errors.js';
import { html, jsonForScript, type Html } from './html.js';
import { labelOf, preferredLabel, type Vocabulary } from './labels.js';
import { page, sendPage } from './layout.js';
import { compareLabels, firstUpper, link, literal, type Render, renderer } from './render.js';
import { pageOrRdf, sendRdf } from './respond.js';
import { type Site, sparqlIri } from './site.js';
import {
  givenHereSection,
  inferencesSection,
  loadStatements,
  readingsSection,
  selfSection,
  shownStatements,
  type Statements,
  valueMarker,
} from './statements.js';

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

function rank(predicate: string): number {
  const index = INCOMING_ORDER.indexOf(predicate);
  return index < 0 ? INCOMING_ORDER.length : index;
}

/** The IRI a request under /id/ names, or undefined when the path cannot be an IRI of the graph. */
function iriOfPath(requestPath: string): string | undefined {
  const rest = requestPath.slice('/id/'.length);
  // Only characters an IRI may carry unescaped, so the IRI can go into a query as <…> as it is.
  if (!rest || !/^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+$/.test(rest)) return undefined;
  return ID + rest;
}

const notFoundMain = (requestPath: string, iri: string | undefined) => html`
<h1>Not found</h1>
<p>The graph has no resource ${iri ? html`<code>${iri}</code>` : html`at <code>${requestPath}</code>`}.</p>
<p><a href="/id/">Browse the graph by class</a>, or search it from the <a href="/#query">query editor</a>.</p>`;

/** GET /id/…: the resource's page or its triples; a 404 (a page for browsers) when the graph does not mention it. */
export function entityHandler(site: Site) {
  return async (req: Request, res: Response): Promise<void> => {
    res.vary('Accept');
    const iri = iriOfPath(req.path);
    const media = pageOrRdf(req);
    const missing = () => {
      if (media.type === 'text/html') {
        sendPage(res, 404, page({ title: 'Not found' }, notFoundMain(req.path, iri)));
        return;
      }
      throw notFound(req.path);
    };
    if (!iri) return missing();
    const subject = sparqlIri(iri);
    // In one order whatever the engine's, so that the page, its JSON-LD and the RDF forms are the same on every engine.
    const quads = sortQuads((await site.engine.construct(`CONSTRUCT { ${subject} ?p ?o } WHERE { ${subject} ?p ?o }`)).quads);
    if (quads.length === 0 && !(await site.engine.ask(`ASK { ?s ?p ${subject} }`))) return missing();
    if (media.type !== 'text/html') {
      await sendRdf(res, media, quads, site.context);
      return;
    }
    sendPage(res, 200, await entityPage(site, iri, quads));
  };
}

/** Everything the page of a resource shows besides its own triples, asked at once. */
async function loadEntity(site: Site, subject: string, types: string[], quads: RDF.Quad[]) {
  const { select } = site;
  const [vocab, statements, outgoing, incoming, paragraphs, sources, jsonld] = await Promise.all([
    site.vocabulary(),
    loadStatements(select, subject, types),
    select(`SELECT ?p ?o (MIN(?l) AS ?label) WHERE { ${subject} ?p ?o ${preferredLabel('?o', 'l')} } GROUP BY ?p ?o`),
    select(`SELECT ?s ?p (MIN(?l) AS ?label) (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?types) WHERE {
        ?s ?p ${subject} FILTER(?p != rdf:type) ${preferredLabel('?s', 'l')} OPTIONAL { ?s a ?t }
      } GROUP BY ?s ?p ORDER BY ?p LCASE(STR(?label)) ?s`),
    // DISTINCT: a paragraph both described in and followed is one row (the path's two branches are a bag, as Virtuoso keeps them).
    select(`SELECT DISTINCT ?paragraph ?number ?section ?summary WHERE {
        ${subject} upr:describedIn|upr:followsParagraph ?paragraph .
        OPTIONAL { ?paragraph upr:paragraphNumber ?number } OPTIONAL { ?paragraph upr:section ?section } OPTIONAL { ?paragraph rdfs:comment ?summary }
      } ORDER BY ?number ?paragraph`),
    select(`SELECT ?source (MIN(?l) AS ?title) (MIN(?u) AS ?url) (GROUP_CONCAT(DISTINCT STR(?n); separator=" ") AS ?footnotes) WHERE {
        ${subject} dcterms:source ?source .
        ${preferredLabel('?source', 'l')} OPTIONAL { ?source schema:url ?address BIND(STR(?address) AS ?u) } OPTIONAL { ?source upr:footnoteNumber ?n }
      } GROUP BY ?source`),
    compactJsonLd(quads, site.context),
  ]);
  // Sources by title, here rather than by ORDER BY on the aggregate, which Virtuoso 7.2 ordered otherwise.
  sources.sort(
    (a, b) => compareLabels(a.title?.value ?? a.source.value, b.title?.value ?? b.source.value) || termOrder(a.source, b.source),
  );
  return { vocab, statements, outgoing, incoming, paragraphs, sources, jsonld };
}

/** The first literal of the first of `predicates` the resource has, in English when it has one. */
function outgoingValue(quads: RDF.Quad[], predicates: string[]): RDF.Term | undefined {
  for (const p of predicates) {
    const matches = quads.filter((q) => q.predicate.value === p && q.object.termType === 'Literal');
    const english = matches.find((q) => (q.object as RDF.Literal).language === 'en');
    if (english ?? matches[0]) return (english ?? matches[0]).object;
  }
  return undefined;
}

/** Types as the page lists them: the ontology's own first, then the others, each by IRI. */
const ownTypesFirst = (types: string[]) =>
  [...types].sort((a, b) => Number(!a.startsWith(NS.upr)) - Number(!b.startsWith(NS.upr)) || (a < b ? -1 : a > b ? 1 : 0));

/** The numbers of a GROUP_CONCAT (whose order is each engine's own), by value. */
const numbersInOrder = (concatenated: string) =>
  concatenated
    .split(' ')
    .filter(Boolean)
    .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b))
    .join(', ');

function formatName(media: MediaType): string {
  return media.type === 'text/turtle' ? 'Turtle' : media.type === 'application/ld+json' ? 'JSON-LD' : 'N-Triples';
}

async function entityPage(site: Site, iri: string, quads: RDF.Quad[]): Promise<string> {
  const types = ownTypesFirst(quads.filter((q) => q.predicate.value === `${NS.rdf}type`).map((q) => q.object.value));
  const loaded = await loadEntity(site, sparqlIri(iri), types, quads);
  const { vocab, statements } = loaded;
  const label =
    outgoingValue(quads, [`${NS.rdfs}label`, `${NS.skos}prefLabel`, `${NS.schema}name`, `${NS.dcterms}title`]) ??
    DataFactory.literal(shorten(iri));
  const summary = outgoingValue(quads, [`${NS.rdfs}comment`, `${NS.skos}definition`]);
  const typeNames = types.map((t) => labelOf(vocab, t));
  const render = renderer(vocab);
  const alternates = mediaTypesFor('quads').filter((m) => ['text/turtle', 'application/ld+json', 'application/n-triples'].includes(m.type));
  const localHref = `/id/${iri.slice(ID.length)}`; // localPath(iri): an IRI of this page is under ID (iriOfPath)
  const main = html`
<article>
<header>
<p class="types">${types.map((t, i) => html`${i ? ' · ' : ''}${link(t, firstUpper(labelOf(vocab, t)))}`)}</p>
<h1${label.termType === 'Literal' && label.language ? html` lang="${label.language}"` : ''}>${label.value}</h1>
${summary ? html`<p class="lead">${literal(summary)}</p>` : ''}
<p class="iri">IRI: <code>${iri}</code><br>As data: ${alternates.map((m, i) => html`${i ? ' · ' : ''}<a href="${`${localHref}?format=${m.names[0]}`}" type="${m.type}">${formatName(m)}</a>`)}</p>
</header>

${selfSection(statements, render)}
${propertiesSection(vocab, loaded.outgoing, statements, render, label.value)}

${readingsSection(statements, render)}
${inferencesSection(statements, render)}
${givenHereSection(statements, render, iri, types.includes(`${NS.upr}Footnote`) ? 'footnote' : 'paragraph')}

${linkedFromSection(vocab, loaded.incoming, statements, typeNames[0] ?? 'resource')}

${evidenceSection(loaded.paragraphs, loaded.sources)}
</article>
<script type="application/ld+json">${jsonForScript(loaded.jsonld)}</script>
`;
  const head = html`${alternates.map((m) => html`<link rel="alternate" type="${m.type}" href="${`${localHref}?format=${m.names[0]}`}">\n`)}`;
  return page({ title: label.value, current: 'browse', head }, main);
}

/** "Properties": what the graph states about the resource, in the ontology's words. */
function propertiesSection(vocab: Vocabulary, outgoing: Row[], statements: Statements, render: Render, name: string): Html {
  // Properties in the ontology's words, in a stable order: upr: terms first, then the standard ones.
  const byProperty = new Map<string, Row[]>();
  for (const row of outgoing) {
    const p = row.p.value;
    if (p === `${NS.rdf}type`) continue;
    byProperty.set(p, [...(byProperty.get(p) ?? []), row]);
  }
  // Values in reading order: by label or value, numbers by their number (paragraph 3 before paragraph 14).
  const shown = (row: Row) => row.label?.value ?? row.o.value;
  for (const rows of byProperty.values())
    rows.sort((a, b) => shown(a).localeCompare(shown(b), 'en', { numeric: true }) || termOrder(a.o, b.o));
  const properties = [...byProperty.entries()].sort(
    ([a], [b]) => Number(!a.startsWith(NS.upr)) - Number(!b.startsWith(NS.upr)) || labelOf(vocab, a).localeCompare(labelOf(vocab, b)),
  );
  const cell = (p: string, r: Row) => html`${render.value(r.o, r.label)}${valueMarker(statements, p, r.o, render)}`;
  return html`<section aria-labelledby="properties-heading">
<h2 id="properties-heading">Properties</h2>
<table class="properties">
<caption>What the graph states about ${name}</caption>
<thead><tr><th scope="col">Property</th><th scope="col">Value</th></tr></thead>
<tbody>
${properties.map(
  ([p, rows]) =>
    html`<tr><th scope="row">${link(p, labelOf(vocab, p))}</th><td>${
      rows.length === 1 ? cell(p, rows[0]) : html`<ul>${rows.map((r) => html`<li>${cell(p, r)}</li>`)}</ul>`
    }</td></tr>\n`,
)}
</tbody>
</table>
</section>`;
}

/** "Linked from": the resources pointing at this one, one table per property, the ones a reader came for first. */
function linkedFromSection(vocab: Vocabulary, incoming: Row[], statements: Statements, typeName: string): Html | '' {
  // Readings and inferences have their own sections, so "Linked from" does not list them again.
  const listed = shownStatements(statements);
  const incomingGroups = new Map<string, Row[]>();
  for (const row of incoming.filter((r) => !listed.has(r.s.value)))
    incomingGroups.set(row.p.value, [...(incomingGroups.get(row.p.value) ?? []), row]);
  // Within a property, by label with numbers by value: Recommendation 124.4 before 124.39.
  for (const rows of incomingGroups.values())
    rows.sort((a, b) => compareLabels(a.label?.value ?? a.s.value, b.label?.value ?? b.s.value) || termOrder(a.s, b.s));
  const groups = [...incomingGroups.entries()].sort(([a], [b]) => rank(a) - rank(b) || labelOf(vocab, a).localeCompare(labelOf(vocab, b)));
  if (!groups.length) return '';
  return html`<section aria-labelledby="links-heading">
<h2 id="links-heading">Linked from</h2>
${groups.map(
  ([p, rows]) => html`<table class="links">
<caption>${INCOMING_HEADINGS[p] ?? html`Resources whose “${labelOf(vocab, p)}” is this ${typeName}`} (${rows.length})</caption>
<thead><tr><th scope="col">Resource</th><th scope="col">Type</th></tr></thead>
<tbody>
${rows.map((r) => {
  const [type] = ownTypesFirst(r.types?.value.split(' ').filter(Boolean) ?? []);
  return html`<tr><td>${link(r.s.value, r.label?.value)}</td><td>${type ? labelOf(vocab, type) : ''}</td></tr>\n`;
})}
</tbody>
</table>
`,
)}
</section>`;
}

/** "Where the submission says this": the paragraphs the resource is described in, and its footnoted sources. */
function evidenceSection(paragraphs: Row[], sources: Row[]): Html | '' {
  if (!paragraphs.length && !sources.length) return '';
  return html`<section aria-labelledby="evidence-heading">
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
    html`<tr><td>${link(r.source.value, r.title?.value)}</td><td>${numbersInOrder(r.footnotes?.value ?? '')}</td><td>${r.url ? link(r.url.value, r.url.value) : ''}</td></tr>\n`,
)}
</tbody>
</table>`
    : ''
}
</section>`;
}
