// RDF terms between forms: SPARQL JSON results (Oxigraph's) in, and plain
// structured-clone-safe objects across the thread boundary, N3 terms back.
import { DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';
import type { QueryResult, Row } from './engine.js';

export interface JsonTerm {
  type: 'uri' | 'bnode' | 'literal' | 'triple';
  value: string | { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm };
  'xml:lang'?: string;
  datatype?: string;
}

const XSD_STRING = DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#string');
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

export function fromJsonTerm(term: JsonTerm): RDF.Term {
  switch (term.type) {
    case 'uri':
      return DataFactory.namedNode(term.value as string);
    case 'bnode':
      return DataFactory.blankNode(term.value as string);
    case 'literal':
      if (term['xml:lang']) return DataFactory.literal(term.value as string, term['xml:lang']);
      return DataFactory.literal(
        term.value as string,
        term.datatype && term.datatype !== RDF_LANG_STRING ? DataFactory.namedNode(term.datatype) : XSD_STRING,
      );
    case 'triple': {
      const t = term.value as { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm };
      return DataFactory.quad(
        fromJsonTerm(t.subject) as RDF.Quad_Subject,
        fromJsonTerm(t.predicate) as RDF.Quad_Predicate,
        fromJsonTerm(t.object) as RDF.Quad_Object,
      ) as unknown as RDF.Term;
    }
  }
}

/** SPARQL JSON results (Oxigraph's) as a bindings result, cut after maxRows rows (a cut is announced). */
export function bindingsFromSparqlJson(text: string, maxRows: number): QueryResult {
  const json = JSON.parse(text) as {
    head: { vars?: string[] };
    results?: { bindings: Array<Record<string, JsonTerm>> };
    boolean?: boolean;
  };
  if (typeof json.boolean === 'boolean') return { type: 'boolean', value: json.boolean };
  const bindings = json.results?.bindings ?? [];
  const truncated = bindings.length > maxRows;
  const rows: Row[] = (truncated ? bindings.slice(0, maxRows) : bindings).map((b) => {
    const row: Row = {};
    for (const key in b) row[key] = fromJsonTerm(b[key]);
    return row;
  });
  return { type: 'bindings', variables: json.head.vars ?? [], rows, truncated };
}

// ---------------------------------------------------------------------------
// Terms across the thread boundary: plain objects out, N3 DataFactory terms back.

export type PlainTerm =
  | { termType: 'NamedNode' | 'BlankNode' | 'Variable' | 'DefaultGraph'; value: string }
  | { termType: 'Literal'; value: string; language: string; datatype: string }
  | { termType: 'Quad'; subject: PlainTerm; predicate: PlainTerm; object: PlainTerm; graph: PlainTerm };

export type PlainResult =
  /** SPARQL JSON results as Oxigraph wrote them: one string crosses the thread boundary instead of every term. */
  | { type: 'sparql-json'; json: string; maxRows: number }
  | { type: 'bindings'; variables: string[]; rows: Array<Record<string, PlainTerm>>; truncated: boolean }
  | { type: 'boolean'; value: boolean }
  | { type: 'quads'; quads: PlainTerm[]; truncated: boolean };

/** An RDF/JS term as a structured-clone-safe object. */
export function toPlainTerm(term: RDF.Term): PlainTerm {
  switch (term.termType) {
    case 'Literal':
      return { termType: 'Literal', value: term.value, language: term.language, datatype: term.datatype.value };
    case 'Quad':
      return {
        termType: 'Quad',
        subject: toPlainTerm(term.subject),
        predicate: toPlainTerm(term.predicate),
        object: toPlainTerm(term.object),
        graph: toPlainTerm(term.graph),
      };
    default:
      return { termType: term.termType, value: term.value };
  }
}

/** A plain term back as an N3 DataFactory term. */
export function fromPlainTerm(plain: PlainTerm): RDF.Term {
  switch (plain.termType) {
    case 'NamedNode':
      return DataFactory.namedNode(plain.value);
    case 'BlankNode':
      return DataFactory.blankNode(plain.value);
    case 'Variable':
      return DataFactory.variable(plain.value);
    case 'DefaultGraph':
      return DataFactory.defaultGraph();
    case 'Literal':
      return DataFactory.literal(plain.value, plain.language || DataFactory.namedNode(plain.datatype));
    case 'Quad':
      return DataFactory.quad(
        fromPlainTerm(plain.subject) as RDF.Quad_Subject,
        fromPlainTerm(plain.predicate) as RDF.Quad_Predicate,
        fromPlainTerm(plain.object) as RDF.Quad_Object,
        fromPlainTerm(plain.graph) as RDF.Quad_Graph,
      ) as unknown as RDF.Term;
  }
}

/** A query result as plain data for postMessage. */
export function toPlainResult(result: QueryResult): Exclude<PlainResult, { type: 'sparql-json' }> {
  if (result.type === 'boolean') return result;
  if (result.type === 'quads') return { type: 'quads', quads: result.quads.map(toPlainTerm), truncated: result.truncated };
  const rows = result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, t]) => [k, toPlainTerm(t)])));
  return { type: 'bindings', variables: result.variables, rows, truncated: result.truncated };
}

/** A plain result back with N3 terms. */
export function fromPlainResult(plain: PlainResult): QueryResult {
  if (plain.type === 'sparql-json') return bindingsFromSparqlJson(plain.json, plain.maxRows);
  if (plain.type === 'boolean') return plain;
  if (plain.type === 'quads')
    return { type: 'quads', quads: plain.quads.map((q) => fromPlainTerm(q) as RDF.Quad), truncated: plain.truncated };
  const rows = plain.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, t]) => [k, fromPlainTerm(t)])));
  return { type: 'bindings', variables: plain.variables, rows, truncated: plain.truncated };
}
