// The build of the repository's data: an artefact holding the whole graph as
// N-Quads, every download with the size and checksum its manifest states, and
// the counts of the graph as loading it whole gives them; and a start on a
// fresh artefact that parses, validates and exports nothing, serving its files.
import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser, type Store } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build/build.js';
import { loadConfig } from '../../src/config.js';
import { countDataset } from '../../src/export/counts.js';
import { loadGraph } from '../../src/load.js';
import { start } from '../../src/server.js';
import { ROOT } from '../support/graph.js';

let buildDir: string;
let result: BuildResult;
let store: Store;

beforeAll(async () => {
  buildDir = await mkdtemp(path.join(tmpdir(), 'upr-graph-artefact-'));
  result = await build({ root: ROOT, dataDir: path.join(ROOT, 'data'), buildDir });
  store = (await loadGraph({ root: ROOT })).store;
}, 180_000);
afterAll(async () => {
  await rm(buildDir, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the artefact of the repository data', () => {
  it('holds the whole graph as N-Quads: the quads of every named graph, as loading the files gives them', async () => {
    const quads = new Parser({ format: 'N-Quads' }).parse(await readFile(result.artefact.graphFile, 'utf8'));
    expect(quads.length).toBe(store.size);
    const perGraph = (qs: Iterable<{ graph: { value: string } }>) => {
      const counts: Record<string, number> = {};
      for (const q of qs) counts[q.graph.value] = (counts[q.graph.value] ?? 0) + 1;
      return counts;
    };
    expect(perGraph(quads)).toEqual(perGraph(store.getQuads(null, null, null, null)));
  });

  it("states the counts of today's loaded graph: quads, distinct triples, graphs, classes, properties", () => {
    const counts = countDataset(store.getQuads(null, null, null, null));
    const { manifest } = result.artefact;
    expect(manifest.counts).toEqual({ ...counts, classes: [...counts.classes], properties: [...counts.properties] });
    expect(manifest.dataset.triples).toBe(counts.triples);
    expect(manifest.dataset.graphs).toEqual(counts.graphs);
    expect(Object.keys(manifest.dataset.prefixes)).toEqual(expect.arrayContaining(['upr', 'schema', 'skos']));
    expect(manifest.exports).toBe('whole');
  });

  it('holds every download with the size and checksum its manifest lists, and its gzip beside it', async () => {
    const { manifest } = result.artefact;
    expect(manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['upr-graph.nq', 'upr-graph.ttl', 'views/cases.jsonld', 'csv/case.csv']),
    );
    for (const file of manifest.files) {
      const bytes = await readFile(result.artefact.dumpFile(file.path));
      expect(bytes.length, file.path).toBe(file.bytes);
      expect(sha256(bytes), file.path).toBe(file.sha256);
      const gzip = await readFile(`${result.artefact.dumpFile(file.path)}.gz`);
      expect(gzip.length, file.path).toBe(file.gzipBytes);
      expect(gunzipSync(gzip).equals(bytes), file.path).toBe(true);
    }
  });

  it('is the current artefact, with the validated documents cached by key', async () => {
    expect(path.basename(result.artefact.dir)).toBe(`artefact-${result.artefact.manifest.key}`);
    expect(await readdir(path.join(buildDir, 'cache'))).toEqual([
      expect.stringMatching(/^kz-2019-article19-adilsoz-[0-9a-f]{24}\.nq$/),
      expect.stringMatching(/^ontology-[0-9a-f]{24}\.nq$/),
    ]);
  });
});

describe('npm start on a fresh artefact', () => {
  it("serves the artefact's own files without parsing, validating or exporting: a quad added to graph.nq is answered, the cache untouched", async () => {
    const marker = '<https://example.org/served> <https://example.org/from> "the artefact" .\n';
    await appendFile(result.artefact.graphFile, marker);
    const cache = path.join(buildDir, 'cache');
    const before = await Promise.all((await readdir(cache)).map(async (f) => (await stat(path.join(cache, f))).mtimeMs));
    const logs: string[] = [];
    const server = await start(loadConfig({}, { root: ROOT, buildDir, port: 0, workers: 1 }), { log: (line) => logs.push(line) });
    try {
      expect(server.build.built).toBe(false);
      expect(server.build.artefact.dir).toBe(result.artefact.dir);
      const query = 'ASK { <https://example.org/served> <https://example.org/from> "the artefact" }';
      const answer = (await (await fetch(`${server.url}/sparql?query=${encodeURIComponent(query)}`)).json()) as { boolean: boolean };
      expect(answer.boolean).toBe(true);
      expect(logs.join('\n')).toMatch(/data unchanged since its last build: serving .* \(nothing parsed, validated or exported\)/);
      expect(logs.join('\n')).not.toMatch(/^build:/m);
      const after = await Promise.all((await readdir(cache)).map(async (f) => (await stat(path.join(cache, f))).mtimeMs));
      expect(after).toEqual(before);
      const listing = (await (await fetch(`${server.url}/dump/`)).json()) as { files: Array<{ path: string; sha256: string }> };
      expect(listing.files).toEqual(result.artefact.manifest.files.map((f) => expect.objectContaining({ path: f.path, sha256: f.sha256 })));
      const health = (await (await fetch(`${server.url}/health`)).json()) as { triples: number };
      expect(health.triples).toBe(result.artefact.manifest.dataset.triples);
    } finally {
      await server.close();
    }
  }, 60_000);
});
