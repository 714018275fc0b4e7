// The W3C SPARQL 1.0 and 1.1 query-evaluation tests on the store engine over a
// Virtuoso of this file's own (store.ts; see suite.ts). Skipped where Virtuoso
// is not installed.
import { afterAll, beforeAll, describe } from 'vitest';
import { virtuosoInstalled } from '../../src/store/virtuoso.js';
import { STORE_KNOWN_FAILURES } from './store-known-failures.js';
import { startW3cStore, type W3cStore } from './store.js';
import { describeTarget } from './suite.js';

const SKIP_REASON = virtuosoInstalled() ? undefined : 'Virtuoso is not installed (apt-get install virtuoso-opensource)';

describe.skipIf(SKIP_REASON)(`the W3C suite on the store engine over Virtuoso${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
  let store: W3cStore;
  beforeAll(async () => {
    store = await startW3cStore();
  }, 120_000);
  afterAll(() => store?.close(), 60_000);
  describeTarget({ column: 'store', evaluate: () => store.engine, raw: () => store.raw, known: STORE_KNOWN_FAILURES });
});
