// The benchmark's generated graphs are valid data: a small one passes the
// project's SHACL whole and one document at a time, keeps the IRI rules, and
// written as a data folder (bench/data-folder.ts) builds without a violation.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Store } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDataFolder } from '../../bench/data-folder.js';
import { generateDataset, generateQuads, type GeneratedQuads } from '../../bench/generate.js';
import { build } from '../../src/build/build.js';
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

    it('is one folder per document, which npm run build validates and builds', async () => {
      const dataDir = path.join(dir, 'data');
      expect(await writeDataFolder(TARGET, dataDir)).toBe(3);
      expect((await readdir(dataDir)).sort()).toEqual(['kz-2019-article19-adilsoz', 'synthetic-1', 'synthetic-2']);
      const result = await build({ root: ROOT, dataDir, buildDir: path.join(dir, 'build') });
      expect(result.validated.sort()).toEqual(['kz-2019-article19-adilsoz', 'ontology', 'synthetic-1', 'synthetic-2']);
      // A state described by several documents is one triple in several graphs.
      const triples = new Set(generated.quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}`));
      expect(result.artefact.manifest.dataset.triples).toBe(triples.size);
    });
  });
});
