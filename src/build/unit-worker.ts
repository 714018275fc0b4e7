// The body of one build worker thread: checks the units it is sent, one at a
// time, keeping each conforming one in the cache, and answers with the result.
import { parentPort, workerData } from 'node:worker_threads';
import type { BuildInputs, BuildUnit } from './inputs.js';
import { checkAndKeep, unitChecker } from './units.js';

const port = parentPort;
if (!port) throw new Error('unit-worker.ts runs as a worker thread (src/build/unit-pool.ts)');
const check = unitChecker((workerData as { inputs: BuildInputs }).inputs);
port.on('message', (job: { unit: BuildUnit; file: string }) => {
  checkAndKeep(check, job.unit, job.file).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage({ failed: (error as Error)?.stack ?? String(error) }),
  );
});
