// How the workers get the data: N-Quads in pieces that end at line ends, from
// shared memory or straight from a file (large graphs, no copy in the main thread).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser, Writer } from 'n3';
import { createWorkerEngine, nquadsChunks, type NquadsSource } from '../../src/engine/index.js';
import { createOxigraphEngine, loadOxigraphStore } from '../../src/engine/oxigraph.js';
import { canonicalQuads } from '../../src/export/canonical.js';
import { loadedGraph } from '../support/graph.js';

let dir: string;
let nquads: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'upr-loading-'));
  const { store } = await loadedGraph();
  nquads = new Writer({ format: 'N-Quads' }).quadsToString(store.getQuads(null, null, null, null));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function shared(text: string): NquadsSource {
  const bytes = Buffer.from(text, 'utf8');
  const buffer = new SharedArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  return { nquads: buffer };
}

const parser = () => new Parser({ format: 'N-Quads' });

/** The pieces as texts (copied: a file's pieces share one buffer). */
function pieces(source: NquadsSource, size: number): string[] {
  const texts: string[] = [];
  for (const piece of nquadsChunks(source, size)) texts.push(Buffer.from(piece).toString('utf8'));
  return texts;
}

describe('nquadsChunks', () => {
  it('cuts the real data into pieces that end at line ends and add up to the whole, from memory and from a file', async () => {
    const file = path.join(dir, 'real.nq');
    await writeFile(file, nquads);
    for (const source of [shared(nquads), { file }]) {
      const parts = pieces(source, 4096);
      expect(parts.length).toBeGreaterThan(100);
      expect(parts.join('')).toBe(nquads);
      for (const part of parts) expect(part.endsWith('\n')).toBe(true);
    }
  });

  it('keeps a line longer than a piece whole, and a last line without a line end', async () => {
    const long = `<urn:a> <urn:b> "${'ж'.repeat(5000)}" .\n`;
    const text = `<urn:s> <urn:p> <urn:o> .\n${long}<urn:s> <urn:p> "end" .`;
    const file = path.join(dir, 'long.nq');
    await writeFile(file, text);
    for (const source of [shared(text), { file }]) {
      const parts = pieces(source, 64);
      expect(parts.join('')).toBe(text);
      expect(parts.some((part) => part.includes(long))).toBe(true);
      for (const part of parts.slice(0, -1)) expect(part.endsWith('\n')).toBe(true);
      expect(parts.at(-1)!.endsWith('<urn:s> <urn:p> "end" .')).toBe(true);
    }
  });

  it('gives an Oxigraph store loaded in pieces the same graph as one loaded whole, blank nodes included', async () => {
    const whole = loadOxigraphStore(nquads);
    // Small pieces, so that the ontology's blank-node lists (owl:unionOf) are cut across pieces.
    const inPieces = loadOxigraphStore(nquadsChunks(shared(nquads), 1000));
    expect(inPieces.size).toBe(whole.size);
    const [a, b] = await Promise.all(
      [whole, inPieces].map((store) => canonicalQuads(parser().parse(store.dump({ format: 'application/n-quads' })))),
    );
    const lines = (quads: typeof a) => new Writer({ format: 'N-Quads' }).quadsToString(quads).split('\n');
    expect(a.length).toBe(whole.size);
    expect(lines(b)).toEqual(lines(a));
    // Canonical labels only match if every blank node keeps all its triples: no list was split in two.
    const unionLists = await createOxigraphEngine(inPieces).select(
      'SELECT (COUNT(*) AS ?n) WHERE { ?class <http://www.w3.org/2002/07/owl#unionOf>/<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?member }',
    );
    expect(Number(unionLists.rows[0].n.value)).toBeGreaterThan(0);
  });
});

describe('a worker engine reading a file', () => {
  it.each(['oxigraph', 'comunica'] as const)('answers on %s as the engine over the same data in memory does', async (kind) => {
    const file = path.join(dir, `data-${kind}.nq`);
    await writeFile(file, nquads);
    const fromFile = createWorkerEngine({ file }, { engine: kind, workers: 1 });
    const inMemory = createWorkerEngine({ nquads }, { engine: kind, workers: 1 });
    try {
      await Promise.all([fromFile.ready, inMemory.ready]);
      const query =
        'SELECT ?case ?label WHERE { ?case a <https://w3id.org/upr-graph/ontology#Case> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?case';
      const [a, b] = await Promise.all([fromFile.select(query), inMemory.select(query)]);
      expect(a.rows.length).toBe(10);
      expect(a.rows.map((r) => [r.case.value, r.label.value])).toEqual(b.rows.map((r) => [r.case.value, r.label.value]));
      // The file is named by path, size and time of change: another file is another version of the data.
      expect(fromFile.datasetVersion).not.toBe(inMemory.datasetVersion);
    } finally {
      await Promise.all([fromFile.close(), inMemory.close()]);
    }
  });

  it('fails to start, naming the file, when the file is missing', () => {
    expect(() => createWorkerEngine({ file: path.join(dir, 'missing.nq') }, { engine: 'oxigraph', workers: 1 })).toThrow(/missing\.nq/);
  });
});
