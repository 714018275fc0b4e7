// The query engine: every SPARQL query of the app (endpoint, saved queries,
// pages, exports, CLI) runs through this module. Comunica over the N3 store,
// with the union of all graphs as the default graph, read-only.
//
// Implementations of one interface: createComunicaEngine evaluates in the
// calling thread (CLI, tests, the workers themselves), on the algebra of
// src/comunica-algebra.ts and with DESCRIBE by src/describe.ts;
// createOxigraphEngine (src/engine-oxigraph.ts) does the same with Oxigraph,
// the default engine; createWorkerEngine runs each query, on either of them, in a
// worker thread that is terminated when the query's time runs out, because
// neither can be interrupted inside its own thread.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { QueryEngine } from '@comunica/query-sparql';
import { DataFactory, Store, Writer } from 'n3';
import sparqljs from 'sparqljs';
import type { Algebra } from 'sparqlalgebrajs';
import type * as RDF from '@rdfjs/types';
import { federationSession } from './federation/comunica.js';
import { ServiceFailedError, ServiceForbiddenError } from './federation/errors.js';
import { checkServices, DEFAULT_FEDERATION, type FederationSettings, type ServiceUse } from './federation/policy.js';
import { conciseBoundedDescription, describeParts } from './describe.js';
import { guardedAlgebra } from './comunica-algebra.js';
import { substituteQuery, type Node } from './substitute.js';
import { unionDefaultGraphView } from './union-default-graph.js';
import { checkQueryLimits, QueryLimitError } from './query-limits.js';
import { defaultResultCacheBytes, ResultCache } from './result-cache.js';
import { createWorkerPool, type PoolHealth } from './engine-pool.js';
import { wasmBudget, type WasmBudget } from './wasm-memory.js';

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

/** A small least-recently-used map. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

/** A term as a cache-key string. */
function termKey(term: RDF.Term): string {
  return term.termType === 'Literal'
    ? `L${JSON.stringify([term.value, term.language, term.datatype.value])}`
    : `${term.termType[0]}${term.value}`;
}

/** Everything about a request that changes its plan, as one string. */
export function planKey(text: string, options: QueryOptions, maxRows: number): string {
  const bindings = Object.entries(options.bindings ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, t]) => `${k}=${termKey(t)}`);
  return JSON.stringify([
    text,
    options.baseIri ?? '',
    options.defaultGraphs ?? [],
    options.namedGraphs ?? [],
    bindings,
    maxRows,
    options.unionDefaultGraph !== false,
  ]);
}

/** `1.5 s`, `30 s`, `250 ms`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(3))} s` : `${ms} ms`;
}

const READ_ONLY = 'This endpoint is read-only: SPARQL Update operations are refused.';

/** An update that fails to parse only for want of a base IRI is still an update, and refused as one. */
function isUpdateWithRelativeIris(text: string): boolean {
  try {
    return new sparqljs.Parser({ baseIRI: 'urn:upr-graph:base/' }).parse(text).type === 'update';
  } catch {
    return false;
  }
}

/** An RDF dataset named by IRIs: the graphs merged into the default graph, and the named graphs. */
export interface DatasetIris {
  default: string[];
  named: string[];
}

/**
 * A query checked and ready to run. Engines are handed the user's text as it
 * is, or the parsed query (their own parsed form), never a text re-generated
 * from it: re-generation broke valid queries (HAVING with two conditions,
 * prefixed names with escapes).
 */
export interface QueryPlan {
  /** The user's text, unchanged. */
  text: string;
  /** The query as sparqljs read it, without its FROM / FROM NAMED when a dataset applies (the dataset is apart). */
  query: sparqljs.Query;
  dataset?: DatasetIris;
  /** The remote endpoints its SERVICE patterns call, each checked against the allowlist. */
  services?: ServiceUse[];
  /** An IRI sparqljs misread (see misreadIri): engines that read the parsed query cannot answer it right. */
  misread?: string;
}

/**
 * An IRI of the parsed query holding a backslash. sparqljs keeps the escapes of
 * a prefixed name's local part (ex:c\~z\. reads as <…c\~z\.>), and no IRI may
 * hold a backslash, so such a query would silently match nothing.
 */
function misreadIri(node: unknown): string | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = misreadIri(item);
      if (found) return found;
    }
  } else if (node && typeof node === 'object') {
    const term = node as { termType?: string; value?: unknown };
    if (term.termType === 'NamedNode') return typeof term.value === 'string' && term.value.includes('\\') ? term.value : undefined;
    for (const value of Object.values(node)) {
      const found = misreadIri(value);
      if (found) return found;
    }
  }
  return undefined;
}

