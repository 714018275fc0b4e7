// The engine interface: every SPARQL query of the app (endpoint, saved queries,
// pages, exports, CLI) runs through an Engine. Its result types, its errors and
// the kinds of engine live here; the engines themselves are the other files of
// this folder (comunica.ts, oxigraph.ts, worker-engine.ts).
import type * as RDF from '@rdfjs/types';
import { ServiceFailedError, ServiceForbiddenError } from '../federation/errors.js';
import { QueryLimitError } from './limits.js';
import type { PoolHealth } from './pool.js';

export { QueryLimitError, ServiceFailedError, ServiceForbiddenError };

export type Row = Record<string, RDF.Term>;

export type QueryResult =
  | { type: 'bindings'; variables: string[]; rows: Row[]; truncated: boolean }
  | { type: 'boolean'; value: boolean }
  | { type: 'quads'; quads: RDF.Quad[]; truncated: boolean };

export interface QueryOptions {
  /** Rows (or triples) returned at most; more are cut and `truncated` is set. */
  maxRows?: number;
  /** The protocol's default-graph-uri / named-graph-uri: they replace the query's FROM / FROM NAMED. */
  defaultGraphs?: string[];
  namedGraphs?: string[];
  /** Values bound to variables before evaluation (saved-query parameters). */
  bindings?: Record<string, RDF.Term>;
  /**
   * Whether the default graph is the union of all graphs (the default, true), or, when false, only the
   * store's own default graph. Either way GRAPH ?g ranges over the named graphs only.
   */
  unionDefaultGraph?: boolean;
  /** The base IRI that relative IRIs of the query resolve against (the endpoint's URL over HTTP). */
  baseIri?: string;
  /** The longest the query may run, in ms: lowers the engine's own limit, never raises it. */
  timeoutMs?: number;
  /** Stops the query when aborted (the client went away). */
  signal?: AbortSignal;
  /** Who asks (the client's address over HTTP): a worker engine shares its workers fairly between clients. */
  client?: string;
}

/** The query text is not valid SPARQL 1.1; the message is the parser's, with its line. */
export class QuerySyntaxError extends Error {
  name = 'QuerySyntaxError';
}

/** The query is an update (INSERT, DELETE, LOAD, CLEAR…); the graph is read-only. */
export class UpdateForbiddenError extends Error {
  name = 'UpdateForbiddenError';
}

/** The query ran out of time and was stopped; `timeoutMs` is the limit it hit. */
export class QueryTimeoutError extends Error {
  name = 'QueryTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`The query was stopped after ${formatDuration(timeoutMs)}, the time limit of this request.`);
  }
}

/** The query needed more memory than a query worker may use, or killed its worker; it was stopped. */
export class QueryResourceError extends Error {
  name = 'QueryResourceError';
}

/** The query was abandoned by its caller (its AbortSignal fired) before it finished. */
export class QueryCancelledError extends Error {
  name = 'QueryCancelledError';
}

export interface Engine {
  query(text: string, options?: QueryOptions): Promise<QueryResult>;
  select(text: string, options?: QueryOptions): Promise<{ variables: string[]; rows: Row[]; truncated: boolean }>;
  ask(text: string, options?: QueryOptions): Promise<boolean>;
  construct(text: string, options?: QueryOptions): Promise<{ quads: RDF.Quad[]; truncated: boolean }>;
  /** Whether the engine can take a query now (a worker engine is not while its workers start). */
  isReady?(): boolean;
  /** A worker engine's workers: which are up, and which are being replaced and why (/health). */
  health?(): PoolHealth;
  /** Forgets cached results (an engine that caches them). */
  clearCache?(): void;
  /** Releases threads and other resources; the engine answers no queries afterwards. */
  close?(): Promise<void>;
}

/** Which engine evaluates queries: Oxigraph (the default), or Comunica over the N3 store. */
export type EngineKind = 'comunica' | 'oxigraph';

/** What Comunica reads: the N3 store, or any RDF/JS source that can also list quads (the Oxigraph store's adapter). */
export interface QuadSource extends RDF.Source {
  getQuads(subject: RDF.Term | null, predicate: RDF.Term | null, object: RDF.Term | null, graph: RDF.Term | null): RDF.Quad[];
}

/** `1.5 s`, `30 s`, `250 ms`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(3))} s` : `${ms} ms`;
}

/** The smaller of the engine's limit and the request's own; undefined when neither sets one. */
export function effectiveTimeout(engineLimit: number | undefined, requested: number | undefined): number | undefined {
  const limits = [engineLimit, requested].filter((n): n is number => typeof n === 'number' && n > 0 && Number.isFinite(n));
  return limits.length ? Math.min(...limits) : undefined;
}

/** select / ask / construct over one `query` function. */
export function withTypedQueries<Extra extends object = object>(query: Engine['query'], extra: Extra = {} as Extra): Engine & Extra {
  return {
    query,
    async select(text, options) {
      const r = await query(text, options);
      if (r.type !== 'bindings') throw new TypeError(`expected a SELECT query, got a ${r.type} result`);
      return r;
    },
    async ask(text, options) {
      const r = await query(text, options);
      if (r.type !== 'boolean') throw new TypeError(`expected an ASK query, got a ${r.type} result`);
      return r.value;
    },
    async construct(text, options) {
      const r = await query(text, options);
      if (r.type !== 'quads') throw new TypeError(`expected a CONSTRUCT or DESCRIBE query, got a ${r.type} result`);
      return r;
    },
    ...extra,
  };
}
