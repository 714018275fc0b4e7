// The W3C query-evaluation suite as vitest tests for one engine: every test in
// every mode (run.ts), each expected to pass unless known-failures.ts lists it,
// and a listed test expected to fail, so that the list stays true.
import { describe, expect, it } from 'vitest';
import type { EngineKind } from '../../src/engine/index.js';
import { engines, rawEngines } from './engines.js';
import { KNOWN_FAILURES } from './known-failures.js';
import { loadSuite } from './manifest.js';
import { MODES, notApplicable, runEvaluationTest, type Mode } from './run.js';
import { passCounts, readmeTable, testCounts } from './table.js';

/** The known failure of a test on an engine in a mode, if it is one. */
export function knownFailure(engine: EngineKind, id: string, mode: Mode): string | undefined {
  const known = KNOWN_FAILURES[engine][id];
  return known && (!known.modes || known.modes.includes(mode)) ? known.reason : undefined;
}

export function describeSuite(engine: EngineKind): void {
  const suite = loadSuite();
  // The verdicts of the tests asked as written, for README's table.
  const asWritten = new Map<string, string | undefined>();
  it('lists as known failures only tests of the suite', () => {
    const ids = new Set(suite.evaluation.map((t) => t.id));
    expect(Object.keys(KNOWN_FAILURES[engine]).filter((id) => !ids.has(id))).toEqual([]);
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
        const known = knownFailure(engine, test.id, mode);
        it(known ? `${title} fails, as listed: ${known}` : `${title} passes`, async () => {
          const verdict = await runEvaluationTest(test, engines[engine], mode);
          if (mode === 'query') asWritten.set(test.id, verdict);
          if (known) expect(verdict, 'listed as a known failure, but passes: take it off test/w3c/known-failures.ts').toBeDefined();
          else expect(verdict).toBeUndefined();
        });
      }
    });
  }

  it(`README's pass table gives the passes of ${engine}, and of ${engine} used directly, who fails every test listed as failing it too`, async () => {
    // Filled by the tests above; any not run (a filtered run) are asked now.
    for (const test of suite.evaluation)
      if (!asWritten.has(test.id)) asWritten.set(test.id, await runEvaluationTest(test, engines[engine], 'query'));
    const direct = new Map<string, string | undefined>();
    for (const test of suite.evaluation)
      direct.set(test.id, await runEvaluationTest(test, rawEngines[engine], 'query').catch((e: Error) => e.message));
    const listedRaw = Object.entries(KNOWN_FAILURES[engine])
      .filter(([id, k]) => k.raw && knownFailure(engine, id, 'query'))
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
      table.get(dir)?.[engine],
      table.get(dir)?.[`${engine} direct`],
    ]);
    expect(actual, 'README is out of date: npx tsx test/w3c/report.ts --table').toEqual(expected);
  });
}
