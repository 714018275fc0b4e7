// DESCRIBE on every engine and in every form, by one rule (src/engine/describe.ts): each
// described resource's triples, and recursively those of the blank nodes they
// reach; each triple once, from the union default graph or the dataset asked for.
import { describe, expect, it } from 'vitest';
import { Parser, Store, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import { createComunicaEngine, type Engine } from '../../src/engine/index.js';
import { createOxigraphEngine, loadOxigraphStore } from '../../src/engine/oxigraph.js';
import { fixtureServerForTests } from './support.js';

const DATA = `
@prefix ex: <http://example.org/> .
ex:g1 { ex:a ex:p [ ex:q [ ex:r "deep" ] ] ; ex:p "stated twice" . ex:z ex:p ex:a . }
ex:g2 { ex:a ex:p "stated twice" ; ex:p ex:c . ex:c ex:p "c" ; a ex:Thing . ex:a a ex:Thing . }
`;

const triples = (quads: RDF.Quad[], engine: string) => {
  void engine;
  // Blank node labels differ between engines: written as [] so that the sets compare.
  const text = new Writer({ format: 'N-Triples' }).quadsToString(quads as never);
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/_:\S+/g, '[]'))
    .sort();
};

describe('DESCRIBE, on both engines in process', () => {
  const store = new Store(new Parser({ format: 'application/trig' }).parse(DATA));
  const engines: Array<[string, Engine]> = [
    ['comunica', createComunicaEngine(store)],
    [
      'oxigraph',
      createOxigraphEngine(loadOxigraphStore(new Writer({ format: 'N-Quads' }).quadsToString(store.getQuads(null, null, null, null)))),
    ],
  ];
  const a = [
    '<http://example.org/a> <http://example.org/p> "stated twice" .',
    '<http://example.org/a> <http://example.org/p> <http://example.org/c> .',
    '<http://example.org/a> <http://example.org/p> [] .',
    '<http://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Thing> .',
    '[] <http://example.org/q> [] .',
    '[] <http://example.org/r> "deep" .',
  ].sort();

  it('gives an IRI its triples and those of the blank nodes it reaches, each triple once', async () => {
    for (const [name, engine] of engines) {
      expect(triples((await engine.construct('DESCRIBE <http://example.org/a>')).quads, name), name).toEqual(a);
    }
  });

  it('describes the solutions of a WHERE clause after ORDER BY and LIMIT, and DESCRIBE * every variable', async () => {
    for (const [name, engine] of engines) {
      const first = await engine.construct('DESCRIBE ?s WHERE { ?s a <http://example.org/Thing> } ORDER BY ?s LIMIT 1');
      expect(triples(first.quads, name), name).toEqual(a);
      const star = await engine.construct('DESCRIBE * WHERE { ?s <http://example.org/p> ?o FILTER(?o = <http://example.org/c>) }');
      expect(triples(star.quads, name), name).toEqual(
        [
          ...a,
          '<http://example.org/c> <http://example.org/p> "c" .',
          '<http://example.org/c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Thing> .',
        ].sort(),
      );
    }
  });

  it('describes a blank node a WHERE clause finds', async () => {
    for (const [name, engine] of engines) {
      const described = await engine.construct(
        'DESCRIBE ?b WHERE { <http://example.org/a> <http://example.org/p> ?b FILTER(isBlank(?b)) }',
      );
      expect(triples(described.quads, name), name).toEqual(['[] <http://example.org/q> [] .', '[] <http://example.org/r> "deep" .']);
    }
  });

  it('reads only the dataset a FROM names', async () => {
    for (const [name, engine] of engines) {
      const described = await engine.construct('DESCRIBE <http://example.org/a> FROM <http://example.org/g2>');
      expect(triples(described.quads, name), name).toEqual(a.filter((t) => !t.includes('[]')));
    }
  });

  it('cuts at the row cap and says so', async () => {
    for (const [name, engine] of engines) {
      const cut = await engine.query('DESCRIBE <http://example.org/a>', { maxRows: 2 });
      expect(cut, name).toMatchObject({ type: 'quads', truncated: true });
      expect(cut.type === 'quads' && cut.quads.length, name).toBe(2);
    }
  });
});

describe('DESCRIBE through /sparql on the suite engine', () => {
  const server = fixtureServerForTests();

  for (const query of [
    'DESCRIBE ?s WHERE { ?s a ?t } LIMIT 1',
    'DESCRIBE <http://example.org/alice>',
    'DESCRIBE ?p WHERE { ?p a schema:Person } ORDER BY ?p LIMIT 2',
    'DESCRIBE *  WHERE { ?p a schema:Person }',
  ]) {
    it(`answers ${query} with triples`, async () => {
      const response = await fetch(`${server().endpoint}?query=${encodeURIComponent(query)}`, {
        headers: { accept: 'application/n-triples' },
      });
      expect(response.status).toBe(200);
      const body = await response.text();
      expect(new Parser({ format: 'application/n-triples' }).parse(body).length).toBeGreaterThan(0);
    });
  }
});
