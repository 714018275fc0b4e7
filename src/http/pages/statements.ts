// Readings and inferences on the entity pages (issue 13). A upr:Reading is what
// one passage says about one property where the submission says it more than
// one way (adopted: the graph's value, or the other reading); a upr:Inference
// is a value the graph asserts that the submission does not state, with its
// basis and what it rests on. Both are reified triples (rdf:subject,
// rdf:predicate, rdf:object) under the IRI of their subject. This file asks
// the engine for them and writes the page sections that show them.
import type * as RDF from '@rdfjs/types';
import { NS } from '../../namespaces.js';
import { html, type Html } from './html.js';
import { preferredLabel } from './labels.js';
import { firstUpper, type Render } from './render.js';
import type { Select } from './site.js';

const UPR = NS.upr;

/** A paragraph, footnote or other resource a statement points at, with its number if it has one. */
export interface Ref {
  iri: string;
  relation: 'paragraph' | 'footnote' | 'ground';
  /** "paragraph 10", "footnote 23", or the resource's label. */
  name?: string;
}

export interface Statement {
  iri: string;
  kind: 'reading' | 'inference';
  subject: RDF.Term;
  subjectLabel?: RDF.Term;
  predicate: string;
  object: RDF.Term;
  objectLabel?: RDF.Term;
  /** Whether the graph asserts subject-predicate-object itself. */
  inGraph: boolean;
  /** A reading's upr:adopted, when it has one. */
  adopted?: boolean;
  basis?: { iri: string; label?: string };
  comment?: RDF.Term;
  refs: Ref[];
}

export interface Statements {
  /** The readings and inferences whose rdf:subject is the resource. */
  about: Statement[];
  /** The readings a paragraph or footnote gives (empty for other resources). */
  givenHere: Statement[];
  /** On a reading's or an inference's own page: itself. */
  self?: Statement;
}

/** The SPARQL pattern binding ?st to the statements about the resource, or those a paragraph or footnote gives. */
const ABOUT = (subject: string) => `?st rdf:subject ${subject} . ?st a ?kind FILTER(?kind IN (upr:Reading, upr:Inference))`;
const GIVEN_IN = (subject: string) => `?st a upr:Reading ; upr:describedIn|upr:footnote ${subject} . BIND(upr:Reading AS ?kind)`;
const ITSELF = (subject: string) => `VALUES ?st { ${subject} } ?st a ?kind FILTER(?kind IN (upr:Reading, upr:Inference))`;

/**
 * The statements about a resource (`subject` is its IRI in <…>); when it is a
 * paragraph or a footnote, the readings it gives; when it is a reading or an
 * inference, itself. Only the queries a resource of its types can need are asked.
 */
export async function loadStatements(select: Select, subject: string, types: string[]): Promise<Statements> {
  const passage = types.includes(`${UPR}Paragraph`) || types.includes(`${UPR}Footnote`);
  const statement = types.includes(`${UPR}Reading`) || types.includes(`${UPR}Inference`);
  const [about, givenHere, self] = await Promise.all([
    statements(select, ABOUT(subject)),
    passage ? statements(select, GIVEN_IN(subject)) : [],
    statement ? statements(select, ITSELF(subject)) : [],
  ]);
  return { about, givenHere, self: self[0] };
}

