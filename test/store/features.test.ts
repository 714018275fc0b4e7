// What the store engine knows about Virtuoso 7.2 before sending a query: the
// shapes it answers wrongly (refused with 501), the booleans it answers as
// integers, and the grouped ORDER BY it refuses unless written as a subquery.
import sparqljs from 'sparqljs';
import { describe, expect, it } from 'vitest';
import { booleanVariables, rewriteForStore, storeFeatureProblem } from '../../src/engine/store-features.js';

const parse = (text: string) => new sparqljs.Parser().parse(`PREFIX : <urn:x:>\n${text}`) as unknown as Record<string, unknown>;

describe('the known defects of Virtuoso 7.2', () => {
  it('sends OPTIONAL holding one p+ triple pattern as a subquery of its distinct solutions, and only to Virtuoso', () => {
    for (const text of [
      'SELECT * { ?i a :T OPTIONAL { ?p :partOf+ ?i } }',
      'SELECT * { ?i a :T OPTIONAL { ?i ^:partOf+ ?p FILTER(?p != ?i) } }',
      'SELECT * { ?i a :T OPTIONAL { ?p :partOf+ ?i BIND(true AS ?part) } }',
    ]) {
      const rewritten = rewriteForStore(parse(text), 'virtuoso');
      const written = new sparqljs.Generator().stringify(rewritten as never);
      expect(written, text).toMatch(/OPTIONAL \{\s*\{ SELECT DISTINCT \?\w+ \?\w+ WHERE \{ [^}]*:partOf\+[^}]*\} \}/);
      expect(storeFeatureProblem(rewritten, 'virtuoso'), text).toBeUndefined();
      expect(storeFeatureProblem(parse(text), 'virtuoso'), text).toMatch(/p\+ property path/);
      expect(rewriteForStore(parse(text), 'generic'), text).toBeUndefined();
    }
    // Between two IRIs there is nothing to select: refused.
    const constant = parse('SELECT * { ?i a :T OPTIONAL { :a :partOf+ :b } }');
    expect(rewriteForStore(constant, 'virtuoso')).toBeUndefined();
    expect(storeFeatureProblem(constant, 'virtuoso')).toMatch(/between two IRIs/);
  });

  it('leaves as they are the shapes it answers right: p*, p/p+, p+ beside another pattern or in a subquery', () => {
    for (const text of [
      'SELECT * { ?i a :T OPTIONAL { ?p :partOf* ?i } }',
      'SELECT * { ?i a :T OPTIONAL { ?p :partOf/:partOf* ?i } }',
      'SELECT * { ?i a :T OPTIONAL { ?p :partOf+ ?i . ?p a :P } }',
      'SELECT * { ?p :partOf+ ?i }',
      'SELECT * { ?i a :T OPTIONAL { SELECT ?i (COUNT(?p) AS ?n) WHERE { ?p :partOf+ ?i } GROUP BY ?i } }',
    ]) {
      expect(storeFeatureProblem(parse(text), 'virtuoso'), text).toBeUndefined();
      expect(rewriteForStore(parse(text), 'virtuoso'), text).toBeUndefined();
    }
  });

  it('refuses EXISTS inside IF, and a computed boolean written into a CONSTRUCT', () => {
    expect(storeFeatureProblem(parse('SELECT * { ?s ?p ?o BIND(IF(EXISTS { ?o ?q ?r }, 1, 0) AS ?x) }'), 'virtuoso')).toMatch(
      /EXISTS inside IF/,
    );
    expect(storeFeatureProblem(parse('CONSTRUCT { ?s :flag ?b } WHERE { ?s ?p ?o BIND(isIRI(?o) AS ?b) }'), 'virtuoso')).toMatch(/boolean/);
    expect(storeFeatureProblem(parse('CONSTRUCT { ?s :n ?n } WHERE { ?s ?p ?o BIND(STRLEN(?o) AS ?n) }'), 'virtuoso')).toBeUndefined();
  });

  it('refuses a BIND of EXISTS after a BIND and an OPTIONAL in one group, and leaves the shapes Virtuoso answers right', () => {
    const head = 'SELECT ?in { ?st :s ?s ; :p ?p ; :o ?o .';
    for (const body of [
      'BIND(?s AS ?x) OPTIONAL { ?o :label ?b } BIND(EXISTS { ?s ?p ?o } AS ?in)',
      'OPTIONAL { ?s :label ?a } BIND(COALESCE(?a) AS ?x) OPTIONAL { ?o :label ?b } BIND(NOT EXISTS { ?s ?p ?o } AS ?in)',
      'MINUS { ?s :none ?q } BIND(1 AS ?x) OPTIONAL { ?o :label ?b } BIND(IF(EXISTS { ?s ?p ?o }, 1, 0) AS ?in)',
    ])
      expect(storeFeatureProblem(parse(`${head} ${body} }`), 'virtuoso'), body).toMatch(/EXISTS/);
    for (const body of [
      'OPTIONAL { ?s :label ?a } OPTIONAL { ?o :label ?b } BIND(EXISTS { ?s ?p ?o } AS ?in)',
      'OPTIONAL { ?s :label ?a } OPTIONAL { ?o :label ?b } BIND(?a AS ?x) BIND(EXISTS { ?s ?p ?o } AS ?in)',
      'BIND(1 AS ?x) OPTIONAL { ?o :label ?b } FILTER(EXISTS { ?s ?p ?o }) BIND(true AS ?in)',
      '{ OPTIONAL { ?s :label ?a } BIND(?a AS ?x) } OPTIONAL { ?o :label ?b } BIND(EXISTS { ?s ?p ?o } AS ?in)',
      'BIND(EXISTS { ?s ?p ?o } AS ?in) BIND(1 AS ?x) OPTIONAL { ?o :label ?b }',
    ]) {
      expect(storeFeatureProblem(parse(`${head} ${body} }`), 'virtuoso'), body).toBeUndefined();
      expect(storeFeatureProblem(parse(`${head} ${body} }`), 'generic'), body).toBeUndefined();
    }
    expect(
      storeFeatureProblem(parse(`${head} BIND(?s AS ?x) OPTIONAL { ?o :label ?b } BIND(EXISTS { ?s ?p ?o } AS ?in) }`), 'generic'),
    ).toBeUndefined();
  });

  it('names the variables bound only to booleans, so that 1 and 0 read back as true and false', () => {
    const query = parse(
      'SELECT ?a (?x < 2 AS ?c) ?n WHERE { VALUES ?v { true } BIND(false AS ?a) BIND(3 AS ?n) { BIND(true AS ?m) } UNION { BIND(7 AS ?m) } }',
    );
    expect([...booleanVariables(query)].sort()).toEqual(['a', 'c', 'v']);
  });

  it('writes a grouped query ordered by an expression of an alias as a subquery, ordered and cut outside', () => {
    const query = parse('SELECT ?s (SAMPLE(?l) AS ?label) WHERE { ?s :label ?l } GROUP BY ?s ORDER BY LCASE(STR(?label)) LIMIT 5');
    const rewritten = rewriteForStore(query, 'virtuoso');
    expect(rewritten).toBeDefined();
    const text = new sparqljs.Generator().stringify(rewritten as never);
    expect(text).toMatch(/^PREFIX : <urn:x:>\nSELECT \?s \?label WHERE \{\s*\{\s*SELECT \?s \(SAMPLE\(\?l\) AS \?label\)/);
    expect(text).toMatch(/\}\s*\}\s*ORDER BY \(LCASE\(STR\(\?label\)\)\)\s*LIMIT 5$/);
    expect(rewriteForStore(parse('SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY ?s'), 'virtuoso')).toBeUndefined();
    expect(rewriteForStore(query, 'generic')).toBeUndefined();
  });
});
