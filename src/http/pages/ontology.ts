// The ontology at /ontology (and /ontology/{version}) as a reference: a class
// diagram, each class with its properties (the ontology's own and the standard
// ones the data reuses), each concept scheme with its concepts and their
// slugs, and an entry for every upr: term, which its IRI leads to. Or the
// ontology's Turtle file and its triples in the other RDF formats.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { Parser } from 'n3';
import { NS, shorten } from '../../namespaces.js';
import { contentType } from '../../negotiate.js';
import { CARD_CLASSES, classDiagramSvg, diagramEdges, type DiagramEdge } from './class-diagram.js';
import { html, type Html } from './html.js';
import { labelOf, type Vocabulary } from './labels.js';
import { CONTENT_SECURITY_POLICY, page, sendPage } from './layout.js';
import {
  type ClassEntry,
  type ConceptScheme,
  loadClassEntries,
  loadConceptSchemes,
  loadOntologyTerms,
  type OntologyTerm,
} from './ontology-terms.js';
import { firstUpper, link } from './render.js';
import { pageOrRdf, sendRdf } from './respond.js';
import { once, type Site } from './site.js';

/** Everything the page shows, asked once per server. */
interface Reference {
  vocab: Vocabulary;
  terms: OntologyTerm[];
  classes: ClassEntry[];
  schemes: ConceptScheme[];
  edges: DiagramEdge[];
}

/** The vocabularies a term may come from, by namespace, as the page names them. */
const VOCABULARIES: Array<[string, string]> = [
  [NS.upr, 'UPR Graph'],
  [NS.schema, 'schema.org'],
  [NS.dcterms, 'Dublin Core'],
  [NS.prov, 'PROV'],
  [NS.skos, 'SKOS'],
  [NS.rdfs, 'RDF Schema'],
  [NS.rdf, 'RDF'],
  [NS.owl, 'OWL'],
];

const vocabularyOf = (iri: string) => VOCABULARIES.find(([ns]) => iri.startsWith(ns))?.[1] ?? new URL(iri).host;

/** The anchor of a class's section: its local name for a upr: class (where its IRI leads), else `class-prefix-Local`. */
const anchorOf = (iri: string) => (iri.startsWith(NS.upr) ? iri.slice(NS.upr.length) : `class-${shorten(iri).replace(':', '-')}`);

const termList = (iris: string[]) =>
  iris.length ? iris.map((iri, i) => html`${i ? ', ' : ''}${link(iri, shorten(iri))}`) : html`<span class="none">—</span>`;

const entry = (t: OntologyTerm) => html`<article class="term" id="${t.iri.slice(NS.upr.length)}">
<h3><code>${shorten(t.iri)}</code> <span class="term-label" lang="en">${t.label}</span></h3>
<p lang="en">${t.comment ?? ''}</p>
<dl>
<dt>IRI</dt><dd><code>${t.iri}</code></dd>
<dt>Kind</dt><dd>${t.kind}</dd>
${t.kind !== 'class' ? html`<dt>Domain</dt><dd>${termList(t.domain)}</dd><dt>Range</dt><dd>${termList(t.range)}</dd>` : ''}
<dt>${t.kind === 'class' ? 'Subclass of' : 'Subproperty of'} (alignment)</dt><dd>${termList(t.broader)}</dd>
</dl>
</article>
`;

/** A class's properties: what each is called, where it comes from, what its values are, how many resources carry it. */
function propertyTable(ref: Reference, cls: ClassEntry): Html {
  if (cls.properties.length === 0) return html`<p class="none">No properties declared or used.</p>`;
  const name = labelOf(ref.vocab, cls.iri);
  const row = (p: ClassEntry['properties'][number]) => html`<tr>
<td>${link(p.property, shorten(p.property))}</td><td>${labelOf(ref.vocab, p.property)}</td><td>${vocabularyOf(p.property)}${p.declared ? '' : ' (reused)'}</td>
<td>${termList(p.values)}</td><td class="num">${cls.count ? `${p.used} of ${cls.count}` : p.used}</td></tr>
`;
  return html`<table class="properties">
<caption>Properties of ${name}: ${cls.properties.filter((p) => p.declared).length} declared by the ontology, ${cls.properties.filter((p) => !p.declared).length} reused from other vocabularies</caption>
<thead><tr><th scope="col">Property</th><th scope="col">Label</th><th scope="col">Vocabulary</th><th scope="col">Values</th><th scope="col" class="num">Resources with it</th></tr></thead>
<tbody>
${cls.properties.map(row)}</tbody>
</table>`;
}

