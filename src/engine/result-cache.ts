// The result cache of the worker engine, bounded in bytes as well as in entries:
// the main thread holds it, so 256 results of 64 MiB each ran it out of heap
// (issue 15). A result's size is estimated once, when it is stored; a result
// larger than an entry may be is answered but never kept.
import { getHeapStatistics } from 'node:v8';
import type * as RDF from '@rdfjs/types';
import { LRUCache } from 'lru-cache';
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

/** A least-recently-used map of results within both budgets (lru-cache's `max` and `maxSize`). */
export class ResultCache {
  private readonly cache: LRUCache<string, QueryResult> | undefined;
  constructor(private readonly limits: ResultCacheLimits) {
    // lru-cache refuses a max of 0: a cache of no entries is none at all.
    if (limits.entries > 0) {
      this.cache = new LRUCache<string, QueryResult>({
        max: limits.entries,
        maxSize: Math.max(1, limits.bytes),
        maxEntrySize: Math.max(1, this.maxEntryBytes),
        sizeCalculation: (result) => Math.max(1, resultBytes(result)),
      });
    }
  }

  /** The largest result kept. */
  get maxEntryBytes(): number {
    return Math.floor(this.limits.bytes / 4);
  }

  get(key: string): QueryResult | undefined {
    return this.cache?.get(key);
  }

  /** Keeps `result` unless it is too large, evicting the least recently used until both budgets hold. */
  set(key: string, result: QueryResult): void {
    if (!this.cache) return;
    // A result too large replaces nothing: the key's older result goes too, as before.
    this.cache.delete(key);
    this.cache.set(key, result);
  }

  clear(): void {
    this.cache?.clear();
  }

  get size(): number {
    return this.cache?.size ?? 0;
  }

  /** The estimated bytes of the results kept. */
  get bytes(): number {
    return this.cache?.calculatedSize ?? 0;
  }
}
