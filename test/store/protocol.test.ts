// The SPARQL Protocol client of the store engine, against loopback servers:
// credentials go out as the store asks (Basic here; Digest: digest*.test.ts) and never into a message, a slow
// store is cut off at the time limit (the connection closed), Virtuoso's partial
// answers and its own row cut are told apart, and store URLs holding credentials
// are refused by the configuration without echoing them.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { putGraph, sparqlQuery, StoreResponseError, StoreTimeoutError } from '../../src/store/protocol.js';
import { httpListener, tcpListener } from '../federation/support.js';

const SECRET = 's3cret-Pa55';
const JSON_ROWS = JSON.stringify({ head: { vars: ['x'] }, results: { bindings: [] } });

describe('the store protocol client', () => {
  it('sends the credentials as Basic authentication when asked for it, and names neither them nor the query string when refused', async () => {
    const store = await httpListener((_req, res) => {
      res.statusCode = 401;
      res.setHeader('WWW-Authenticate', 'Basic realm="store"');
      res.end('no');
    });
    try {
      const url = `http://127.0.0.1:${store.port}/ds/data?token=abc`;
      const error = await putGraph(
        { queryUrl: url, graphStoreUrl: url, credentials: { user: 'loader', password: SECRET } },
        'urn:g',
        '',
        5000,
      ).catch((e: Error) => e);
      expect(error).toBeInstanceOf(StoreResponseError);
      expect((error as Error).message).toMatch(/answered 401: the credentials \(UPR_STORE_USER, UPR_STORE_PASSWORD\) were refused/);
      expect((error as Error).message).not.toContain(SECRET);
      expect((error as Error).message).not.toContain('token=abc');
      // Nothing until the store asks; then Basic, once.
      expect(store.requests.map((r) => r.headers.authorization)).toEqual([
        undefined,
        `Basic ${Buffer.from(`loader:${SECRET}`).toString('base64')}`,
      ]);
      expect(store.requests[1].url).toBe('/ds/data?token=abc&graph=urn%3Ag');
    } finally {
      await store.close();
    }
  });

  it('gives up on a store that does not answer at the time limit, closing the connection', async () => {
    const silent = await tcpListener();
    try {
      const started = Date.now();
      const error = await sparqlQuery(
        { queryUrl: `http://127.0.0.1:${silent.port}/sparql` },
        { text: 'ASK {}', accept: 'application/sparql-results+json', timeoutMs: 300 },
      ).catch((e: Error) => e);
      expect(error).toBeInstanceOf(StoreTimeoutError);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(silent.connections).toBe(1);
    } finally {
      await silent.close();
    }
  });

  it("refuses Virtuoso's partial answer at its own time limit, and reports its own row cut", async () => {
    const store = await httpListener((req, res) => {
      res.setHeader('Content-Type', 'application/sparql-results+json');
      if (req.url?.includes('partial')) res.setHeader('X-SQL-State', 'S1TAT');
      else res.setHeader('X-SPARQL-MaxRows', '10001');
      res.end(JSON_ROWS);
    });
    try {
      const ask = (path: string) =>
        sparqlQuery(
          { queryUrl: `http://127.0.0.1:${store.port}/${path}` },
          { text: 'SELECT * {}', accept: 'application/json', timeoutMs: 2000 },
        );
      await expect(ask('partial')).rejects.toBeInstanceOf(StoreTimeoutError);
      expect((await ask('cut')).cutByStore).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('is configured from the environment; a store URL with credentials in it is refused without showing them', () => {
    const config = loadConfig({
      UPR_ENGINE: 'store',
      UPR_STORE_QUERY_URL: 'http://127.0.0.1:8890/sparql',
      UPR_STORE_USER: 'u',
      UPR_STORE_PASSWORD: SECRET,
    });
    expect(config.storePassword).toBe(SECRET);
    expect(() => loadConfig({ UPR_ENGINE: 'store' })).toThrow(/UPR_STORE_QUERY_URL/);
    const refused = (() => {
      try {
        loadConfig({ UPR_ENGINE: 'store', UPR_STORE_QUERY_URL: `http://admin:${SECRET}@127.0.0.1:8890/sparql` });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(refused).toMatch(/UPR_STORE_QUERY_URL must be an http\(s\) URL without credentials/);
    expect(refused).not.toContain(SECRET);
    expect(() => loadConfig({ UPR_STORE_DIALECT: 'oracle' })).toThrow(/UPR_STORE_DIALECT must be one of virtuoso, generic/);
  });
});
