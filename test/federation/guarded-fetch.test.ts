// Outgoing federation through the real app: SERVICE reaches the endpoints on the
// allowlist and nothing else. Everything runs on loopback: a second instance of
// our server is the listed endpoint; bare sockets and small HTTP servers stand
// for what must never be reached, and count the connections they get.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFactory, Store } from 'n3';
import { createComunicaEngine } from '../../src/engine/index.js';
import { ServiceFailedError } from '../../src/federation/errors.js';
import { DEFAULT_FEDERATION } from '../../src/federation/policy.js';
import { httpListener, sparql, startServer, tcpListener, values, wikidataFixture, type Listener, type TestServer } from './support.js';

const PREFIXES = `PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
`;

let remote: TestServer;
let main: TestServer;
let unlisted: Listener;
let redirectTarget: Listener;
let redirector: Listener;
let failing: Listener;
let slow: Listener;
let big: Listener;
let down: string;
const at = (listener: Listener, path = '/sparql') => `http://127.0.0.1:${listener.port}${path}`;

beforeAll(async () => {
  unlisted = await tcpListener();
  redirectTarget = await tcpListener();
  redirector = await httpListener((_req, res) => {
    res.writeHead(302, { Location: at(redirectTarget) }).end();
  });
  failing = await httpListener((_req, res) => {
    res.writeHead(500, { 'Content-Type': 'text/plain' }).end('the remote store is broken');
  });
  slow = await httpListener(() => {
    // Never answers: the caller's own time limit must end the call.
  });
  big = await httpListener((_req, res) => {
    const row = '{"x":{"type":"literal","value":"0123456789abcdef"}}';
    res.writeHead(200, { 'Content-Type': 'application/sparql-results+json' });
    res.end(`{"head":{"vars":["x"]},"results":{"bindings":[${Array(20_000).fill(row).join(',')}]}}`);
  });
  // A port that was listening a moment ago and is closed now: nothing answers there.
  const closed = await tcpListener();
  down = at(closed);
  await closed.close();

  remote = await startServer(wikidataFixture(), { serviceAllowlist: [] });
  main = await startServer(wikidataFixture(), {
    serviceAllowlist: [remote.endpoint, at(redirector), at(failing), at(slow), at(big), down],
    serviceTimeoutMs: 1000,
    serviceMaxResponseBytes: 64 * 1024,
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([main?.close(), remote?.close()]);
  await Promise.all([unlisted, redirectTarget, redirector, failing, slow, big].map((l) => l?.close()));
});

describe('SERVICE to an endpoint on the allowlist', () => {
  it('joins the remote rows, keeping their language tags', async () => {
    const { status, json } = await sparql(
      main.endpoint,
      `${PREFIXES}SELECT ?iso ?label WHERE {
        ?state wdt:P297 ?iso . FILTER(?iso IN ("BE", "JP"))
        SERVICE <${remote.endpoint}> { ?state rdfs:label ?label }
      } ORDER BY ?iso`,
    );
    expect(status).toBe(200);
    expect(json!.results.bindings.map((b) => [b.iso.value, b.label.value, b.label['xml:lang']])).toEqual([
      ['BE', 'Belgium', 'en'],
      ['JP', 'Japan', 'en'],
    ]);
    expect(remote.logs.some((line) => /^(GET|POST) \/sparql 200 /.test(line))).toBe(true);
  });

  it('sends a long remote query by POST, non-ASCII text intact', async () => {
    const long = `Ünïcödé ${'x'.repeat(2000)}`;
    const { status, json } = await sparql(
      main.endpoint,
      `${PREFIXES}SELECT ?label WHERE { SERVICE <${remote.endpoint}> { wd:Q31 rdfs:label ?label FILTER(?label != "${long}") } }`,
    );
    expect(status).toBe(200);
    expect(values(json!.results.bindings)).toEqual([{ label: 'Belgium' }]);
    expect(remote.logs.some((line) => /^POST \/sparql 200 /.test(line))).toBe(true);
  });
});

describe('SERVICE refused before any connection', () => {
  it('refuses an unlisted loopback endpoint with 400 naming it, and never connects to it', async () => {
    const iri = at(unlisted);
    const { status, text } = await sparql(main.endpoint, `SELECT * WHERE { SERVICE <${iri}> { ?s ?p ?o } }`);
    expect(status).toBe(400);
    expect(text).toContain(`<${iri}>`);
    expect(text).toMatch(/not on this endpoint's allowlist/);
    expect(unlisted.connections).toBe(0);
  });

  it('refuses the cloud metadata address 169.254.169.254 with 400 naming it', async () => {
    const iri = 'http://169.254.169.254/latest/meta-data/';
    const { status, text } = await sparql(main.endpoint, `SELECT * WHERE { SERVICE SILENT <${iri}> { ?s ?p ?o } }`);
    expect(status).toBe(400);
    expect(text).toContain(`<${iri}>`);
  });

  it('refuses a SERVICE whose endpoint is a variable with 400', async () => {
    const { status, text } = await sparql(
      main.endpoint,
      `SELECT * WHERE { VALUES ?endpoint { <${remote.endpoint}> } SERVICE ?endpoint { ?s ?p ?o } }`,
    );
    expect(status).toBe(400);
    expect(text).toMatch(/SERVICE \?endpoint is refused/);
  });

  it('finds an unlisted SERVICE however deeply it is nested', async () => {
    const iri = at(unlisted);
    const nested = [
      `SELECT * WHERE { OPTIONAL { SERVICE <${iri}> { ?s ?p ?o } } }`,
      `SELECT * WHERE { { SELECT ?s WHERE { SERVICE <${iri}> { ?s ?p ?o } } } }`,
      `SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <${iri}> { ?s ?p ?o } } }`,
      `SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { SERVICE <${iri}> { ?s ?p ?o } } } }`,
      `SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <${remote.endpoint}> { SERVICE <${iri}> { ?s ?p ?o } } } }`,
      `ASK { SERVICE <${iri}> { ?s ?p ?o } }`,
      `CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <${iri}> { ?s ?p ?o } }`,
    ];
    for (const query of nested) {
      const { status, text } = await sparql(main.endpoint, query);
      expect(status, query).toBe(400);
      expect(text, query).toContain(`<${iri}>`);
    }
    expect(unlisted.connections).toBe(0);
  });
});

describe('a listed endpoint that fails', () => {
  it('is a 502 naming the endpoint when it redirects, and the redirect is not followed', async () => {
    const { status, text } = await sparql(main.endpoint, `SELECT * WHERE { SERVICE <${at(redirector)}> { ?s ?p ?o } }`);
    expect(status).toBe(502);
    expect(text).toContain(`<${at(redirector)}>`);
    expect(text).toMatch(/redirect \(HTTP 302 to .*\), which is not followed/);
    expect(redirector.requests.length).toBeGreaterThan(0);
    expect(redirectTarget.connections).toBe(0);
  });

  it('is a 502 naming the endpoint when it answers an error status; the request named us with a User-Agent', async () => {
    const { status, text } = await sparql(main.endpoint, `SELECT * WHERE { SERVICE <${at(failing)}> { ?s ?p ?o } }`);
    expect(status).toBe(502);
    expect(text).toContain(`<${at(failing)}>`);
    expect(text).toMatch(/HTTP 500/);
    expect(failing.requests[0].headers['user-agent']).toMatch(
      /^UPR-Graph\/\S+ \(https:\/\/w3id\.org\/upr-graph\/; federated SPARQL queries\)/,
    );
  });

  it('is a 502 naming the endpoint when it is down', async () => {
    const { status, text } = await sparql(main.endpoint, `SELECT * WHERE { SERVICE <${down}> { ?s ?p ?o } }`);
    expect(status).toBe(502);
    expect(text).toContain(`<${down}>`);
    expect(text).toMatch(/could not be reached/);
  });

  it('is a 502 once the call has taken longer than its own time limit', async () => {
    const started = Date.now();
    const { status, text } = await sparql(main.endpoint, `SELECT * WHERE { SERVICE <${at(slow)}> { ?s ?p ?o } }`);
    expect(status).toBe(502);
    expect(text).toContain(`<${at(slow)}>`);
    expect(text).toMatch(/did not answer within 1 s/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('is a 502 when its response is larger than the cap', async () => {
    const { status, text } = await sparql(main.endpoint, `SELECT * WHERE { SERVICE <${at(big)}> { ?s ?p ?o } }`);
    expect(status).toBe(502);
    expect(text).toContain(`<${at(big)}>`);
    expect(text).toMatch(/larger than 65536 bytes/);
  });

  it('with SERVICE SILENT gives no remote rows: the local rows stand, the remote variables unbound', async () => {
    for (const iri of [at(failing), at(redirector), down, at(big)]) {
      const { status, json } = await sparql(
        main.endpoint,
        `${PREFIXES}SELECT ?iso ?remote WHERE { ?state wdt:P297 ?iso SERVICE SILENT <${iri}> { ?state ?p ?remote } }`,
      );
      expect(status, iri).toBe(200);
      const rows = values(json!.results.bindings);
      expect(rows, iri).toHaveLength(20);
      expect(
        rows.filter((row) => row.remote !== undefined),
        iri,
      ).toEqual([]);
    }
    expect(redirectTarget.connections).toBe(0);
  });
});

describe('an allowlisted host name that resolves to a loopback address', () => {
  let listener: Listener;
  let guarded: TestServer;
  const local = new Store([
    DataFactory.quad(DataFactory.namedNode('urn:x:a'), DataFactory.namedNode('urn:x:p'), DataFactory.literal('local')),
  ]);

  beforeAll(async () => {
    listener = await httpListener((_req, res) => {
      res
        .writeHead(200, { 'Content-Type': 'application/sparql-results+json' })
        .end('{"head":{"vars":["o"]},"results":{"bindings":[{"o":{"type":"literal","value":"reached"}}]}}');
    });
    guarded = await startServer(local, { serviceAllowlist: [`http://localhost:${listener.port}/sparql`] });
  }, 30_000);
  afterAll(async () => {
    await guarded?.close();
    await listener?.close();
  });

  it('is refused after resolving, before connecting: 502 naming the endpoint and the address', async () => {
    const iri = `http://localhost:${listener.port}/sparql`;
    const { status, text } = await sparql(guarded.endpoint, `SELECT * WHERE { SERVICE <${iri}> { ?s ?p ?o } }`);
    expect(status).toBe(502);
    expect(text).toContain(`<${iri}>`);
    expect(text).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address, which is refused unless the operator lists it/);
    expect(listener.connections).toBe(0);
  });

  it('is reached once the operator lists the host as a private one', async () => {
    const iri = `http://localhost:${listener.port}/sparql`;
    const engine = createComunicaEngine(local, { federation: { ...DEFAULT_FEDERATION, allowlist: [iri], privateHosts: ['localhost'] } });
    const { rows } = await engine.select(`SELECT ?o WHERE { SERVICE <${iri}> { ?s ?p ?o } }`);
    expect(rows.map((row) => row.o.value)).toEqual(['reached']);
    expect(listener.connections).toBeGreaterThan(0);
    const strict = createComunicaEngine(local, { federation: { ...DEFAULT_FEDERATION, allowlist: [iri] } });
    await expect(strict.select(`SELECT ?o WHERE { SERVICE <${iri}> { ?s ?p ?o } }`)).rejects.toThrow(ServiceFailedError);
  });
});
