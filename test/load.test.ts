// Bad input stops the load with a message that says what and where, and no store is built.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LoadError, loadGraph } from '../src/load.js';
import { loadValidatedGraph, ValidationError } from '../src/validate.js';
import { ROOT } from './support/graph.js';

const run = promisify(execFile);

/** A copy of the repository's ontology and data that a test may break. */
async function copyOfRepository(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upr-graph-'));
  await cp(path.join(ROOT, 'ontology'), path.join(dir, 'ontology'), { recursive: true });
  await cp(path.join(ROOT, 'data'), path.join(dir, 'data'), { recursive: true });
  return dir;
}

const CASES = 'data/kz-2019-article19-adilsoz/cases.ttl';

describe('loading the repository', () => {
  it('puts each document folder in its own named graph and the ontology in the ontology graph', async () => {
    const { store, graphs } = await loadGraph({ root: ROOT });
    expect([...graphs.keys()].sort()).toEqual([
      'https://w3id.org/upr-graph/id/graph/kz-2019-article19-adilsoz',
      'https://w3id.org/upr-graph/id/graph/ontology',
    ]);
    const inDocument = store.countQuads(null, null, null, 'https://w3id.org/upr-graph/id/graph/kz-2019-article19-adilsoz');
    const inOntology = store.countQuads(null, null, null, 'https://w3id.org/upr-graph/id/graph/ontology');
    expect(inDocument).toBeGreaterThan(2500);
    expect(inOntology).toBeGreaterThan(900);
    expect(store.countQuads(null, null, null, null)).toBe(inDocument + inOntology);
  });
});

describe('a Turtle syntax error in a data file', () => {
  it('stops the load with file:line: message, naming every bad file', async () => {
    const dir = await copyOfRepository();
    const original = await readFile(path.join(dir, CASES), 'utf8');
    const lines = original.split('\n');
    const line = lines.findIndex((l) => l.includes('upr:caseType casetype:physical-attack')) + 1;
    lines[line - 1] = '    upr:caseType casetype:physical-attack ; ; ] .';
    await writeFile(path.join(dir, CASES), lines.join('\n'));
    await writeFile(
      path.join(dir, 'data/kz-2019-article19-adilsoz/zz-broken.ttl'),
      '@prefix ex: <http://example.org/> .\nex:a ex:b "unterminated .\n',
    );

    const error = await loadGraph({ root: dir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LoadError);
    const problems = (error as LoadError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(new RegExp(`^${CASES.replace(/[./]/g, '\\$&')}:${line}: `));
    expect(problems[1]).toMatch(/^data\/kz-2019-article19-adilsoz\/zz-broken\.ttl:2: /);
  });

  it('makes `npm run validate` fail with the location, without a report on half the data', async () => {
    const dir = await copyOfRepository();
    await writeFile(path.join(dir, 'data/kz-2019-article19-adilsoz/zz-broken.ttl'), '<a> <b> .\n');
    const result = await run('npx', ['tsx', 'src/cli.ts', 'validate'], { cwd: ROOT, env: { ...process.env, UPR_ROOT: dir } }).then(
      () => undefined,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(result?.code).toBe(1);
    expect(result?.stderr).toMatch(/zz-broken\.ttl:1: /);
    expect(result?.stdout).not.toMatch(/SHACL/);
  });
});

describe('a SHACL violation in the data', () => {
  it('is reported with focus node, path, message and the file the resource comes from, and the graph is refused', async () => {
    const dir = await copyOfRepository();
    const original = await readFile(path.join(dir, CASES), 'utf8');
    // The Yesergepov case loses its paragraph: the provenance rule must catch it.
    const broken = original.replace(/(<case\/yesergepov-stabbing> a upr:Case ;[\s\S]*?) {4}upr:describedIn para:27 ;\n/, '$1');
    expect(broken).not.toBe(original);
    await writeFile(path.join(dir, CASES), broken);

    const error = await loadValidatedGraph(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    const violation = (error as ValidationError).report.violations.find(
      (v) => v.focusNode === 'https://w3id.org/upr-graph/id/case/yesergepov-stabbing',
    );
    expect(violation).toMatchObject({
      path: 'https://w3id.org/upr-graph/ontology#describedIn',
      file: expect.stringMatching(new RegExp(`^${CASES}:\\d+$`)),
    });
    expect(violation?.message).not.toBe('');
    expect((error as ValidationError).message).toMatch(
      new RegExp(`${CASES}:\\d+: sh:Violation <https://w3id.org/upr-graph/id/case/yesergepov-stabbing> upr:describedIn: `),
    );

    const cli = await run('npx', ['tsx', 'src/cli.ts', 'validate'], { cwd: ROOT, env: { ...process.env, UPR_ROOT: dir } }).then(
      () => undefined,
      (e: { code: number; stdout: string }) => e,
    );
    expect(cli?.code).toBe(1);
    expect(cli?.stdout).toMatch(/yesergepov-stabbing> upr:describedIn/);
  });

  it('is absent from the repository as committed: `npm run validate` reports 0 violations', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli.ts', 'validate'], { cwd: ROOT });
    expect(stdout).toMatch(/SHACL: 0 violations/);
  });
});
