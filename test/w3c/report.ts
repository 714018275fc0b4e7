// Runs the suite on the engines named on the command line and prints each failure:
// `npx tsx test/w3c/report.ts comunica raw-oxigraph oxigraph:protocol` (the mode after a colon, see run.ts).
// `--table` prints README's pass table instead (every engine, as written, and each engine used directly).
import { loadSuite, type EvaluationTest } from './manifest.js';
import { notApplicable, runEvaluationTest, type Evaluator, type Mode } from './run.js';
import { engines, rawEngines } from './engines.js';
import { formatTable, passCounts, type Column } from './table.js';

/** Every applicable test's verdict (undefined: passed). */
export async function verdicts(tests: EvaluationTest[], evaluate: Evaluator, mode: Mode): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  for (const test of tests) {
    if (notApplicable(test, mode)) continue;
    out.set(test.id, await runEvaluationTest(test, evaluate, mode).catch((e: Error) => `harness error: ${e.message}`));
  }
  return out;
}

const tests = loadSuite().evaluation;
if (process.argv[2] === '--table') {
  const columns = {} as Record<Column, Map<string, number>>;
  for (const engine of ['comunica', 'oxigraph'] as const) {
    columns[engine] = passCounts(tests, await verdicts(tests, engines[engine], 'query'));
    columns[`${engine} direct`] = passCounts(tests, await verdicts(tests, rawEngines[engine], 'query'));
  }
  console.log(formatTable(tests, columns));
} else {
  for (const arg of process.argv.slice(2)) {
    const [name, mode = 'query'] = arg.split(':') as [string, Mode];
    const evaluate = name.startsWith('raw-') ? rawEngines[name.slice(4) as 'comunica'] : engines[name as 'comunica'];
    const started = Date.now();
    const results = await verdicts(tests, evaluate, mode);
    for (const [id, verdict] of results) if (verdict) console.log(`${arg}\t${id}\t${verdict.slice(0, 300)}`);
    const passed = [...results.values()].filter((v) => v === undefined).length;
    console.log(`${arg}: ${passed} of ${results.size} pass (${Date.now() - started} ms)`);
  }
}
