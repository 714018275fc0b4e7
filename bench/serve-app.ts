// Our app over an engine the benchmark built, on a loopback port, for the load tests
// (bench/engine-child.ts, bench/store.ts): no dumps, a dataset description of just its size.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../src/config.js';
import type { Engine } from '../src/engine/index.js';
import { loadContext } from '../src/export/json-ld.js';
import { createApp } from '../src/http/app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function serveApp(engine: Engine, config: Config, triples: number): Promise<{ url: string; close(): void }> {
  const app = createApp({
    engine,
    config,
    info: { dataset: { triples, graphs: [], prefixes: {} }, context: await loadContext(ROOT) },
    log: () => {},
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}
