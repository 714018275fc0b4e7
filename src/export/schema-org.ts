// The schema.org-readable form: every triple of the documents and concept
// schemes, plus its schema.org reading (types, names, descriptions, dates,
// links), found through the tables below or the ontology's sub-class and
// sub-property links. Nothing is taken away.
import { DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';
import { NS, ONTOLOGY_GRAPH } from '../namespaces.js';
import { distinctTriples, termKey as key, tripleKey } from '../triples.js';
import { sortQuads } from './canonical.js';
import { contextDocumentLoader, expandedFrom, ld, type JsonLdContext } from './json-ld.js';

const { namedNode, quad } = DataFactory;
const RDF_TYPE = `${NS.rdf}type`;
const SCHEMA = NS.schema;

/** A schema.org term's IRI. */
export const S = (local: string) => `${SCHEMA}${local}`;

/** Properties without a schema.org super-property, and the schema.org property a schema.org reader gets for them. */
export const SCHEMA_ORG_PROPERTIES: Record<string, string> = {
  [`${NS.rdfs}comment`]: S('description'),
  [`${NS.dcterms}description`]: S('description'),
  [`${NS.skos}definition`]: S('description'),
  [`${NS.owl}sameAs`]: S('sameAs'),
  [`${NS.dcterms}license`]: S('license'),
  [`${NS.dcterms}date`]: S('datePublished'),
  [`${NS.dcterms}created`]: S('dateCreated'),
  [`${NS.dcterms}source`]: S('subjectOf'),
  [`${NS.dcterms}references`]: S('citation'),
  [`${NS.dcterms}isPartOf`]: S('isPartOf'),
  [`${NS.dcterms}creator`]: S('creator'),
  [`${NS.dcterms}subject`]: S('about'),
  [`${NS.dcterms}spatial`]: S('spatialCoverage'),
  [`${NS.dcterms}type`]: S('additionalType'),
  [`${NS.dcterms}identifier`]: S('identifier'),
  [`${NS.skos}inScheme`]: S('inDefinedTermSet'),
  [`${NS.skos}topConceptOf`]: S('inDefinedTermSet'),
  [`${NS.skos}hasTopConcept`]: S('hasDefinedTerm'),
  [`${NS.upr}date`]: S('startDate'),
  [`${NS.upr}footnoteNumber`]: S('position'),
  [`${NS.upr}role`]: S('jobTitle'),
  [`${NS.upr}court`]: S('organizer'),
  [`${NS.upr}defendant`]: S('about'),
  [`${NS.upr}claimant`]: S('about'),
  [`${NS.upr}victim`]: S('about'),
  [`${NS.upr}target`]: S('about'),
  [`${NS.upr}sentencedPerson`]: S('about'),
  [`${NS.upr}prosecutedUnder`]: S('about'),
  [`${NS.upr}suedUnder`]: S('about'),
  [`${NS.upr}impliedProvision`]: S('about'),
  [`${NS.upr}prosecutedUnderInstrument`]: S('about'),
};

/** Classes without a schema.org superclass, and the schema.org type a schema.org reader gets for them. */
export const SCHEMA_ORG_TYPES: Record<string, string> = {
  [`${NS.skos}Concept`]: S('DefinedTerm'),
  [`${NS.skos}ConceptScheme`]: S('DefinedTermSet'),
};

/** Where a node's schema:name comes from, in order: the first it has. */
const NAME_SOURCES = [S('name'), `${NS.rdfs}label`, `${NS.skos}prefLabel`, `${NS.dcterms}title`];

/** The nearest schema.org term above `iri`, by the table or by rdfs:subClassOf / rdfs:subPropertyOf in the ontology (breadth first). */
function nearestSchemaTerm(iri: string, table: Record<string, string>, parents: Map<string, string[]>): string | undefined {
  const queue = [iri];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (table[current]) return table[current];
    if (current !== iri && current.startsWith(SCHEMA)) return current;
    for (const parent of parents.get(current) ?? []) {
      if (!seen.has(parent)) {
        seen.add(parent);
        queue.push(parent);
      }
    }
  }
  return undefined;
}

/** Each class's and property's direct parents (rdfs:subClassOf, rdfs:subPropertyOf). */
function parentsOf(union: RDF.Quad[]): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const t of union) {
    if (t.predicate.value === `${NS.rdfs}subClassOf` || t.predicate.value === `${NS.rdfs}subPropertyOf`) {
      if (t.object.termType === 'NamedNode') parents.set(t.subject.value, [...(parents.get(t.subject.value) ?? []), t.object.value]);
    }
  }
  return parents;
}

