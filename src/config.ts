// The typed configuration and every default, read once from environment and flags.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultResultCacheBytes } from './engine/result-cache.js';
import { STORE_DIALECTS } from './engine/store-features.js';

/** `oxigraph` (the default, every size), `comunica` (known defects: README, "Query engines") or `store` (a SPARQL store: README, "Over a triple store"). */
export const ENGINE_SETTINGS = ['oxigraph', 'comunica', 'store'] as const;
export type EngineSetting = (typeof ENGINE_SETTINGS)[number];

export interface Config {
  /** The repository root holding ontology/ and data/. */
  root: string;
  /** The data folder (one folder per document); undefined: root/data. `--data DIR` or UPR_DATA. */
  dataDir: string | undefined;
  /** Where the build keeps its artefact and cache (src/build/); undefined: root/.build. UPR_BUILD_DIR. */
  buildDir: string | undefined;
  host: string;
  port: number;
  /** The longest a query may run; a request may lower it, never raise it. */
  queryTimeoutMs: number;
  /** Rows (or triples) a result carries at most; a cut is always announced. */
  maxRows: number;
  /** Largest POST body accepted. */
  maxBodyBytes: number;
  /** Worker threads evaluating queries; undefined: from the graph's size and the machine (src/worker-count.ts). */
  workers: number | undefined;
  /** The heap one query worker may use, in MiB; a query needing more is stopped with a 503. */
  workerMemoryMb: number;
  /** The WebAssembly memory one Oxigraph query may use beyond the store, in MiB; undefined: from the machine's memory (src/engine/wasm-memory.ts). */
  queryMemoryMb: number | undefined;
  /** A worker whose WebAssembly memory grew more than this over its store, in MiB, is replaced after its query. */
  workerRecycleMb: number;
  /** The shortest time limit a query gets, in ms, however low a request sets it. */
  minQueryTimeoutMs: number;
  /** Queries one client address runs at once; undefined: one fewer than the workers (at least 1). */
  clientConcurrency: number | undefined;
  /** Queries one client address may have waiting; more are answered 429. */
  clientQueue: number;
  /** Seconds of query time one client address may use per minute; more are answered 429 with Retry-After. */
  clientQuerySeconds: number;
  /** The public base of the service, used in its self-description. */
  publicBase: string | undefined;
  /** Remote SPARQL endpoints a SERVICE may call (endpoint IRIs); empty switches federation off. */
  serviceAllowlist: string[];
  /** A file of further endpoint IRIs, one a line (`#` comments); read once, by loadConfig. */
  serviceAllowlistFile: string | undefined;
  /** Host names, addresses or CIDR ranges that listed endpoints may reach although loopback, private or link-local. */
  servicePrivateHosts: string[];
  /** The longest one remote SERVICE call may take, response included. */
  serviceTimeoutMs: number;
  /** The largest response one remote SERVICE call may send, in bytes. */
  serviceMaxResponseBytes: number;
  /** The User-Agent of requests to remote endpoints. */
  serviceUserAgent: string;
  /** The query engine: oxigraph, or comunica. SERVICE always runs on Comunica (src/federation/). */
  engine: EngineSetting;
  /** Query results kept for repeated queries (the data is read-only); 0 keeps none. */
  resultCacheEntries: number;
  /** The estimated bytes those results may hold together; one result over a quarter of it is never kept. */
  resultCacheBytes: number;
  /** The largest graph answered as JSON-LD: its compaction runs in the main thread; larger graphs get a 406 naming the other formats. */
  maxJsonLdTriples: number;
  /** Whether the server may start without data files (the ontology alone); otherwise that is a load error. */
  allowEmptyData: boolean;
  /** The store engine's SPARQL query endpoint (UPR_ENGINE=store). */
  storeQueryUrl: string | undefined;
  /** The store's Graph Store Protocol endpoint: when set, the server brings the store's graphs up to date at start. */
  storeGraphStoreUrl: string | undefined;
  /** Credentials for the update and Graph Store endpoints; never logged. */
  storeUser: string | undefined;
  storePassword: string | undefined;
  /** Which store it is: `virtuoso` (known defects refused, its time limit sent) or `generic`. */
  storeDialect: string;
}

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const VERSION = (() => {
  try {
    return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0';
  } catch {
    return '0';
  }
})();

