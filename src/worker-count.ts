// How many query workers serve a graph when UPR_WORKERS does not say. Each
// worker holds its own copy of the store (WebAssembly memory cannot be shared
// between threads): about 450 B per triple, measured with one worker at 1M
// triples (bench/REPORT.md, "Load and memory"). Two workers where the machine
// allows: one keeps answering while the other runs a long query or reloads
// after a timeout. Measured on 2 cores (README, "Benchmark"): at 1M triples the
// whole server holds 1.25 GiB with two, 0.85 GiB with one (both within the
// 1.5 GB target); at 100k two answered 411 requests/s against 389 for one.
// Never more workers than cores, and the copies within a quarter of the memory.
import os from 'node:os';

const MIB = 2 ** 20;
/** Resident bytes one worker's copy takes per triple (Oxigraph, measured at 1M). */
export const WORKER_BYTES_PER_TRIPLE = 450;
/** What a worker takes before its store: its V8 isolate and Oxigraph's loading buffers. */
export const WORKER_BASE_BYTES = 96 * MIB;
/** The share of the machine's memory the workers' copies may take together. */
export const WORKERS_MEMORY_SHARE = 0.25;
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
  return Math.max(1, Math.min(MAX_DEFAULT_WORKERS, machine.cpus, byMemory));
}
