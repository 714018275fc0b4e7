// Issue 15 (5): no client can starve the others. A query's clock starts when a
// worker takes it; a client gone is a query cancelled; a time limit below the
// minimum buys no worker restarts; one address runs at most its share of the
// workers and spends at most its query-seconds per minute (429, Retry-After).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { clientOf } from '../../src/http/sparql.js';
import { startFixtureServer, type FixtureServer } from '../endpoint/support.js';
import { allWorkersUp, EXPENSIVE, getFrom, health, queryUrl, SIMPLE } from './clients.js';

const replacements = (server: FixtureServer) => server.logs.filter((line) => /query worker \d replaced/.test(line)).length;

describe('one worker, slow queries limited to 1 s', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    // The server allows 5 s (so a query may wait 10 s for the worker); the slow queries ask for 1 s.
    server = await startFixtureServer({ workers: 1, queryTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(async () => {
    await allWorkersUp(server.url);
  });

  it("starts a query's clock when the worker takes it: waiting behind a slow query is not running", async () => {
    const slow = getFrom(queryUrl(server.endpoint, EXPENSIVE, '&timeout=1'), '127.0.0.2');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Waits about a second for the worker, then needs a few milliseconds of the second it is given.
    const waiting = await getFrom(queryUrl(server.endpoint, SIMPLE, '&timeout=1'), '127.0.0.3');
    expect(waiting.status, waiting.body).toBe(200);
    expect(waiting.ms).toBeGreaterThan(700);
    expect((await slow).status).toBe(503);
  });

  it('lifts a limit below the minimum to one second: ?timeout=0.001 in a loop is answered, and restarts no worker', async () => {
    const before = replacements(server);
    for (let i = 0; i < 10; i++) {
      const answer = await getFrom(queryUrl(server.endpoint, SIMPLE, '&timeout=0.001'));
      expect(answer.status, answer.body).toBe(200);
    }
    const stopped = await getFrom(queryUrl(server.endpoint, EXPENSIVE, '&timeout=0.001'));
    expect(stopped.status).toBe(503);
    expect(stopped.body).toMatch(/limit of 1 s/);
    expect(stopped.ms).toBeGreaterThan(950);
    expect(replacements(server)).toBe(before + 1);
  });

  it('cancels a waiting query whose client went away: the worker goes to the next one', async () => {
    const before = replacements(server);
    const slow = getFrom(queryUrl(server.endpoint, EXPENSIVE, '&timeout=1'), '127.0.0.2');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const gone = new AbortController();
    const abandoned = getFrom(queryUrl(server.endpoint, `${EXPENSIVE} # abandoned`), '127.0.0.3', gone.signal).catch(
      (error: Error) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    gone.abort();
    expect(await abandoned).toBeInstanceOf(Error);
    await slow;
    // Had the abandoned query kept its place, it would have run before this one, into its limit: a second replacement.
    const next = await getFrom(queryUrl(server.endpoint, SIMPLE), '127.0.0.4');
    expect(next.status).toBe(200);
    expect(replacements(server)).toBe(before + 1);
  });

  it('stops a running query whose client went away once it has run the minimum, not at its full limit', async () => {
    const limited = await startFixtureServer({ workers: 1, queryTimeoutMs: 20_000 });
    try {
      const gone = new AbortController();
      const started = performance.now();
      const abandoned = getFrom(queryUrl(limited.endpoint, EXPENSIVE), '127.0.0.2', gone.signal).catch((error: Error) => error);
      await new Promise((resolve) => setTimeout(resolve, 100));
      gone.abort();
      await abandoned;
      const next = await getFrom(queryUrl(limited.endpoint, SIMPLE), '127.0.0.3');
      expect(next.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(limited.logs).toContainEqual(expect.stringMatching(/replaced: a cancelled query was stopped/));
    } finally {
      await limited.close();
    }
  });
});

describe('two workers shared between clients', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    // A budget of 2 query-seconds a minute per client, so that a test can spend it.
    server = await startFixtureServer({ workers: 2, queryTimeoutMs: 1500, clientQuerySeconds: 2, clientQueue: 2 });
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(async () => {
    await allWorkersUp(server.url);
  });

  it('keeps a worker for others while one client sends slow queries: theirs are answered at once', async () => {
    const slow = [1, 2].map((n) => getFrom(queryUrl(server.endpoint, `${EXPENSIVE} # ${n}`), '127.0.0.2'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let i = 0; i < 5; i++) {
      const other = await getFrom(queryUrl(server.endpoint, `${SIMPLE} # ${i}`), '127.0.0.3');
      expect(other.status).toBe(200);
      expect(other.ms).toBeLessThan(1000);
    }
    for (const answer of await Promise.all(slow)) expect(answer.status).toBe(503);
  });

  it('answers a client over its queue 429 with Retry-After', async () => {
    const sent = [1, 2, 3, 4].map((n) => getFrom(queryUrl(server.endpoint, `${EXPENSIVE} # q${n}`), '127.0.0.5'));
    const answers = await Promise.all(sent);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(1);
    expect(refused[0].headers['retry-after']).toMatch(/^\d+$/);
    expect(refused[0].body).toMatch(/queries waiting, the most one client may have/);
  });

  it('answers a client past its query-seconds of the minute 429 with the seconds to wait, and others as before', async () => {
    const spender = '127.0.0.6';
    // Each runs into the 1.5 s limit: 3 s of worker time against a budget of 2.
    expect((await getFrom(queryUrl(server.endpoint, `${EXPENSIVE} # a`), spender)).status).toBe(503);
    expect((await getFrom(queryUrl(server.endpoint, `${EXPENSIVE} # b`), spender)).status).toBe(503);
    const refused = await getFrom(queryUrl(server.endpoint, SIMPLE), spender);
    expect(refused.status).toBe(429);
    // The debt (run time and the replaced workers' starts) is paid back at 2 s a minute: Retry-After is until it is.
    const [, used, wait] =
      /used ([\d.]+) s of query time .* more than the 2 s allowed per client; retry in (\d+) s/.exec(refused.body) ?? [];
    expect(Number(used)).toBeGreaterThan(3);
    // (the debt is shown to a tenth of a second, which is 3 s of waiting)
    expect(Math.abs(Number(wait) - ((Number(used) - 2) / 2) * 60)).toBeLessThanOrEqual(4);
    expect(refused.headers['retry-after']).toBe(wait);
    expect((await getFrom(queryUrl(server.endpoint, SIMPLE), '127.0.0.7')).status).toBe(200);
  });

  it('keeps /health answering within a second, degraded but never "not ready", while a query times out', async () => {
    const slow = [getFrom(queryUrl(server.endpoint, `${EXPENSIVE} # h`), '127.0.0.12')];
    const seen: string[] = [];
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      const now = await health(server.url);
      expect(now.ms).toBeLessThan(1000);
      seen.push(now.body.status);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const answers = await Promise.all(slow);
    expect(answers.map((a) => a.body)).toEqual([expect.stringMatching(/timed out/)]);
    expect(seen).toContain('degraded');
    expect(seen).not.toContain('not ready');
  });
});

describe('the client a request counts against', () => {
  const of = (ip: string) => clientOf({ ip, socket: {} } as unknown as Parameters<typeof clientOf>[0]);

  it('is the IPv4 address, with or without its IPv6 mapping', () => {
    expect(of('203.0.113.7')).toBe('203.0.113.7');
    expect(of('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('is the /64 of an IPv6 address, which one host usually holds whole', () => {
    expect(of('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(of('2001:db8:1:2::9')).toBe(of('2001:db8:1:2:ffff::1'));
    expect(of('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(of('2001:db8:1:3::1')).not.toBe(of('2001:db8:1:2::1'));
  });
});

describe('the settings of the shares', () => {
  it('reads each from its environment variable, unset ones computed by the pool', () => {
    const config = loadConfig({
      UPR_CLIENT_CONCURRENCY: '3',
      UPR_CLIENT_QUERY_SECONDS: '30',
      UPR_QUERY_MEMORY_MB: '300',
      UPR_MIN_QUERY_TIMEOUT_MS: '500',
    });
    expect(config).toMatchObject({
      clientConcurrency: 3,
      clientQuerySeconds: 30,
      queryMemoryMb: 300,
      minQueryTimeoutMs: 500,
      clientQueue: 16,
      workerRecycleMb: 128,
    });
    expect(loadConfig({})).toMatchObject({ clientConcurrency: undefined, queryMemoryMb: undefined });
  });

  it('refuses a zero that would refuse every query, naming the variable', () => {
    expect(() => loadConfig({ UPR_CLIENT_QUEUE: '0' })).toThrow(/UPR_CLIENT_QUEUE must be at least 1/);
    expect(() => loadConfig({ UPR_CLIENT_QUERY_SECONDS: '0' })).toThrow(/UPR_CLIENT_QUERY_SECONDS must be at least 1/);
    expect(() => loadConfig({ UPR_CLIENT_CONCURRENCY: 'two' })).toThrow(/UPR_CLIENT_CONCURRENCY must be a non-negative integer/);
  });
});
