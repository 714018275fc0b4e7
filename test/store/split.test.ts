// Splitting the artefact's N-Quads by graph for the store loader (src/store/split.ts):
// every line's triple and graph as an RDF parser reads them, the repository's
// graph split into the same triples per graph as the in-memory path gives, and
// a line it cannot take named by file:line.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Parser, Writer } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../../src/load.js';
import { graphContents } from '../../src/store/load.js';
import { SplitError, splitByGraph, splitQuadLine } from '../../src/store/split.js';
import { ROOT } from '../support/graph.js';

const G = '<urn:g>';
const LINES = [
  `<urn:s> <urn:p> <urn:o> ${G} .`,
  `_:b1 <urn:p> _:b2 ${G} .`,
  `<urn:s> <urn:p> "a \\"quoted\\" <urn:x> . word" ${G} .`,
  `<urn:s> <urn:p> "chat"@fr-BE ${G} .`,
  `<urn:s> <urn:p> "5"^^<http://www.w3.org/2001/XMLSchema#integer> ${G} .`,
  `<urn:s>\t<urn:p>\t"tab\\tand\\\\backslash"\t${G}\t.`,
  `<urn:s> <urn:p> "ends in a backslash \\\\" ${G} .`,
];

describe('splitting N-Quads by graph', () => {
  it('reads each line as an RDF parser does: its triple and its graph', () => {
    for (const line of LINES) {
      const [quad] = new Parser({ format: 'N-Quads' }).parse(line);
      const split = splitQuadLine(line);
      expect(split?.graph, line).toBe(quad.graph.value);
      expect(split?.triple, line).toBe(line.replace(/\s+<urn:g>\s+\.$/, ' .'));
      const [triple] = new Parser({ format: 'N-Triples' }).parse(split!.triple);
      for (const position of ['subject', 'predicate', 'object'] as const) {
        const [read, expected] = [triple[position], quad[position]];
        expect(read.termType, line).toBe(expected.termType);
        if (read.termType !== 'BlankNode') expect(read.equals(expected), line).toBe(true);
      }
    }
  });

  it('skips blank lines and comments, and reads a triple outside any graph as such', () => {
    expect(splitQuadLine('')).toBeUndefined();
    expect(splitQuadLine('  # a comment')).toBeUndefined();
    expect(splitQuadLine('<urn:s> <urn:p> <urn:o> .')).toEqual({ triple: '<urn:s> <urn:p> <urn:o> .', graph: undefined });
  });

  describe('files', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'upr-split-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it("gives the repository's graphs with the triples the in-memory path gives", async () => {
      const { store } = await loadGraph({ root: ROOT });
      const file = path.join(dir, 'graph.nq');
      // Written graph by graph, as the build joins its documents.
      const graphs = store.getGraphs(null, null, null).filter((g) => g.termType === 'NamedNode');
      await writeFile(
        file,
        graphs.map((g) => new Writer({ format: 'N-Quads' }).quadsToString(store.getQuads(null, null, null, g))).join(''),
      );
      const split = await splitByGraph(file, path.join(dir, 'out'));
      const memory = graphContents(store);
      expect(split.map((c) => c.graph)).toEqual(memory.map((c) => c.graph));
      for (const [i, c] of split.entries()) {
        const lines = (await readFile(c.file, 'utf8')).trim().split('\n');
        expect(lines.length).toBe(c.triples);
        expect(c.triples).toBe(memory[i].triples);
        // Both written from the same store: blank node labels included, the very same lines.
        expect(lines.sort()).toEqual((memory[i] as { ntriples: string }).ntriples.trim().split('\n').sort());
      }
      // The same file gives the same digests; a changed triple changes its graph's digest only.
      const again = await splitByGraph(file, path.join(dir, 'again'));
      expect(again.map((c) => c.digest)).toEqual(split.map((c) => c.digest));
      const text = await readFile(file, 'utf8');
      const first = split[0].graph;
      const changed = text.replace(
        new RegExp(`(<${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}> \\.\\n)`),
        `$1<urn:new> <urn:p> "x" <${first}> .\n`,
      );
      await writeFile(file, changed);
      const after = await splitByGraph(file, path.join(dir, 'after'));
      expect(after.filter((c, i) => c.digest !== split[i].digest).map((c) => c.graph)).toEqual([first]);
    });

    it('names file:line for a triple outside any graph, a graph split in two runs, and an unclosed term', async () => {
      const cases: Array<[string, RegExp]> = [
        [`<urn:s> <urn:p> <urn:o> ${G} .\n<urn:s> <urn:p> <urn:o> .\n`, /graph\.nq:2: a triple outside any named graph/],
        [
          `<urn:a> <urn:p> <urn:o> <urn:g1> .\n<urn:a> <urn:p> <urn:o> <urn:g2> .\n<urn:b> <urn:p> <urn:o> <urn:g1> .\n`,
          /graph\.nq:3: the lines of graph <urn:g1> are not together/,
        ],
        [`<urn:s> <urn:p> "open <urn:g> .\n`, /graph\.nq:1: /],
      ];
      for (const [text, message] of cases) {
        const file = path.join(dir, 'graph.nq');
        await writeFile(file, text);
        const failure = await splitByGraph(file, path.join(dir, 'bad')).catch((e: Error) => e);
        expect(failure).toBeInstanceOf(SplitError);
        expect((failure as Error).message).toMatch(message);
      }
    });
  });
});
