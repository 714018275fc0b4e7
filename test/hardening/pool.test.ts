// The worker pool's bookkeeping on stand-in workers and a fake clock: clients
// served in turn, and a client charged for the worker its query ended.
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWorkerPool, QueryRateLimitError } from '../../src/engine/pool.js';
import type { WorkerReply, WorkerRequest } from '../../src/engine/worker-messages.js';

/** A worker that is ready after `startMs` and answers a query whose text is `wait <ms>` after that many ms. */
class StandIn extends EventEmitter {
  constructor(
    startMs: number,
    readonly log: string[],
  ) {
    super();
    setTimeout(() => this.emit('message', { type: 'ready' } satisfies WorkerReply), startMs);
  }
  postMessage(request: WorkerRequest): void {
    this.log.push(request.text);
    const ms = Number(/wait (\d+)/.exec(request.text)?.[1] ?? 0);
    setTimeout(
      () => this.emit('message', { type: 'result', id: request.id, result: { type: 'boolean', value: true } } satisfies WorkerReply),
      ms,
    );
  }
  async terminate(): Promise<number> {
    this.removeAllListeners('message');
    return 0;
  }
}

const request = (id: number, text: string): WorkerRequest => ({ id, text, maxRows: 10 });

describe('the worker pool', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("takes clients in turn: one client's backlog does not hold another's query", async () => {
    const log: string[] = [];
    const pool = createWorkerPool({ workers: 1, clientConcurrency: 1, heapMb: 512, start: () => new StandIn(0, log) as unknown as Worker });
    await vi.advanceTimersByTimeAsync(1);
    const answers = [
      pool.run(request(1, 'a1 wait 100'), { timeoutMs: 10_000, client: 'a' }),
      pool.run(request(2, 'a2 wait 100'), { timeoutMs: 10_000, client: 'a' }),
      pool.run(request(3, 'a3 wait 100'), { timeoutMs: 10_000, client: 'a' }),
      pool.run(request(4, 'b1 wait 100'), { timeoutMs: 10_000, client: 'b' }),
    ];
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(answers);
    expect(log).toEqual(['a1 wait 100', 'b1 wait 100', 'a2 wait 100', 'a3 wait 100']);
    await pool.close();
  });

  it('charges a client for the start of the worker its query ended, as query time', async () => {
    const log: string[] = [];
    let started = 0;
    // The first worker starts at once, its replacement takes 5 s.
    const pool = createWorkerPool({
      workers: 1,
      clientQuerySeconds: 6,
      minTimeoutMs: 1000,
      heapMb: 512,
      start: () => new StandIn(started++ === 0 ? 0 : 5000, log) as unknown as Worker,
    });
    await vi.advanceTimersByTimeAsync(1);
    const stopped = pool.run(request(1, 'wait 60000'), { timeoutMs: 2000, client: 'a' }).catch((error: Error) => error);
    await vi.advanceTimersByTimeAsync(2001);
    expect(await stopped).toMatchObject({ name: 'QueryTimeoutError' });
    expect(pool.health()).toMatchObject({ status: 'not ready', workers: [{ state: 'starting', replacing: 'a query ran out of time' }] });
    await vi.advanceTimersByTimeAsync(5000);
    expect(pool.health().status).toBe('ready');
    // 2 s of running and 5 s of the new worker's start: 7 s against a budget of 6.
    const refused = await pool.run(request(2, 'wait 1'), { timeoutMs: 2000, client: 'a' }).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(QueryRateLimitError);
    expect((refused as QueryRateLimitError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    const other = pool.run(request(3, 'wait 1'), { timeoutMs: 2000, client: 'b' });
    await vi.advanceTimersByTimeAsync(10);
    await expect(other).resolves.toMatchObject({ type: 'boolean' });
    await pool.close();
  });
});
