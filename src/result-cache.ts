// The result cache of the worker engine, bounded in bytes as well as in entries:
// the main thread holds it, so 256 results of 64 MiB each ran it out of heap
// (issue 15). A result's size is estimated once, when it is stored; a result
// larger than an entry may be is answered but never kept.
import { getHeapStatistics } from 'node:v8';
import type * as RDF from '@rdfjs/types';
import type { QueryResult } from './engine.js';

/** What a JavaScript object or string costs beyond its characters (a rough, generous figure). */
const OVERHEAD = 64;

/** The default byte budget: 5 % of the main thread's heap limit. */
export function defaultResultCacheBytes(): number {
  return Math.floor(getHeapStatistics().heap_size_limit * 0.05);
}

function termBytes(term: RDF.Term | undefined): number {
  if (!term) return 0;
  // UTF-16 in memory: two bytes a character.
  let bytes = OVERHEAD + 2 * term.value.length;
  if (term.termType === 'Literal') bytes += 2 * (term.language.length + term.datatype.value.length);
  return bytes;
}

/** An estimate of the memory a result holds, in bytes. */
export function resultBytes(result: QueryResult): number {
  if (result.type === 'boolean') return OVERHEAD;
  let bytes = OVERHEAD;
  if (result.type === 'bindings') {
    for (const variable of result.variables) bytes += OVERHEAD + 2 * variable.length;
    for (const row of result.rows) {
      bytes += OVERHEAD;
      for (const variable in row) bytes += termBytes(row[variable]);
    }
  } else {
    for (const q of result.quads)
      bytes += OVERHEAD + termBytes(q.subject) + termBytes(q.predicate) + termBytes(q.object) + termBytes(q.graph);
  }
  return bytes;
}

export interface ResultCacheLimits {
  /** Results kept at most. */
  entries: number;
  /** Their estimated bytes together at most; one result over a quarter of this is never kept. */
  bytes: number;
}

/** A least-recently-used map of results within both budgets. */
export class ResultCache {
  private readonly map = new Map<string, { result: QueryResult; bytes: number }>();
  private held = 0;
  constructor(private readonly limits: ResultCacheLimits) {}

  /** The largest result kept. */
  get maxEntryBytes(): number {
    return Math.floor(this.limits.bytes / 4);
  }

  get(key: string): QueryResult | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.result;
  }

  /** Keeps `result` unless it is too large, evicting the least recently used until both budgets hold. */
  set(key: string, result: QueryResult): void {
    this.delete(key);
    if (this.limits.entries <= 0) return;
    const bytes = resultBytes(result);
    if (bytes > this.maxEntryBytes) return;
    this.map.set(key, { result, bytes });
    this.held += bytes;
    while (this.map.size > this.limits.entries || this.held > this.limits.bytes) this.delete(this.map.keys().next().value as string);
  }

  clear(): void {
    this.map.clear();
    this.held = 0;
  }

  get size(): number {
    return this.map.size;
  }

  /** The estimated bytes of the results kept. */
  get bytes(): number {
    return this.held;
  }

  private delete(key: string): void {
    const entry = this.map.get(key);
    if (!entry) return;
    this.map.delete(key);
    this.held -= entry.bytes;
  }
}
