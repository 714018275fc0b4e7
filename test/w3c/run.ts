// Runs one W3C query-evaluation test: loads its dataset, asks the query, and
// checks the answer, and for SELECT and ASK every SPARQL results writer of
// the project (JSON, XML, TSV, CSV) read back by a client, against the
// expected results.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DataFactory, Store } from 'n3';
import type * as RDF from '@rdfjs/types';
import type { QueryOptions, QueryResult } from '../../src/engine.js';
import { sparqlCsv, sparqlJson, sparqlTsv, sparqlXml } from '../../src/serialize.js';
import { compareAnswers, readExpected, readRdf, readSparqlCsv, readSparqlJson, readSparqlTsv, readSparqlXml, type Answer } from './answers.js';
import type { EvaluationTest } from './manifest.js';

/** What is tested: something that answers a query over a dataset (the store's default graph and named graphs). */
export type Evaluator = (store: Store, text: string, options: QueryOptions) => Promise<QueryResult>;

/** The IRIs a query's FROM and FROM NAMED clauses name, resolved against the query's URL. */
function fromIris(text: string, base: string): string[] {
  return [...text.replace(/#.*$/gm, '').matchAll(/\bFROM\s+(?:NAMED\s+)?<([^>]*)>/gi)].map((m) => new URL(m[1], base).href);
}

/**
 * The test's dataset in one store: qt:data in the default graph, each
 * qt:graphData file, and each file a FROM or FROM NAMED names, as a named graph
 * named by its URL (the engines do not load documents themselves).
 */
export async function loadDataset(test: EvaluationTest, text: string): Promise<{ store: Store; named: number }> {
  const store = new Store();
  for (const file of test.data) {
    for (const q of await readRdf(file)) store.addQuad(q.subject, q.predicate, q.object, DataFactory.defaultGraph());
  }
  const named = new Set([...test.graphData.map((f) => pathToFileURL(f).href), ...fromIris(text, pathToFileURL(test.query).href)]);
  for (const url of named) {
    const graph = DataFactory.namedNode(url);
    for (const q of await readRdf(new URL(url).pathname)) store.addQuad(q.subject, q.predicate, q.object, graph);
  }
  return { store, named: named.size };
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
export async function runEvaluationTest(test: EvaluationTest, evaluate: Evaluator): Promise<string | undefined> {
  const text = readFileSync(test.query, 'utf8');
  const expected = await readExpected(test.result, text);
  const { store, named } = await loadDataset(test, text);
  let result: QueryResult;
  try {
    result = await evaluate(store, text, { baseIri: pathToFileURL(test.query).href, unionDefaultGraph: named === 0 });
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
    const difference = compareAnswers(actual, expected.answer, expected.ordered);
    if (difference) return `${what}: ${difference}`;
  }
  return undefined;
}
