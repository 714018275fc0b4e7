// Runs the suite on the engines named on the command line and prints each failure:
// `npx tsx test/w3c/report.ts comunica raw-oxigraph oxigraph:protocol store raw-store` (the mode
// after a colon, see run.ts; `store` starts a Virtuoso of its own, store.ts).
// `--table` prints README's pass table instead (every engine, as written, and each engine used directly).
import { loadSuite, type EvaluationTest } from './manifest.js';
import { notApplicable, runEvaluationTest, type Evaluator, type Mode } from './run.js';
import { engines, rawEngines } from './engines.js';
import { startW3cStore, type W3cStore } from './store.js';
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

/** The evaluator a command-line name stands for: an engine, `raw-` and an engine used directly. */
function evaluator(name: string, store: W3cStore | undefined): Evaluator {
  if (name === 'store' || name === 'raw-store') return name === 'store' ? store!.engine : store!.raw;
  return name.startsWith('raw-') ? rawEngines[name.slice(4) as 'comunica'] : engines[name as 'comunica'];
}

const tests = loadSuite().evaluation;
const args = process.argv.slice(2);
const store = args.some((a) => a === '--table' || /^(raw-)?store\b/.test(a)) ? await startW3cStore() : undefined;
try {
  if (args[0] === '--table') {
    const columns = {} as Record<Column, Map<string, number>>;
    for (const engine of ['comunica', 'oxigraph', 'store'] as const) {
      columns[engine] = passCounts(tests, await verdicts(tests, evaluator(engine, store), 'query'));
      columns[`${engine} direct`] = passCounts(tests, await verdicts(tests, evaluator(`raw-${engine}`, store), 'query'));
    }
    console.log(formatTable(tests, columns));
  } else {
    for (const arg of args) {
      const [name, mode = 'query'] = arg.split(':') as [string, Mode];
      const started = Date.now();
      const results = await verdicts(tests, evaluator(name, store), mode);
      for (const [id, verdict] of results) if (verdict) console.log(`${arg}\t${id}\t${verdict.slice(0, 300)}`);
      const passed = [...results.values()].filter((v) => v === undefined).length;
      console.log(`${arg}: ${passed} of ${results.size} pass (${Date.now() - started} ms)`);
    }
  }
} finally {
  await store?.close();
}
if (store) console.error(`store: ${store.loads.count} datasets loaded in ${Math.round(store.loads.ms)} ms`);
