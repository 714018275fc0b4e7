// The Host header (issue 15, case 8): a Host that is not a valid authority once made a 500 (JSON-LD) or an
// invalid IRI (N-Triples), and any Host was written into responses caches keep. Now it is a 400; a body made
// from the request's Host is never stored by caches; with a configured public base, the Host changes nothing.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { createWorkerEngine, type WorkerEngine } from '../../src/engine/index.js';
import { exportsFor } from '../../src/export/dumps.js';
import { federationSettings } from '../../src/federation/policy.js';
import { createApp } from '../../src/http/app.js';
import { isAuthority } from '../../src/http/public-base.js';
import { describeDataset } from '../../src/http/service-description.js';
import { loadContext } from '../../src/export/json-ld.js';
import { fixtureStore, rawRequest, ROOT } from '../endpoint/support.js';
import { testEnv } from '../support/graph.js';

const PATHS = ['/sparql', '/.well-known/void', '/dump/', '/api/openapi.json'];
const JSON_LD = 'application/ld+json';

/** The real app with its dumps, on the fixture graph; `overrides` of the configuration. */
async function startApp(overrides: Partial<Config>) {
  const store = fixtureStore();
  const config = loadConfig(testEnv(), { host: '127.0.0.1', port: 0, workers: 1, ...overrides });
  const engine: WorkerEngine = createWorkerEngine(store, {
    engine: config.engine as 'oxigraph' | 'comunica',
    workers: 1,
    federation: federationSettings(config),
  });
  await engine.ready;
  const context = await loadContext(ROOT);
  const exports = exportsFor(ROOT, store, { context, base: config.publicBase });
  const app = createApp({ engine, config, info: { dataset: describeDataset(store), context }, exports, log: () => {} });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await engine.close();
    },
  };
}

describe('without a configured public base', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    app = await startApp({});
  }, 60_000);
  afterAll(() => app?.close());

  it.each(PATHS)('answers a Host that is not an authority with a 400 naming it, at %s', async (path) => {
    for (const host of ['a"b', 'a b', 'x/y', 'evil.example<script>', 'h:port']) {
      const response = await rawRequest(`${app.url}${path}`, { headers: { Host: host, Accept: JSON_LD } });
      expect(response.status, `${path} with Host ${host}`).toBe(400);
      expect(response.body).toContain('is not a valid host name or address');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it.each(PATHS)('writes a valid Host into %s, but never lets a cache keep it', async (path) => {
    const response = await rawRequest(`${app.url}${path}`, { headers: { Host: 'upr.example:8080', Accept: JSON_LD } });
    expect(response.status).toBe(200);
    expect(response.body).toContain('http://upr.example:8080');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('describes itself in N-Triples with valid IRIs only', async () => {
    const response = await rawRequest(`${app.url}/sparql`, { headers: { Host: '[::1]:3000', Accept: 'application/n-triples' } });
    expect(response.status).toBe(200);
    expect(response.body).toContain('<http://[::1]:3000/sparql>');
  });
});

describe('with UPR_PUBLIC_BASE set', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    app = await startApp({ publicBase: 'https://upr.example.org/' });
  }, 60_000);
  afterAll(() => app?.close());

  it.each(PATHS)('writes the configured base into %s whatever the Host says', async (path) => {
    const response = await rawRequest(`${app.url}${path}`, { headers: { Host: 'attacker.example', Accept: JSON_LD } });
    expect(response.status).toBe(200);
    expect(response.body).toContain('https://upr.example.org');
    expect(response.body).not.toContain('attacker.example');
    expect(response.headers['cache-control'] ?? '').not.toBe('no-store');
  });
});

describe('what is an authority', () => {
  it('is a DNS name, an IPv4 address or a bracketed IPv6 address, with an optional port', () => {
    for (const good of ['localhost', 'localhost:3000', 'upr.example.org', '127.0.0.1:80', '[::1]', '[2001:db8::1]:8443', 'a-b.c.']) {
      expect(isAuthority(good), good).toBe(true);
    }
    for (const bad of ['', 'a"b', 'a b', '-a', 'a_b', 'x/y', 'user@host', '[::1', 'h:', 'h:123456', `${'a'.repeat(300)}`]) {
      expect(isAuthority(bad), bad).toBe(false);
    }
  });

  it('and UPR_PUBLIC_BASE must be an http(s) URL', () => {
    expect(() => loadConfig({ UPR_PUBLIC_BASE: 'upr.example.org' })).toThrow(/UPR_PUBLIC_BASE must be an http\(s\) URL/);
    expect(loadConfig({ UPR_PUBLIC_BASE: 'https://upr.example.org/x/' }).publicBase).toBe('https://upr.example.org/x/');
  });
});
