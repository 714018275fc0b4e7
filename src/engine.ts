// The query engine: every SPARQL query of the app (endpoint, saved queries,
// pages, exports, CLI) runs through this module. Comunica over the N3 store,
// with the union of all graphs as the default graph, read-only.
import { QueryEngine } from '@comunica/query-sparql';
import { BindingsFactory } from '@comunica/utils-bindings-factory';
import { DataFactory, type Store } from 'n3';
import sparqljs from 'sparqljs';
import type * as RDF from '@rdfjs/types';

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
}

/** The query text is not valid SPARQL 1.1; the message is the parser's, with its line. */
export class QuerySyntaxError extends Error {
  name = 'QuerySyntaxError';
}

/** The query is an update (INSERT, DELETE, LOAD, CLEAR…); the graph is read-only. */
export class UpdateForbiddenError extends Error {
  name = 'UpdateForbiddenError';
}

export interface Engine {
  query(text: string, options?: QueryOptions): Promise<QueryResult>;
  select(text: string, options?: QueryOptions): Promise<{ variables: string[]; rows: Row[]; truncated: boolean }>;
  ask(text: string, options?: QueryOptions): Promise<boolean>;
  construct(text: string, options?: QueryOptions): Promise<{ quads: RDF.Quad[]; truncated: boolean }>;
}

const parser = () => new sparqljs.Parser();

const READ_ONLY = 'This endpoint is read-only: SPARQL Update operations are refused.';

/** An update that fails to parse only for want of a base IRI is still an update, and refused as one. */
function isUpdateWithRelativeIris(text: string): boolean {
  try {
    return new sparqljs.Parser({ baseIRI: 'urn:upr-graph:base/' }).parse(text).type === 'update';
  } catch {
    return false;
  }
}

/** Parses the query, refuses updates, and applies the protocol's dataset. Returns the text to run. */
export function prepareQuery(text: string, options: QueryOptions = {}): string {
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = parser().parse(text);
  } catch (error) {
    if (isUpdateWithRelativeIris(text)) throw new UpdateForbiddenError(READ_ONLY);
    throw new QuerySyntaxError((error as Error).message);
  }
  if (parsed.type === 'update') {
    throw new UpdateForbiddenError(READ_ONLY);
  }
  if (!options.defaultGraphs?.length && !options.namedGraphs?.length) return text;
  // The protocol's dataset overrides the query's FROM / FROM NAMED as a whole.
  parsed.from = {
    default: (options.defaultGraphs ?? []).map((g) => DataFactory.namedNode(g)),
    named: (options.namedGraphs ?? []).map((g) => DataFactory.namedNode(g)),
  };
  return new sparqljs.Generator().stringify(parsed);
}

/** Reads at most `max` items from an async stream, closing it when cut short. */
async function take<T>(stream: RDF.ResultStream<T> & AsyncIterable<T>, max: number): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  for await (const item of stream) {
    if (items.length === max) {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      return { items, truncated: true };
    }
    items.push(item);
  }
  return { items, truncated: false };
}

/** An engine evaluating queries with Comunica over an N3 store. */
export function createComunicaEngine(store: Store, defaults: { maxRows?: number } = {}): Engine {
  const comunica = new QueryEngine();
  const bindingsFactory = new BindingsFactory(DataFactory as never);

  async function query(text: string, options: QueryOptions = {}): Promise<QueryResult> {
    const prepared = prepareQuery(text, options);
    const maxRows = options.maxRows ?? defaults.maxRows ?? Number.MAX_SAFE_INTEGER;
    const context: Record<string, unknown> = { sources: [store], unionDefaultGraph: true, readOnly: true };
    if (options.bindings && Object.keys(options.bindings).length > 0) {
      context.initialBindings = bindingsFactory.fromRecord(options.bindings);
    }
    const result = await comunica.query(prepared, context as never);
    if (result.resultType === 'boolean') return { type: 'boolean', value: await result.execute() };
    if (result.resultType === 'bindings') {
      const metadata = await result.metadata();
      const variables = metadata.variables.map((v) => v.value);
      const { items, truncated } = await take(await result.execute(), maxRows);
      const rows = items.map((b) => {
        const row: Row = {};
        for (const [variable, term] of b) row[variable.value] = term;
        return row;
      });
      return { type: 'bindings', variables, rows, truncated };
    }
    if (result.resultType === 'quads') {
      const { items, truncated } = await take(await result.execute(), maxRows);
      return { type: 'quads', quads: items, truncated };
    }
    throw new UpdateForbiddenError(READ_ONLY);
  }

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
  };
}
