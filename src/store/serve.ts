// The store engine as the server starts it (UPR_ENGINE=store): the store's
// graphs brought up to date over the Graph Store Protocol when one is
// configured (a local Virtuoso is loaded by `npm run store:start` instead),
// and a Comunica worker over the loaded graph, started on the first SERVICE
// query, so that federation works as on the other engines without SERVICE
// ever reaching the store.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { buildDirOf, type Config } from '../config.js';
import { createWorkerEngine, type WorkerEngineOptions } from '../engine/index.js';
import { createStoreEngine, type StoreDialect } from '../engine/store.js';
import { federationSettings } from '../federation/policy.js';
import { loadOverGraphStore } from './load.js';
import { splitByGraph } from './split.js';
import { displayUrl, type StoreEndpoints } from './protocol.js';

/** The store's endpoints and credentials from the configuration (credentials only ever from there). */
export function storeEndpoints(config: Config): StoreEndpoints {
  if (!config.storeQueryUrl) throw new Error('UPR_ENGINE=store needs UPR_STORE_QUERY_URL');
  return {
    queryUrl: config.storeQueryUrl,
    ...(config.storeGraphStoreUrl ? { graphStoreUrl: config.storeGraphStoreUrl } : {}),
    ...(config.storeUser !== undefined ? { credentials: { user: config.storeUser, password: config.storePassword ?? '' } } : {}),
  };
}

/** The store engine for a one-shot command (npm run query): no Comunica at hand, so SERVICE is refused (501). */
export async function cliStoreEngine(config: Config): Promise<ReturnType<typeof createStoreEngine>> {
  const engine = createStoreEngine({
    endpoints: storeEndpoints(config),
    dialect: config.storeDialect as StoreDialect,
    timeoutMs: config.queryTimeoutMs,
    maxRows: config.maxRows,
    federation: federationSettings(config),
  });
  await engine.ready;
  return engine;
}

/** Starts the store engine over the built graph (N-Quads); `workerOptions` configure the Comunica worker for SERVICE. */
export async function startStoreEngine(
  config: Config,
  graphFile: string,
  workerOptions: WorkerEngineOptions,
  log: (line: string) => void,
): Promise<ReturnType<typeof createStoreEngine>> {
  const endpoints = storeEndpoints(config);
  if (endpoints.graphStoreUrl) {
    const manifest = path.join(
      buildDirOf(config),
      `store-${createHash('sha256').update(endpoints.graphStoreUrl).digest('hex').slice(0, 16)}.json`,
    );
    const split = `${manifest.slice(0, -'.json'.length)}-split`;
    const done = await loadOverGraphStore(endpoints, await splitByGraph(graphFile, split), manifest).finally(() =>
      rm(split, { recursive: true, force: true }),
    );
    log(
      `store graphs at ${displayUrl(endpoints.graphStoreUrl)}: ${done.added.length} added, ${done.replaced.length} replaced, ${done.removed.length} removed, ${done.unchanged} unchanged`,
    );
  }
  const engine = createStoreEngine({
    endpoints,
    dialect: config.storeDialect as StoreDialect,
    timeoutMs: config.queryTimeoutMs,
    maxRows: config.maxRows,
    federation: federationSettings(config),
    serviceEngine: () => createWorkerEngine({ file: graphFile }, { ...workerOptions, engine: 'comunica', workers: 1 }),
  });
  await engine.ready.catch((error: Error) => {
    throw new Error(`the store at ${displayUrl(endpoints.queryUrl)} does not answer: ${error.message}`);
  });
  return engine;
}
