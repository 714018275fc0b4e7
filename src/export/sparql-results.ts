// SPARQL 1.1 Query Results: JSON, XML, CSV and TSV, whole or piece by piece
// (a row at a time, for a large result sent as it is written).
import type * as RDF from '@rdfjs/types';
import type { QueryResult } from '../engine/index.js';
import type { MediaType } from '../negotiate.js';
import { NS } from '../namespaces.js';
import { csvRecords } from './csv-records.js';
import { SerializationError } from './serialization-error.js';
import { xml, xmlText } from './xml-escape.js';

const XSD_STRING = `${NS.xsd}string`;

type Bindings = Extract<QueryResult, { type: 'bindings' }>;

type JsonTerm =
  | { type: 'uri' | 'bnode'; value: string }
  | { type: 'literal'; value: string; 'xml:lang'?: string; datatype?: string }
  | { type: 'triple'; value: { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm } };

function jsonTerm(term: RDF.Term): JsonTerm {
  switch (term.termType) {
    case 'NamedNode':
      return { type: 'uri', value: term.value };
    case 'BlankNode':
      return { type: 'bnode', value: term.value };
    case 'Literal':
      if (term.language) return { type: 'literal', value: term.value, 'xml:lang': term.language };
      if (term.datatype.value === XSD_STRING) return { type: 'literal', value: term.value };
      return { type: 'literal', value: term.value, datatype: term.datatype.value };
    case 'Quad':
      return {
        type: 'triple',
        value: { subject: jsonTerm(term.subject), predicate: jsonTerm(term.predicate), object: jsonTerm(term.object) },
      };
    default:
      throw new SerializationError(`a ${term.termType} cannot be a result value`);
  }
}

/** SPARQL 1.1 Query Results JSON; a cut result says so in `results.truncated`. */
export function sparqlJson(result: Exclude<QueryResult, { type: 'quads' }>): string {
  if (result.type === 'boolean') return `${JSON.stringify({ head: {}, boolean: result.value })}\n`;
  return [...sparqlJsonPieces(result)].join('');
}

/** SPARQL JSON of bindings piece by piece, a row at a time: together the text JSON.stringify writes of the whole. */
function* sparqlJsonPieces(result: Bindings): Generator<string> {
  yield `{"head":${JSON.stringify({ vars: result.variables })},"results":{"truncated":${result.truncated},"bindings":[`;
  let first = true;
  for (const row of result.rows) {
    const binding: Record<string, JsonTerm> = {};
    for (const variable of result.variables) if (row[variable]) binding[variable] = jsonTerm(row[variable]);
    yield (first ? '' : ',') + JSON.stringify(binding);
    first = false;
  }
  yield ']}}\n';
}

/**
 * A bindings result in JSON, CSV or TSV as pieces of text, a row at a time, for a large
 * result to be sent as it is written (src/http/stream.ts); undefined for other formats.
 */
export function serializePieces(result: QueryResult, media: MediaType): Iterable<string> | undefined {
  return result.type === 'bindings' ? bindingsPieces(result, media.type) : undefined;
}

function bindingsPieces(result: Bindings, type: string): Iterable<string> | undefined {
  if (type === 'application/sparql-results+json') return sparqlJsonPieces(result);
  if (type === 'text/csv') return csvPieces(result);
  if (type === 'text/tab-separated-values') return tsvPieces(result);
  return undefined;
}

/** SPARQL XML Results: a header of variables, then a result element a row. */
export function sparqlXml(result: Exclude<QueryResult, { type: 'quads' }>): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">'];
  if (result.type === 'boolean') {
    lines.push('  <head/>', `  <boolean>${result.value}</boolean>`);
  } else {
    lines.push('  <head>', ...result.variables.map((v) => `    <variable name="${xml(v)}"/>`), '  </head>', '  <results>');
    for (const row of result.rows) {
      lines.push('    <result>');
      for (const variable of result.variables) {
        if (row[variable]) lines.push(`      <binding name="${xml(variable)}">${xmlTerm(row[variable])}</binding>`);
      }
      lines.push('    </result>');
    }
    lines.push('  </results>');
  }
  lines.push('</sparql>');
  return `${lines.join('\n')}\n`;
}

function xmlTerm(term: RDF.Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return `<uri>${xmlText(term.value)}</uri>`;
    case 'BlankNode':
      return `<bnode>${xmlText(term.value)}</bnode>`;
    case 'Literal':
      if (term.language) return `<literal xml:lang="${xml(term.language)}">${xmlText(term.value)}</literal>`;
      if (term.datatype.value === XSD_STRING) return `<literal>${xmlText(term.value)}</literal>`;
      return `<literal datatype="${xml(term.datatype.value)}">${xmlText(term.value)}</literal>`;
    case 'Quad':
      return `<triple><subject>${xmlTerm(term.subject)}</subject><predicate>${xmlTerm(term.predicate)}</predicate><object>${xmlTerm(term.object)}</object></triple>`;
    default:
      throw new SerializationError(`a ${term.termType} cannot be a result value`);
  }
}

/** A term's CSV value: its text only (a blank node as `_:label`, a quoted triple in TSV syntax). */
function csvValue(term: RDF.Term | undefined): string {
  if (!term) return '';
  if (term.termType === 'BlankNode') return `_:${term.value}`;
  if (term.termType === 'Quad') return `<< ${tsvTerm(term)} >>`;
  return term.value;
}

/** CSV of bindings: a header record of the variables, then a record a row. */
function* csvPieces(result: Bindings): Generator<string> {
  yield csvRecords([result.variables]);
  for (const row of result.rows) yield csvRecords([result.variables.map((v) => csvValue(row[v]))]);
}

/** SPARQL 1.1 Query Results CSV (values only); an ASK answer as one `_askResult` column. */
export function sparqlCsv(result: Exclude<QueryResult, { type: 'quads' }>): string {
  if (result.type === 'boolean') return `_askResult\r\n${result.value}\r\n`;
  return [...csvPieces(result)].join('');
}

function tsvString(text: string): string {
  return `"${text.replace(/[\\"\t\n\r]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)}"`;
}

/** A term in SPARQL/Turtle syntax, as TSV results write it. */
function tsvTerm(term: RDF.Term): string {
  switch (term.termType) {
    case 'NamedNode':
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be escaped in an IRI
      return `<${term.value.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`)}>`;
    case 'BlankNode':
      return `_:${term.value}`;
    case 'Literal':
      if (term.language) return `${tsvString(term.value)}@${term.language}`;
      if (term.datatype.value === XSD_STRING) return tsvString(term.value);
      return `${tsvString(term.value)}^^${tsvTerm(term.datatype)}`;
    case 'Quad':
      return `<< ${tsvTerm(term.subject)} ${tsvTerm(term.predicate)} ${tsvTerm(term.object)} >>`;
    default:
      throw new SerializationError(`a ${term.termType} cannot be a result value`);
  }
}

/** TSV of bindings: `?variable` headers, terms in Turtle syntax, a line a row. */
function* tsvPieces(result: Bindings): Generator<string> {
  yield `${result.variables.map((v) => `?${v}`).join('\t')}\n`;
  for (const row of result.rows) yield `${result.variables.map((v) => (row[v] ? tsvTerm(row[v]) : '')).join('\t')}\n`;
}

/** SPARQL 1.1 Query Results TSV (terms in Turtle syntax); an ASK answer as one `?_askResult` column. */
export function sparqlTsv(result: Exclude<QueryResult, { type: 'quads' }>): string {
  if (result.type === 'boolean') return `?_askResult\n${result.value}\n`;
  return [...tsvPieces(result)].join('');
}
