// The engine folder as its callers see it: the Engine interface, its results and
// errors, planning, and the two ways to build an engine (Comunica in this thread,
// or a pool of worker threads). Oxigraph (oxigraph.ts) is not re-exported: it is
// imported on demand, so that a process that never runs it never loads its WebAssembly.
export {
  type Engine,
  type EngineKind,
  formatDuration,
  type QuadSource,
  QueryCancelledError,
  QueryLimitError,
  type QueryOptions,
  QueryResourceError,
  type QueryResult,
  QuerySyntaxError,
  QueryTimeoutError,
  type Row,
  ServiceFailedError,
  ServiceForbiddenError,
  UpdateForbiddenError,
} from './engine.js';
export { createComunicaEngine } from './comunica.js';
export { type NquadsSource, nquadsChunks } from './nquads-chunks.js';
export { planQuery, type QueryPlan } from './plan.js';
export { QueryRateLimitError } from './pool.js';
export { createWorkerEngine, type WorkerEngine, type WorkerEngineOptions } from './worker-engine.js';
