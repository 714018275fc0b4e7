// The worker engine: each query runs in a pool of worker threads (pool.ts) that
// each hold a copy of the data, so that a query out of time is stopped by
// terminating its worker. Queries are planned here first, and results of
// repeatable ones kept (result-cache.ts).
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { Writer, type Store } from 'n3';
import { DEFAULT_FEDERATION, type FederationSettings } from '../federation/policy.js';
import {
  effectiveTimeout,
  type Engine,
  type EngineKind,
  type QueryOptions,
  type QueryResult,
  QuerySyntaxError,
  withTypedQueries,
} from './engine.js';
import type { NquadsSource } from './nquads-chunks.js';
import { planKey, planQuery, type QueryPlan } from './plan.js';
import { createWorkerPool, type PoolHealth, type WorkerPool } from './pool.js';
import { defaultResultCacheBytes, ResultCache } from './result-cache.js';
import { toPlainTerm } from './terms.js';
import { workerBootstrap } from './worker-bundle.js';
import type { WorkerData, WorkerRequest } from './worker-messages.js';
import { wasmBudget } from './wasm-memory.js';

export interface WorkerEngineOptions {
  /** Worker threads evaluating queries side by side (default 2). */
  workers?: number;
  /** The longest a query may run, in ms (default 30 s); a query's own timeoutMs may only lower it. */
  timeoutMs?: number;
  /** Rows (or triples) a result carries at most (default 10,000). */
  maxRows?: number;
  /** The heap a worker may use, in MiB; a query needing more is stopped (default 512). */
  memoryMb?: number;
  /** Queries that may wait for a free worker; more are refused at once (default 64). */
  maxQueued?: number;
  /** WebAssembly memory one Oxigraph query may use beyond the store, in MiB (default: src/engine/wasm-memory.ts). */
  queryMemoryMb?: number;
  /** A worker whose WebAssembly memory grew more than this past its loaded store, in MiB, is replaced after its query (default 128). */
  recycleMb?: number;
  /** The shortest time limit a query gets, in ms (default 1 s): shorter ones would only buy worker restarts. */
  minTimeoutMs?: number;
  /** Queries one client (QueryOptions.client) runs at once (default: one fewer than the workers, at least 1). */
  clientConcurrency?: number;
  /** Queries one client may have waiting; more are answered 429 (default 16). */
  clientQueue?: number;
  /** Worker seconds a client may use per minute before it is answered 429 (default 60). */
  clientQuerySeconds?: number;
  /** Told when a worker is replaced, and why. */
  onReplace?: (worker: number, reason: string) => void;
  /** Which remote endpoints SERVICE may call, and the limits of each call (default: Wikidata only). */
  federation?: FederationSettings;
  /** The engine the workers run (default Oxigraph). */
  engine?: EngineKind;
  /** Results kept for repeated queries (default 0: none); the data cannot change while the engine lives. */
  resultCacheEntries?: number;
  /** The estimated bytes those results may hold together (default: 5 % of the heap limit; src/engine/result-cache.ts). */
  resultCacheBytes?: number;
}

