// Every saved query, run with its defaults (or its example values) over the real data,
// must give the result recorded in test/golden/<name>.json. Each golden file was checked
// by hand against the source document when written. UPDATE_GOLDEN=1 rewrites them.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Writer } from 'n3';
import { bindParameters, loadSavedQueries, type SavedQuery } from '../src/saved-queries.js';
import { loadedGraph, ROOT, TEST_ENGINE } from './support/graph.js';
import { countVariables, groupConcatVariables, sortedConcat } from './support/compare.js';

// Queries that call remote SERVICEs (`#+ network: true`) are tested by the federation tests.
const queries = new Map([...(await loadSavedQueries(path.join(ROOT, 'queries')))].filter(([, q]) => !q.needsNetwork));

/** The values a saved query runs with in its golden test: defaults, else examples of required parameters. */
export function goldenValues(query: SavedQuery): Record<string, string> {
  const values: Record<string, string> = {};
  for (const p of query.parameters) {
    if (p.default === undefined && p.required && p.example !== undefined) values[p.name] = p.example;
  }
  return values;
}

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

/**
 * On Oxigraph, a golden file (recorded on Comunica) is compared up to what SPARQL leaves
 * open or Oxigraph writes canonically: the order of GROUP_CONCAT parts, numbers by value
 * ("7.0" and "7"), and a COUNT over unbound values, which Comunica leaves unbound and
 * SPARQL 1.1 (and Oxigraph) count as 0.
 */
function comparable(result: unknown, query: SavedQuery): unknown {
  if (TEST_ENGINE === 'comunica' || !result || typeof result !== 'object' || !('rows' in result)) return result;
  const { variables, rows } = result as { variables: string[]; rows: Array<Record<string, string>> };
  const concat = groupConcatVariables(query.text);
  const counts = countVariables(query.text);
  const cell = (v: string, value: string | undefined) => {
    if (value === undefined) return counts.has(v) ? '0' : undefined;
    if (concat.has(v)) return sortedConcat(value, concat.get(v)!);
    return /^[+-]?\d+(\.\d+)?$/.test(value) ? String(Number(value)) : value;
  };
  const normalised = rows.map((row) =>
    Object.fromEntries(variables.map((v) => [v, cell(v, row[v])]).filter(([, value]) => value !== undefined)),
  );
  return { variables, rows: normalised.map((r) => JSON.stringify(r)).sort() };
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
