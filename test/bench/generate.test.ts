// The benchmark's generated graphs are valid data: a small one passes the
// project's SHACL whole and one document at a time (as the build validates),
// keeps the IRI rules, and reads back the same from its data folder.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Store } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset, generateQuads, writeDataFolder, type GeneratedQuads } from '../../bench/generate.js';
import { parseTurtleFile } from '../../src/load.js';
import { ONTOLOGY_GRAPH, documentGraph } from '../../src/namespaces.js';
import { formatReport, loadShapes, validate } from '../../src/validate.js';
import { ROOT } from '../support/graph.js';

// Three documents: the real one and two copies.
const TARGET = 10_000;

let generated: GeneratedQuads;
let shapes: Store;
beforeAll(async () => {
  [generated, shapes] = await Promise.all([generateQuads(TARGET), loadShapes(ROOT)]);
});

const graphsOf = (quads: GeneratedQuads['quads']) => [...new Set(quads.map((q) => q.graph.value))];

describe('a generated graph of about 10,000 triples', () => {
  it('holds the ontology, the real document and synthetic copies of it', () => {
    expect(generated.quads.length).toBeGreaterThanOrEqual(TARGET);
    expect(generated.documents).toBe(3);
    expect(graphsOf(generated.quads)).toEqual([
      ONTOLOGY_GRAPH,
      documentGraph('kz-2019-article19-adilsoz'),
      documentGraph('synthetic-1'),
      documentGraph('synthetic-2'),
    ]);
  });

  it('passes the SHACL shapes as one graph', async () => {
    const report = await validate(new Store(generated.quads), shapes);
    expect(report.violations, formatReport(report)).toEqual([]);
  });

  it('passes the SHACL shapes one document at a time, each with the ontology', async () => {
    const ontology = generated.quads.filter((q) => q.graph.value === ONTOLOGY_GRAPH);
    for (const graph of graphsOf(generated.quads).filter((g) => g !== ONTOLOGY_GRAPH)) {
      const report = await validate(new Store([...ontology, ...generated.quads.filter((q) => q.graph.value === graph)]), shapes);
      expect(report.violations, `${graph}\n${formatReport(report)}`).toEqual([]);
    }
  });

  it('gives a copy its own IRIs by a suffix on the slug, never a new path segment', () => {
    const copied = new Set(generated.quads.filter((q) => q.graph.value === documentGraph('synthetic-2')).map((q) => q.subject.value));
    expect(copied).toContain('https://w3id.org/upr-graph/id/document/kz-2019-article19-adilsoz-d2');
    expect([...copied].filter((iri) => /\/d\d+\//.test(iri))).toEqual([]);
  });

  it('is the same on every run (but for the labels the parser gives blank nodes)', async () => {
    const unlabelled = (nquads: string) => nquads.replace(/_:[\w-]+/g, '_:b');
    const again = await generateDataset(TARGET);
    const first = await generateDataset(TARGET);
    expect(unlabelled(again.nquads)).toBe(unlabelled(first.nquads));
    expect(again.triples).toBe(generated.quads.length);
  });

  describe('written as a data folder', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'upr-generated-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('is one folder of Turtle per document, which reads back as the document graphs', async () => {
      const written = await writeDataFolder(dir, TARGET);
      const folders = (await readdir(dir)).sort();
      expect(folders).toEqual(['kz-2019-article19-adilsoz', 'synthetic-1', 'synthetic-2']);
      let triples = 0;
      for (const folder of folders) {
        const quads = await parseTurtleFile(path.join(dir, folder, 'data.ttl'));
        const expected = generated.quads.filter((q) => q.graph.value === documentGraph(folder));
        expect(quads.length, folder).toBe(expected.length);
        triples += quads.length;
      }
      expect(written.triples).toBe(triples);
      expect(triples).toBe(generated.quads.filter((q) => q.graph.value !== ONTOLOGY_GRAPH).length);
    });
  });
});
