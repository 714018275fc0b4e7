// Data where the user keeps it (--data DIR / UPR_DATA), in Turtle, TriG,
// N-Triples and N-Quads, gzipped or not: every document lands in its own named
// graph, and what does not belong there is an error at its file:line.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { loadConfig } from '../../src/config.js';
import { LoadError } from '../../src/load.js';
import { documentGraph } from '../../src/namespaces.js';
import { start, type RunningServer } from '../../src/server.js';
import { ROOT } from '../support/graph.js';
import { EX, smallRoot, writeDocument } from './support.js';

const PERSON = 'http://schema.org/Person';
const NAME = 'http://schema.org/name';

/** The same two people, written in each syntax; quad syntaxes use the default graph and the document's own. */
function inSyntax(ext: string, slug: string): string {
  const graph = documentGraph(slug);
  const a = `<${EX}${slug}-a>`;
  const b = `<${EX}${slug}-b>`;
  switch (ext) {
    case 'ttl':
      return `@prefix s: <http://schema.org/> .\n${a} a s:Person ; s:name "A" .\n${b} a s:Person ; s:name "B" .\n`;
    case 'trig':
      return `${a} a <${PERSON}> ; <${NAME}> "A" .\n<${graph}> { ${b} a <${PERSON}> ; <${NAME}> "B" . }\n`;
    case 'nt':
      return lines([
        `${a} <${RDF_TYPE}> <${PERSON}> .`,
        `${a} <${NAME}> "A" .`,
        `${b} <${RDF_TYPE}> <${PERSON}> .`,
        `${b} <${NAME}> "B" .`,
      ]);
    default:
      return lines([
        `${a} <${RDF_TYPE}> <${PERSON}> .`,
        `${a} <${NAME}> "A" .`,
        `${b} <${RDF_TYPE}> <${PERSON}> <${graph}> .`,
        `${b} <${NAME}> "B" <${graph}> .`,
      ]);
  }
}
const lines = (items: string[]) => `${items.join('\n')}\n`;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SYNTAXES = ['ttl', 'trig', 'nt', 'nq'];

let root: string;
let data: string;
let server: RunningServer;

beforeAll(async () => {
  root = await smallRoot();
  data = await mkdtemp(path.join(tmpdir(), 'upr-graph-data-'));
  for (const ext of SYNTAXES) {
    await writeDocument(data, ext, { [`people.${ext}`]: inSyntax(ext, ext) });
    await writeDocument(data, `${ext}-gz`, { [`people.${ext}.gz`]: gzipSync(inSyntax(ext, `${ext}-gz`)) });
  }
  server = await start(loadConfig({ UPR_DATA: data }, { root, port: 0, workers: 1 }), { log: () => {} });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
  await rm(data, { recursive: true, force: true });
});

describe('a data folder outside the repository', () => {
  it('serves every document of every syntax, gzipped or not, each in its own named graph', async () => {
    const query = `SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a <${PERSON}> ; <${NAME}> ?name } } GROUP BY ?g ORDER BY ?g`;
    const response = await fetch(`${server.url}/sparql?query=${encodeURIComponent(query)}`);
    const rows = ((await response.json()) as { results: { bindings: Array<{ g: { value: string }; n: { value: string } }> } }).results
      .bindings;
    const expected = SYNTAXES.flatMap((ext) => [ext, `${ext}-gz`])
      .map((slug) => ({ g: documentGraph(slug), n: '2' }))
      .sort((x, y) => (x.g < y.g ? -1 : 1));
    expect(rows.map((r) => ({ g: r.g.value, n: r.n.value }))).toEqual(expected);
  });

  it("keeps the artefact in the root's build folder, naming the data folder it came from", () => {
    expect(server.build.artefact.dir.startsWith(path.join(root, '.build'))).toBe(true);
    expect(server.build.artefact.manifest.dataDir).toBe(data);
  });

  it('is read by the command line given --data', async () => {
    const { stdout } = await promisify(execFile)(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['src/cli.ts', 'query', '--data', data, '--format', 'json', `SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <${PERSON}> }`],
      { cwd: ROOT, env: { ...process.env, UPR_ROOT: root } },
    );
    expect(JSON.parse(stdout)).toEqual([{ n: '16' }]);
  }, 60_000);
});

describe('inputs that do not belong', () => {
  it('refuses quads of another graph at their line, and a .gz file that is not gzip', async () => {
    const bad = await mkdtemp(path.join(tmpdir(), 'upr-graph-data-'));
    try {
      await writeDocument(bad, 'doc', {
        'people.nq': `<${EX}a> <${NAME}> "A" .\n<${EX}b> <${NAME}> "B" <${EX}other-graph> .\n`,
        'more.ttl.gz': 'plain text, not gzip',
      });
      const error = await build({ root, dataDir: bad, buildDir: path.join(bad, '.build') }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LoadError);
      const problems = (error as LoadError).problems;
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(new RegExp(`^${bad}/doc/more\\.ttl\\.gz:1: not gzip data`));
      expect(problems[1]).toBe(
        `${bad}/doc/people.nq:2: quads in graph <${EX}other-graph>: a file of this folder may only use the default graph or <${documentGraph('doc')}>`,
      );
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });
});
