// The store engine's fast path keeps every guarantee: queries go over pooled
// keep-alive connections (reused, enough of them for concurrent clients, a stale
// one replaced once, a cancelled request's connection closed), and a query
// prepared once (its text, its boolean fix-ups, its refusal) answers each request
// with that request's own options: row cap announced, dataset, parameters, 503.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparqlQuery, StoreAbortedError } from '../../src/store/protocol.js';
import { IDLE_MS, STORE_SOCKETS } from '../../src/store/transport.js';
import { httpListener } from '../federation/support.js';
import { SKIP_REASON, startTestStore, type TestStore } from './support.js';

const JSON_ROWS = JSON.stringify({ head: { vars: ['x'] }, results: { bindings: [] } });
const ACCEPT = 'application/sparql-results+json';
const ONTOLOGY = 'https://w3id.org/upr-graph/id/graph/ontology';
const DOCUMENT = 'https://w3id.org/upr-graph/id/graph/kz-2019-article19-adilsoz';
const XSD_BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean';

describe('the store protocol client under load', () => {
  it('keeps one connection open across queries asked one after another', async () => {
    const store = await httpListener((_req, res) => res.setHeader('Content-Type', ACCEPT).end(JSON_ROWS));
    try {
      for (let i = 0; i < 20; i++)
        await sparqlQuery({ queryUrl: `http://127.0.0.1:${store.port}/sparql` }, { text: 'ASK {}', accept: ACCEPT, timeoutMs: 2000 });
      expect(store.requests).toHaveLength(20);
      expect(store.connections).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('asks the store concurrently, over no more connections than the pool holds', async () => {
    const store = await httpListener((_req, res) => setTimeout(() => res.setHeader('Content-Type', ACCEPT).end(JSON_ROWS), 100));
    try {
      const started = Date.now();
      const asks = Array.from({ length: STORE_SOCKETS + 16 }, () =>
        sparqlQuery({ queryUrl: `http://127.0.0.1:${store.port}/sparql` }, { text: 'ASK {}', accept: ACCEPT, timeoutMs: 10_000 }),
      );
      await Promise.all(asks);
      // One after another, they would take 8 s; two rounds of the pool take 200 ms and some.
      expect(Date.now() - started).toBeLessThan(3000);
      expect(store.connections).toBeGreaterThan(1);
      expect(store.connections).toBeLessThanOrEqual(STORE_SOCKETS);
    } finally {
      await store.close();
    }
  });

  it('sends a query again, once, when the store has closed the kept connection under it, and never on a fresh one', async () => {
    // The second request on each connection finds it closed, as when the store's keep-alive timeout ended it.
    const served = new WeakMap<object, number>();
    const store = await httpListener((req, res) => {
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      if (n > 1 || req.url === '/fresh') req.socket.destroy();
      else res.setHeader('Content-Type', ACCEPT).end(JSON_ROWS);
    });
    try {
      const ask = (path: string) =>
        sparqlQuery({ queryUrl: `http://127.0.0.1:${store.port}${path}` }, { text: 'ASK {}', accept: ACCEPT, timeoutMs: 2000 });
      await ask('/sparql');
      await ask('/sparql');
      expect(store.requests).toHaveLength(3);
      expect(store.connections).toBe(2);
      const before = store.requests.length;
      await expect(ask('/fresh')).rejects.toThrow(/the store at http:\/\/127\.0\.0\.1:\d+\/fresh could not be reached/);
      // Sent on the kept connection, which fails, then once on a new one, whose failure is the answer.
      expect(store.requests.length - before).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('waits for an answer longer than a kept connection may stay idle', async () => {
    const store = await httpListener((_req, res) => setTimeout(() => res.setHeader('Content-Type', ACCEPT).end(JSON_ROWS), IDLE_MS + 500));
    try {
      const reply = await sparqlQuery(
        { queryUrl: `http://127.0.0.1:${store.port}/sparql` },
        { text: 'ASK {}', accept: ACCEPT, timeoutMs: IDLE_MS + 5000 },
      );
      expect(reply.text).toBe(JSON_ROWS);
    } finally {
      await store.close();
    }
  }, 20_000);

  it("closes the store's connection when the client's request is cancelled", async () => {
    let closed = false;
    const store = await httpListener((req) => req.socket.on('close', () => (closed = true)));
    try {
      const cancel = new AbortController();
      const asked = sparqlQuery(
        { queryUrl: `http://127.0.0.1:${store.port}/sparql` },
        { text: 'ASK {}', accept: ACCEPT, timeoutMs: 10_000, signal: cancel.signal },
      );
      setTimeout(() => cancel.abort(), 100);
      await expect(asked).rejects.toBeInstanceOf(StoreAbortedError);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(closed).toBe(true);
    } finally {
      await store.close();
    }
  });
});

async function get(url: string, query: string, params: Record<string, string> = {}) {
  const response = await fetch(`${url}/sparql?${new URLSearchParams({ query, ...params })}`, { headers: { Accept: ACCEPT } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const rows = (text: string) =>
  (JSON.parse(text) as { results: { bindings: Array<Record<string, { value: string; datatype?: string }>> } }).results.bindings;

describe.skipIf(SKIP_REASON)(`prepared queries over Virtuoso${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
  let store: TestStore;
  let url: string;
  beforeAll(async () => {
    store = await startTestStore();
    url = (await store.serve({ maxRows: 5, resultCacheEntries: 0 })).url;
  }, 120_000);
  afterAll(() => store?.close(), 60_000);

  it('announces the row cap on every answer of 32 concurrent clients asking the same query', async () => {
    const answers = await Promise.all(Array.from({ length: 32 }, () => get(url, 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }')));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(rows(answer.text)).toHaveLength(5);
      expect(answer.headers.get('x-row-limit')).toBe('5');
      expect(answer.headers.get('x-truncated')).toBe('true');
    }
  });

  it("answers the same text with each request's own dataset, in turns", async () => {
    const count = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
    const counts = [];
    for (const graph of [ONTOLOGY, DOCUMENT, ONTOLOGY, DOCUMENT])
      counts.push(rows((await get(url, count, { 'default-graph-uri': graph })).text)[0].n.value);
    expect(counts[0]).toBe(counts[2]);
    expect(counts[1]).toBe(counts[3]);
    expect(counts[0]).not.toBe(counts[1]);
  });

  it('binds each request its own saved-query parameters', async () => {
    const cases = async (provision: string) => {
      const response = await fetch(`${url}/api/queries/cases-by-provision?provision=${encodeURIComponent(provision)}`, {
        headers: { Accept: ACCEPT },
      });
      expect(response.status).toBe(200);
      return rows(await response.text()).map((r) => r.provision.value);
    };
    const base = 'https://w3id.org/upr-graph/id/provision/KZ/criminal-code-2014/';
    for (const article of ['art-274', 'art-130', 'art-274']) {
      const found = await cases(`${base}${article}`);
      expect(found.every((p) => p.startsWith(`${base}${article}`))).toBe(true);
    }
  });

  it("turns Virtuoso's 1 and 0 back into booleans on every run, not just the first", async () => {
    for (let i = 0; i < 3; i++) {
      const answer = await get(url, 'SELECT ?b ?c WHERE { BIND(1 < 2 AS ?b) BIND(2 < 1 AS ?c) }');
      expect(rows(answer.text)).toEqual([
        { b: { type: 'literal', datatype: XSD_BOOLEAN, value: 'true' }, c: { type: 'literal', datatype: XSD_BOOLEAN, value: 'false' } },
      ]);
    }
  });

  it('refuses a store defect every time it is asked, without sending it', async () => {
    const between =
      'SELECT ?i WHERE { ?i a <http://schema.org/Legislation> OPTIONAL { <urn:a> <https://w3id.org/upr-graph/ontology#partOf>+ <urn:b> } }';
    for (let i = 0; i < 2; i++) expect((await get(url, between)).status).toBe(501);
    expect(store.record.requests.filter((r) => r.body.includes('urn:a'))).toEqual([]);
  });

  it('stops an overlong query with a 503 while the queries beside it are answered', async () => {
    const slow = get(url, 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }', { timeout: '1' });
    const quick = await Promise.all(Array.from({ length: 8 }, () => get(url, 'ASK { ?s ?p ?o }')));
    expect(quick.map((q) => q.status)).toEqual(Array(8).fill(200));
    const stopped = await slow;
    expect(stopped.status).toBe(503);
    expect(stopped.text).toMatch(/timed out/i);
  }, 30_000);
});
