// CSV text by csv-stringify, configured once for every CSV the project writes
// (the tables under /dump/csv/ and SPARQL results in text/csv): RFC 4180, CRLF
// after every record, a field quoted only when it holds a comma, a double quote
// or a line break (CR or LF alone too), double quotes doubled, no BOM.
import { stringify, type Options } from 'csv-stringify/sync';

// csv-stringify quotes a lone CR or LF only when told to once a record delimiter is set.
const OPTIONS: Options = { record_delimiter: 'windows', quote_record_delimiter: true, eof: true, bom: false, quoted_empty: false };

/** Records (rows of fields) as CSV text, each record ended by CRLF. */
export function csvRecords(records: string[][]): string {
  return stringify(records, OPTIONS);
}
