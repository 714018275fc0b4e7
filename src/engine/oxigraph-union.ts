// The union default graph as a set on Oxigraph. Oxigraph 0.5.11 (the last npm
// release) reads the union default graph (use_default_graph_as_union) and
// `FROM a FROM b` as a bag: a triple stated in two graphs matches twice
// (oxigraph/oxigraph#1919, fixed by #1920 after 0.5.11). SPARQL's default graph
// is the RDF merge, so each triple once. Every document is a graph and
// documents share facts (states, codes, sources), so this store is checked
// once: with no triple in two graphs, Oxigraph's union mode is right and
// nothing changes; otherwise each named graph is copied into the store's own
// default graph (a set), which then answers queries without a dataset. A
// dataset of several default graphs sharing a triple goes to Comunica (the
// caller's job), which merges them as a set (plan.ts, datasetStore).
import oxigraph from 'oxigraph';
import { LRUCache } from 'lru-cache';

/** Whether two graphs of the dataset state a common triple. */
const OVERLAP = 'ASK { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?s ?p ?o } FILTER(?a != ?b) }';
/** Whether a triple of the store's own default graph is also stated in a named graph. */
const DEFAULT_OVERLAP = 'ASK { ?s ?p ?o GRAPH ?g { ?s ?p ?o } }';

/**
 * How queries without a dataset read the union of all graphs:
 * - `union`: Oxigraph's union mode (no triple is stated twice, so bag and set agree);
 * - `merged`: the store's default graph, which now holds every triple once (the data had none of its own);
 * - `comunica`: the data has a default graph of its own beside overlapping graphs: only Comunica answers right.
 */
export type UnionMode = 'union' | 'merged' | 'comunica';

export interface UnionDefaultGraph {
  /** The mode, settled (and the default graph filled) on the first call. */
  mode(): UnionMode;
  /** Whether the default graph was filled with the merge: it then stands for nothing in the data itself. */
  merged(): boolean;
  /** Whether these graphs, merged into one default graph, share a triple (Oxigraph would repeat it). */
  overlaps(graphs: readonly string[]): boolean;
}

/** Copies every named graph into the default graph, one graph per update to keep each transaction small. */
function mergeIntoDefaultGraph(store: oxigraph.Store): void {
  const graphs = store.query('SELECT DISTINCT ?g WHERE { GRAPH ?g {} }') as Array<Map<string, oxigraph.Term>>;
  for (const row of graphs) {
    const graph = row.get('g');
    if (graph?.termType !== 'NamedNode') continue;
    store.update(`INSERT { ?s ?p ?o } WHERE { GRAPH <${graph.value}> { ?s ?p ?o } }`);
  }
}

/**
 * The union default graph of an Oxigraph store that is never written to otherwise.
 * Checking costs one join over the data (0.5 s at 1M triples when an overlap is
 * found early); merging adds the default graph's indexes (README, Query engines).
 */
export function unionDefaultGraph(store: oxigraph.Store): UnionDefaultGraph {
  let settled: UnionMode | undefined;
  const overlapping = new LRUCache<string, boolean>({ max: 256 });

  function mode(): UnionMode {
    if (settled) return settled;
    const ownDefault = store.query('ASK { ?s ?p ?o }') === true;
    const overlap = store.query(OVERLAP) === true || (ownDefault && store.query(DEFAULT_OVERLAP) === true);
    if (!overlap) settled = 'union';
    else if (ownDefault) settled = 'comunica';
    else {
      mergeIntoDefaultGraph(store);
      settled = 'merged';
    }
    return settled;
  }

  function overlaps(graphs: readonly string[]): boolean {
    const distinct = [...new Set(graphs)].sort();
    if (distinct.length < 2) return false;
    const key = JSON.stringify(distinct);
    let found = overlapping.get(key);
    if (found === undefined) {
      found = store.query(OVERLAP, { default_graph: [], named_graphs: distinct.map((g) => oxigraph.namedNode(g)) }) === true;
      overlapping.set(key, found);
    }
    return found;
  }

  return { mode, merged: () => settled === 'merged', overlaps };
}
