// start(config): load and validate the graph, start the query workers, build
// the app and listen. Invalid data stops the start with its report (LoadError
// or ValidationError, whose message is the report).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createWorkerEngine, type WorkerEngineOptions } from './engine/index.js';
import { createApp } from './http/app.js';
import { describeDataset } from './http/service-description.js';
import { loadContext } from './export/json-ld.js';
import { loadCheckedGraph } from './validation-cache.js';
import { requireData } from './load.js';
import { loadSavedQueries } from './saved-queries.js';
import path from 'node:path';
import { exportsFor, type Exports } from './export/dumps.js';
import { federationSettings } from './federation/policy.js';

export interface RunningServer {
  /** The base URL, e.g. http://127.0.0.1:3000 (the endpoint is at /sparql). */
  url: string;
  /** The triples loaded. */
  triples: number;
  /** Stops listening, ends open connections and the query workers. */
  close(): Promise<void>;
}

/** `[::1]` for IPv6 hosts, as URLs write them. */
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** The worker pool's memory and fairness limits from the configuration (README, Limits). */
export function workerLimits(config: Config, log?: (line: string) => void): WorkerEngineOptions {
  return {
    queryMemoryMb: config.queryMemoryMb,
    recycleMb: config.workerRecycleMb,
    minTimeoutMs: config.minQueryTimeoutMs,
    clientConcurrency: config.clientConcurrency,
    clientQueue: config.clientQueue,
    clientQuerySeconds: config.clientQuerySeconds,
    ...(log ? { onReplace: (worker: number, reason: string) => log(`query worker ${worker} replaced: ${reason}`) } : {}),
  };
}

/** Starts the endpoint on the validated graph under config.root. */
export async function start(config: Config, options: { log?: (line: string) => void } = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const loaded = await loadCheckedGraph(config.root);
  requireData(loaded, config.root, config.allowEmptyData);
  log(
    loaded.validated === 'now' ? 'data validated (SHACL: 0 violations)' : 'data unchanged since its last validation: not validated again',
  );
  const context = await loadContext(config.root);
  const queries = await loadSavedQueries(path.join(config.root, 'queries'));
  // The dumps are built once, from the validated store, when first asked for: building them takes the
  // main thread a few seconds, which would otherwise hold up the start and the first pages.
  let dumps: Promise<Exports> | undefined;
  const exports = () =>
    (dumps ??= exportsFor(config.root, loaded.store, { context, base: config.publicBase }).then(
      (built) => {
        log(`dumps ready: ${built.files.length} files under /dump/`);
        return built;
      },
      (error: unknown) => {
        log(`dumps failed: ${(error as Error)?.stack ?? String(error)}`);
        throw error;
      },
    ));
  const kind = config.engine;
  log(`query engine: ${kind}${kind === 'comunica' ? ' (known defects: README, "Query engines")' : ''}`);
  const workerOptions: WorkerEngineOptions = {
    resultCacheEntries: config.resultCacheEntries,
    resultCacheBytes: config.resultCacheBytes,
    workers: config.workers,
    timeoutMs: config.queryTimeoutMs,
    maxRows: config.maxRows,
    memoryMb: config.workerMemoryMb,
    federation: federationSettings(config),
    ...workerLimits(config, log),
  };
  // The store engine queries a triple store over HTTP (src/engine/store.ts; imported only then, as it
  // loads Oxigraph's module for its query-text check); the others run in worker threads.
  const engine =
    kind === 'store'
      ? await (await import('./store/serve.js')).startStoreEngine(config, loaded.store, workerOptions, log)
      : createWorkerEngine(loaded.store, { ...workerOptions, engine: kind });
  try {
    await engine.ready;
  } catch (error) {
    await engine.close();
    throw error;
  }
  const dataset = describeDataset(loaded.store);
  const app = createApp({ engine, config, info: { dataset, context }, queries, exports, log });
  const server = http.createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await engine.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${urlHost(config.host)}:${port}`,
    triples: dataset.triples,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await engine.close();
    },
  };
}
