// The loaded 2019 graph for fact tests: ontology + all data, loaded once per test file.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writer, type Store } from 'n3';
import { loadGraph } from '../../src/load.js';
import { createComunicaEngine, type Engine } from '../../src/engine/index.js';
import { createOxigraphEngine, loadOxigraphStore } from '../../src/engine/oxigraph.js';
import { PREFIXES } from '../../src/namespaces.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TestGraph {
  store: Store;
  engine: Engine;
  /** Rows of a SELECT, each variable mapped to its term's value (IRI or lexical form). */
  select(query: string): Promise<Array<Record<string, string>>>;
  ask(query: string): Promise<boolean>;
}

let loading: Promise<TestGraph> | undefined;

/** The engine the suite runs on: UPR_ENGINE=comunica runs it on Comunica, anything else on Oxigraph (the default). */
export const TEST_ENGINE = process.env.UPR_ENGINE === 'comunica' ? 'comunica' : 'oxigraph';

/** The environment a test's loadConfig should see: the suite's engine, stated, and nothing else. */
export function testEnv(): NodeJS.ProcessEnv {
  return { UPR_ENGINE: TEST_ENGINE };
}

/** An in-process engine of the suite's kind over the store. */
export function testEngine(store: Store): Engine {
  if (TEST_ENGINE === 'comunica') return createComunicaEngine(store);
  return createOxigraphEngine(loadOxigraphStore(new Writer({ format: 'N-Quads' }).quadsToString(store.getQuads(null, null, null, null))));
}

/** The graph of the repository's ontology and data, with the project prefixes prepended to queries. */
export function loadedGraph(): Promise<TestGraph> {
  loading ??= (async () => {
    const { store } = await loadGraph({ root: ROOT });
    const engine = testEngine(store);
    return {
      store,
      engine,
      async select(query) {
        const { rows } = await engine.select(`${PREFIXES}\n${query}`);
        return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, t]) => [k, t.value])));
      },
      ask: (query) => engine.ask(`${PREFIXES}\n${query}`),
    };
  })();
  return loading;
}

/** The data namespace, and a prologue for fact tests: relative IRIs, paragraphs, footnotes, Criminal Code articles. */
export const ID = 'https://w3id.org/upr-graph/id/';
export const DOC = `${ID}document/kz-2019-article19-adilsoz`;
export const DOCUMENT_PROLOGUE = `BASE <${ID}>
PREFIX para: <${DOC}/para/>
PREFIX fn: <${DOC}/footnote/>
PREFIX cc: <${ID}provision/KZ/criminal-code-2014/>
`;

/** A SELECT over the loaded graph with the project prefixes and DOCUMENT_PROLOGUE. */
export async function selectInDocument(query: string): Promise<Array<Record<string, string>>> {
  return (await loadedGraph()).select(DOCUMENT_PROLOGUE + query);
}

/** An IRI of the data without the id: namespace, for readable expectations. */
export const short = (iri: string | undefined) => (iri ?? '').replace(ID, '');

/** An ASK over the loaded graph with the project prefixes and DOCUMENT_PROLOGUE. */
export async function askInDocument(query: string): Promise<boolean> {
  return (await loadedGraph()).ask(DOCUMENT_PROLOGUE + query);
}
