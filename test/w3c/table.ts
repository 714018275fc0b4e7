// README's table of W3C passes per directory and engine: made from test
// verdicts, and read back from README so that each engine's suite checks its columns.
import { readFileSync } from 'node:fs';
import type { EngineKind } from '../../src/engine/index.js';
import type { EvaluationTest } from './manifest.js';

export const README = new URL('../../README.md', import.meta.url);
const START = '<!-- w3c-pass-table: made by `npx tsx test/w3c/report.ts --table`, checked by test/w3c -->';
const END = '<!-- /w3c-pass-table -->';

export const COLUMNS = ['comunica', 'comunica direct', 'oxigraph', 'oxigraph direct', 'store', 'store direct'] as const;
export type Column = (typeof COLUMNS)[number];
const TITLES: Record<Column, string> = {
  comunica: 'Comunica',
  'comunica direct': 'Comunica used directly',
  oxigraph: 'Oxigraph',
  'oxigraph direct': 'Oxigraph used directly',
  store: 'Store (Virtuoso 7.2)',
  'store direct': 'Virtuoso used directly',
};

/** Passes per directory (and `All`): the tests whose verdict is undefined. */
export function passCounts(tests: EvaluationTest[], verdicts: Map<string, string | undefined>): Map<string, number> {
  const counts = new Map<string, number>();
  let all = 0;
  for (const test of tests) {
    const pass = verdicts.has(test.id) && verdicts.get(test.id) === undefined ? 1 : 0;
    counts.set(test.directory, (counts.get(test.directory) ?? 0) + pass);
    all += pass;
  }
  return counts.set('All', all);
}

/** Tests per directory (and `All`). */
export function testCounts(tests: EvaluationTest[]): Map<string, number> {
  return passCounts(tests, new Map(tests.map((t) => [t.id, undefined])));
}

/** The table as Markdown, between its markers. */
export function formatTable(tests: EvaluationTest[], columns: Record<Column, Map<string, number>>): string {
  const totals = testCounts(tests);
  const lines = [
    START,
    `| Directory | Tests | ${COLUMNS.map((c) => TITLES[c]).join(' | ')} |`,
    `|---|--:|${COLUMNS.map(() => '--:').join('|')}|`,
  ];
  for (const [directory, total] of totals) {
    const name = directory === 'All' ? '**All**' : `\`${directory}\``;
    lines.push(`| ${name} | ${total} | ${COLUMNS.map((c) => columns[c].get(directory) ?? 0).join(' | ')} |`);
  }
  return [...lines, END].join('\n');
}

/** README's table: per directory (and `All`), the tests and each column's passes. */
export function readmeTable(): Map<string, { tests: number } & Record<Column, number>> {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error('README has no W3C pass table between its markers');
  const rows = new Map<string, { tests: number } & Record<Column, number>>();
  for (const line of text.slice(start, end).split('\n').slice(3)) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length !== COLUMNS.length + 2) continue;
    const numbers = cells.slice(1).map(Number);
    rows.set(cells[0].replace(/[`*]/g, ''), { tests: numbers[0], ...Object.fromEntries(COLUMNS.map((c, i) => [c, numbers[i + 1]])) } as {
      tests: number;
    } & Record<Column, number>);
  }
  return rows;
}

export type { EngineKind };
