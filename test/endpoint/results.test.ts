// Result formats and content negotiation: one media-type table, `?format=`
// over Accept, defaults by the kind of result, 406 when nothing fits, gzip.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { canonical, canonicalTriples, rawRequest, referenceEngine, startFixtureServer, type FixtureServer } from './support.js';

const enc = encodeURIComponent;
const PEOPLE = `PREFIX schema: <http://schema.org/> PREFIX ex: <http://example.org/>
SELECT ?name ?age WHERE { ?p schema:name ?name OPTIONAL { ?p ex:age ?age } } ORDER BY ?name`;
const NOTE = 'SELECT ?note WHERE { <http://example.org/bob> <http://example.org/note> ?note }';
const LABELS = 'SELECT ?label WHERE { <http://example.org/alice> <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label';
const ASK = 'ASK { <http://example.org/alice> <http://example.org/knows> <http://example.org/bob> }';
const GRAPH = 'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <http://example.org/graph/cases> { ?s ?p ?o } }';
const PEOPLE_GRAPH = 'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <http://example.org/graph/people> { ?s ?p ?o } }';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
}, 30_000);
afterAll(async () => {
  await server?.close();
});

function ask(query: string, accept?: string, params = '') {
  return fetch(`${server.endpoint}?query=${enc(query)}${params}`, { headers: accept ? { Accept: accept } : {} });
}

async function typeOf(query: string, accept?: string, params = ''): Promise<string | null> {
  const response = await ask(query, accept, params);
  expect(response.status).toBe(200);
  return response.headers.get('content-type');
}

describe('the default format follows the kind of result, not the query text', () => {
  it('answers SELECT and ASK in SPARQL JSON, CONSTRUCT and DESCRIBE in Turtle, with or without */*', async () => {
    for (const accept of [undefined, '*/*']) {
      expect(await typeOf(PEOPLE, accept)).toBe('application/sparql-results+json');
      expect(await typeOf(ASK, accept)).toBe('application/sparql-results+json');
      expect(await typeOf(GRAPH, accept)).toBe('text/turtle; charset=utf-8');
      expect(await typeOf('DESCRIBE <http://example.org/carol>', accept)).toBe('text/turtle; charset=utf-8');
    }
  });

  it('is not fooled by a query whose text mentions another query form', async () => {
    const sneaky = '# CONSTRUCT { ?s ?p ?o }\nSELECT ("CONSTRUCT" AS ?x) {}';
    expect(await typeOf(sneaky)).toBe('application/sparql-results+json');
  });
});

