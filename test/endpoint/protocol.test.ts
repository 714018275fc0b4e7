// The query cases of the W3C SPARQL 1.1 Protocol test suite
// (https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/), run
// against the real server on the fixture graph. The suite's data1/data2/data3
// graphs are http://example.org/data/data{1,2,3} here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startFixtureServer, type FixtureServer } from './support.js';

const DATA = (n: number) => `http://example.org/data/data${n}`;
const enc = encodeURIComponent;

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
}, 30_000);
afterAll(async () => {
  await server?.close();
});

async function get(params: string, headers: Record<string, string> = {}) {
  return fetch(`${server.endpoint}?${params}`, { headers });
}

async function postDirect(query: string, params = '', headers: Record<string, string> = {}) {
  return fetch(`${server.endpoint}${params ? `?${params}` : ''}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', ...headers },
    body: query,
  });
}

async function postForm(body: string, params = '') {
  return fetch(`${server.endpoint}${params ? `?${params}` : ''}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
}

async function booleanOf(response: Response): Promise<boolean> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/sparql-results+json');
  const json = (await response.json()) as { boolean: boolean };
  return json.boolean;
}

async function expectPlainError(
  response: Response | { status: number; headers: Headers | Record<string, unknown>; body?: string },
  status: number,
) {
  expect(response.status).toBe(status);
  const type = response.headers instanceof Headers ? response.headers.get('content-type') : (response.headers['content-type'] as string);
  expect(type).toBe('text/plain; charset=utf-8');
}

