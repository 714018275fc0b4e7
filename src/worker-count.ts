// How many query workers serve a graph when UPR_WORKERS does not say. Each
// worker holds its own copy of the store (WebAssembly memory cannot be shared
// between threads): about 600 B per triple where documents share triples (the
// merged default graph, README "Query engines"), measured with one worker at 1M
// (bench/REPORT.md). Two workers where the machine allows: one keeps answering
// while the other runs a long query or reloads after a timeout. Measured on 2
// cores (bench/REPORT.md, the product's rows): at 100k two answered 2,219-2,503
// requests/s against 1,842 for one; at 1M one answered 3,112 against 3,340 for
// two, in 1,098 MiB for the whole server against 1,718. So: never more workers
// than cores, the copies within a quarter of the memory, and the whole server
// within its 1.5 GB budget.
import os from 'node:os';

const MIB = 2 ** 20;
/** Resident bytes one worker's copy takes per triple (Oxigraph with the merged default graph, measured at 1M). */
export const WORKER_BYTES_PER_TRIPLE = 600;
/** What a worker takes before its store: its V8 isolate and Oxigraph's loading buffers. */
export const WORKER_BASE_BYTES = 96 * MIB;
/** The share of the machine's memory the workers' copies may take together. */
export const WORKERS_MEMORY_SHARE = 0.25;
/** The whole server's memory budget (issue 18), and what it holds besides the workers (measured: 1,098 MiB with one 1M worker). */
export const SERVER_BUDGET_BYTES = 1536 * MIB;
export const SERVER_BASE_BYTES = 450 * MIB;
/** The most workers chosen by default (UPR_WORKERS may ask for more). */
export const MAX_DEFAULT_WORKERS = 2;

export interface Machine {
  cpus: number;
  memoryBytes: number;
}

/** This machine: the cores Node may use and its memory. */
export function thisMachine(): Machine {
  return { cpus: os.availableParallelism(), memoryBytes: os.totalmem() };
}

/** The default number of query workers for a graph of `triples` on `machine`: 1 or 2. */
export function defaultWorkers(triples: number, machine: Machine = thisMachine()): number {
  const perWorker = WORKER_BASE_BYTES + triples * WORKER_BYTES_PER_TRIPLE;
  const byMemory = Math.floor((machine.memoryBytes * WORKERS_MEMORY_SHARE) / perWorker);
  const byBudget = Math.floor((SERVER_BUDGET_BYTES - SERVER_BASE_BYTES) / perWorker);
  return Math.max(1, Math.min(MAX_DEFAULT_WORKERS, machine.cpus, byMemory, byBudget));
}
