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
// seconds to wait. The clients' accounts are kept by pool-clients.ts. A query's
// clock starts when a worker takes it.
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
import { ClientBook, INTERNAL, QueryRateLimitError } from './pool-clients.js';
import { fromPlainResult } from './terms.js';
import type { WorkerReply, WorkerRequest } from './worker-messages.js';

export { QueryRateLimitError };

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

export interface WorkerPool {
  run(request: WorkerRequest, options: { timeoutMs: number; signal?: AbortSignal; client?: string }): Promise<QueryResult>;
  health(): PoolHealth;
  close(): Promise<void>;
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

export function createWorkerPool(options: PoolOptions): WorkerPool {
  return new Pool(options);
}

class Pool implements WorkerPool {
  private readonly maxQueued: number;
  private readonly maxWaitMs: number;
  private readonly minTimeoutMs: number;
  private readonly clients: ClientBook<Job>;
  private readonly slots: Slot[] = [];
  /** Queries waiting, all clients together. */
  private queued = 0;
  private closed = false;
  private failuresInARow = 0;
  private everReady = false;
  private broken: Error | undefined;

  constructor(private readonly options: PoolOptions) {
    const size = Math.max(1, options.workers);
    this.maxQueued = options.maxQueued ?? 64;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.minTimeoutMs = options.minTimeoutMs ?? 1000;
    this.clients = new ClientBook<Job>({
      concurrency: Math.max(1, options.clientConcurrency ?? size - 1),
      clientQueue: options.clientQueue ?? 16,
      budgetSeconds: options.clientQuerySeconds ?? 60,
    });
    for (let i = 0; i < size; i++) {
      const slot = { index: i, ready: false } as Slot;
      this.slots.push(slot);
      this.spawn(slot);
    }
  }

  run(request: WorkerRequest, runOptions: { timeoutMs: number; signal?: AbortSignal; client?: string }): Promise<QueryResult> {
    if (this.closed) return Promise.reject(new Error('the query engine is closed'));
    if (this.broken) return Promise.reject(this.broken);
    const key = runOptions.client ?? INTERNAL;
    this.clients.sweep();
    try {
      this.clients.admit(key);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.queued >= this.maxQueued) {
      return Promise.reject(
        new QueryResourceError(`The server is busy: ${this.queued} queries are waiting for a query worker. Try again shortly.`),
      );
    }
    // A limit too short to answer anything would only buy worker restarts.
    const timeoutMs = Math.max(this.minTimeoutMs, runOptions.timeoutMs);
    return this.enqueue(request, key, timeoutMs, runOptions.signal);
  }

  health(): PoolHealth {
    const workers = this.slots.map(
      (slot): WorkerHealth => ({
        worker: slot.index,
        state: !slot.ready ? 'starting' : slot.job ? 'busy' : 'ready',
        ...(slot.replacing && !slot.ready ? { replacing: slot.replacing } : {}),
      }),
    );
    const up = this.slots.filter((s) => s.ready).length;
    const status = this.closed || this.broken || up === 0 ? 'not ready' : up === this.slots.length ? 'ready' : 'degraded';
    return { status, workers };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new Error('the query engine was closed');
    this.refuseWaiting(error);
    for (const slot of this.slots) {
      if (slot.job) {
        const job = slot.job;
        this.finish(job);
        job.reject(error);
      }
    }
    await Promise.all(this.slots.map((s) => s.worker?.terminate()));
  }

  // Queueing and dispatch.

  /** Puts the query on its client's queue; it is refused if it waits longer than maxWaitMs, and stopped if its signal aborts. */
  private enqueue(request: WorkerRequest, key: string, timeoutMs: number, signal?: AbortSignal): Promise<QueryResult> {
    return new Promise<QueryResult>((resolve, reject) => {
      // A cancelled query leaves the queue at once; a running one is stopped once it has run
      // minTimeoutMs, so that cancelling cannot be used to restart workers for free.
      const onAbort = () => {
        const cancelled = new QueryCancelledError('The query was cancelled: its client went away.');
        if (!job.slot) return this.stop(job, cancelled);
        clearTimeout(job.timer);
        job.timer = setTimeout(() => this.stop(job, cancelled), Math.max(0, job.startedAt! + this.minTimeoutMs - Date.now()));
      };
      const job: Job = { request, client: key, timeoutMs, resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) };
      if (signal?.aborted) return reject(new QueryCancelledError('The query was cancelled: its client went away.'));
      signal?.addEventListener('abort', onAbort, { once: true });
      job.timer = setTimeout(
        () =>
          this.stop(
            job,
            new QueryResourceError(
              `The server is busy: the query waited ${formatDuration(this.maxWaitMs)} for a free query worker. Try again shortly.`,
            ),
          ),
        this.maxWaitMs,
      );
      this.clients.of(key).queue.push(job);
      this.queued += 1;
      this.pump();
    });
  }

