// The endpoint with engine=oxigraph, whatever engine the rest of the suite runs
// on: the protocol's limits (time limit → 503 with the worker replaced, row cap),
// its dataset parameters, SERVICE through Comunica and the federation guards,
// and the result cache of the worker engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerEngine } from '../../src/engine/index.js';
import { canonical, fixtureStore, referenceEngine, startFixtureServer, type FixtureServer } from '../endpoint/support.js';
import { sparql, values } from '../federation/support.js';

const enc = encodeURIComponent;
// Six patterns over everything: far more combinations than a second allows, on any engine.
const EXPENSIVE = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r . ?s ?t ?u }';
const PEOPLE = 'http://example.org/graph/people';
const CASES = 'http://example.org/graph/cases';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({ engine: 'oxigraph', queryTimeoutMs: 1000, maxRows: 5, workers: 1 });
}, 30_000);
afterAll(() => server?.close());

async function select(query: string, params = ''): Promise<Response> {
  return fetch(`${server.endpoint}?query=${enc(query)}${params}`, { headers: { Accept: 'application/sparql-results+json' } });
}

describe('the endpoint on Oxigraph', () => {
  it('stops a query at its time limit with a 503, and answers the next one at once', async () => {
    const started = performance.now();
    const slow = await select(EXPENSIVE);
    expect(slow.status).toBe(503);
    expect(await slow.text()).toMatch(/timed out/i);
    expect(performance.now() - started).toBeLessThan(5000);
    const next = await select('ASK { ?s ?p ?o }');
    expect(next.status).toBe(200);
    expect(await next.json()).toMatchObject({ boolean: true });
  });

  it('cuts a result at the row cap and says so in its headers', async () => {
    const response = await select('SELECT ?s ?p ?o WHERE { ?s ?p ?o }');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-row-limit')).toBe('5');
    expect(response.headers.get('x-truncated')).toBe('true');
    expect(((await response.json()) as { results: { bindings: unknown[] } }).results.bindings).toHaveLength(5);
    const small = await select('SELECT ?s WHERE { ?s ?p ?o } LIMIT 2');
    expect(small.headers.get('x-truncated')).toBeNull();
  });

  it('answers over the dataset of default-graph-uri and named-graph-uri as Comunica does', async () => {
    const reference = referenceEngine();
    const query = 'SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g';
    for (const dataset of [
      { defaultGraphs: [PEOPLE], namedGraphs: [] },
      { defaultGraphs: [], namedGraphs: [CASES] },
      { defaultGraphs: [PEOPLE, CASES], namedGraphs: [PEOPLE] },
    ]) {
      const params = [
        ...dataset.defaultGraphs.map((g) => `&default-graph-uri=${enc(g)}`),
        ...dataset.namedGraphs.map((g) => `&named-graph-uri=${enc(g)}`),
      ].join('');
      const response = await select(query, params);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { results: { bindings: Array<Record<string, { value: string }>> } };
      const got = body.results.bindings.map((b) => `${b.g?.value ?? '(default)'} ${b.n.value}`).sort();
      const expected = (await reference.select(query, dataset)).rows.map((r) => `${r.g?.value ?? '(default)'} ${r.n.value}`).sort();
      expect(got).toEqual(expected);
    }
  });

  it('refuses updates and syntax errors as the Comunica endpoint does', async () => {
    expect((await select('INSERT DATA { <http://a> <http://b> <http://c> }')).status).toBe(403);
    expect((await select('SELECT * WHERE { ?s ?p }')).status).toBe(400);
  });
});

describe('SERVICE with engine=oxigraph', () => {
  let remote: FixtureServer;
  let ours: FixtureServer;
  beforeAll(async () => {
    remote = await startFixtureServer({ serviceAllowlist: [] });
    ours = await startFixtureServer({ engine: 'oxigraph', serviceAllowlist: [remote.endpoint] });
  }, 30_000);
  afterAll(() => Promise.all([remote?.close(), ours?.close()]));

  it('joins local data with an allowlisted endpoint on loopback, the call made through the federation guards', async () => {
    const before = remote.logs.length;
    const query = `PREFIX schema: <http://schema.org/>
      SELECT ?person ?name WHERE {
        ?person a schema:Person .
        SERVICE <${remote.endpoint}> { ?person schema:name ?name }
      } ORDER BY ?name`;
    const { status, json, text } = await sparql(ours.endpoint, query);
    expect(status, text).toBe(200);
    expect(values(json!.results.bindings).map((r) => r.name)).toEqual(['Alice', 'Bob "the builder"', 'Carol 🌍']);
    expect(remote.logs.slice(before).some((line) => line.startsWith('POST /sparql 200') || line.startsWith('GET /sparql 200'))).toBe(true);
  });

  it('refuses a SERVICE off the allowlist before any connection, with a 400', async () => {
    const { status, text } = await sparql(ours.endpoint, 'SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }');
    expect(status).toBe(400);
    expect(text).toMatch(/allowlist|not allowed|allowed/i);
  });
});

describe('the result cache of the worker engine', () => {
  it('answers a repeated query from the cache for as long as the data is the same, but not one using NOW()', async () => {
    const engine = createWorkerEngine(fixtureStore(), { engine: 'oxigraph', workers: 1, resultCacheEntries: 4 });
    try {
      await engine.ready;
      const query = 'SELECT ?s WHERE { ?s a <http://schema.org/Person> } ORDER BY ?s';
      const first = await engine.query(query);
      expect(await engine.query(query)).toBe(first);
      expect(canonical(first)).toEqual(canonical(await referenceEngine().query(query)));
      const clock = 'SELECT (NOW() AS ?t) WHERE {}';
      expect(await engine.query(clock)).not.toBe(await engine.query(clock));
      engine.clearCache?.();
      expect(await engine.query(query)).not.toBe(first);
      expect(engine.datasetVersion).toMatch(/^[A-Za-z0-9_-]{22}$/);
    } finally {
      await engine.close();
    }
  });
});
