// The benchmark works: `npm run bench -- --smoke` generates a tiny graph, runs
// every saved and analyst query on Comunica, our Oxigraph engine and Oxigraph
// directly, load-tests the endpoint, times the product (build, start, first
// query, memory) on the tiny graph as a data folder, and exits 1 if the engines
// disagree on a result count. Its report goes to stdout.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadSavedQueries } from '../../src/saved-queries.js';
import { ROOT } from '../support/graph.js';

const run = promisify(execFile);

describe('npm run bench -- --smoke', () => {
  it('measures every query on every engine, and the engines agree on every count', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke'], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 250_000,
    });
    expect(stdout).toMatch(/Every query that answered gave the same number of rows/);
    expect(stdout).not.toMatch(/MISMATCH/);
    const saved = [...(await loadSavedQueries(path.join(ROOT, 'queries'))).values()].filter((q) => !q.needsNetwork);
    for (const q of saved) {
      // One row per query: its count, then a time (not a timeout or an error) for each of the three engines.
      const row = stdout.split('\n').find((line) => line.startsWith(`| ${q.name} | `) && line.split('|').length > 8);
      expect(row, q.name).toBeDefined();
      const cells = row!.split('|').map((c) => c.trim());
      expect(
        cells.slice(3, 6).every((c) => /^\d+(\.\d+)? (ms|s)$/.test(c)),
        row,
      ).toBe(true);
    }
    expect(stdout).toMatch(/\| Oxigraph engine \(ours, workers\) \| selective-join \| 32 \|/);
    // Load and memory for every engine, and for our Oxigraph engine with one worker (one store).
    for (const label of ['Comunica/N3', 'Oxigraph engine \\(ours, workers\\)', 'Oxigraph engine \\(ours, 1 worker\\)', 'Oxigraph direct']) {
      expect(stdout).toMatch(new RegExp(`\\| 5,000 \\(\\d+ docs\\) \\| ${label} \\| [\\d,]+ \\| `));
    }
    // The product: a cold build and a warm start of the server on the graph as a data folder.
    expect(stdout).toMatch(
      /\| 5,000 \(\d+ docs\) \| default \| [\d.]+ s \| \d+ MiB \| [\d.]+ s \| \d+ ms \| [\w-]+ \d+ ms \| \d+ MiB \| \d+ \| \d+ \|/,
    );
  }, 260_000);
});
