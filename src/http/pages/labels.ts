// What a page calls a term: the ontology's own labels (asked once per server),
// names for the standard terms it reuses without labelling them, else the CURIE.
import { NS, ONTOLOGY_GRAPH, shorten } from '../../namespaces.js';
import type { Select } from './site.js';

/** Labels a resource may carry, in order of preference. */
const LABEL_PREDICATES = ['rdfs:label', 'skos:prefLabel', 'schema:name', 'dcterms:title'];
/** Any of them, as a property path. */
const LABEL = `(${LABEL_PREDICATES.join('|')})`;
/** Summaries a resource may carry, in order of preference. */
const COMMENT_PREDICATES = ['rdfs:comment', 'skos:definition'];

/**
 * A pattern binding `?{as}` to the value of the first of `predicates` that `node` has, or leaving it unbound.
 * A query grouping on `node` aggregates it with MIN, never SAMPLE: SAMPLE of `node`'s labels is each engine's
 * own pick (Oxigraph took rdfs:label, Virtuoso schema:name), and the pages must not depend on the engine.
 */
function preferred(node: string, as: string, predicates: string[]): string {
  const each = predicates.map((_, i) => `?${as}_${i}`);
  return `${predicates.map((p, i) => `OPTIONAL { ${node} ${p} ${each[i]} }`).join(' ')} BIND(COALESCE(${each.join(', ')}) AS ?${as})`;
}

/** `?{as}`: `node`'s label by the first of LABEL's properties it has. */
export const preferredLabel = (node: string, as: string) => preferred(node, as, LABEL_PREDICATES);
/** `?{as}`: `node`'s summary, its rdfs:comment, else its skos:definition. */
export const preferredComment = (node: string, as: string) => preferred(node, as, COMMENT_PREDICATES);

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
  [`${NS.skos}editorialNote`]: 'modelling note',
  [`${NS.owl}sameAs`]: 'same as',
};

export interface Term {
  iri: string;
  label: string;
  comment?: string;
}

export interface Vocabulary {
  /** Every labelled term of the ontology graph (classes, properties, concepts), by IRI. */
  terms: Map<string, Term>;
}

/** The labelled terms of the ontology graph, each with its preferred label and comment. */
export async function loadVocabulary(select: Select): Promise<Vocabulary> {
  const rows = await select(`SELECT ?term (MIN(?l) AS ?label) (MIN(?c) AS ?comment) WHERE {
        GRAPH <${ONTOLOGY_GRAPH}> { ?term ${LABEL} [] . ${preferredLabel('?term', 'l')} ${preferredComment('?term', 'c')} }
      } GROUP BY ?term`);
  const terms = new Map<string, Term>();
  // By IRI, so that what lists the terms in the map's order (the editor's completions) is the same on every engine.
  for (const row of rows.sort((a, b) => (a.term.value < b.term.value ? -1 : a.term.value > b.term.value ? 1 : 0))) {
    if (row.term.termType !== 'NamedNode') continue;
    terms.set(row.term.value, { iri: row.term.value, label: row.label.value, comment: row.comment?.value });
  }
  return { terms };
}

export function labelOf(vocab: Vocabulary, iri: string): string {
  return vocab.terms.get(iri)?.label ?? STANDARD_LABELS[iri] ?? shorten(iri);
}
