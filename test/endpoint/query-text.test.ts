// Over HTTP, on the fixture graph with one triple added to the store's default
// graph: GRAPH ?g answers in every results format with graph names only, and
// queries the text re-generation used to break are answered, or refused with
// a parser's message, never a JavaScript error's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFactory } from 'n3';
import { fixtureStore, startFixtureServer, type FixtureServer } from './support.js';

const enc = encodeURIComponent;
let server: FixtureServer;
let oxigraph: boolean;

beforeAll(async () => {
  const store = fixtureStore();
  store.addQuad(
    DataFactory.namedNode('http://example.org/stray'),
    DataFactory.namedNode('http://example.org/p'),
    DataFactory.literal('in the default graph'),
  );
  server = await startFixtureServer({}, store);
  oxigraph = server.config.engine === 'oxigraph';
}, 30_000);
afterAll(async () => {
  await server?.close();
});

const get = (query: string, accept: string, params = '') =>
  fetch(`${server.endpoint}?query=${enc(query)}${params}`, { headers: { Accept: accept } });

describe('GRAPH ?g over a store whose default graph holds data', () => {
  const query = 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }';

  it('is answered in JSON, XML, TSV and CSV with graph names only', async () => {
    const json = await get(query, 'application/sparql-results+json');
    expect(json.status).toBe(200);
    const graphs = ((await json.json()) as { results: { bindings: Array<{ g: { type: string; value: string } }> } }).results.bindings;
    expect(graphs.length).toBeGreaterThan(0);
    expect(graphs.every((b) => b.g.type === 'uri' && b.g.value.startsWith('http://example.org/'))).toBe(true);
    for (const accept of ['application/sparql-results+xml', 'text/tab-separated-values'])
      expect((await get(query, accept)).status, accept).toBe(200);
    const csv = await get(query, 'text/csv');
    expect(csv.status).toBe(200);
    expect(
      (await csv.text())
        .split('\r\n')
        .slice(1, -1)
        .every((line) => line.startsWith('http://')),
    ).toBe(true);
  });

  it("while the default graph, the union of all graphs, includes the store's own", async () => {
    const response = await get('ASK { <http://example.org/stray> ?p ?o }', 'application/sparql-results+json');
    expect(await response.json()).toMatchObject({ boolean: true });
  });
});

describe('query texts that re-generation through sparqljs broke', () => {
  it('answers HAVING with two conditions, with default-graph-uri too', async () => {
    const having = 'SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1) (COUNT(*) < 3)';
    for (const params of ['', `&default-graph-uri=${enc('http://example.org/data/data1')}`]) {
      const response = await get(having, 'application/sparql-results+json', params);
      expect(response.status, params).toBe(200);
    }
  });

  it("answers a blank node property list as a CONSTRUCT template subject on Oxigraph, and refuses it on Comunica with the parser's failure, not a JavaScript error", async () => {
    const response = await get(
      'PREFIX ex: <http://example.org/> CONSTRUCT { [ ex:q ?o ] } WHERE { ?s ex:age ?o }',
      'application/n-triples',
    );
    const body = await response.text();
    if (oxigraph) {
      expect(response.status).toBe(200);
      expect(body).toMatch(/<http:\/\/example\.org\/q>/);
    } else {
      expect(response.status).toBe(400);
      expect(body).toMatch(/^Malformed query: The query could not be read: the SPARQL parser failed/);
      expect(body).not.toMatch(/Cannot read|undefined|TypeError/);
    }
  });
});
