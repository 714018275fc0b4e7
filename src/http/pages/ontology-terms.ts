// What the ontology page shows, asked of the engine: the upr: terms with their
// domains and ranges, the properties of each class (declared in the ontology,
// and used by the data: schema.org, Dublin Core, PROV… have no domain here),
// and the concept schemes with their concepts. Asked once per server.
import type * as RDF from '@rdfjs/types';
import type { Row } from '../../engine/index.js';
import { ID, NS, ONTOLOGY_GRAPH, shorten } from '../../namespaces.js';
import type { Term, Vocabulary } from './labels.js';
import { preferredLabel } from './labels.js';
import type { Select } from './site.js';

export interface OntologyTerm extends Term {
  kind: 'class' | 'object property' | 'datatype property';
  domain: string[];
  range: string[];
  broader: string[];
}

/** One property of one class: declared by the ontology (a upr: domain), used by the data, or both. */
export interface ClassProperty {
  property: string;
  declared: boolean;
  /** Resources of the class under /id/ that carry the property. */
  used: number;
  /** What its values are: the declared range, else the classes and datatypes of the values the data gives. */
  values: string[];
}

export interface ClassEntry {
  iri: string;
  /** Resources of the class under /id/. */
  count: number;
  properties: ClassProperty[];
}

export interface Concept {
  iri: string;
  label: string;
  definition?: string;
  /** Statements of the data whose value is this concept. */
  used: number;
}

export interface ConceptScheme {
  iri: string;
  label: string;
  description?: string;
  concepts: Concept[];
}

const KINDS: Record<string, OntologyTerm['kind']> = {
  [`${NS.owl}Class`]: 'class',
  [`${NS.owl}ObjectProperty`]: 'object property',
};

/**
 * The members of each owl:unionOf of the ontology graph, in the order its list gives them, by the union's node
 * (a blank node's label holds within one answer only, so the cells come in the same answer as the terms). Walked
 * here rather than by `owl:unionOf/rdf:rest*\/rdf:first`, whose rows come in each engine's own order and which
 * Virtuoso 7.2 answers with neither end bound only in part.
 */
function unionMembers(rows: Row[]): Map<string, string[]> {
  const cells = new Map<string, { first: RDF.Term; rest: string }>();
  for (const row of rows) if (row.cell) cells.set(row.cell.value, { first: row.first, rest: row.rest.value });
  const members = new Map<string, string[]>();
  for (const row of rows) {
    if (!row.union) continue;
    const list: string[] = [];
    const seen = new Set<string>();
    for (let node = row.head.value; cells.has(node) && !seen.has(node); node = cells.get(node)!.rest) {
      seen.add(node);
      const first = cells.get(node)!.first;
      if (first.termType === 'NamedNode') list.push(first.value);
    }
    members.set(row.union.value, list);
  }
  return members;
}

/** The upr: classes and properties with their domains, ranges and what they specialise (members of a union listed one by one). */
export async function loadOntologyTerms(select: Select, vocab: Vocabulary): Promise<OntologyTerm[]> {
  const rows = await select(`SELECT ?term ?type ?rel ?target ?union ?head ?cell ?first ?rest WHERE {
      GRAPH <${ONTOLOGY_GRAPH}> {
        {
          ?term a ?type FILTER(?type IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty)) FILTER(STRSTARTS(STR(?term), "${NS.upr}"))
          OPTIONAL { ?term ?rel ?target FILTER(?rel IN (rdfs:domain, rdfs:range, rdfs:subClassOf, rdfs:subPropertyOf)) }
        }
        UNION { ?union owl:unionOf ?head }
        UNION { ?cell rdf:first ?first ; rdf:rest ?rest }
      }
    } ORDER BY ?term ?rel ?target`);
  const unions = unionMembers(rows);
  const terms = new Map<string, OntologyTerm>();
  for (const row of rows) {
    if (!row.term) continue;
    const iri = row.term.value;
    let term = terms.get(iri);
    if (!term) {
      const known = vocab.terms.get(iri);
      const kind = KINDS[row.type.value] ?? 'datatype property';
      term = { iri, label: known?.label ?? shorten(iri), comment: known?.comment, kind, domain: [], range: [], broader: [] };
      terms.set(iri, term);
    }
    if (!row.rel || !row.target) continue;
    const targets = row.target.termType === 'NamedNode' ? [row.target.value] : (unions.get(row.target.value) ?? []);
    const list = row.rel.value === `${NS.rdfs}domain` ? term.domain : row.rel.value === `${NS.rdfs}range` ? term.range : term.broader;
    for (const target of targets) if (!list.includes(target)) list.push(target);
  }
  return [...terms.values()].sort((a, b) => a.iri.localeCompare(b.iri));
}

/**
 * Each class (by IRI) and the classes it specialises, itself included, by the ontology's rdfs:subClassOf. The
 * closure is taken here from the plain links: `rdfs:subClassOf+` with neither end bound is refused by Virtuoso 7.2
 * ("transitive start not given"), and the ontology's links are few.
 */
export async function superClasses(select: Select): Promise<Map<string, Set<string>>> {
  const rows = await select(`SELECT ?class ?super WHERE { GRAPH <${ONTOLOGY_GRAPH}> { ?class rdfs:subClassOf ?super } }`);
  const direct = new Map<string, RDF.Term[]>();
  for (const row of rows) direct.set(row.class.value, [...(direct.get(row.class.value) ?? []), row.super]);
  const supers = new Map<string, Set<string>>();
  for (const row of rows) {
    if (row.class.termType !== 'NamedNode' || supers.has(row.class.value)) continue;
    // Every class reached by one link or more, through blank nodes too, as the path did; only IRIs are kept.
    const reached = new Set<string>();
    const found = new Set([row.class.value]);
    const todo = [row.class.value];
    for (let node = todo.pop(); node !== undefined; node = todo.pop())
      for (const next of direct.get(node) ?? []) {
        if (reached.has(next.value)) continue;
        reached.add(next.value);
        todo.push(next.value);
        if (next.termType === 'NamedNode') found.add(next.value);
      }
    if (found.size > 1) supers.set(row.class.value, found);
  }
  return supers;
}