export const DEFAULTS: Config = {
  root: PROJECT_ROOT,
  dataDir: undefined,
  buildDir: undefined,
  host: '127.0.0.1',
  port: 3000,
  queryTimeoutMs: 30_000,
  maxRows: 10_000,
  maxBodyBytes: 64 * 1024,
  workers: undefined,
  workerMemoryMb: 512,
  queryMemoryMb: undefined,
  workerRecycleMb: 128,
  minQueryTimeoutMs: 1000,
  clientConcurrency: undefined,
  clientQueue: 16,
  clientQuerySeconds: 60,
  publicBase: undefined,
  serviceAllowlist: ['https://query.wikidata.org/sparql'],
  serviceAllowlistFile: undefined,
  servicePrivateHosts: [],
  serviceTimeoutMs: 10_000,
  serviceMaxResponseBytes: 8 * 1024 * 1024,
  serviceUserAgent: `UPR-Graph/${VERSION} (https://w3id.org/upr-graph/; federated SPARQL queries) Node.js/${process.versions.node}`,
  // Oxigraph at every size: Comunica 4.5 answers some ordinary queries wrongly (an OPTIONAL
  // grouped subquery comes back unbound), cannot DESCRIBE with WHERE, and is slow on first calls.
  engine: 'oxigraph',
  resultCacheEntries: 256,
  // The cache lives in the main thread: a small share of its heap (5 %), not a count of results of any size.
  resultCacheBytes: defaultResultCacheBytes(),
  maxJsonLdTriples: 2_000,
  allowEmptyData: false,
  storeQueryUrl: undefined,
  storeGraphStoreUrl: undefined,
  storeUser: undefined,
  storePassword: undefined,
  storeDialect: 'virtuoso',
};

const ENV: Record<keyof Config, string> = {
  root: 'UPR_ROOT',
  dataDir: 'UPR_DATA',
  buildDir: 'UPR_BUILD_DIR',
  host: 'HOST',
  port: 'PORT',
  queryTimeoutMs: 'UPR_QUERY_TIMEOUT_MS',
  maxRows: 'UPR_MAX_ROWS',
  maxBodyBytes: 'UPR_MAX_BODY_BYTES',
  workers: 'UPR_WORKERS',
  workerMemoryMb: 'UPR_WORKER_MEMORY_MB',
  queryMemoryMb: 'UPR_QUERY_MEMORY_MB',
  workerRecycleMb: 'UPR_WORKER_RECYCLE_MB',
  minQueryTimeoutMs: 'UPR_MIN_QUERY_TIMEOUT_MS',
  clientConcurrency: 'UPR_CLIENT_CONCURRENCY',
  clientQueue: 'UPR_CLIENT_QUEUE',
  clientQuerySeconds: 'UPR_CLIENT_QUERY_SECONDS',
  publicBase: 'UPR_PUBLIC_BASE',
  serviceAllowlist: 'UPR_SERVICE_ALLOWLIST',
  serviceAllowlistFile: 'UPR_SERVICE_ALLOWLIST_FILE',
  servicePrivateHosts: 'UPR_SERVICE_PRIVATE_HOSTS',
  serviceTimeoutMs: 'UPR_SERVICE_TIMEOUT_MS',
  serviceMaxResponseBytes: 'UPR_SERVICE_MAX_RESPONSE_BYTES',
  serviceUserAgent: 'UPR_SERVICE_USER_AGENT',
  engine: 'UPR_ENGINE',
  resultCacheEntries: 'UPR_RESULT_CACHE_ENTRIES',
  resultCacheBytes: 'UPR_RESULT_CACHE_BYTES',
  maxJsonLdTriples: 'UPR_MAX_JSONLD_TRIPLES',
  allowEmptyData: 'UPR_ALLOW_EMPTY_DATA',
  storeQueryUrl: 'UPR_STORE_QUERY_URL',
  storeGraphStoreUrl: 'UPR_STORE_GSP_URL',
  storeUser: 'UPR_STORE_USER',
  storePassword: 'UPR_STORE_PASSWORD',
  storeDialect: 'UPR_STORE_DIALECT',
};

/** Settings that are folders, resolved against the working directory. */
const PATHS = new Set<keyof Config>(['root', 'dataDir', 'buildDir']);

/** The data folder of a configuration: UPR_DATA / --data, else root/data. */
export function dataDirOf(config: Pick<Config, 'root' | 'dataDir'>): string {
  return config.dataDir ?? path.join(config.root, 'data');
}

/** The build folder of a configuration: UPR_BUILD_DIR, else root/.build. */
export function buildDirOf(config: Pick<Config, 'root' | 'buildDir'>): string {
  return config.buildDir ?? path.join(config.root, '.build');
}