/** What sparqljs says when it fails inside rather than refusing the text: never shown as the message. */
export const PARSER_FAILED =
  'The query could not be read: the SPARQL parser failed on a construct it does not support, without naming a position.';

function parse(text: string, options: QueryOptions): sparqljs.Query {
  // Before any parser recursion: a query too deep or too large for it is refused in linear time.
  checkQueryLimits(text);
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = new sparqljs.Parser(options.baseIri ? { baseIRI: options.baseIri } : {}).parse(text);
  } catch (error) {
    if (isUpdateWithRelativeIris(text)) throw new UpdateForbiddenError(READ_ONLY);
    // The parser's own refusals name the line; anything else (a TypeError inside it) is its failure, not the user's.
    const message = error instanceof Error && !(error instanceof TypeError || error instanceof RangeError) ? error.message : PARSER_FAILED;
    throw new QuerySyntaxError(message);
  }
  if (parsed.type === 'update') throw new UpdateForbiddenError(READ_ONLY);
  // An empty text (or a prologue alone) parses as an empty update request: no query to run.
  if (parsed.type !== 'query') throw new QuerySyntaxError('The query is empty: it has no SELECT, CONSTRUCT, ASK or DESCRIBE.');
  return parsed as sparqljs.Query;
}

function protocolDataset(options: QueryOptions): DatasetIris | undefined {
  if (!options.defaultGraphs?.length && !options.namedGraphs?.length) return undefined;
  return { default: options.defaultGraphs ?? [], named: options.namedGraphs ?? [] };
}

/**
 * Parses the query, refuses updates and SERVICEs the federation policy does not
 * allow (a variable endpoint, an IRI off the allowlist), and settles its dataset: the
 * protocol's default-graph-uri / named-graph-uri replace the query's FROM /
 * FROM NAMED as a whole. The engines apply the dataset by their own means
 * (Oxigraph's dataset options; for Comunica, a store of just those graphs and
 * the parsed query without FROM, as its own FROM handling fails on GRAPH ?g
 * over an in-memory store).
 */
export function planQuery(text: string, options: QueryOptions = {}, federation: FederationSettings = DEFAULT_FEDERATION): QueryPlan {
  // Saved queries and clients repeat the same texts: each is parsed and checked once per federation policy.
  let cache = plans.get(federation);
  if (!cache) plans.set(federation, (cache = new Lru(256)));
  const key = JSON.stringify([text, options.baseIri ?? '', options.defaultGraphs ?? [], options.namedGraphs ?? []]);
  let plan = cache.get(key);
  if (!plan) {
    plan = planUncached(text, options, federation);
    cache.set(key, plan);
  }
  return plan;
}

const plans = new WeakMap<FederationSettings, Lru<string, QueryPlan>>();

function planUncached(text: string, options: QueryOptions, federation: FederationSettings): QueryPlan {
  const query = parse(text, options);
  const services = checkServices(query, federation);
  const fromQuery =
    query.from && (query.from.default.length > 0 || query.from.named.length > 0)
      ? { default: query.from.default.map((g) => g.value), named: query.from.named.map((g) => g.value) }
      : undefined;
  const dataset = protocolDataset(options) ?? fromQuery;
  const misread = misreadIri(query);
  const extra = { ...(services.length ? { services } : {}), ...(misread ? { misread } : {}) };
  if (!dataset) return { text, query, ...extra };
  delete (query as { from?: unknown }).from;
  return { text, query, dataset, ...extra };
}

/** A store holding just a dataset: the `default` graphs merged into its default graph, the `named` graphs as they are. */
export function datasetStore(store: QuadSource, dataset: DatasetIris): Store {
  const view = new Store();
  for (const graph of new Set(dataset.default)) {
    for (const q of store.getQuads(null, null, null, DataFactory.namedNode(graph))) {
      view.addQuad(q.subject, q.predicate, q.object, DataFactory.defaultGraph());
    }
  }
  for (const graph of new Set(dataset.named)) view.addQuads(store.getQuads(null, null, null, DataFactory.namedNode(graph)));
  return view;
}

/** The smaller of the engine's limit and the request's own; undefined when neither sets one. */
function effectiveTimeout(engineLimit: number | undefined, requested: number | undefined): number | undefined {
  const limits = [engineLimit, requested].filter((n): n is number => typeof n === 'number' && n > 0 && Number.isFinite(n));
  return limits.length ? Math.min(...limits) : undefined;
}

