// Downloading the dataset: the real server (start(), the repository's data) and
// the command line (`upr-graph export`) give the same bytes; HTTP sends them
// with media type, Content-Length, ETag/304 and gzip; VoID's sizes and
// checksums are those of the downloads; and readers nobody here wrote (rdflib,
// raptor's rapper, Python's csv) count what the store holds.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser, Store } from 'n3';
import type * as RDF from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DATASET_IRI } from '../../src/export/description.js';
import { loadGraph } from '../../src/load.js';
import { NS } from '../../src/namespaces.js';
import { start, type RunningServer } from '../../src/server.js';
import { CONTEXT_VERSION } from '../../src/export/json-ld.js';
import { ROOT } from '../support/graph.js';

const PYTHON = '/usr/bin/python3';
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

interface Listed {
  path: string;
  url: string;
  mediaType: string;
  bytes: number;
  gzipBytes: number;
  sha256: string;
  count: number;
  countOf: 'triples' | 'quads' | 'rows';
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A plain HTTP request that neither asks for nor undoes compression unless told to. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

/** Runs a program; resolves with its stdout bytes and stderr text, rejects on a non-zero exit. */
function run(command: string, args: string[], input?: string): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve({ stdout: Buffer.concat(out), stderr })
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${stderr}`)),
    );
    child.stdin.end(input ?? '');
  });
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let server: RunningServer;
let dir: string;
let listed: Listed[];
let cliStdout: Buffer;
let storeQuads: number;
let storeTriples: number;
let storeGraphs: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'upr-graph-export-'));
  const cli = Promise.all([run(TSX, ['src/cli.ts', 'export', '--out', dir]), run(TSX, ['src/cli.ts', 'export', '--format', 'nq'])]);
  server = await start(loadConfig({}, { root: ROOT, host: '127.0.0.1', port: 0, workers: 1 }), { log: () => {} });
  const { store } = await loadGraph({ root: ROOT });
  storeQuads = store.size;
  storeTriples = new Set(
    store
      .getQuads(null, null, null, null)
      .map(
        (q) =>
          `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}@${(q.object as RDF.Literal).language ?? ''}^^${(q.object as RDF.Literal).datatype?.value ?? ''}`,
      ),
  ).size;
  storeGraphs = store
    .getGraphs(null, null, null)
    .map((g) => g.value)
    .sort();
  listed = (JSON.parse((await get(`${server.url}/dump/`)).body.toString()) as { files: Listed[] }).files;
  cliStdout = (await cli)[1].stdout;
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('downloading from a running server', () => {
  it('lists at /dump/ the whole dataset in five formats, five framed views, the schema.org form and the CSVs with their CSVW metadata', () => {
    const paths = listed.map((f) => f.path);
    for (const p of ['upr-graph.nq', 'upr-graph.trig', 'upr-graph.nt', 'upr-graph.ttl', 'upr-graph.jsonld', 'upr-graph.schema.jsonld'])
      expect(paths).toContain(p);
    for (const kind of ['cases', 'provisions', 'recommendations', 'people', 'outlets']) expect(paths).toContain(`views/${kind}.jsonld`);
    const csvs = paths.filter((p) => p.startsWith('csv/') && p.endsWith('.csv'));
    expect(csvs.length).toBeGreaterThanOrEqual(10);
    for (const csv of csvs) expect(paths, 'each CSV with its CSVW metadata').toContain(`${csv}-metadata.json`);
    expect(listed.every((f) => f.url === `${server.url}/dump/${f.path}`)).toBe(true);
  });

  it('sends each file with its media type, Content-Length and strong ETag, the bytes the listing checksums', async () => {
    for (const file of listed) {
      const response = await get(file.url);
      expect(response.status, file.path).toBe(200);
      expect(response.headers['content-type'], file.path).toBe(
        file.mediaType.startsWith('text/') ? `${file.mediaType}; charset=utf-8` : file.mediaType,
      );
      expect(response.headers['content-encoding'], file.path).toBeUndefined();
      expect(Number(response.headers['content-length']), file.path).toBe(file.bytes);
      expect(response.body.length, file.path).toBe(file.bytes);
      expect(sha256(response.body), file.path).toBe(file.sha256);
      expect(response.headers.etag, file.path).toBe(`"${file.sha256}"`);
    }
    const types = Object.fromEntries(listed.map((f) => [f.path, f.mediaType]));
    expect(types).toMatchObject({
      'upr-graph.nq': 'application/n-quads',
      'upr-graph.trig': 'application/trig',
      'upr-graph.nt': 'application/n-triples',
      'upr-graph.ttl': 'text/turtle',
      'upr-graph.jsonld': 'application/ld+json',
      'csv/case.csv': 'text/csv',
      'csv/case.csv-metadata.json': 'application/csvm+json',
    });
  });

  it('sends gzip to a client that accepts it, with the gzip length, and the same bytes once unzipped', async () => {
    const file = listed.find((f) => f.path === 'upr-graph.nq')!;
    const plain = await get(file.url);
    const zipped = await get(file.url, { 'Accept-Encoding': 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(zipped.body.length).toBe(file.gzipBytes);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 5);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    expect(String(zipped.headers.vary)).toMatch(/Accept-Encoding/i);
    const identity = await get(file.url, { 'Accept-Encoding': 'identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
  });

  it('answers 304 to a client that has the file, for each encoding, and HEAD without a body', async () => {
    const file = listed.find((f) => f.path === 'upr-graph.jsonld')!;
    const plain = await get(file.url);
    expect((await get(file.url, { 'If-None-Match': plain.headers.etag! })).status).toBe(304);
    const zipped = await get(file.url, { 'Accept-Encoding': 'gzip' });
    const again = await get(file.url, { 'Accept-Encoding': 'gzip', 'If-None-Match': zipped.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect((await get(file.url, { 'If-None-Match': '"something-else"' })).status).toBe(200);
    const head = await get(file.url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(file.bytes);
    expect(head.body.length).toBe(0);
  });

  it('answers 404 for a file it does not have', async () => {
    expect((await get(`${server.url}/dump/upr-graph.rdf`)).status).toBe(404);
    expect((await get(`${server.url}/dump/views/states.jsonld`)).status).toBe(404);
  });

  it('describes the dataset at /.well-known/void with the sizes and checksums of what it serves', async () => {
    const response = await get(`${server.url}/.well-known/void`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/turtle; charset=utf-8');
    const store = new Store(new Parser({ format: 'text/turtle' }).parse(response.body.toString()));
    const urls = store.getObjects(null, 'http://www.w3.org/ns/dcat#downloadURL', null).map((o) => o.value);
    expect(urls.length).toBe(listed.length);
    for (const url of urls) {
      const [distribution] = store.getSubjects('http://www.w3.org/ns/dcat#downloadURL', url, null);
      const download = await get(url);
      expect(download.status, url).toBe(200);
      expect(Number(store.getObjects(distribution, 'http://www.w3.org/ns/dcat#byteSize', null)[0].value), url).toBe(download.body.length);
      const [checksum] = store.getObjects(distribution, 'http://spdx.org/rdf/terms#checksum', null);
      expect(store.getObjects(checksum, 'http://spdx.org/rdf/terms#checksumValue', null)[0].value, url).toBe(sha256(download.body));
    }
    expect(store.getObjects(DATASET_IRI, 'http://rdfs.org/ns/void#sparqlEndpoint', null)[0].value).toBe(`${server.url}/sparql`);
    expect(Number(store.getObjects(DATASET_IRI, 'http://rdfs.org/ns/void#triples', null)[0].value)).toBe(storeTriples);
  });

  it('writes the description as JSON-LD too, linking the context', async () => {
    const response = await get(`${server.url}/.well-known/void`, { Accept: 'application/ld+json' });
    expect(response.headers['content-type']).toBe('application/ld+json');
    expect(response.headers.link).toBe(
      `</context/${CONTEXT_VERSION}.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`,
    );
    expect(JSON.stringify(JSON.parse(response.body.toString()))).toContain('void:triples');
  });

  it('serves the context at its stable path and its versioned path, to any origin', async () => {
    const latest = await get(`${server.url}/context.jsonld`);
    const versioned = await get(`${server.url}/context/${CONTEXT_VERSION}.jsonld`);
    expect(latest.status).toBe(200);
    expect(latest.headers['content-type']).toBe('application/ld+json');
    expect(latest.headers['access-control-allow-origin']).toBe('*');
    expect(versioned.body.equals(latest.body)).toBe(true);
    const file = JSON.parse(await readFile(path.join(ROOT, 'ontology/context.jsonld'), 'utf8')) as unknown;
    expect(JSON.parse(latest.body.toString())).toEqual(file);
    expect((await get(`${server.url}/context/0.0.1.jsonld`)).status).toBe(404);
  });

  it('keeps serving every released version of the context byte for byte, 1.0.0 included', async () => {
    const released = await get(`${server.url}/context/1.0.0.jsonld`);
    expect(released.status).toBe(200);
    expect(released.headers['content-type']).toBe('application/ld+json');
    expect(released.body.equals(await readFile(path.join(ROOT, 'ontology/contexts/1.0.0.jsonld')))).toBe(true);
  });

  it('links the context from every JSON-LD response: dumps, views and SPARQL results', async () => {
    const query = encodeURIComponent('DESCRIBE <https://w3id.org/upr-graph/id/case/nakanune-kz-baydalina>');
    const urls = [`${server.url}/dump/upr-graph.jsonld`, `${server.url}/dump/views/cases.jsonld`, `${server.url}/sparql?query=${query}`];
    for (const url of urls) {
      const response = await get(url, { Accept: 'application/ld+json' });
      expect(response.headers['content-type'], url).toBe('application/ld+json');
      expect(response.headers.link, url).toContain(`</context/${CONTEXT_VERSION}.jsonld>; rel="http://www.w3.org/ns/json-ld#context"`);
    }
    expect((await get(`${server.url}/dump/upr-graph.nt`)).headers.link).toBeUndefined();
  });
});

describe('downloading with the command line', () => {
  it('writes every file the server lists, byte for byte the same', async () => {
    for (const file of listed) {
      const bytes = await readFile(path.join(dir, file.path));
      expect(sha256(bytes), file.path).toBe(file.sha256);
    }
  });

  it('writes one format to stdout, whole', () => {
    const nq = listed.find((f) => f.path === 'upr-graph.nq')!;
    expect(cliStdout.length).toBe(nq.bytes);
    expect(sha256(cliStdout)).toBe(nq.sha256);
  });
});

describe('independent readers of the downloaded files', () => {
  const RDF_FILES: Array<[string, string, string]> = [
    // path, rdflib format, rapper parser ('' when raptor has none)
    ['upr-graph.nq', 'nquads', 'nquads'],
    ['upr-graph.trig', 'trig', 'trig'],
    ['upr-graph.nt', 'nt', 'ntriples'],
    ['upr-graph.ttl', 'turtle', 'turtle'],
    ['upr-graph.jsonld', 'json-ld', ''],
    ['upr-graph.schema.jsonld', 'json-ld', ''],
    ['views/cases.jsonld', 'json-ld', ''],
    ['views/provisions.jsonld', 'json-ld', ''],
    ['views/recommendations.jsonld', 'json-ld', ''],
    ['views/people.jsonld', 'json-ld', ''],
    ['views/outlets.jsonld', 'json-ld', ''],
  ];
  type Answer = { triples: number; quads: number; graphs: string[]; error?: string } & {
    rows: number;
    header: string[];
    iris: string[];
    widths: number[];
  };
  let answers: Record<string, Answer>;

  beforeAll(async () => {
    const request = {
      rdf: RDF_FILES.map(([p, format]) => ({ path: p, file: path.join(dir, p), format })),
      csv: listed.filter((f) => f.path.endsWith('.csv')).map((f) => ({ path: f.path, file: path.join(dir, f.path) })),
    };
    try {
      answers = JSON.parse(
        (await run(PYTHON, [path.join(ROOT, 'test/export/readers.py')], JSON.stringify(request))).stdout.toString(),
      ) as Record<string, Answer>;
    } catch (error) {
      throw new Error(`${(error as Error).message}\n(is python3-rdflib installed? .ci/run installs it)`);
    }
  }, 120_000);

  it("rdflib reads the quad formats with the store's quads and named graphs", () => {
    for (const p of ['upr-graph.nq', 'upr-graph.trig', 'upr-graph.jsonld']) {
      expect(answers[p].error, p).toBeUndefined();
      expect(answers[p].quads, p).toBe(storeQuads);
      expect(answers[p].graphs, p).toEqual(storeGraphs);
    }
  });

  it("rdflib reads the triple formats with the store's distinct triples (Turtle with its description besides)", () => {
    expect(answers['upr-graph.nt'].triples).toBe(storeTriples);
    const turtle = listed.find((f) => f.path === 'upr-graph.ttl')!;
    expect(answers['upr-graph.ttl'].triples).toBe(turtle.count);
    expect(turtle.count).toBeGreaterThan(storeTriples);
  });

  it('rdflib reads every JSON-LD file with the count the listing states', () => {
    for (const [p] of RDF_FILES.filter(([p]) => p.endsWith('.jsonld'))) {
      const file = listed.find((f) => f.path === p)!;
      expect(answers[p].error, p).toBeUndefined();
      expect(file.countOf === 'quads' ? answers[p].quads : answers[p].triples, p).toBe(file.count);
    }
  });

  it("raptor's rapper counts what the store holds in each format it reads", async () => {
    for (const [p, , parser] of RDF_FILES.filter(([, , parser]) => parser)) {
      const { stderr } = await run('rapper', ['-i', parser, '-c', path.join(dir, p)]);
      const counted = Number(/returned (\d+) (?:triples|statements)/.exec(stderr)?.[1]);
      const file = listed.find((f) => f.path === p)!;
      expect(counted, p).toBe(file.count);
      expect(counted, p).toBe(p.endsWith('.ttl') ? answers[p].triples : p.endsWith('.nt') ? storeTriples : storeQuads);
    }
  });

  it("Python's csv module reads each CSV: one row per entity, all rows as wide as the header, an IRI first", () => {
    for (const file of listed.filter((f) => f.path.endsWith('.csv'))) {
      const answer = answers[file.path];
      expect(answer.error, file.path).toBeUndefined();
      expect(answer.rows, file.path).toBe(file.count);
      expect(answer.header.slice(0, 3), file.path).toEqual(['iri', 'title', 'type']);
      expect(answer.widths, file.path).toEqual([answer.header.length]);
      expect(
        answer.iris.every((iri) => iri.startsWith(NS.id)),
        file.path,
      ).toBe(true);
    }
  });
});
