// The third engine: any SPARQL 1.1 store over the Protocol (Virtuoso first),
// behind the same Engine interface as Oxigraph and Comunica. Our limits hold
// in front of it: every query is planned here first (syntax, updates refused,
// query shape, the SERVICE allowlist, the dataset), SERVICE never reaches the
// store (Comunica over the loaded graph answers, or 501), the row cap is a
// LIMIT one past it and a cut is announced (also a cut by the store's own
// limit), the time limit aborts the request and also travels to the store as
// its own (Virtuoso's `timeout`), whose partial answers are refused. What the
// store is known to answer wrongly is refused with 501 naming the feature
// (src/engine/store-features.ts), and what it refuses comes back as a 501
// with its message: never a wrong answer silently.
import { LRUCache } from 'lru-cache';
import { Parser } from 'n3';
import sparqljs from 'sparqljs';
import type * as RDF from '@rdfjs/types';
import {
  type Engine,
  QueryCancelledError,
  type QueryOptions,
  type QueryResult,
  QuerySyntaxError,
  QueryTimeoutError,
  withTypedQueries,
} from './engine.js';
import { type DatasetIris, planKey, planQuery, type QueryPlan } from './plan.js';
import { DEFAULT_FEDERATION, type FederationSettings } from '../federation/policy.js';
import { describeParts } from './describe.js';
import { readsBackAs } from './oxigraph.js';
import { substituteQuery, type Node } from './substitute.js';
import { distinctTriples } from '../triples.js';
import {
  sparqlQuery,
  StoreAbortedError,
  type StoreEndpoints,
  StoreResponseError,
  StoreTimeoutError,
  type QueryReply,
} from '../store/protocol.js';
import { bindingsFromStoreJson } from './store-results.js';
import {
  booleanVariables,
  rewriteForStore,
  StoreFailedError,
  storeFeatureProblem,
  type StoreDialect,
  UnsupportedFeatureError,
} from './store-features.js';
import { datasetOverlap, NO_GRAPH, storeUnionMode, type StoreUnionMode, unionDefault } from './store-union.js';

export { StoreFailedError, UnsupportedFeatureError, type StoreDialect };

export interface StoreEngineOptions {
  endpoints: StoreEndpoints;
  /** Which store answers: its known defects are refused, its own time limit is set (default generic). */
  dialect?: StoreDialect;
  /** The longest a query may run, in ms (default 30 s); a request may lower it. */
  timeoutMs?: number;
  /** Rows (or triples) a result carries at most (default 10,000). */
  maxRows?: number;
  federation?: FederationSettings;
  /** Answers queries that call SERVICE (Comunica over the loaded graph); without it they are refused with 501. */
  serviceEngine?: () => Engine;
}

const SELECT_ACCEPT = 'application/sparql-results+json';
/** The start's check of the union default graph counts every triple on a store without a merged graph: it may take long. */
const UNION_CHECK_MS = 300_000;
const GRAPH_ACCEPT = 'application/n-triples, text/turtle;q=0.9';

/** The text sent to the store, and its dataset as protocol parameters. */
interface StoreText {
  text: string;
  defaultGraphs?: string[];
  namedGraphs?: string[];
}

/** A query to send: its parsed form, and the user's own text when there is one. */
interface StoreSource {
  text?: string;
  query: sparqljs.Query;
  dataset?: DatasetIris;
}

/**
 * What the store is sent. The user's text as it is, when it has neither parameters nor a dataset;
 * otherwise a text written from the parsed query (parameters substituted, FROM removed), checked to
 * read back as that query, with the dataset as protocol parameters: Virtuoso merges
 * default-graph-uri with the query's FROM instead of replacing it, and lets GRAPH ?g range over
 * every graph unless named-graph-uri is given, so both lists are always sent together. Without a
 * dataset, the union default graph as `union` says (store-union.ts). A SELECT gets a LIMIT one
 * past the row cap where the grammar allows.
 */
