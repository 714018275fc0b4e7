// DESCRIBE, answered by one rule on every engine: the concise bounded
// description (CBD) of each described resource, without reifications: every
// triple whose subject is the resource and, recursively, every triple whose
// subject is a blank node among the objects reached so far; read from the
// query's default graph (the union of all graphs, each triple once, unless
// FROM / default-graph-uri name the graphs). Solution modifiers (ORDER BY,
// LIMIT, OFFSET) apply to the WHERE clause's solutions, as for a SELECT.
//
// Oxigraph describes this way itself (src/engine/oxigraph.ts only drops the
// duplicates of a triple stated in several graphs: src/triples.ts); Comunica 4.5 cannot
// DESCRIBE with a WHERE clause, so its engine (src/engine/comunica.ts) runs the
// WHERE clause as a SELECT and builds the description here.
import { DataFactory } from 'n3';
import sparqljs from 'sparqljs';
import type * as RDF from '@rdfjs/types';
import { tripleKey } from '../triples.js';

/** A DESCRIBE split into what it names: IRIs, and a SELECT whose solutions give the rest. */
export interface DescribeParts {
  iris: RDF.NamedNode[];
  /** The SELECT of the described variables (every in-scope one for DESCRIBE *), with the WHERE clause and modifiers; absent without variables. */
  select?: sparqljs.SelectQuery;
  variables: string[];
}

/** The parts of a parsed DESCRIBE query (the plan's reading: nothing is parsed or written again). */
export function describeParts(parsed: sparqljs.DescribeQuery): DescribeParts {
  const named = parsed.variables as Array<RDF.Variable | RDF.NamedNode | sparqljs.Wildcard>;
  const iris = named.filter((v): v is RDF.NamedNode => v.termType === 'NamedNode');
  const variables = named.filter((v): v is RDF.Variable => v.termType === 'Variable');
  const wildcard = named.some((v) => v.termType === 'Wildcard');
  if (!wildcard && variables.length === 0) return { iris, variables: [] };
  const select = {
    ...parsed,
    queryType: 'SELECT',
    variables: wildcard ? [new sparqljs.Wildcard()] : variables,
    where: parsed.where ?? [],
  } as unknown as sparqljs.SelectQuery;
  return { iris, variables: variables.map((v) => v.value), select };
}

/** Reads the quads of one subject: from every graph (union) or the default graph alone. */
export type QuadsOfSubject = (subject: RDF.Term) => RDF.Quad[];

/** The CBD of `resources`, each triple once, in the default graph; cut after maxRows triples (announced). */
export function conciseBoundedDescription(
  resources: Iterable<RDF.Term>,
  quadsOf: QuadsOfSubject,
  maxRows = Number.MAX_SAFE_INTEGER,
): { quads: RDF.Quad[]; truncated: boolean } {
  const seen = new Set<string>();
  const done = new Set<string>();
  const quads: RDF.Quad[] = [];
  const pending = [...resources].filter((t) => t.termType === 'NamedNode' || t.termType === 'BlankNode');
  while (pending.length > 0) {
    const subject = pending.shift()!;
    const id = `${subject.termType}:${subject.value}`;
    if (done.has(id)) continue;
    done.add(id);
    for (const q of quadsOf(subject)) {
      const key = tripleKey(q);
      if (seen.has(key)) continue;
      seen.add(key);
      if (quads.length === maxRows) return { quads, truncated: true };
      quads.push(DataFactory.quad(q.subject, q.predicate, q.object) as RDF.Quad);
      if (q.object.termType === 'BlankNode') pending.push(q.object);
    }
  }
  return { quads, truncated: false };
}
