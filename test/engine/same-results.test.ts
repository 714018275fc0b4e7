// Both engines give the same answers: every saved query (with the values of its
// golden test) and a set of edge cases run on Comunica over the N3 store and on
// Oxigraph, in process and through the query workers, and must agree term for term.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writer } from 'n3';
import { createComunicaEngine, createWorkerEngine, type Engine, type QueryResult, type WorkerEngine } from '../../src/engine/index.js';
import { createOxigraphEngine, loadOxigraphStore } from '../../src/engine/oxigraph.js';
import { loadGraph } from '../../src/load.js';
import { PREFIXES } from '../../src/namespaces.js';
import { bindParameters, loadSavedQueries, type SavedQuery } from '../../src/saved-queries.js';
import { goldenValues } from '../golden.test.js';
import { ROOT } from '../support/graph.js';
import { DataFactory } from 'n3';
import { comparableLexical, countVariables, groupConcatVariables, sortedConcat } from '../support/compare.js';

const ZERO = DataFactory.literal('0', DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#integer'));

const queries = [...(await loadSavedQueries(path.join(ROOT, 'queries'))).values()].filter((q) => !q.needsNetwork);
const { store } = await loadGraph({ root: ROOT });
const nquads = new Writer({ format: 'N-Quads' }).quadsToString(store.getQuads(null, null, null, null));
const comunica = createComunicaEngine(store);
const oxigraph = createOxigraphEngine(loadOxigraphStore(nquads));

/**
 * A result with every term written out exactly (value, language, datatype; blank
 * nodes all alike), rows sorted, GROUP_CONCAT parts sorted. `countOnly` keeps
 * just the number of rows, for results whose choice of rows the query leaves open.
 */
function exact(result: QueryResult, text: string, countOnly = false): unknown {
  const key = (t: { termType: string; value: string; language?: string; datatype?: { value: string } }) =>
    t.termType === 'Literal'
      ? `"${comparableLexical(t.value, t.datatype?.value)}"@${t.language}^^${t.datatype?.value}`
      : t.termType === 'BlankNode'
        ? '_:'
        : `<${t.value}>`;
  if (result.type === 'boolean') return result.value;
  if (result.type === 'quads')
    return {
      triples: [...new Set(result.quads.map((q) => `${key(q.subject)} ${key(q.predicate)} ${key(q.object)}`))].sort(),
      truncated: result.truncated,
    };
  if (countOnly) return { variables: result.variables, rows: result.rows.length, truncated: result.truncated };
  const concat = groupConcatVariables(text);
  const counts = countVariables(text);
  const cell = (v: string, t: (typeof result.rows)[number][string] | undefined) => {
    // Comunica leaves a COUNT over nothing but unbound values unbound; SPARQL 1.1 (and Oxigraph) count 0.
    if (!t) return counts.has(v) ? key(ZERO) : null;
    if (concat.has(v) && t.termType === 'Literal')
      return key({ termType: 'Literal', value: sortedConcat(t.value, concat.get(v)!), language: t.language, datatype: t.datatype });
    return key(t);
  };
  const rows = result.rows.map((row) => JSON.stringify(result.variables.map((v) => cell(v, row[v])))).sort();
  return { variables: result.variables, rows, truncated: result.truncated };
}

async function both(text: string, options: Parameters<Engine['query']>[1] = {}, countOnly = false): Promise<[unknown, unknown]> {
  return [exact(await comunica.query(text, options), text, countOnly), exact(await oxigraph.query(text, options), text, countOnly)];
}

describe('every saved query gives the same result on Comunica and on Oxigraph', () => {
  it('covers at least 20 saved queries', () => expect(queries.length).toBeGreaterThanOrEqual(20));
  for (const query of queries) {
    it(`"${query.name}"`, async () => {
      const bindings = bindParameters(query, goldenValues(query));
      const [expected, actual] = await both(query.text, { bindings });
      expect(actual).toEqual(expected);
    });
  }
});

describe('edge cases agree between the engines', () => {
  const cases: Array<[string, string, Parameters<Engine['query']>[1]?, boolean?]> = [
    ['the default graph is the union of all graphs', 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'],
    ['GRAPH ?g sees each named graph', 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g'],
    ["GRAPH ?g {} lists the named graphs (rdflib's SPARQLStore.contexts())", 'SELECT ?g WHERE { GRAPH ?g {} }'],
    [
      'GRAPH <iri> {} holds once for a named graph and never for an absent one',
      'SELECT ?x WHERE { VALUES ?x { 1 } GRAPH <https://w3id.org/upr-graph/id/graph/ontology> {} } ',
    ],
    ['GRAPH <absent> {} holds never', 'ASK { GRAPH <https://w3id.org/upr-graph/id/graph/none> {} }'],
    [
      "GRAPH ?g {} ranges over the protocol dataset's named graphs",
      'SELECT ?g WHERE { GRAPH ?g {} }',
      { namedGraphs: ['https://w3id.org/upr-graph/id/graph/ontology'] },
    ],
    ['FROM narrows the default graph', 'SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/upr-graph/id/graph/ontology> WHERE { ?s ?p ?o }'],
    [
      'the protocol dataset replaces FROM',
      'SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/upr-graph/id/graph/ontology> WHERE { ?s ?p ?o }',
      { defaultGraphs: ['https://w3id.org/upr-graph/id/graph/kz-2019-article19-adilsoz'] },
    ],
    [
      'named graphs alone leave the default graph empty',
      'SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g',
      { namedGraphs: ['https://w3id.org/upr-graph/id/graph/ontology'] },
    ],
    ['the row cap cuts and says so', 'SELECT ?s WHERE { ?s a ?type }', { maxRows: 7 }, true],
    ['a LIMIT under the cap is kept', 'SELECT ?s WHERE { ?s a ?type } ORDER BY ?s LIMIT 3', { maxRows: 7 }],
    ['OPTIONAL leaves variables unbound', `${PREFIXES} SELECT ?case ?date WHERE { ?case a upr:Case OPTIONAL { ?case upr:date ?date } }`],
    [
      'language tags and datatypes survive',
      `${PREFIXES} SELECT ?l (DATATYPE(?l) AS ?d) (LANG(?l) AS ?lang) WHERE { ?x rdfs:label ?l } ORDER BY ?x ?l`,
    ],
    ['ASK', `${PREFIXES} ASK { ?x a upr:Case }`],
    ['CONSTRUCT', `${PREFIXES} CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a upr:Case ; rdfs:label ?l }`],
    ['relative IRIs resolve against the base', 'SELECT ?p WHERE { <state/KZ> ?p ?o }', { baseIri: 'https://w3id.org/upr-graph/id/' }],
    [
      'a bound parameter projected by SELECT keeps its value',
      'SELECT ?x ?label WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?label }',
      { bindings: { x: DataFactory.namedNode('https://w3id.org/upr-graph/id/state/KZ') } },
    ],
    [
      'a string parameter with quotes and braces stays one literal',
      `${PREFIXES} SELECT ?x WHERE { ?x rdfs:label ?l FILTER(CONTAINS(?l, ?_text)) }`,
      { bindings: { _text: DataFactory.literal('"} ; ?x ?p ?o . FILTER(true) #') } },
    ],
  ];
  for (const [name, text, options, countOnly] of cases) {
    it(name, async () => {
      const [expected, actual] = await both(text, options, countOnly);
      expect(actual).toEqual(expected);
    });
  }
});

describe('the worker engine on Oxigraph', () => {
  let workers: WorkerEngine;
  beforeAll(async () => {
    workers = createWorkerEngine({ nquads }, { engine: 'oxigraph', workers: 1, maxRows: 50 });
    await workers.ready;
  });
  afterAll(() => workers?.close());

  it('answers saved queries as Comunica in process does, with its own row cap', async () => {
    // Comunica orders strings by a locale collation (README, engines): where a query sorts by mixed-case
    // labels, its first 50 rows are not Oxigraph's, so those are compared whole by the goldens instead.
    const lexicallyOrdered = queries.filter((q) => !['discrepancies', 'inferences'].includes(q.name));
    for (const query of lexicallyOrdered.slice(0, 8)) {
      const bindings = bindParameters(query, goldenValues(query));
      const expected = await comunica.query(query.text, { bindings, maxRows: 50 });
      expect(exact(await workers.query(query.text, { bindings }), query.text), query.name).toEqual(exact(expected, query.text));
    }
  });
});

export type { SavedQuery };
