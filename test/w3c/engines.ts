// What the W3C suite runs against: the project's two engines through its
// engine interface, and, for comparison (known-failures.ts, README), the same
// engines used directly, as their own documentation shows.
import { QueryEngine } from '@comunica/query-sparql';
import oxigraph from 'oxigraph';
import { DataFactory, Writer, type Store } from 'n3';
import type * as RDF from '@rdfjs/types';
import { DEFAULTS } from '../../src/config.js';
import { createComunicaEngine, type EngineKind } from '../../src/engine/index.js';
import { createOxigraphEngine, loadOxigraphStore } from '../../src/engine/oxigraph.js';
import type { Evaluator } from './run.js';

const nquads = (store: Store) => new Writer({ format: 'N-Quads' }).quadsToString(store.getQuads(null, null, null, null));

/** The project's engines, each over a store of the test's dataset, with the server's row cap. */
export const engines: Record<EngineKind, Evaluator> = {
  comunica: (store, text, options) => createComunicaEngine(store, { maxRows: DEFAULTS.maxRows }).query(text, options),
  oxigraph: (store, text, options) =>
    createOxigraphEngine(loadOxigraphStore(nquads(store)), { maxRows: DEFAULTS.maxRows }).query(text, options),
};

let comunica: QueryEngine | undefined;

/** The engines used directly: plain Comunica over the N3 store, plain Oxigraph Store.query. */
export const rawEngines: Record<EngineKind, Evaluator> = {
  async comunica(store, text, options) {
    comunica ??= new QueryEngine();
    const context = { sources: [store], baseIRI: options.baseIri, unionDefaultGraph: options.unionDefaultGraph !== false };
    const result = await comunica.query(text, context as never);
    if (result.resultType === 'boolean') return { type: 'boolean', value: await result.execute() };
    if (result.resultType === 'quads') return { type: 'quads', quads: await (await result.execute()).toArray(), truncated: false };
    if (result.resultType !== 'bindings') throw new Error(`unexpected ${result.resultType} result`);
    const variables = (await result.metadata()).variables.map((v) => (v as unknown as RDF.Variable).value);
    const rows = (await (await result.execute()).toArray()).map((b) => Object.fromEntries([...b].map(([v, t]) => [v.value, t])));
    return { type: 'bindings', variables, rows, truncated: false };
  },
  async oxigraph(store, text, options) {
    const ox = new oxigraph.Store();
    ox.load(nquads(store), { format: 'application/n-quads' });
    const result = ox.query(text, { base_iri: options.baseIri, use_default_graph_as_union: options.unionDefaultGraph !== false });
    if (typeof result === 'boolean') return { type: 'boolean', value: result };
    const items = result as Array<oxigraph.Quad | Map<string, oxigraph.Term>>;
    if (items.length > 0 && !(items[0] instanceof Map)) {
      return {
        type: 'quads',
        quads: (items as oxigraph.Quad[]).map((q) => DataFactory.fromQuad(q as never) as RDF.Quad),
        truncated: false,
      };
    }
    const rows = (items as Array<Map<string, oxigraph.Term>>).map((m) =>
      Object.fromEntries([...m].map(([v, t]) => [v, DataFactory.fromTerm(t as never) as RDF.Term])),
    );
    return { type: 'bindings', variables: [...new Set(rows.flatMap(Object.keys))], rows, truncated: false };
  },
};
