// start(config): make sure the build's artefact is that of the current inputs
// (src/build/: built only when they changed), start the query workers on its
// N-Quads file, build the app on its counts and downloads, and listen. The main
// thread holds no copy of the graph. Invalid data stops the start with its
// report (LoadError or ValidationError, whose message is the report), unless an
// earlier good artefact of the same data folder exists: that one is served, and
// the failure logged.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ensureArtefact, type Ensured } from './build/build.js';
import { artefactDownloads } from './build/downloads.js';
import { buildDirOf, dataDirOf, type Config } from './config.js';
import { createWorkerEngine, type WorkerEngineOptions } from './engine/index.js';
import { defaultWorkers } from './worker-count.js';
import { federationSettings } from './federation/policy.js';
import { createApp } from './http/app.js';
import { requireData } from './load.js';
import { loadSavedQueries } from './saved-queries.js';
import { loadContext } from './export/json-ld.js';

export interface RunningServer {
  /** The base URL, e.g. http://127.0.0.1:3000 (the endpoint is at /sparql). */
  url: string;
  /** The triples loaded. */
  triples: number;
  /** The artefact served, and whether this start built it (or served an older one after a failed build). */
  build: Ensured;
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

/** Builds the artefact if the inputs changed since the last build (src/build/), and says what it serves. */
async function artefactToServe(config: Config, log: (line: string) => void): Promise<Ensured> {
  const dataDir = dataDirOf(config);
  const ensured = await ensureArtefact({
    root: config.root,
    dataDir,
    buildDir: buildDirOf(config),
    publicBase: config.publicBase,
    allowEmptyData: config.allowEmptyData,
    log,
  });
  const { manifest, dir } = ensured.artefact;
  requireData({ graphs: new Map(manifest.dataset.graphs.map((g) => [g.iri, g])) }, dataDir, config.allowEmptyData);
  if (ensured.failed) {
    log(`the build failed; serving the last good artefact, built ${manifest.builtAt} (${dir}):\n${ensured.failed.message}`);
  } else if (!ensured.built) {
    log(`data unchanged since its last build: serving ${dir} (nothing parsed, validated or exported)`);
  }
  return ensured;
}

/** Starts the endpoint on the validated graph of config.root's ontology and the data folder (dataDirOf). */
export async function start(config: Config, options: { log?: (line: string) => void } = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const ensured = await artefactToServe(config, log);
  const { artefact } = ensured;
  const context = await loadContext(config.root);
  const queries = await loadSavedQueries(path.join(config.root, 'queries'));
  const exports = artefactDownloads(artefact);
  const kind = config.engine;
  log(`query engine: ${kind}${kind === 'comunica' ? ' (known defects: README, "Query engines")' : ''}`);
  const workers = config.workers ?? defaultWorkers(artefact.manifest.dataset.triples);
  if (kind !== 'store')
    log(
      `query workers: ${workers}${config.workers === undefined ? ' (for the size of the graph on this machine; UPR_WORKERS sets it)' : ''}`,
    );
  const workerOptions: WorkerEngineOptions = {
    resultCacheEntries: config.resultCacheEntries,
    resultCacheBytes: config.resultCacheBytes,
    workers,
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
      ? await (await import('./store/serve.js')).startStoreEngine(config, artefact.graphFile, workerOptions, log)
      : createWorkerEngine({ file: artefact.graphFile }, { ...workerOptions, engine: kind });
  const engineStarted = performance.now();
  try {
    await engine.ready;
  } catch (error) {
    await engine.close();
    throw error;
  }
  log(`query workers ready in ${((performance.now() - engineStarted) / 1000).toFixed(1)} s (${workers} loading ${artefact.graphFile})`);
  const { dataset } = artefact.manifest;
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
    build: ensured,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await engine.close();
    },
  };
}