describe('SELECT results in the four SPARQL result formats', () => {
  it('writes SPARQL JSON with typed and language-tagged literals, unbound variables left out, and a truncation flag', async () => {
    const json = (await (await ask(PEOPLE, 'application/sparql-results+json')).json()) as {
      head: { vars: string[] };
      results: { truncated: boolean; bindings: Array<Record<string, unknown>> };
    };
    expect(json.head.vars).toEqual(['name', 'age']);
    expect(json.results.truncated).toBe(false);
    expect(json.results.bindings).toEqual([
      {
        name: { type: 'literal', value: 'Alice' },
        age: { type: 'literal', value: '30', datatype: 'http://www.w3.org/2001/XMLSchema#integer' },
      },
      {
        name: { type: 'literal', value: 'Bob "the builder"' },
        age: { type: 'literal', value: '25', datatype: 'http://www.w3.org/2001/XMLSchema#integer' },
      },
      { name: { type: 'literal', value: 'Carol 🌍' } },
    ]);
    const labels = (await (await ask(LABELS)).json()) as { results: { bindings: Array<{ label: unknown }> } };
    expect(labels.results.bindings.map((b) => b.label)).toEqual([
      { type: 'literal', value: 'Alice', 'xml:lang': 'en' },
      { type: 'literal', value: 'Алиса', 'xml:lang': 'ru' },
    ]);
  });

  it('writes SPARQL XML, escaping what XML needs escaped', async () => {
    const response = await ask(NOTE, 'application/sparql-results+xml');
    expect(response.headers.get('content-type')).toBe('application/sparql-results+xml');
    const xml = await response.text();
    expect(xml).toContain('<sparql xmlns="http://www.w3.org/2005/sparql-results#">');
    expect(xml).toContain('<variable name="note"/>');
    expect(xml).toContain(
      '<binding name="note"><literal xml:lang="en">line one\nline two\ttabbed, with a comma &amp; &lt;angle brackets&gt;</literal></binding>',
    );
    const ages = await (await ask(PEOPLE, 'application/sparql-results+xml')).text();
    expect(ages).toContain('<literal datatype="http://www.w3.org/2001/XMLSchema#integer">30</literal>');
    expect(ages.match(/<result>/g)).toHaveLength(3);
  });

  it('writes CSV: values only, quoted where needed, CRLF line ends', async () => {
    const response = await ask(PEOPLE, 'text/csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await response.text()).toBe('name,age\r\nAlice,30\r\n"Bob ""the builder""",25\r\nCarol 🌍,\r\n');
  });

  it('writes TSV: terms in Turtle syntax, tabs and line breaks escaped', async () => {
    const response = await ask(PEOPLE, 'text/tab-separated-values');
    expect(response.headers.get('content-type')).toBe('text/tab-separated-values; charset=utf-8');
    const integer = '^^<http://www.w3.org/2001/XMLSchema#integer>';
    expect(await response.text()).toBe(`?name\t?age\n"Alice"\t"30"${integer}\n"Bob \\"the builder\\""\t"25"${integer}\n"Carol 🌍"\t\n`);
    const note = await (await ask(NOTE, 'text/tab-separated-values')).text();
    expect(note).toBe('?note\n"line one\\nline two\\ttabbed, with a comma & <angle brackets>"@en\n');
  });
});

describe('ASK answers in each SPARQL result format', () => {
  it('writes true or false in JSON, XML, CSV and TSV', async () => {
    expect(await (await ask(ASK, 'application/sparql-results+json')).json()).toEqual({ head: {}, boolean: true });
    expect(await (await ask(ASK, 'application/sparql-results+xml')).text()).toContain('<boolean>true</boolean>');
    expect(await (await ask('ASK { ?s <http://example.org/nothing> ?o }', 'text/csv')).text()).toBe('_askResult\r\nfalse\r\n');
    expect(await (await ask(ASK, 'text/tab-separated-values')).text()).toBe('?_askResult\ntrue\n');
  });
});

describe('CONSTRUCT results in six RDF formats, all carrying the same triples', () => {
  let expected: string[];
  beforeAll(async () => {
    expected = canonical(await referenceEngine().query(PEOPLE_GRAPH)) as string[];
  });

  it.each([
    ['text/turtle', 'text/turtle; charset=utf-8', 'text/turtle'],
    ['application/n-triples', 'application/n-triples', 'application/n-triples'],
    ['application/n-quads', 'application/n-quads', 'application/n-quads'],
    ['application/trig', 'application/trig', 'application/trig'],
  ])('writes %s that parses back to the same triples', async (accept, contentType, parserFormat) => {
    const response = await ask(PEOPLE_GRAPH, accept);
    expect(response.headers.get('content-type')).toBe(contentType);
    const quads = new Parser({ format: parserFormat }).parse(await response.text());
    expect(canonicalTriples(quads)).toEqual(expected);
  });

  it('writes Turtle with the prefixes the result uses, and only those', async () => {
    const turtle = await (await ask(GRAPH, 'text/turtle')).text();
    expect(turtle).toContain('@prefix upr: <https://w3id.org/upr-graph/ontology#>.');
    expect(turtle).toContain('@prefix casetype: <https://w3id.org/upr-graph/id/case-type/>.');
    expect(turtle).not.toContain('@prefix skos:');
    expect(turtle).toContain('upr:caseType casetype:civil-lawsuit');
  });

  it("writes JSON-LD compacted with the project's context, that expands back to the same triples", async () => {
    const response = await ask(GRAPH, 'application/ld+json');
    expect(response.headers.get('content-type')).toBe('application/ld+json');
    const document = (await response.json()) as Record<string, unknown>;
    expect(document['@context']).toMatchObject({
      upr: 'https://w3id.org/upr-graph/ontology#',
      date: { '@id': 'upr:date', '@type': 'xsd:date' },
    });
    expect(document).toMatchObject({
      '@id': 'id:case/example-lawsuit',
      '@type': 'upr:Case',
      label: 'An example lawsuit',
      date: '2019-05-01',
      datePrecision: 'month',
      defendant: 'http://example.org/alice',
      caseType: 'casetype:civil-lawsuit',
      maxImprisonmentYears: '2.5',
      criticismExemption: 'false',
    });
    const nquads = (await jsonld.toRDF(document as never, { format: 'application/n-quads' })) as unknown as string;
    const expectedCase = canonical(await referenceEngine().query(GRAPH));
    expect(canonicalTriples(new Parser({ format: 'application/n-quads' }).parse(nquads))).toEqual(expectedCase);
  });

  it('writes RDF/XML with one description per subject, language tags and datatypes', async () => {
    const response = await ask(PEOPLE_GRAPH, 'application/rdf+xml');
    expect(response.headers.get('content-type')).toBe('application/rdf+xml');
    const xml = await response.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rdf:RDF/);
    expect(xml).toContain('<rdf:Description rdf:about="http://example.org/alice">');
    expect(xml).toContain('<rdfs:label xml:lang="ru">Алиса</rdfs:label>');
    expect(xml).toMatch(/<ns\d+:age rdf:datatype="http:\/\/www.w3.org\/2001\/XMLSchema#integer">30<\/ns\d+:age>/);
    expect(xml).toContain('with a comma &amp; &lt;angle brackets&gt;');
    expect(xml.match(/<rdf:Description /g)).toHaveLength(3);
  });
});

