// The queries every interop client runs against the endpoint on the fixture
// graph, chosen to cross the awkward parts of each format: unbound variables,
// language tags, typed literals, quotes, line breaks, tabs, <, &, and a
// character outside the Basic Multilingual Plane.

export const SELECT = `PREFIX schema: <http://schema.org/>
PREFIX ex: <http://example.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?name ?age ?label ?note ?height WHERE {
  ?person schema:name ?name .
  OPTIONAL { ?person ex:age ?age }
  OPTIONAL { ?person rdfs:label ?label }
  OPTIONAL { ?person ex:note ?note }
  OPTIONAL { ?person ex:height ?height }
}`;

export const ASK_TRUE = 'ASK { <http://example.org/alice> <http://example.org/knows> <http://example.org/bob> }';
export const ASK_FALSE = 'ASK { <http://example.org/bob> <http://example.org/knows> <http://example.org/alice> }';

export const CONSTRUCT = `CONSTRUCT { ?s ?p ?o } WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(?g IN (<http://example.org/graph/people>, <http://example.org/graph/cases>))
}`;

/** Everything, for clients that fetch the graph and query it themselves. */
export const EVERYTHING = 'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }';

export const SELECT_VARIABLES = ['person', 'name', 'age', 'label', 'note', 'height'];
