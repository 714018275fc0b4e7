// The counts VoID states of the loaded data: quads, distinct triples, graphs,
// classes, properties, subjects, objects, entities.
import type * as RDF from '@rdfjs/types';
import { ID, NS } from '../namespaces.js';
import { distinctTriples, termKey as key } from '../triples.js';
import { compare } from './canonical.js';

const RDF_TYPE = `${NS.rdf}type`;

/** Counts of the loaded data, as VoID states them. */
export interface DatasetCounts {
  /** Quads: a triple once per named graph it is in (the N-Quads, TriG and JSON-LD dumps). */
  quads: number;
  /** Distinct triples of the union of the graphs (the N-Triples dump; void:triples). */
  triples: number;
  graphs: Array<{ iri: string; triples: number }>;
  /** rdf:type class → distinct instances. */
  classes: Map<string, number>;
  /** predicate → distinct triples. */
  properties: Map<string, number>;
  distinctSubjects: number;
  distinctObjects: number;
  /** Distinct subjects whose IRI is in the dataset's URI space (https://w3id.org/upr-graph/id/). */
  entities: number;
}

/** The counts VoID states, from the store's quads. */
export function countDataset(quads: RDF.Quad[]): DatasetCounts {
  const triples = distinctTriples(quads);
  const graphCounts = new Map<string, number>();
  for (const q of quads) if (q.graph.termType === 'NamedNode') graphCounts.set(q.graph.value, (graphCounts.get(q.graph.value) ?? 0) + 1);
  const classMembers = new Map<string, Set<string>>();
  const properties = new Map<string, number>();
  const subjects = new Set<string>();
  const objects = new Set<string>();
  for (const t of triples) {
    subjects.add(key(t.subject));
    objects.add(key(t.object));
    properties.set(t.predicate.value, (properties.get(t.predicate.value) ?? 0) + 1);
    if (t.predicate.value === RDF_TYPE && t.object.termType === 'NamedNode') {
      if (!classMembers.has(t.object.value)) classMembers.set(t.object.value, new Set());
      classMembers.get(t.object.value)!.add(key(t.subject));
    }
  }
  return {
    quads: quads.length,
    triples: triples.length,
    graphs: [...graphCounts].map(([iri, n]) => ({ iri, triples: n })).sort((a, b) => compare(a.iri, b.iri)),
    classes: new Map([...classMembers].map(([c, members]) => [c, members.size] as const).sort((a, b) => compare(a[0], b[0]))),
    properties: new Map([...properties].sort((a, b) => compare(a[0], b[0]))),
    distinctSubjects: subjects.size,
    distinctObjects: objects.size,
    entities: [...subjects].filter((s) => s.startsWith(ID)).length,
  };
}
