// CSV on the Web (W3C CSVW) metadata for each CSV table: csv/{name}.csv-metadata.json,
// where a CSVW processor looks for it by default. It says, for people and
// machines, what csv.ts's conventions are: the dialect (RFC 4180, CRLF, a
// header row), each column's header, datatype, language and property, the
// " | " separator where a cell holds several values, the `_title` columns
// beside IRI columns and the `^property` columns read backwards.
import type * as RDF from '@rdfjs/types';
import { NS } from '../namespaces.js';
import type { MediaType } from '../negotiate.js';
import { CSV_SEPARATOR, type CsvColumn, type CsvTable } from './csv.js';

/** CSVW metadata's registered media type. */
export const CSVW_MEDIA: MediaType = {
  type: 'application/csvm+json',
  names: [],
  aliases: [],
  kinds: [],
  formatIri: 'http://www.w3.org/ns/csvw',
};

/** The path of a CSV's metadata: the file name with `-metadata.json` added (CSVW's default location). */
export const csvwPath = (csvPath: string): string => `${csvPath}-metadata.json`;

/** The CSVW built-in datatypes that carry an XSD type's local name. */
const BUILT_IN = new Set(
  [
    'anyURI boolean date dateTime dateTimeStamp decimal integer long int short byte nonNegativeInteger positiveInteger',
    'unsignedLong unsignedInt unsignedShort unsignedByte nonPositiveInteger negativeInteger double float duration',
    'dayTimeDuration yearMonthDuration gDay gMonth gMonthDay gYear gYearMonth hexBinary base64Binary QName string',
    'normalizedString token language Name NMTOKEN time',
  ]
    .join(' ')
    .split(' '),
);

const RDF_LANG_STRING = `${NS.rdf}langString`;

