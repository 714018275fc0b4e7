// Loading a local Virtuoso (src/store/load.ts): new document graphs by the bulk
// loader, a changed one replaced whole, a removed one dropped, unchanged ones
// left alone; the SPARQL account sees exactly the graphs loaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataFactory, Writer } from 'n3';
import { loadConfig } from '../../src/config.js';
import { graphContents, loadFileIntoVirtuoso, loadIntoVirtuoso } from '../../src/store/load.js';
import { digestsByGraph } from '../../src/store/split.js';
import { UNION_GRAPH } from '../../src/store/union.js';
import { freePort, startVirtuoso, storeLimits } from '../../src/store/virtuoso.js';
import { sparqlQuery } from '../../src/store/protocol.js';
import { loadGraph } from '../../src/load.js';
import { ROOT } from '../support/graph.js';
import { SKIP_REASON, startTestStore, type TestStore } from './support.js';

const DOCUMENT = 'https://w3id.org/upr-graph/id/graph/kz-2019-article19-adilsoz';
const EXTRA = 'https://w3id.org/upr-graph/id/graph/test-extra';

describe.skipIf(SKIP_REASON)(`loading Virtuoso${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore();
  }, 120_000);
  afterAll(() => store?.close(), 60_000);

  /** Triples per graph, as the SPARQL account sees them. */
  const graphs = () => graphsOf(store.virtuoso.endpoint);
  async function graphsOf(endpoint: string): Promise<Record<string, number>> {
    const text = 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g';
    const reply = await sparqlQuery({ queryUrl: endpoint }, { text, accept: 'application/sparql-results+json', timeoutMs: 10_000 });
    const rows = (JSON.parse(reply.text) as { results: { bindings: Array<{ g: { value: string }; n: { value: string } }> } }).results
      .bindings;
    return Object.fromEntries(rows.map((r) => [r.g.value, Number(r.n.value)]));
  }

  it('replaces a changed graph, adds a new one, drops a removed one and leaves the rest', async () => {
    const contents = graphContents((await loadGraph({ root: ROOT })).store);
    const before = await graphs();
    expect(Object.keys(before).sort()).toEqual(contents.map((c) => c.graph).sort());
    const document = contents.find((c) => c.graph === DOCUMENT);
    expect(document).toBeDefined();
    // The document loses its first ten triples; a new graph arrives; then it goes again.
    const lines = (document as { ntriples: string }).ntriples.trim().split('\n').slice(10);
    const changed = { ...document!, ntriples: `${lines.join('\n')}\n`, triples: lines.length, digest: 'changed' };
    const extra = { graph: EXTRA, ntriples: '<urn:a> <urn:b> "c" .\n', triples: 1, digest: 'extra' };
    const others = contents.filter((c) => c.graph !== DOCUMENT);
    const first = await loadIntoVirtuoso(store.virtuoso, [...others, changed, extra]);
    expect(first).toMatchObject({ added: [EXTRA], replaced: [DOCUMENT], removed: [], unchanged: others.length });
    expect(await graphs()).toEqual({ ...before, [DOCUMENT]: before[DOCUMENT] - 10, [EXTRA]: 1 });
    const second = await loadIntoVirtuoso(store.virtuoso, contents);
    expect(second).toMatchObject({ added: [], replaced: [DOCUMENT], removed: [EXTRA], unchanged: others.length });
    expect(await graphs()).toEqual(before);
  }, 120_000);

  it('loads from an N-Quads file as `npm run store:start` does, split by graph under its directory', async () => {
    const { store: graph } = await loadGraph({ root: ROOT });
    const before = await graphs();
    const file = path.join(store.virtuoso.settings.dir, 'graph.nq');
    await writeFile(file, new Writer({ format: 'N-Quads' }).quadsToString(graph.getQuads(null, null, null, null)));
    // The file's digests are taken in its order, the in-memory ones sorted: every graph is replaced once.
    const first = await loadFileIntoVirtuoso(store.virtuoso, file);
    expect(first).toMatchObject({ added: [], removed: [] });
    expect(await graphs()).toEqual(before);
    const again = await loadFileIntoVirtuoso(store.virtuoso, file);
    expect(again).toMatchObject({ added: [], replaced: [], removed: [], unchanged: Object.keys(before).length });
    expect(await graphs()).toEqual(before);
  }, 120_000);

  it('loads a file whole into a store that holds none of our graphs, with the same digests as the split, and the merge where documents share triples', async () => {
    const { store: graph } = await loadGraph({ root: ROOT });
    const quads = graph.getQuads(null, null, null, null);
    // A second document stating one triple the real one states too: their merge is kept.
    const shared = quads.find((q) => q.graph.value === DOCUMENT && q.object.termType === 'Literal')!;
    const text = `${new Writer({ format: 'N-Quads' }).quadsToString(quads)}${new Writer({ format: 'N-Quads' }).quadsToString([
      DataFactory.quad(shared.subject, shared.predicate, shared.object, DataFactory.namedNode(EXTRA)),
    ])}`;
    const fresh = await startVirtuoso({
      dir: await mkdtemp(path.join(os.tmpdir(), 'upr-test-whole-')),
      sqlPort: await freePort(),
      httpPort: await freePort(),
      memoryMb: 256,
      ...storeLimits(loadConfig({})),
    });
    try {
      const file = path.join(fresh.settings.dir, 'graph.nq');
      await writeFile(file, text);
      const whole = await loadFileIntoVirtuoso(fresh, file);
      const expected = Object.fromEntries((await digestsByGraph(file)).map((c) => [c.graph, c.triples]));
      expect(whole.added.sort()).toEqual(Object.keys(expected).sort());
      expect(whole.union).toMatchObject({ overlap: true, union: 'built' });
      expect(await graphsOf(fresh.endpoint)).toEqual({
        ...expected,
        [UNION_GRAPH]: new Set(quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`)).size,
      });
      // Loaded again: nothing changes; the extra document gone: dropped, and no merge is left.
      expect(await loadFileIntoVirtuoso(fresh, file)).toMatchObject({ added: [], replaced: [], removed: [] });
      await writeFile(file, new Writer({ format: 'N-Quads' }).quadsToString(quads));
      const smaller = await loadFileIntoVirtuoso(fresh, file);
      expect(smaller).toMatchObject({ added: [], replaced: [], removed: [EXTRA] });
      expect(smaller.union.overlap).toBe(false);
      expect(await graphsOf(fresh.endpoint)).not.toHaveProperty(UNION_GRAPH);
    } finally {
      await fresh.stop({ remove: true });
    }
  }, 180_000);
});
