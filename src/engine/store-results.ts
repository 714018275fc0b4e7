// SPARQL JSON results from a store as the engine interface's terms. Stores
// write the format with their own accents: Virtuoso still says "typed-literal"
// (the 2005 draft's word) and writes xsd:string literals with their datatype;
// both read as the same RDF 1.1 terms Oxigraph and Comunica give.
import { DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';
import type { QueryResult, Row } from '../engine.js';

interface JsonTerm {
  type: 'uri' | 'bnode' | 'literal' | 'typed-literal' | 'triple';
  value: string | { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm };
  'xml:lang'?: string;
  datatype?: string;
}

const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

function term(json: JsonTerm): RDF.Term {
  switch (json.type) {
    case 'uri':
      return DataFactory.namedNode(json.value as string);
    case 'bnode':
      return DataFactory.blankNode(json.value as string);
    case 'literal':
    case 'typed-literal':
      if (json['xml:lang']) return DataFactory.literal(json.value as string, json['xml:lang']);
      return DataFactory.literal(
        json.value as string,
        json.datatype && json.datatype !== RDF_LANG_STRING ? DataFactory.namedNode(json.datatype) : undefined,
      );
    case 'triple': {
      const t = json.value as { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm };
      return DataFactory.quad(
        term(t.subject) as RDF.Quad_Subject,
        term(t.predicate) as RDF.Quad_Predicate,
        term(t.object) as RDF.Quad_Object,
      ) as unknown as RDF.Term;
    }
    default:
      throw new Error(`the store answered a term of unknown type "${(json as { type: string }).type}"`);
  }
}

/** A store's SPARQL JSON results, cut after maxRows rows (a cut is announced). */
export function bindingsFromStoreJson(text: string, maxRows: number): QueryResult {
  let json: { head?: { vars?: string[] }; results?: { bindings: Array<Record<string, JsonTerm>> }; boolean?: boolean };
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`the store answered SPARQL JSON that does not parse: ${(error as Error).message}`);
  }
  if (typeof json.boolean === 'boolean') return { type: 'boolean', value: json.boolean };
  const bindings = json.results?.bindings ?? [];
  const truncated = bindings.length > maxRows;
  const rows: Row[] = (truncated ? bindings.slice(0, maxRows) : bindings).map((b) => {
    const row: Row = {};
    for (const key in b) row[key] = term(b[key]);
    return row;
  });
  return { type: 'bindings', variables: json.head?.vars ?? [], rows, truncated };
}
