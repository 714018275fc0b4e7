// How a saved query's result is held against its golden file (test/golden/<name>.json):
// the values it runs with, and what the comparison leaves open per engine.
import type { SavedQuery } from '../../src/saved-queries.js';
import { countVariables, groupConcatVariables, sortedConcat } from './compare.js';
import { TEST_ENGINE } from './graph.js';

/** The values a saved query runs with in its golden test: defaults, else examples of required parameters. */
export function goldenValues(query: SavedQuery): Record<string, string> {
  const values: Record<string, string> = {};
  for (const p of query.parameters) {
    if (p.default === undefined && p.required && p.example !== undefined) values[p.name] = p.example;
  }
  return values;
}

/**
 * On Oxigraph (and a store), a golden file (recorded on Comunica) is compared up to what SPARQL leaves
 * open or the engine writes canonically: the order of GROUP_CONCAT parts, numbers by value
 * ("7.0" and "7"), and a COUNT over unbound values, which Comunica leaves unbound and
 * SPARQL 1.1 (and Oxigraph) count as 0.
 */
export function comparable(result: unknown, query: SavedQuery, engine: string = TEST_ENGINE): unknown {
  if (engine === 'comunica' || !result || typeof result !== 'object' || !('rows' in result)) return result;
  const { variables, rows } = result as { variables: string[]; rows: Array<Record<string, string>> };
  const concat = groupConcatVariables(query.text);
  const counts = countVariables(query.text);
  const cell = (v: string, value: string | undefined) => {
    if (value === undefined) return counts.has(v) ? '0' : undefined;
    // GROUP_CONCAT of no values: SPARQL 1.1 says "", which a store gives; Comunica and Oxigraph leave it unbound.
    if (concat.has(v) && value === '' && engine === 'store') return undefined;
    if (concat.has(v)) return sortedConcat(value, concat.get(v)!);
    return /^[+-]?\d+(\.\d+)?$/.test(value) ? String(Number(value)) : value;
  };
  const normalised = rows.map((row) =>
    Object.fromEntries(variables.map((v) => [v, cell(v, row[v])]).filter(([, value]) => value !== undefined)),
  );
  return { variables, rows: normalised.map((r) => JSON.stringify(r)).sort() };
}
