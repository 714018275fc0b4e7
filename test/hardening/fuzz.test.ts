// Issue 15's fuzzer: a few hundred random valid and near-valid queries
// (sparql-fuzz.ts, a fixed seed) against the real endpoint. None may be a 500,
// /health must answer within a second throughout and never say "not ready",
// and afterwards every worker is up and answers an ordinary query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../endpoint/support.js';
import { allWorkersUp, getFrom, health, queryUrl, SIMPLE } from './clients.js';
import { generator } from './sparql-fuzz.js';

// Another seed or count, to look further: UPR_FUZZ_SEED=7 UPR_FUZZ_QUERIES=1000 npx vitest run test/hardening/fuzz.test.ts
const QUERIES = Number(process.env.UPR_FUZZ_QUERIES ?? 300);
const SEED = Number(process.env.UPR_FUZZ_SEED ?? 15);

describe(`${QUERIES} generated queries (seed ${SEED})`, () => {
  let server: FixtureServer;
  beforeAll(async () => {
    // The fuzzer is one client: its budget is lifted, so that no answer is a 429 instead of the query's own.
    server = await startFixtureServer({ workers: 2, queryTimeoutMs: 2000, clientConcurrency: 2, clientQuerySeconds: 10_000 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('never answers 500, keeps /health answering within a second, and leaves no worker broken', async () => {
    const { query, nearValid, chance } = generator(SEED);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const valid = query();
      const text = chance(0.4) ? nearValid(valid) : valid;
      const answer = await getFrom(queryUrl(server.endpoint, text));
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      // 400 for what does not parse, 403 for updates, 503 for a query out of time; never an internal error.
      if (![200, 400, 403, 503].includes(answer.status)) {
        const logged =
          server.logs
            .filter((line) => line.startsWith('500 '))
            .at(-1)
            ?.slice(0, 400) ?? '';
        failures.push(`#${i} ${answer.status} ${answer.body.slice(0, 200)}\n${text}\n${answer.status === 500 ? logged : ''}`);
      }
      if (answer.status === 400 && /TypeError|undefined|Cannot read/.test(answer.body))
        failures.push(`#${i} 400 with a JavaScript error: ${answer.body.slice(0, 200)}\n${text}`);
      if (i % 20 === 0) {
        const now = await health(server.url);
        if (now.ms >= 1000 || now.body.status === 'not ready') failures.push(`#${i} /health ${now.body.status} in ${now.ms.toFixed(0)} ms`);
      }
    }
    expect(failures).toEqual([]);
    // Both kinds were asked: the generator is not writing only one.
    expect(statuses.get(200)).toBeGreaterThan(QUERIES / 3);
    expect(statuses.get(400)).toBeGreaterThan(QUERIES / 10);
    await allWorkersUp(server.url);
    expect((await getFrom(queryUrl(server.endpoint, SIMPLE))).status).toBe(200);
  }, 240_000);
});
