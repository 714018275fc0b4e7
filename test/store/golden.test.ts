// Every saved query through our service over Virtuoso (UPR_ENGINE=store), over
// HTTP as a client asks, gives the result recorded in its golden file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSavedQueries } from '../../src/saved-queries.js';
import { comparable, goldenValues } from '../support/golden.js';
import { ROOT } from '../support/graph.js';
import { SKIP_REASON, startTestStore, type TestStore } from './support.js';

const queries = [...(await loadSavedQueries(path.join(ROOT, 'queries'))).values()].filter((q) => !q.needsNetwork);

type JsonTerm = { value: string };

/** The response as a golden file holds it: rows as sets of variable → value, or the sorted N-Triples. */
async function asGolden(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (type.includes('n-triples')) return { triples: [...new Set(text.trim().split('\n'))].sort() };
  const json = JSON.parse(text) as { boolean?: boolean; head: { vars: string[] }; results: { bindings: Array<Record<string, JsonTerm>> } };
  if (typeof json.boolean === 'boolean') return { boolean: json.boolean };
  const rows = json.results.bindings.map((b) => Object.fromEntries(json.head.vars.filter((v) => b[v]).map((v) => [v, b[v].value])));
  rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { variables: json.head.vars, rows };
}

describe.skipIf(SKIP_REASON)(
  `the saved queries through the service over Virtuoso${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`,
  () => {
    let store: TestStore;
    let url: string;
    beforeAll(async () => {
      store = await startTestStore();
      url = (await store.serve()).url;
    }, 120_000);
    afterAll(() => store?.close(), 60_000);

    for (const query of queries) {
      it(`"${query.name}" answers as recorded in its golden file`, async () => {
        const expected = JSON.parse(await readFile(path.join(ROOT, 'test/golden', `${query.name}.json`), 'utf8'));
        const params = new URLSearchParams(goldenValues(query));
        const accept = 'triples' in expected ? 'application/n-triples' : 'application/sparql-results+json';
        const response = await fetch(`${url}/api/queries/${query.name}?${params}`, { headers: { Accept: accept } });
        expect(response.status, await response.clone().text()).toBe(200);
        expect(comparable(await asGolden(response), query, 'store')).toEqual(comparable(expected, query, 'store'));
      });
    }
  },
);
