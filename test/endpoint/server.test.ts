// `npm start` on the repository's own ontology and data: the only endpoint
// tests that need that data to load and validate. If they fail while the
// protocol tests pass, look at `npm run validate` first. The refusals use
// start(config) on small invalid data of their own.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { LoadError, loadGraph } from '../../src/load.js';
import { start } from '../../src/server.js';
import { ValidationError } from '../../src/validate.js';
import { ROOT } from './support.js';

const enc = encodeURIComponent;
const PREFIXES = 'PREFIX upr: <https://w3id.org/upr-graph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>';

describe('npm start on the repository data (needs ontology/ and data/ to load and validate)', () => {
  let child: ChildProcess | undefined;
  let output = '';
  let endpoint: string | undefined;
  let url: string;

  beforeAll(async () => {
    child = spawn('npm', ['start', '--', '--port', '0'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, UPR_WORKERS: '1' },
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 55_000;
    while (!endpoint && Date.now() < deadline && child.exitCode === null) {
      endpoint = /SPARQL endpoint at (http:\/\/\S+\/sparql)/.exec(output)?.[1];
      if (!endpoint) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    url = endpoint?.replace(/\/sparql$/, '') ?? '';
  }, 60_000);
  afterAll(() => {
    // npm runs tsx runs node: end the process group this test started.
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  });

  it('serves /sparql on the port it is given and logs one line per request', async () => {
    expect(endpoint, output).toBeDefined();
    const response = await fetch(`${endpoint}?query=${enc('ASK { ?s ?p ?o }')}`);
    expect(await response.json()).toEqual({ head: {}, boolean: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output).toMatch(/GET \/sparql 200 \d+\.\dms rows=1/);
  });

  it('reports ready with the number of triples it loaded', async () => {
    // A worker may still be closing the previous test's query stream just after it answered: wait for it.
    const deadline = Date.now() + 10_000;
    let health = (await (await fetch(`${url}/health`)).json()) as { status: string; triples: number; graphs: number; workers: unknown };
    while (JSON.stringify(health.workers).includes('busy') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = (await (await fetch(`${url}/health`)).json()) as typeof health;
    }
    const { store, graphs } = await loadGraph({ root: ROOT });
    expect(health).toEqual({ status: 'ready', triples: store.size, graphs: graphs.size, workers: [{ worker: 0, state: 'ready' }] });
  });

  it('describes the ontology graph and the graph of the 2019 submission', async () => {
    const turtle = await (await fetch(`${endpoint}`)).text();
    expect(turtle).toContain('sd:name <https://w3id.org/upr-graph/id/graph/ontology>');
    expect(turtle).toContain('sd:name <https://w3id.org/upr-graph/id/graph/kz-2019-article19-adilsoz>');
  });

  it('answers a SELECT over the union of the graphs', async () => {
    const query = `${PREFIXES} SELECT ?case ?label WHERE { ?case a upr:Case ; rdfs:label ?label } ORDER BY ?case`;
    const json = (await (await fetch(`${endpoint}?query=${enc(query)}`)).json()) as { results: { bindings: unknown[] } };
    expect(json.results.bindings.length).toBeGreaterThan(0);
  });

  it('writes a case as JSON-LD with the short keys of the project context', async () => {
    const query = `${PREFIXES} CONSTRUCT { ?case ?p ?o } WHERE { { SELECT ?case WHERE { ?case a upr:Case } ORDER BY ?case LIMIT 1 } ?case ?p ?o }`;
    const response = await fetch(`${endpoint}?query=${enc(query)}`, { headers: { Accept: 'application/ld+json' } });
    const document = (await response.json()) as Record<string, unknown>;
    expect(document['@type']).toBe('upr:Case');
    expect(document).toHaveProperty('caseType');
    expect(document).toHaveProperty('describedIn');
  });
});

describe('start on data that does not load or validate', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'upr-graph-invalid-'));
    await mkdir(path.join(root, 'ontology'));
    await mkdir(path.join(root, 'data', 'doc'), { recursive: true });
    await writeFile(
      path.join(root, 'ontology', 'shapes.ttl'),
      `@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <http://schema.org/> .
<http://example.org/shapes/Person> a sh:NodeShape ;
  sh:targetClass schema:Person ;
  sh:property [ sh:path schema:name ; sh:minCount 1 ; sh:message "A person needs a name" ] .
`,
    );
    await writeFile(path.join(root, 'data', 'doc', 'people.ttl'), '<http://example.org/nameless> a <http://schema.org/Person> .\n');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('refuses to start, with the SHACL report, when the data violates the shapes', async () => {
    const starting = start(loadConfig({}, { root, port: 0 }), { log: () => {} });
    await expect(starting).rejects.toBeInstanceOf(ValidationError);
    await expect(starting).rejects.toThrow(/SHACL: 1 violation\(s\)\n.*people\.ttl.*A person needs a name/);
  });

  it('makes npm start exit with status 1 and print the report', async () => {
    const exit = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const refused = spawn('npm', ['start', '--', '--port', '0'], {
        cwd: ROOT,
        env: { ...process.env, UPR_ROOT: root },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      refused.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      refused.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      refused.on('close', (code) => resolve({ code, output: text }));
    });
    expect(exit.code).toBe(1);
    expect(exit.output).toMatch(/SHACL: 1 violation\(s\)/);
    expect(exit.output).not.toMatch(/SPARQL endpoint at/);
  }, 30_000);

  it('refuses to start, naming the file and line, when a file does not parse', async () => {
    await writeFile(path.join(root, 'data', 'doc', 'broken.ttl'), '<http://example.org/a> <http://example.org/b>\n  "unterminated .\n');
    const starting = start(loadConfig({}, { root, port: 0 }), { log: () => {} });
    await expect(starting).rejects.toBeInstanceOf(LoadError);
    await expect(starting).rejects.toThrow(/data\/doc\/broken\.ttl:\d+:/);
  });
});
