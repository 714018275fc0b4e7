// Every saved query, run with its defaults (or its example values) over the real data,
// must give the result recorded in test/golden/<name>.json. Each golden file was checked
// by hand against the source document when written. UPDATE_GOLDEN=1 rewrites them.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Writer } from 'n3';
import { bindParameters, loadSavedQueries, type SavedQuery } from '../src/saved-queries.js';
import { loadedGraph, ROOT } from './support/graph.js';
import { comparable, goldenValues } from './support/golden.js';

export { goldenValues };

// Queries that call remote SERVICEs (`#+ network: true`) are tested by the federation tests.
const queries = new Map([...(await loadSavedQueries(path.join(ROOT, 'queries')))].filter(([, q]) => !q.needsNetwork));

async function run(query: SavedQuery): Promise<unknown> {
  const { engine } = await loadedGraph();
  const result = await engine.query(query.text, { bindings: bindParameters(query, goldenValues(query)) });
  if (result.type === 'boolean') return { boolean: result.value };
  if (result.type === 'quads') {
    const lines = new Writer({ format: 'N-Triples' }).quadsToString(result.quads).trim().split('\n');
    return { triples: [...new Set(lines)].sort() };
  }
  const rows = result.rows.map((row) => Object.fromEntries(result.variables.filter((v) => row[v]).map((v) => [v, row[v].value])));
  // Rows compare as a set: engines may order ties differently.
  rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { variables: result.variables, rows };
}

describe('the saved queries over the 2019 submission', () => {
  it('include at least 20 queries, each with a golden result file', () => {
    expect(queries.size).toBeGreaterThanOrEqual(20);
    for (const name of queries.keys()) expect(existsSync(path.join(ROOT, 'test/golden', `${name}.json`)), name).toBe(true);
  });

  for (const query of queries.values()) {
    it(`"${query.name}" answers as recorded in its golden file`, async () => {
      const file = path.join(ROOT, 'test/golden', `${query.name}.json`);
      const actual = await run(query);
      if (process.env.UPDATE_GOLDEN) await writeFile(file, `${JSON.stringify(actual, null, 2)}\n`);
      const expected = JSON.parse(await readFile(file, 'utf8'));
      expect(comparable(actual, query)).toEqual(comparable(expected, query));
      if ('rows' in expected) expect(expected.rows.length, 'a golden result must not be empty').toBeGreaterThan(0);
    });
  }
});