/** Functions whose value changes from one evaluation to the next: results using them are not cached. */
const VOLATILE = /\b(NOW|RAND|UUID|STRUUID)\s*\(/i;

export interface WorkerEngine extends Engine {
  /** The engine the workers run. */
  kind: EngineKind;
  /** A digest of the data the workers hold: cached results are only ever for this version. */
  datasetVersion: string;
  /** Resolves once every worker has loaded the store; rejects if the workers cannot start. */
  ready: Promise<void>;
  isReady(): boolean;
  health(): PoolHealth;
  close(): Promise<void>;
}

/**
 * What the workers load, and a digest naming that version of the data. A file
 * is named by its path, size and time of change rather than hashed: the file
 * case is for large graphs, whose hashing would cost a second reading.
 */
function workerSource(data: Store | { nquads: string } | { file: string }): { source: NquadsSource; datasetVersion: string } {
  const digest = (input: string | Uint8Array) => createHash('sha256').update(input).digest('base64url').slice(0, 22);
  if ('file' in data) {
    const stat = statSync(data.file);
    return { source: { file: data.file }, datasetVersion: digest(`${data.file}\n${stat.size}\n${stat.mtimeMs}`) };
  }
  const text = 'nquads' in data ? data.nquads : new Writer({ format: 'N-Quads' }).quadsToString(data.getQuads(null, null, null, null));
  const bytes = Buffer.from(text, 'utf8');
  const nquads = new SharedArrayBuffer(bytes.length);
  new Uint8Array(nquads).set(bytes);
  return { source: { nquads }, datasetVersion: digest(bytes) };
}

/** A promise settled from outside: the pool says when its workers are up, or broken. */
function readiness(): { ready: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  ready.catch(() => {});
  return { ready, resolve, reject };
}

/** The pool of workers, each started on the data with its heap and WebAssembly budgets. */
function startPool(
  source: NquadsSource,
  options: WorkerEngineOptions,
  settings: { size: number; limitMs: number; memoryMb: number; federation: FederationSettings; kind: EngineKind },
  started: ReturnType<typeof readiness>,
): WorkerPool {
  const { size, limitMs, memoryMb, federation, kind } = settings;
  const bootstrap = workerBootstrap();
  const wasm = wasmBudget(
    'nquads' in source ? source.nquads.byteLength : statSync(source.file).size,
    size,
    options.queryMemoryMb,
    options.recycleMb,
  );
  return createWorkerPool({
    workers: size,
    start: () => {
      const workerOptions = {
        workerData: { source, federation, engine: kind, wasm } satisfies WorkerData,
        resourceLimits: { maxOldGenerationSizeMb: memoryMb },
        execArgv: [] as string[],
      };
      return 'code' in bootstrap ? new Worker(bootstrap.code, { ...workerOptions, eval: true }) : new Worker(bootstrap.url, workerOptions);
    },
    heapMb: memoryMb,
    maxQueued: options.maxQueued,
    // Time enough to wait behind a query that runs out of time, and for its worker to be replaced.
    maxWaitMs: 2 * limitMs,
    minTimeoutMs: options.minTimeoutMs,
    clientConcurrency: options.clientConcurrency,
    clientQueue: options.clientQueue,
    clientQuerySeconds: options.clientQuerySeconds,
    onReplace: options.onReplace,
    onReady: () => started.resolve(),
    onBroken: (error) => started.reject(error),
  });
}

/** A query as a worker is sent it: only what the worker needs, terms as plain objects. */
function workerRequest(id: number, text: string, queryOptions: QueryOptions, rows: number): WorkerRequest {
  return {
    id,
    text,
    maxRows: rows,
    ...(queryOptions.baseIri ? { baseIri: queryOptions.baseIri } : {}),
    ...(queryOptions.defaultGraphs?.length ? { defaultGraphs: queryOptions.defaultGraphs } : {}),
    ...(queryOptions.namedGraphs?.length ? { namedGraphs: queryOptions.namedGraphs } : {}),
    ...(queryOptions.unionDefaultGraph === false ? { unionDefaultGraph: false as const } : {}),
    ...(queryOptions.bindings
      ? { bindings: Object.fromEntries(Object.entries(queryOptions.bindings).map(([k, t]) => [k, toPlainTerm(t)])) }
      : {}),
  };
}

/**
 * An engine that runs each query in a pool of worker threads (pool.ts),
 * each holding a copy of the store. A query past its time limit is stopped by
 * terminating its worker, which is replaced; other queries keep being answered meanwhile.
 */
export function createWorkerEngine(data: Store | { nquads: string } | { file: string }, options: WorkerEngineOptions = {}): WorkerEngine {
  const size = Math.max(1, options.workers ?? 2);
  const limitMs = options.timeoutMs ?? 30_000;
  const maxRows = options.maxRows ?? 10_000;
  const memoryMb = options.memoryMb ?? 512;
  const federation = options.federation ?? DEFAULT_FEDERATION;
  const kind = options.engine ?? 'oxigraph';
  const { source, datasetVersion } = workerSource(data);
  const results = new ResultCache({
    entries: options.resultCacheEntries ?? 0,
    bytes: options.resultCacheBytes ?? defaultResultCacheBytes(),
  });
  const caching = (options.resultCacheEntries ?? 0) > 0;
  const started = readiness();
  const pool = startPool(source, options, { size, limitMs, memoryMb, federation, kind }, started);
  let nextId = 1;
  let closed = false;

  async function query(text: string, queryOptions: QueryOptions = {}): Promise<QueryResult> {
    if (closed) throw new Error('the query engine is closed');
    // Syntax errors, updates and disallowed SERVICEs are refused here, before a worker is taken; except that
    // a text sparqljs cannot read goes to Oxigraph, whose own parser has the last word (oxigraph.ts).
    let plan: QueryPlan | undefined;
    try {
      plan = planQuery(text, queryOptions, federation);
    } catch (error) {
      if (kind !== 'oxigraph' || !(error instanceof QuerySyntaxError) || queryOptions.bindings) throw error;
    }
    const rows = Math.min(queryOptions.maxRows ?? maxRows, maxRows);
    // The data is fixed for the engine's life, so a repeated query gets the same result, unless it calls
    // remote endpoints (their data may change) or functions that differ per evaluation.
    const cacheKey = caching && !plan?.services?.length && !VOLATILE.test(text) ? planKey(text, queryOptions, rows) : undefined;
    const cached = cacheKey === undefined ? undefined : results.get(cacheKey);
    if (cached) return cached;
    if (cacheKey !== undefined) {
      return run(text, queryOptions, rows).then((result) => {
        results.set(cacheKey, result);
        return result;
      });
    }
    return run(text, queryOptions, rows);
  }

  function run(text: string, queryOptions: QueryOptions, rows: number): Promise<QueryResult> {
    const timeoutMs = effectiveTimeout(limitMs, queryOptions.timeoutMs) ?? limitMs;
    const request = workerRequest(nextId++, text, queryOptions, rows);
    return pool.run(request, { timeoutMs, signal: queryOptions.signal, client: queryOptions.client });
  }

  const engine = withTypedQueries(query, {
    clearCache: () => results.clear(),
    isReady: () => !closed && pool.health().status !== 'not ready',
    health: () => pool.health(),
    async close() {
      if (closed) return;
      closed = true;
      started.reject(new Error('the query engine was closed'));
      await pool.close();
    },
  });
  return Object.assign(engine, { ready: started.ready, kind, datasetVersion }) as WorkerEngine;
}
