// GET /sparql without a query describes the service (SPARQL 1.1 Service Description).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsonld from 'jsonld';
import { Parser, Store } from 'n3';
import { NS } from '../../src/namespaces.js';
import { startFixtureServer, type FixtureServer } from './support.js';

const SD = 'http://www.w3.org/ns/sparql-service-description#';
const VOID = 'http://rdfs.org/ns/void#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SH = 'http://www.w3.org/ns/shacl#';

let server: FixtureServer;
let description: Store;
beforeAll(async () => {
  server = await startFixtureServer();
  const response = await fetch(server.endpoint, { headers: { Accept: 'text/turtle' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
  description = new Store(new Parser({ format: 'text/turtle' }).parse(await response.text()));
}, 30_000);
afterAll(async () => {
  await server?.close();
});

const objects = (subject: string | null, predicate: string) =>
  description.getQuads(subject, predicate, null, null).map((q) => q.object.value);

function service(): string {
  const [quad] = description.getQuads(null, RDF_TYPE, `${SD}Service`, null);
  expect(quad).toBeDefined();
  return quad.subject.id;
}

describe('the service description of the endpoint on the fixture graph', () => {
  it('names the endpoint, the query languages and the union default graph', () => {
    const s = service();
    expect(objects(s, `${SD}endpoint`)).toEqual([server.endpoint]);
    expect(objects(s, `${SD}supportedLanguage`).sort()).toEqual([`${SD}SPARQL10Query`, `${SD}SPARQL11Query`]);
    expect(objects(s, `${SD}feature`)).toContain(`${SD}UnionDefaultGraph`);
  });

  it('claims basic federated query (SERVICE to the endpoints on its allowlist)', () => {
    expect(objects(service(), `${SD}feature`)).toContain(`${SD}BasicFederatedQuery`);
  });

  it('lists the ten result formats', () => {
    const formats = objects(service(), `${SD}resultFormat`);
    expect(formats).toHaveLength(10);
    expect(formats).toContain('http://www.w3.org/ns/formats/SPARQL_Results_JSON');
    expect(formats).toContain('http://www.w3.org/ns/formats/JSON-LD');
    expect(formats).toContain('http://www.w3.org/ns/formats/RDF_XML');
  });

  it('describes the default dataset: its named graphs with their triple counts', () => {
    const [dataset] = objects(service(), `${SD}defaultDataset`);
    const named = description.getQuads(null, `${SD}namedGraph`, null, null).map((q) => q.object);
    const counts = Object.fromEntries(
      named.map((g) => {
        const [name] = description.getQuads(g, `${SD}name`, null, null).map((q) => q.object.value);
        const [graph] = description.getQuads(g, `${SD}graph`, null, null).map((q) => q.object);
        const [triples] = description.getQuads(graph, `${VOID}triples`, null, null).map((q) => Number(q.object.value));
        return [name, triples];
      }),
    );
    expect(dataset).toBeDefined();
    expect(counts).toEqual({
      'http://example.org/data/data1': 2,
      'http://example.org/data/data2': 2,
      'http://example.org/data/data3': 2,
      'http://example.org/graph/cases': 9,
      'http://example.org/graph/people': 15,
    });
    const [defaultGraph] = description.getQuads(null, `${SD}defaultGraph`, null, null).map((q) => q.object);
    expect(description.getQuads(defaultGraph, `${VOID}triples`, null, null)[0].object.value).toBe('30');
  });

  it('declares every predeclared project prefix, whatever the data uses', () => {
    const declared = Object.fromEntries(
      description
        .getQuads(null, `${SH}declare`, null, null)
        .map((q) => [
          description.getQuads(q.object, `${SH}prefix`, null, null)[0].object.value,
          description.getQuads(q.object, `${SH}namespace`, null, null)[0].object.value,
        ]),
    );
    expect(declared).toMatchObject({
      upr: 'https://w3id.org/upr-graph/ontology#',
      schema: 'http://schema.org/',
      casetype: 'https://w3id.org/upr-graph/id/case-type/',
    });
    expect(declared).toEqual(NS);
  });

  it('is served as JSON-LD when asked, with the same triples', async () => {
    const response = await fetch(server.endpoint, { headers: { Accept: 'application/ld+json' } });
    expect(response.headers.get('content-type')).toBe('application/ld+json');
    const document = await response.json();
    const nquads = (await jsonld.toRDF(document, { format: 'application/n-quads' })) as unknown as string;
    expect(new Parser({ format: 'application/n-quads' }).parse(nquads)).toHaveLength(description.size);
  });

  it('is also what HEAD sees, and is refused as 406 in a non-RDF format', async () => {
    const head = await fetch(server.endpoint, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    const csv = await fetch(server.endpoint, { headers: { Accept: 'text/csv' } });
    expect(csv.status).toBe(406);
  });
});
