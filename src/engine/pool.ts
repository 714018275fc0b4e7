// The pool of query workers behind createWorkerEngine (src/engine/worker-engine.ts): which
// worker takes which query, when a query's time is up, and when a worker is
// replaced. Nothing here knows SPARQL; a worker is started by the function
// passed in and speaks WorkerRequest / WorkerReply.
//
// Fairness: queries wait in one queue per client (the caller's address over
// HTTP), taken in turn, so that one client's backlog does not hold the others';
// a client runs at most `clientConcurrency` queries at once (by default one
// worker fewer than the pool has, so another client always finds one), and
// spends at most `clientQuerySeconds` of worker time per minute (a decaying
// debt, as Wikidata's query service counts it; a query that ends its worker
// also pays for the new one's start), beyond which it is answered 429 with the
// seconds to wait. A query's clock starts when a worker takes it.
import type { Worker } from 'node:worker_threads';
import {
  QueryCancelledError,
  QueryLimitError,
  QueryResourceError,
  QuerySyntaxError,
  QueryTimeoutError,
  ServiceFailedError,
  ServiceForbiddenError,
  UpdateForbiddenError,
  formatDuration,
  type QueryResult,
} from './engine.js';
import { fromPlainResult } from './terms.js';
import type { WorkerReply, WorkerRequest } from './worker-messages.js';

