// The limits that keep a hostile or careless query from taking the endpoint
// down: body size, read-only store, row cap, time limit (worker threads).
import { allWorkersUp } from '../hardening/clients.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from './support.js';

const enc = encodeURIComponent;
// Six patterns over everything: 30^6 combinations to count.
const EXPENSIVE = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }';
const SIMPLE = 'ASK { <http://example.org/alice> <http://example.org/knows> <http://example.org/bob> }';
const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }';

let server: FixtureServer;
beforeAll(async () => {
  // One client (this test) may use both workers, and lower the limit below the default minimum of 1 s (test/hardening/ holds those).
  server = await startFixtureServer({ queryTimeoutMs: 1000, maxRows: 5, workers: 2, clientConcurrency: 2, minQueryTimeoutMs: 100 });
}, 30_000);
afterAll(async () => {
  await server?.close();
});

function get(query: string, params = '', headers: Record<string, string> = {}) {
  return fetch(`${server.endpoint}?query=${enc(query)}${params}`, { headers });
}

async function tripleCount(): Promise<number> {
  const json = (await (await get(COUNT)).json()) as { results: { bindings: Array<{ n: { value: string } }> } };
  return Number(json.results.bindings[0].n.value);
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

describe('the endpoint with a 64 KiB body limit', () => {
  const big = `SELECT * WHERE { ?s ?p ?o } # ${'x'.repeat(70 * 1024)}`;

  it('refuses a 70 KiB query body with 413, sent directly or as a form', async () => {
    const direct = await fetch(server.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: big });
    expect(direct.status).toBe(413);
    expect(direct.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await direct.text()).toMatch(/limit of 65536 bytes/);
    const form = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `query=${enc(big)}`,
    });
    expect(form.status).toBe(413);
  });

  it('takes a body just under the limit', async () => {
    const fits = `ASK {} # ${'x'.repeat(60 * 1024)}`;
    const response = await fetch(server.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: fits });
    expect(response.status).toBe(200);
  });
});

describe('the read-only store', () => {
  it('stays unchanged whatever updates are sent, however they are sent', async () => {
    const before = await tripleCount();
    expect(before).toBe(server.store.size);
    const updates = [
      'INSERT DATA { GRAPH <http://example.org/graph/people> { <http://example.org/mallory> <http://schema.org/name> "Mallory" } }',
      'DELETE WHERE { ?s ?p ?o }',
      'CLEAR ALL',
      'DROP GRAPH <http://example.org/graph/people>',
      'LOAD <http://example.org/elsewhere>',
    ];
    for (const update of updates) {
      const responses = await Promise.all([
        get(update),
        fetch(server.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/sparql-update' }, body: update }),
        fetch(server.endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: `update=${enc(update)}`,
        }),
        fetch(server.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: update }),
      ]);
      expect(responses.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    }
    expect(await tripleCount()).toBe(before);
  });
});

describe('the row cap (5 rows in this test)', () => {
  it('cuts a longer SELECT and announces it in headers and in the JSON', async () => {
    const response = await get('SELECT * WHERE { ?s ?p ?o }');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-truncated')).toBe('true');
    expect(response.headers.get('x-row-limit')).toBe('5');
    const json = (await response.json()) as { results: { truncated: boolean; bindings: unknown[] } };
    expect(json.results.truncated).toBe(true);
    expect(json.results.bindings).toHaveLength(5);
  });

  it('announces the cut in CSV and in a CONSTRUCT too, by the header', async () => {
    const csv = await get('SELECT * WHERE { ?s ?p ?o }', '&format=csv');
    expect(csv.headers.get('x-truncated')).toBe('true');
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(6);
    const graph = await get('CONSTRUCT WHERE { ?s ?p ?o }', '&format=nt');
    expect(graph.headers.get('x-truncated')).toBe('true');
    expect((await graph.text()).trim().split('\n')).toHaveLength(5);
  });

  it('says nothing is cut when nothing is', async () => {
    const response = await get('SELECT ?s WHERE { ?s a <http://example.org/Document> }');
    expect(response.headers.get('x-truncated')).toBeNull();
    expect(response.headers.get('x-row-limit')).toBe('5');
    expect(((await response.json()) as { results: { truncated: boolean } }).results.truncated).toBe(false);
  });

  it('exposes the announcing headers to browser scripts', async () => {
    const response = await get('SELECT * WHERE { ?s ?p ?o }', '', { Origin: 'https://yasgui.example' });
    expect(response.headers.get('access-control-expose-headers')).toMatch(/X-Truncated/);
  });
});

describe('the health check', () => {
  it('reports ready and the triple count', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      triples: server.store.size,
      graphs: 5,
      workers: [
        { worker: 0, state: 'ready' },
        { worker: 1, state: 'ready' },
      ],
    });
  });

  it('answers other paths with 404, never a 200', async () => {
    const response = await fetch(`${server.url}/sparql/elsewhere`);
    expect(response.status).toBe(404);
  });
});

describe('the time limit (1 s in this test)', () => {
  it('refuses a timeout that is not a positive number of seconds', async () => {
    expect((await get(SIMPLE, '&timeout=soon')).status).toBe(400);
    expect((await get(SIMPLE, '', { 'X-Query-Timeout': '-1' })).status).toBe(400);
  });

  it('stops an expensive query with a 503 naming the limit, while a simple query is answered meanwhile', async () => {
    let expensiveDone = false;
    const expensive = timed(get(EXPENSIVE).then(async (r) => ({ status: r.status, body: await r.text() })));
    void expensive.then(() => (expensiveDone = true));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const simple = await timed(get(SIMPLE).then((r) => r.json()));
    expect(simple.value).toEqual({ head: {}, boolean: true });
    expect(simple.ms).toBeLessThan(800);
    expect(expensiveDone).toBe(false);
    const stopped = await expensive;
    expect(stopped.value.status).toBe(503);
    expect(stopped.value.body).toMatch(/Query timed out: it ran longer than the limit of 1 s/);
    expect(stopped.ms).toBeGreaterThanOrEqual(950);
    expect(stopped.ms).toBeLessThan(2500);
  });

  it('lets a request lower the limit, by ?timeout= or X-Query-Timeout, but not raise it', async () => {
    // The query the test before stopped took its worker down; on a busy machine its replacement may still be
    // loading, and a query waiting for it would be refused as "busy" rather than timed: start with both ready.
    await allWorkersUp(server.url);
    const [lowered, byHeader, raised] = await Promise.all([
      timed(get(EXPENSIVE, '&timeout=0.3').then(async (r) => ({ status: r.status, body: await r.text() }))),
      timed(get(EXPENSIVE, '', { 'X-Query-Timeout': '0.4' }).then(async (r) => ({ status: r.status, body: await r.text() }))),
      timed(get(EXPENSIVE, '&timeout=60').then(async (r) => ({ status: r.status, body: await r.text() }))),
    ]);
    expect(lowered.value.status).toBe(503);
    expect(lowered.value.body).toMatch(/limit of 300 ms \(the server allows at most 1 s\)/);
    expect(lowered.ms).toBeLessThan(900);
    expect(byHeader.value.body).toMatch(/limit of 400 ms/);
    expect(raised.value.status).toBe(503);
    expect(raised.value.body).toMatch(/limit of 1 s and was stopped/);
    expect(raised.ms).toBeLessThan(2500);
  });

  it('keeps answering after the stopped queries, on fresh workers', async () => {
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await get(SIMPLE)).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    expect(server.logs).toContainEqual(expect.stringMatching(/^GET \/sparql 503 \d+/));
  }, 20_000);
});
