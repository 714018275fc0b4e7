// Runs the suite on the engines named on the command line and prints each failure:
// `npx tsx test/w3c/report.ts comunica raw-oxigraph oxigraph:protocol` (the mode after a colon, see run.ts).
import { loadSuite } from './manifest.js';
import { notApplicable, runEvaluationTest, type Mode } from './run.js';
import { engines, rawEngines } from './engines.js';

for (const arg of process.argv.slice(2)) {
  const [name, mode = 'query'] = arg.split(':') as [string, Mode];
  const evaluate = name.startsWith('raw-') ? rawEngines[name.slice(4) as 'comunica'] : engines[name as 'comunica'];
  const started = Date.now();
  let failed = 0;
  let skipped = 0;
  for (const test of loadSuite().evaluation) {
    if (notApplicable(test, mode)) {
      skipped++;
      continue;
    }
    const verdict = await runEvaluationTest(test, evaluate, mode).catch((e: Error) => `harness error: ${e.message}`);
    if (verdict) {
      failed++;
      console.log(`${arg}\t${test.id}\t${verdict.slice(0, 300)}`);
    }
  }
  const run = loadSuite().evaluation.length - skipped;
  console.log(`${arg}: ${run - failed} of ${run} pass (${Date.now() - started} ms)`);
}
