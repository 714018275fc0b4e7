// A query worker thread: loads the data once, from the shared N-Quads or a
// file, into the N3 store (Comunica) or an Oxigraph store, then answers one query at a time
// for createWorkerEngine. Stopping a runaway query is the main thread's job
// (it terminates this thread), so nothing here watches the clock.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Parser, Store } from 'n3';
import type * as RDF from '@rdfjs/types';
import {
  createComunicaEngine,
  fromPlainTerm,
  nquadsChunks,
  toPlainResult,
  type Engine,
  type PlainResult,
  type QueryOptions,
  type WorkerData,
  type WorkerReply,
  type WorkerRequest,
} from './engine.js';

const port = parentPort;
if (!port) throw new Error('engine-worker.ts runs as a worker thread of createWorkerEngine');

const { source, federation, engine: kind } = workerData as WorkerData;

async function loadEngine(): Promise<Engine & { queryPlain?: (text: string, options?: QueryOptions) => Promise<PlainResult> }> {
  if (kind === 'oxigraph') {
    const { createOxigraphEngine, loadOxigraphStore } = await import('./engine-oxigraph.js');
    return createOxigraphEngine(loadOxigraphStore(nquadsChunks(source)), { federation });
  }
  const text = 'file' in source ? readFileSync(source.file, 'utf8') : Buffer.from(source.nquads).toString('utf8');
  return createComunicaEngine(new Store(new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(text)), { federation });
}

const engine = await loadEngine();

const WARM_UP = `SELECT ?s (COUNT(DISTINCT ?o) AS ?n) (GROUP_CONCAT(DISTINCT STR(?l); separator=", ") AS ?ls) (SAMPLE(?d) AS ?x) WHERE {
  { SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 200 }
  OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER(LANGMATCHES(LANG(?l), "en") || REGEX(STR(?l), "a", "i")) }
  OPTIONAL { ?s ^<http://www.w3.org/2000/01/rdf-schema#seeAlso>/<http://www.w3.org/2000/01/rdf-schema#label> ?d }
  MINUS { ?s a <urn:upr-graph:none> }
  FILTER NOT EXISTS { ?s <urn:upr-graph:none> ?o }
  BIND(IF(isIRI(?o), STRLEN(STR(?o)), COALESCE(xsd:integer(?o), 0)) AS ?len)
  VALUES ?k { 1 2 }
} GROUP BY ?s HAVING (COUNT(?o) > 0) ORDER BY DESC(?n) ?s`.replace('xsd:integer', '<http://www.w3.org/2001/XMLSchema#integer>');

/** Answers one request; errors travel back by name and message. */
async function answer(request: WorkerRequest): Promise<WorkerReply> {
  try {
    const bindings = request.bindings
      ? Object.fromEntries(Object.entries(request.bindings).map(([k, t]) => [k, fromPlainTerm(t)])) as Record<string, RDF.Term>
      : undefined;
    const options: QueryOptions = {
      maxRows: request.maxRows,
      ...(request.baseIri ? { baseIri: request.baseIri } : {}),
      ...(request.defaultGraphs ? { defaultGraphs: request.defaultGraphs } : {}),
      ...(request.namedGraphs ? { namedGraphs: request.namedGraphs } : {}),
      ...(request.unionDefaultGraph === false ? { unionDefaultGraph: false } : {}),
      ...(bindings ? { bindings } : {}),
    };
    const result = engine.queryPlain ? await engine.queryPlain(request.text, options) : toPlainResult(await engine.query(request.text, options));
    return { type: 'result', id: request.id, result };
  } catch (error) {
    const err = error as Error;
    return { type: 'error', id: request.id, name: err.name, message: err.message };
  }
}

// Warm-up queries, so that the first real query does not pay for the engine's start; on Oxigraph the
// second touches the common operators once (WebAssembly functions are compiled on their first call;
// about 0.1 s here, where Comunica would take over a second).
await engine.query('ASK { ?s ?p ?o }').catch(() => undefined);
if (kind === 'oxigraph') await engine.query(WARM_UP, { maxRows: 1 }).catch(() => undefined);
port.on('message', (request: WorkerRequest) => {
  void answer(request).then((reply) => port.postMessage(reply));
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
