// RDF canonical form (RDFC-1.0, formerly URDNA2015) and the one order of terms
// and quads every export is written in, so the same data gives the same bytes
// and checksums on every run and every machine.
import { Parser, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import { termKey } from '../triples.js';
import { contextDocumentLoader, ld } from './json-ld.js';

/** Orders strings by code point, the same in every locale (so the bytes of an export never depend on the machine). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders terms by their keys (`termKey`), by code point. */
export function termOrder(a: RDF.Term, b: RDF.Term): number {
  return compare(termKey(a), termKey(b));
}

/** Quads sorted by graph, subject, predicate, object. */
export function sortQuads(quads: RDF.Quad[]): RDF.Quad[] {
  return [...quads].sort(
    (a, b) =>
      termOrder(a.graph, b.graph) ||
      termOrder(a.subject, b.subject) ||
      termOrder(a.predicate, b.predicate) ||
      termOrder(a.object, b.object),
  );
}

/** The store's quads in RDF canonical form (RDFC-1.0 / URDNA2015): sorted N-Quads lines, canonical blank node labels. */
export async function canonicalQuads(quads: RDF.Quad[]): Promise<RDF.Quad[]> {
  const nquads = new Writer({ format: 'N-Quads' }).quadsToString(quads);
  const canonical = await ld.canonize(nquads, {
    algorithm: 'URDNA2015',
    inputFormat: 'application/n-quads',
    format: 'application/n-quads',
    documentLoader: contextDocumentLoader({}),
  });
  return new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(canonical) as RDF.Quad[];
}
