// The saved-query API on the real server (real data, worker engine, port 0), driven with fetch.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { loadConfig } from '../../src/config.js';
import { start, type RunningServer } from '../../src/server.js';
import { ROOT, testEnv } from '../support/graph.js';

const run = promisify(execFile);
let server: RunningServer;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

beforeAll(async () => {
  server = await start(loadConfig(testEnv(), { root: ROOT, host: '127.0.0.1', port: 0, workers: 1 }), { log: () => {} });
});
afterAll(() => server?.close());

describe('the saved-query API with the 2019 submission loaded', () => {
  it('lists every saved query with its summary, type and typed parameters', async () => {
    const res = await get('/api/queries');
    expect(res.status).toBe(200);
    const list = (await res.json()) as Array<{
      name: string;
      summary: string;
      queryType: string;
      parameters: Array<{ name: string; type: string; required: boolean }>;
    }>;
    expect(list.length).toBeGreaterThanOrEqual(20);
    const ladder = list.find((q) => q.name === 'penalty-ladder');
    expect(ladder).toMatchObject({ queryType: 'SELECT', parameters: [{ name: 'article', type: 'iri', required: false }] });
    expect(list.find((q) => q.name === 'sources-of')?.parameters).toEqual([
      expect.objectContaining({ name: 'resource', type: 'iri', required: true }),
    ]);
  });

  it('runs a query with its defaults: the four parts of Article 274 as SPARQL JSON', async () => {
    const res = await get('/api/queries/penalty-ladder');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
    const body = (await res.json()) as { results: { bindings: Array<Record<string, { value: string }>> } };
    // Years compare by value: Oxigraph writes "1.0"^^xsd:decimal canonically, as "1".
    expect(body.results.bindings.map((b) => [b.partNumber.value, Number(b.maxImprisonmentYears.value)])).toEqual([
      ['1', 1],
      ['2', 3],
      ['3', 5],
      ['4', 7],
    ]);
  });

  it('binds a parameter and answers in the negotiated format', async () => {
    const article = encodeURIComponent('https://w3id.org/upr-graph/id/provision/KZ/criminal-code-2014/art-376');
    const csv = await get(`/api/queries/penalty-ladder?article=${article}&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    const tsv = await get('/api/queries/people?role=role:journalist', { Accept: 'text/tab-separated-values' });
    expect(tsv.headers.get('content-type')).toMatch(/^text\/tab-separated-values/);
    const names = (await tsv.text())
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t')[1]);
    expect(names).toEqual(['"Oralbek Omyrov"', '"Ramazan Yesergepov"']);
  });

  it('answers ASK and CONSTRUCT queries in their own formats', async () => {
    const ask = await get(
      `/api/queries/has-cases-under?provision=${encodeURIComponent('https://w3id.org/upr-graph/id/provision/KZ/criminal-code-2014/art-130')}`,
    );
    expect(await ask.json()).toMatchObject({ boolean: false });
    const graph = await get('/api/queries/resource');
    expect(graph.headers.get('content-type')).toMatch(/^text\/turtle/);
    expect(await graph.text()).toMatch(/art-274/);
  });

  it('sends an ETag and answers 304 when the client has the same result', async () => {
    const first = await get('/api/queries/sentences');
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^".+"$/);
    const again = await get('/api/queries/sentences', { 'If-None-Match': tag! });
    expect(again.status).toBe(304);
    const otherFormat = await get('/api/queries/sentences?format=csv', { 'If-None-Match': tag! });
    expect(otherFormat.status).toBe(200);
  });

  it('scopes a paragraph to a document when one is given', async () => {
    type Rows = { results: { bindings: Array<Record<string, { value: string }>> } };
    const kz = encodeURIComponent('https://w3id.org/upr-graph/id/document/kz-2019-article19-adilsoz');
    const all = (await (await get('/api/queries/paragraph?number=9')).json()) as Rows;
    const scoped = (await (await get(`/api/queries/paragraph?number=9&document=${kz}`)).json()) as Rows;
    expect(scoped.results.bindings.length).toBeGreaterThan(0);
    expect(scoped.results.bindings).toEqual(all.results.bindings);
    expect(new Set(scoped.results.bindings.map((b) => b.paragraph.value))).toEqual(
      new Set(['https://w3id.org/upr-graph/id/document/kz-2019-article19-adilsoz/para/9']),
    );
    const other = encodeURIComponent('https://w3id.org/upr-graph/id/document/no-such-document');
    const none = (await (await get(`/api/queries/paragraph?number=9&document=${other}`)).json()) as Rows;
    expect(none.results.bindings).toEqual([]);
  });
  it('refuses a missing, mistyped, repeated or unknown parameter with a 400 naming it', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/queries/sources-of', /"resource" is required/],
      ['/api/queries/paragraph?number=nine', /"number" must be an integer/],
      ['/api/queries/timeline?from=2016-13-01', /"from" must be a date/],
      ['/api/queries/paragraph?number=1&number=2', /"number" .* given 2 times/],
      ['/api/queries/paragraph?colour=red', /no parameter "colour"/],
      ['/api/queries/people?role=not%20an%20iri', /"role" must be an absolute IRI/],
    ];
    for (const [path, message] of cases) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text(), path).toMatch(message);
    }
    expect((await get('/api/queries/no-such-query')).status).toBe(404);
  });

  it('matches an injection attempt as a plain value, never as SPARQL, and leaves the graph unchanged', async () => {
    const before = ((await (await get('/health')).json()) as { triples: number }).triples;
    for (const attack of ['"> } ; DROP ALL #', '<x> } UNION { ?s ?p ?o', '") || true || ("']) {
      const res = await get(`/api/queries/search?text=${encodeURIComponent(attack)}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { results: { bindings: unknown[] } };
      expect(body.results.bindings).toEqual([]);
    }
    const iri = await get(`/api/queries/sources-of?resource=${encodeURIComponent('<x> } UNION { ?s ?p ?o')}`);
    expect(iri.status).toBe(400);
    const after = ((await (await get('/health')).json()) as { triples: number }).triples;
    expect(after).toBe(before);
  });
});

