// One of our engines in a process of its own, so that its memory is measured
// alone: loads the N-Quads file, reports load time and resident memory, times
// every benchmark query (warm-up, then `runs` runs), with Oxigraph used directly
// in the same process taking turns with it when asked (withDirect), and serves
// the endpoint on loopback for the HTTP load test until told to stop (stdin closes).
// Started by bench/run.ts: node --expose-gc --import tsx bench/engine-child.ts '<json>'.
// Every line on stdout is one JSON message.
import type oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { loadConfig } from '../src/config.js';
import { createWorkerEngine, nquadsChunks, QueryTimeoutError, type QueryResult, type WorkerEngine } from '../src/engine/index.js';
import { loadOxigraphStore } from '../src/engine/oxigraph.js';
import { benchQueries, median } from './queries.js';
import { serveApp } from './serve-app.js';

export interface ChildOptions {
  engine: 'comunica' | 'fast';
  file: string;
  runs: number;
  timeoutMs: number;
  workers: number;
  serve: boolean;
  /** Time for all the queries: those left when it is spent are reported as skipped. */
  budgetMs: number;
  /**
   * Also load Oxigraph directly in this process (after the engine, its memory measured apart) and time it
   * alternately with the engine, query by query, so that both see the same moments of a noisy machine.
   */
  withDirect?: boolean;
}

export type ChildMessage =
  | { type: 'load'; engine?: 'direct'; triples: number; loadMs: number; rssBytes: number }
  | {
      type: 'query';
      engine?: 'direct';
      name: string;
      status: 'ok' | 'timeout' | 'error' | 'skipped';
      medianMs?: number;
      timesMs?: number[];
      count?: number;
      message?: string;
    }
  | { type: 'serving'; url: string }
  | { type: 'done' };

const options = JSON.parse(process.argv[2]) as ChildOptions;
const say = (message: ChildMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
const gc = () => (globalThis as { gc?: () => void }).gc?.();

function keyOf(t: RDF.Term): string {
  return t.termType === 'Literal' ? `"${t.value}"@${t.language}^^${t.datatype.value}` : `${t.termType}:${t.value}`;
}

/** Rows, distinct triples, or 1/0 for ASK: the number compared across engines. */
function countOf(result: QueryResult): number {
  if (result.type === 'boolean') return result.value ? 1 : 0;
  if (result.type === 'bindings') return result.rows.length;
  return new Set(result.quads.map((q) => `${keyOf(q.subject)} ${keyOf(q.predicate)} ${keyOf(q.object)}`)).size;
}

/** Reads every value of an Oxigraph term, as a user of the results would (the terms are views into WebAssembly memory). */
function readTerm(term: oxigraph.Term | undefined): number {
  if (!term) return 0;
  if (term.termType === 'Literal')
    return term.value.length + (term as oxigraph.Literal).language.length + (term as oxigraph.Literal).datatype.value.length;
  if (term.termType === 'Quad') {
    const q = term as unknown as oxigraph.Quad;
    return readTerm(q.subject) + readTerm(q.predicate) + readTerm(q.object) + readTerm(q.graph);
  }
  return term.value.length;
}

/** The count of a direct result, after every value in it was read (so that the results are as fully read as our engines'). */
function directCount(raw: unknown): number {
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  const items = raw as Array<Map<string, oxigraph.Term> | oxigraph.Quad>;
  // Reading every value is the point: the character total only keeps the reads from being optimised away.
  let characters = 0;
  if (items.length && !(items[0] instanceof Map)) {
    const quads = items as oxigraph.Quad[];
    for (const q of quads) characters += readTerm(q as unknown as oxigraph.Term);
    return new Set(quads.map((q) => `${q.subject.toString()} ${q.predicate.toString()} ${q.object.toString()}`)).size;
  }
  for (const row of items as Array<Map<string, oxigraph.Term>>) for (const term of row.values()) characters += readTerm(term);
  return characters >= 0 ? items.length : 0;
}

// Analyst queries first: an engine that runs out of its time budget is still compared on the heavy questions.
const queries = (await benchQueries()).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'analyst' ? -1 : 1));
const answered = new Set<string>();
// One quad a line, and the generator writes no duplicates: the number of lines is the number of triples.
let lines = 0;
for (const piece of nquadsChunks({ file: options.file })) for (let i = piece.indexOf(10); i >= 0; i = piece.indexOf(10, i + 1)) lines++;
/** Collects garbage before and after a pause, so that a resident-set reading holds what is live. */
const settle = async () => {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
};

