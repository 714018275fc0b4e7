// The W3C query-evaluation suite as vitest tests for one engine: every test in
// every mode (run.ts), each expected to pass unless known-failures.ts lists it,
// and a listed test expected to fail, so that the list stays true.
import { describe, expect, it } from 'vitest';
import type { EngineKind } from '../../src/engine.js';
import { engines } from './engines.js';
import { KNOWN_FAILURES } from './known-failures.js';
import { loadSuite } from './manifest.js';
import { MODES, notApplicable, runEvaluationTest, type Mode } from './run.js';

/** The known failure of a test on an engine in a mode, if it is one. */
export function knownFailure(engine: EngineKind, id: string, mode: Mode): string | undefined {
  const known = KNOWN_FAILURES[engine][id];
  return known && (!known.modes || known.modes.includes(mode)) ? known.reason : undefined;
}

export function describeSuite(engine: EngineKind): void {
  const suite = loadSuite();
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
          if (known) expect(verdict, 'listed as a known failure, but passes: take it off test/w3c/known-failures.ts').toBeDefined();
          else expect(verdict).toBeUndefined();
        });
      }
    });
  }
}
