// The algebra Comunica evaluates, translated here rather than by Comunica, to
// guard against a defect of the translator it uses (sparqlalgebrajs 5.0.2):
// every subquery restarts the counter of generated variables (?var0, ?var1…),
// so the hidden variable of a sequence path outside a subquery can share its
// name with one inside (an aggregate's, another path's), and Comunica's joins
// then push the outer value into the subquery. The issue 14 query
//   ?rec upr:recommendingState/rdfs:label ?state .
//   OPTIONAL { SELECT ?rec (GROUP_CONCAT(…) AS ?themes) WHERE { … } GROUP BY ?rec }
// came back with ?themes unbound, or bound to the state's IRI.
//
// The guard: sequence paths are written out as triple patterns joined by
// variables of our own, unique in the whole query, before translation; no
// generated variable is then visible outside the scope that made it. Our
// variables are dropped from every projection, so SELECT * is unchanged.
//
// A second defect shares the guard: `GRAPH ?g {}` (rdflib's SPARQLStore.contexts())
// came back as one empty row, the graph dropped with its empty pattern, where
// SPARQL gives one row per named graph. It is written as the subquery
// `SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }` over variables of our own.
import type sparqljs from 'sparqljs';
import { translate, type Algebra } from 'sparqlalgebrajs';
import { DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';

/** A parsed query (perhaps with parameters substituted) as the algebra Comunica runs, with sequence paths written out. */
export function guardedAlgebra(parsed: sparqljs.SparqlQuery, text: string, baseIri?: string): Algebra.Operation {
  // Our variables' names must be new to the query: a text that already holds the prefix gets a longer one.
  let prefix = 'upr_path_';
  while (text.includes(prefix)) prefix = `${prefix}_`;
  let count = 0;
  const fresh = () => DataFactory.variable(`${prefix}${count++}`);
  const rewritten = writeOutSequences(parsed, fresh) as sparqljs.SparqlQuery;
  // IRI() resolves against the query's own BASE where it has one.
  const base = (parsed as { base?: string }).base ?? baseIri;
  const algebra = translate(rewritten, { quads: true, blankToVariable: true, ...(base ? { baseIRI: base } : {}) });
  if (count > 0) hideFrom(algebra, prefix);
  return algebra;
}

type Triple = { subject: RDF.Term; predicate: RDF.Term | sparqljs.PropertyPath; object: RDF.Term };

const isPath = (p: Triple['predicate'], type: string): p is sparqljs.PropertyPath =>
  (p as sparqljs.PropertyPath).type === 'path' && (p as sparqljs.PropertyPath).pathType === type;

/** A copy of a parsed query with each `s a/b/c o` in a basic graph pattern as `s a ?v0 . ?v0 b ?v1 . ?v1 c o`. */
function writeOutSequences(node: unknown, fresh: () => RDF.Variable): unknown {
  if (Array.isArray(node)) return node.map((item) => writeOutSequences(item, fresh));
  if (!node || typeof node !== 'object' || 'termType' in node) return node;
  const n = node as Record<string, unknown>;
  if (n.type === 'graph' && Array.isArray(n.patterns) && n.patterns.length === 0) return graphsOnly(n.name as RDF.Term, fresh);
  if (n.type === 'bgp' && Array.isArray(n.triples)) return { ...n, triples: (n.triples as Triple[]).flatMap((t) => expand(t, fresh)) };
  // sparqljs hands EXISTS { MINUS {…} } (or a lone BIND) its one pattern without its group, which the translator
  // cannot read ("Unexpected type: minus", a 500 found by test/hardening/fuzz.test.ts): the group is put back.
  const [first] = Array.isArray(n.args) ? (n.args as Array<{ type?: string }>) : [];
  if (n.type === 'operation' && (n.operator === 'exists' || n.operator === 'notexists') && first?.type && first.type !== 'group') {
    return { ...n, args: [writeOutSequences({ type: 'group', patterns: [first] }, fresh)] };
  }
  return Object.fromEntries(Object.entries(n).map(([key, value]) => [key, writeOutSequences(value, fresh)]));
}

/**
 * `GRAPH name {}` as a group holding `SELECT DISTINCT name { GRAPH name { ?s ?p ?o } }`: a row per named graph
 * that holds a triple (a store keeps no empty graph), or for an IRI one empty row when that graph is there.
 */
function graphsOnly(name: RDF.Term, fresh: () => RDF.Variable): unknown {
  const [subject, predicate, object] = [fresh(), fresh(), fresh()];
  const where = [{ type: 'graph', name, patterns: [{ type: 'bgp', triples: [{ subject, predicate, object }] }] }];
  // A subquery must project something: for an IRI, one of ours, which hideFrom then drops.
  const variables = [name.termType === 'Variable' ? name : subject];
  return { type: 'group', patterns: [{ type: 'query', queryType: 'SELECT', distinct: true, prefixes: {}, variables, where }] };
}

function expand(triple: Triple, fresh: () => RDF.Variable): Triple[] {
  // `s ^(a/b) o` is `o a/b s`: the translator writes out that sequence too.
  const inverse = isPath(triple.predicate, '^') && triple.predicate.items.length === 1 ? triple.predicate.items[0] : undefined;
  if (inverse && isPath(inverse as Triple['predicate'], '/'))
    return expand({ subject: triple.object, predicate: inverse as Triple['predicate'], object: triple.subject }, fresh);
  if (!isPath(triple.predicate, '/')) return [triple];
  const steps = triple.predicate.items;
  const out: Triple[] = [];
  let from = triple.subject;
  steps.forEach((step, i) => {
    const to = i === steps.length - 1 ? triple.object : fresh();
    out.push(...expand({ subject: from, predicate: step as Triple['predicate'], object: to }, fresh));
    from = to;
  });
  return out;
}

/** Drops our variables from every projection (SELECT * lists what is in scope, ours included). */
function hideFrom(node: unknown, prefix: string): void {
  if (Array.isArray(node)) {
    for (const item of node) hideFrom(item, prefix);
    return;
  }
  if (!node || typeof node !== 'object' || 'termType' in node) return;
  const n = node as Record<string, unknown>;
  if (n.type === 'project' && Array.isArray(n.variables)) {
    n.variables = (n.variables as RDF.Variable[]).filter((v) => !v.value.startsWith(prefix));
  }
  for (const value of Object.values(n)) hideFrom(value, prefix);
}