function classSection(ref: Reference, cls: ClassEntry): Html {
  const term = ref.terms.find((t) => t.iri === cls.iri);
  const label = labelOf(ref.vocab, cls.iri);
  const count = cls.count ? html`<a href="${`/classes/${shorten(cls.iri)}`}">${cls.count} resources</a>` : html`no resources yet`;
  return html`<article class="${term ? 'term' : 'class'}" id="${anchorOf(cls.iri)}">
<h3><code>${shorten(cls.iri)}</code> <span class="term-label" lang="en">${label}</span></h3>
<p lang="en">${term?.comment ?? ref.vocab.terms.get(cls.iri)?.comment ?? `A class of ${vocabularyOf(cls.iri)}.`}</p>
<dl>
<dt>IRI</dt><dd><code>${cls.iri}</code></dd>
<dt>Kind</dt><dd>class (${vocabularyOf(cls.iri)}): ${count}</dd>
${term ? html`<dt>Subclass of (alignment)</dt><dd>${termList(term.broader)}</dd>` : ''}
</dl>
${propertyTable(ref, cls)}
</article>
`;
}

/** The prefix a scheme's concepts are written with (`status:` for id:status/…), else its IRI as a CURIE. */
function slugPrefix(scheme: ConceptScheme): string {
  const curie = scheme.concepts[0] ? shorten(scheme.concepts[0].iri) : '';
  return /^\w+:/.test(curie) && !curie.startsWith('id:') ? curie.slice(0, curie.indexOf(':') + 1) : shorten(scheme.iri);
}

const schemeAnchor = (scheme: ConceptScheme) => `scheme-${slugPrefix(scheme).replace(/[^\w-]/g, '')}`;

function schemeSection(scheme: ConceptScheme): Html {
  const row = (c: ConceptScheme['concepts'][number]) => html`<tr>
<td><code>${shorten(c.iri)}</code></td><td>${link(c.iri, c.label)}</td><td lang="en">${c.definition ?? ''}</td><td class="num">${c.used}</td></tr>
`;
  return html`<article class="scheme" id="${schemeAnchor(scheme)}">
<h3>${firstUpper(scheme.label)}: slugs <code>${slugPrefix(scheme)}…</code></h3>
<p lang="en">${scheme.description ?? ''} The scheme: ${link(scheme.iri, shorten(scheme.iri))}.</p>
<table class="concepts">
<caption>${scheme.concepts.length} concepts of ${scheme.label}</caption>
<thead><tr><th scope="col">Slug</th><th scope="col">Concept</th><th scope="col">Definition</th><th scope="col" class="num">Used by statements</th></tr></thead>
<tbody>
${scheme.concepts.map(row)}</tbody>
</table>
</article>
`;
}

