// The fast engine: Oxigraph (Rust compiled to WebAssembly) holding the data in
// its own in-memory store. Its queries run synchronously and cannot be
// interrupted, so the server runs it inside the query workers of
// createWorkerEngine (src/engine/worker.ts), whose timeout terminates the
// thread; createOxigraphEngine itself evaluates in the calling thread.
//
// Results mean what Comunica's mean (src/engine/comunica.ts): the default graph is the
// union of all graphs, each triple once, unless the query or the protocol names a dataset (or the
// union is switched off; Oxigraph's own union is a bag: src/engine/oxigraph-union.ts); except in lexical forms, as Oxigraph keeps literals in
// canonical form ("01"^^xsd:integer comes back as "1"; README, Query engines).
// Oxigraph is handed the user's text: the dataset goes in its query options,
// and a SELECT is capped by a LIMIT one past the row cap appended to the text
// where the grammar allows, so a cut is both cheap and announced. Only a saved
// query's parameters, which Oxigraph's JavaScript API cannot take, are
// substituted into the parsed query (src/engine/substitute.ts) and the text
// re-generated; Comunica answers when that text does not read back as the
// query or Oxigraph refuses it. Oxigraph makes no network calls: a query with
// SERVICE goes to Comunica reading this same store, through the federation
// guards of src/federation/.
import oxigraph from 'oxigraph';
import { Readable } from 'node:stream';
import { DataFactory } from 'n3';
import sparqljs from 'sparqljs';
import type * as RDF from '@rdfjs/types';
import { LRUCache } from 'lru-cache';
import { createComunicaEngine } from './comunica.js';
import { QueryCancelledError, QuerySyntaxError, type Engine, type QueryOptions, type QueryResult, withTypedQueries } from './engine.js';
import { PARSER_FAILED, planKey, planQuery, type QueryPlan } from './plan.js';
import { bindingsFromSparqlJson, toPlainResult, type PlainResult } from './terms.js';
import { DEFAULT_FEDERATION, type FederationSettings } from '../federation/policy.js';
import { substituteQuery, type Node } from './substitute.js';
import { distinctTriples } from '../triples.js';
import { isTrap } from './wasm-memory.js';
import { type UnionDefaultGraph, unionDefaultGraph } from './oxigraph-union.js';

const BLANK_LABEL_START = Buffer.from('_:');

/**
 * A new Oxigraph store holding the N-Quads: one text, or pieces that each end
 * at a line end (nquadsChunks). Pieces keep the WebAssembly memory, which never
 * shrinks, from growing to hold the whole text beside the store: at 1M triples
 * about 340 B per triple instead of 750 (bench/REPORT.md).
 */
export function loadOxigraphStore(nquads: string | Uint8Array | Iterable<Uint8Array>): oxigraph.Store {
  const store = new oxigraph.Store();
  // Bulk load without a transaction log, and lenient: the data was parsed and validated before it got here
  // (src/validate.ts, or the benchmark's generator), so checking every IRI again only costs time (≈30%).
  const options = { format: 'application/n-quads', no_transaction: true, lenient: true };
  if (typeof nquads === 'string' || nquads instanceof Uint8Array) {
    store.load(nquads, options);
    return store;
  }
  // Oxigraph gives each load call its own blank nodes: _:b1 in two calls is two nodes. So every line that
  // may name a blank node (any "_:", even inside a literal) waits for one last call of its own.
  const blankLines: Buffer[] = [];
  for (const piece of nquads) {
    const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    if (bytes.indexOf(BLANK_LABEL_START) < 0) {
      store.load(piece, options);
      continue;
    }
    const plainLines: Buffer[] = [];
    for (let start = 0; start < bytes.length; ) {
      const newline = bytes.indexOf(10, start);
      const end = newline < 0 ? bytes.length : newline + 1;
      const line = bytes.subarray(start, end);
      // Copied: a piece's buffer may be reused for the next piece.
      if (line.indexOf(BLANK_LABEL_START) >= 0) blankLines.push(Buffer.from(line));
      else plainLines.push(line);
      start = end;
    }
    if (plainLines.length) store.load(Buffer.concat(plainLines), options);
  }
  if (blankLines.length)
    store.load(Buffer.concat(blankLines.map((line) => (line.at(-1) === 10 ? line : Buffer.concat([line, Buffer.from('\n')])))), options);
  return store;
}

