// The union default graph over Virtuoso is SPARQL's RDF merge, as on Oxigraph.
// Virtuoso 7.2 itself reads it as a bag (measured first, below); the loader
// keeps a merged graph when documents share triples (src/store/union.ts) and
// the store engine reads the default graph from it (src/engine/store-union.ts).
// Oxigraph over the same N-Quads is the reference for every query form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFactory, Store, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import type { Engine, QueryOptions, QueryResult } from '../../src/engine/index.js';
import { createOxigraphEngine, loadOxigraphStore } from '../../src/engine/oxigraph.js';
import { createStoreEngine, UnsupportedFeatureError } from '../../src/engine/store.js';
import { type GraphContent, graphContents, loadIntoVirtuoso } from '../../src/store/load.js';
import { sparqlQuery } from '../../src/store/protocol.js';
import { UNION_GRAPH } from '../../src/store/union.js';
import { SKIP_REASON, startTestStore, type TestStore } from './support.js';

const { namedNode, literal, quad } = DataFactory;
const EX = 'http://example.org/';
const ex = (name: string) => namedNode(EX + name);
const [G1, G2, G3] = [ex('g1'), ex('g2'), ex('g3')];

// Two documents state the same facts about Kazakhstan; the second says more; the third shares nothing.
const shared = (g: RDF.Quad_Graph) => [
  quad(ex('kz'), ex('code'), literal('KZ'), g),
  quad(ex('kz'), ex('name'), literal('Kazakhstan'), g),
  quad(ex('kz'), ex('partOf'), ex('asia'), g),
];
const DOC1 = [...shared(G1), quad(ex('doc1'), ex('about'), ex('kz'), G1)];
const DOC2 = [...shared(G2), quad(ex('doc2'), ex('about'), ex('kz'), G2), quad(ex('asia'), ex('partOf'), ex('world'), G2)];
const DOC3 = [quad(ex('doc3'), ex('about'), ex('fr'), G3), quad(ex('fr'), ex('code'), literal('FR'), G3)];
// The second document changed: it no longer states the code, and states a capital.
const DOC2_CHANGED = [...DOC2.filter((q) => !q.predicate.equals(ex('code'))), quad(ex('kz'), ex('capital'), ex('astana'), G2)];

const contentsOf = (quads: RDF.Quad[]): GraphContent[] => graphContents(new Store(quads));
const nquadsOf = (quads: RDF.Quad[]) => new Writer({ format: 'N-Quads' }).quadsToString(quads);

