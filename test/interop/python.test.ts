// Python's SPARQLWrapper and rdflib (Debian's, run with /usr/bin/python3) query
// the endpoint and get the answers the in-process engine gives; rdflib's own
// parsers read every RDF format the endpoint writes.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonical, referenceEngine, ROOT, startFixtureServer, type FixtureServer } from '../endpoint/support.js';
import { ASK_FALSE, ASK_TRUE, CONSTRUCT, SELECT, SELECT_VARIABLES } from './queries.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(ROOT, 'test/interop/clients.py');

interface PyTerm {
  type: 'uri' | 'bnode' | 'literal';
  value: string;
  lang?: string;
  datatype?: string;
}
type PyAnswer =
  | { type: 'bindings'; variables: string[]; rows: Array<Record<string, PyTerm>> }
  | { type: 'boolean'; value: boolean }
  | { type: 'triples'; triples: Array<[PyTerm, PyTerm, PyTerm]> }
  | { type: 'error'; message: string };

interface Case {
  id: string;
  client: 'sparqlwrapper' | 'rdflib' | 'rdflib-parse' | 'rdflib-contexts';
  kind: 'select' | 'ask' | 'construct' | 'contexts';
  query: string;
  method?: 'GET' | 'POST';
  format?: string;
  accept?: string;
  parser?: string;
}

const CASES: Case[] = [
  { id: 'sparqlwrapper select json GET', client: 'sparqlwrapper', kind: 'select', query: SELECT, format: 'json' },
  { id: 'sparqlwrapper select xml POST', client: 'sparqlwrapper', kind: 'select', query: SELECT, format: 'xml', method: 'POST' },
  { id: 'sparqlwrapper ask json', client: 'sparqlwrapper', kind: 'ask', query: ASK_TRUE, format: 'json' },
  { id: 'sparqlwrapper ask xml POST (false)', client: 'sparqlwrapper', kind: 'ask', query: ASK_FALSE, format: 'xml', method: 'POST' },
  { id: 'sparqlwrapper construct turtle', client: 'sparqlwrapper', kind: 'construct', query: CONSTRUCT, format: 'turtle' },
  { id: 'sparqlwrapper construct rdf/xml', client: 'sparqlwrapper', kind: 'construct', query: CONSTRUCT, format: 'rdfxml' },
  { id: 'sparqlwrapper construct json-ld', client: 'sparqlwrapper', kind: 'construct', query: CONSTRUCT, format: 'jsonld' },
  { id: 'rdflib select GET', client: 'rdflib', kind: 'select', query: SELECT },
  { id: 'rdflib select POST', client: 'rdflib', kind: 'select', query: SELECT, method: 'POST' },
  { id: 'rdflib ask', client: 'rdflib', kind: 'ask', query: ASK_TRUE },
  { id: 'rdflib construct', client: 'rdflib', kind: 'construct', query: CONSTRUCT },
  ...(
    [
      ['text/turtle', 'turtle'],
      ['application/n-triples', 'nt'],
      ['application/n-quads', 'nquads'],
      ['application/trig', 'trig'],
      ['application/ld+json', 'json-ld'],
      ['application/rdf+xml', 'xml'],
    ] as const
  ).map(
    ([accept, parser]): Case => ({
      id: `rdflib parses ${accept}`,
      client: 'rdflib-parse',
      kind: 'construct',
      query: CONSTRUCT,
      accept,
      parser,
    }),
  ),
];

/** rdflib's SPARQLStore.contexts() sends `GRAPH ?name {}`: one row per named graph. */
const CONTEXTS: Case = { id: 'rdflib SPARQLStore.contexts()', client: 'rdflib-contexts', kind: 'contexts', query: '' };
const NAMED_GRAPHS = 'SELECT DISTINCT ?name WHERE { GRAPH ?name { ?s ?p ?o } }';

/** Runs the Python clients once for all cases. */
function runPython(endpoint: string): Promise<Record<string, PyAnswer>> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`${PYTHON} ${SCRIPT} exited with ${code} (are python3-sparqlwrapper and python3-rdflib installed?)\n${stderr}`));
        return;
      }
      resolve(JSON.parse(stdout) as Record<string, PyAnswer>);
    });
    child.stdin.end(JSON.stringify({ endpoint, cases: [...CASES, CONTEXTS] }));
  });
}

/** A Python-side term in the comparable form of support.ts's termKey. */
function key(term: PyTerm): string {
  if (term.type === 'uri') return `<${term.value}>`;
  if (term.type === 'bnode') return '_:';
  if (term.lang) return `${JSON.stringify(term.value)}@${term.lang.toLowerCase()}`;
  return `${JSON.stringify(term.value)}^^<${term.datatype ?? 'http://www.w3.org/2001/XMLSchema#string'}>`;
}

function comparable(answer: PyAnswer): unknown {
  if (answer.type === 'error') throw new Error(answer.message);
  if (answer.type === 'boolean') return answer.value;
  if (answer.type === 'triples') return answer.triples.map((t) => t.map(key).join(' ')).sort();
  return answer.rows
    .map((row) => Object.fromEntries(Object.entries(row).map(([v, t]) => [v, key(t)])))
    .map((row) => JSON.stringify(row, Object.keys(row).sort()))
    .sort();
}

let server: FixtureServer;
let answers: Record<string, PyAnswer>;
const expected: Record<Case['kind'] | 'askFalse', unknown> = {
  select: undefined,
  contexts: undefined,
  ask: undefined,
  construct: undefined,
  askFalse: undefined,
};

beforeAll(async () => {
  server = await startFixtureServer();
  const reference = referenceEngine();
  expected.select = canonical(await reference.query(SELECT));
  expected.ask = await reference.ask(ASK_TRUE);
  expected.askFalse = await reference.ask(ASK_FALSE);
  expected.construct = canonical(await reference.query(CONSTRUCT));
  expected.contexts = canonical(await reference.query(NAMED_GRAPHS));
  answers = await runPython(server.endpoint);
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe('SPARQLWrapper and rdflib querying the endpoint', () => {
  it.each(CASES.map((c) => [c.id, c] as const))('%s gets the answer of the in-process engine', (_id, testCase) => {
    const answer = answers[testCase.id];
    expect(answer, `no answer for ${testCase.id}`).toBeDefined();
    const want = testCase.kind === 'ask' && testCase.query === ASK_FALSE ? expected.askFalse : expected[testCase.kind];
    expect(comparable(answer)).toEqual(want);
    if (answer.type === 'bindings') expect(answer.variables).toEqual(SELECT_VARIABLES);
  });

  it('rdflib SPARQLStore.contexts() lists every named graph, as GRAPH ?name { ?s ?p ?o } finds them', () => {
    expect(comparable(answers[CONTEXTS.id])).toEqual(expected.contexts);
    expect((expected.contexts as unknown[]).length).toBeGreaterThanOrEqual(2);
  });

  it('asked ASK answers that are not all alike, so a constant answer would fail', () => {
    expect([expected.ask, expected.askFalse]).toEqual([true, false]);
  });
});