/** Per class and property, how many resources carry it, and the kinds of their values (classes of IRIs, datatypes of literals). */
async function usage(select: Select): Promise<Map<string, { used: number; values: Set<string> }>> {
  const [counts, kinds] = await Promise.all([
    select(`SELECT ?class ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {
        ?s a ?class ; ?p ?o FILTER(STRSTARTS(STR(?s), "${ID}") && ?p != rdf:type)
      } GROUP BY ?class ?p`),
    select(`SELECT DISTINCT ?class ?p ?kind WHERE {
        ?s a ?class ; ?p ?o FILTER(STRSTARTS(STR(?s), "${ID}") && ?p != rdf:type)
        OPTIONAL { ?o a ?valueClass }
        # Spelled out for Virtuoso 7.2, whose DATATYPE is unbound for a plain or language-tagged literal.
        BIND(IF(isLITERAL(?o), IF(LANG(?o) != "", rdf:langString, COALESCE(DATATYPE(?o), xsd:string)), ?valueClass) AS ?kind)
        FILTER(BOUND(?kind))
      }`),
  ]);
  const table = new Map<string, { used: number; values: Set<string> }>();
  for (const row of counts) table.set(`${row.class.value} ${row.p.value}`, { used: Number(row.n.value), values: new Set() });
  for (const row of kinds) table.get(`${row.class.value} ${row.p.value}`)?.values.add(row.kind.value);
  return table;
}

/**
 * Every class the page groups by: each upr: class, and each other class with resources under /id/, with its
 * properties: the upr: properties whose domain is the class or one it specialises, and every property the data
 * gives its resources. Own properties first, then reused ones, each by CURIE.
 */
export async function loadClassEntries(
  select: Select,
  terms: OntologyTerm[],
  counts: Array<{ iri: string; count: number }>,
): Promise<ClassEntry[]> {
  const [supers, used] = await Promise.all([superClasses(select), usage(select)]);
  const classes = [...new Set([...terms.filter((t) => t.kind === 'class').map((t) => t.iri), ...counts.map((c) => c.iri)])];
  const declaredOn = (cls: string) => {
    const own = supers.get(cls) ?? new Set([cls]);
    return terms.filter((t) => t.kind !== 'class' && t.domain.some((d) => own.has(d)));
  };
  return classes.map((iri) => {
    const properties = new Map<string, ClassProperty>();
    for (const t of declaredOn(iri)) properties.set(t.iri, { property: t.iri, declared: true, used: 0, values: t.range });
    for (const [key, { used: n, values }] of used) {
      const [cls, property] = key.split(' ');
      if (cls !== iri) continue;
      const known = properties.get(property);
      if (known) known.used = n;
      else properties.set(property, { property, declared: false, used: n, values: [...values].sort() });
    }
    const sorted = [...properties.values()].sort(
      (a, b) =>
        Number(b.property.startsWith(NS.upr)) - Number(a.property.startsWith(NS.upr)) ||
        shorten(a.property).localeCompare(shorten(b.property)),
    );
    return { iri, count: counts.find((c) => c.iri === iri)?.count ?? 0, properties: sorted };
  });
}

/** The concept schemes of the ontology graph, each with its concepts (by label) and how often the data uses each. */
export async function loadConceptSchemes(select: Select): Promise<ConceptScheme[]> {
  const rows = await select(`SELECT ?scheme ?schemeLabel ?description ?concept ?label ?definition (COUNT(?user) AS ?used) WHERE {
      GRAPH <${ONTOLOGY_GRAPH}> {
        ?scheme a skos:ConceptScheme . ${preferredLabel('?scheme', 'schemeLabel')} FILTER(BOUND(?schemeLabel))
        OPTIONAL { ?scheme dcterms:description ?description }
        ?concept skos:inScheme ?scheme ; skos:prefLabel ?label .
        OPTIONAL { ?concept skos:definition ?definition }
      }
      OPTIONAL { ?user ?p ?concept FILTER(?p NOT IN (skos:hasTopConcept, skos:topConceptOf, skos:narrower, skos:broader, skos:related)) }
    } GROUP BY ?scheme ?schemeLabel ?description ?concept ?label ?definition`);
  const schemes = new Map<string, ConceptScheme>();
  for (const row of rows) {
    let scheme = schemes.get(row.scheme.value);
    if (!scheme) {
      scheme = { iri: row.scheme.value, label: row.schemeLabel.value, description: row.description?.value, concepts: [] };
      schemes.set(scheme.iri, scheme);
    }
    if (scheme.concepts.some((c) => c.iri === row.concept.value)) continue;
    scheme.concepts.push({
      iri: row.concept.value,
      label: row.label.value,
      definition: row.definition?.value,
      // Comunica 4.5 leaves the COUNT of a group without users unbound (the defect theme-counts.rq works around): that is 0.
      used: row.used ? Number(row.used.value) : 0,
    });
  }
  for (const scheme of schemes.values()) scheme.concepts.sort((a, b) => a.label.localeCompare(b.label));
  return [...schemes.values()].sort((a, b) => a.label.localeCompare(b.label));
}
