// Units checked in worker threads (unit-worker.ts), as many at once as there
// are workers: parsing and SHACL are CPU-bound, and documents independent.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BuildInputs, BuildUnit } from './inputs.js';
import type { UnitResult } from './units.js';

/** A build worker: the compiled unit-worker.js, or, from the TypeScript source (tsx, vitest), the source under tsx. */
function startWorker(inputs: BuildInputs): Worker {
  const self = import.meta.url;
  if (!/\.ts$/.test(new URL(self).pathname)) return new Worker(new URL('./unit-worker.js', self), { workerData: { inputs } });
  const require = createRequire(self);
  const tsxApi = pathToFileURL(require.resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./unit-worker.ts', self).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true, workerData: { inputs } });
}

/** Checks `jobs` in up to `count` workers; the results in the jobs' order. A worker that fails ends the build with its error. */
export async function checkInWorkers(
  inputs: BuildInputs,
  jobs: Array<{ unit: BuildUnit; file: string }>,
  count: number,
): Promise<UnitResult[]> {
  const results: UnitResult[] = new Array(jobs.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(count, jobs.length) }, () => startWorker(inputs));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let current = -1;
            const give = () => {
              if (next >= jobs.length) return resolve();
              current = next++;
              worker.postMessage(jobs[current]);
            };
            worker.on('message', (reply: UnitResult | { failed: string }) => {
              if ('failed' in reply)
                return reject(new Error(`checking ${jobs[current].unit.id} failed in a build worker: ${reply.failed}`));
              results[current] = reply;
              give();
            });
            worker.once('error', reject);
            worker.once('exit', (code) =>
              next < jobs.length || results[current] === undefined ? reject(new Error(`a build worker exited (${code})`)) : resolve(),
            );
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
