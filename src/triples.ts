// Quads as a set of triples: what the N-Triples and Turtle dumps, the union default
// graph and DESCRIBE answers hold (a triple stated in two graphs is one triple).
import { DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';

/** A term as an N-Triples-like key (blank nodes by label). */
export function termKey(term: RDF.Term): string {
  if (term.termType === 'Literal') return `"${term.value}"@${term.language}^^${term.datatype.value}`;
  return `${term.termType === 'BlankNode' ? '_:' : ''}${term.value}`;
}

/** A quad's triple as a key: subject, predicate and object, not the graph. */
export function tripleKey(q: RDF.Quad): string {
  return `${termKey(q.subject)} ${q.predicate.value} ${termKey(q.object)}`;
}

/** The triples of quads, each once, in the default graph, in first-seen order. */
export function distinctTriples(quads: Iterable<RDF.Quad>): RDF.Quad[] {
  const seen = new Set<string>();
  const out: RDF.Quad[] = [];
  for (const q of quads) {
    const k = tripleKey(q);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(DataFactory.quad(q.subject, q.predicate, q.object, DataFactory.defaultGraph()) as RDF.Quad);
  }
  return out;
}