  /** Gives each free worker the next query, taking clients in turn, each up to its concurrency. */
  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job) continue;
      const job = this.clients.take();
      if (!job) break;
      this.queued -= 1;
      job.slot = slot;
      slot.job = job;
      job.startedAt = Date.now();
      // The clock starts now, not when the query was sent: waiting for a worker is not running.
      clearTimeout(job.timer);
      job.timer = setTimeout(() => this.stop(job, new QueryTimeoutError(job.timeoutMs)), job.timeoutMs);
      slot.worker.postMessage(job.request);
    }
  }

  /** Takes the job off its queue or its worker, stops its timer, and charges its client for the worker time. */
  private finish(job: Job): void {
    clearTimeout(job.timer);
    job.cleanup();
    const client = this.clients.of(job.client);
    const index = client.queue.indexOf(job);
    if (index >= 0) {
      client.queue.splice(index, 1);
      this.queued -= 1;
    }
    if (job.slot && job.slot.job === job) {
      job.slot.job = undefined;
      client.running -= 1;
      this.clients.owe(client, (Date.now() - job.startedAt!) / 1000);
    }
    this.clients.forget(job.client, client);
  }

  /** Refuses the job; a running one's worker is replaced, since its query cannot be interrupted otherwise. */
  private stop(job: Job, error: Error): void {
    const slot = job.slot?.job === job ? job.slot : undefined;
    this.finish(job);
    if (slot)
      this.replace(slot, error instanceof QueryTimeoutError ? 'a query ran out of time' : 'a cancelled query was stopped', job.client);
    job.reject(error);
    this.pump();
  }

  /** Refuses every query still waiting for a worker. */
  private refuseWaiting(error: Error): void {
    for (const job of this.clients.waiting()) {
      this.finish(job);
      job.reject(error);
    }
  }

  // The workers: start, answers, death and replacement.

  private spawn(slot: Slot): void {
    const worker = this.options.start();
    slot.worker = worker;
    slot.ready = false;
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, worker, reply));
    worker.on('error', (error: Error) => this.onWorkerDeath(slot, worker, error));
    worker.on('exit', (code) => this.onWorkerDeath(slot, worker, new Error(`query worker exited with code ${code}`)));
  }

  /**
   * Stops the slot's worker and starts a fresh one in its place; `reason` is what /health shows meanwhile. The
   * client whose query caused it (if any) is charged the new worker's start as query time.
   */
  private replace(slot: Slot, reason: string, client?: string): void {
    const old = slot.worker;
    slot.replacedFor = client === undefined ? undefined : { client, at: Date.now() };
    slot.worker = undefined as unknown as Worker;
    slot.ready = false;
    slot.replacing = reason;
    this.options.onReplace?.(slot.index, reason);
    void old?.terminate();
    if (!this.closed) this.spawn(slot);
  }

  private onReply(slot: Slot, worker: Worker, reply: WorkerReply): void {
    if (slot.worker !== worker) return;
    if (reply.type === 'ready') {
      this.onReady(slot);
      return;
    }
    const job = slot.job;
    if (!job || job.request.id !== reply.id) return;
    this.finish(job);
    if (reply.type === 'result') job.resolve(fromPlainResult(reply.result));
    else job.reject(workerError(reply.name, reply.message));
    // A worker whose engine trapped is not trusted with another query; one whose memory grew past its budget gives it back.
    if (reply.type === 'error' && reply.fatal) this.replace(slot, reply.message, job.client);
    else if (reply.recycle) this.replace(slot, reply.recycle, job.client);
    this.pump();
  }

  /** A worker has loaded the data: the client whose query ended its predecessor pays for that start. */
  private onReady(slot: Slot): void {
    if (slot.replacedFor) {
      const client = this.clients.of(slot.replacedFor.client);
      this.clients.owe(client, (Date.now() - slot.replacedFor.at) / 1000);
      this.clients.forget(slot.replacedFor.client, client);
      slot.replacedFor = undefined;
    }
    slot.ready = true;
    slot.replacing = undefined;
    this.failuresInARow = 0;
    if (!this.everReady && this.slots.every((s) => s.ready)) {
      this.everReady = true;
      this.options.onReady?.();
    }
    this.pump();
  }

  private onWorkerDeath(slot: Slot, worker: Worker, error: Error): void {
    if (slot.worker !== worker || this.closed) return;
    const wasReady = slot.ready;
    const job = slot.job;
    if (job) {
      this.finish(job);
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      job.reject(
        new QueryResourceError(
          outOfMemory
            ? `The query needed more memory than the ${this.options.heapMb} MiB of JavaScript heap a query may use, and was stopped.`
            : 'The query stopped its worker thread, and was abandoned.',
        ),
      );
    }
    if (!wasReady && !job) {
      this.failuresInARow += 1;
      if (this.failuresInARow >= 3) {
        this.giveUp(slot, error);
        return;
      }
    }
    this.replace(slot, job ? 'its query stopped the worker' : `the worker stopped: ${error.message}`, job?.client);
    this.pump();
  }

  /** Workers failed to start three times in a row: the pool is broken, and every waiting query is refused. */
  private giveUp(slot: Slot, error: Error): void {
    this.broken = new Error(`query workers cannot start: ${error.message}`);
    this.options.onBroken?.(this.broken);
    this.refuseWaiting(this.broken);
    slot.worker = undefined as unknown as Worker;
  }
}