async function statements(select: Select, anchor: string): Promise<Statement[]> {
  const [rows, refs] = await Promise.all([
    // MIN, not SAMPLE, and the statement's rows in one order: the same choice on every engine.
    select(`SELECT ?st ?kind ?s ?p ?o ?adopted ?basis ?inGraph (MIN(?sl) AS ?sLabel) (MIN(?ol) AS ?oLabel) (MIN(?bl) AS ?basisLabel) (MIN(?c) AS ?comment) WHERE {
      ${anchor}
      ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
      # Before the OPTIONALs: after those of the labels, Virtuoso 7.2 answered false where the triple is there.
      BIND(EXISTS { ?s ?p ?o } AS ?inGraph)
      OPTIONAL { ?st upr:adopted ?adopted }
      OPTIONAL { ?st upr:basis ?basis ${preferredLabel('?basis', 'bl')} }
      OPTIONAL { ?st rdfs:comment ?c }
      ${preferredLabel('?s', 'sl')}
      ${preferredLabel('?o', 'ol')}
    } GROUP BY ?st ?kind ?s ?p ?o ?adopted ?basis ?inGraph ORDER BY ?st ?adopted ?basis`),
    select(`SELECT ?st ?rel ?ref (MIN(?pn) AS ?paragraph) (MIN(?fn) AS ?footnote) (MIN(?l) AS ?label) WHERE {
      ${anchor}
      ?st ?rel ?ref FILTER(?rel IN (upr:describedIn, upr:footnote, prov:wasDerivedFrom))
      # Named by number only as a paragraph or a footnote: a source carries the number of the footnote that cites it.
      OPTIONAL { ?ref a upr:Paragraph ; upr:paragraphNumber ?pn } OPTIONAL { ?ref a upr:Footnote ; upr:footnoteNumber ?fn } ${preferredLabel('?ref', 'l')}
    } GROUP BY ?st ?rel ?ref`),
  ]);
  const byIri = new Map<string, Statement>();
  for (const row of rows) {
    // A statement with two values of one of its own properties (two notes, say) is shown once, with the first.
    if (byIri.has(row.st.value)) continue;
    byIri.set(row.st.value, {
      iri: row.st.value,
      kind: row.kind.value === `${UPR}Reading` ? 'reading' : 'inference',
      subject: row.s,
      subjectLabel: row.sLabel,
      predicate: row.p.value,
      object: row.o,
      objectLabel: row.oLabel,
      inGraph: row.inGraph?.value === 'true',
      adopted: row.adopted ? row.adopted.value === 'true' || row.adopted.value === '1' : undefined,
      basis: row.basis ? { iri: row.basis.value, label: row.basisLabel?.value } : undefined,
      comment: row.comment,
      refs: [],
    });
  }
  // Paragraphs, then footnotes, each by number, then anything else by name.
  const rank = (ref: Ref) => (ref.name?.startsWith('paragraph ') ? 0 : ref.name?.startsWith('footnote ') ? 1 : 2);
  const numeric = (ref: Ref) => Number(/\d+$/.exec(ref.name ?? '')?.[0] ?? Infinity);
  for (const row of refs) {
    const statement = byIri.get(row.st.value);
    if (!statement) continue;
    const relation = row.rel.value === `${UPR}describedIn` ? 'paragraph' : row.rel.value === `${UPR}footnote` ? 'footnote' : 'ground';
    const name = row.paragraph ? `paragraph ${row.paragraph.value}` : row.footnote ? `footnote ${row.footnote.value}` : row.label?.value;
    statement.refs.push({ iri: row.ref.value, relation, name });
  }
  for (const s of byIri.values())
    s.refs.sort((a, b) => rank(a) - rank(b) || numeric(a) - numeric(b) || (a.name ?? a.iri).localeCompare(b.name ?? b.iri));
  return [...byIri.values()];
}

const sameTerm = (a: RDF.Term, b: RDF.Term) =>
  a.termType === b.termType &&
  a.value === b.value &&
  (a.termType !== 'Literal' || (b.termType === 'Literal' && a.language === b.language && a.datatype.value === b.datatype.value));