// ---------------------------------------------------------------------------
// Oxigraph terms ↔ N3 terms

/** An Oxigraph quad as an N3 quad (the engine interface's terms), by N3's own converter. */
const fromOxigraphQuad = (q: oxigraph.Quad): RDF.Quad => DataFactory.fromQuad(q as unknown as Parameters<typeof DataFactory.fromQuad>[0]);

/** A pattern term for Oxigraph's match: variables (and absent terms) match anything. */
function toOxigraphPattern(term: RDF.Term | null | undefined): oxigraph.Term | null {
  if (!term || term.termType === 'Variable') return null;
  return oxigraph.fromTerm(term) as oxigraph.Term;
}

/**
 * The Oxigraph store as an RDF/JS source with N3's getQuads, so that Comunica
 * (SERVICE queries) reads the same data without a second copy of it. When the
 * store's default graph holds the merge of its graphs (oxigraph-union.ts), it
 * is hidden: Comunica sees the data as loaded and merges by itself.
 */
export class OxigraphSource implements RDF.Source {
  constructor(
    readonly store: oxigraph.Store,
    private readonly hidesDefaultGraph: () => boolean = () => false,
  ) {}

  private quads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): oxigraph.Quad[] {
    const hide = this.hidesDefaultGraph();
    if (hide && g?.termType === 'DefaultGraph') return [];
    const quads = this.store.match(toOxigraphPattern(s), toOxigraphPattern(p), toOxigraphPattern(o), toOxigraphPattern(g));
    return hide && !g ? quads.filter((q) => q.graph.termType !== 'DefaultGraph') : quads;
  }

  getQuads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): RDF.Quad[] {
    return this.quads(s, p, o, g).map(fromOxigraphQuad);
  }

  countQuads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): number {
    return this.quads(s, p, o, g).length;
  }

  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): RDF.Stream<RDF.Quad> {
    return Readable.from(this.getQuads(s, p, o, g)) as unknown as RDF.Stream<RDF.Quad>;
  }
}

// ---------------------------------------------------------------------------
// Preparing a query for Oxigraph

