// Planning: a query text read, checked and settled once (updates and disallowed
// SERVICEs refused, its dataset decided), and kept per federation policy.
import { LRUCache } from 'lru-cache';
import { DataFactory, Store } from 'n3';
import sparqljs from 'sparqljs';
import type * as RDF from '@rdfjs/types';
import { checkServices, DEFAULT_FEDERATION, type FederationSettings, type ServiceUse } from '../federation/policy.js';
import { type QuadSource, type QueryOptions, QuerySyntaxError, UpdateForbiddenError } from './engine.js';
import { checkQueryLimits } from './limits.js';

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

export const READ_ONLY = 'This endpoint is read-only: SPARQL Update operations are refused.';

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
  if (!cache) {
    cache = new LRUCache<string, QueryPlan>({ max: 256 });
    plans.set(federation, cache);
  }
  const key = JSON.stringify([text, options.baseIri ?? '', options.defaultGraphs ?? [], options.namedGraphs ?? []]);
  let plan = cache.get(key);
  if (!plan) {
    plan = planUncached(text, options, federation);
    cache.set(key, plan);
  }
  return plan;
}

const plans = new WeakMap<FederationSettings, LRUCache<string, QueryPlan>>();

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