/** Numbers whose default is computed elsewhere (undefined here). */
const NUMBERS_BY_DEFAULT_UNSET = new Set<keyof Config>(['workers', 'queryMemoryMb', 'clientConcurrency']);

function integer(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** Builds the configuration: defaults, then environment, then `overrides` (flags or a test's choices). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const config: Config = { ...DEFAULTS };
  for (const key of Object.keys(ENV) as Array<keyof Config>) {
    const raw = env[ENV[key]];
    if (raw === undefined || raw === '') continue;
    if (typeof DEFAULTS[key] === 'boolean') (config as unknown as Record<string, unknown>)[key] = flag(ENV[key], raw);
    else if (typeof DEFAULTS[key] === 'number' || NUMBERS_BY_DEFAULT_UNSET.has(key))
      (config as unknown as Record<string, unknown>)[key] = integer(ENV[key], raw);
    else if (Array.isArray(DEFAULTS[key])) (config as unknown as Record<string, unknown>)[key] = list(raw);
    else (config as unknown as Record<string, unknown>)[key] = PATHS.has(key) ? path.resolve(raw) : raw;
  }
  // The allowlist file and UPR_SERVICE_ALLOWLIST together replace the default list.
  if (config.serviceAllowlistFile) {
    const fromEnv = env.UPR_SERVICE_ALLOWLIST ? config.serviceAllowlist : [];
    config.serviceAllowlist = [...new Set([...fromEnv, ...readAllowlistFile(config.serviceAllowlistFile)])];
  }
  const merged = { ...config, ...overrides };
  if (!(ENGINE_SETTINGS as readonly string[]).includes(merged.engine)) {
    throw new Error(`UPR_ENGINE must be one of ${ENGINE_SETTINGS.join(', ')}, got "${merged.engine}"`);
  }
  checkStoreSettings(merged);
  if (merged.publicBase !== undefined && !/^https?:\/\/[^\s/"<>\\^`{|}]+(\/[^\s"<>\\^`{|}]*)?$/i.test(merged.publicBase)) {
    throw new Error(`UPR_PUBLIC_BASE must be an http(s) URL such as https://example.org/upr/, got "${merged.publicBase}"`);
  }
  // The worker pool's shares: a zero would refuse every query.
  for (const key of ['clientQueue', 'clientQuerySeconds', 'clientConcurrency', 'queryMemoryMb', 'workerRecycleMb'] as const) {
    if (merged[key] === 0) throw new Error(`${ENV[key]} must be at least 1, got 0`);
  }
  for (const entry of merged.serviceAllowlist) {
    if (!/^https?:\/\/[^\s/]/i.test(entry)) throw new Error(`the SERVICE allowlist holds "${entry}", which is not an http(s) endpoint IRI`);
  }
  return merged;
}

/** The store engine needs its endpoint; every store URL must be http(s), and the dialect one we know. */
function checkStoreSettings(config: Config): void {
  if (config.engine === 'store' && !config.storeQueryUrl)
    throw new Error("UPR_ENGINE=store needs UPR_STORE_QUERY_URL, the store's SPARQL endpoint");
  for (const key of ['storeQueryUrl', 'storeGraphStoreUrl'] as const) {
    const url = config[key];
    // Shown without user-info: credentials belong in UPR_STORE_USER / UPR_STORE_PASSWORD, and are never echoed.
    if (url !== undefined && !/^https?:\/\/[^\s/@]+(\/\S*)?$/i.test(url)) {
      throw new Error(`${ENV[key]} must be an http(s) URL without credentials in it, got "${url.replace(/\/\/[^/]*@/, '//…@')}"`);
    }
  }
  if (!(STORE_DIALECTS as readonly string[]).includes(config.storeDialect)) {
    throw new Error(`UPR_STORE_DIALECT must be one of ${STORE_DIALECTS.join(', ')}, got "${config.storeDialect}"`);
  }
}

function flag(name: string, value: string): boolean {
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  throw new Error(`${name} must be 1 or 0 (true or false), got "${value}"`);
}

/** A comma-separated setting as a list; `none` is the empty list. */
function list(raw: string): string[] {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length === 1 && items[0].toLowerCase() === 'none' ? [] : items;
}

/** An allowlist file: one endpoint IRI a line; blank lines and `#` comments are ignored. */
function readAllowlistFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`UPR_SERVICE_ALLOWLIST_FILE: cannot read ${file}: ${(error as Error).message}`);
  }
  return text
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}
