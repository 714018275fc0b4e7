// Large results are sent as they are written (issue 15, case 1): in JSON, CSV and TSV a result over a
// megabyte goes out in pieces (chunked), never built whole as one string; small ones keep Content-Length.
import { describe, expect, it } from 'vitest';
import { fixtureServerForTests } from '../endpoint/support.js';

const server = fixtureServerForTests({ workers: 1 });
const ROWS = 200;
// 200 rows of an 8,192-character string each: about 3 MB estimated, over the 1 MiB streaming threshold.
const doublings = Array.from({ length: 13 }, (_, i) => `BIND(CONCAT(?d${i}, ?d${i}) AS ?d${i + 1})`).join(' ');
const LARGE = `SELECT ?i ?d13 WHERE { VALUES ?i { ${Array.from({ length: ROWS }, (_, i) => i + 1).join(' ')} } BIND(CONCAT(STR(?i), ",\\"\\t") AS ?d0) ${doublings} } ORDER BY ?i`;

function ask(query: string, accept: string) {
  return fetch(server().endpoint, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query', Accept: accept }, body: query });
}

describe('a result over a megabyte', () => {
  it('comes in SPARQL JSON chunked, whole and valid', async () => {
    const response = await ask(LARGE, 'application/sparql-results+json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.headers.get('x-row-limit')).toBe('10000');
    const json = (await response.json()) as {
      head: { vars: string[] };
      results: { truncated: boolean; bindings: Array<Record<string, { value: string }>> };
    };
    expect(json.head.vars).toEqual(['i', 'd13']);
    expect(json.results.truncated).toBe(false);
    expect(json.results.bindings).toHaveLength(ROWS);
    expect(json.results.bindings[ROWS - 1].d13.value).toBe(`${ROWS},"\t`.repeat(8192));
  });

  it('comes in CSV and TSV chunked, a line a row, fields quoted and escaped', async () => {
    const csv = await ask(LARGE, 'text/csv');
    expect(csv.headers.get('transfer-encoding')).toBe('chunked');
    const csvText = await csv.text();
    expect(csvText.slice(0, 15)).toBe('i,d13\r\n1,"1,""\t');
    expect(csvText.split('\r\n')).toHaveLength(ROWS + 2);
    const tsv = await ask(LARGE, 'text/tab-separated-values');
    expect(tsv.headers.get('transfer-encoding')).toBe('chunked');
    const lines = (await tsv.text()).split('\n');
    expect(lines[0]).toBe('?i\t?d13');
    expect(lines[1].startsWith('"1"^^<http://www.w3.org/2001/XMLSchema#integer>\t"1,\\"\\t1,')).toBe(true);
    expect(lines).toHaveLength(ROWS + 2);
  });
});

describe('a small result', () => {
  it('still comes whole, with its Content-Length', async () => {
    const response = await ask('SELECT ?i WHERE { VALUES ?i { 1 2 3 } }', 'application/sparql-results+json');
    expect(response.headers.get('content-length')).not.toBeNull();
    expect(((await response.json()) as { results: { bindings: unknown[] } }).results.bindings).toHaveLength(3);
  });
});
