// The typed configuration and every default, read once from environment and flags.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Config {
  /** The repository root holding ontology/ and data/. */
  root: string;
  host: string;
  port: number;
  /** The longest a query may run; a request may lower it, never raise it. */
  queryTimeoutMs: number;
  /** Rows (or triples) a result carries at most; a cut is always announced. */
  maxRows: number;
  /** Largest POST body accepted. */
  maxBodyBytes: number;
  /** Worker threads evaluating queries. */
  workers: number;
  /** The heap one query worker may use, in MiB; a query needing more is stopped with a 503. */
  workerMemoryMb: number;
  /** The public base of the service, used in its self-description. */
  publicBase: string | undefined;
}

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULTS: Config = {
  root: PROJECT_ROOT,
  host: '127.0.0.1',
  port: 3000,
  queryTimeoutMs: 30_000,
  maxRows: 10_000,
  maxBodyBytes: 64 * 1024,
  workers: 2,
  workerMemoryMb: 512,
  publicBase: undefined,
};

const ENV: Record<keyof Config, string> = {
  root: 'UPR_ROOT',
  host: 'HOST',
  port: 'PORT',
  queryTimeoutMs: 'UPR_QUERY_TIMEOUT_MS',
  maxRows: 'UPR_MAX_ROWS',
  maxBodyBytes: 'UPR_MAX_BODY_BYTES',
  workers: 'UPR_WORKERS',
  workerMemoryMb: 'UPR_WORKER_MEMORY_MB',
  publicBase: 'UPR_PUBLIC_BASE',
};

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
    if (typeof DEFAULTS[key] === 'number') (config as unknown as Record<string, unknown>)[key] = integer(ENV[key], raw);
    else (config as unknown as Record<string, unknown>)[key] = key === 'root' ? path.resolve(raw) : raw;
  }
  return { ...config, ...overrides };
}