describe('the endpoint answers queries the three ways of the protocol', () => {
  it('answers a query sent by GET (query_get)', async () => {
    expect(await booleanOf(await get(`query=${enc('ASK {}')}&default-graph-uri=${enc(DATA(0))}`))).toBe(true);
  });

  it('answers a query sent as a URL-encoded POST form (query_post_form)', async () => {
    expect(await booleanOf(await postForm(`query=${enc('ASK {}')}`, `default-graph-uri=${enc(DATA(0))}`))).toBe(true);
  });

  it('answers a query POSTed directly as application/sparql-query (query_post_direct)', async () => {
    expect(await booleanOf(await postDirect('ASK {}'))).toBe(true);
  });

  it('answers the same query alike by GET, form and direct POST', async () => {
    const query = 'SELECT ?name WHERE { ?p <http://schema.org/name> ?name } ORDER BY ?name';
    const answers = await Promise.all([
      get(`query=${enc(query)}`).then((r) => r.json()),
      postForm(`query=${enc(query)}`).then((r) => r.json()),
      postDirect(query).then((r) => r.json()),
    ]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const names = (answers[0] as { results: { bindings: Array<{ name: { value: string } }> } }).results.bindings.map((b) => b.name.value);
    expect(names).toEqual(['Alice', 'Bob "the builder"', 'Carol 🌍']);
  });

  it('answers HEAD with the headers of the GET and no body', async () => {
    const response = await fetch(`${server.endpoint}?query=${enc('ASK {}')}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/sparql-results+json');
    expect(await response.text()).toBe('');
  });
});

describe('the endpoint honours the protocol dataset', () => {
  const bothDocuments = `ASK { <${DATA(1)}> a ?type . <${DATA(2)}> a ?type . }`;
  const inTwoNamedGraphs = `ASK { GRAPH ?g1 { <${DATA(1)}> a ?type } GRAPH ?g2 { <${DATA(2)}> a ?type } }`;

  it('uses the default-graph-uri graphs as the default graph, by GET (query_dataset_default_graphs_get)', async () => {
    expect(
      await booleanOf(await get(`query=${enc(bothDocuments)}&default-graph-uri=${enc(DATA(1))}&default-graph-uri=${enc(DATA(2))}`)),
    ).toBe(true);
    expect(await booleanOf(await get(`query=${enc(bothDocuments)}&default-graph-uri=${enc(DATA(1))}`))).toBe(false);
  });

  it('uses the default-graph-uri graphs as the default graph, by POST (query_dataset_default_graphs_post)', async () => {
    expect(await booleanOf(await postDirect(bothDocuments, `default-graph-uri=${enc(DATA(1))}&default-graph-uri=${enc(DATA(2))}`))).toBe(
      true,
    );
    expect(await booleanOf(await postDirect(bothDocuments, `default-graph-uri=${enc(DATA(2))}`))).toBe(false);
  });

  it('uses the named-graph-uri graphs as the named graphs, by POST and GET (query_dataset_named_graphs_post/get)', async () => {
    const both = `named-graph-uri=${enc(DATA(1))}&named-graph-uri=${enc(DATA(2))}`;
    expect(await booleanOf(await postDirect(inTwoNamedGraphs, both))).toBe(true);
    expect(await booleanOf(await get(`query=${enc(inTwoNamedGraphs)}&${both}`))).toBe(true);
    expect(await booleanOf(await get(`query=${enc(inTwoNamedGraphs)}&named-graph-uri=${enc(DATA(1))}`))).toBe(false);
  });

  it('takes both default and named graphs from the protocol (query_dataset_full)', async () => {
    const query = `ASK { <${DATA(3)}> a ?type GRAPH ?g1 { <${DATA(1)}> a ?type } GRAPH ?g2 { <${DATA(2)}> a ?type } }`;
    const dataset = `default-graph-uri=${enc(DATA(3))}&named-graph-uri=${enc(DATA(1))}&named-graph-uri=${enc(DATA(2))}`;
    expect(await booleanOf(await postDirect(query, dataset))).toBe(true);
    const graphs = await postDirect('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g', dataset).then((r) => r.json());
    expect((graphs as { results: { bindings: Array<{ g: { value: string } }> } }).results.bindings.map((b) => b.g.value)).toEqual([
      DATA(1),
      DATA(2),
    ]);
  });

  it("prefers the protocol's dataset to the query's FROM (query_multiple_dataset)", async () => {
    const query = `ASK FROM <${DATA(3)}> { GRAPH ?g1 { <${DATA(1)}> a ?type } GRAPH ?g2 { <${DATA(2)}> a ?type } }`;
    expect(await booleanOf(await postDirect(query, `named-graph-uri=${enc(DATA(1))}&named-graph-uri=${enc(DATA(2))}`))).toBe(true);
    const fromData1 = `ASK FROM <${DATA(1)}> { <${DATA(1)}> a ?type }`;
    expect(await booleanOf(await postDirect(fromData1))).toBe(true);
    expect(await booleanOf(await postDirect(fromData1, `default-graph-uri=${enc(DATA(2))}`))).toBe(false);
  });

  it('sees the union of all graphs as the default graph when no dataset is given', async () => {
    expect(await booleanOf(await get(`query=${enc(bothDocuments)}`))).toBe(true);
  });

  it('refuses a graph parameter that is not an absolute IRI', async () => {
    await expectPlainError(await get(`query=${enc('ASK {}')}&default-graph-uri=not%20an%20iri`), 400);
  });
});

describe('the endpoint answers each query form in a fitting media type', () => {
  it('sends SELECT results as SPARQL results (query_content_type_select)', async () => {
    const response = await postDirect('SELECT (1 AS ?value) {}', `default-graph-uri=${enc(DATA(0))}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/sparql-results+json');
    expect(await response.json()).toMatchObject({
      head: { vars: ['value'] },
      results: { bindings: [{ value: { type: 'literal', value: '1', datatype: 'http://www.w3.org/2001/XMLSchema#integer' } }] },
    });
  });

  it('sends an ASK answer as a SPARQL boolean result (query_content_type_ask)', async () => {
    const response = await postDirect('ASK {}', `default-graph-uri=${enc(DATA(0))}`);
    expect(await response.json()).toEqual({ head: {}, boolean: true });
  });

  it('sends a DESCRIBE as RDF (query_content_type_describe)', async () => {
    const response = await postDirect('DESCRIBE <http://example.org/alice>');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    expect(await response.text()).toContain('"Alice"');
  });

  it('sends a CONSTRUCT as RDF, resolving relative IRIs against the endpoint (query_content_type_construct)', async () => {
    const response = await postDirect('CONSTRUCT { <s> <p> 1 } WHERE {}', `default-graph-uri=${enc(DATA(0))}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    expect(await response.text()).toContain(`<${server.url}/s> <${server.url}/p> 1`);
  });
});

describe('the endpoint refuses bad requests with a 4xx and a plain-text reason', () => {
  it('refuses methods other than GET, HEAD and POST with 405 and Allow (bad_query_method)', async () => {
    const response = await rawRequest(`${server.endpoint}?query=${enc('ASK {}')}&default-graph-uri=${enc(DATA(0))}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '0' },
    });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    const del = await fetch(server.endpoint, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
  });

  it('refuses two query parameters (bad_multiple_queries)', async () => {
    const response = await get(`query=${enc('ASK {}')}&query=${enc('SELECT * {}')}`);
    await expectPlainError(response, 400);
    expect(await response.text()).toMatch(/one query per request/i);
  });

  it('refuses a POST body of another media type (bad_query_wrong_media_type)', async () => {
    const response = await fetch(server.endpoint, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'ASK {}' });
    await expectPlainError(response, 415);
  });

  it('refuses a form body without its media type (bad_query_missing_form_type)', async () => {
    const response = await rawRequest(server.endpoint, { method: 'POST', body: 'query=ASK%20%7B%7D' });
    expect(response.status).toBe(415);
    expect(response.body).toMatch(/Content-Type/);
  });

  it('refuses a query body without its media type (bad_query_missing_direct_type)', async () => {
    const response = await rawRequest(server.endpoint, { method: 'POST', body: 'ASK {}' });
    expect(response.status).toBe(415);
  });

  it('refuses a body in another encoding than UTF-8 (bad_query_non_utf8)', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ASK {}', 'utf16le')]);
    const declared = await rawRequest(server.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-query; charset=UTF-16' },
      body: utf16,
    });
    expect(declared.status).toBe(415);
    const undeclared = await rawRequest(server.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-query' },
      body: Buffer.from('ASK { ?s ?p "caf\xe9" }', 'latin1'),
    });
    expect(undeclared.status).toBe(400);
    expect(undeclared.body).toMatch(/UTF-8/);
  });

  it("refuses a malformed query with the parser's message and line (bad_query_syntax)", async () => {
    const response = await get(`query=${enc('ASK {')}`);
    await expectPlainError(response, 400);
    expect(await response.text()).toMatch(/^Malformed query: Parse error on line 1:/);
    const multiline = await postDirect('SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(\n}');
    expect(multiline.status).toBe(400);
    expect(await multiline.text()).toContain('line 4');
  });

  it('refuses a POST form without a query, and a query that is empty or only a prologue', async () => {
    await expectPlainError(await postForm('default-graph-uri=http%3A%2F%2Fexample.org%2F'), 400);
    await expectPlainError(await get('query='), 400);
    const prologue = await postDirect('PREFIX ex: <http://example.org/>\n# nothing else');
    await expectPlainError(prologue, 400);
    expect(await prologue.text()).toMatch(/empty/);
  });
});

