// A query worker thread: loads the data once, from the shared N-Quads or a
// file, into the N3 store (Comunica) or an Oxigraph store, then answers one query at a time
// for createWorkerEngine. Stopping a runaway query is the main thread's job
// (it terminates this thread), so nothing here watches the clock. Oxigraph's
// WebAssembly memory is capped (src/engine/wasm-memory.ts); a query that traps it is
// answered with a fatal error, after which this worker answers nothing more
// and is replaced, and one that grew it past the recycle budget asks for
// replacement along with its answer.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Parser, Store } from 'n3';
import type * as RDF from '@rdfjs/types';
import { createComunicaEngine } from './comunica.js';
import type { Engine, QueryOptions } from './engine.js';
import { nquadsChunks } from './nquads-chunks.js';
import { fromPlainTerm, toPlainResult, type PlainResult } from './terms.js';
import type { WorkerData, WorkerReply, WorkerRequest } from './worker-messages.js';
import { capWebAssemblyMemory, isTrap } from './wasm-memory.js';

const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread of createWorkerEngine');

const { source, federation, engine: kind, wasm } = workerData as WorkerData;
const MIB = 1024 * 1024;
// Before Oxigraph is imported: its module is compiled then.
const wasmMemory = kind === 'oxigraph' ? capWebAssemblyMemory(wasm) : () => undefined;

async function loadEngine(): Promise<Engine & { queryPlain?: (text: string, options?: QueryOptions) => Promise<PlainResult> }> {
  if (kind === 'oxigraph') {
    const { createOxigraphEngine, loadOxigraphStore } = await import('./oxigraph.js');
    return createOxigraphEngine(loadOxigraphStore(nquadsChunks(source)), { federation });
  }
  const text = 'file' in source ? readFileSync(source.file, 'utf8') : Buffer.from(source.nquads).toString('utf8');
  return createComunicaEngine(new Store(new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(text)), { federation });
}

const engine = await loadEngine().catch((error: Error) => {
  if (!isTrap(error)) throw error;
  throw new Error(
    `loading the store needed more than the ${Math.round(wasm.maxBytes / MIB)} MiB of WebAssembly memory a worker may use (${error.message}); raise UPR_QUERY_MEMORY_MB`,
  );
});
/** The WebAssembly memory with the store loaded: what a query adds is measured from here. */
let loadedBytes = 0;
/** Set once the engine trapped: every later request is refused, until the main thread replaces this worker. */
let trapped: string | undefined;

/** Why a trap happened, as the client reads it: exhaustion of memory or stack, named. */
function trapMessage(error: Error): string {
  const grown = (wasmMemory()?.buffer.byteLength ?? 0) - loadedBytes;
  const queryBytes = wasm.maxBytes - loadedBytes;
  const queryMb = Math.floor(queryBytes / MIB);
  // An allocation refused at the cap aborts Oxigraph ("unreachable"); the refused one may be as large as what
  // was used so far (a doubling string), so the memory is then anywhere past a quarter of the query's share.
  if (/unreachable/.test(error.message) && grown >= queryBytes / 4) {
    return `The query needed more memory than the ${queryMb} MiB a query may use, and was stopped.`;
  }
  if (/out of bounds|call stack/i.test(error.message)) {
    return `The query is too deeply nested or too long for the query engine (it exhausted its stack: ${error.message}), and was stopped; write it with fewer nested or chained terms.`;
  }
  return `The query engine failed on this query (${error.name}: ${error.message}) and was stopped.`;
}

