// The W3C query-evaluation suite as vitest tests for one engine: every test in
// every mode (run.ts), each expected to pass unless its known-failures list
// names it, and a listed test expected to fail, so that the list stays true.
import { describe, expect, it } from 'vitest';
import type { EngineKind } from '../../src/engine/index.js';
import { engines, rawEngines } from './engines.js';
import { KNOWN_FAILURES, type KnownFailure } from './known-failures.js';
import { loadSuite } from './manifest.js';
import { type Evaluator, MODES, notApplicable, runEvaluationTest, type Mode } from './run.js';
import { passCounts, readmeTable, testCounts } from './table.js';

/** What the suite runs on: README's column, the evaluator and the same engine used directly (read when the tests run), its known failures. */
export interface SuiteTarget {
  column: EngineKind | 'store';
  evaluate: () => Evaluator;
  raw: () => Evaluator;
  known: Record<string, KnownFailure>;
}

/** The known failure of a test in a mode, if it is one. */
export function knownFailure(known: Record<string, KnownFailure>, id: string, mode: Mode): string | undefined {
  const entry = known[id];
  return entry && (!entry.modes || entry.modes.includes(mode)) ? entry.reason : undefined;
}

export function describeSuite(engine: EngineKind): void {
  describeTarget({ column: engine, evaluate: () => engines[engine], raw: () => rawEngines[engine], known: KNOWN_FAILURES[engine] });
}

export function describeTarget({ column, evaluate, raw, known }: SuiteTarget): void {
  const suite = loadSuite();
  // The verdicts of the tests asked as written, ours and the engine's used directly, for README's table.
  const asWritten = new Map<string, string | undefined>();
  const direct = new Map<string, string | undefined>();
  const askDirectly = async (test: (typeof suite.evaluation)[number]) =>
    direct.set(test.id, await runEvaluationTest(test, raw(), 'query').catch((e: Error) => e.message));
  it('lists as known failures only tests of the suite', () => {
    const ids = new Set(suite.evaluation.map((t) => t.id));
    expect(Object.keys(known).filter((id) => !ids.has(id))).toEqual([]);
  });
  for (const mode of Object.keys(MODES) as Mode[]) {
    describe(`asked ${MODES[mode]}`, () => {
      for (const test of suite.evaluation) {
        const title = `${test.id} (${test.name})`;
        const why = notApplicable(test, mode);
        if (why) {
          it.skip(`${title}: not asked, ${why}`, () => {});
          continue;
        }
        const reason = knownFailure(known, test.id, mode);
        it(reason ? `${title} fails, as listed: ${reason}` : `${title} passes`, async () => {
          const verdict = await runEvaluationTest(test, evaluate(), mode);
          if (mode === 'query') {
            asWritten.set(test.id, verdict);
            // Asked directly right after, while its dataset is loaded (a store's load is the slow part).
            await askDirectly(test);
          }
          if (reason) expect(verdict, 'listed as a known failure, but passes: take it off its known-failures list').toBeDefined();
          else expect(verdict).toBeUndefined();
        });
      }
    });
  }

  it(`README's pass table gives the passes of ${column}, and of ${column} used directly, who fails every test listed as failing it too`, async () => {
    // Filled by the tests above; any not run (a filtered run) are asked now.
    for (const test of suite.evaluation) {
      if (!asWritten.has(test.id)) asWritten.set(test.id, await runEvaluationTest(test, evaluate(), 'query'));
      if (!direct.has(test.id)) await askDirectly(test);
    }
    const listedRaw = Object.entries(known)
      .filter(([id, k]) => k.raw && knownFailure(known, id, 'query'))
      .map(([id]) => id);
    expect(
      listedRaw.filter((id) => direct.get(id) === undefined),
      'listed as failing used directly too, but passes so',
    ).toEqual([]);
    const ours = passCounts(suite.evaluation, asWritten);
    const theirs = passCounts(suite.evaluation, direct);
    const tests = testCounts(suite.evaluation);
    const table = readmeTable();
    const expected = [...tests.keys()].map((dir) => [dir, tests.get(dir), ours.get(dir), theirs.get(dir)]);
    const actual = [...tests.keys()].map((dir) => [
      dir,
      table.get(dir)?.tests,
      table.get(dir)?.[column],
      table.get(dir)?.[`${column} direct`],
    ]);
    expect(actual, 'README is out of date: npx tsx test/w3c/report.ts --table').toEqual(expected);
  });
}