/** A query ready for Oxigraph: the text to run and how to run it. */
export interface OxigraphPlan {
  /** The user's text; with a LIMIT appended as the row cap; or, for bound parameters only, re-generated (see `regenerated`). */
  text: string;
  /** Undefined when sparqljs could not read the text: Oxigraph's own parser has the last word on it. */
  queryType?: 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';
  dataset?: QueryPlan['dataset'];
  /** Set when the query calls SERVICEs: it is evaluated by Comunica instead. */
  federated: boolean;
  /** Set when a LIMIT one past the row cap was added: more rows than the cap means the result was cut. */
  capped: boolean;
  /**
   * Set when the text was re-generated from the parsed query with the parameters substituted: sparqljs's
   * generator does not write every query back as valid SPARQL, so if Oxigraph refuses the text, Comunica
   * answers instead (it takes the substituted parsed query as its algebra).
   */
  regenerated: boolean;
  /** Set when the re-generated text does not read back as the query it was written from: Comunica answers instead. */
  unfaithful?: boolean;
  /** sparqljs's refusal of the text, when it could not read it: the error given if Oxigraph refuses the text too. */
  unread?: QuerySyntaxError;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the IRI grammar excludes U+0000-U+0020, so the class names them.
const IRI_UNSAFE = /[\u0000-\u0020<>"{}|^`\\]/;
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
const BLANK_LABEL = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Refuses a bound term sparqljs could not write back as the same single term. */
function checkBoundTerm(variable: string, term: RDF.Term): void {
  const bad = (why: string) => new QuerySyntaxError(`The value bound to ?${variable} ${why}.`);
  if (term.termType === 'NamedNode' && IRI_UNSAFE.test(term.value)) throw bad('is not an IRI that can be written in a query');
  if (term.termType === 'Literal') {
    if (term.language && !LANGUAGE_TAG.test(term.language)) throw bad('has an invalid language tag');
    if (!term.language && IRI_UNSAFE.test(term.datatype.value)) throw bad('has an invalid datatype IRI');
  }
  if (term.termType === 'BlankNode' && !BLANK_LABEL.test(term.value)) throw bad('is a blank node with an unusable label');
  if (term.termType === 'Variable' || term.termType === 'DefaultGraph') throw bad(`is a ${term.termType}, not an RDF term`);
}

/**
 * Plans a query for Oxigraph: checks it (updates, SERVICE policy, dataset: planQuery) and
 * caps a SELECT at maxRows + 1 rows. The user's text is kept: the cap is a LIMIT
 * appended to it where the grammar allows one there (no LIMIT of its own, no VALUES
 * after it; test/w3c/syntax.test.ts holds this true for every W3C syntax test), the
 * dataset goes in Oxigraph's dataset options. Only bound parameters, which
 * Oxigraph's JavaScript API cannot take, are substituted into the parsed query and
 * the text re-generated (see OxigraphPlan.regenerated).
 */
export function planOxigraphQuery(text: string, options: QueryOptions, maxRows: number, federation: FederationSettings): OxigraphPlan {
  const bound = Object.entries(options.bindings ?? {});
  let plan: QueryPlan;
  try {
    plan = planQuery(text, options, federation);
  } catch (error) {
    // sparqljs refuses some valid queries (\u escapes in IRIs, a blank node as a template subject): Oxigraph's parser decides.
    // Without a reading, SERVICE calls cannot be checked against the allowlist, parameters cannot be bound, and whether
    // FROM sets the dataset (else the union default graph applies) is unknown: those stay refused.
    const protocol = options.defaultGraphs?.length || options.namedGraphs?.length;
    if (!(error instanceof QuerySyntaxError) || bound.length > 0 || /\bSERVICE\b/i.test(text) || (!protocol && /\bFROM\b/i.test(text)))
      throw error;
    const dataset = protocol ? { default: options.defaultGraphs ?? [], named: options.namedGraphs ?? [] } : undefined;
    return { text, dataset, federated: false, capped: false, regenerated: false, unread: error };
  }
  const { query, dataset } = plan;
  if (plan.services?.length) return { text, queryType: query.queryType, dataset, federated: true, capped: false, regenerated: false };
  const cap =
    query.queryType === 'SELECT' &&
    Number.isFinite(maxRows) &&
    maxRows < Number.MAX_SAFE_INTEGER &&
    !(query.limit !== undefined && query.limit <= maxRows);
  if (bound.length === 0) {
    // A LIMIT can follow the query only where it has none and no VALUES clause ends it; otherwise the rows are cut once read.
    const appendable = cap && query.limit === undefined && !query.values;
    return {
      text: appendable ? `${text}\nLIMIT ${maxRows + 1}` : text,
      queryType: query.queryType,
      dataset,
      federated: false,
      capped: appendable,
      regenerated: false,
    };
  }
  for (const [name, term] of bound) checkBoundTerm(name, term);
  let substituted = substituteQuery(query as unknown as Node, new Map(bound));
  if (cap) substituted = { ...substituted, limit: maxRows + 1 };
  const regenerated = new sparqljs.Generator({ sparqlStar: true } as never).stringify(substituted as unknown as sparqljs.SparqlQuery);
  const unfaithful = !readsBackAs(regenerated, substituted, options.baseIri);
  return {
    text: regenerated,
    queryType: query.queryType,
    dataset,
    federated: false,
    capped: cap,
    regenerated: true,
    ...(unfaithful ? { unfaithful } : {}),
  };
}

/** A parsed query as plain data: terms as their parts, blank nodes numbered in order of appearance, prefixes left out. */
function comparable(node: unknown, blanks = new Map<string, number>()): unknown {
  if (Array.isArray(node)) return node.map((item) => comparable(item, blanks));
  if (!node || typeof node !== 'object') return node;
  const term = node as RDF.Term;
  if (term.termType === 'BlankNode') return ['_', blanks.get(term.value) ?? blanks.set(term.value, blanks.size).get(term.value)];
  if (term.termType === 'Literal') return ['L', term.value, term.language, term.datatype.value];
  if (term.termType) return [term.termType, term.value];
  const entries = Object.entries(node).filter(([key, value]) => value !== undefined && key !== 'prefixes');
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => [key, comparable(value, blanks)]));
}

