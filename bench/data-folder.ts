// Writes a generated graph (bench/generate.ts) as a data folder the build reads:
// one folder per document graph holding its quads as N-Quads (gzipped with --gzip),
// the ontology graph left out (the build reads ontology/). For measuring the
// product at 100k and 1M triples from a folder outside the repository:
//   npx tsx bench/data-folder.ts --triples 1000000 --out /tmp/upr-1m [--gzip]
//   UPR_DATA=/tmp/upr-1m npm run build && UPR_DATA=/tmp/upr-1m npm start
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { ID, ONTOLOGY_GRAPH } from '../src/namespaces.js';
import { generateDataset } from './generate.js';

/** Splits N-Quads lines by their graph (the last IRI of the line) into one text per graph. */
export function byGraph(nquads: string): Map<string, string[]> {
  const graphs = new Map<string, string[]>();
  for (const line of nquads.split('\n')) {
    const graph = /<([^>]*)>\s*\.\s*$/.exec(line)?.[1];
    if (!graph?.startsWith(`${ID}graph/`)) continue;
    const lines = graphs.get(graph) ?? [];
    graphs.set(graph, lines);
    lines.push(line);
  }
  return graphs;
}

/** Writes the dataset of about `triples` triples under `out` (emptied first); returns the documents written. */
export async function writeDataFolder(triples: number, out: string, gzip = false): Promise<number> {
  const dataset = await generateDataset(triples);
  await rm(out, { recursive: true, force: true });
  let documents = 0;
  for (const [graph, lines] of byGraph(dataset.nquads)) {
    if (graph === ONTOLOGY_GRAPH) continue;
    const dir = path.join(out, graph.slice(`${ID}graph/`.length));
    await mkdir(dir, { recursive: true });
    const text = `${lines.join('\n')}\n`;
    await writeFile(path.join(dir, gzip ? 'graph.nq.gz' : 'graph.nq'), gzip ? gzipSync(text) : text);
    documents++;
  }
  return documents;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const { values } = parseArgs({ options: { triples: { type: 'string' }, out: { type: 'string' }, gzip: { type: 'boolean' } } });
  if (!values.triples || !values.out) {
    console.error('usage: tsx bench/data-folder.ts --triples N --out DIR [--gzip]');
    process.exit(2);
  }
  const documents = await writeDataFolder(Number(values.triples), path.resolve(values.out), values.gzip === true);
  console.log(`wrote ${documents} document folders under ${values.out}`);
}
