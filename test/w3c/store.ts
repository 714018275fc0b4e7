// The W3C suite over a triple store: one local Virtuoso (src/store/virtuoso.ts)
// for a test file, holding one test's dataset at a time, and two evaluators
// over it: the project's store engine (createStoreEngine, dialect 'virtuoso')
// and Virtuoso used directly (the same query POSTed to its endpoint).
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataFactory, Parser, type Store, Writer } from 'n3';
import sparqljs from 'sparqljs';
import { SparqlJsonParser } from 'sparqljson-parse';
import type * as RDF from '@rdfjs/types';
import { DEFAULTS } from '../../src/config.js';
import type { QueryOptions, QueryResult } from '../../src/engine/index.js';
import { createStoreEngine } from '../../src/engine/store.js';
import { sparqlQuery } from '../../src/store/protocol.js';
import { freePort, startVirtuoso, storeLimits, type Virtuoso } from '../../src/store/virtuoso.js';
import { fromIris, type Evaluator } from './run.js';

/**
 * Where a test's default graph is held: Virtuoso has no default graph of its own (every triple is
 * in some graph), so the test's default graph is a graph too, given as default-graph-uri wherever
 * the union of all graphs would not be exactly it.
 */
export const TEST_DEFAULT_GRAPH = 'urn:upr-graph:w3c:default';

export interface W3cStore {
  /** The project's store engine over the Virtuoso. */
  engine: Evaluator;
  /** Virtuoso used directly: the text as written, POSTed with the same dataset parameters. */
  raw: Evaluator;
  /** Datasets loaded (a test whose dataset is the one loaded already reuses it), and the time that took. */
  loads: { count: number; ms: number };
  close(): Promise<void>;
}

/** The store's quads as N-Quads with blank nodes numbered by first appearance: equal for equal datasets read in the same order. */
function datasetKey(store: Store): string {
  const labels = new Map<string, string>();
  const text = new Writer({ format: 'N-Quads' }).quadsToString(store.getQuads(null, null, null, null));
  return text.replace(/_:[^\s]+/g, (label) => labels.get(label) ?? labels.set(label, `_:n${labels.size}`).get(label)!);
}

/** The graphs of the store, the default graph under TEST_DEFAULT_GRAPH, each as N-Triples. */
function graphsOf(store: Store): Map<string, string> {
  const graphs = new Map<string, string>();
  for (const graph of store.getGraphs(null, null, null)) {
    const triples = store.getQuads(null, null, null, graph).map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
    graphs.set(
      graph.termType === 'DefaultGraph' ? TEST_DEFAULT_GRAPH : graph.value,
      new Writer({ format: 'N-Triples' }).quadsToString(triples),
    );
  }
  return graphs;
}

const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Replaces everything Virtuoso holds by the store's dataset, in one isql call (DB.DBA.TTLP, the loader's replace path). */
async function loadDataset(virtuoso: Virtuoso, dir: string, store: Store): Promise<void> {
  const statements = ['DELETE FROM DB.DBA.RDF_QUAD;'];
  let i = 0;
  for (const [graph, ntriples] of graphsOf(store)) {
    const file = path.join(dir, `${i++}.nt`);
    await writeFile(file, ntriples);
    statements.push(`DB.DBA.TTLP(file_to_string_output(${sqlString(file)}), '', ${sqlString(graph)}, 0);`);
  }
  await virtuoso.isql(statements.join(' '));
}

/**
 * The options a test is asked with on the store. A dataset given (the protocol mode) or named by
 * FROM stays as it is; without named graphs and GRAPH, none is given (the union of all graphs is
 * then exactly the test's default graph: the path of the service); otherwise the test's own.
 */
