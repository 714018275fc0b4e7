// The W3C SPARQL 1.0 and 1.1 query-evaluation tests on the store engine over a
// Virtuoso of this file's own (store.ts; see suite.ts). Skipped where Virtuoso
// is not installed.
import { DataFactory, Store } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('resolves the relative IRIs of a text sent as it is against the base IRI given, as the other engines do', async () => {
    const { namedNode, literal, quad } = DataFactory;
    const data = new Store([quad(namedNode('http://example.org/dir/x'), namedNode('http://example.org/dir/p'), literal('v'))]);
    const result = await store.engine(data, 'SELECT ?o { <x> <p> ?o }', { baseIri: 'http://example.org/dir/query.rq' });
    expect(result.type === 'bindings' && result.rows.map((r) => r.o.value)).toEqual(['v']);
  });
});
