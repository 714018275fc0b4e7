// Comunica runs the algebra of src/engine/comunica-algebra.ts: sequence paths written out
// with variables of our own, so that no generated variable outside a subquery can
// share a name with one inside it (sparqlalgebrajs restarts its count per subquery).
import { describe, expect, it } from 'vitest';
import { DataFactory, Parser, Store } from 'n3';
import { createComunicaEngine } from '../../src/engine/index.js';

const store = new Store(
  new Parser({ format: 'text/turtle' }).parse(`
@prefix ex: <http://example.org/> .
ex:r1 ex:state ex:s1 ; ex:theme ex:t1, ex:t2 .
ex:r2 ex:state ex:s2 ; ex:theme ex:t2 .
ex:s1 ex:label "One" . ex:s2 ex:label "Two" .
ex:t1 ex:pref "media" . ex:t2 ex:pref "blocking" .
`),
);
const engine = createComunicaEngine(store);
const THEMES = `OPTIONAL { SELECT ?r (GROUP_CONCAT(DISTINCT ?t; separator=", ") AS ?themes) WHERE { ?r ex:theme/ex:pref ?t } GROUP BY ?r }`;
const rows = async (query: string) =>
  (await engine.select(`PREFIX ex: <http://example.org/> ${query}`)).rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, t]) => [k, k === 'themes' ? t.value.split(', ').sort().join(', ') : t.value])),
  );

describe('the algebra Comunica runs', () => {
  it('keeps a grouped subquery inside OPTIONAL apart from a sequence path outside it', async () => {
    expect(await rows(`SELECT ?label ?themes WHERE { ?r ex:state/ex:label ?label . ${THEMES} } ORDER BY ?label`)).toEqual([
      { label: 'One', themes: 'blocking, media' },
      { label: 'Two', themes: 'blocking' },
    ]);
  });

  it('does the same for an inverse sequence, ^(a/b)', async () => {
    expect(await rows(`SELECT ?label ?themes WHERE { ?label ^(ex:state/ex:label) ?r . ${THEMES} } ORDER BY ?label`)).toEqual([
      { label: 'One', themes: 'blocking, media' },
      { label: 'Two', themes: 'blocking' },
    ]);
  });

  it('leaves its own variables out of SELECT *', async () => {
    const { variables } = await engine.select('PREFIX ex: <http://example.org/> SELECT * WHERE { ?r ex:state/ex:label ?label }');
    expect(variables.sort()).toEqual(['label', 'r']);
  });

  it('names its variables apart from any the query uses', async () => {
    expect(
      await rows('SELECT ?label ?upr_path_0 WHERE { ?r ex:state/ex:label ?label BIND("mine" AS ?upr_path_0) } ORDER BY ?label'),
    ).toEqual([
      { label: 'One', upr_path_0: 'mine' },
      { label: 'Two', upr_path_0: 'mine' },
    ]);
  });

  it("lists each named graph once for GRAPH ?g {}, as rdflib's SPARQLStore.contexts() asks", async () => {
    const graphs = new Store([
      DataFactory.quad(
        DataFactory.namedNode('http://example.org/a'),
        DataFactory.namedNode('http://example.org/p'),
        DataFactory.literal('1'),
        DataFactory.namedNode('http://example.org/g1'),
      ),
      DataFactory.quad(
        DataFactory.namedNode('http://example.org/b'),
        DataFactory.namedNode('http://example.org/p'),
        DataFactory.literal('2'),
        DataFactory.namedNode('http://example.org/g1'),
      ),
      DataFactory.quad(
        DataFactory.namedNode('http://example.org/a'),
        DataFactory.namedNode('http://example.org/p'),
        DataFactory.literal('3'),
        DataFactory.namedNode('http://example.org/g2'),
      ),
    ]);
    const named = createComunicaEngine(graphs);
    const { variables, rows } = await named.select('SELECT ?name WHERE { GRAPH ?name {} }');
    expect(variables).toEqual(['name']);
    expect(rows.map((r) => r.name?.value).sort()).toEqual(['http://example.org/g1', 'http://example.org/g2']);
    expect((await named.select('SELECT * WHERE { GRAPH <http://example.org/g2> {} }')).rows).toEqual([{}]);
    expect((await named.select('SELECT * WHERE { GRAPH <http://example.org/g3> {} }')).rows).toEqual([]);
  });
});
