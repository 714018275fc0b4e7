// The federation policy on its own: which SERVICEs a query may use and how the
// allowlist is configured (addresses: address.test.ts; the term factory: comunica.test.ts).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import sparqljs from 'sparqljs';
import { DEFAULTS, loadConfig } from '../../src/config.js';
import { planQuery } from '../../src/engine/index.js';
import { ServiceForbiddenError } from '../../src/federation/errors.js';
import { checkServices, DEFAULT_FEDERATION, federationSettings } from '../../src/federation/policy.js';
import { serviceDescription } from '../../src/http/service-description.js';

const WIKIDATA = 'https://query.wikidata.org/sparql';
const parse = (text: string) => new sparqljs.Parser().parse(text);

describe('the SERVICE check on a parsed query', () => {
  it('lets Wikidata through by default, and lists each endpoint once with whether it is always SILENT', () => {
    const services = checkServices(
      parse(`SELECT * WHERE { SERVICE <${WIKIDATA}> { ?s ?p ?o } OPTIONAL { SERVICE SILENT <${WIKIDATA}> { ?o ?q ?r } } }`),
    );
    expect(services).toEqual([{ iri: WIKIDATA, silent: false }]);
    expect(checkServices(parse(`ASK { SERVICE SILENT <${WIKIDATA}> { ?s ?p ?o } }`))).toEqual([{ iri: WIKIDATA, silent: true }]);
    expect(checkServices(parse('SELECT * WHERE { ?s ?p ?o }'))).toEqual([]);
  });

  it('refuses an endpoint off the list, however it is spelled, naming it', () => {
    for (const iri of [
      'https://query.wikidata.org/sparql/other',
      'http://query.wikidata.org/sparql',
      'https://query.wikidata.org:8443/sparql',
      'http://[::1]/sparql',
      'urn:x:sparql',
    ]) {
      expect(() => checkServices(parse(`SELECT * WHERE { SERVICE <${iri}> { ?s ?p ?o } }`)), iri).toThrow(ServiceForbiddenError);
      expect(() => checkServices(parse(`SELECT * WHERE { SERVICE <${iri}> { ?s ?p ?o } }`)), iri).toThrow(`<${iri}>`);
    }
    // URL normalisation only: a default port changes nothing.
    expect(checkServices(parse(`SELECT * WHERE { SERVICE <https://query.wikidata.org:443/sparql> { ?s ?p ?o } }`))).toHaveLength(1);
    // A fragment is refused, naming the IRI to write instead (Comunica would send the query after the fragment).
    expect(() => checkServices(parse(`SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql#x> { ?s ?p ?o } }`))).toThrow(
      /cannot have a fragment \(#x\); write <https:\/\/query.wikidata.org\/sparql>/,
    );
  });

  it('refuses every SERVICE when the allowlist is empty, saying federation is off', () => {
    const off = { ...DEFAULT_FEDERATION, allowlist: [] };
    expect(() => checkServices(parse(`SELECT * WHERE { SERVICE <${WIKIDATA}> { ?s ?p ?o } }`), off)).toThrow(/switched off/);
  });

  it('resolves a relative SERVICE IRI against the base before checking it', () => {
    const settings = { ...DEFAULT_FEDERATION, allowlist: ['http://127.0.0.1:7000/sparql'] };
    expect(
      planQuery('SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }', { baseIri: 'http://127.0.0.1:7000/sparql' }, settings).services,
    ).toEqual([{ iri: 'http://127.0.0.1:7000/sparql', silent: false }]);
    expect(() =>
      planQuery('SELECT * WHERE { SERVICE <other> { ?s ?p ?o } }', { baseIri: 'http://127.0.0.1:7000/sparql' }, settings),
    ).toThrow('<http://127.0.0.1:7000/other>');
  });
});

describe('the allowlist setting', () => {
  it('defaults to Wikidata alone, with a timeout, a size cap and a descriptive User-Agent', () => {
    const config = loadConfig({});
    expect(config.serviceAllowlist).toEqual([WIKIDATA]);
    expect(config.serviceTimeoutMs).toBeGreaterThan(0);
    expect(config.serviceMaxResponseBytes).toBeGreaterThan(0);
    expect(config.serviceUserAgent).toMatch(/^UPR-Graph\/\d+\.\d+\.\d+ \(https:\/\/w3id\.org\/upr-graph\/; federated SPARQL queries\)/);
    expect(DEFAULT_FEDERATION.allowlist).toEqual(DEFAULTS.serviceAllowlist);
  });

  it('reads UPR_SERVICE_ALLOWLIST (comma-separated; "none" switches federation off) and the other settings', () => {
    const config = loadConfig({
      UPR_SERVICE_ALLOWLIST: 'https://query.wikidata.org/sparql, http://10.0.0.5:7878/query',
      UPR_SERVICE_PRIVATE_HOSTS: 'graphs.internal,10.0.0.0/8',
      UPR_SERVICE_TIMEOUT_MS: '2500',
      UPR_SERVICE_MAX_RESPONSE_BYTES: '1000',
      UPR_SERVICE_USER_AGENT: 'UPR-Graph (ops@example.org)',
    });
    expect(federationSettings(config)).toEqual({
      allowlist: [WIKIDATA, 'http://10.0.0.5:7878/query'],
      privateHosts: ['graphs.internal', '10.0.0.0/8'],
      timeoutMs: 2500,
      maxResponseBytes: 1000,
      userAgent: 'UPR-Graph (ops@example.org)',
    });
    expect(loadConfig({ UPR_SERVICE_ALLOWLIST: 'none' }).serviceAllowlist).toEqual([]);
  });

  it('reads UPR_SERVICE_ALLOWLIST_FILE, one IRI a line, merged with UPR_SERVICE_ALLOWLIST', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'upr-allowlist-'));
    const file = path.join(dir, 'allowlist.txt');
    await writeFile(
      file,
      '# endpoints SERVICE may call\nhttps://query.wikidata.org/sparql\n\nhttp://graphs.internal:7878/query   # the recommendations graph\n',
    );
    expect(loadConfig({ UPR_SERVICE_ALLOWLIST_FILE: file }).serviceAllowlist).toEqual([WIKIDATA, 'http://graphs.internal:7878/query']);
    expect(loadConfig({ UPR_SERVICE_ALLOWLIST_FILE: file, UPR_SERVICE_ALLOWLIST: 'https://example.org/sparql' }).serviceAllowlist).toEqual([
      'https://example.org/sparql',
      WIKIDATA,
      'http://graphs.internal:7878/query',
    ]);
    expect(() => loadConfig({ UPR_SERVICE_ALLOWLIST_FILE: path.join(dir, 'missing.txt') })).toThrow(
      /UPR_SERVICE_ALLOWLIST_FILE: cannot read/,
    );
  });

  it('refuses an entry that is not an http(s) endpoint IRI', () => {
    expect(() => loadConfig({ UPR_SERVICE_ALLOWLIST: 'query.wikidata.org/sparql' })).toThrow(
      /"query\.wikidata\.org\/sparql", which is not an http\(s\) endpoint IRI/,
    );
    expect(() => loadConfig({ UPR_SERVICE_ALLOWLIST: 'file:///etc/passwd' })).toThrow(/not an http\(s\) endpoint IRI/);
  });
});

describe('the service description', () => {
  const features = (allowlist: string[] | undefined) =>
    serviceDescription(
      'http://127.0.0.1/sparql',
      { triples: 0, graphs: [], prefixes: {} },
      { timeoutMs: 1000, maxRows: 10, maxBodyBytes: 10, serviceAllowlist: allowlist },
    )
      .filter((q) => q.predicate.value === 'http://www.w3.org/ns/sparql-service-description#feature')
      .map((q) => q.object.value.split('#')[1]);

  it('advertises sd:BasicFederatedQuery unless federation is switched off', () => {
    expect(features([WIKIDATA])).toContain('BasicFederatedQuery');
    expect(features([])).not.toContain('BasicFederatedQuery');
  });
});
