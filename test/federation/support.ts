// Servers for the federation tests: the real app (worker engine, Express, a real
// socket on a free loopback port) on a given store and federation settings, and
// small raw HTTP/TCP servers that record whether anything reached them.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Parser, Store } from 'n3';
import type { Config } from '../../src/config.js';
import { startFixtureServer, type FixtureServer } from '../endpoint/support.js';
import { ROOT } from '../support/graph.js';

export { ROOT };
export const WIKIDATA = 'https://query.wikidata.org/sparql';

/** The stand-in for Wikidata: true public facts about the 20 states, with Wikidata's IRIs and properties. */
export function wikidataFixture(): Store {
  const file = path.join(ROOT, 'test/federation/fixtures/wikidata-states.ttl');
  return new Store(new Parser({ format: 'text/turtle' }).parse(readFileSync(file, 'utf8')));
}

export type TestServer = FixtureServer;

/** Starts the real app on `store`, configured by `overrides` (the federation settings among them), with one query worker. */
export function startServer(store: Store, overrides: Partial<Config> = {}): Promise<TestServer> {
  return startFixtureServer(overrides, store);
}

export interface Listener {
  port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Requests received so far (HTTP listeners only): method, URL and headers. */
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** A bare TCP socket on a loopback port that counts connections and answers nothing. */
export async function tcpListener(): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  const listener: Listener = { port: 0, connections: 0, requests: [], close: async () => {} };
  const server = net.createServer((socket) => {
    listener.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  listener.port = (server.address() as AddressInfo).port;
  listener.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return listener;
}

/** An HTTP server on a loopback port that records requests and answers with `handler`. */
export async function httpListener(handler: http.RequestListener): Promise<Listener> {
  const listener: Listener = { port: 0, connections: 0, requests: [], close: async () => {} };
  const server = http.createServer((req, res) => {
    listener.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  server.on('connection', () => {
    listener.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  listener.port = (server.address() as AddressInfo).port;
  listener.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return listener;
}

/** A SPARQL SELECT over HTTP: status, text, and (when 200) the parsed SPARQL JSON. */
export async function sparql(
  endpoint: string,
  query: string,
): Promise<{
  status: number;
  text: string;
  json?: { head: { vars: string[] }; results: { bindings: Array<Record<string, SparqlJsonTerm>> } };
}> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' },
    body: query,
  });
  const text = await response.text();
  return { status: response.status, text, ...(response.status === 200 ? { json: JSON.parse(text) } : {}) };
}

export interface SparqlJsonTerm {
  type: string;
  value: string;
  'xml:lang'?: string;
  datatype?: string;
}

/** SPARQL JSON rows as plain records of values. */
export function values(bindings: Array<Record<string, SparqlJsonTerm>>): Array<Record<string, string>> {
  return bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, t]) => [k, t.value])));
}