/** Reads at most `max` items from an async stream, closing it when cut short or stopped. */
async function take<T>(
  stream: RDF.ResultStream<T> & AsyncIterable<T>,
  max: number,
  stopped: () => boolean,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  const destroy = () => (stream as unknown as { destroy?: () => void }).destroy?.();
  for await (const item of stream) {
    if (stopped()) {
      destroy();
      break;
    }
    if (items.length === max) {
      destroy();
      return { items, truncated: true };
    }
    items.push(item);
  }
  return { items, truncated: false };
}

/**
 * An engine evaluating queries with Comunica over an N3 store, in this thread.
 * Its timeout is best effort: it stops streaming results once time is up, but
 * cannot interrupt work Comunica does without yielding (use createWorkerEngine for that).
 */
export function createComunicaEngine(
  store: QuadSource,
  defaults: { maxRows?: number; timeoutMs?: number; federation?: FederationSettings } = {},
): Engine {
  const federation = defaults.federation ?? DEFAULT_FEDERATION;
  // Comunica is loaded on the first query, so that a process that only hands
  // queries to workers (the server's main thread) never pays for loading it.
  let comunica: Promise<{ engine: QueryEngine }> | undefined;
  const loadComunica = () => (comunica ??= import('@comunica/query-sparql').then((q) => ({ engine: new q.QueryEngine() })));
  // Every query runs as Comunica's own algebra of the plan's reading: without FROM where a dataset applies, the
  // parameters substituted, sequence paths written out (src/comunica-algebra.ts); never as re-generated text.
  // Comunica's initial bindings are not used: with any of them, even for a variable the query never mentions,
  // it mis-scopes a FILTER in a nested group (W3C filter-nested-2).
  const algebras = new Lru<string, Algebra.Operation>(256);
  const algebraOf = (plan: QueryPlan, options: QueryOptions): Algebra.Operation => {
    const key = planKey(plan.text, options, 0);
    let algebra = algebras.get(key);
    if (!algebra) {
      const bound = Object.entries(options.bindings ?? {});
      // Neither substitution nor the guard changes the plan's reading (shared with other engines): both copy it.
      const query =
        bound.length > 0 ? (substituteQuery(plan.query as unknown as Node, new Map(bound)) as unknown as sparqljs.Query) : plan.query;
      algebra = guardedAlgebra(query, plan.text, options.baseIri);
      algebras.set(key, algebra);
    }
    return algebra;
  };
  const union = unionDefaultGraphView(store);
  // The store is read-only, so the stores of recently asked datasets can be kept.
  const datasets = new Map<string, Store>();
  const storeFor = (dataset: DatasetIris): Store => {
    const key = JSON.stringify(dataset);
    let view = datasets.get(key);
    if (!view) {
      view = datasetStore(store, dataset);
      if (datasets.size >= 8) datasets.delete(datasets.keys().next().value!);
    }
    datasets.delete(key);
    datasets.set(key, view);
    return view;
  };

  /** Evaluates a plan; a query calling remote endpoints gets the guarded fetch, and a failed remote call surfaces as a ServiceFailedError. */
  async function evaluate(plan: QueryPlan, options: QueryOptions, maxRows: number, stopped: () => boolean): Promise<QueryResult> {
    if (!plan.services?.length) return evaluateLocally(plan, options, maxRows, stopped);
    const session = federationSession(federation, plan.services);
    try {
      return await evaluateLocally(plan, options, maxRows, stopped, session.context);
    } catch (error) {
      throw session.explain(error);
    }
  }

  async function evaluateLocally(
    plan: QueryPlan,
    options: QueryOptions,
    maxRows: number,
    stopped: () => boolean,
    extra: Record<string, unknown> = {},
  ): Promise<QueryResult> {
    // Comunica's own union mode stays off: the union is the view's (src/union-default-graph.ts).
    const source = plan.dataset ? storeFor(plan.dataset) : options.unionDefaultGraph === false ? store : union;
    const context: Record<string, unknown> = { sources: [source], unionDefaultGraph: false, readOnly: true, ...extra };
    // Given the algebra, Comunica does not see the query's BASE, which IRI() resolves against: it goes in the context.
    const base = plan.query.base ?? options.baseIri;
    if (base) context.baseIRI = base;
    const { engine } = await loadComunica();
    if (plan.query.queryType === 'DESCRIBE') {
      // Comunica cannot DESCRIBE with WHERE: its solutions come from a SELECT, the description from src/describe.ts.
      const described = describeParts(plan.query);
      const resources: RDF.Term[] = [...described.iris];
      if (described.select) {
        const solutions = await engine.queryBindings(guardedAlgebra(described.select, plan.text, options.baseIri), context as never);
        const { items } = await take(solutions, Number.MAX_SAFE_INTEGER, stopped);
        for (const b of items) for (const [, term] of b) resources.push(sourceTerm(term));
      }
      const describedFrom = plan.dataset ? storeFor(plan.dataset) : store;
      const graph = plan.dataset || options.unionDefaultGraph === false ? DataFactory.defaultGraph() : null;
      return { type: 'quads', ...conciseBoundedDescription(resources, (s) => describedFrom.getQuads(s, null, null, graph), maxRows) };
    }
    const result = await engine.query(algebraOf(plan, options), context as never);
    if (result.resultType === 'boolean') return { type: 'boolean', value: await result.execute() };
    if (result.resultType === 'bindings') {
      const metadata = await result.metadata();
      const variables = metadata.variables.map((v) => v.value);
      const { items, truncated } = await take(await result.execute(), maxRows, stopped);
      const rows = items.map((b) => {
        const row: Row = {};
        for (const [variable, term] of b) row[variable.value] = term;
        return row;
      });
      return { type: 'bindings', variables, rows, truncated };
    }
    if (result.resultType === 'quads') {
      const { items, truncated } = await take(await result.execute(), maxRows, stopped);
      return { type: 'quads', quads: items, truncated };
    }
    throw new UpdateForbiddenError(READ_ONLY);
  }

  async function query(text: string, options: QueryOptions = {}): Promise<QueryResult> {
    const plan = planQuery(text, options, federation);
    // Comunica reads the query through sparqljs too: it would look for the misread IRI and silently find nothing.
    if (plan.misread) {
      throw new QuerySyntaxError(
        `The query names <${plan.misread}> with a prefixed name whose escaped characters (\\) this engine's SPARQL parser keeps in the IRI; write the IRI in full between < and > instead.`,
      );
    }
    const maxRows = options.maxRows ?? defaults.maxRows ?? Number.MAX_SAFE_INTEGER;
    const timeoutMs = effectiveTimeout(defaults.timeoutMs, options.timeoutMs);
    if (timeoutMs === undefined && !options.signal) return evaluate(plan, options, maxRows, () => false);

    let stop: Error | undefined;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stopping = new Promise<never>((_, reject) => {
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => reject((stop = new QueryTimeoutError(timeoutMs))), timeoutMs);
      }
      if (options.signal) {
        onAbort = () => reject((stop = new QueryCancelledError('The query was cancelled.')));
        if (options.signal.aborted) onAbort();
        else options.signal.addEventListener('abort', onAbort, { once: true });
      }
    });
    try {
      return await Promise.race([evaluate(plan, options, maxRows, () => stop !== undefined), stopping]);
    } finally {
      clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    }
  }

  return withTypedQueries(query);
}

