// The command line runs queries on the configured engine with the project prefixes
// predeclared, and exports write nothing but the file on stdout, even through npm.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Parser } from 'n3';
import { loadedGraph, ROOT } from './support/graph.js';

const run = promisify(execFile);
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run('npx', ['tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, UPR_ENGINE: '', ...env } });

/** Comunica leaves a COUNT over unbound values unbound; Oxigraph counts 0, as SPARQL 1.1 says: it shows which engine answered. */
const COUNT_OF_NOTHING = 'SELECT (COUNT(?z) AS ?n) WHERE { OPTIONAL { ?a <urn:upr-graph:nothing> ?z } }';

const THEMES = `SELECT ?number ?themes WHERE {
  ?rec upr:recommendationNumber ?number ; upr:recommendingState/rdfs:label ?state .
  OPTIONAL { SELECT ?rec (GROUP_CONCAT(DISTINCT ?t; separator="; ") AS ?themes)
             WHERE { ?rec upr:theme/skos:prefLabel ?t } GROUP BY ?rec } }`;

describe('npm run query', () => {
  it('runs on Oxigraph by default, and on Comunica when --engine or UPR_ENGINE says so', async () => {
    expect((await cli(['query', COUNT_OF_NOTHING, '--format', 'csv'])).stdout.trim().split(/\r?\n/)).toEqual(['n', '0']);
    expect((await cli(['query', COUNT_OF_NOTHING, '--format', 'csv', '--engine', 'comunica'])).stdout.trim().split(/\r?\n/)).toEqual(['n']);
    expect((await cli(['query', COUNT_OF_NOTHING, '--format', 'csv'], { UPR_ENGINE: 'comunica' })).stdout.trim().split(/\r?\n/)).toEqual([
      'n',
    ]);
  });

  it('gives every recommendation its own themes on both engines (issue 14)', async () => {
    const reference = await (await loadedGraph()).select(
      'SELECT ?number ?t WHERE { ?rec upr:recommendationNumber ?number ; upr:theme ?theme . ?theme skos:prefLabel ?t }',
    );
    const expected = new Map<string, string[]>();
    for (const row of reference) expected.set(row.number, [...(expected.get(row.number) ?? []), row.t].sort());
    expect(expected.size).toBeGreaterThan(10);
    for (const engine of ['oxigraph', 'comunica']) {
      const rows = JSON.parse((await cli(['query', THEMES, '--format', 'json', '--engine', engine])).stdout) as Array<
        Record<string, string>
      >;
      const found = new Map(rows.map((row) => [row.number, row.themes ? row.themes.split('; ').sort() : []]));
      for (const [number, themes] of expected) expect(found.get(number), `${engine}: ${number}`).toEqual(themes);
    }
  });

  it('answers DESCRIBE with a WHERE clause on both engines', async () => {
    for (const engine of ['oxigraph', 'comunica']) {
      const { stdout } = await cli(['query', 'DESCRIBE ?c WHERE { ?c a upr:Case } ORDER BY ?c LIMIT 1', '--engine', engine]);
      const triples = new Parser({ format: 'text/turtle' }).parse(stdout);
      const cases = new Set(
        triples.filter((t) => t.predicate.value.endsWith('#type') && t.object.value.endsWith('ontology#Case')).map((t) => t.subject.value),
      );
      expect(cases.size, engine).toBe(1);
      expect(
        triples.every((t) => cases.has(t.subject.value)),
        engine,
      ).toBe(true);
    }
  });

  it("keeps a syntax error on the query's own line", async () => {
    const error = await cli(['query', 'SELECT ?x\nWHERE {\n  ?x a upr:Case .\n  FILTER( }\n}']).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toMatch(/line 4:/);
  });
});

describe('npm run export', () => {
  it('writes one CSV and nothing else on stdout, through npm itself', async () => {
    const { stdout } = await run('npm', ['run', 'export', '--', '--format', 'csv', '--class', 'case'], { cwd: ROOT });
    const lines = stdout.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^iri,title,/);
    expect(lines.slice(1).every((line) => line.startsWith('https://w3id.org/upr-graph/id/'))).toBe(true);
  });
});