describe('the endpoint is read-only: every update is refused with 403', () => {
  it('refuses an update by GET (bad_update_get)', async () => {
    await expectPlainError(await get(`update=${enc('CLEAR ALL')}`), 403);
  });

  it('refuses updates in a form, one or several, well-formed or not (bad_multiple_updates, bad_update_syntax, update_post_form)', async () => {
    await expectPlainError(await postForm('update=CLEAR%20NAMED&update=CLEAR%20DEFAULT'), 403);
    await expectPlainError(await postForm('update=CLEAR%20XYZ'), 403);
    await expectPlainError(await postForm('update=CLEAR+ALL'), 403);
  });

  it('refuses application/sparql-update, whatever its charset or dataset (update_post_direct, bad_update_non_utf8, bad_update_dataset_conflict)', async () => {
    const direct = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-update' },
      body: 'CLEAR ALL',
    });
    await expectPlainError(direct, 403);
    const utf16 = await rawRequest(server.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-update; charset=UTF-16' },
      body: Buffer.from('CLEAR NAMED', 'utf16le'),
    });
    expect(utf16.status).toBe(403);
    const conflict = await fetch(`${server.endpoint}?using-named-graph-uri=${enc('http://example/people')}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-update' },
      body: "WITH <http://example/addresses> DELETE { ?p <http://xmlns.com/foaf/0.1/givenName> 'Bill' } WHERE { ?p <http://xmlns.com/foaf/0.1/givenName> 'Bill' }",
    });
    expect(conflict.status).toBe(403);
  });

  it('refuses an update sent where a query belongs', async () => {
    const response = await postDirect('INSERT DATA { <http://example.org/x> <http://example.org/y> "z" }');
    await expectPlainError(response, 403);
    expect(await response.text()).toMatch(/read-only/);
    await expectPlainError(await get(`query=${enc('LOAD <http://example.org/evil>')}`), 403);
  });

  it('refuses updates sent with the wrong media type or none (bad_update_wrong_media_type, bad_update_missing_form_type)', async () => {
    expect((await fetch(server.endpoint, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'CLEAR NAMED' })).status).toBe(
      415,
    );
    expect((await rawRequest(server.endpoint, { method: 'POST', body: 'update=CLEAR%20NAMED' })).status).toBe(415);
  });
});

describe('the endpoint queries only the services on its allowlist', () => {
  it('refuses SERVICE to an unlisted endpoint, even nested, with 400 naming it (test/federation/ has the rest)', async () => {
    const response = await get(`query=${enc('SELECT * WHERE { OPTIONAL { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } } }')}`);
    await expectPlainError(response, 400);
    expect(await response.text()).toMatch(/SERVICE <http:\/\/127\.0\.0\.1:1\/sparql> is refused/);
  });
});

describe('the endpoint answers browsers from other origins', () => {
  it('allows any origin without credentials on /sparql, and answers the preflight', async () => {
    const response = await get(`query=${enc('ASK {}')}`, { Origin: 'https://yasgui.example' });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await fetch(server.endpoint, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://yasgui.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('sends CORS headers on errors too, so a browser can read them', async () => {
    const response = await get(`query=${enc('ASK {')}`, { Origin: 'https://yasgui.example' });
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('keeps CORS off the other routes', async () => {
    const response = await fetch(`${server.url}/health`, { headers: { Origin: 'https://yasgui.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the endpoint logs one line per request', () => {
  it('logs method, path, status, time and rows', async () => {
    await get(`query=${enc('SELECT ?s WHERE { ?s a <http://example.org/Document> }')}`);
    await get(`query=${enc('ASK {')}`);
    expect(server.logs).toContainEqual(expect.stringMatching(/^GET \/sparql 200 \d+\.\dms rows=3$/));
    expect(server.logs).toContainEqual(expect.stringMatching(/^GET \/sparql 400 \d+\.\dms rows=-$/));
    expect(server.logs.every((line) => !line.includes('query='))).toBe(true);
  });
});
