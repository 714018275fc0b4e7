// The result cache is bounded in bytes (issue 15, case 1): distinct queries answered with megabytes each
// once grew the main thread's heap by every answer until it ran out. Now the cache keeps within its budget,
// and a result over a quarter of it is answered but never kept.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerEngine, type WorkerEngine } from '../../src/engine/index.js';
import { ResultCache, resultBytes } from '../../src/engine/result-cache.js';
import { loadConfig } from '../../src/config.js';
import { DataFactory } from 'n3';
import { fixtureStore, startFixtureServer } from '../endpoint/support.js';
import { TEST_ENGINE } from '../support/graph.js';

const MiB = 1024 * 1024;
/** One row holding a string of 2^doublings characters, made in the worker; `tag` makes each text distinct. */
function doubling(doublings: number, tag: number): string {
  const binds = Array.from({ length: doublings }, (_, i) => `BIND(CONCAT(?d${i}, ?d${i}) AS ?d${i + 1})`).join(' ');
  return `SELECT ?d${doublings} WHERE { BIND("x" AS ?d0) ${binds} } # ${tag}`;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('the byte-bounded result cache', () => {
  // Each project of the suite (vitest.config.ts) runs its own engine.
  for (const kind of [TEST_ENGINE as 'oxigraph' | 'comunica']) {
    describe(`with ${kind} workers and a budget of 16 MiB`, () => {
      let engine: WorkerEngine;
      beforeAll(async () => {
        engine = createWorkerEngine(fixtureStore(), { engine: kind, workers: 1, resultCacheEntries: 256, resultCacheBytes: 16 * MiB });
        await engine.ready;
      });
      afterAll(() => engine?.close());

      it('keeps a small result: asked again, the very same answer comes back', async () => {
        const first = await engine.query(doubling(10, 0));
        expect(await engine.query(doubling(10, 0))).toBe(first);
      });

      it('answers a result over a quarter of the budget, but never keeps it', async () => {
        const first = await engine.query(doubling(22, 1));
        expect(first.type === 'bindings' && first.rows[0].d22.value.length).toBe(4 * MiB);
        const again = await engine.query(doubling(22, 1));
        expect(again).not.toBe(first);
        expect(again).toEqual(first);
      });

      it('holds 60 distinct answers of a megabyte each within its budget', async () => {
        const before = heapAfterGc();
        for (let n = 0; n < 60; n++) await engine.query(doubling(20, 100 + n));
        const grown = heapAfterGc() - before;
        // Unbounded, the 60 answers held 60 MiB; the budget (16 MiB, of estimated UTF-16 bytes) lets fewer stay.
        expect(grown).toBeLessThan(24 * MiB);
        // The most recent answer is still kept.
        expect(await engine.query(doubling(20, 159))).toBe(await engine.query(doubling(20, 159)));
      });
    });
  }

  it('keeps the RSS of the server within 200 MB of its start over 40 distinct 8 MiB answers (64 MiB budget)', async () => {
    const server = await startFixtureServer({ resultCacheEntries: 256, resultCacheBytes: 64 * MiB });
    try {
      gc();
      const before = process.memoryUsage().rss;
      for (let n = 0; n < 40; n++) {
        const response = await fetch(server.endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/sparql-query' },
          body: doubling(23, 1000 + n),
        });
        expect(response.status).toBe(200);
        expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(8 * MiB);
      }
      heapAfterGc();
      const grown = process.memoryUsage().rss - before;
      // Unbounded (a budget of 64 GiB), the 40 answers stayed in the main thread: RSS grew by 455 MB.
      expect(grown).toBeLessThan(200 * MiB);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('evicts the least recently used until both the count and the bytes hold', () => {
    const literal = (chars: number) => ({
      type: 'bindings' as const,
      variables: ['x'],
      rows: [{ x: DataFactory.literal('y'.repeat(chars)) }],
      truncated: false,
    });
    const one = resultBytes(literal(1000));
    const cache = new ResultCache({ entries: 10, bytes: one * 4 + 100 });
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, literal(1000));
    cache.get('a');
    cache.set('e', literal(1000));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.bytes).toBeLessThanOrEqual(one * 4 + 100);
    // Over a quarter of the budget: never kept, and nothing evicted for it.
    cache.set('big', literal(2000));
    expect(cache.get('big')).toBeUndefined();
    expect(cache.size).toBe(4);
    const counted = new ResultCache({ entries: 2, bytes: one * 100 });
    for (const key of ['a', 'b', 'c']) counted.set(key, literal(1000));
    expect(counted.size).toBe(2);
  });

  it('is configured by UPR_RESULT_CACHE_BYTES, by default a small share of the heap', () => {
    expect(loadConfig({ UPR_RESULT_CACHE_BYTES: '1048576' }).resultCacheBytes).toBe(MiB);
    const byDefault = loadConfig({}).resultCacheBytes;
    expect(byDefault).toBeGreaterThan(16 * MiB);
    expect(byDefault).toBeLessThan(512 * MiB);
  });
});