/** A term of Comunica's results as the store names it: a blank node from a source comes back scoped (`bc_0_…`), its label kept in `skolemized`. */
function sourceTerm(term: RDF.Term): RDF.Term {
  const skolemized = (term as { skolemized?: RDF.NamedNode }).skolemized;
  if (term.termType !== 'BlankNode' || !skolemized) return term;
  return DataFactory.blankNode(skolemized.value.replace(/^urn:comunica_skolem:source_\d+:/, ''));
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

interface JsonTerm {
  type: 'uri' | 'bnode' | 'literal' | 'triple';
  value: string | { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm };
  'xml:lang'?: string;
  datatype?: string;
}

const XSD_STRING = DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#string');
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

function fromJsonTerm(term: JsonTerm): RDF.Term {
  switch (term.type) {
    case 'uri':
      return DataFactory.namedNode(term.value as string);
    case 'bnode':
      return DataFactory.blankNode(term.value as string);
    case 'literal':
      if (term['xml:lang']) return DataFactory.literal(term.value as string, term['xml:lang']);
      return DataFactory.literal(
        term.value as string,
        term.datatype && term.datatype !== RDF_LANG_STRING ? DataFactory.namedNode(term.datatype) : XSD_STRING,
      );
    case 'triple': {
      const t = term.value as { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm };
      return DataFactory.quad(
        fromJsonTerm(t.subject) as RDF.Quad_Subject,
        fromJsonTerm(t.predicate) as RDF.Quad_Predicate,
        fromJsonTerm(t.object) as RDF.Quad_Object,
      ) as unknown as RDF.Term;
    }
  }
}

/** SPARQL JSON results (Oxigraph's) as a bindings result, cut after maxRows rows (a cut is announced). */
export function bindingsFromSparqlJson(text: string, maxRows: number): QueryResult {
  const json = JSON.parse(text) as {
    head: { vars?: string[] };
    results?: { bindings: Array<Record<string, JsonTerm>> };
    boolean?: boolean;
  };
  if (typeof json.boolean === 'boolean') return { type: 'boolean', value: json.boolean };
  const bindings = json.results?.bindings ?? [];
  const truncated = bindings.length > maxRows;
  const rows: Row[] = (truncated ? bindings.slice(0, maxRows) : bindings).map((b) => {
    const row: Row = {};
    for (const key in b) row[key] = fromJsonTerm(b[key]);
    return row;
  });
  return { type: 'bindings', variables: json.head.vars ?? [], rows, truncated };
}

// ---------------------------------------------------------------------------
// Terms across the thread boundary: plain objects out, N3 DataFactory terms back.

export type PlainTerm =
  | { termType: 'NamedNode' | 'BlankNode' | 'Variable' | 'DefaultGraph'; value: string }
  | { termType: 'Literal'; value: string; language: string; datatype: string }
  | { termType: 'Quad'; subject: PlainTerm; predicate: PlainTerm; object: PlainTerm; graph: PlainTerm };

export type PlainResult =
  /** SPARQL JSON results as Oxigraph wrote them: one string crosses the thread boundary instead of every term. */
  | { type: 'sparql-json'; json: string; maxRows: number }
  | { type: 'bindings'; variables: string[]; rows: Array<Record<string, PlainTerm>>; truncated: boolean }
  | { type: 'boolean'; value: boolean }
  | { type: 'quads'; quads: PlainTerm[]; truncated: boolean };

/** An RDF/JS term as a structured-clone-safe object. */
export function toPlainTerm(term: RDF.Term): PlainTerm {
  switch (term.termType) {
    case 'Literal':
      return { termType: 'Literal', value: term.value, language: term.language, datatype: term.datatype.value };
    case 'Quad':
      return {
        termType: 'Quad',
        subject: toPlainTerm(term.subject),
        predicate: toPlainTerm(term.predicate),
        object: toPlainTerm(term.object),
        graph: toPlainTerm(term.graph),
      };
    default:
      return { termType: term.termType, value: term.value };
  }
}

/** A plain term back as an N3 DataFactory term. */
export function fromPlainTerm(plain: PlainTerm): RDF.Term {
  switch (plain.termType) {
    case 'NamedNode':
      return DataFactory.namedNode(plain.value);
    case 'BlankNode':
      return DataFactory.blankNode(plain.value);
    case 'Variable':
      return DataFactory.variable(plain.value);
    case 'DefaultGraph':
      return DataFactory.defaultGraph();
    case 'Literal':
      return DataFactory.literal(plain.value, plain.language || DataFactory.namedNode(plain.datatype));
    case 'Quad':
      return DataFactory.quad(
        fromPlainTerm(plain.subject) as RDF.Quad_Subject,
        fromPlainTerm(plain.predicate) as RDF.Quad_Predicate,
        fromPlainTerm(plain.object) as RDF.Quad_Object,
        fromPlainTerm(plain.graph) as RDF.Quad_Graph,
      ) as unknown as RDF.Term;
  }
}

/** A query result as plain data for postMessage. */
export function toPlainResult(result: QueryResult): Exclude<PlainResult, { type: 'sparql-json' }> {
  if (result.type === 'boolean') return result;
  if (result.type === 'quads') return { type: 'quads', quads: result.quads.map(toPlainTerm), truncated: result.truncated };
  const rows = result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, t]) => [k, toPlainTerm(t)])));
  return { type: 'bindings', variables: result.variables, rows, truncated: result.truncated };
}