/** A result as a sorted list of strings: rows of variable=value, triples as N-Triples, or the boolean. */
function comparable(result: QueryResult): string[] {
  if (result.type === 'boolean') return [String(result.value)];
  if (result.type === 'quads')
    return result.quads.map((q) => new Writer({ format: 'N-Triples' }).quadsToString([quad(q.subject, q.predicate, q.object)])).sort();
  return result.rows
    .map((row) =>
      Object.entries(row)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k}=${v.termType === 'Literal' ? `"${v.value}"` : v.value}`)
        .join(' '),
    )
    .sort();
}

// Every query form, over the default graph, GRAPH ?g, or both.
const FORMS: Record<string, string> = {
  'every triple of the default graph': 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }',
  'a count of the default graph': 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }',
  'a shared triple': `SELECT ?c WHERE { <${EX}kz> <${EX}code> ?c }`,
  'an ASK that counts': `ASK { { SELECT (COUNT(*) AS ?n) WHERE { ?s <${EX}code> ?c } } FILTER (?n = 2) }`,
  'a CONSTRUCT': `CONSTRUCT { ?s <${EX}label> ?n } WHERE { ?s <${EX}name> ?n }`,
  'a DESCRIBE': `DESCRIBE <${EX}kz>`,
  'a DESCRIBE by a pattern': `DESCRIBE ?d WHERE { ?d <${EX}about> <${EX}kz> }`,
  'a one-or-more path': `SELECT ?x WHERE { <${EX}kz> <${EX}partOf>+ ?x }`,
  'a sequence path': `SELECT ?d ?c WHERE { ?d <${EX}about>/<${EX}code> ?c }`,
  EXISTS: `SELECT ?s WHERE { ?s <${EX}code> ?c FILTER EXISTS { ?s <${EX}name> ?n } }`,
  'GRAPH ?g with counts': 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g',
  'GRAPH ?g in OPTIONAL beside the default graph': `SELECT ?d ?g WHERE { ?d <${EX}about> ?s OPTIONAL { GRAPH ?g { ?s <${EX}code> ?c } } }`,
  'GRAPH <iri> with an OPTIONAL path': `SELECT ?s ?c ?n WHERE { GRAPH <${G2.value}> { ?s <${EX}code> ?c OPTIONAL { ?s <${EX}name>|<${EX}label> ?n } } }`,
  'SELECT * over GRAPH <iri>': `SELECT * WHERE { GRAPH <${G1.value}> { ?s <${EX}about> ?o } }`,
  'ASK of a GRAPH <iri> without variables': `ASK { GRAPH <${G2.value}> { <${EX}asia> <${EX}partOf> <${EX}world> } }`,
  'GRAPH ?g inside a subquery': 'SELECT ?n WHERE { { SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } } }',
};

describe.skipIf(SKIP_REASON)(`the union default graph over Virtuoso${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
  let store: TestStore;
  const engines: Array<{ close(): Promise<void> }> = [];
  beforeAll(async () => {
    store = await startTestStore(contentsOf([...DOC1, ...DOC3]));
  }, 120_000);
  afterAll(async () => {
    for (const engine of engines) await engine.close();
    await store?.close();
  }, 60_000);

  /** The store engine as a server starting now would make it (the union is settled at start). */
  async function storeEngine(dialect: 'virtuoso' | 'generic' = 'virtuoso') {
    const engine = createStoreEngine({ endpoints: { queryUrl: store.endpoint }, dialect });
    engines.push(engine);
    await engine.ready;
    return engine;
  }

  /** Asks Virtuoso directly; the values of ?o (or the ASK). */
  async function direct(text: string, defaultGraphs?: string[]): Promise<string[]> {
    const reply = await sparqlQuery(
      { queryUrl: store.virtuoso.endpoint },
      {
        text,
        defaultGraphs,
        accept: 'application/sparql-results+json',
        timeoutMs: 10_000,
      },
    );
    const rows = (JSON.parse(reply.text) as { results: { bindings: Array<Record<string, { value: string }>> } }).results.bindings;
    return rows
      .map((r) =>
        Object.values(r)
          .map((t) => t.value)
          .join(' '),
      )
      .sort();
  }

  /** Each query form answers as Oxigraph answers over the same quads. */
  async function expectOxigraphAnswers(engine: Engine, quads: RDF.Quad[], forms = FORMS, options: QueryOptions = {}) {
    const reference = createOxigraphEngine(loadOxigraphStore(nquadsOf(quads)));
    for (const [name, text] of Object.entries(forms)) {
      expect(comparable(await engine.query(text, options)), name).toEqual(comparable(await reference.query(text, options)));
    }
  }

  it('is read as a bag by Virtuoso 7.2 itself, whichever way the dataset is given, and its pragmas cannot hide a merged graph', async () => {
    await store.virtuoso.isql(
      'SPARQL INSERT DATA { GRAPH <urn:probe:a> { <urn:probe:s> <urn:probe:p> <urn:probe:shared> , <urn:probe:onlyA> } GRAPH <urn:probe:b> { <urn:probe:s> <urn:probe:p> <urn:probe:shared> , <urn:probe:onlyB> } GRAPH <urn:probe:u> { <urn:probe:s> <urn:probe:p> <urn:probe:shared> , <urn:probe:onlyA> , <urn:probe:onlyB> } };',
    );
    try {
      const twice = ['urn:probe:onlyA', 'urn:probe:onlyB', 'urn:probe:shared', 'urn:probe:shared'];
      const both = ['urn:probe:a', 'urn:probe:b'];
      const ab = (text: string) => text.replace('WHERE', 'FROM <urn:probe:a> FROM <urn:probe:b> WHERE');
      const select = 'SELECT ?o WHERE { <urn:probe:s> <urn:probe:p> ?o }';
      // No dataset (the probe's merged graph u aside), FROM a FROM b, default-graph-uri a b, the pragma: each a bag.
      expect(await direct(`define input:default-graph-exclude <urn:probe:u> ${select}`)).toEqual(twice);
      expect(await direct(ab(select))).toEqual(twice);
      expect(await direct(select, both)).toEqual(twice);
      expect(await direct(`define input:default-graph-uri <urn:probe:a> define input:default-graph-uri <urn:probe:b> ${select}`)).toEqual(
        twice,
      );
      // GRAPH ?g with only default-graph-uri given ranges over every graph, not only the named ones.
      const graphs = 'SELECT DISTINCT ?g WHERE { GRAPH ?g { <urn:probe:s> <urn:probe:p> ?o } }';
      expect(await direct(graphs, ['urn:probe:a'])).toEqual(['urn:probe:a', 'urn:probe:b', 'urn:probe:u']);
      // GRAPH <iri>, though, matches nothing once a default graph is named without named graphs.
      expect(await direct('SELECT ?o WHERE { GRAPH <urn:probe:a> { <urn:probe:s> <urn:probe:p> ?o } }', ['urn:probe:u'])).toEqual([]);
      // The merged graph named as the default graph gives each triple once...
      expect(await direct(select, ['urn:probe:u'])).toEqual(['urn:probe:onlyA', 'urn:probe:onlyB', 'urn:probe:shared']);
      // ...but named-graph-exclude, which keeps it out of GRAPH ?g, also empties it as the default graph.
      const hidden = 'define input:default-graph-uri <urn:probe:u> define input:named-graph-exclude <urn:probe:u>';
      expect(await direct(`${hidden} ${graphs}`)).toEqual(['urn:probe:a', 'urn:probe:b']);
      expect(await direct(`${hidden} ${select}`)).toEqual([]);
    } finally {
      await store.virtuoso.isql('SPARQL CLEAR GRAPH <urn:probe:a>; SPARQL CLEAR GRAPH <urn:probe:b>; SPARQL CLEAR GRAPH <urn:probe:u>;');
    }
  }, 60_000);

  it('sends what it sent before when no two documents share a triple', async () => {
    const report = await loadIntoVirtuoso(store.virtuoso, contentsOf([...DOC1, ...DOC3]));
    expect(report.union).toMatchObject({ overlap: false, union: 'none' });
    const engine = await storeEngine();
    const text = 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }';
    store.record.requests.length = 0;
    await engine.query(text, { maxRows: 100 });
    expect(store.record.requests).toHaveLength(1);
    expect(store.record.requests[0].body).toContain(`query=${text}\nLIMIT 101`);
    expect(store.record.requests[0].body).not.toContain('default-graph-uri');
    await expectOxigraphAnswers(engine, [...DOC1, ...DOC3]);
  }, 60_000);

  it('keeps a merged graph when documents share triples, and every query form answers as Oxigraph does', async () => {
    const report = await loadIntoVirtuoso(store.virtuoso, contentsOf([...DOC1, ...DOC2, ...DOC3]));
    expect(report).toMatchObject({ added: [G2.value], union: { overlap: true, union: 'built' } });
    const quads = [...DOC1, ...DOC2, ...DOC3];
    const engine = await storeEngine();
    await expectOxigraphAnswers(engine, quads);
    // The merged graph is no document: GRAPH ?g never names it.
    const graphs = await engine.select('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }');
    expect(graphs.rows.map((r) => r.g.value).sort()).toEqual([G1.value, G2.value, G3.value]);
  }, 60_000);

  it('leaves datasets as they were, and refuses default graphs of several documents that share triples', async () => {
    const engine = await storeEngine();
    const quads = [...DOC1, ...DOC2, ...DOC3];
    const forms = {
      FROM: FORMS['a count of the default graph'].replace('WHERE', `FROM <${G2.value}> WHERE`),
      'FROM of two documents sharing nothing': FORMS['every triple of the default graph'].replace(
        'WHERE',
        `FROM <${G1.value}> FROM <${G3.value}> WHERE`,
      ),
      'FROM NAMED': FORMS['GRAPH ?g with counts'].replace('WHERE', `FROM NAMED <${G1.value}> WHERE`),
    };
    await expectOxigraphAnswers(engine, quads, forms);
    await expectOxigraphAnswers(
      engine,
      quads,
      { 'default-graph-uri': FORMS['a count of the default graph'] },
      { defaultGraphs: [G3.value] },
    );
    const both = { defaultGraphs: [G1.value, G2.value] };
    await expect(engine.query(FORMS['a shared triple'], both)).rejects.toThrow(UnsupportedFeatureError);
    const overlapping = FORMS['a shared triple'].replace('WHERE', `FROM <${G1.value}> FROM <${G2.value}> WHERE`);
    await expect(engine.query(overlapping)).rejects.toThrow(UnsupportedFeatureError);
    await expect(engine.query(overlapping)).rejects.toThrow(/share triples/);
  }, 60_000);

  it('gives the store’s own empty default graph when asked, with GRAPH ?g still over the documents only', async () => {
    const engine = await storeEngine();
    await expectOxigraphAnswers(
      engine,
      [...DOC1, ...DOC2, ...DOC3],
      {
        count: FORMS['a count of the default graph'],
        graphs: FORMS['GRAPH ?g with counts'],
        named: FORMS['GRAPH <iri> with an OPTIONAL path'],
      },
      { unionDefaultGraph: false },
    );
  }, 60_000);

  it('keeps the merged graph in step when a document changes, and drops it when no overlap is left', async () => {
    const changed = [...DOC1, ...DOC2_CHANGED, ...DOC3];
    const report = await loadIntoVirtuoso(store.virtuoso, contentsOf(changed));
    expect(report).toMatchObject({ replaced: [G2.value], union: { overlap: true, union: 'kept' } });
    // The merge holds each triple of the documents once, the code the second no longer states included (the first still does).
    const distinct = new Set(changed.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`));
    expect(await direct(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${UNION_GRAPH}> { ?s ?p ?o } }`)).toEqual([String(distinct.size)]);
    await expectOxigraphAnswers(await storeEngine(), changed);
    const removed = await loadIntoVirtuoso(store.virtuoso, contentsOf([...DOC1, ...DOC3]));
    expect(removed).toMatchObject({ removed: [G2.value], union: { overlap: false, union: 'dropped' } });
    expect(await direct(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${UNION_GRAPH}> { ?s ?p ?o } }`)).toEqual(['0']);
    await expectOxigraphAnswers(await storeEngine(), [...DOC1, ...DOC3]);
  }, 120_000);

  it('on a store it cannot merge, finds the bag by two counts and refuses union default graph queries with 501', async () => {
    await loadIntoVirtuoso(store.virtuoso, contentsOf([...DOC1, ...DOC2, ...DOC3]));
    // As a generic store, Virtuoso's union (the merged graph counted with the documents) is a bag.
    const engine = await storeEngine('generic');
    await expect(engine.query(FORMS['a shared triple'])).rejects.toThrow(UnsupportedFeatureError);
    await expect(engine.query(FORMS['a shared triple'])).rejects.toThrow(/a bag, not SPARQL's merge/);
    const named = await engine.select(`SELECT ?c WHERE { GRAPH <${G1.value}> { ?s <${EX}code> ?c } }`);
    expect(comparable({ type: 'bindings', ...named })).toEqual(['c="KZ"']);
    expect(comparable(await engine.query(FORMS['a count of the default graph'], { unionDefaultGraph: false }))).toEqual(['n="0"']);
  }, 60_000);

  it('answers over HTTP through the server as Oxigraph does', async () => {
    const server = await store.serve();
    const text = FORMS['a count of the default graph'];
    const response = await fetch(`${server.url}/sparql?query=${encodeURIComponent(text)}`, {
      headers: { Accept: 'application/sparql-results+json' },
    });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { results: { bindings: Array<{ n: { value: string } }> } };
    const reference = createOxigraphEngine(loadOxigraphStore(nquadsOf([...DOC1, ...DOC2, ...DOC3])));
    expect(json.results.bindings.map((b) => `n="${b.n.value}"`)).toEqual(comparable(await reference.query(text)));
    // The merged graph is in no listing: the endpoint's graphs are the documents'.
    const graphs = 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }';
    const listed = await fetch(`${server.url}/sparql?query=${encodeURIComponent(graphs)}`, { headers: { Accept: 'text/csv' } });
    expect((await listed.text()).trim().split(/\r?\n/).slice(1).sort()).toEqual([G1.value, G2.value, G3.value]);
  }, 120_000);
});
