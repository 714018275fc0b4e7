// The endpoint on a small fixture graph, listening on a free port, for protocol
// and interoperability tests that must not depend on the repository's data.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, Store } from 'n3';
import type * as RDF from '@rdfjs/types';
import { loadConfig, type Config } from '../../src/config.js';
import { createComunicaEngine, createWorkerEngine, type Engine, type QueryResult } from '../../src/engine/index.js';
import { federationSettings } from '../../src/federation/policy.js';
import { workerLimits } from '../../src/server.js';
import { createApp } from '../../src/http/app.js';
import type { SavedQuery } from '../../src/saved-queries.js';
import { describeDataset } from '../../src/http/service-description.js';
import { loadContext } from '../../src/export/json-ld.js';
import { afterAll, beforeAll } from 'vitest';
import { testEnv } from '../support/graph.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE = path.join(ROOT, 'test/endpoint/fixtures/dataset.trig');

/** The fixture dataset (a TriG file of five named graphs) as a fresh store. */
export function fixtureStore(file = FIXTURE): Store {
  return new Store(new Parser({ format: 'application/trig' }).parse(readFileSync(file, 'utf8')));
}

export interface FixtureServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** url + /sparql */
  endpoint: string;
  store: Store;
  config: Config;
  /** The request log lines written so far. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * Starts the real app (worker engine, Express, a real socket on port 0) on the
 * fixture graph. One query worker unless asked for more: each costs a second of
 * CPU to start, and only the limit tests need two side by side.
 */
export async function startFixtureServer(
  overrides: Partial<Config> = {},
  store = fixtureStore(),
  queries?: Map<string, SavedQuery>,
): Promise<FixtureServer> {
  const config = loadConfig(testEnv(), { host: '127.0.0.1', port: 0, workers: 1, ...overrides });
  const logs: string[] = [];
  const engine = createWorkerEngine(store, {
    engine: config.engine as 'oxigraph' | 'comunica', // the fixture servers build worker engines only
    workers: config.workers,
    timeoutMs: config.queryTimeoutMs,
    maxRows: config.maxRows,
    memoryMb: config.workerMemoryMb,
    federation: federationSettings(config),
    // No result cache unless a test asks for one: the other tests mean each query to run.
    ...(overrides.resultCacheEntries !== undefined
      ? { resultCacheEntries: config.resultCacheEntries, resultCacheBytes: config.resultCacheBytes }
      : {}),
    ...workerLimits(config, (line) => logs.push(line)),
  });
  await engine.ready;
  const app = createApp({
    engine,
    config,
    info: { dataset: describeDataset(store), context: await loadContext(ROOT) },
    queries,
    log: (line) => logs.push(line),
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    endpoint: `${url}/sparql`,
    store,
    config,
    logs,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await engine.close();
    },
  };
}

/** The in-process engine over the same fixture: the reference answers. */
export function referenceEngine(store = fixtureStore()): Engine {
  return createComunicaEngine(store);
}

/** A term as one comparable string: N-Triples-like, plain literals typed xsd:string, blank nodes all alike. */
export function termKey(term: { termType: string; value: string; language?: string; datatype?: { value: string } } | undefined): string {
  if (!term) return '';
  if (term.termType === 'NamedNode') return `<${term.value}>`;
  if (term.termType === 'BlankNode') return '_:';
  if (term.termType === 'Literal') {
    if (term.language) return `${JSON.stringify(term.value)}@${term.language.toLowerCase()}`;
    return `${JSON.stringify(term.value)}^^<${term.datatype?.value ?? 'http://www.w3.org/2001/XMLSchema#string'}>`;
  }
  return `${term.termType}:${term.value}`;
}

/** A result in a form two clients' answers can be compared in: sorted rows of term keys, or sorted triples. */
export function canonical(result: QueryResult): unknown {
  if (result.type === 'boolean') return result.value;
  if (result.type === 'bindings') {
    return result.rows
      .map((row) => Object.fromEntries(result.variables.filter((v) => row[v]).map((v) => [v, termKey(row[v])])))
      .map((row) => JSON.stringify(row, Object.keys(row).sort()))
      .sort();
  }
  return canonicalTriples(result.quads);
}

/** Triples as sorted `s p o` strings of term keys. */
export function canonicalTriples(quads: Iterable<RDF.Quad>): string[] {
  return [...quads].map((q) => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)}`).sort();
}

/** A raw HTTP request, for what fetch will not send (no Content-Type on a body, a PUT with a body…). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    if (options.body !== undefined) request.end(options.body);
    else request.end();
  });
}

/** The fixture server for the tests of one file or describe block: started before them, closed after; read it inside a test. */
export function fixtureServerForTests(overrides: Partial<Config> = {}): () => FixtureServer {
  let server: FixtureServer | undefined;
  beforeAll(async () => {
    server = await startFixtureServer(overrides);
  }, 30_000);
  afterAll(async () => {
    await server?.close();
  });
  return () => server!;
}