const WARM_UP = `SELECT ?s (COUNT(DISTINCT ?o) AS ?n) (GROUP_CONCAT(DISTINCT STR(?l); separator=", ") AS ?ls) (SAMPLE(?d) AS ?x) WHERE {
  { SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 200 }
  OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER(LANGMATCHES(LANG(?l), "en") || REGEX(STR(?l), "a", "i")) }
  OPTIONAL { ?s ^<http://www.w3.org/2000/01/rdf-schema#seeAlso>/<http://www.w3.org/2000/01/rdf-schema#label> ?d }
  MINUS { ?s a <urn:upr-graph:none> }
  FILTER NOT EXISTS { ?s <urn:upr-graph:none> ?o }
  BIND(IF(isIRI(?o), STRLEN(STR(?o)), COALESCE(xsd:integer(?o), 0)) AS ?len)
  VALUES ?k { 1 2 }
} GROUP BY ?s HAVING (COUNT(?o) > 0) ORDER BY DESC(?n) ?s`.replace('xsd:integer', '<http://www.w3.org/2001/XMLSchema#integer>');

/** Why this worker should be replaced after its query: its WebAssembly memory grew past the recycle budget. */
function recycleReason(): string | undefined {
  const grown = (wasmMemory()?.buffer.byteLength ?? 0) - loadedBytes;
  if (loadedBytes === 0 || grown <= wasm.recycleBytes) return undefined;
  return `its WebAssembly memory grew ${Math.round(grown / MIB)} MiB past the loaded store (recycled past ${Math.round(wasm.recycleBytes / MIB)} MiB)`;
}

/** Answers one request; errors travel back by name and message. */
async function answer(request: WorkerRequest): Promise<WorkerReply> {
  try {
    const bindings = request.bindings
      ? (Object.fromEntries(Object.entries(request.bindings).map(([k, t]) => [k, fromPlainTerm(t)])) as Record<string, RDF.Term>)
      : undefined;
    const options: QueryOptions = {
      maxRows: request.maxRows,
      ...(request.baseIri ? { baseIri: request.baseIri } : {}),
      ...(request.defaultGraphs ? { defaultGraphs: request.defaultGraphs } : {}),
      ...(request.namedGraphs ? { namedGraphs: request.namedGraphs } : {}),
      ...(request.unionDefaultGraph === false ? { unionDefaultGraph: false } : {}),
      ...(bindings ? { bindings } : {}),
    };
    if (trapped) return { type: 'error', id: request.id, name: 'QueryResourceError', message: trapped, fatal: true };
    const result = engine.queryPlain
      ? await engine.queryPlain(request.text, options)
      : toPlainResult(await engine.query(request.text, options));
    const recycle = recycleReason();
    return { type: 'result', id: request.id, result, ...(recycle ? { recycle } : {}) };
  } catch (error) {
    const err = error as Error;
    if (isTrap(err)) {
      trapped = trapMessage(err);
      return { type: 'error', id: request.id, name: 'QueryResourceError', message: trapped, fatal: true };
    }
    // JavaScript's own ceilings (a string past V8's longest, a buffer it cannot allocate): exhaustion too, not a fault of the server.
    if (err instanceof RangeError && /invalid (string|array|typed array) length|allocation failed/i.test(err.message)) {
      const message = `The query needed more memory than a query may use (${err.message}), and was stopped.`;
      return { type: 'error', id: request.id, name: 'QueryResourceError', message, recycle: 'a query ran out of memory' };
    }
    const recycle = recycleReason();
    return { type: 'error', id: request.id, name: err.name, message: err.message, ...(recycle ? { recycle } : {}) };
  }
}

// Warm-up queries, so that the first real query does not pay for the engine's start; on Oxigraph the
// second touches the common operators once (WebAssembly functions are compiled on their first call;
// about 0.1 s here, where Comunica would take over a second). On Oxigraph the first also settles the union
// default graph (src/engine/oxigraph-union.ts), so a merged copy counts as part of the loaded store below.
await engine.query('ASK { ?s ?p ?o }').catch(() => undefined);
if (kind === 'oxigraph') await engine.query(WARM_UP, { maxRows: 1 }).catch(() => undefined);
loadedBytes = wasmMemory()?.buffer.byteLength ?? 0;
port.on('message', (request: WorkerRequest) => {
  void answer(request).then((reply) => port.postMessage(reply));
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
