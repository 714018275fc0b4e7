// The counts VoID and the service description state (export.ts's countDataset),
// taken one unit at a time: memory grows with the distinct triples' digests and
// the distinct terms, never with a copy of the graph's quads.
import { createHash } from 'node:crypto';
import type * as RDF from '@rdfjs/types';
import { ID, NS } from '../namespaces.js';
import { termKey, tripleKey } from '../triples.js';
import type { ArtefactCounts } from './artefact.js';

const RDF_TYPE = `${NS.rdf}type`;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class GraphCounter {
  private quads = 0;
  /** 96-bit digests of the distinct triples of the union (a collision would need ~2^48 triples). */
  private readonly triples = new Set<string>();
  private readonly graphs = new Map<string, number>();
  private readonly classMembers = new Map<string, Set<string>>();
  private readonly properties = new Map<string, number>();
  private readonly subjects = new Set<string>();
  private readonly objects = new Set<string>();

  /** Counts one quad; returns whether its triple is new to the union (the triple dumps write it then). */
  add(q: RDF.Quad): boolean {
    this.quads++;
    if (q.graph.termType === 'NamedNode') this.graphs.set(q.graph.value, (this.graphs.get(q.graph.value) ?? 0) + 1);
    const digest = createHash('sha256').update(tripleKey(q)).digest('base64').slice(0, 16);
    if (this.triples.has(digest)) return false;
    this.triples.add(digest);
    this.subjects.add(termKey(q.subject));
    this.objects.add(termKey(q.object));
    this.properties.set(q.predicate.value, (this.properties.get(q.predicate.value) ?? 0) + 1);
    if (q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode') {
      const members = this.classMembers.get(q.object.value) ?? new Set<string>();
      this.classMembers.set(q.object.value, members);
      members.add(termKey(q.subject));
    }
    return true;
  }

  counts(): ArtefactCounts {
    return {
      quads: this.quads,
      triples: this.triples.size,
      graphs: [...this.graphs].map(([iri, triples]) => ({ iri, triples })).sort((a, b) => compare(a.iri, b.iri)),
      classes: [...this.classMembers].map(([c, members]) => [c, members.size] as [string, number]).sort((a, b) => compare(a[0], b[0])),
      properties: [...this.properties].sort((a, b) => compare(a[0], b[0])),
      distinctSubjects: this.subjects.size,
      distinctObjects: this.objects.size,
      entities: [...this.subjects].filter((s) => s.startsWith(ID)).length,
    };
  }
}
