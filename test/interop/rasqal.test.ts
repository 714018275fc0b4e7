// Redland's command-line tools against the endpoint: rasqal's roqet and
// raptor's rapper (Debian rasqal-utils, raptor2-utils).
//
// roqet 0.9.33 as a SPARQL protocol client (-p) sends `Accept:
// application/sparql-results+xml` for every query and reads only variable
// bindings: its SPARQL XML reader parses <boolean> but never hands it on, and
// it has no reader for a graph. So it runs the SELECT through the protocol, and
// the ASK and the CONSTRUCT over the graph it fetches from the endpoint (-D),
// which raptor negotiates and parses.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser } from 'n3';
import type * as RDF from '@rdfjs/types';
import { canonical, canonicalTriples, referenceEngine, startFixtureServer, termKey, type FixtureServer } from '../endpoint/support.js';
import { ASK_FALSE, ASK_TRUE, CONSTRUCT, EVERYTHING, SELECT } from './queries.js';

const run = promisify(execFile);

let server: FixtureServer;
const reference = referenceEngine();
beforeAll(async () => {
  server = await startFixtureServer();
}, 30_000);
afterAll(async () => {
  await server?.close();
});

const queryUrl = (query: string, params = '') => `${server.endpoint}?query=${encodeURIComponent(query)}${params}`;

async function tool(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, { timeout: 20_000, maxBuffer: 10 * 1024 * 1024 });
  } catch (error) {
    const err = error as Error & { code?: string; stderr?: string };
    if (err.code === 'ENOENT') throw new Error(`${command} is not installed (Debian rasqal-utils / raptor2-utils)`);
    throw new Error(`${command} ${args.join(' ')} failed: ${err.message}\n${err.stderr ?? ''}`);
  }
}

/** One TSV cell of roqet's output (a Turtle term) as an RDF term. */
function turtleTerm(cell: string): RDF.Term {
  const [quad] = new Parser({ format: 'text/turtle' }).parse(`<urn:x:s> <urn:x:p> ${cell} .`);
  return quad.object;
}

describe("rasqal's roqet using the endpoint", () => {
  it('runs the SELECT through the SPARQL protocol and gets the rows of the in-process engine', async () => {
    const { stdout } = await tool('roqet', ['-q', '-i', 'sparql11-query', '-r', 'tsv', '-p', server.endpoint, '-e', SELECT]);
    const [header, ...lines] = stdout.trimEnd().split('\n');
    const variables = header.split('\t').map((v) => v.replace(/^\?/, ''));
    const rows = lines
      .map((line) => {
        const cells = line.split('\t');
        return Object.fromEntries(variables.flatMap((v, i) => (cells[i] ? [[v, termKey(turtleTerm(cells[i]))]] : [])));
      })
      .map((row) => JSON.stringify(row, Object.keys(row).sort()))
      .sort();
    expect(rows).toEqual(canonical(await reference.query(SELECT)));
  });

  it('answers the ASKs over the graph it fetched from the endpoint as the in-process engine does', async () => {
    const data = queryUrl(EVERYTHING);
    for (const [ask, answer] of [
      [ASK_TRUE, true],
      [ASK_FALSE, false],
    ] as const) {
      const { stdout, stderr } = await tool('roqet', ['-i', 'sparql11-query', '-D', data, '-e', ask]);
      expect(`${stdout}${stderr}`).toContain(`Query has a boolean result: ${answer}`);
      expect(await reference.ask(ask)).toBe(answer);
    }
  });

  it('reads the CONSTRUCT result from the endpoint and writes back the same triples', async () => {
    const { stdout } = await tool('roqet', [
      '-q',
      '-i',
      'sparql11-query',
      '-D',
      queryUrl(CONSTRUCT),
      '-e',
      'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }',
      '-r',
      'turtle',
    ]);
    const triples = new Parser({ format: 'text/turtle' }).parse(stdout);
    expect(canonicalTriples(triples)).toEqual(canonical(await reference.query(CONSTRUCT)));
  });
});

describe("raptor's rapper parsing each RDF format of the endpoint", () => {
  it.each([
    ['rdfxml', 'rdfxml'],
    ['turtle', 'turtle'],
    ['ntriples', 'nt'],
    ['nquads', 'nquads'],
    ['trig', 'trig'],
  ])('reads %s without complaint and finds the triples of the in-process engine', async (syntax, format) => {
    const { stdout, stderr } = await tool('rapper', ['-i', syntax, '-o', 'nquads', queryUrl(CONSTRUCT, `&format=${format}`)]);
    expect(stderr).not.toMatch(/error|warning/i);
    const quads = new Parser({ format: 'application/n-quads' }).parse(stdout);
    expect(canonicalTriples(quads)).toEqual(canonical(await reference.query(CONSTRUCT)));
  });
});