/** The statement's basis as a reader says it: "inferred", "outside knowledge". */
const basisName = (s: Statement) => s.basis?.label ?? (s.basis ? s.basis.iri.replace(/^.*\//, '').replace(/-/g, ' ') : 'basis not given');

/** Whether a reading is the graph's value: its upr:adopted, or failing that whether the graph asserts it. */
const adopted = (s: Statement) => s.adopted ?? s.inGraph;

/**
 * The short marker written beside a value of the property table: the basis of
 * an inference, or that the submission gives the property two ways.
 */
export function valueMarker(statements: Statements, predicate: string, object: RDF.Term, render: Render): Html | '' {
  const mine = statements.about.filter((s) => s.predicate === predicate && sameTerm(s.object, object));
  const inference = mine.find((s) => s.kind === 'inference');
  if (inference) return html` <span class="basis">${render.link(inference.iri, basisName(inference))}</span>`;
  if (mine.some((s) => s.kind === 'reading' && adopted(s)))
    return html` <span class="basis"><a href="#readings-heading">read two ways</a></span>`;
  return '';
}

const refList = (refs: Ref[], render: Render) => refs.map((r, i) => html`${i ? ', ' : ''}${render.link(r.iri, r.name)}`);

/** A reading whose upr:adopted disagrees with what the graph asserts is said so, never smoothed over. */
const mismatch = (s: Statement): Html | '' =>
  s.adopted !== undefined && s.adopted !== s.inGraph
    ? html` <strong class="warning">${s.adopted ? 'Marked as the graph’s value, but the graph does not assert it.' : 'Marked as the other reading, but the graph asserts it too.'}</strong>`
    : '';

/** "the graph's value, as paragraph 3 (footnote 7) says" or "the submission also says supported (paragraph 10, footnote 23)". */
function readingSentence(s: Statement, render: Render): Html {
  const paragraphs = s.refs.filter((r) => r.relation === 'paragraph');
  const footnotes = s.refs.filter((r) => r.relation === 'footnote');
  const value = render.value(s.object, s.objectLabel);
  if (adopted(s)) {
    const where = paragraphs.length
      ? html`, as ${refList(paragraphs, render)}${footnotes.length ? html` (${refList(footnotes, render)})` : ''} says`
      : footnotes.length
        ? html`, as ${refList(footnotes, render)} says`
        : '';
    return html`${value}, the graph’s value${where}.${mismatch(s)}`;
  }
  const where = [...paragraphs, ...footnotes];
  return html`the submission also says ${value}${where.length ? html` (${refList(where, render)})` : ''}.${mismatch(s)}`;
}

const note = (s: Statement, render: Render) => (s.comment ? html` <span class="note">${render.literal(s.comment)}</span>` : '');

const byPropertyThenAdopted = (render: Render) => (a: Statement, b: Statement) =>
  render.propertyLabel(a.predicate).localeCompare(render.propertyLabel(b.predicate)) ||
  Number(adopted(b)) - Number(adopted(a)) ||
  a.iri.localeCompare(b.iri);

/** "What the submission says two ways": the readings of the resource's properties. */
export function readingsSection(statements: Statements, render: Render): Html | '' {
  const readings = statements.about.filter((s) => s.kind === 'reading').sort(byPropertyThenAdopted(render));
  if (!readings.length) return '';
  return html`<section aria-labelledby="readings-heading">
<h2 id="readings-heading">What the submission says two ways</h2>
<p>Where the submission gives a property more than one way, the graph asserts one value and keeps every reading with the passage that gives it.</p>
<ul class="readings">
${readings.map(
  (s) =>
    html`<li><strong>${firstUpper(render.propertyLabel(s.predicate))}</strong>: ${readingSentence(s, render)}${note(s, render)} <span class="statement">${render.link(s.iri, 'The reading')}</span></li>\n`,
)}</ul>
</section>`;
}

/** "Values the submission does not state": the inferences about the resource, with their basis and grounds. */
export function inferencesSection(statements: Statements, render: Render): Html | '' {
  const inferences = statements.about.filter((s) => s.kind === 'inference').sort(byPropertyThenAdopted(render));
  if (!inferences.length) return '';
  return html`<section aria-labelledby="inferences-heading">
<h2 id="inferences-heading">Values the submission does not state</h2>
<table class="inferences">
<caption>Values the graph infers or takes from outside the submission (${inferences.length})</caption>
<thead><tr><th scope="col">Property</th><th scope="col">Value</th><th scope="col">Basis</th><th scope="col">Rests on</th><th scope="col">Note</th></tr></thead>
<tbody>
${inferences.map(
  (s) =>
    html`<tr><th scope="row">${render.link(s.predicate, render.propertyLabel(s.predicate))}</th><td>${render.value(s.object, s.objectLabel)}${
      s.inGraph ? '' : html` <strong class="warning">The graph does not assert this value.</strong>`
    }</td><td>${s.basis ? render.link(s.basis.iri, basisName(s)) : basisName(s)}</td><td>${refList(
      s.refs.filter((r) => r.relation === 'ground'),
      render,
    )}</td><td>${s.comment ? render.literal(s.comment) : ''} <span class="statement">${render.link(s.iri, 'The inference')}</span></td></tr>\n`,
)}</tbody>
</table>
</section>`;
}

/** On a paragraph's or footnote's page: the readings it gives, "126.40: response supported (the other reading)". */
export function givenHereSection(statements: Statements, render: Render, here: string, what: string): Html | '' {
  const readings = statements.givenHere;
  if (!readings.length) return '';
  const subjectName = (s: Statement) => s.subjectLabel?.value ?? s.subject.value;
  readings.sort((a, b) => subjectName(a).localeCompare(subjectName(b), 'en', { numeric: true }) || byPropertyThenAdopted(render)(a, b));
  return html`<section aria-labelledby="given-heading">
<h2 id="given-heading">Readings this ${what} gives</h2>
<p>Values the submission gives more than one way, as this ${what} gives them.</p>
<ul class="readings">
${readings.map((s) => {
  const elsewhere = s.refs.filter((r) => r.iri !== here && r.relation !== 'ground');
  return html`<li>${s.subject.termType === 'NamedNode' ? render.link(s.subject.value, s.subjectLabel?.value) : render.literal(s.subject)}: ${render.propertyLabel(
    s.predicate,
  )} ${render.value(s.object, s.objectLabel)} (${adopted(s) ? 'the graph’s value' : 'the other reading'}${elsewhere.length ? html`; also ${refList(elsewhere, render)}` : ''}).${mismatch(s)}${note(
    s,
    render,
  )} <span class="statement">${render.link(s.iri, 'The reading')}</span></li>\n`;
})}</ul>
</section>`;
}

/** On a reading's or inference's own page, what it says in a sentence, as the page of its subject says it. */
export function selfSection(statements: Statements, render: Render): Html | '' {
  const s = statements.self;
  if (!s) return '';
  const subject = s.subject.termType === 'NamedNode' ? render.link(s.subject.value, s.subjectLabel?.value) : render.literal(s.subject);
  const property = render.propertyLabel(s.predicate);
  const grounds = s.refs.filter((r) => r.relation === 'ground');
  const sentence =
    s.kind === 'reading'
      ? html`${subject}, ${property}: ${readingSentence(s, render)}`
      : html`${subject}, ${property}: ${render.value(s.object, s.objectLabel)}, ${basisName(s)}${grounds.length ? html`, resting on ${refList(grounds, render)}` : ''}.${
          s.inGraph ? '' : html` <strong class="warning">The graph does not assert this value.</strong>`
        }`;
  return html`<section aria-labelledby="self-heading">
<h2 id="self-heading">${s.kind === 'reading' ? 'What this reading says' : 'What this inference says'}</h2>
<p class="statement-sentence">${sentence}</p>
</section>`;
}

/** The statements a page shows in its own sections, so its "Linked from" tables need not list them again. */
export function shownStatements(statements: Statements): Set<string> {
  return new Set([...statements.about, ...statements.givenHere].map((s) => s.iri));
}
