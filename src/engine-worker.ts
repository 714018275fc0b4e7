// A query worker thread: loads the store from N-Quads once, then answers one
// query at a time for createWorkerEngine. Stopping a runaway query is the main
// thread's job (it terminates this thread), so nothing here watches the clock.
import { parentPort, workerData } from 'node:worker_threads';
import { Parser, Store } from 'n3';
import type * as RDF from '@rdfjs/types';
import type { FederationSettings } from './federation.js';
import { createComunicaEngine, fromPlainTerm, toPlainResult, type WorkerReply, type WorkerRequest } from './engine.js';

const port = parentPort;
if (!port) throw new Error('engine-worker.ts runs as a worker thread of createWorkerEngine');

const store = new Store(new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse((workerData as { nquads: string }).nquads));
const engine = createComunicaEngine(store, { federation: (workerData as { federation?: FederationSettings }).federation });

/** Answers one request; errors travel back by name and message. */
async function answer(request: WorkerRequest): Promise<WorkerReply> {
  try {
    const bindings = request.bindings
      ? Object.fromEntries(Object.entries(request.bindings).map(([k, t]) => [k, fromPlainTerm(t)])) as Record<string, RDF.Term>
      : undefined;
    const result = await engine.query(request.text, {
      maxRows: request.maxRows,
      ...(request.baseIri ? { baseIri: request.baseIri } : {}),
      ...(request.defaultGraphs ? { defaultGraphs: request.defaultGraphs } : {}),
      ...(request.namedGraphs ? { namedGraphs: request.namedGraphs } : {}),
      ...(bindings ? { bindings } : {}),
    });
    return { type: 'result', id: request.id, result: toPlainResult(result) };
  } catch (error) {
    const err = error as Error;
    return { type: 'error', id: request.id, name: err.name, message: err.message };
  }
}

// One warm-up query, so that the first real query does not pay for Comunica's start.
await engine.query('ASK { ?s ?p ?o }').catch(() => undefined);
port.on('message', (request: WorkerRequest) => {
  void answer(request).then((reply) => port.postMessage(reply));
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