/** The union's triples by subject, for the subjects of the document graphs and the concepts and concept schemes. */
function subjectsInScope(quads: RDF.Quad[], union: RDF.Quad[]): Map<string, RDF.Quad[]> {
  const concepts = union
    .filter(
      (t) => t.predicate.value === RDF_TYPE && (t.object.value === `${NS.skos}Concept` || t.object.value === `${NS.skos}ConceptScheme`),
    )
    .map((t) => key(t.subject));
  const inScope = new Set([...quads.filter((q) => q.graph.value !== ONTOLOGY_GRAPH).map((q) => key(q.subject)), ...concepts]);
  const bySubject = new Map<string, RDF.Quad[]>();
  for (const t of union) {
    if (!inScope.has(key(t.subject))) continue;
    if (!bySubject.has(key(t.subject))) bySubject.set(key(t.subject), []);
    bySubject.get(key(t.subject))!.push(t);
  }
  return bySubject;
}

/** One subject's triples and their schema.org readings; schema:Thing when no type maps. */
function withSchemaReading(triples: RDF.Quad[], parents: Map<string, string[]>, add: (t: RDF.Quad) => void): void {
  let typed = false;
  const nameSource = NAME_SOURCES.find((p) => triples.some((t) => t.predicate.value === p));
  for (const t of triples) {
    add(t);
    const p = t.predicate.value;
    if (p === RDF_TYPE) {
      const type = t.object.value.startsWith(SCHEMA) ? t.object.value : nearestSchemaTerm(t.object.value, SCHEMA_ORG_TYPES, parents);
      if (type) {
        typed = true;
        add(quad(t.subject, t.predicate, namedNode(type)) as RDF.Quad);
      }
    } else if (NAME_SOURCES.includes(p)) {
      if (p === nameSource) add(quad(t.subject, namedNode(S('name')), t.object) as RDF.Quad);
    } else if (!p.startsWith(SCHEMA)) {
      const mapped = nearestSchemaTerm(p, SCHEMA_ORG_PROPERTIES, parents);
      if (mapped) add(quad(t.subject, namedNode(mapped), t.object) as RDF.Quad);
    }
  }
  if (!typed) add(quad(triples[0].subject, namedNode(RDF_TYPE), namedNode(S('Thing'))) as RDF.Quad);
}

/**
 * The schema.org-readable form: every triple of the document graphs and the
 * concept schemes, plus, for each, its schema.org reading (schema.org types,
 * names, descriptions, dates and links), so a reader that knows only
 * schema.org still finds them. Nothing is taken away.
 */
export function schemaOrgTriples(quads: RDF.Quad[]): RDF.Quad[] {
  const union = distinctTriples(quads);
  const parents = parentsOf(union);
  const out = new Map<string, RDF.Quad>();
  const add = (t: RDF.Quad) => out.set(tripleKey(t), t);
  for (const triples of subjectsInScope(quads, union).values()) withSchemaReading(triples, parents, add);
  return sortQuads([...out.values()]);
}

/** schema.org properties whose values are links: written as plain IRI strings in the schema.org form. */
const SCHEMA_LINKS = [
  'about',
  'additionalType',
  'affiliation',
  'author',
  'citation',
  'creator',
  'hasDefinedTerm',
  'inDefinedTermSet',
  'isPartOf',
  'jobTitle',
  'legislationJurisdiction',
  'legislationLegalForce',
  'license',
  'organizer',
  'parentOrganization',
  'publisher',
  'sameAs',
  'spatialCoverage',
  'sponsor',
  'subjectOf',
  'url',
  'parent',
  'children',
];

/** The context of the schema.org form: schema.org as the vocabulary (bare keys), other vocabularies by prefix, IRIs in full. */
export const SCHEMA_ORG_CONTEXT: JsonLdContext = {
  '@vocab': SCHEMA,
  upr: NS.upr,
  skos: NS.skos,
  dcterms: NS.dcterms,
  prov: NS.prov,
  owl: NS.owl,
  rdf: NS.rdf,
  rdfs: NS.rdfs,
  xsd: NS.xsd,
  ...Object.fromEntries(SCHEMA_LINKS.map((name) => [name, { '@id': S(name), '@type': '@id' }])),
  startDate: { '@id': S('startDate'), '@type': `${NS.xsd}date` },
  dateCreated: { '@id': S('dateCreated'), '@type': `${NS.xsd}date` },
};

/** The schema.org form as a JSON-LD document compacted with SCHEMA_ORG_CONTEXT, and the triples it holds. */
export async function schemaOrgDocument(
  quads: RDF.Quad[],
  context: JsonLdContext,
): Promise<{ document: Record<string, unknown>; triples: RDF.Quad[] }> {
  const triples = schemaOrgTriples(quads);
  const document = await ld.compact(await expandedFrom(triples), SCHEMA_ORG_CONTEXT, { documentLoader: contextDocumentLoader(context) });
  return { document, triples };
}
