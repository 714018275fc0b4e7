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
//   and every `GRAPH ?g` gets `FILTER(?g != <union>)`, so it stays out of sight
//   (a default graph named alone also makes `GRAPH <iri>` match nothing, so that
//   is written as `GRAPH ?g` filtered to the IRI: graphsForNamedDefault);
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

/** The variables under a node, each once. */
function variablesOf(node: unknown, found = new Map<string, Node>()): Node[] {
  if (Array.isArray(node)) for (const item of node) variablesOf(item, found);
  else if (isNode(node) && node.termType === 'Variable') found.set(String(node.value), node);
  else if (isNode(node) && !('termType' in node)) for (const value of Object.values(node)) variablesOf(value, found);
  return [...found.values()];
}

const filterOn = (variable: unknown, operator: '=' | '!=', iri: string) => ({
  type: 'filter',
  expression: { type: 'operation', operator, args: [variable, DataFactory.namedNode(iri)] },
});

/**
 * The GRAPH patterns as Virtuoso answers them right when a default graph is named without named
 * graphs (measured): `GRAPH ?g { … }` ranges over every graph, so it gets `FILTER (?g != <union>)`;
 * `GRAPH <iri> { … }` finds nothing, so it becomes a subquery over `GRAPH ?upr_graph_n` filtered to
 * `<iri>`, projecting the pattern's own variables (or, with none, `FILTER EXISTS` of it).
 */
function graphsForNamedDefault(node: unknown, fresh: () => Node): { node: unknown; changed: boolean } {
  if (Array.isArray(node)) {
    const items = node.map((item) => graphsForNamedDefault(item, fresh));
    return { node: items.map((i) => i.node), changed: items.some((i) => i.changed) };
  }
  if (!isNode(node) || 'termType' in node) return { node, changed: false };
  let changed = false;
  const copy: Node = {};
  for (const [key, value] of Object.entries(node)) {
    const inner = graphsForNamedDefault(value, fresh);
    copy[key] = inner.node;
    changed ||= inner.changed;
  }
  const name = node.name;
  if (node.type !== 'graph' || !isNode(name)) return { node: changed ? copy : node, changed };
  if (name.termType === 'Variable') return { node: { type: 'group', patterns: [copy, filterOn(name, '!=', UNION_GRAPH)] }, changed: true };
  const graph = fresh();
  const where = [{ ...copy, name: graph }, filterOn(graph, '=', String(name.value))];
  const variables = variablesOf(copy.patterns);
  const pattern = variables.length
    ? { type: 'query', queryType: 'SELECT', variables, where, prefixes: {} }
    : { type: 'filter', expression: { type: 'operation', operator: 'exists', args: [{ type: 'group', patterns: where }] } };
  return { node: { type: 'group', patterns: [pattern] }, changed: true };
}

/** The query with its GRAPH patterns as graphsForNamedDefault writes them. */
function keepMergeOutOfGraphs(query: sparqljs.Query): { node: unknown; changed: boolean } {
  const taken = new Set(variablesOf(query).map((v) => String(v.value)));
  let n = 0;
  const fresh = () => {
    while (taken.has(`upr_graph_${n}`)) n++;
    taken.add(`upr_graph_${n}`);
    return DataFactory.variable(`upr_graph_${n}`) as unknown as Node;
  };
  return graphsForNamedDefault(query, fresh);
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
  // A default graph named alone changes what GRAPH matches on Virtuoso: its patterns are written for that.
  if (mode === 'merged' || ownDefault) {
    const kept = keepMergeOutOfGraphs(query);
    return { query: kept.node as sparqljs.Query, changed: kept.changed, defaultGraphs: ownDefault ?? [UNION_GRAPH] };
  }
  if (mode === 'bag' && readsDefaultGraph(query)) {
    throw new UnsupportedFeatureError(
      "the union default graph on this store: its documents share triples and it repeats each shared triple once per graph (a bag, not SPARQL's merge); name the graphs with GRAPH, FROM NAMED or named-graph-uri instead",
    );
  }
  return { query, changed: false };
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
