// What the engines are handed: the user's query text, with the dataset, the row
// cap and parameters applied by the engines' own means. The queries here broke
// when the text was re-generated through sparqljs; and GRAPH ?g never binds the
// default graph, which the union default graph includes.
import { afterAll, describe, expect, it } from 'vitest';
import { DataFactory, Store, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import {
  createComunicaEngine,
  createWorkerEngine,
  QuerySyntaxError,
  type Engine,
  type EngineKind,
  type QueryOptions,
  type WorkerEngine,
} from '../../src/engine/index.js';
import { createOxigraphEngine, loadOxigraphStore } from '../../src/engine/oxigraph.js';
import { sparqlCsv, sparqlJson, sparqlTsv, sparqlXml } from '../../src/export/sparql-results.js';

const { namedNode, literal, quad, defaultGraph } = DataFactory;
const EX = 'http://example.org/';
const ex = (name: string) => namedNode(EX + name);
const G1 = ex('g1');
const G2 = ex('g2');

const store = new Store([
  quad(ex('d'), ex('p'), literal('in the default graph'), defaultGraph()),
  quad(ex('a'), ex('p'), literal('1'), G1),
  quad(ex('a'), ex('p'), literal('2'), G1),
  quad(ex('b'), ex('p'), literal('3'), G1),
  quad(ex('c~z.'), ex('p'), literal('escaped'), G2),
]);
const nquads = new Writer({ format: 'N-Quads' }).quadsToString(store.getQuads(null, null, null, null));

const engines: Record<EngineKind, Engine> = {
  comunica: createComunicaEngine(store, { maxRows: 10_000 }),
  oxigraph: createOxigraphEngine(loadOxigraphStore(nquads), { maxRows: 10_000 }),
};

const PREFIX = `PREFIX ex: <${EX}>\n`;
const HAVING = `${PREFIX}SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?pred ?o } GROUP BY ?s HAVING (COUNT(*) > 1) (COUNT(*) < 3)`;
const values = (rows: Array<Record<string, RDF.Term>>, variable: string) => rows.map((r) => r[variable]?.value ?? null).sort();

describe.each(Object.keys(engines) as EngineKind[])('the %s engine', (kind) => {
  const engine = engines[kind];

  it('ranges GRAPH ?g over the named graphs only, while the default graph is the union of all graphs, its own included', async () => {
    const graphs = await engine.select('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }');
    expect(values(graphs.rows, 'g')).toEqual([G1.value, G2.value]);
    const subjects = await engine.select('SELECT DISTINCT ?s WHERE { ?s ?p ?o }');
    expect(values(subjects.rows, 's')).toEqual([ex('a'), ex('b'), ex('c~z.'), ex('d')].map((t) => t.value));
  });

  it('gives every SPARQL results writer graph names to write for GRAPH ?g, never the default graph', async () => {
    const result = await engine.query('SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }');
    if (result.type !== 'bindings') throw new Error('expected bindings');
    expect(result.rows.every((row) => row.g.termType === 'NamedNode')).toBe(true);
    for (const write of [sparqlJson, sparqlXml, sparqlTsv]) expect(() => write(result)).not.toThrow();
    expect(
      sparqlCsv(result)
        .split('\r\n')
        .slice(1, -1)
        .every((line) => /^http:\/\/example\.org\/g\d,/.test(line)),
    ).toBe(true);
  });

  it("with the union default graph switched off, has only the store's own default graph as default graph", async () => {
    const own = await engine.select('SELECT ?s WHERE { ?s ?p ?o }', { unionDefaultGraph: false });
    expect(values(own.rows, 's')).toEqual([ex('d').value]);
    const graphs = await engine.select('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }', { unionDefaultGraph: false });
    expect(values(graphs.rows, 'g')).toEqual([G1.value, G2.value]);
  });

  it('answers HAVING with two conditions under the row cap, with no dataset, with FROM, and with the protocol dataset', async () => {
    const cases: Array<[string, QueryOptions]> = [
      [HAVING, {}],
      [HAVING.replace('WHERE', `FROM <${G1.value}> WHERE`), {}],
      [HAVING, { defaultGraphs: [G1.value] }],
      [HAVING.replace('WHERE', `FROM <${G2.value}> WHERE`), { defaultGraphs: [G1.value] }],
    ];
    for (const [text, options] of cases) {
      const { rows } = await engine.select(text, options);
      expect(
        rows.map((r) => [r.s.value, r.n.value]),
        text,
      ).toEqual([[ex('a').value, '2']]);
    }
  });

  it('answers HAVING with two conditions and a bound parameter', async () => {
    const { rows } = await engine.select(HAVING, { bindings: { pred: ex('p') } });
    expect(rows.map((r) => [r.s.value, r.n.value])).toEqual([[ex('a').value, '2']]);
  });

  it('keeps the named graphs of FROM NAMED apart, with an empty default graph', async () => {
    const { rows } = await engine.select(
      `${PREFIX}SELECT ?g ?s ?o FROM NAMED <${G2.value}> WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }`,
    );
    expect(rows.map((r) => [r.g?.value, r.o.value])).toEqual([[G2.value, 'escaped']]);
  });
});

describe.each(['comunica', 'oxigraph'] as const)('query workers running %s', (kind) => {
  let worker: WorkerEngine;
  afterAll(() => worker?.close());

  it('take the union default graph switched off to the worker, and cache the two answers apart', async () => {
    worker = createWorkerEngine(store, { engine: kind, workers: 1, resultCacheEntries: 8 });
    const text = 'SELECT DISTINCT ?s WHERE { ?s ?p ?o }';
    expect((await worker.select(text)).rows).toHaveLength(4);
    expect(values((await worker.select(text, { unionDefaultGraph: false })).rows, 's')).toEqual([ex('d').value]);
    expect((await worker.select(text)).rows).toHaveLength(4);
  });
});

describe('prefixed names with escaped characters (ex:c\\~z\\.)', () => {
  const text = `${PREFIX}SELECT ?o WHERE { ex:c\\~z\\. ex:p ?o }`;

  it('are read right by the Oxigraph engine, which is handed the text as written', async () => {
    const { rows } = await engines.oxigraph.select(text);
    expect(values(rows, 'o')).toEqual(['escaped']);
  });

  it('are refused by the Comunica engine, whose parser keeps the backslashes in the IRI, rather than matching nothing', async () => {
    await expect(engines.comunica.select(text)).rejects.toThrow(QuerySyntaxError);
    await expect(engines.comunica.select(text)).rejects.toThrow(/write the IRI in full/);
    const { rows } = await engines.comunica.select(`${PREFIX}SELECT ?o WHERE { <${EX}c~z.> ex:p ?o }`);
    expect(values(rows, 'o')).toEqual(['escaped']);
  });
});

describe('a valid query sparqljs cannot read (a blank node property list as a CONSTRUCT template subject, a \\u escape in an IRI)', () => {
  const text = `${PREFIX}CONSTRUCT { [ ex:q ?o ] } WHERE { ex:a ex:p ?o }`;
  const workers: WorkerEngine[] = [];
  afterAll(() => Promise.all(workers.map((w) => w.close())));

  it('is answered by the Oxigraph engine, in its query workers too', async () => {
    const { quads } = await engines.oxigraph.construct(text);
    expect(quads.map((q) => q.object.value).sort()).toEqual(['1', '2']);
    const worker = createWorkerEngine(store, { engine: 'oxigraph', workers: 1 });
    workers.push(worker);
    expect((await worker.construct(text)).quads).toHaveLength(2);
  });

  it('as a SELECT, keeps the variables of its head on Oxigraph, unbound ones too', async () => {
    const select = `${PREFIX}SELECT ?o ?unbound WHERE { <${EX}\\u0061> ex:p ?o }`;
    const { variables, rows } = await engines.oxigraph.select(select);
    expect(variables).toEqual(['o', 'unbound']);
    expect(values(rows, 'o')).toEqual(['1', '2']);
  });

  it('is refused by the Comunica engine as a syntax error that names no JavaScript error', async () => {
    const error = await engines.comunica.query(text).catch((e: Error) => e);
    expect(error).toBeInstanceOf(QuerySyntaxError);
    expect((error as Error).message).toMatch(/^The query could not be read: the SPARQL parser failed/);
    expect((error as Error).message).not.toMatch(/Cannot read|undefined|TypeError/);
  });

  it('with SERVICE or FROM in it, is refused by the Oxigraph engine too: neither the allowlist nor the dataset can be settled without a reading', async () => {
    const federated = `${PREFIX}CONSTRUCT { [ ex:q ?o ] } WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }`;
    await expect(engines.oxigraph.query(federated)).rejects.toThrow(QuerySyntaxError);
    const from = `${PREFIX}CONSTRUCT { [ ex:q ?o ] } FROM <${G1.value}> WHERE { ?s ex:p ?o }`;
    await expect(engines.oxigraph.query(from)).rejects.toThrow(QuerySyntaxError);
    // Given by the protocol, the dataset replaces FROM: Oxigraph's dataset options settle it.
    expect((await engines.oxigraph.construct(from, { defaultGraphs: [G2.value] })).quads.map((q) => q.object.value)).toEqual(['escaped']);
  });
});
