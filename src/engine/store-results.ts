// SPARQL JSON results from a store as the engine interface's terms. Stores
// write the format with their own accents: Virtuoso still says "typed-literal"
// (the 2005 draft's word) and writes xsd:string literals with their datatype;
// both read as the same RDF 1.1 terms Oxigraph and Comunica give.
import { DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';
import type { QueryResult, Row } from './engine.js';
import { fromJsonTerm, type JsonTerm } from './terms.js';

type StoreJsonTerm = Omit<JsonTerm, 'type'> & { type: JsonTerm['type'] | 'typed-literal' };

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const TRUE = DataFactory.literal('true', DataFactory.namedNode(`${XSD}boolean`));
const FALSE = DataFactory.literal('false', DataFactory.namedNode(`${XSD}boolean`));

function term(json: StoreJsonTerm): RDF.Term {
  // Virtuoso names blank nodes nodeID://b123: kept as a label every results format can write (b123).
  if (json.type === 'bnode')
    return DataFactory.blankNode(
      String(json.value)
        .replace(/^nodeID:\/\//, '')
        .replace(/[^A-Za-z0-9_-]/g, '_'),
    );
  // Virtuoso writes stored booleans as 1 and 0: the same values, in their canonical form here.
  if (json.datatype === `${XSD}boolean` && (json.value === '1' || json.value === '0')) return json.value === '1' ? TRUE : FALSE;
  return fromJsonTerm((json.type === 'typed-literal' ? { ...json, type: 'literal' } : json) as JsonTerm);
}

function booleanOf(value: string): RDF.Term {
  if (value === '1' || value === '0') return value === '1' ? TRUE : FALSE;
  throw new Error(`the store answered ${value} for a boolean value`);
}

/**
 * A store's SPARQL JSON results, cut after maxRows rows (a cut is announced). `booleans` names
 * variables the query binds only to booleans, which Virtuoso answers as xsd:integer 1 or 0.
 */
export function bindingsFromStoreJson(text: string, maxRows: number, booleans: ReadonlySet<string> = new Set()): QueryResult {
  let json: { head?: { vars?: string[] }; results?: { bindings: Array<Record<string, StoreJsonTerm>> }; boolean?: boolean };
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`the store answered SPARQL JSON that does not parse: ${(error as Error).message}`);
  }
  if (typeof json.boolean === 'boolean') return { type: 'boolean', value: json.boolean };
  const bindings = json.results?.bindings ?? [];
  // Virtuoso answers an ASK as one row of __ASK_RETVAL, 1 or 0 (and no row when false, on some plans).
  if (json.head?.vars?.length === 1 && json.head.vars[0] === '__ASK_RETVAL') {
    return { type: 'boolean', value: bindings.length > 0 && booleanOf(bindings[0].__ASK_RETVAL.value as string).value === 'true' };
  }
  const truncated = bindings.length > maxRows;
  const rows: Row[] = (truncated ? bindings.slice(0, maxRows) : bindings).map((b) => {
    const row: Row = {};
    for (const key in b) {
      const value = term(b[key]);
      row[key] =
        booleans.has(key) && value.termType === 'Literal' && value.datatype.value === `${XSD}integer` ? booleanOf(value.value) : value;
    }
    return row;
  });
  return { type: 'bindings', variables: json.head?.vars ?? [], rows, truncated };
}
