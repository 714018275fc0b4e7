// ORDER BY with several keys gives SPARQL's order on Comunica as on Oxigraph:
// the first key decides, the next only among equals of the ones before it.
// Comunica 4.5 sorted once per key, last key first, with an unstable sort, so
// only the first key held (src/engine/comunica-orderby.ts). Both engines run
// every query here over the same data and must agree row for row, in order.
import { describe, expect, it } from 'vitest';
import { Parser, Store, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import { sortByEveryKey } from '../../src/engine/comunica-orderby.js';
import { createComunicaEngine, type QueryResult } from '../../src/engine/index.js';
import { createOxigraphEngine, loadOxigraphStore } from '../../src/engine/oxigraph.js';
import { loadGraph } from '../../src/load.js';
import { PREFIXES } from '../../src/namespaces.js';
import { ROOT } from '../support/graph.js';

// 30 items: 3 groups of 10 (ties on the first key), a rank unique within a group, a note on some (unbound on the rest).
const turtle = [
  '@prefix ex: <http://example.org/> .',
  ...Array.from({ length: 30 }, (_, i) => {
    const note = i % 4 === 0 ? ` ; ex:note "n${i % 3}"` : '';
    return `ex:item${i} ex:group ${i % 3} ; ex:rank ${(i * 7) % 10} ; ex:name "item ${String(i).padStart(2, '0')}"${note} .`;
  }),
].join('\n');

function enginesOver(store: Store) {
  const nquads = new Writer({ format: 'N-Quads' }).quadsToString(store.getQuads(null, null, null, null));
  return { comunica: createComunicaEngine(store), oxigraph: createOxigraphEngine(loadOxigraphStore(nquads)) };
}

const items = enginesOver(new Store(new Parser().parse(turtle)));
const ITEMS = 'PREFIX ex: <http://example.org/> ';
const WHERE = '?item ex:group ?group ; ex:rank ?rank ; ex:name ?name . OPTIONAL { ?item ex:note ?note }';

const term = (t: RDF.Term | undefined) => (t ? `${t.termType}:${t.value}` : 'unbound');

/** A result as comparable text: rows in their order, or a graph's triples sorted. */
function inOrder(result: QueryResult): string[] {
  if (result.type === 'bindings') return result.rows.map((row) => result.variables.map((v) => term(row[v])).join(' '));
  if (result.type === 'quads') return result.quads.map((q) => `${term(q.subject)} ${term(q.predicate)} ${term(q.object)}`).sort();
  return [String(result.value)];
}

async function answers(engines: ReturnType<typeof enginesOver>, text: string) {
  return { comunica: inOrder(await engines.comunica.query(text)), oxigraph: inOrder(await engines.oxigraph.query(text)) };
}

describe('ORDER BY on strings and IRIs on Comunica', () => {
  const mixed = enginesOver(
    new Store(
      new Parser().parse(
        [
          '@prefix ex: <http://example.org/> .',
          'ex:a ex:label "Criminal case" . ex:b ex:label "Criminal Code" . ex:c ex:label "criminal" . ex:d ex:label "Zebra" .',
          '<http://example.org/kz-2019> ex:label "é" . <http://example.org/KZ/2> ex:label "e" . ex:e ex:label "\u{1F600}" . ex:f ex:label "\uFFFD" .',
        ].join('\n'),
      ),
    ),
  );

  it('compares plain strings and IRIs by code point, as SPARQL (and Oxigraph) do, not by a locale', async () => {
    const { comunica, oxigraph } = await answers(mixed, `${ITEMS} SELECT ?s ?label WHERE { ?s ex:label ?label } ORDER BY ?label`);
    expect(oxigraph.map((row) => row.split(' Literal:')[1]).slice(0, 4)).toEqual(['Criminal Code', 'Criminal case', 'Zebra', 'criminal']);
    expect(comunica).toEqual(oxigraph);
    const byIri = await answers(mixed, `${ITEMS} SELECT ?s WHERE { ?s ex:label ?label } ORDER BY DESC(?s)`);
    expect(byIri.comunica).toEqual(byIri.oxigraph);
  });
});

describe('ORDER BY with several keys on Comunica', () => {
  it('sorts by the second key among equals of the first, as SPARQL (and Oxigraph) do', async () => {
    const { comunica, oxigraph } = await answers(items, `${ITEMS} SELECT ?group ?rank WHERE { ${WHERE} } ORDER BY ?group ?rank`);
    // Worked out by hand: group 0 holds items 0, 3, 6… whose ranks (7i mod 10) are 0, 1, 2… 9.
    expect(oxigraph.slice(0, 3)).toEqual(['Literal:0 Literal:0', 'Literal:0 Literal:1', 'Literal:0 Literal:2']);
    expect(comunica).toEqual(oxigraph);
  });

  it.each([
    ['DESC first, ASC second', 'ORDER BY DESC(?group) ?rank'],
    ['ASC first, DESC second', 'ORDER BY ?group DESC(?rank)'],
    ['both DESC', 'ORDER BY DESC(?group) DESC(?rank)'],
    ['expressions as keys', 'ORDER BY (?rank > 4) DESC(?group * 10 - ?rank) ?name'],
    ['a function of a string as a key', 'ORDER BY STRLEN(?name) DESC(SUBSTR(?name, 7)) ?group'],
    ['an unbound first key (unbound sorts first)', 'ORDER BY ?note DESC(?group) ?rank'],
    ['an unbound first key, descending (unbound sorts last)', 'ORDER BY DESC(?note) ?group DESC(?rank)'],
    ['three keys with ties on the first two', 'ORDER BY ?group (?rank > 4) ?name'],
    ['LIMIT', 'ORDER BY DESC(?group) ?rank LIMIT 7'],
    ['LIMIT and OFFSET', 'ORDER BY ?group DESC(?rank) LIMIT 6 OFFSET 8'],
  ])('agrees with Oxigraph with %s', async (_case, order) => {
    const { comunica, oxigraph } = await answers(items, `${ITEMS} SELECT ?item ?group ?rank ?note WHERE { ${WHERE} } ${order}`);
    expect(oxigraph.length).toBeGreaterThan(5);
    expect(comunica).toEqual(oxigraph);
  });

  it('picks the rows of a subquery with ORDER BY and LIMIT by every key', async () => {
    const inner = `SELECT ?item ?group ?rank WHERE { ${WHERE} } ORDER BY ?group DESC(?rank) LIMIT 5`;
    const { comunica, oxigraph } = await answers(items, `${ITEMS} SELECT ?item ?rank WHERE { { ${inner} } } ORDER BY ?rank`);
    // Group 0 holds items 0, 3, 6…, of rank 7i mod 10: the five highest are items 15 (5), 18, 21, 24 and 27 (9).
    const picked = ['item15', 'item18', 'item21', 'item24', 'item27'].map((i) => `NamedNode:http://example.org/${i}`);
    expect(oxigraph.map((row) => row.split(' ')[0])).toEqual(picked);
    expect(comunica).toEqual(oxigraph);
  });

  it('builds a CONSTRUCT with ORDER BY and LIMIT from the first rows by every key', async () => {
    const text = `${ITEMS} CONSTRUCT { ?item ex:picked ?rank } WHERE { ${WHERE} } ORDER BY ?group DESC(?rank) LIMIT 5`;
    const { comunica, oxigraph } = await answers(items, text);
    expect(oxigraph).toHaveLength(5);
    expect(comunica).toEqual(oxigraph);
  });

  it('describes the first resources by every key under DESCRIBE with ORDER BY and LIMIT', async () => {
    const text = `${ITEMS} DESCRIBE ?item WHERE { ${WHERE} } ORDER BY ?group DESC(?rank) LIMIT 5`;
    const { comunica, oxigraph } = await answers(items, text);
    expect(oxigraph.length).toBeGreaterThan(4);
    expect(comunica).toEqual(oxigraph);
  });

  it('orders the recommendations of the repository’s graph by section, then item', async () => {
    const { store } = await loadGraph({ root: ROOT });
    const text = `${PREFIXES}
      SELECT ?number WHERE {
        ?rec a upr:Recommendation ; upr:recommendationNumber ?number .
        BIND(xsd:integer(STRBEFORE(?number, ".")) AS ?a) BIND(xsd:integer(STRAFTER(?number, ".")) AS ?s)
      } ORDER BY ?a ?s`;
    const { comunica, oxigraph } = await answers(enginesOver(store), text);
    const numbers = oxigraph.map((row) => row.replace('Literal:', ''));
    expect(numbers.indexOf('124.29')).toBeLessThan(numbers.indexOf('124.30'));
    expect(comunica).toEqual(oxigraph);
  });

  it('refuses a Comunica engine whose ORDER BY actor is not where Comunica 4.5 puts it, rather than misorder', () => {
    expect(() => sortByEveryKey({ actorInitQuery: { mediatorQueryProcess: { bus: { actors: [] } } } })).toThrow(
      /ORDER BY actor was not found/,
    );
  });
});