function storeText(
  source: StoreSource,
  options: QueryOptions,
  maxRows: number,
  dialect: StoreDialect,
  union: StoreUnionMode = 'set',
): StoreText {
  const { dataset } = source;
  // A query the store takes only when written differently is sent as that writing.
  const rewritten = rewriteForStore(source.query as unknown as Record<string, unknown>, dialect) as sparqljs.Query | undefined;
  const unionPart = dataset ? undefined : unionDefault(rewritten ?? source.query, union, options.unionDefaultGraph);
  const query = unionPart?.query ?? rewritten ?? source.query;
  const problem = storeFeatureProblem(query, dialect);
  if (problem) throw new UnsupportedFeatureError(problem);
  const bound = Object.entries(options.bindings ?? {});
  const graphs = dataset
    ? {
        defaultGraphs: dataset.default.length ? dataset.default : [NO_GRAPH],
        namedGraphs: dataset.named.length ? dataset.named : [NO_GRAPH],
      }
    : unionPart?.defaultGraphs
      ? { defaultGraphs: unionPart.defaultGraphs }
      : {};
  const capped = query.queryType === 'SELECT' && Number.isFinite(maxRows) && maxRows < Number.MAX_SAFE_INTEGER;
  if (source.text !== undefined && !rewritten && !unionPart?.changed && bound.length === 0 && !dataset) {
    // A LIMIT can follow the text only where the query has none and no VALUES clause ends it; else rows are cut once read.
    const append = capped && query.limit === undefined && !query.values;
    // The protocol has no base IRI: the query's relative IRIs resolve against ours only if the text says so
    // (Virtuoso refuses a second BASE; sparqljs's query.base is ours too, so the text is read).
    const declared = /\bBASE\s*</i.test(source.text.replace(/#.*$/gm, ''));
    const text = options.baseIri && !declared ? `BASE <${options.baseIri}>\n${source.text}` : source.text;
    return { text: append ? `${text}\nLIMIT ${maxRows + 1}` : text, ...graphs };
  }
  let written = bound.length > 0 ? (substituteQuery(query as unknown as Node, new Map(bound)) as unknown as sparqljs.Query) : query;
  if (capped && !(query.limit !== undefined && query.limit <= maxRows)) written = { ...written, limit: maxRows + 1 } as sparqljs.Query;
  const text = new sparqljs.Generator({ sparqlStar: true } as never).stringify(written);
  if (!readsBackAs(text, written, options.baseIri)) {
    throw new UnsupportedFeatureError('this query, with its parameters or dataset, cannot be written out faithfully for the store');
  }
  return { text, ...graphs };
}

/** A planned query made ready for the store: its request, and the variables Virtuoso answers as 1/0 for booleans. */
interface Prepared {
  request: StoreText;
  booleans?: ReadonlySet<string>;
}

/** How the engine asks the store: a request, the media types it accepts, the time left, the client's signal. */
type Ask = (request: StoreText, accept: string, timeoutMs: number, signal?: AbortSignal) => Promise<QueryReply>;

/** DESCRIBE by the one rule of describe.ts: the resources from a SELECT, their triples from a CONSTRUCT. */
async function describe(
  ask: Ask,
  dialect: StoreDialect,
  union: StoreUnionMode,
  plan: QueryPlan,
  queryOptions: QueryOptions,
  maxRows: number,
  remaining: () => number,
): Promise<QueryResult> {
  const parts = describeParts(plan.query as sparqljs.DescribeQuery);
  const resources: RDF.Term[] = [...parts.iris];
  if (parts.select) {
    const request = storeText({ query: parts.select, dataset: plan.dataset }, queryOptions, Number.MAX_SAFE_INTEGER, dialect, union);
    const solutions = bindingsFromStoreJson(
      (await ask(request, SELECT_ACCEPT, remaining(), queryOptions.signal)).text,
      Number.MAX_SAFE_INTEGER,
    );
    if (solutions.type === 'bindings') for (const row of solutions.rows) resources.push(...Object.values(row));
  }
  const subjects = [
    ...new Map(resources.filter((t) => t.termType === 'NamedNode' || t.termType === 'BlankNode').map((t) => [t.value, t])).values(),
  ];
  if (subjects.some((t) => t.termType === 'BlankNode')) throw blankNodeDescription();
  if (subjects.length === 0) return { type: 'quads', quads: [], truncated: false };
  const values = subjects.map((t) => `<${t.value}>`).join(' ');
  const text = `CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s { ${values} } ?s ?p ?o }`;
  // Read from the query's default graph: its dataset's default graphs, or the union of all graphs.
  const dataset = plan.dataset ? { default: plan.dataset.default, named: [] } : undefined;
  const source = { text, query: new sparqljs.Parser().parse(text) as sparqljs.Query, dataset };
  const reply = await ask(
    storeText(source, { ...queryOptions, bindings: undefined }, Number.MAX_SAFE_INTEGER, dialect, union),
    GRAPH_ACCEPT,
    remaining(),
    queryOptions.signal,
  );
  const quads = distinctTriples(new Parser({ format: reply.contentType.includes('turtle') ? 'Turtle' : 'N-Triples' }).parse(reply.text));
  if (quads.some((q) => q.object.termType === 'BlankNode')) throw blankNodeDescription();
  return { type: 'quads', quads: quads.slice(0, maxRows), truncated: quads.length > maxRows };
}

/**
 * What a plan sends for given options, kept as the plan is (planQuery's cache): writing the text and checking
 * the store's known defects walk the query each time, for the same answer to the same request.
 */
function preparer(dialect: StoreDialect) {
  const prepared = new LRUCache<string, Prepared | { refused: UnsupportedFeatureError }>({ max: 256 });
  return (plan: QueryPlan, queryOptions: QueryOptions, maxRows: number, union: StoreUnionMode): Prepared => {
    const key = `${union}\n${planKey(plan.text, queryOptions, maxRows)}`;
    let entry = prepared.get(key);
    if (!entry) {
      try {
        const booleans = dialect === 'virtuoso' && plan.query.queryType === 'SELECT' ? booleanVariables(plan.query) : undefined;
        entry = { request: storeText(plan, queryOptions, maxRows, dialect, union), booleans };
      } catch (error) {
        if (!(error instanceof UnsupportedFeatureError)) throw error;
        entry = { refused: error };
      }
      prepared.set(key, entry);
    }
    if ('refused' in entry) throw entry.refused;
    return entry;
  };
}

/** Creates the engine over a store's SPARQL endpoint. */
export function createStoreEngine(options: StoreEngineOptions): Engine & { kind: 'store'; ready: Promise<void>; close(): Promise<void> } {
  const dialect = options.dialect ?? 'generic';
  const limitMs = options.timeoutMs ?? 30_000;
  const engineMaxRows = options.maxRows ?? 10_000;
  const federation = options.federation ?? DEFAULT_FEDERATION;
  let service: Engine | undefined;
  let closed = false;

  async function ask(request: StoreText, accept: string, timeoutMs: number, signal?: AbortSignal): Promise<QueryReply> {
    try {
      return await sparqlQuery(options.endpoints, {
        ...request,
        accept,
        timeoutMs,
        signal,
        // Virtuoso's own limit, in ms, a little inside ours, so that it stops the work itself.
        ...(dialect === 'virtuoso' ? { extra: { timeout: String(Math.max(1, timeoutMs - 100)) } } : {}),
      });
    } catch (error) {
      throw storeError(error, timeoutMs);
    }
  }

  const prepare = preparer(dialect);

  async function evaluate(plan: QueryPlan, queryOptions: QueryOptions, maxRows: number, timeoutMs: number): Promise<QueryResult> {
    const started = Date.now();
    const remaining = () => Math.max(1, timeoutMs - (Date.now() - started));
    const { query } = plan;
    const union = await unionMode;
    if (plan.dataset && union !== 'set')
      await overlapping(plan.dataset.default, remaining()).catch((error: Error) => {
        throw error instanceof UnsupportedFeatureError ? error : storeError(error, timeoutMs);
      });
    if (query.queryType === 'DESCRIBE') return describe(ask, dialect, union, plan, queryOptions, maxRows, remaining);
    const { request, booleans } = prepare(plan, queryOptions, maxRows, union);
    if (query.queryType === 'CONSTRUCT') {
      const reply = await ask(request, GRAPH_ACCEPT, remaining(), queryOptions.signal);
      const quads = distinctTriples(
        new Parser({ format: reply.contentType.includes('turtle') ? 'Turtle' : 'N-Triples' }).parse(reply.text),
      );
      const truncated = quads.length > maxRows || reply.cutByStore;
      return { type: 'quads', quads: quads.slice(0, maxRows), truncated };
    }
    const reply = await ask(request, SELECT_ACCEPT, remaining(), queryOptions.signal);
    const result = bindingsFromStoreJson(reply.text, maxRows, booleans);
    if (result.type === 'bindings' && reply.cutByStore) result.truncated = true;
    return result;
  }

  async function query(text: string, queryOptions: QueryOptions = {}): Promise<QueryResult> {
    if (closed) throw new Error('the query engine is closed');
    const plan = planQuery(text, queryOptions, federation);
    if (plan.services?.length) {
      if (!options.serviceEngine)
        throw new UnsupportedFeatureError('SERVICE (federated queries) on the store engine: no Comunica engine is set up to answer them');
      service ??= options.serviceEngine();
      return service.query(text, queryOptions);
    }
    if (plan.misread)
      throw new QuerySyntaxError(
        `The query names <${plan.misread}> with a prefixed name whose escaped characters (\\) the SPARQL parser keeps in the IRI; write the IRI in full between < and > instead.`,
      );
    const maxRows = Math.min(queryOptions.maxRows ?? engineMaxRows, engineMaxRows);
    const timeoutMs = Math.min(limitMs, queryOptions.timeoutMs && queryOptions.timeoutMs > 0 ? queryOptions.timeoutMs : limitMs);
    return evaluate(plan, queryOptions, maxRows, timeoutMs);
  }

  // Ready once the store answers at all, and its union default graph is known (store-union.ts): checked once, at start.
  const unionMode = sparqlQuery(options.endpoints, { text: 'ASK {}', accept: SELECT_ACCEPT, timeoutMs: 10_000 }).then(() =>
    storeUnionMode(options.endpoints, dialect, UNION_CHECK_MS).catch((error: Error) => {
      throw new StoreFailedError(`could not find out whether the store's union default graph is a set: ${error.message}`);
    }),
  );
  const overlapping = datasetOverlap(options.endpoints);
  const ready = unionMode.then(() => undefined);
  ready.catch(() => {});
  let up = false;
  ready.then(
    () => {
      up = true;
    },
    () => {},
  );

  const engine = withTypedQueries(query, {
    isReady: () => up && !closed,
    async close() {
      closed = true;
      await service?.close?.();
    },
  });
  return Object.assign(engine, { kind: 'store' as const, ready });
}

function blankNodeDescription(): UnsupportedFeatureError {
  return new UnsupportedFeatureError(
    'DESCRIBE of a resource whose description holds blank nodes: the store names its blank nodes per answer, so they cannot be followed',
  );
}

/** The store's failures as the engine interface's errors. */
function storeError(error: unknown, timeoutMs: number): Error {
  if (error instanceof StoreTimeoutError) return new QueryTimeoutError(timeoutMs);
  if (error instanceof StoreAbortedError) return new QueryCancelledError('The query was cancelled.');
  if (error instanceof StoreResponseError) {
    const first = error.detail.split('\n')[0];
    // Virtuoso reports its own time limit as an error on some plans (S1T00, SR171).
    if (/S1T00|SR171|timed out|timeout/i.test(first)) return new QueryTimeoutError(timeoutMs);
    // The query passed our parser: a refusal to compile it is a feature the store lacks (Virtuoso: SQL state 37000).
    if (error.status === 400 || /\b37000\b|\bSP0\d\d|\bSQ\d{3}/.test(first))
      return new UnsupportedFeatureError(`the store refused the query: ${first}`);
    return new StoreFailedError(`the store failed to answer (${error.status}): ${first}`);
  }
  return new StoreFailedError((error as Error).message);
}
