// Comunica over an N3 store (or any QuadSource), in the calling thread: the CLI,
// tests, and the workers themselves when UPR_ENGINE=comunica or a query calls SERVICE.
// It runs the plan's own reading as algebra (comunica-algebra.ts), DESCRIBE by
// describe.ts, and the union default graph as a view (union-default-graph.ts).
import type { QueryEngine } from '@comunica/query-sparql';
import { LRUCache } from 'lru-cache';
import { DataFactory, type Store } from 'n3';
import type sparqljs from 'sparqljs';
import type { Algebra } from 'sparqlalgebrajs';
import type * as RDF from '@rdfjs/types';
import { federationSession } from '../federation/comunica.js';
import { DEFAULT_FEDERATION, type FederationSettings } from '../federation/policy.js';
import { guardedAlgebra } from './comunica-algebra.js';
import { conciseBoundedDescription, describeParts } from './describe.js';
import {
  effectiveTimeout,
  type Engine,
  type QuadSource,
  QueryCancelledError,
  type QueryOptions,
  type QueryResult,
  QuerySyntaxError,
  QueryTimeoutError,
  type Row,
  UpdateForbiddenError,
  withTypedQueries,
} from './engine.js';
import { type DatasetIris, datasetStore, planKey, planQuery, type QueryPlan, READ_ONLY } from './plan.js';
import { type Node, substituteQuery } from './substitute.js';
import { unionDefaultGraphView } from './union-default-graph.js';

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

/** A term of Comunica's results as the store names it: a blank node from a source comes back scoped (`bc_0_…`), its label kept in `skolemized`. */
function sourceTerm(term: RDF.Term): RDF.Term {
  const skolemized = (term as { skolemized?: RDF.NamedNode }).skolemized;
  if (term.termType !== 'BlankNode' || !skolemized) return term;
  return DataFactory.blankNode(skolemized.value.replace(/^urn:comunica_skolem:source_\d+:/, ''));
}

/**
 * The algebra Comunica runs for a plan, kept per request: the plan's reading without FROM where a dataset
 * applies, the parameters substituted, sequence paths written out (comunica-algebra.ts); never re-generated text.
 * Comunica's initial bindings are not used: with any of them, even for a variable the query never mentions,
 * it mis-scopes a FILTER in a nested group (W3C filter-nested-2).
 */
function algebraCache(): (plan: QueryPlan, options: QueryOptions) => Algebra.Operation {
  const algebras = new LRUCache<string, Algebra.Operation>({ max: 256 });
  return (plan, options) => {
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
}

/** The stores of recently asked datasets: the store is read-only, so they can be kept. */
function datasetViews(store: QuadSource): (dataset: DatasetIris) => Store {
  const datasets = new LRUCache<string, Store>({ max: 8 });
  return (dataset) => {
    const key = JSON.stringify(dataset);
    const kept = datasets.get(key);
    if (kept) return kept;
    const view = datasetStore(store, dataset);
    datasets.set(key, view);
    return view;
  };
}

/** What one evaluation needs: Comunica, its context, and where DESCRIBE reads its descriptions. */
interface Evaluation {
  engine: QueryEngine;
  context: Record<string, unknown>;
  plan: QueryPlan;
  options: QueryOptions;
  maxRows: number;
  stopped: () => boolean;
}

/** DESCRIBE: Comunica cannot with WHERE, so its solutions come from a SELECT, the description from describe.ts. */
async function describe(run: Evaluation, query: sparqljs.DescribeQuery, describedFrom: QuadSource): Promise<QueryResult> {
  const { engine, context, plan, options } = run;
  const described = describeParts(query);
  const resources: RDF.Term[] = [...described.iris];
  if (described.select) {
    const solutions = await engine.queryBindings(guardedAlgebra(described.select, plan.text, options.baseIri), context as never);
    const { items } = await take(solutions, Number.MAX_SAFE_INTEGER, run.stopped);
    for (const b of items) for (const [, term] of b) resources.push(sourceTerm(term));
  }
  const graph = plan.dataset || options.unionDefaultGraph === false ? DataFactory.defaultGraph() : null;
  return { type: 'quads', ...conciseBoundedDescription(resources, (s) => describedFrom.getQuads(s, null, null, graph), run.maxRows) };
}

/** SELECT, ASK and CONSTRUCT: Comunica's result read into ours, cut after maxRows. */
async function select(run: Evaluation, algebra: Algebra.Operation): Promise<QueryResult> {
  const result = await run.engine.query(algebra, run.context as never);
  if (result.resultType === 'boolean') return { type: 'boolean', value: await result.execute() };
  if (result.resultType === 'bindings') {
    const metadata = await result.metadata();
    const variables = metadata.variables.map((v) => v.value);
    const { items, truncated } = await take(await result.execute(), run.maxRows, run.stopped);
    const rows = items.map((b) => {
      const row: Row = {};
      for (const [variable, term] of b) row[variable.value] = term;
      return row;
    });
    return { type: 'bindings', variables, rows, truncated };
  }
  if (result.resultType === 'quads') {
    const { items, truncated } = await take(await result.execute(), run.maxRows, run.stopped);
    return { type: 'quads', quads: items, truncated };
  }
  throw new UpdateForbiddenError(READ_ONLY);
}

/** Runs `evaluate` until the time limit or the caller's signal stops it, whichever comes first. */
async function untilStopped(
  timeoutMs: number | undefined,
  signal: AbortSignal | undefined,
  evaluate: (stopped: () => boolean) => Promise<QueryResult>,
): Promise<QueryResult> {
  let stop: Error | undefined;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopping = new Promise<never>((_, reject) => {
    const stopWith = (error: Error) => {
      stop = error;
      reject(error);
    };
    if (timeoutMs !== undefined) timer = setTimeout(() => stopWith(new QueryTimeoutError(timeoutMs)), timeoutMs);
    if (signal) {
      onAbort = () => stopWith(new QueryCancelledError('The query was cancelled.'));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    return await Promise.race([evaluate(() => stop !== undefined), stopping]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
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
  const algebraOf = algebraCache();
  const union = unionDefaultGraphView(store);
  const storeFor = datasetViews(store);

  async function evaluateLocally(
    plan: QueryPlan,
    options: QueryOptions,
    maxRows: number,
    stopped: () => boolean,
    extra: Record<string, unknown> = {},
  ): Promise<QueryResult> {
    // Comunica's own union mode stays off: the union is the view's (union-default-graph.ts).
    const source = plan.dataset ? storeFor(plan.dataset) : options.unionDefaultGraph === false ? store : union;
    const context: Record<string, unknown> = { sources: [source], unionDefaultGraph: false, readOnly: true, ...extra };
    // Given the algebra, Comunica does not see the query's BASE, which IRI() resolves against: it goes in the context.
    const base = plan.query.base ?? options.baseIri;
    if (base) context.baseIRI = base;
    const run: Evaluation = { engine: (await loadComunica()).engine, context, plan, options, maxRows, stopped };
    if (plan.query.queryType === 'DESCRIBE') return describe(run, plan.query, plan.dataset ? storeFor(plan.dataset) : store);
    return select(run, algebraOf(plan, options));
  }

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
    return untilStopped(timeoutMs, options.signal, (stopped) => evaluate(plan, options, maxRows, stopped));
  }

  return withTypedQueries(query);
}
