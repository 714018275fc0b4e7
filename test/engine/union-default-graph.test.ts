// The default graph is the RDF merge of its graphs: a triple stated in two
// graphs is one triple of the default graph. Oxigraph 0.5.11 reads the union
// default graph and FROM a FROM b as a bag (oxigraph/oxigraph#1919), so the
// engine merges for it (src/engine/oxigraph-union.ts). Every engine the server
// can run is held here to the answers SPARQL requires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFactory, Store, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import {
  createComunicaEngine,
  createWorkerEngine,
  type Engine,
  type EngineKind,
  type QueryOptions,
  type WorkerEngine,
} from '../../src/engine/index.js';
import { createOxigraphEngine, loadOxigraphStore, OxigraphSource } from '../../src/engine/oxigraph.js';
import { unionDefaultGraph } from '../../src/engine/oxigraph-union.js';
import { type FixtureServer, startFixtureServer } from '../endpoint/support.js';

const { namedNode, literal, quad, blankNode } = DataFactory;
const EX = 'http://example.org/';
const ex = (name: string) => namedNode(EX + name);
const [G1, G2, G3] = [ex('g1'), ex('g2'), ex('g3')];

// Two documents stating the same two facts (one about a blank node: it is the same node in both), the second one more;
// a third graph shares nothing.
const shared = (g: RDF.Quad_Graph) => [
  quad(ex('kz'), ex('code'), literal('KZ'), g),
  quad(blankNode('n'), ex('name'), literal('Kazakhstan'), g),
];
const store = new Store([
  ...shared(G1),
  ...shared(G2),
  quad(ex('kz'), ex('name'), blankNode('n'), G1),
  quad(ex('kz'), ex('name'), blankNode('n'), G2),
  quad(ex('doc2'), ex('about'), ex('kz'), G2),
  quad(ex('doc3'), ex('about'), ex('fr'), G3),
]);
const nquads = new Writer({ format: 'N-Quads' }).quadsToString(store.getQuads(null, null, null, null));
const rows = async (engine: Engine, text: string, options: QueryOptions = {}) => (await engine.select(text, options)).rows.length;
const ASK_FIVE = 'ASK { { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } } FILTER(?n = 5) }';

const workers: WorkerEngine[] = [];
const engines: Record<string, () => Engine> = {};
beforeAll(async () => {
  for (const kind of ['oxigraph', 'comunica'] as EngineKind[]) {
    const worker = createWorkerEngine({ nquads }, { engine: kind, workers: 1, resultCacheEntries: 8 });
    workers.push(worker);
    await worker.ready;
  }
});
afterAll(async () => {
  for (const worker of workers) await worker.close();
});
engines['query workers running Oxigraph'] = () => workers[0];
engines['query workers running Comunica'] = () => workers[1];
engines['Oxigraph in this thread'] = (() => {
  const engine = createOxigraphEngine(loadOxigraphStore(nquads));
  return () => engine;
})();
engines['Comunica in this thread'] = (() => {
  const engine = createComunicaEngine(store);
  return () => engine;
})();

