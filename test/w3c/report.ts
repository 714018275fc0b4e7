// Runs the suite on the engines named on the command line and prints each failure: `npx tsx test/w3c/report.ts comunica raw-oxigraph`.
import { loadSuite } from './manifest.js';
import { runEvaluationTest } from './run.js';
import { engines, rawEngines } from './engines.js';

for (const name of process.argv.slice(2)) {
  const evaluate = name.startsWith('raw-') ? rawEngines[name.slice(4) as 'comunica'] : engines[name as 'comunica'];
  const started = Date.now();
  let failed = 0;
  for (const test of loadSuite().evaluation) {
    const verdict = await runEvaluationTest(test, evaluate).catch((e: Error) => `harness error: ${e.message}`);
    if (verdict) {
      failed++;
      console.log(`${name}\t${test.id}\t${verdict.slice(0, 300)}`);
    }
  }
  console.log(`${name}: ${loadSuite().evaluation.length - failed} of ${loadSuite().evaluation.length} pass (${Date.now() - started} ms)`);
}