describe('the OpenAPI document of the saved queries', () => {
  it('is valid OpenAPI 3.1 by an independent validator', async () => {
    const doc = await (await get('/api/openapi.json')).json();
    const result = await new Validator().validate(doc as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect((doc as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('describes every path so that it answers as it says', async () => {
    const doc = (await (await get('/api/openapi.json')).json()) as {
      paths: Record<
        string,
        {
          get: {
            parameters?: Array<{ name: string; required: boolean; schema: { examples?: unknown[] } }>;
            responses: Record<string, { content?: Record<string, unknown> }>;
          };
        }
      >;
    };
    expect(Object.keys(doc.paths).length).toBeGreaterThanOrEqual(21);
    // Queries that call Wikidata need the internet; test/federation/ runs them against a loopback stand-in.
    const list = (await (await get('/api/queries')).json()) as Array<{ name: string; needsNetwork: boolean }>;
    const networked = new Set(list.filter((q) => q.needsNetwork).map((q) => `/api/queries/${q.name}`));
    for (const [path, item] of Object.entries(doc.paths)) {
      if (networked.has(path)) continue;
      const query = new URLSearchParams();
      for (const p of item.get.parameters ?? []) {
        if (p.required) query.set(p.name, String(p.schema.examples?.[0]));
      }
      const res = await get(`${path}${query.size ? `?${query}` : ''}`);
      expect(res.status, path).toBe(200);
      const declared = Object.keys(item.get.responses['200'].content ?? {});
      expect(declared, path).toContain(res.headers.get('content-type')!.split(';')[0]);
    }
  });
});

describe('the command line', () => {
  it('runs a saved query with a parameter as CSV', async () => {
    const { stdout } = await run(
      'npx',
      [
        'tsx',
        'src/cli.ts',
        'query',
        '--saved',
        'penalty-ladder',
        '--article',
        'https://w3id.org/upr-graph/id/provision/KZ/criminal-code-2014/art-174',
        '--format',
        'csv',
      ],
      { cwd: ROOT },
    );
    const lines = stdout.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^part,partNumber,/);
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['1', '2', '3']);
  });

  it('names a missing required parameter and exits non-zero', async () => {
    const error = await run('npx', ['tsx', 'src/cli.ts', 'query', '--saved', 'sources-of'], { cwd: ROOT }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toMatch(/"resource" is required/);
  });
});
