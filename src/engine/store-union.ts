// The store's union default graph as SPARQL's RDF merge (each triple once).
// Virtuoso 7.2 reads the default graph as a bag, measured in
// test/store/union.test.ts: with no dataset, `FROM a FROM b` and
// default-graph-uri listing both alike, a triple in two graphs matches twice;
// `define input:default-graph-exclude` works but would need every document
// named; `define input:named-graph-exclude <u>` also empties the default graph
// <u> and breaks paths, so it cannot hide a merged graph. Settled once when the
// engine starts:
// - `merged`: the loader keeps the merge as UNION_GRAPH (src/store/union.ts): a
//   query without a dataset names it as its default graph (default-graph-uri),
//   and every `GRAPH ?g` gets `FILTER(?g != <union>)`, so it stays out of sight;
// - `set`: the store's union has each triple once (counted: COUNT(*) over
//   { ?s ?p ?o } equals the count of its DISTINCT triples): nothing changes;
// - `bag`: it does not, and no merge is kept: a query reading the union
//   default graph is refused with 501 naming why, never answered wrongly.
// A dataset of several default graphs (FROM, default-graph-uri) is a bag on
// Virtuoso too: where graphs overlap, one that shares a triple is refused.
import { DataFactory } from 'n3';
import type sparqljs from 'sparqljs';
import { LRUCache } from 'lru-cache';
import { sparqlQuery, type StoreEndpoints } from '../store/protocol.js';
import { UNION_GRAPH } from '../store/union.js';
import { type StoreDialect, UnsupportedFeatureError } from './store-features.js';

export { UNION_GRAPH };

/** A graph no store holds: naming it as the only default (or named) graph leaves that part of the dataset empty. */
export const NO_GRAPH = 'urn:upr-graph:no-graph';

/** How the store's default graph without a dataset stands (see the header). */
export type StoreUnionMode = 'set' | 'merged' | 'bag';

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** The rows of a SELECT's answer (SPARQL JSON). */
async function selectRows(endpoints: StoreEndpoints, text: string, timeoutMs: number, named?: string[]) {
  const reply = await sparqlQuery(endpoints, {
    text,
    accept: 'application/sparql-results+json',
    timeoutMs,
    ...(named ? { defaultGraphs: [NO_GRAPH], namedGraphs: named } : {}),
  });
  return (JSON.parse(reply.text) as { results: { bindings: Array<Record<string, { value: string }>> } }).results.bindings;
}

const TRIPLES = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
const DISTINCT_TRIPLES = 'SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }';
const SHARED = 'SELECT ?s WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?s ?p ?o } FILTER (?a != ?b) } LIMIT 1';

/** Finds the mode: the merged graph on a Virtuoso our loader filled, else two counts over the union. */
export async function storeUnionMode(endpoints: StoreEndpoints, dialect: StoreDialect, timeoutMs: number): Promise<StoreUnionMode> {
  if (dialect === 'virtuoso') {
    const merged = await selectRows(endpoints, `SELECT ?s WHERE { GRAPH <${UNION_GRAPH}> { ?s ?p ?o } } LIMIT 1`, timeoutMs);
    if (merged.length) return 'merged';
  }
  const [all, distinct] = await Promise.all(
    [TRIPLES, DISTINCT_TRIPLES].map(async (text) => Number((await selectRows(endpoints, text, timeoutMs))[0]?.n?.value)),
  );
  if (!Number.isFinite(all) || !Number.isFinite(distinct)) throw new Error('the store did not answer a count of its triples');
  return all === distinct ? 'set' : 'bag';
}

/** Whether the query reads the default graph: a triple pattern (or path) outside every GRAPH. */
export function readsDefaultGraph(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(readsDefaultGraph);
  if (!isNode(node) || 'termType' in node) return false;
  if (node.type === 'graph') return false;
  if (node.type === 'bgp') return Array.isArray(node.triples) && node.triples.length > 0;
  return Object.entries(node).some(([key, value]) => key !== 'template' && readsDefaultGraph(value));
}

/** Every `GRAPH ?g { … }` as `{ GRAPH ?g { … } FILTER (?g != <union>) }`: the merged graph is none of the documents. */
function keepMergeOutOfGraphs(node: unknown): { node: unknown; changed: boolean } {
  if (Array.isArray(node)) {
    const items = node.map(keepMergeOutOfGraphs);
    return { node: items.map((i) => i.node), changed: items.some((i) => i.changed) };
  }
  if (!isNode(node) || 'termType' in node) return { node, changed: false };
  let changed = false;
  const copy: Node = {};
  for (const [key, value] of Object.entries(node)) {
    const inner = keepMergeOutOfGraphs(value);
    copy[key] = inner.node;
    changed ||= inner.changed;
  }
  const name = node.name;
  if (node.type !== 'graph' || !isNode(name) || name.termType !== 'Variable') return { node: changed ? copy : node, changed };
  const filter = {
    type: 'filter',
    expression: { type: 'operation', operator: '!=', args: [name, DataFactory.namedNode(UNION_GRAPH)] },
  };
  return { node: { type: 'group', patterns: [copy, filter] }, changed: true };
}

/** A query without a dataset as the store is sent it: the query, whether it was rewritten, and its default graph. */
export interface UnionDefault {
  query: sparqljs.Query;
  changed: boolean;
  defaultGraphs?: string[];
}

/** For a query without a dataset: what to send, by the mode; refused (501) where the store would answer a bag. */
export function unionDefault(query: sparqljs.Query, mode: StoreUnionMode, unionDefaultGraph: boolean | undefined): UnionDefault {
  const ownDefault = unionDefaultGraph === false ? [NO_GRAPH] : undefined;
  if (mode === 'merged') {
    const kept = keepMergeOutOfGraphs(query);
    return { query: kept.node as sparqljs.Query, changed: kept.changed, defaultGraphs: ownDefault ?? [UNION_GRAPH] };
  }
  if (mode === 'bag' && !ownDefault && readsDefaultGraph(query)) {
    throw new UnsupportedFeatureError(
      "the union default graph on this store: its documents share triples and it repeats each shared triple once per graph (a bag, not SPARQL's merge); name the graphs with GRAPH, FROM NAMED or named-graph-uri instead",
    );
  }
  return { query, changed: false, ...(ownDefault ? { defaultGraphs: ownDefault } : {}) };
}

/** Whether datasets of several default graphs share a triple, asked once per set of graphs. */
export function datasetOverlap(endpoints: StoreEndpoints): (defaults: readonly string[], timeoutMs: number) => Promise<void> {
  const known = new LRUCache<string, boolean>({ max: 256 });
  return async (defaults, timeoutMs) => {
    const graphs = [...new Set(defaults)].sort();
    if (graphs.length < 2) return;
    const key = JSON.stringify(graphs);
    let shared = known.get(key);
    if (shared === undefined) {
      shared = (await selectRows(endpoints, SHARED, timeoutMs, graphs)).length > 0;
      known.set(key, shared);
    }
    if (shared)
      throw new UnsupportedFeatureError(
        "a default graph of several graphs that share triples (FROM or default-graph-uri): the store repeats each shared triple once per graph (a bag, not SPARQL's merge); query them one at a time or with GRAPH",
      );
  };
}
