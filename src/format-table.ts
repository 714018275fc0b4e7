// Plain-text, CSV and JSON renderings of SELECT rows for the command line.
import type * as RDF from '@rdfjs/types';
import { shorten } from './namespaces.js';
import type { Row } from './engine/index.js';
import { csvRecords } from './export/csv-records.js';

/** A term as a person reads it: prefixed IRI, or the literal's text. */
export function displayTerm(term: RDF.Term | undefined): string {
  if (!term) return '';
  if (term.termType === 'NamedNode') return shorten(term.value);
  if (term.termType === 'BlankNode') return `_:${term.value}`;
  return term.value;
}

/** An aligned text table with a header row. */
export function textTable(variables: string[], rows: Row[]): string {
  const cells = rows.map((row) => variables.map((v) => displayTerm(row[v]).replace(/\s+/g, ' ')));
  const widths = variables.map((v, i) => Math.min(80, Math.max(v.length, ...cells.map((c) => c[i].length))));
  const line = (values: string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(variables), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** RFC 4180 CSV of the rows' values. */
export function csvTable(variables: string[], rows: Row[]): string {
  return csvRecords([variables, ...rows.map((row) => variables.map((v) => row[v]?.value ?? ''))]);
}
