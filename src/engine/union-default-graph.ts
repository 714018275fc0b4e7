// The union default graph for Comunica, done at the source rather than by
// Comunica's own unionDefaultGraph mode: that mode also lets GRAPH ?g match the
// default graph, binding ?g to a DefaultGraph term that no results format can
// write (the JSON, XML and TSV writers refused it, CSV wrote an empty cell).
// Here Comunica runs with the mode off, so GRAPH ?g ranges over named graphs
// only, and this view answers a default-graph pattern from every graph, each
// triple once: the default graph is the RDF merge, a set, so a triple stated
// in two graphs matches once (the source's match gives it once per graph).
import { Readable } from 'node:stream';
import type * as RDF from '@rdfjs/types';
import { tripleKey } from '../triples.js';

/** What the view reads: an RDF/JS source that may also count (N3's Store, the Oxigraph adapter). */
interface CountingSource extends RDF.Source {
  countQuads?(s: RDF.Term | null, p: RDF.Term | null, o: RDF.Term | null, g: RDF.Term | null): number;
  /** N3's Store: with one graph at most, no triple can repeat, and the source's own stream is handed on. */
  getGraphs?(s: RDF.Term | null, p: RDF.Term | null, o: RDF.Term | null): RDF.Term[];
}

/** Undefined and the default graph both mean every graph to the underlying store. */
const anyGraphForDefault = (g: RDF.Term | null | undefined): RDF.Term | null => (!g || g.termType === 'DefaultGraph' ? null : g);

/**
 * A stream of the quads with each triple once. N3's streams are also synchronous iterables and are read
 * as N3 reads them (so many quads per read, at once), which keeps the order in which Comunica's operators
 * meet rows, and so the order of GROUP_CONCAT's values in the goldens; other streams are filtered.
 */
function distinct(stream: RDF.Stream<RDF.Quad>): Readable {
  const seen = new Set<string>();
  const unseen = (q: RDF.Quad) => {
    const key = tripleKey(q);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  if (!(Symbol.iterator in stream)) return (stream as unknown as Readable).filter(unseen);
  const quads = (stream as unknown as Iterable<RDF.Quad>)[Symbol.iterator]();
  return new Readable({
    objectMode: true,
    read(size) {
      for (let pushed = 0; pushed < size; ) {
        const { done, value } = quads.next();
        if (done) {
          this.push(null);
          return;
        }
        if (unseen(value)) {
          this.push(value);
          pushed++;
        }
      }
    },
  });
}

/**
 * The source seen with the union of all its graphs as its default graph. A
 * quad matched for the default graph keeps its own graph name: Comunica binds
 * no variable from the graph of a default-graph pattern, so it is never seen.
 */
export function unionDefaultGraphView(source: CountingSource): RDF.Source & { countQuads?: CountingSource['countQuads'] } {
  let oneGraph: boolean | undefined;
  const view: RDF.Source & { countQuads?: CountingSource['countQuads'] } = {
    match(s, p, o, g) {
      oneGraph ??= source.getGraphs !== undefined && source.getGraphs(null, null, null).length <= 1;
      // Comunica asks for the default graph by its term; without a graph (GRAPH ?g) it wants every quad.
      if (g?.termType !== 'DefaultGraph' || oneGraph) return source.match(s, p, o, anyGraphForDefault(g));
      return distinct(source.match(s, p, o, null)) as unknown as RDF.Stream<RDF.Quad>;
    },
  };
  // An estimate for Comunica's join planning: a triple in several graphs is counted once per graph.
  if (source.countQuads) {
    const count = source.countQuads.bind(source);
    view.countQuads = (s, p, o, g) => count(s, p, o, anyGraphForDefault(g));
  }
  return view;
}
