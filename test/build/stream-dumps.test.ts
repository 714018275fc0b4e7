// A graph too large to hold whole gets its dumps written one document at a
// time: the same quads and distinct triples as the whole build counts, in
// files that parse, with the counts, sizes and checksums the manifest states.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build/build.js';
import { countDataset } from '../../src/export/counts.js';
import { loadGraph } from '../../src/load.js';
import { ROOT } from '../support/graph.js';

let buildDir: string;
let result: BuildResult;

beforeAll(async () => {
  buildDir = await mkdtemp(path.join(tmpdir(), 'upr-graph-streamed-'));
  // A limit of one quad: the repository's data takes the large graph's path.
  result = await build({ root: ROOT, dataDir: path.join(ROOT, 'data'), buildDir, wholeExportQuads: 1 });
}, 120_000);
afterAll(async () => {
  await rm(buildDir, { recursive: true, force: true });
});

describe('the streamed dumps', () => {
  it('are the four RDF dumps, said to be streamed', () => {
    expect(result.artefact.manifest.exports).toBe('streamed');
    expect(result.artefact.manifest.files.map((f) => f.path)).toEqual(['upr-graph.nq', 'upr-graph.trig', 'upr-graph.nt', 'upr-graph.ttl']);
  });

  it('count what counting the whole graph counts', async () => {
    const { store } = await loadGraph({ root: ROOT });
    const counts = countDataset(store.getQuads(null, null, null, null));
    expect(result.artefact.manifest.counts).toEqual({ ...counts, classes: [...counts.classes], properties: [...counts.properties] });
  });

  it('parse to the counts they state, with the sizes and checksums the manifest lists', async () => {
    const formats: Record<string, string> = { nq: 'N-Quads', trig: 'TriG', nt: 'N-Triples', ttl: 'Turtle' };
    for (const file of result.artefact.manifest.files) {
      const bytes = await readFile(result.artefact.dumpFile(file.path));
      expect(bytes.length, file.path).toBe(file.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), file.path).toBe(file.sha256);
      const quads = new Parser({ format: formats[path.extname(file.path).slice(1)] }).parse(bytes.toString('utf8'));
      expect(quads.length, file.path).toBe(file.count.value);
      const graphs = new Set(quads.map((q) => q.graph.value));
      expect(graphs.size, file.path).toBe(file.count.unit === 'quads' ? result.artefact.manifest.counts.graphs.length : 1);
    }
  });
});
