// JSON-LD compaction runs in the main thread (issue 15, case 3): eight JSON-LD requests for a 10,000-quad
// CONSTRUCT once held every route for 18.6 s. A graph over the JSON-LD limit is now a 406 naming the formats
// that carry it, and /health keeps answering meanwhile.
import { describe, expect, it } from 'vitest';
import { fixtureServerForTests } from '../endpoint/support.js';

const server = fixtureServerForTests({ workers: 1 });
const numbers = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(' ');
/** A CONSTRUCT of `side` × `side` triples, each with its own subject. */
const grid = (side: number) =>
  `CONSTRUCT { ?s <http://example.org/n> ?n } WHERE { VALUES ?a { ${numbers(side)} } VALUES ?b { ${numbers(side)} } BIND(IRI(CONCAT("http://example.org/c", STR(?a), "-", STR(?b))) AS ?s) BIND(?a * 1000 + ?b AS ?n) }`;

function ask(query: string, accept: string) {
  return fetch(server().endpoint, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query', Accept: accept }, body: query });
}

describe('JSON-LD of a large graph', () => {
  it('is a 406 naming the limit and the formats to ask for instead', async () => {
    const response = await ask(grid(100), 'application/ld+json');
    expect(response.status).toBe(406);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toMatch(
      /JSON-LD is written for graphs of at most 2000 triples \(UPR_MAX_JSONLD_TRIPLES\), and this one has 10000: ask for Turtle/,
    );
  });

  it('still comes whole in N-Triples', async () => {
    const response = await ask(grid(100), 'application/n-triples');
    expect(response.status).toBe(200);
    expect((await response.text()).trim().split('\n')).toHaveLength(10_000);
  });

  it('leaves /health answering in under a second while eight such requests are in flight', async () => {
    await ask(grid(100), 'application/n-triples');
    const requests = Array.from({ length: 8 }, () => ask(grid(100), 'application/ld+json').then((r) => r.status));
    const started = performance.now();
    expect((await fetch(`${server().url}/health`)).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await Promise.all(requests)).toEqual(Array(8).fill(406));
  });

  it('is written for a graph within the limit', async () => {
    const response = await ask(grid(40), 'application/ld+json');
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain('example.org/c40-40');
  });
});