describe.each(Object.keys(engines))('%s, over two graphs stating the same triples', (name) => {
  const engine = () => engines[name]();

  it('matches each triple of the union default graph once', async () => {
    expect(await rows(engine(), 'SELECT * WHERE { ?s ?p ?o }')).toBe(5);
    expect(await rows(engine(), `SELECT ?o WHERE { <${EX}kz> <${EX}name> ?n . ?n <${EX}name> ?o }`)).toBe(1);
  });

  it('counts each triple once, and asks and constructs over the same five', async () => {
    const { rows: counted } = await engine().select('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    expect(counted[0].n.value).toBe('5');
    expect(await engine().ask(ASK_FIVE)).toBe(true);
    expect((await engine().construct('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }')).quads).toHaveLength(5);
  });

  it('merges FROM a FROM b as a set, and FROM a alone as it is', async () => {
    expect(await rows(engine(), `SELECT * FROM <${G1.value}> FROM <${G2.value}> WHERE { ?s ?p ?o }`)).toBe(4);
    expect(
      await rows(engine(), `SELECT (COUNT(*) AS ?n) FROM <${G1.value}> FROM <${G2.value}> WHERE { ?s ?p ?o } HAVING (COUNT(*) = 4)`),
    ).toBe(1);
    expect(await rows(engine(), `SELECT * FROM <${G1.value}> FROM <${G3.value}> WHERE { ?s ?p ?o }`)).toBe(4);
    expect(await rows(engine(), `SELECT * FROM <${G1.value}> WHERE { ?s ?p ?o }`)).toBe(3);
  });

  it('merges the protocol’s default-graph-uri given twice as a set', async () => {
    expect(await rows(engine(), 'SELECT * WHERE { ?s ?p ?o }', { defaultGraphs: [G1.value, G2.value] })).toBe(4);
    expect(await rows(engine(), 'SELECT * WHERE { ?s ?p ?o }', { defaultGraphs: [G2.value, G1.value, G3.value] })).toBe(5);
  });

  it('still gives one row per graph for GRAPH ?g, and none of them the default graph', async () => {
    const { rows: quads } = await engine().select('SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }');
    expect(quads).toHaveLength(8);
    expect(new Set(quads.map((row) => row.g.value))).toEqual(new Set([G1.value, G2.value, G3.value]));
    expect(await rows(engine(), `SELECT ?g WHERE { GRAPH ?g { <${EX}kz> <${EX}code> "KZ" } }`)).toBe(2);
  });

  it('keeps the data’s own default graph (empty here) when the union is switched off', async () => {
    expect(await rows(engine(), 'SELECT * WHERE { ?s ?p ?o }', { unionDefaultGraph: false })).toBe(0);
    expect(await rows(engine(), 'SELECT * WHERE { ?s ?p ?o }')).toBe(5);
  });
});

describe('the check on an Oxigraph store (src/engine/oxigraph-union.ts)', () => {
  const fresh = (quads: RDF.Quad[]) => loadOxigraphStore(new Writer({ format: 'N-Quads' }).quadsToString(quads));

  it('leaves a store whose graphs share no triple as it is, on Oxigraph’s union mode', () => {
    const separate = fresh(store.getQuads(null, null, null, G3).concat(store.getQuads(null, null, null, G1)));
    const union = unionDefaultGraph(separate);
    expect(union.mode()).toBe('union');
    expect(separate.size).toBe(4);
  });

  it('copies each shared triple into the default graph once, which Comunica reading the store does not see', async () => {
    const shared = fresh(store.getQuads(null, null, null, null));
    const union = unionDefaultGraph(shared);
    expect(union.mode()).toBe('merged');
    expect(shared.size).toBe(8 + 5);
    const comunica = createComunicaEngine(new OxigraphSource(shared, union.merged));
    expect(await rows(comunica, 'SELECT * WHERE { ?s ?p ?o }')).toBe(5);
    expect(await rows(comunica, 'SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }')).toBe(8);
    expect(await rows(comunica, 'SELECT * WHERE { ?s ?p ?o }', { unionDefaultGraph: false })).toBe(0);
  });

  it('sends the union to Comunica when the data has a default graph of its own beside shared triples', async () => {
    const own = quad(ex('doc2'), ex('about'), ex('kz'), DataFactory.defaultGraph());
    const quads = [...store.getQuads(null, null, null, null), own];
    const engine = createOxigraphEngine(fresh(quads));
    expect(await rows(engine, 'SELECT * WHERE { ?s ?p ?o }')).toBe(5);
    expect(await rows(engine, 'SELECT * WHERE { ?s ?p ?o }', { unionDefaultGraph: false })).toBe(1);
    expect(await rows(engine, 'SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }')).toBe(8);
  });
});

describe('the endpoint over two graphs stating the same triples', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer({}, store);
  });
  afterAll(() => server?.close());
  const count = async (params: string) => {
    const response = await fetch(`${server.endpoint}?${params}`, { headers: { accept: 'application/sparql-results+json' } });
    expect(response.status).toBe(200);
    return Number((await response.json()).results.bindings[0].n.value);
  };
  const query = `query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')}`;
  const graph = (g: RDF.NamedNode) => `default-graph-uri=${encodeURIComponent(g.value)}`;

  it('counts each triple of the union default graph once', async () => {
    expect(await count(query)).toBe(5);
  });

  it('merges default-graph-uri given twice as a set', async () => {
    expect(await count(`${query}&${graph(G1)}&${graph(G2)}`)).toBe(4);
    expect(await count(`${query}&${graph(G1)}`)).toBe(3);
  });
});
