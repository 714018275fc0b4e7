// Runs one W3C query-evaluation test: loads its dataset, asks the query, and
// checks the answer, and for SELECT and ASK every SPARQL results writer of
// the project (JSON, XML, TSV, CSV) read back by a client, against the
// expected results.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DataFactory, Store } from 'n3';
import type * as RDF from '@rdfjs/types';
import type { QueryOptions, QueryResult } from '../../src/engine/index.js';
import { sparqlCsv, sparqlJson, sparqlTsv, sparqlXml } from '../../src/export/sparql-results.js';
import {
  compareAnswers,
  readExpected,
  readRdf,
  readSparqlCsv,
  readSparqlJson,
  readSparqlTsv,
  readSparqlXml,
  type Answer,
} from './answers.js';
import type { EvaluationTest } from './manifest.js';

/** What is tested: something that answers a query over a dataset (the store's default graph and named graphs). */
export type Evaluator = (store: Store, text: string, options: QueryOptions) => Promise<QueryResult>;

/** The IRIs a query's FROM and FROM NAMED clauses name, resolved against the query's URL. */
export function fromIris(text: string, base: string): string[] {
  return [...text.replace(/#.*$/gm, '').matchAll(/\bFROM\s+(?:NAMED\s+)?<([^>]*)>/gi)].map((m) => new URL(m[1], base).href);
}

/**
 * How a test is asked. `query`: as written, qt:data in the default graph.
 * `protocol`: every file a named graph, qt:data given as default-graph-uri and
 * qt:graphData as named-graph-uri (unless the query has FROM of its own), as
 * the SPARQL protocol gives a dataset. `bound`: as written, with a parameter
 * bound that the query never mentions, which changes no answer but takes the
 * path of saved queries with parameters.
 */
export type Mode = 'query' | 'protocol' | 'bound';

export const MODES: Record<Mode, string> = {
  query: 'as written',
  protocol: 'with its dataset as default-graph-uri and named-graph-uri',
  bound: 'with a parameter bound that it never mentions',
};

/** Why a test cannot be asked in a mode, if it cannot. */
export function notApplicable(test: EvaluationTest, mode: Mode): string | undefined {
  if (mode === 'protocol' && test.data.some((file) => test.graphData.includes(file))) {
    return 'one file is both its default graph and a named graph: to the protocol that is one graph, sharing its blank nodes';
  }
  return undefined;
}

/**
 * The test's dataset in one store: qt:data in the default graph (in the
 * protocol mode, each file a named graph), each qt:graphData file, and each
 * file a FROM or FROM NAMED names, as a named graph named by its URL (the
 * engines do not load documents themselves).
 */
export async function loadDataset(test: EvaluationTest, text: string, mode: Mode = 'query'): Promise<{ store: Store; named: number }> {
  const store = new Store();
  const url = (file: string) => pathToFileURL(file).href;
  if (mode !== 'protocol') {
    for (const file of test.data) {
      for (const q of await readRdf(file)) store.addQuad(q.subject, q.predicate, q.object, DataFactory.defaultGraph());
    }
  }
  const named = new Set([
    ...(mode === 'protocol' ? test.data.map(url) : []),
    ...test.graphData.map(url),
    ...fromIris(text, url(test.query)),
  ]);
  for (const graphUrl of named) {
    const graph = DataFactory.namedNode(graphUrl);
    for (const q of await readRdf(new URL(graphUrl).pathname)) store.addQuad(q.subject, q.predicate, q.object, graph);
  }
  return { store, named: named.size };
}

/** The options a test is asked with in a mode. */
function optionsFor(test: EvaluationTest, text: string, mode: Mode, named: number): QueryOptions {
  const url = (file: string) => pathToFileURL(file).href;
  const options: QueryOptions = { baseIri: url(test.query), unionDefaultGraph: named === 0 };
  if (mode === 'protocol' && fromIris(text, url(test.query)).length === 0) {
    return { ...options, defaultGraphs: test.data.map(url), namedGraphs: test.graphData.map(url) };
  }
  if (mode === 'bound') return { ...options, bindings: { uprGraphUnmentioned: DataFactory.literal('never used') } };
  return options;
}

/** A query result as an answer. */
function answerOf(result: QueryResult): Answer {
  if (result.type === 'boolean') return result;
  if (result.type === 'quads') return { type: 'quads', quads: result.quads as RDF.Quad[] };
  return { type: 'bindings', variables: result.variables, rows: result.rows };
}

/**
 * The test's verdict: undefined when it passes, else why not. A test without
 * named graphs runs the way the project runs (union default graph, which is
 * then exactly qt:data); one with named graphs (qt:graphData, FROM) runs with
 * the union default graph switched off, as its default graph must be exactly qt:data.
 */
export async function runEvaluationTest(test: EvaluationTest, evaluate: Evaluator, mode: Mode = 'query'): Promise<string | undefined> {
  const text = readFileSync(test.query, 'utf8');
  const expected = await readExpected(test.result, text);
  const { store, named } = await loadDataset(test, text, mode);
  let result: QueryResult;
  try {
    result = await evaluate(store, text, optionsFor(test, text, mode, named));
  } catch (error) {
    return `the query failed: ${(error as Error).name}: ${(error as Error).message.split('\n')[0]}`;
  }
  const checks: Array<[string, () => Answer | Promise<Answer>]> = [['the engine', () => answerOf(result)]];
  if (result.type !== 'quads') {
    const r = result;
    checks.push(
      ['SPARQL JSON', () => readSparqlJson(sparqlJson(r))],
      ['SPARQL XML', () => readSparqlXml(sparqlXml(r))],
      ['SPARQL TSV', () => readSparqlTsv(sparqlTsv(r))],
      ['SPARQL CSV', () => readSparqlCsv(sparqlCsv(r))],
    );
  }
  for (const [what, answer] of checks) {
    // A CSV result test expects CSV: only the CSV writer can give back what it expects.
    if (expected.answer.type === 'csv' && what !== 'SPARQL CSV') continue;
    let actual: Answer;
    try {
      actual = await answer();
    } catch (error) {
      return `${what} failed: ${(error as Error).message.split('\n')[0]}`;
    }
    const difference = compareAnswers(actual, expected.answer, expected.ordered, test.lax);
    if (difference) return `${what}: ${difference}`;
  }
  return undefined;
}
