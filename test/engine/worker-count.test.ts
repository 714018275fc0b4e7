// How many query workers serve a graph by default: two where the cores and the
// memory allow, one on a single core, where two copies of the store would take
// more than a quarter of the memory, or where two would take the whole server
// past its 1.5 GB budget; UPR_WORKERS decides when given.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { start } from '../../src/server.js';
import { defaultWorkers, WORKER_BASE_BYTES, WORKER_BYTES_PER_TRIPLE } from '../../src/worker-count.js';
import { ROOT } from '../support/graph.js';

const GIB = 2 ** 30;

describe('the default number of query workers', () => {
  it('is two for 100k triples and one for a million on 2 cores and 24 GiB, as measured on this project’s machine', () => {
    expect(defaultWorkers(100_000, { cpus: 2, memoryBytes: 24 * GIB })).toBe(2);
    // Two copies at 1M would take the whole server past 1.5 GB (1,718 MiB measured), for no more requests a second.
    expect(defaultWorkers(1_000_000, { cpus: 2, memoryBytes: 24 * GIB })).toBe(1);
  });

  it('is never more than two, however many cores, and never more than the cores', () => {
    expect(defaultWorkers(100_000, { cpus: 64, memoryBytes: 256 * GIB })).toBe(2);
    expect(defaultWorkers(1_000, { cpus: 1, memoryBytes: 24 * GIB })).toBe(1);
  });

  it('is one where two copies of the store would take more than a quarter of the memory, and never zero', () => {
    const perWorker = WORKER_BASE_BYTES + 100_000 * WORKER_BYTES_PER_TRIPLE;
    expect(defaultWorkers(100_000, { cpus: 2, memoryBytes: 8 * perWorker - 1 })).toBe(1);
    expect(defaultWorkers(100_000, { cpus: 2, memoryBytes: 8 * perWorker })).toBe(2);
    expect(defaultWorkers(100_000_000, { cpus: 2, memoryBytes: 2 * GIB })).toBe(1);
  });

  it('is unset in the configuration unless UPR_WORKERS says, and the server names its choice', async () => {
    expect(loadConfig({}).workers).toBeUndefined();
    expect(loadConfig({ UPR_WORKERS: '3' }).workers).toBe(3);
    const logs: string[] = [];
    const server = await start(loadConfig({}, { root: ROOT, host: '127.0.0.1', port: 0 }), { log: (line) => logs.push(line) });
    await server.close();
    const expected = defaultWorkers(server.triples);
    expect(logs).toContainEqual(`query workers: ${expected} (for the size of the graph on this machine; UPR_WORKERS sets it)`);
  });
});
