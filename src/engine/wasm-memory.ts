// Oxigraph's memory, bounded. Its WebAssembly memory grows as a query needs
// and never shrinks, outside the V8 heap that a worker's resourceLimits cap:
// one string-doubling query took a worker to 4 GB. So a query worker compiles
// Oxigraph's module with a maximum written into its memory section (the module
// declares none): an allocation past it fails inside Oxigraph, which traps, and
// the worker is replaced (src/engine/pool.ts). A worker whose memory grew past
// the recycle budget over its loaded store is replaced after its query, which
// gives the memory back to the system.
import os from 'node:os';

const PAGE = 64 * 1024;
const MIB = 1024 * 1024;
/** WebAssembly's 32-bit memories hold at most 65,536 pages (4 GiB). */
const MAX_PAGES = 65_536;

/** What a worker is told of its WebAssembly memory. */
export interface WasmBudget {
  /** The memory's maximum, in bytes: the loaded store's estimate plus what one query may use. */
  maxBytes: number;
  /** A worker whose memory grew more than this past its loaded store, in bytes, is replaced after its query. */
  recycleBytes: number;
}

/**
 * The budget of each worker: a query may use `queryMemoryMb` (by default a
 * share of the machine's memory: a quarter of it over the workers, from 256
 * MiB to 2 GiB) beyond the store, which is estimated at four times its N-Quads
 * bytes (measured: about 2.5 times) plus 256 MiB (Oxigraph's bulk loader takes
 * 160 MiB of buffers however little it loads).
 */
export function wasmBudget(nquadsBytes: number, workers: number, queryMemoryMb?: number, recycleMb?: number): WasmBudget {
  const share = Math.floor(os.totalmem() / MIB / 4 / Math.max(1, workers));
  const queryMb = queryMemoryMb ?? Math.min(2048, Math.max(256, share));
  const store = nquadsBytes * 4 + 256 * MIB;
  return { maxBytes: Math.min(MAX_PAGES * PAGE, store + queryMb * MIB), recycleBytes: (recycleMb ?? 128) * MIB };
}

/** Reads an unsigned LEB128 number at `at`: its value and where it ends. */
function readLeb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

/**
 * The module's bytes with its (one, 32-bit, unshared) memory limited to
 * `maxBytes`; the bytes unchanged when the module defines no memory of its own.
 */
export function capWasmMemory(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const maxPages = Math.max(1, Math.min(MAX_PAGES, Math.floor(maxBytes / PAGE)));
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, body] = readLeb(bytes, at + 1);
    if (id === 5) {
      const [count, limitsAt] = readLeb(bytes, body);
      const flags = bytes[limitsAt];
      if (count !== 1 || flags > 1) throw new Error(`unexpected WebAssembly memory section (${count} memories, flags ${flags})`);
      const [min, minEnd] = readLeb(bytes, limitsAt + 1);
      const end = flags === 1 ? readLeb(bytes, minEnd)[1] : minEnd;
      const content = [...leb(1), 1, ...leb(min), ...leb(Math.max(min, maxPages))];
      const section = [5, ...leb(content.length + (body + size - end)), ...content];
      const parts = [bytes.subarray(0, at), Uint8Array.from(section), bytes.subarray(end)];
      return Buffer.concat(parts.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
    }
    at = body + size;
  }
  return bytes;
}

/**
 * From now on in this thread, every WebAssembly module defining its own memory
 * is compiled with the maximum of `budget`; returns a function giving the last
 * such memory instantiated (Oxigraph's, once it is imported).
 */
export function capWebAssemblyMemory(budget: WasmBudget): () => WebAssembly.Memory | undefined {
  const { Module, Instance } = WebAssembly;
  let memory: WebAssembly.Memory | undefined;
  // biome-ignore lint/complexity/useArrowFunction: WebAssembly.Module is called with `new`, which an arrow function refuses.
  const Capped = function (bytes: BufferSource) {
    const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(ArrayBuffer.isView(bytes) ? bytes.buffer : bytes);
    return new Module(capWasmMemory(view, budget.maxBytes) as Uint8Array<ArrayBuffer>);
  } as unknown as typeof WebAssembly.Module;
  Object.assign(Capped, Module);
  Capped.prototype = Module.prototype;
  // biome-ignore lint/complexity/useArrowFunction: WebAssembly.Instance is called with `new`, as above.
  const Watched = function (module: WebAssembly.Module, imports?: WebAssembly.Imports) {
    const instance = new Instance(module, imports);
    if (instance.exports.memory instanceof WebAssembly.Memory) memory = instance.exports.memory;
    return instance;
  } as unknown as typeof WebAssembly.Instance;
  Watched.prototype = Instance.prototype;
  Object.assign(WebAssembly, { Module: Capped, Instance: Watched });
  return () => memory;
}

/** Whether an error is a WebAssembly trap or stack overflow: the instance that threw it cannot be trusted any more. */
export function isTrap(error: unknown): boolean {
  if (error instanceof WebAssembly.RuntimeError) return true;
  return error instanceof RangeError && /call stack|out of memory|Memory/i.test(error.message);
}