export function storeOptions(store: Store, text: string, options: QueryOptions): QueryOptions {
  if (options.defaultGraphs || options.namedGraphs) return options;
  if (fromIris(text, options.baseIri ?? '').length > 0) return options;
  const named = store
    .getGraphs(null, null, null)
    .filter((g) => g.termType === 'NamedNode')
    .map((g) => g.value);
  if (named.length === 0 && !/\bGRAPH\b/i.test(text.replace(/#.*$/gm, ''))) return options;
  return { ...options, defaultGraphs: [TEST_DEFAULT_GRAPH], namedGraphs: named };
}

/** Whether the query answers with a graph (CONSTRUCT, DESCRIBE), by sparqljs's reading, else by its keyword. */
function answersWithGraph(text: string, baseIri?: string): boolean {
  try {
    const query = new sparqljs.Parser({ baseIRI: baseIri }).parse(text) as sparqljs.Query;
    return query.queryType === 'CONSTRUCT' || query.queryType === 'DESCRIBE';
  } catch {
    return /\b(CONSTRUCT|DESCRIBE)\b/i.test(text.replace(/#.*$/gm, ''));
  }
}

/** Virtuoso's answer read as a plain client reads it; its ASK answer is a one-column table (__ASK_RETVAL: 1, or no row). */
async function askVirtuoso(endpoint: string, text: string, options: QueryOptions): Promise<QueryResult> {
  const graph = answersWithGraph(text, options.baseIri);
  const reply = await sparqlQuery(
    { queryUrl: endpoint },
    {
      // The protocol has no base IRI: the text states it, as a client must.
      text: options.baseIri && !/\bBASE\s*</i.test(text) ? `BASE <${options.baseIri}>\n${text}` : text,
      defaultGraphs: options.defaultGraphs,
      namedGraphs: options.namedGraphs,
      accept: graph ? 'application/n-triples' : 'application/sparql-results+json',
      timeoutMs: 30_000,
    },
  );
  if (graph) return { type: 'quads', quads: new Parser({ format: 'N-Triples' }).parse(reply.text) as RDF.Quad[], truncated: false };
  const json = JSON.parse(reply.text);
  if (typeof json.boolean === 'boolean') return { type: 'boolean', value: json.boolean };
  const bindings = json.results?.bindings ?? [];
  if (json.head?.vars?.length === 1 && json.head.vars[0] === '__ASK_RETVAL')
    return { type: 'boolean', value: bindings.length > 0 && bindings[0].__ASK_RETVAL.value === '1' };
  const rows = new SparqlJsonParser({ dataFactory: DataFactory as never })
    .parseJsonResults(json)
    .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/^\?/, ''), v])));
  return { type: 'bindings', variables: json.head?.vars ?? [], rows, truncated: false };
}

/** Starts a Virtuoso in a temporary directory (the service's limits, 512 MiB of buffers) and the two evaluators over it. */
export async function startW3cStore(): Promise<W3cStore> {
  const virtuoso = await startVirtuoso({
    dir: await mkdtemp(path.join(os.tmpdir(), 'upr-w3c-virtuoso-')),
    sqlPort: await freePort(),
    httpPort: await freePort(),
    memoryMb: 512,
    ...storeLimits(DEFAULTS),
  });
  const dir = path.join(virtuoso.settings.dir, 'w3c');
  await mkdir(dir, { recursive: true });
  const engine = createStoreEngine({ endpoints: { queryUrl: virtuoso.endpoint }, dialect: 'virtuoso', maxRows: DEFAULTS.maxRows });
  const loads = { count: 0, ms: 0 };
  let loaded: string | undefined;
  const load = async (store: Store) => {
    const key = datasetKey(store);
    if (key === loaded) return;
    const started = performance.now();
    loaded = undefined;
    await loadDataset(virtuoso, dir, store);
    loaded = key;
    loads.count++;
    loads.ms += performance.now() - started;
  };
  return {
    async engine(store, text, options) {
      await load(store);
      return engine.query(text, storeOptions(store, text, options));
    },
    async raw(store, text, options) {
      await load(store);
      return askVirtuoso(virtuoso.endpoint, text, storeOptions(store, text, options));
    },
    loads,
    async close() {
      await engine.close();
      await virtuoso.stop({ remove: true });
    },
  };
}
