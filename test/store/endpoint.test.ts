// The endpoint over Virtuoso (UPR_ENGINE=store) keeps the service's own rules:
// the dataset it answers over, the protocol's dataset parameters, read-only,
// the row cap and its announcement, the time limit (503, and the store's work
// stopped), SERVICE never passed to the store, and 501 for what the store gets wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpListener, type Listener } from '../federation/support.js';
import { loadedGraph } from '../support/graph.js';
import { SKIP_REASON, startTestStore, type TestStore } from './support.js';

const ONTOLOGY = 'https://w3id.org/upr-graph/id/graph/ontology';
const DOCUMENT = 'https://w3id.org/upr-graph/id/graph/kz-2019-article19-adilsoz';
const UPR = 'https://w3id.org/upr-graph/ontology#';

async function get(url: string, query: string, params: Record<string, string | string[]> = {}, accept = 'application/sparql-results+json') {
  const search = new URLSearchParams({ query });
  for (const [k, v] of Object.entries(params)) for (const value of [v].flat()) search.append(k, value);
  const response = await fetch(`${url}/sparql?${search}`, { headers: { Accept: accept } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const rows = (text: string) => (JSON.parse(text) as { results: { bindings: Array<Record<string, { value: string }>> } }).results.bindings;

/** The store requests whose query text matches. */
const sent = (store: TestStore, pattern: RegExp) => store.record.requests.filter((r) => pattern.test(r.body));

describe.skipIf(SKIP_REASON)(`the endpoint over Virtuoso${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
  let store: TestStore;
  let url: string;
  let remote: Listener;
  beforeAll(async () => {
    store = await startTestStore();
    // A loopback SPARQL endpoint that SERVICE may call: it answers one row whatever it is asked.
    remote = await httpListener((_req, res) => {
      res.setHeader('Content-Type', 'application/sparql-results+json');
      res.end(JSON.stringify({ head: { vars: ['x'] }, results: { bindings: [{ x: { type: 'literal', value: 'remote' } }] } }));
    });
    url = (await store.serve({ serviceAllowlist: [`http://127.0.0.1:${remote.port}/sparql`], servicePrivateHosts: ['127.0.0.1'] })).url;
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await remote?.close();
  }, 60_000);

  it('answers over exactly the loaded graphs: the default graph is their union, and GRAPH ?g ranges over them alone', async () => {
    const count = await get(url, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    expect(count.status).toBe(200);
    expect(rows(count.text)[0].n.value).toBe(String((await loadedGraph()).store.size));
    const graphs = await get(url, 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }');
    expect(
      rows(graphs.text)
        .map((r) => r.g.value)
        .sort(),
    ).toEqual([DOCUMENT, ONTOLOGY]);
  });

  it('takes the dataset from default-graph-uri and named-graph-uri, which replace the query FROM', async () => {
    const onlyOntology = await get(url, `SELECT (COUNT(*) AS ?n) FROM <${DOCUMENT}> WHERE { ?s ?p ?o }`, { 'default-graph-uri': ONTOLOGY });
    expect(rows(onlyOntology.text)[0].n.value).toBe(String((await loadedGraph()).store.countQuads(null, null, null, ONTOLOGY)));
    // A default graph alone means no named graphs: GRAPH ?g matches nothing.
    const noNamed = await get(url, 'SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1', { 'default-graph-uri': ONTOLOGY });
    expect(rows(noNamed.text)).toEqual([]);
    const named = await get(url, 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }', { 'named-graph-uri': DOCUMENT });
    expect(rows(named.text).map((r) => r.g.value)).toEqual([DOCUMENT]);
  });

  it('answers ASK, CONSTRUCT and DESCRIBE as the other engines do', async () => {
    const ask = await get(url, `ASK { ?s a <${UPR}Case> }`);
    expect(JSON.parse(ask.text)).toMatchObject({ boolean: true });
    const person = 'https://w3id.org/upr-graph/id/person/guzyal-baydalina';
    const described = await get(url, `DESCRIBE <${person}>`, {}, 'application/n-triples');
    expect(described.status).toBe(200);
    const lines = described.text.trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.every((line) => line.startsWith(`<${person}> `))).toBe(true);
    const constructed = await get(url, `CONSTRUCT { ?c a <${UPR}Case> } WHERE { ?c a <${UPR}Case> }`, {}, 'application/n-triples');
    const cases = await get(url, `SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <${UPR}Case> }`);
    expect(constructed.text.trim().split('\n').length).toBe(Number(rows(cases.text)[0].n.value));
  });

  it('refuses updates before they reach the store, as a read-only endpoint', async () => {
    const before = store.record.requests.length;
    const update = await fetch(`${url}/sparql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-update' },
      body: `INSERT DATA { GRAPH <${DOCUMENT}> { <urn:a> <urn:b> <urn:c> } }`,
    });
    expect(update.status).toBe(403);
    const asQuery = await get(url, `DELETE WHERE { ?s ?p ?o }`);
    expect(asQuery.status).toBe(403);
    expect(store.record.requests.length).toBe(before);
  });

  it('refuses a malformed query with the parser message, without asking the store', async () => {
    const before = store.record.requests.length;
    const bad = await get(url, 'SELECT ?s WHERE { ?s ?p }');
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/Malformed query: .*line 1/);
    expect(store.record.requests.length).toBe(before);
  });

  it('answers SERVICE with Comunica over the loaded graph: the store never sees it', async () => {
    const federated = await get(url, `SELECT ?x WHERE { SERVICE <http://127.0.0.1:${remote.port}/sparql> { ?s ?p ?x } }`);
    expect(federated.status, federated.text).toBe(200);
    expect(rows(federated.text).map((r) => r.x.value)).toEqual(['remote']);
    const offList = await get(url, 'SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }');
    expect(offList.status).toBe(400);
    expect(sent(store, /SERVICE/i)).toEqual([]);
  }, 60_000);

  it('answers OPTIONAL { p+ } as Oxigraph does, where Virtuoso alone would lose rows, and 501 where it cannot be helped', async () => {
    const query = `SELECT ?i ?p WHERE { ?i a <http://schema.org/Legislation> OPTIONAL { ?p <${UPR}partOf>+ ?i } }`;
    const { engine } = await loadedGraph();
    const expected = (await engine.select(query)).rows.length;
    const answered = await get(url, query);
    expect(answered.status).toBe(200);
    expect(rows(answered.text)).toHaveLength(expected);
    expect(sent(store, /partOf>\+ \?i \} \}/)).toEqual([]);
    const between = `SELECT ?i WHERE { ?i a <http://schema.org/Legislation> OPTIONAL { <urn:a> <${UPR}partOf>+ <urn:b> } }`;
    const refused = await get(url, between);
    expect(refused.status).toBe(501);
    expect(refused.text).toMatch(/OPTIONAL holding a single triple pattern with a p\+ property path/);
  });

  it('refuses with 501 a BIND of EXISTS after a BIND and an OPTIONAL, which Virtuoso alone answers false', async () => {
    const query = `SELECT ?in WHERE { ?s a <${UPR}Case> BIND(1 AS ?x) OPTIONAL { ?s <urn:upr-test:none> ?b } BIND(EXISTS { ?s a <${UPR}Case> } AS ?in) } LIMIT 1`;
    const { engine } = await loadedGraph();
    expect((await engine.select(query)).rows[0].in.value).toBe('true');
    // Asked directly, Virtuoso answers 0 (false): the defect is still there, so the refusal is still needed.
    const direct = await fetch(`${store.virtuoso.endpoint}?query=${encodeURIComponent(query)}`, {
      headers: { accept: 'application/sparql-results+json' },
    });
    expect(rows(await direct.text())[0].in.value).toBe('0');
    const refused = await get(url, query);
    expect(refused.status).toBe(501);
    expect(refused.text).toMatch(/BIND of an EXISTS or NOT EXISTS after a BIND and then an OPTIONAL/);
  });

  it('serves the home page, entity pages and dumps from the store', async () => {
    const home = await fetch(`${url}/`, { headers: { Accept: 'text/html' } });
    expect(home.status).toBe(200);
    const page = await fetch(`${url}/id/person/guzyal-baydalina`, { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Guzyal Baydalina');
    expect(html).toContain('Nakanune.kz');
    expect(sent(store, /guzyal-baydalina/).length).toBeGreaterThan(0);
    // Every page family, compared with Oxigraph's: test/store/pages.test.ts.
    for (const path of ['/classes/upr:Case', '/id/case/mamay-prosecution', '/ontology']) {
      expect((await fetch(`${url}${path}`, { headers: { Accept: 'text/html' } })).status, path).toBe(200);
    }
    const dumps = await fetch(`${url}/dump/`);
    expect(dumps.status).toBe(200);
  }, 60_000);

  it('binds typed saved-query parameters and refuses a value of the wrong type', async () => {
    const provision = 'https://w3id.org/upr-graph/id/provision/KZ/criminal-code-2014/art-274';
    const response = await fetch(`${url}/api/queries/cases-by-provision?provision=${encodeURIComponent(provision)}`, {
      headers: { Accept: 'application/sparql-results+json' },
    });
    expect(response.status).toBe(200);
    const found = rows(await response.text());
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((r) => r.provision.value.startsWith(provision))).toBe(true);
    const wrong = await fetch(`${url}/api/queries/cases-by-provision?provision=not%20an%20iri`);
    expect(wrong.status).toBe(400);
  });
});

describe.skipIf(SKIP_REASON)(`the limits over Virtuoso${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore();
  }, 120_000);
  afterAll(() => store?.close(), 60_000);

  it('cuts a result at the row cap and says so', async () => {
    const { url } = await store.serve({ maxRows: 5 });
    const cut = await get(url, 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }');
    expect(cut.status).toBe(200);
    expect(rows(cut.text)).toHaveLength(5);
    expect(cut.headers.get('x-truncated')).toBe('true');
    const whole = await get(url, `SELECT ?g WHERE { VALUES ?g { <${ONTOLOGY}> <${DOCUMENT}> } }`);
    expect(whole.headers.get('x-truncated')).toBeNull();
  });

  it('stops a query that outlives the time limit with a 503, and the store stops it too', async () => {
    const { url } = await store.serve({ queryTimeoutMs: 1500, minQueryTimeoutMs: 500 });
    const started = Date.now();
    const slow = await get(url, 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }');
    expect(slow.status).toBe(503);
    expect(slow.text).toMatch(/timed out/i);
    expect(Date.now() - started).toBeLessThan(10_000);
    // The store is free again at once: its own limit (Virtuoso's timeout parameter) ended the work.
    const after = Date.now();
    const quick = await get(url, 'ASK { ?s ?p ?o }');
    expect(quick.status).toBe(200);
    expect(Date.now() - after).toBeLessThan(3000);
  }, 30_000);
});