/** The standard properties the data reuses, each with the classes it is used on. */
function reusedSection(ref: Reference): Html {
  const reused = new Map<string, string[]>();
  for (const cls of ref.classes)
    for (const p of cls.properties)
      if (!p.property.startsWith(NS.upr)) reused.set(p.property, [...(reused.get(p.property) ?? []), cls.iri]);
  const sorted = [...reused].sort(([a], [b]) => shorten(a).localeCompare(shorten(b)));
  return html`<table class="reused">
<caption>${sorted.length} properties from other vocabularies that the data uses</caption>
<thead><tr><th scope="col">Property</th><th scope="col">Label</th><th scope="col">Vocabulary</th><th scope="col">On the classes</th></tr></thead>
<tbody>
${sorted.map(
  ([p, classes]) =>
    html`<tr><td>${link(p, shorten(p))}</td><td>${labelOf(ref.vocab, p)}</td><td>${vocabularyOf(p)}</td><td>${classes.map((c, i) => html`${i ? ', ' : ''}<a href="${`#${anchorOf(c)}`}">${labelOf(ref.vocab, c)}</a>`)}</td></tr>\n`,
)}</tbody>
</table>`;
}

function diagramFigure(ref: Reference): Html {
  const links = ref.edges.map(
    (e) =>
      html`<li>${labelOf(ref.vocab, e.from)} → ${labelOf(ref.vocab, e.to)}: ${e.properties.map((p, i) => html`${i ? ', ' : ''}${link(p, shorten(p))}`)}</li>\n`,
  );
  return html`<figure class="diagram">
<img src="/ontology/diagram.svg" width="960" height="600" alt="${`Class diagram of ${CARD_CLASSES.map((c) => labelOf(ref.vocab, c.iri)).join(', ')} and the properties that link them`}">
<figcaption>How the six classes of the card link: solid arrows are upr: properties, by their domain and range in the ontology; dashed ones are standard properties the data uses between them.</figcaption>
</figure>
<details><summary>The links as a list</summary><ul class="links">
${links}</ul></details>`;
}

function ontologyMain(ref: Reference): Html {
  const properties = ref.terms.filter((t) => t.kind !== 'class');
  const card = new Set(CARD_CLASSES.map((c) => c.iri));
  const ordered = [
    ...CARD_CLASSES.flatMap((c) => ref.classes.filter((e) => e.iri === c.iri)),
    ...ref.classes.filter((c) => !card.has(c.iri) && c.iri.startsWith(NS.upr)).sort((a, b) => a.iri.localeCompare(b.iri)),
    ...ref.classes.filter((c) => !c.iri.startsWith(NS.upr)).sort((a, b) => shorten(a.iri).localeCompare(shorten(b.iri))),
  ];
  return html`
<h1>UPR Graph ontology</h1>
<p class="lead">The classes and properties of the graph, namespace <code>${NS.upr}</code> (prefix <code>upr:</code>), and the terms of schema.org, Dublin Core, PROV and SKOS it reuses. Each upr: term's IRI leads to its entry on this page.
The same ontology in Turtle: <a href="/ontology?format=ttl">upr.ttl</a>.</p>
<nav aria-label="Contents" class="contents"><ul>
<li><a href="#diagram">Class diagram</a></li>
<li><a href="#classes">${ordered.length} classes</a>: ${ordered.map((c, i) => html`${i ? ' · ' : ''}<a href="${`#${anchorOf(c.iri)}`}">${labelOf(ref.vocab, c.iri)}</a>`)}</li>
<li><a href="#schemes">${ref.schemes.length} concept schemes</a>: ${ref.schemes.map((s, i) => html`${i ? ' · ' : ''}<a href="${`#${schemeAnchor(s)}`}">${s.label}</a>`)}</li>
<li><a href="#reused">Terms reused from other vocabularies</a></li>
<li><a href="#properties">${properties.length} upr: properties, A to Z</a></li>
</ul></nav>
<section aria-labelledby="diagram"><h2 id="diagram">Class diagram</h2>
${diagramFigure(ref)}
</section>
<section aria-labelledby="classes"><h2 id="classes">Classes and their properties</h2>
${ordered.map((c) => classSection(ref, c))}
</section>
<section aria-labelledby="schemes"><h2 id="schemes">Concept schemes</h2>
<p>Controlled lists: a value of <code>upr:theme</code>, <code>upr:caseType</code>, <code>upr:response</code>, <code>upr:implementationStatus</code>… is one of these concepts. In SPARQL, write a concept by its slug (the prefixes are predeclared on <a href="/sparql">/sparql</a>).</p>
${ref.schemes.map(schemeSection)}
</section>
<section aria-labelledby="reused"><h2 id="reused">Terms reused from other vocabularies</h2>
${reusedSection(ref)}
</section>
<section class="properties-az" aria-labelledby="properties"><h2 id="properties">upr: properties, A to Z</h2>
${properties.map(entry)}
</section>`;
}

/** The page's answers, asked on first need and kept for the server's life (the data does not change under it). */
export function referenceOf(site: Site): () => Promise<Reference> {
  return once(async () => {
    const [vocab, counts] = await Promise.all([site.vocabulary(), site.classCounts()]);
    const terms = await loadOntologyTerms(site.select, vocab);
    const [classes, schemes, edges] = await Promise.all([
      loadClassEntries(site.select, terms, counts),
      loadConceptSchemes(site.select),
      diagramEdges(site.select, terms),
    ]);
    return { vocab, terms, classes, schemes, edges };
  });
}

/** GET /ontology: the page, or the ontology as RDF. */
export function ontologyHandler(site: Site, reference = referenceOf(site)) {
  return async (req: Request, res: Response): Promise<void> => {
    res.vary('Accept');
    const media = pageOrRdf(req);
    if (media.type !== 'text/html') {
      // ontology/upr.ttl is the ontology: the file itself, with its comments, is the Turtle form, and the other formats are its triples.
      const turtle = await readFile(path.join(site.config.root, 'ontology', 'upr.ttl'), 'utf8');
      if (media.type === 'text/turtle') {
        res.set('Content-Type', contentType(media));
        res.send(turtle);
      } else {
        await sendRdf(res, media, new Parser({ format: 'text/turtle' }).parse(turtle), site.context);
      }
      return;
    }
    const head = html`<link rel="alternate" type="text/turtle" href="/ontology?format=ttl">`;
    sendPage(
      res,
      200,
      page({ title: 'Ontology', current: 'ontology', head, styles: ['/assets/reference.css'] }, ontologyMain(await reference())),
    );
  };
}

/** GET /ontology/diagram.svg: the class diagram, drawn from the same answers as the page. */
export function diagramHandler(site: Site, reference = referenceOf(site)) {
  return async (_req: Request, res: Response): Promise<void> => {
    const ref = await reference();
    res.set('Content-Type', 'image/svg+xml; charset=utf-8');
    res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Cache-Control', 'public, max-age=300');
    res.send(classDiagramSvg(ref.edges, (iri) => firstUpper(labelOf(ref.vocab, iri))));
  };
}

/** GET /ontology/{major.minor.patch}: the same as /ontology; any other path is left to the 404. */
export function ontologyVersionHandler(site: Site, reference = referenceOf(site)) {
  const handler = ontologyHandler(site, reference);
  return (req: Request, res: Response, next: NextFunction) =>
    /^\d+\.\d+\.\d+$/.test(String(req.params.version)) ? handler(req, res) : next();
}
