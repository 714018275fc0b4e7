// Every CSV export comes with CSVW metadata (csv/{name}.csv-metadata.json), and
// the metadata is true: Python's csv module, reading each table as its metadata
// says (test/export/csvw.py), finds every value in its column's datatype and
// every required cell filled, and the triples a CSVW processor would make of the
// property columns are exactly the store's triples of those entities.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Store } from 'n3';
import type * as RDF from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_SEPARATOR } from '../../src/export/csv.js';
import { csvwPath } from '../../src/export/csvw.js';
import { type Exports, exportsFor } from '../../src/export/dumps.js';
import { writeExports } from '../../src/export/files.js';
import { loadContext } from '../../src/export/json-ld.js';
import { loadGraph } from '../../src/load.js';
import { distinctTriples } from '../../src/triples.js';
import { ROOT } from '../support/graph.js';
import { runPython } from '../support/python.js';

type Term = { iri: string } | { value: string; datatype: string; lang?: string };
interface Read {
  rows: number;
  errors: string[];
  triples: Array<[string, string, Term]>;
}
interface Column {
  name: string;
  titles: string;
  datatype: unknown;
  separator?: string;
  propertyUrl?: string;
  suppressOutput?: boolean;
}

let dir: string;
let exported: Exports;
let union: Store;
let read: Record<string, Read>;
let csvPaths: string[];

/** A script's stdout, or an error with its stderr. */
async function python(script: string, input: string): Promise<string> {
  const run = await runPython([script], input);
  if (run.code !== 0) throw new Error(`${script} exited with ${run.code}\n${run.stderr}`);
  return run.stdout;
}

const metadataOf = (csv: string) => JSON.parse(exported.byPath.get(csvwPath(csv))!.body.toString()) as Record<string, unknown>;
const columnsOf = (csv: string) => (metadataOf(csv).tableSchema as { columns: Column[] }).columns;

/** A term the way csvw.py writes it, from the store. */
function asRead(term: RDF.Term): string {
  if (term.termType !== 'Literal') return JSON.stringify({ iri: term.value });
  return JSON.stringify({ value: term.value, datatype: term.datatype.value, ...(term.language ? { lang: term.language } : {}) });
}

beforeAll(async () => {
  const { store } = await loadGraph({ root: ROOT });
  union = new Store(distinctTriples(store.getQuads(null, null, null, null) as RDF.Quad[]));
  exported = await exportsFor(ROOT, store, { context: await loadContext(ROOT), only: ['csv/'] });
  dir = await mkdtemp(path.join(tmpdir(), 'upr-csvw-'));
  await writeExports(exported, dir);
  csvPaths = exported.files.map((f) => f.path).filter((p) => p.endsWith('.csv'));
  const tables = csvPaths.map((p) => ({ metadata: path.join(dir, csvwPath(p)) }));
  const answer = JSON.parse(await python(path.join(ROOT, 'test/export/csvw.py'), JSON.stringify({ tables }))) as Record<string, Read>;
  read = Object.fromEntries(csvPaths.map((p) => [p, answer[path.join(dir, csvwPath(p))]]));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('CSVW metadata for every CSV', () => {
  it('sits beside each CSV as csv/{name}.csv-metadata.json, in application/csvm+json, naming its CSV', () => {
    expect(csvPaths.length).toBeGreaterThanOrEqual(10);
    for (const csv of csvPaths) {
      const file = exported.byPath.get(csvwPath(csv));
      expect(file?.media.type, csv).toBe('application/csvm+json');
      expect(metadataOf(csv)['@context'], csv).toContain('http://www.w3.org/ns/csvw');
      expect(metadataOf(csv).url, csv).toBe(path.basename(csv));
      expect(file?.count, csv).toEqual({ value: columnsOf(csv).length, unit: 'columns' });
    }
  });

  it("reads back with Python's csv module: the header is the columns' titles, every value in its column's datatype, every required cell filled", () => {
    for (const csv of csvPaths) {
      expect(read[csv].errors, csv).toEqual([]);
      expect(read[csv].rows, csv).toBe(exported.byPath.get(csv)!.count.value);
    }
  });

  it('types columns by their values: integers, dates and booleans as such, IRIs as anyURI, English text with its language', () => {
    const datatype = (csv: string, title: string) => columnsOf(csv).find((c) => c.titles === title);
    expect(datatype('csv/paragraph.csv', 'paragraphNumber')).toMatchObject({ datatype: 'integer', required: true });
    expect(datatype('csv/case.csv', 'date')).toMatchObject({ datatype: 'date' });
    expect(datatype('csv/case.csv', 'caseType')).toMatchObject({ datatype: 'anyURI', valueUrl: '{+caseType}' });
    expect(datatype('csv/footnote.csv', 'textMissing')).toMatchObject({ datatype: 'boolean' });
    expect(datatype('csv/recommendation.csv', 'recommendationNumber')).toMatchObject({ datatype: 'string' });
    expect(datatype('csv/case.csv', '^defendant')).toBeUndefined();
    expect(columnsOf('csv/person.csv').find((c) => c.titles.startsWith('^'))).toMatchObject({ name: expect.stringMatching(/^%5E/) });
  });

  it('gives the " | " separator to exactly the columns where a cell holds several values', () => {
    for (const csv of csvPaths) {
      const body = exported.byPath.get(csv)!.body.toString();
      for (const column of columnsOf(csv).filter((c) => c.separator)) {
        expect(column.separator, `${csv} ${column.titles}`).toBe(CSV_SEPARATOR);
      }
      if (columnsOf(csv).some((c) => c.separator)) expect(body, csv).toContain(CSV_SEPARATOR);
    }
  });

  it("makes, as a CSVW processor would, exactly the store's triples of each entity for every property column it types", () => {
    let checked = 0;
    for (const csv of csvPaths) {
      const made = new Set(read[csv].triples.map(([s, p, o]) => `${s} ${p} ${JSON.stringify(o)}`));
      const stored = new Set<string>();
      const subjects = new Set(read[csv].triples.map(([s]) => s));
      const properties = columnsOf(csv)
        .filter((c) => c.propertyUrl && !c.suppressOutput)
        .map((c) => c.propertyUrl!);
      for (const s of subjects)
        for (const p of properties) for (const t of union.getQuads(s, p, null, null)) stored.add(`${s} ${p} ${asRead(t.object)}`);
      expect(
        [...made].filter((t) => !stored.has(t)),
        `${csv}: made, not stored`,
      ).toEqual([]);
      expect(
        [...stored].filter((t) => !made.has(t)),
        `${csv}: stored, not made`,
      ).toEqual([]);
      checked += made.size;
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