gc();
const baseline = process.memoryUsage().rss;
const started = performance.now();
// The workers read the file themselves: this process holds no copy of the data.
const engine: WorkerEngine = createWorkerEngine(
  { file: options.file },
  {
    engine: options.engine === 'fast' ? 'oxigraph' : 'comunica',
    workers: options.workers,
    timeoutMs: options.timeoutMs,
    maxRows: 10_000_000,
    memoryMb: 16_384,
    resultCacheEntries: 0,
    // autocannon is one client address: it may use every worker, without a budget of query-seconds.
    clientConcurrency: options.workers,
    clientQuerySeconds: Number.MAX_SAFE_INTEGER,
    clientQueue: 1024,
  },
);
await engine.ready;
const loadMs = performance.now() - started;
await settle();
const triples = lines;
say({ type: 'load', triples, loadMs, rssBytes: process.memoryUsage().rss - baseline });

let peer: oxigraph.Store | undefined;
if (options.withDirect) {
  await settle();
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  peer = loadOxigraphStore(nquadsChunks({ file: options.file }));
  const ms = performance.now() - t0;
  await settle();
  say({ type: 'load', engine: 'direct', triples: peer.size, loadMs: ms, rssBytes: process.memoryUsage().rss - before });
}

type Timed = { ms: number; count: number };

/** One timed evaluation by Oxigraph in this thread, every value of the result read. */
async function directOnce(direct: oxigraph.Store, q: (typeof queries)[number]): Promise<Timed> {
  // Garbage of the run before is collected first, and the event loop turned so that the finalisers run:
  // Oxigraph's result objects hold WebAssembly memory until finalised, and left to pile up they made
  // later direct runs slower and slower (one never ended).
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  const t0 = performance.now();
  const raw = direct.query(q.standalone, { use_default_graph_as_union: true });
  return { ms: performance.now() - t0, count: directCount(raw) };
}

/** One timed evaluation by this child's engine: its time and count, or the timeout it hit. */
async function once(q: (typeof queries)[number]): Promise<Timed> {
  const t0 = performance.now();
  const result = await engine.query(q.text, { bindings: q.bindings });
  return { ms: performance.now() - t0, count: countOf(result) };
}

const queriesStarted = performance.now();
for (const q of queries) {
  if (performance.now() - queriesStarted > options.budgetMs) {
    say({ type: 'query', name: q.name, status: 'skipped' });
    if (peer) say({ type: 'query', engine: 'direct', name: q.name, status: 'skipped' });
    continue;
  }
  try {
    const warm = await once(q);
    const peerWarm = peer ? await directOnce(peer, q) : undefined;
    const times: number[] = [];
    const peerTimes: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      times.push((await once(q)).ms);
      if (peer) peerTimes.push((await directOnce(peer, q)).ms);
    }
    say({ type: 'query', name: q.name, status: 'ok', medianMs: median(times), timesMs: times, count: warm.count });
    if (peerWarm)
      say({
        type: 'query',
        engine: 'direct',
        name: q.name,
        status: 'ok',
        medianMs: median(peerTimes),
        timesMs: peerTimes,
        count: peerWarm.count,
      });
    answered.add(q.name);
  } catch (error) {
    // Oxigraph direct cannot be stopped: a query our engine did not answer in time is not tried on it.
    if (peer) say({ type: 'query', engine: 'direct', name: q.name, status: 'skipped' });
    if (error instanceof QueryTimeoutError) {
      say({ type: 'query', name: q.name, status: 'timeout' });
      if (performance.now() - queriesStarted > options.budgetMs) continue;
      // The stopped worker reloads the data: let it finish, so that its loading does not slow the next queries.
      await new Promise((resolve) => setTimeout(resolve, loadMs / options.workers));
      for (let tries = 0; tries < 30; tries++)
        if (
          await engine.ask('ASK {}').then(
            () => true,
            () => false,
          )
        )
          break;
    } else say({ type: 'query', name: q.name, status: 'error', message: (error as Error).message.slice(0, 300) });
  }
}

// An engine that cannot answer the selective query in time is not load-tested: every request would be a 503.
if (options.serve && answered.has('selective-join')) {
  const config = loadConfig(
    {},
    { host: '127.0.0.1', port: 0, queryTimeoutMs: options.timeoutMs, workers: options.workers, resultCacheEntries: 0 },
  );
  const server = await serveApp(engine, config, triples);
  say({ type: 'serving', url: server.url });
  // The parent closes stdin when its load test is over.
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
  server.close();
}
await engine.close();
say({ type: 'done' });
process.exit(0);