describe('?format= overrides Accept', () => {
  it('takes a short name or a media type, over whatever Accept says', async () => {
    expect(await typeOf(PEOPLE, 'application/sparql-results+xml', '&format=json')).toBe('application/sparql-results+json');
    expect(await typeOf(PEOPLE, 'application/sparql-results+json', '&format=csv')).toBe('text/csv; charset=utf-8');
    expect(await typeOf(PEOPLE, undefined, `&format=${enc('text/tab-separated-values')}`)).toBe('text/tab-separated-values; charset=utf-8');
    expect(await typeOf(GRAPH, 'text/turtle', '&format=nt')).toBe('application/n-triples');
    expect(await typeOf(GRAPH, undefined, '&format=jsonld')).toBe('application/ld+json');
  });

  it('reads xml and json by the kind of result, as SPARQLWrapper sends them', async () => {
    expect(await typeOf(PEOPLE, undefined, '&format=xml&output=xml&results=xml')).toBe('application/sparql-results+xml');
    expect(await typeOf(GRAPH, undefined, '&format=xml&output=xml&results=xml')).toBe('application/rdf+xml');
    expect(await typeOf(GRAPH, undefined, '&format=json')).toBe('application/ld+json');
    expect(await typeOf(PEOPLE, undefined, `&format=tsv&format=${enc('text/tab-separated-values')}`)).toBe(
      'text/tab-separated-values; charset=utf-8',
    );
  });
});

describe('Accept is read with its qualities', () => {
  it('takes the preferred type, ignores q=0 and prefers a named type to a wildcard', async () => {
    expect(await typeOf(PEOPLE, 'text/csv;q=0.5, application/sparql-results+xml')).toBe('application/sparql-results+xml');
    expect(await typeOf(PEOPLE, 'application/sparql-results+json;q=0, */*;q=0.1')).toBe('application/sparql-results+xml');
    expect(await typeOf(PEOPLE, '*/*, text/csv')).toBe('text/csv; charset=utf-8');
    expect(await typeOf(PEOPLE, 'application/json')).toBe('application/sparql-results+json');
    expect(await typeOf(GRAPH, 'application/json')).toBe('application/ld+json');
    expect(await typeOf(GRAPH, 'application/sparql-results+json;q=1.0, text/turtle;q=0.5, application/n-triples;q=0.9')).toBe(
      'application/n-triples',
    );
  });
});

describe('406 when no acceptable format fits', () => {
  it('refuses a SELECT asked for as Turtle, and a CONSTRUCT asked for as SPARQL JSON, listing what is offered', async () => {
    const select = await ask(PEOPLE, 'text/turtle');
    expect(select.status).toBe(406);
    expect(select.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await select.text()).toContain('application/sparql-results+json');
    const construct = await ask(GRAPH, 'application/sparql-results+json');
    expect(construct.status).toBe(406);
    expect(await construct.text()).toContain('text/turtle');
  });

  it('refuses an unknown ?format= and a type nobody offers', async () => {
    expect((await ask(PEOPLE, undefined, '&format=html')).status).toBe(406);
    expect((await ask(PEOPLE, 'image/png')).status).toBe(406);
  });

  it('says Vary: Accept', async () => {
    expect((await ask(PEOPLE)).headers.get('vary')).toMatch(/Accept/);
  });
});

describe('compression', () => {
  it('gzips a response when the client asks for gzip, and not otherwise', async () => {
    const query = `${server.endpoint}?query=${enc(PEOPLE_GRAPH)}&format=nt`;
    const { get } = await import('node:http');
    const zipped = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      get(query, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    const plain = await rawRequest(query, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(plain.body);
  });
});
