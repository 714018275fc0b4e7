// Virtuoso (Debian's virtuoso-opensource 7) as the outside peer of the main
// benchmark: a fresh database in a temporary directory started by
// src/store/virtuoso.ts (the configuration the project ships, no row cap), the
// N-Quads bulk-loaded by src/store/load.ts, queries over its /sparql endpoint.
// Absent binaries mean no Virtuoso column, not a failure.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bulkLoad, loadFileIntoVirtuoso } from '../src/store/load.js';
import type { UnionReport } from '../src/store/union.js';
import { freePort, startVirtuoso as startStore, virtuosoInstalled, virtuosoVersion } from '../src/store/virtuoso.js';

export { virtuosoInstalled, virtuosoVersion };

export interface Virtuoso {
  endpoint: string;
  /** Replaces all data by the N-Quads file's, bulk-loaded; resolves to the load time in ms. */
  load(nquadsFile: string): Promise<number>;
  /**
   * Loads an empty store as the service does (src/store/load.ts loadFileIntoVirtuoso, as `npm run store:start`):
   * the file whole to the bulk loader with each graph's digest taken beside it, then the merged union graph.
   */
  loadAsService(nquadsFile: string): Promise<{ loadMs: number; graphs: number; union: UnionReport }>;
  /** Resident memory of the server process after loading, in bytes. */
  rssBytes(): Promise<number>;
  stop(): Promise<void>;
}

/** Memory for Virtuoso's buffers: about 600 B a triple, at least 1 GiB, within what src/store/virtuoso.ts would give it. */
export function benchMemoryMb(triples: number, defaultMb: number): number {
  return Math.min(defaultMb, Math.max(1024, Math.ceil((triples * 600) / (1024 * 1024))));
}

/** Starts a fresh, empty Virtuoso with buffers for `triples` triples, and no row cap (the benchmark reads whole results). */
export async function startVirtuoso(triples: number, defaultMb: number): Promise<Virtuoso & { memoryMb: number; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upr-bench-virtuoso-'));
  const memoryMb = benchMemoryMb(triples, defaultMb);
  const store = await startStore({
    dir,
    sqlPort: await freePort(),
    httpPort: await freePort(),
    memoryMb,
    resultSetMaxRows: 100_000_000,
    // Two minutes, or more for a graph over 2M triples, whose saved queries read every document's rows.
    maxQueryExecutionSeconds: Math.max(120, Math.ceil(triples / 1_000_000) * 60 + 10),
  });
  return {
    endpoint: store.endpoint,
    memoryMb,
    dir,
    async load(nquadsFile) {
      await store.isql('DELETE FROM DB.DBA.RDF_QUAD; checkpoint;');
      const staging = path.join(dir, 'load');
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging);
      await copyFile(nquadsFile, path.join(staging, 'data.nq'));
      const ms = await bulkLoad(store, staging, { pattern: 'data.nq' });
      await rm(staging, { recursive: true, force: true });
      return ms;
    },
    async loadAsService(nquadsFile) {
      const report = await loadFileIntoVirtuoso(store, nquadsFile);
      return { loadMs: report.ms, graphs: report.added.length, union: report.union };
    },
    rssBytes: () => store.rssBytes(),
    stop: () => store.stop({ remove: true }),
  };
}

/**
 * Runs a query over HTTP (with `defaultGraph` as its default-graph-uri when given); the number compared
 * across engines: rows, distinct triples, or 1/0 for ASK.
 */
export async function virtuosoQuery(endpoint: string, query: string, timeoutMs: number, defaultGraph?: string): Promise<number> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/sparql-results+json, application/n-triples;q=0.9',
    },
    body: new URLSearchParams({
      query,
      timeout: String(timeoutMs),
      ...(defaultGraph ? { 'default-graph-uri': defaultGraph } : {}),
    }).toString(),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`Virtuoso ${response.status}: ${text.slice(0, 200)}`);
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const json = JSON.parse(text) as {
      boolean?: boolean;
      head?: { vars?: string[] };
      results?: { bindings: Array<Record<string, { value: string }>> };
    };
    if (typeof json.boolean === 'boolean') return json.boolean ? 1 : 0;
    // Virtuoso answers ASK as one row of __ASK_RETVAL.
    if (json.head?.vars?.[0] === '__ASK_RETVAL') return json.results?.bindings[0]?.__ASK_RETVAL?.value === '1' ? 1 : 0;
    return json.results?.bindings.length ?? 0;
  }
  return new Set(text.split('\n').filter((line) => line.trim() && !line.startsWith('#'))).size;
}