/** The client has used its share: too many queries waiting, or its query-seconds of the last minute. */
export class QueryRateLimitError extends Error {
  name = 'QueryRateLimitError';
  constructor(
    message: string,
    /** Seconds until the client may ask again (the Retry-After header). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export interface PoolOptions {
  /** Worker threads (default 2). */
  workers: number;
  /** Starts one worker thread. */
  start: () => Worker;
  /** Queries that may wait for a free worker, all clients together; more are refused with a 503 (default 64). */
  maxQueued?: number;
  /** The longest a query may wait for a worker before it is refused with a 503, in ms (default 30 s). */
  maxWaitMs?: number;
  /** The shortest time limit a query gets, in ms, and the least a cancelled query runs before its worker is stopped (default 1 s). */
  minTimeoutMs?: number;
  /** Queries one client runs at once (default: one fewer than the workers, at least 1). */
  clientConcurrency?: number;
  /** Queries one client may have waiting; more are answered 429 (default 16). */
  clientQueue?: number;
  /** Worker seconds one client may use per minute; beyond, 429 until it has paid back (default 60). */
  clientQuerySeconds?: number;
  /** The V8 heap cap of a worker, in MiB, for the message of a query that hit it. */
  heapMb: number;
  /** Called when a worker is replaced, with why (the server logs it). */
  onReplace?: (worker: number, reason: string) => void;
  /** Called when workers cannot start (three failures in a row): every waiting query is refused. */
  onBroken?: (error: Error) => void;
  /** Called the first time every worker is ready. */
  onReady?: () => void;
}

/** What /health reports of one worker. */
export interface WorkerHealth {
  worker: number;
  state: 'ready' | 'busy' | 'starting';
  /** Why it is starting, when it replaces one that was stopped. */
  replacing?: string;
}

export interface PoolHealth {
  /** ready: every worker up; degraded: some are being replaced; not ready: none can take a query. */
  status: 'ready' | 'degraded' | 'not ready';
  workers: WorkerHealth[];
}

interface Job {
  request: WorkerRequest;
  client: string;
  timeoutMs: number;
  resolve: (result: QueryResult) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
  slot?: Slot;
  startedAt?: number;
  cleanup: () => void;
}

interface Slot {
  index: number;
  worker: Worker;
  ready: boolean;
  job?: Job;
  replacing?: string;
  /** The client whose query ended the last worker, and when: it pays for the new one's start. */
  replacedFor?: { client: string; at: number };
}

interface Client {
  queue: Job[];
  running: number;
  /** Worker seconds owed, as of `at`; paid back at clientQuerySeconds per minute. */
  debt: number;
  at: number;
  /** When (in queries taken) a worker last took one of its queries: the client served longest ago goes first. */
  servedAt: number;
}

/** A worker's error, by its name, as the class the rest of the app maps to a status (built on use: engine.ts and worker-engine.ts import this module). */
function workerError(name: string, message: string): Error {
  const classes: Record<string, new (message: string) => Error> = {
    QuerySyntaxError,
    QueryLimitError,
    UpdateForbiddenError,
    ServiceForbiddenError,
    ServiceFailedError,
    QueryResourceError,
  };
  return new (classes[name] ?? Error)(message);
}

/** A caller without an address (saved-query exports, the CLI): queued like any client, but never limited. */
const INTERNAL = '';

export interface WorkerPool {
  run(request: WorkerRequest, options: { timeoutMs: number; signal?: AbortSignal; client?: string }): Promise<QueryResult>;
  health(): PoolHealth;
  close(): Promise<void>;
}

export function createWorkerPool(options: PoolOptions): WorkerPool {
  const size = Math.max(1, options.workers);
  const maxQueued = options.maxQueued ?? 64;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const minTimeoutMs = options.minTimeoutMs ?? 1000;
  const concurrency = Math.max(1, options.clientConcurrency ?? size - 1);
  const clientQueue = options.clientQueue ?? 16;
  const budgetSeconds = options.clientQuerySeconds ?? 60;
  const clients = new Map<string, Client>();
  /** Queries taken so far: a client's servedAt is the number of its last one. */
  let served = 0;
  const slots: Slot[] = [];
  let queued = 0;
  let closed = false;
  let failuresInARow = 0;
  let everReady = false;
  let broken: Error | undefined;

  function clientOf(key: string): Client {
    let client = clients.get(key);
    if (!client) clients.set(key, (client = { queue: [], running: 0, debt: 0, at: Date.now(), servedAt: 0 }));
    return client;
  }

  /** The client's debt now, paid back at budgetSeconds per 60 s since it was last counted. */
  function debtOf(client: Client, now = Date.now()): number {
    client.debt = Math.max(0, client.debt - ((now - client.at) / 60_000) * budgetSeconds);
    client.at = now;
    return client.debt;
  }

  /** Drops what is kept of a client with nothing waiting, running or owed. */
  function forget(key: string, client: Client): void {
    if (key !== INTERNAL && client.queue.length === 0 && client.running === 0 && debtOf(client) === 0) clients.delete(key);
  }

  function spawn(slot: Slot): void {
    const worker = options.start();
    slot.worker = worker;
    slot.ready = false;
    worker.on('message', (reply: WorkerReply) => onReply(slot, worker, reply));
    worker.on('error', (error: Error) => onWorkerDeath(slot, worker, error));
    worker.on('exit', (code) => onWorkerDeath(slot, worker, new Error(`query worker exited with code ${code}`)));
  }

  /**
   * Stops the slot's worker and starts a fresh one in its place; `reason` is what /health shows meanwhile. The
   * client whose query caused it (if any) is charged the new worker's start as query time.
   */
  function replace(slot: Slot, reason: string, client?: string): void {
    const old = slot.worker;
    slot.replacedFor = client === undefined ? undefined : { client, at: Date.now() };
    slot.worker = undefined as unknown as Worker;
    slot.ready = false;
    slot.replacing = reason;
    options.onReplace?.(slot.index, reason);
    void old?.terminate();
    if (!closed) spawn(slot);
  }

  function onReply(slot: Slot, worker: Worker, reply: WorkerReply): void {
    if (slot.worker !== worker) return;
    if (reply.type === 'ready') {
      if (slot.replacedFor) {
        const client = clientOf(slot.replacedFor.client);
        debtOf(client);
        client.debt += (Date.now() - slot.replacedFor.at) / 1000;
        forget(slot.replacedFor.client, client);
        slot.replacedFor = undefined;
      }
      slot.ready = true;
      slot.replacing = undefined;
      failuresInARow = 0;
      if (!everReady && slots.every((s) => s.ready)) {
        everReady = true;
        options.onReady?.();
      }
      pump();
      return;
    }
    const job = slot.job;
    if (!job || job.request.id !== reply.id) return;
    finish(job);
    if (reply.type === 'result') job.resolve(fromPlainResult(reply.result));
    else job.reject(workerError(reply.name, reply.message));
    // A worker whose engine trapped is not trusted with another query; one whose memory grew past its budget gives it back.
    if (reply.type === 'error' && reply.fatal) replace(slot, reply.message, job.client);
    else if (reply.recycle) replace(slot, reply.recycle, job.client);
    pump();
  }

  function onWorkerDeath(slot: Slot, worker: Worker, error: Error): void {
    if (slot.worker !== worker || closed) return;
    const wasReady = slot.ready;
    const job = slot.job;
    if (job) {
      finish(job);
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      job.reject(
        new QueryResourceError(
          outOfMemory
            ? `The query needed more memory than the ${options.heapMb} MiB of JavaScript heap a query may use, and was stopped.`
            : 'The query stopped its worker thread, and was abandoned.',
        ),
      );
    }
    if (!wasReady && !job) {
      failuresInARow += 1;
      if (failuresInARow >= 3) {
        broken = new Error(`query workers cannot start: ${error.message}`);
        options.onBroken?.(broken);
        for (const client of clients.values()) {
          for (const waiting of [...client.queue]) {
            finish(waiting);
            waiting.reject(broken);
          }
        }
        slot.worker = undefined as unknown as Worker;
        return;
      }
    }
    replace(slot, job ? 'its query stopped the worker' : `the worker stopped: ${error.message}`, job?.client);
    pump();
  }

  /** Takes the job off its queue or its worker, stops its timer, and charges its client for the worker time. */
  function finish(job: Job): void {
    clearTimeout(job.timer);
    job.cleanup();
    const client = clientOf(job.client);
    const index = client.queue.indexOf(job);
    if (index >= 0) {
      client.queue.splice(index, 1);
      queued -= 1;
    }
    if (job.slot && job.slot.job === job) {
      job.slot.job = undefined;
      client.running -= 1;
      debtOf(client);
      client.debt += (Date.now() - job.startedAt!) / 1000;
    }
    forget(job.client, client);
  }

  /** The client whose waiting query goes next: among those under their concurrency, the one served longest ago. */
  function nextClient(): Client | undefined {
    let next: Client | undefined;
    for (const [key, client] of clients) {
      if (client.queue.length === 0 || (key !== INTERNAL && client.running >= concurrency)) continue;
      if (!next || client.servedAt < next.servedAt) next = client;
    }
    return next;
  }

  /** Gives each free worker the next query, taking clients in turn, each up to its concurrency. */
  function pump(): void {
    for (const slot of slots) {
      if (!slot.ready || slot.job) continue;
      const client = nextClient();
      if (!client) break;
      const job = client.queue.shift()!;
      queued -= 1;
      client.servedAt = ++served;
      client.running += 1;
      job.slot = slot;
      slot.job = job;
      job.startedAt = Date.now();
      // The clock starts now, not when the query was sent: waiting for a worker is not running.
      clearTimeout(job.timer);
      job.timer = setTimeout(() => stop(job, new QueryTimeoutError(job.timeoutMs)), job.timeoutMs);
      slot.worker.postMessage(job.request);
    }
  }

  /** Refuses the job; a running one's worker is replaced, since its query cannot be interrupted otherwise. */
  function stop(job: Job, error: Error): void {
    const slot = job.slot?.job === job ? job.slot : undefined;
    finish(job);
    if (slot) replace(slot, error instanceof QueryTimeoutError ? 'a query ran out of time' : 'a cancelled query was stopped', job.client);
    job.reject(error);
    pump();
  }

  /** Refuses a client over its share, with the seconds it should wait. */
  function admit(key: string): void {
    if (key === INTERNAL) return;
    const client = clientOf(key);
    const debt = debtOf(client);
    if (debt > budgetSeconds) {
      const wait = Math.ceil(((debt - budgetSeconds) / budgetSeconds) * 60);
      forget(key, client);
      throw new QueryRateLimitError(
        `This client used ${debt.toFixed(1)} s of query time in the last minute, more than the ${budgetSeconds} s allowed per client; retry in ${wait} s.`,
        wait,
      );
    }
    if (client.queue.length >= clientQueue) {
      throw new QueryRateLimitError(
        `This client has ${client.queue.length} queries waiting, the most one client may have; retry when some have been answered.`,
        1,
      );
    }
  }

  function run(request: WorkerRequest, runOptions: { timeoutMs: number; signal?: AbortSignal; client?: string }): Promise<QueryResult> {
    if (closed) return Promise.reject(new Error('the query engine is closed'));
    if (broken) return Promise.reject(broken);
    const key = runOptions.client ?? INTERNAL;
    // Clients still owing when they left are forgotten once paid up, looked at when many are kept.
    if (clients.size > 1024) for (const [k, c] of clients) forget(k, c);
    try {
      admit(key);
    } catch (error) {
      return Promise.reject(error);
    }
    if (queued >= maxQueued) {
      return Promise.reject(
        new QueryResourceError(`The server is busy: ${queued} queries are waiting for a query worker. Try again shortly.`),
      );
    }
    // A limit too short to answer anything would only buy worker restarts.
    const timeoutMs = Math.max(minTimeoutMs, runOptions.timeoutMs);
    return new Promise<QueryResult>((resolve, reject) => {
      const signal = runOptions.signal;
      // A cancelled query leaves the queue at once; a running one is stopped once it has run
      // minTimeoutMs, so that cancelling cannot be used to restart workers for free.
      const onAbort = () => {
        const cancelled = new QueryCancelledError('The query was cancelled: its client went away.');
        if (!job.slot) return stop(job, cancelled);
        clearTimeout(job.timer);
        job.timer = setTimeout(() => stop(job, cancelled), Math.max(0, job.startedAt! + minTimeoutMs - Date.now()));
      };
      const job: Job = { request, client: key, timeoutMs, resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) };
      if (signal?.aborted) return reject(new QueryCancelledError('The query was cancelled: its client went away.'));
      signal?.addEventListener('abort', onAbort, { once: true });
      job.timer = setTimeout(
        () =>
          stop(
            job,
            new QueryResourceError(
              `The server is busy: the query waited ${formatDuration(maxWaitMs)} for a free query worker. Try again shortly.`,
            ),
          ),
        maxWaitMs,
      );
      const client = clientOf(key);
      client.queue.push(job);
      queued += 1;
      pump();
    });
  }

  function health(): PoolHealth {
    const workers = slots.map(
      (slot): WorkerHealth => ({
        worker: slot.index,
        state: !slot.ready ? 'starting' : slot.job ? 'busy' : 'ready',
        ...(slot.replacing && !slot.ready ? { replacing: slot.replacing } : {}),
      }),
    );
    const up = slots.filter((s) => s.ready).length;
    const status = closed || broken || up === 0 ? 'not ready' : up === slots.length ? 'ready' : 'degraded';
    return { status, workers };
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    const error = new Error('the query engine was closed');
    for (const client of clients.values()) {
      for (const job of [...client.queue]) {
        finish(job);
        job.reject(error);
      }
    }
    for (const slot of slots) {
      if (slot.job) {
        const job = slot.job;
        finish(job);
        job.reject(error);
      }
    }
    await Promise.all(slots.map((s) => s.worker?.terminate()));
  }

  for (let i = 0; i < size; i++) {
    const slot = { index: i, ready: false } as Slot;
    slots.push(slot);
    spawn(slot);
  }
  return { run, health, close };
}