/** A column's CSVW `name`: the header with every character but [A-Za-z0-9_] percent-encoded (CSVW names are URI template variables). */
export function columnName(header: string): string {
  return [...Buffer.from(header, 'utf8')]
    .map((byte) => {
      const c = String.fromCharCode(byte);
      return /[A-Za-z0-9_]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** The CSVW datatype of an XSD datatype IRI: its built-in name, or a string-based type naming the IRI. */
function datatypeOf(iri: string): string | { base: string; '@id': string } {
  const local = iri.startsWith(NS.xsd) ? iri.slice(NS.xsd.length) : '';
  if (iri === RDF_LANG_STRING) return 'string';
  return BUILT_IN.has(local) ? local : { base: 'string', '@id': iri };
}

/** What a property column's values are: IRIs, literals of one datatype (and language), or a mix (strings). */
function valueDescription(column: CsvColumn): Record<string, unknown> {
  const kinds = new Set(column.terms.map((t) => t.termType));
  if (kinds.size === 1 && kinds.has('NamedNode')) return { datatype: 'anyURI', valueUrl: `{+${columnName(column.header)}}` };
  const literals = column.terms.filter((t): t is RDF.Literal => t.termType === 'Literal');
  const datatypes = new Set(literals.map((t) => t.datatype.value));
  if (kinds.size !== 1 || !kinds.has('Literal') || datatypes.size !== 1) {
    // One datatype per column is all CSVW can say: a mix is described in words and left out of its RDF.
    const found = [...kinds].map((k) => (k === 'NamedNode' ? 'IRIs' : k === 'BlankNode' ? 'blank nodes (_:…)' : 'literals')).sort();
    const types = [...datatypes].sort().map(shortDatatype);
    return { datatype: 'string', suppressOutput: true, mixed: `${found.join(' and ')}${types.length ? ` (${types.join(', ')})` : ''}` };
  }
  const [datatype] = datatypes;
  const languages = new Set(literals.map((t) => t.language));
  const lang = datatype === RDF_LANG_STRING && languages.size === 1 ? { lang: [...languages][0] } : {};
  return { datatype: datatypeOf(datatype), ...lang };
}

const shortDatatype = (iri: string): string =>
  iri.startsWith(NS.xsd) ? `xsd:${iri.slice(NS.xsd.length)}` : iri.startsWith(NS.rdf) ? `rdf:${iri.slice(NS.rdf.length)}` : iri;

/** What each kind of column holds, in words. */
function described(column: CsvColumn, curie: string): string {
  switch (column.kind) {
    case 'iri':
      return "The entity's IRI, the subject of every other column; its page is at the same path under /id/ on the site.";
    case 'title':
      return "The entity's name for people: the first it has of rdfs:label, schema:name, skos:prefLabel, dcterms:title (the smallest, if several).";
    case 'type':
      return 'Its classes (rdf:type), as prefixed names (CURIEs) of the JSON-LD context.';
    case 'property':
      return `Its values of ${curie} (the property in propertyUrl).`;
    case 'property-title':
      return `The titles of the entities in column "${column.header.slice(0, -'_title'.length)}", in the same order (empty where one has none).`;
    case 'reverse':
      return `The entities that state ${curie} of this one: the property read backwards (only statements made by the documents).`;
    case 'reverse-title':
      return `The titles of the entities in column "${column.header.slice(0, -'_title'.length)}", in the same order (empty where one has none).`;
  }
}

/** One column's CSVW description. */
function columnDescription(column: CsvColumn, rows: number): Record<string, unknown> {
  const curie = column.kind === 'reverse' || column.kind === 'reverse-title' ? column.header.slice(1) : column.header;
  const text = described(column, curie.replace(/_title$/, ''));
  const out: Record<string, unknown> = { name: columnName(column.header), titles: column.header, 'dc:description': text };
  if (column.kind === 'iri') Object.assign(out, { datatype: 'anyURI', required: true });
  else if (column.kind === 'property') {
    const { mixed, ...values } = valueDescription(column);
    const note = mixed ? ` Mixed values: ${mixed}, all written as text, so a CSVW processor makes no triples of them.` : '';
    Object.assign(out, values, { propertyUrl: column.property, 'dc:description': text + note });
  } else if (column.kind === 'reverse') out.datatype = column.terms.every((t) => t.termType === 'NamedNode') ? 'anyURI' : 'string';
  else out.datatype = 'string';
  if (column.mostValues > 1) out.separator = CSV_SEPARATOR;
  if (column.kind !== 'iri' && rows > 0 && column.empty === 0) out.required = true;
  // Only forward property columns are the entity's triples; the rest are for reading (titles, types as CURIEs, reverse links).
  if (column.kind !== 'property') out.suppressOutput = true;
  return out;
}

/** The CSVW metadata document of one table, its `url` relative to the metadata's own. */
export function csvwMetadata(table: CsvTable, csvPath: string): Record<string, unknown> {
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'en' }],
    url: csvPath.slice(csvPath.lastIndexOf('/') + 1),
    'dc:title': `UPR Graph: ${table.title}`,
    'dc:description': [
      `One row per entity (${table.rows}), sorted by IRI. Columns: iri, title, type, then one per property the entities have`,
      'named by its key in the JSON-LD context, else a prefixed name, else its IRI; an IRI column is followed by',
      '{column}_title with the titles of the entities it links to; ^{property} columns list the entities that state',
      `the property of this one. A cell with several values joins them with "${CSV_SEPARATOR}" (sorted; the _title`,
      'columns follow the order of the column before them).',
    ].join(' '),
    dialect: {
      encoding: 'utf-8',
      lineTerminators: ['\r\n'],
      quoteChar: '"',
      doubleQuote: true,
      delimiter: ',',
      header: true,
      headerRowCount: 1,
    },
    tableSchema: {
      columns: table.columns.map((c) => columnDescription(c, table.rows)),
      primaryKey: 'iri',
      aboutUrl: '{+iri}',
    },
  };
}