/**
 * Whether sparqljs reads the re-generated text back as the query it was written
 * from: its generator writes some queries wrongly (HAVING with two conditions,
 * IRIs with escaped characters), and such a text must not reach Oxigraph.
 */
export function readsBackAs(text: string, query: unknown, baseIri?: string): boolean {
  try {
    const reread = new sparqljs.Parser(baseIri ? { baseIRI: baseIri } : {}).parse(text);
    return JSON.stringify(comparable(reread)) === JSON.stringify(comparable(query));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Results

/**
 * The Oxigraph store's dataset options for a plan: the union default graph (unless switched off), or the plan's
 * own dataset. The union is Oxigraph's union mode, or the store's default graph once it holds the merge
 * (oxigraph-union.ts); that default graph is then no part of the data, so without the union it is empty.
 */
function datasetOptions(plan: OxigraphPlan, options: QueryOptions, union: UnionDefaultGraph): Record<string, unknown> {
  const base: Record<string, unknown> = options.baseIri ? { base_iri: options.baseIri } : {};
  if (!plan.dataset && options.unionDefaultGraph === false) return union.merged() ? { ...base, default_graph: [] } : base;
  if (!plan.dataset) return union.mode() === 'merged' ? base : { ...base, use_default_graph_as_union: true };
  // These replace the query's FROM / FROM NAMED, as the protocol's dataset must.
  return {
    ...base,
    default_graph: plan.dataset.default.map((g) => oxigraph.namedNode(g)),
    named_graphs: plan.dataset.named.map((g) => oxigraph.namedNode(g)),
  };
}

type OxigraphAnswer = boolean | string | oxigraph.Quad[] | Array<Map<string, oxigraph.Term>>;

/** Evaluates a plan: a SELECT's results as SPARQL JSON text, other results as Oxigraph returns them. Oxigraph's errors pass through. */
function evaluatePlan(store: oxigraph.Store, plan: OxigraphPlan, options: QueryOptions, union: UnionDefaultGraph): OxigraphAnswer {
  const dataset = datasetOptions(plan, options, union);
  const json = { ...dataset, results_format: 'application/sparql-results+json' };
  if (plan.queryType === 'SELECT') return store.query(plan.text, json) as OxigraphAnswer;
  if (plan.queryType) return store.query(plan.text, dataset) as OxigraphAnswer;
  // A text sparqljs could not read has no known type: SPARQL JSON if it is a SELECT or ASK (which keeps the
  // variables of the head), else, a CONSTRUCT or DESCRIBE, which Oxigraph cannot write so, its own triples.
  try {
    return store.query(plan.text, json) as OxigraphAnswer;
  } catch (error) {
    if (!/RDF format/.test(String((error as Error).message))) throw error;
    return store.query(plan.text, dataset) as OxigraphAnswer;
  }
}

/** Oxigraph's refusal as the user's error, with Oxigraph's own message (which names the position). */
const refused = (error: unknown) =>
  new QuerySyntaxError(`Oxigraph could not evaluate the query: ${(error as Error).message ?? String(error)}`);

/** An Oxigraph answer as a query result; rows or triples beyond maxRows are cut and announced. */
function resultOf(raw: OxigraphAnswer, maxRows: number): QueryResult {
  if (typeof raw === 'boolean') return { type: 'boolean', value: raw };
  if (typeof raw === 'string') return bindingsFromSparqlJson(raw, maxRows);
  const truncated = raw.length > maxRows;
  const items = truncated ? raw.slice(0, maxRows) : raw;
  if (items.length === 0 || !(items[0] instanceof Map)) {
    // A graph is a set: a DESCRIBE over the union default graph repeats a triple stated in two graphs, so each once (src/engine/describe.ts).
    const quads = distinctTriples((raw as oxigraph.Quad[]).map(fromOxigraphQuad));
    const cut = quads.length > maxRows;
    return { type: 'quads', quads: cut ? quads.slice(0, maxRows) : quads, truncated: cut };
  }
  const rows = (items as Array<Map<string, oxigraph.Term>>).map((m) =>
    Object.fromEntries([...m].map(([v, t]) => [v, DataFactory.fromTerm(t as never) as RDF.Term])),
  );
  return { type: 'bindings', variables: [...new Set(rows.flatMap((row) => Object.keys(row)))], rows, truncated };
}

/**
 * An engine evaluating queries with Oxigraph in this thread. Queries are
 * synchronous: a timeout can only be enforced from outside (createWorkerEngine
 * terminates the thread), so this engine ignores timeoutMs. Plans are cached by
 * query text and options, so a saved query is parsed and rewritten once.
 */
export function createOxigraphEngine(
  store: oxigraph.Store,
  defaults: { maxRows?: number; federation?: FederationSettings } = {},
): Engine & { queryPlain(text: string, options?: QueryOptions): Promise<PlainResult> } {
  const federation = defaults.federation ?? DEFAULT_FEDERATION;
  const plans = new LRUCache<string, OxigraphPlan>({ max: 512 });
  const union = unionDefaultGraph(store);
  let comunica: Engine | undefined;

  function planFor(text: string, options: QueryOptions, maxRows: number): OxigraphPlan {
    const key = planKey(text, options, maxRows);
    let plan = plans.get(key);
    if (!plan) {
      plan = planOxigraphQuery(text, options, maxRows, federation);
      plans.set(key, plan);
    }
    return plan;
  }

  /** Comunica over this same store: for SERVICE calls, and for re-generated texts that are unfaithful or that Oxigraph refuses. */
  function viaComunica(text: string, options: QueryOptions, maxRows: number): Promise<QueryResult> {
    comunica ??= createComunicaEngine(new OxigraphSource(store, union.merged), { federation });
    return comunica.query(text, { ...options, maxRows });
  }

  /** Whether Oxigraph would repeat a triple of the query's default graph (oxigraph-union.ts): Comunica merges as a set. */
  function mergesWrongly(plan: OxigraphPlan, options: QueryOptions): boolean {
    if (plan.dataset) return union.overlaps(plan.dataset.default);
    return options.unionDefaultGraph !== false && union.mode() === 'comunica';
  }

  /** Oxigraph's answer to the plan, or, when it refuses a re-generated text, Comunica's result. */
  async function answer(text: string, options: QueryOptions, maxRows: number): Promise<OxigraphAnswer | QueryResult> {
    const plan = planFor(text, options, maxRows);
    // Oxigraph would call remote endpoints itself, past the allowlist and the SSRF guards: Comunica does it instead.
    if (plan.federated || plan.unfaithful || mergesWrongly(plan, options)) return viaComunica(text, options, maxRows);
    if (options.signal?.aborted) throw new QueryCancelledError('The query was cancelled.');
    try {
      return evaluatePlan(store, plan, options, union);
    } catch (error) {
      // A trap (out of memory, stack overflow) is no refusal: it leaves the instance broken, and the caller must drop it.
      if (isTrap(error)) throw error;
      if (plan.regenerated) return viaComunica(text, options, maxRows);
      // Refused by both parsers: sparqljs's message names the line, unless sparqljs failed inside without saying where.
      if (plan.unread && plan.unread.message !== PARSER_FAILED) throw plan.unread;
      throw refused(error);
    }
  }

  const isResult = (value: OxigraphAnswer | QueryResult): value is QueryResult =>
    typeof value === 'object' && 'type' in value && !Array.isArray(value);

  /** For the worker thread: a SELECT's result stays SPARQL JSON text, parsed once on the other side. */
  async function queryPlain(text: string, options: QueryOptions = {}): Promise<PlainResult> {
    const maxRows = options.maxRows ?? defaults.maxRows ?? Number.MAX_SAFE_INTEGER;
    const raw = await answer(text, options, maxRows);
    if (typeof raw === 'string') return { type: 'sparql-json', json: raw, maxRows };
    return toPlainResult(isResult(raw) ? raw : resultOf(raw, maxRows));
  }

  async function query(text: string, options: QueryOptions = {}): Promise<QueryResult> {
    const maxRows = options.maxRows ?? defaults.maxRows ?? Number.MAX_SAFE_INTEGER;
    const raw = await answer(text, options, maxRows);
    return isResult(raw) ? raw : resultOf(raw, maxRows);
  }

  return withTypedQueries(query, { queryPlain });
}
