// The CSV writer every CSV of the project goes through (csv-stringify, configured
// in src/export/csv-records.ts): RFC 4180 as the dumps and SPARQL CSV results have
// always been written, so no byte of them moves.
import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../src/export/csv-records.js';

describe('CSV records', () => {
  it('leave a field bare unless it holds a comma, a double quote, a CR or an LF', () => {
    expect(csvRecords([['plain', ' spaced ', '=1+2', '\ttab', 'semi;colon', 'Алматы']])).toBe(
      'plain, spaced ,=1+2,\ttab,semi;colon,Алматы\r\n',
    );
  });

  it('quote a field that holds a comma, a double quote, a CR or an LF, and double its double quotes', () => {
    expect(csvRecords([['a,b', 'say "no"', 'two\nlines', 'cr\ronly', 'crlf\r\nend']])).toBe(
      '"a,b","say ""no""","two\nlines","cr\ronly","crlf\r\nend"\r\n',
    );
  });

  it('end every record with CRLF, an empty field or record too, with no byte-order mark', () => {
    expect(csvRecords([['iri', 'title'], ['', ''], []])).toBe('iri,title\r\n,\r\n\r\n');
    expect(csvRecords([['x']]).charCodeAt(0)).toBe('x'.charCodeAt(0));
  });

  it('write nothing for no records', () => {
    expect(csvRecords([])).toBe('');
  });
});