/** A plain result back with N3 terms. */
export function fromPlainResult(plain: PlainResult): QueryResult {
  if (plain.type === 'sparql-json') return bindingsFromSparqlJson(plain.json, plain.maxRows);
  if (plain.type === 'boolean') return plain;
  if (plain.type === 'quads')
    return { type: 'quads', quads: plain.quads.map((q) => fromPlainTerm(q) as RDF.Quad), truncated: plain.truncated };
  const rows = plain.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, t]) => [k, fromPlainTerm(t)])));
  return { type: 'bindings', variables: plain.variables, rows, truncated: plain.truncated };
}

// ---------------------------------------------------------------------------
// The worker engine.

/** What the main thread sends a worker: one query, already checked and prepared. */
export interface WorkerRequest {
  id: number;
  text: string;
  maxRows: number;
  baseIri?: string;
  defaultGraphs?: string[];
  namedGraphs?: string[];
  bindings?: Record<string, PlainTerm>;
  unionDefaultGraph?: false;
}

/** What a worker answers: readiness once, then one reply per request. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: PlainResult; recycle?: string }
  // fatal: the engine trapped and the worker must not answer again; recycle: why the worker should be replaced after this answer.
  | { type: 'error'; id: number; name: string; message: string; fatal?: boolean; recycle?: string };

export interface WorkerEngineOptions {
  /** Worker threads evaluating queries side by side (default 2). */
  workers?: number;
  /** The longest a query may run, in ms (default 30 s); a query's own timeoutMs may only lower it. */
  timeoutMs?: number;
  /** Rows (or triples) a result carries at most (default 10,000). */
  maxRows?: number;
  /** The heap a worker may use, in MiB; a query needing more is stopped (default 512). */
  memoryMb?: number;
  /** Queries that may wait for a free worker; more are refused at once (default 64). */
  maxQueued?: number;
  /** WebAssembly memory one Oxigraph query may use beyond the store, in MiB (default: src/wasm-memory.ts). */
  queryMemoryMb?: number;
  /** A worker whose WebAssembly memory grew more than this past its loaded store, in MiB, is replaced after its query (default 128). */
  recycleMb?: number;
  /** The shortest time limit a query gets, in ms (default 1 s): shorter ones would only buy worker restarts. */
  minTimeoutMs?: number;
  /** Queries one client (QueryOptions.client) runs at once (default: one fewer than the workers, at least 1). */
  clientConcurrency?: number;
  /** Queries one client may have waiting; more are answered 429 (default 16). */
  clientQueue?: number;
  /** Worker seconds a client may use per minute before it is answered 429 (default 60). */
  clientQuerySeconds?: number;
  /** Told when a worker is replaced, and why. */
  onReplace?: (worker: number, reason: string) => void;
  /** Which remote endpoints SERVICE may call, and the limits of each call (default: Wikidata only). */
  federation?: FederationSettings;
  /** The engine the workers run (default Oxigraph). */
  engine?: EngineKind;
  /** Results kept for repeated queries (default 0: none); the data cannot change while the engine lives. */
  resultCacheEntries?: number;
  /** The estimated bytes those results may hold together (default: 5 % of the heap limit; src/result-cache.ts). */
  resultCacheBytes?: number;
}

