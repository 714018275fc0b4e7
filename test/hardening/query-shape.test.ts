// Hostile query shapes (issue 15, cases 2-4 and 9): each is refused with a 400 naming the limit it passes,
// in milliseconds, before any parser recursion; the endpoint keeps answering ordinary queries meanwhile.
import { describe, expect, it } from 'vitest';
import sparqljs from 'sparqljs';
import { checkQueryLimits, QUERY_LIMITS, QueryLimitError } from '../../src/engine/limits.js';
import { servicesOf } from '../../src/federation/policy.js';
import { fixtureServerForTests } from '../endpoint/support.js';

const server = fixtureServerForTests({ workers: 1 });
const ASK = 'ASK { ?s ?p ?o }';
const nestedGroups = (n: number) => `SELECT * WHERE { ${'{ '.repeat(n)}?s ?p ?o ${'} '.repeat(n)}}`;
const orTerms = (n: number) => `SELECT * WHERE { ?s ?p ?o FILTER(${Array.from({ length: n }, (_, i) => `?o = ${i}`).join(' || ')}) }`;
const unions = (n: number) => `SELECT * WHERE { ${Array.from({ length: n + 1 }, (_, i) => `{ ?s ?p ${i} }`).join(' UNION ')} }`;
const variables = (n: number) => `SELECT ${Array.from({ length: n }, (_, i) => `?v${i}`).join(' ')} WHERE { ?s ?p ?o }`;

async function post(query: string) {
  const started = performance.now();
  const response = await fetch(server().endpoint, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: query });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    nosniff: response.headers.get('x-content-type-options'),
    text: await response.text(),
    ms: performance.now() - started,
  };
}

describe('the query shape limits, checked before parsing', () => {
  it.each([
    ['3,000 nested groups', nestedGroups(3000), /limit of 64 nested brackets, braces and parentheses/],
    ['10,000 nested parentheses', `SELECT * WHERE { ?s ?p ?o FILTER(${'('.repeat(10000)}?o${')'.repeat(10000)}) }`, /limit of 64 nested/],
    ['2,000 OR terms', orTerms(2000), /limit of 512 operators/],
    ['1,000 UNIONs', unions(1000), /limit of 256 UNIONs/],
    ['6,000 projected variables', variables(6000), /limit of 1000 distinct variables/],
    [
      '2,000 nested OPTIONALs',
      `SELECT * WHERE { ${'?s ?p ?o OPTIONAL { '.repeat(2000)}?s ?p ?o ${'} '.repeat(2000)}}`,
      /limit of 64 nested/,
    ],
  ])('answers %s with a 400 naming the limit, in well under a second', async (_name, query, message) => {
    const answer = await post(query);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(message);
    expect(answer.type).toBe('text/plain; charset=utf-8');
    expect(answer.nosniff).toBe('nosniff');
    expect(answer.ms).toBeLessThan(1000);
    // The worker was never handed it: the next query is answered.
    expect((await post(ASK)).text).toContain('true');
  });

  it('takes queries just within each limit', async () => {
    for (const query of [nestedGroups(60), orTerms(200), unions(200), variables(900)]) {
      const answer = await post(query);
      expect(answer.status, answer.text).toBe(200);
    }
  });

  it('does not count what strings, IRIs and comments hold', () => {
    const inside = `SELECT * WHERE { ?s ?p "${'((('.repeat(100)}" . ?s ?p <http://x/${'{'.length}a> # ${'{'.repeat(100)}\n FILTER(?o < 3 || ?o > '''${'?x '.repeat(2000)}''') }`;
    expect(() => checkQueryLimits(inside)).not.toThrow();
  });

  it('checks a 60 KB text of "<" in linear time', () => {
    const started = performance.now();
    expect(() => checkQueryLimits(`ASK { FILTER(${'<a'.repeat(30_000)}) }`)).toThrow(QueryLimitError);
    expect(() =>
      checkQueryLimits(`ASK { FILTER(?a ${'<a'.repeat(30_000)}`, { ...QUERY_LIMITS, maxOperators: 1e9, maxTokens: 1e9 }),
    ).not.toThrow();
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('the SERVICE walk', () => {
  it('finds a SERVICE under 5,000 nested groups without overflowing the stack', () => {
    // A parse tree deeper than any query the limits let through, built by hand.
    let group: unknown = {
      type: 'service',
      name: { termType: 'NamedNode', value: 'https://example.org/sparql' },
      patterns: [],
      silent: false,
    };
    for (let i = 0; i < 5000; i++) group = { type: 'group', patterns: [group] };
    expect(servicesOf({ type: 'query', where: [group] })).toEqual([{ iri: 'https://example.org/sparql', silent: false }]);
  });

  it('still reads every SERVICE of a parsed query, in order', () => {
    const query = new sparqljs.Parser().parse(
      'SELECT * WHERE { SERVICE <http://a/sparql> { ?s ?p ?o } OPTIONAL { SERVICE SILENT ?e { ?s ?p ?o } } }',
    );
    expect(servicesOf(query)).toEqual([
      { iri: 'http://a/sparql', silent: false },
      { variable: 'e', silent: true },
    ]);
  });
});

describe('SERVICE with a fragment', () => {
  it('is a 4xx with a message, never a 500', async () => {
    const answer = await post('SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql#x> { ?s ?p ?o } }');
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.text).toMatch(/sparql#x/);
    expect(answer.nosniff).toBe('nosniff');
  });
});
