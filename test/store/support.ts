// A Virtuoso of the test's own (Debian's virtuoso-opensource; the tests skip
// without it), loaded with the repository's validated graph by the project's
// loader, behind a recording proxy, so that tests can see every request that
// reached the store; and our service over it (UPR_ENGINE=store) on port 0.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { loadConfig, type Config } from '../../src/config.js';
import { start, type RunningServer } from '../../src/server.js';
import { type GraphContent, graphContents, loadIntoVirtuoso } from '../../src/store/load.js';
import { freePort, startVirtuoso, storeLimits, virtuosoInstalled, type Virtuoso } from '../../src/store/virtuoso.js';
import { loadGraph } from '../../src/load.js';
import { ROOT } from '../support/graph.js';

/** Why the store tests are skipped here, or undefined when they run. */
export const SKIP_REASON = virtuosoInstalled() ? undefined : 'Virtuoso is not installed (apt-get install virtuoso-opensource)';

/** Every request that reached the store through the proxy: its method and body (the query, form-encoded). */
export interface StoreRecord {
  requests: Array<{ method: string; body: string }>;
}

export interface TestStore {
  virtuoso: Virtuoso;
  /** The proxy's endpoint URL, which the service is pointed at. */
  endpoint: string;
  record: StoreRecord;
  /** Our service over the store, configured by `overrides`. */
  serve(overrides?: Partial<Config>): Promise<RunningServer>;
  close(): Promise<void>;
}

/** A forwarding proxy to `target` that records each request body. */
async function recordingProxy(target: string, record: StoreRecord): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      record.requests.push({ method: req.method ?? '', body: decodeURIComponent(body.toString('utf8').replace(/\+/g, ' ')) });
      const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      // The client went away (a timeout): the store's connection goes too.
      res.on('close', () => upstream.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Starts a Virtuoso in a temporary directory, loads the repository's graph (or `contents`) and puts the proxy in front. */
export async function startTestStore(contents?: GraphContent[]): Promise<TestStore> {
  const config = loadConfig({});
  const virtuoso = await startVirtuoso({
    dir: await mkdtemp(path.join(os.tmpdir(), 'upr-test-virtuoso-')),
    sqlPort: await freePort(),
    httpPort: await freePort(),
    memoryMb: 512,
    ...storeLimits(config),
  });
  const servers: RunningServer[] = [];
  try {
    await loadIntoVirtuoso(virtuoso, contents ?? graphContents((await loadGraph({ root: ROOT })).store));
    const record: StoreRecord = { requests: [] };
    const proxy = await recordingProxy(virtuoso.endpoint, record);
    return {
      virtuoso,
      endpoint: proxy.url,
      record,
      async serve(overrides = {}) {
        const env = { UPR_ENGINE: 'store', UPR_STORE_QUERY_URL: proxy.url, UPR_STORE_DIALECT: 'virtuoso' };
        const server = await start(loadConfig(env, { root: ROOT, host: '127.0.0.1', port: 0, ...overrides }), { log: () => {} });
        servers.push(server);
        return server;
      },
      async close() {
        for (const server of servers) await server.close();
        await proxy.close();
        await virtuoso.stop({ remove: true });
      },
    };
  } catch (error) {
    await virtuoso.stop({ remove: true });
    throw error;
  }
}
