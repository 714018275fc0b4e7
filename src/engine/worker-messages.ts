// What the main thread and a query worker say to each other, and what a worker is started with.
import type { FederationSettings } from '../federation/policy.js';
import type { EngineKind } from './engine.js';
import type { NquadsSource } from './nquads-chunks.js';
import type { PlainResult, PlainTerm } from './terms.js';
import type { WasmBudget } from './wasm-memory.js';

/** What the main thread sends a worker: one query, already checked and prepared. */
export interface WorkerRequest {
  id: number;
  text: string;
  maxRows: number;
  baseIri?: string;
  defaultGraphs?: string[];
  namedGraphs?: string[];
  bindings?: Record<string, PlainTerm>;
  unionDefaultGraph?: false;
}

/** What a worker answers: readiness once, then one reply per request. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: PlainResult; recycle?: string }
  // fatal: the engine trapped and the worker must not answer again; recycle: why the worker should be replaced after this answer.
  | { type: 'error'; id: number; name: string; message: string; fatal?: boolean; recycle?: string };

/** What a worker is started with. */
export interface WorkerData {
  source: NquadsSource;
  federation: FederationSettings;
  engine: EngineKind;
  /** The WebAssembly memory an Oxigraph worker may use, and when it is recycled. */
  wasm: WasmBudget;
}