/**
 * Where the workers read the data: UTF-8 N-Quads in memory shared by every
 * worker rather than copied to each, or a file each worker streams (large
 * graphs: the main thread then holds no copy at all).
 */
export type NquadsSource = { nquads: SharedArrayBuffer } | { file: string };

/** What a worker is started with. */
export interface WorkerData {
  source: NquadsSource;
  federation: FederationSettings;
  engine: EngineKind;
  /** The WebAssembly memory an Oxigraph worker may use, and when it is recycled. */
  wasm: WasmBudget;
}

/**
 * The N-Quads of a source in pieces of about chunkBytes, each ending at a line
 * end, so that a loader never needs the whole text at once. A piece is only
 * valid until the next is asked for (the file's buffer is reused).
 */
export function* nquadsChunks(source: NquadsSource, chunkBytes = 4 * 1024 * 1024): Generator<Uint8Array> {
  if ('nquads' in source) {
    const bytes = new Uint8Array(source.nquads);
    for (let start = 0; start < bytes.length; ) {
      let end = Math.min(bytes.length, start + chunkBytes);
      const newline = end < bytes.length ? bytes.indexOf(10, end) : -1;
      end = newline >= 0 ? newline + 1 : bytes.length;
      yield bytes.subarray(start, end);
      start = end;
    }
    return;
  }
  const fd = openSync(source.file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(chunkBytes * 2);
    let carried = 0;
    for (;;) {
      if (buffer.length - carried < chunkBytes) {
        // A line longer than a piece: room for it.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, carried);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, carried, chunkBytes, null);
      const filled = carried + read;
      if (read === 0) {
        if (filled > 0) yield buffer.subarray(0, filled);
        return;
      }
      // The last line may be cut: it is carried to the front of the next piece.
      const end = buffer.lastIndexOf(10, filled - 1) + 1;
      if (end === 0) {
        carried = filled;
        continue;
      }
      yield buffer.subarray(0, end);
      buffer.copy(buffer, 0, end, filled);
      carried = filled - end;
    }
  } finally {
    closeSync(fd);
  }
}

/** Functions whose value changes from one evaluation to the next: results using them are not cached. */
const VOLATILE = /\b(NOW|RAND|UUID|STRUUID)\s*\(/i;

export interface WorkerEngine extends Engine {
  /** The engine the workers run. */
  kind: EngineKind;
  /** A digest of the data the workers hold: cached results are only ever for this version. */
  datasetVersion: string;
  /** Resolves once every worker has loaded the store; rejects if the workers cannot start. */
  ready: Promise<void>;
  isReady(): boolean;
  health(): PoolHealth;
  close(): Promise<void>;
}

let workerBundle: URL | undefined;

/**
 * How a worker thread is started: the compiled engine-worker.js next to this
 * file; or, running from the TypeScript source (tsx, vitest), one esbuild
 * bundle of engine-worker.ts made once per process (about 0.1 s), since
 * starting tsx inside every worker cost about a second per worker (Node 20
 * does not carry loader hooks into workers). Where the bundle cannot be
 * written, the worker registers tsx itself.
 */
function workerBootstrap(): { code: string } | { url: URL } {
  const self = import.meta.url;
  if (!/\.ts$/.test(new URL(self).pathname)) return { url: new URL('./engine-worker.js', self) };
  try {
    workerBundle ??= bundleWorker(self);
    return { url: workerBundle };
  } catch {
    const require = createRequire(self);
    const tsxApi = pathToFileURL(require.resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
    const entry = new URL('./engine-worker.ts', self).href;
    return { code: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })` };
  }
}

/**
 * Bundles engine-worker.ts and what it imports from src/ (packages stay imports)
 * into node_modules/.cache/upr-graph/, named by a digest of every source file,
 * so that later processes on the same sources reuse it without running esbuild.
 */
function bundleWorker(self: string): URL {
  const entry = fileURLToPath(new URL('./engine-worker.ts', self));
  const sources = path.dirname(entry);
  const digest = createHash('sha256');
  for (const name of (readdirSync(sources, { recursive: true }) as string[]).filter((n) => n.endsWith('.ts')).sort()) {
    digest.update(name).update(readFileSync(path.join(sources, name)));
  }
  // Inside the project's node_modules, so that the bundle's package imports resolve as the source's do.
  const dir = path.join(sources, '..', 'node_modules', '.cache', 'upr-graph', `engine-worker-${digest.digest('hex').slice(0, 16)}`);
  const file = path.join(dir, 'engine-worker.mjs');
  if (existsSync(file)) return pathToFileURL(file);
  const esbuild = createRequire(self)('esbuild') as typeof import('esbuild');
  // Split, so that a module imported on demand (engine-oxigraph.ts) imports its packages only then: the worker
  // caps Oxigraph's WebAssembly memory before Oxigraph is loaded (src/wasm-memory.ts).
  const partial = `${dir}.${process.pid}.partial`;
  const { outputFiles } = esbuild.buildSync({
    entryPoints: { 'engine-worker': entry },
    bundle: true,
    splitting: true,
    outdir: partial,
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    // import.meta.url keeps naming the source, so that modules finding the project by it (config.ts) still do.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(entry).href) },
  });
  mkdirSync(partial, { recursive: true });
  for (const output of outputFiles) writeFileSync(output.path, output.contents);
  // Written aside and renamed: test processes may bundle side by side (the first one's stays).
  try {
    renameSync(partial, dir);
  } catch {
    rmSync(partial, { recursive: true, force: true });
  }
  return pathToFileURL(file);
}

/**
 * What the workers load, and a digest naming that version of the data. A file
 * is named by its path, size and time of change rather than hashed: the file
 * case is for large graphs, whose hashing would cost a second reading.
 */
function workerSource(data: Store | { nquads: string } | { file: string }): { source: NquadsSource; datasetVersion: string } {
  const digest = (input: string | Uint8Array) => createHash('sha256').update(input).digest('base64url').slice(0, 22);
  if ('file' in data) {
    const stat = statSync(data.file);
    return { source: { file: data.file }, datasetVersion: digest(`${data.file}\n${stat.size}\n${stat.mtimeMs}`) };
  }
  const text = 'nquads' in data ? data.nquads : new Writer({ format: 'N-Quads' }).quadsToString(data.getQuads(null, null, null, null));
  const bytes = Buffer.from(text, 'utf8');
  const nquads = new SharedArrayBuffer(bytes.length);
  new Uint8Array(nquads).set(bytes);
  return { source: { nquads }, datasetVersion: digest(bytes) };
}

/**
 * An engine that runs each query in a pool of worker threads (src/engine-pool.ts),
 * each holding a copy of the store. A query past its time limit is stopped by
 * terminating its worker, which is replaced; other queries keep being answered meanwhile.
 */
export function createWorkerEngine(data: Store | { nquads: string } | { file: string }, options: WorkerEngineOptions = {}): WorkerEngine {
  const size = Math.max(1, options.workers ?? 2);
  const limitMs = options.timeoutMs ?? 30_000;
  const maxRows = options.maxRows ?? 10_000;
  const memoryMb = options.memoryMb ?? 512;
  const federation = options.federation ?? DEFAULT_FEDERATION;
  const kind = options.engine ?? 'oxigraph';
  const { source, datasetVersion } = workerSource(data);
  const results = new ResultCache({
    entries: options.resultCacheEntries ?? 0,
    bytes: options.resultCacheBytes ?? defaultResultCacheBytes(),
  });
  const caching = (options.resultCacheEntries ?? 0) > 0;
  const bootstrap = workerBootstrap();
  const wasm = wasmBudget(
    'nquads' in source ? source.nquads.byteLength : statSync(source.file).size,
    size,
    options.queryMemoryMb,
    options.recycleMb,
  );
  let nextId = 1;
  let closed = false;

  let readyResolve!: () => void;
  let readyReject!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  ready.catch(() => {});

  const pool = createWorkerPool({
    workers: size,
    start: () => {
      const workerOptions = {
        workerData: { source, federation, engine: kind, wasm } satisfies WorkerData,
        resourceLimits: { maxOldGenerationSizeMb: memoryMb },
        execArgv: [] as string[],
      };
      return 'code' in bootstrap ? new Worker(bootstrap.code, { ...workerOptions, eval: true }) : new Worker(bootstrap.url, workerOptions);
    },
    heapMb: memoryMb,
    maxQueued: options.maxQueued,
    // Time enough to wait behind a query that runs out of time, and for its worker to be replaced.
    maxWaitMs: 2 * limitMs,
    minTimeoutMs: options.minTimeoutMs,
    clientConcurrency: options.clientConcurrency,
    clientQueue: options.clientQueue,
    clientQuerySeconds: options.clientQuerySeconds,
    onReplace: options.onReplace,
    onReady: () => readyResolve(),
    onBroken: (error) => readyReject(error),
  });

  async function query(text: string, queryOptions: QueryOptions = {}): Promise<QueryResult> {
    if (closed) throw new Error('the query engine is closed');
    // Syntax errors, updates and disallowed SERVICEs are refused here, before a worker is taken; except that
    // a text sparqljs cannot read goes to Oxigraph, whose own parser has the last word (engine-oxigraph.ts).
    let plan: QueryPlan | undefined;
    try {
      plan = planQuery(text, queryOptions, federation);
    } catch (error) {
      if (kind !== 'oxigraph' || !(error instanceof QuerySyntaxError) || queryOptions.bindings) throw error;
    }
    const rows = Math.min(queryOptions.maxRows ?? maxRows, maxRows);
    // The data is fixed for the engine's life, so a repeated query gets the same result, unless it calls
    // remote endpoints (their data may change) or functions that differ per evaluation.
    const cacheKey = caching && !plan?.services?.length && !VOLATILE.test(text) ? planKey(text, queryOptions, rows) : undefined;
    const cached = cacheKey === undefined ? undefined : results.get(cacheKey);
    if (cached) return cached;
    if (cacheKey !== undefined) {
      return run(text, queryOptions, rows).then((result) => {
        results.set(cacheKey, result);
        return result;
      });
    }
    return run(text, queryOptions, rows);
  }

  function run(text: string, queryOptions: QueryOptions, rows: number): Promise<QueryResult> {
    const timeoutMs = effectiveTimeout(limitMs, queryOptions.timeoutMs) ?? limitMs;
    const request: WorkerRequest = {
      id: nextId++,
      text,
      maxRows: rows,
      ...(queryOptions.baseIri ? { baseIri: queryOptions.baseIri } : {}),
      ...(queryOptions.defaultGraphs?.length ? { defaultGraphs: queryOptions.defaultGraphs } : {}),
      ...(queryOptions.namedGraphs?.length ? { namedGraphs: queryOptions.namedGraphs } : {}),
      ...(queryOptions.unionDefaultGraph === false ? { unionDefaultGraph: false as const } : {}),
      ...(queryOptions.bindings
        ? { bindings: Object.fromEntries(Object.entries(queryOptions.bindings).map(([k, t]) => [k, toPlainTerm(t)])) }
        : {}),
    };
    return pool.run(request, { timeoutMs, signal: queryOptions.signal, client: queryOptions.client });
  }

  const engine = withTypedQueries(query, {
    clearCache: () => results.clear(),
    isReady: () => !closed && pool.health().status !== 'not ready',
    health: () => pool.health(),
    async close() {
      if (closed) return;
      closed = true;
      readyReject(new Error('the query engine was closed'));
      await pool.close();
    },
  });
  return Object.assign(engine, { ready, kind, datasetVersion }) as WorkerEngine;
}
