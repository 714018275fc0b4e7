// The downloads of a graph too large to hold whole, written one unit at a
// time: N-Quads and TriG (every unit's graph in turn), N-Triples and Turtle
// (the union's distinct triples, each written the first time it is met).
// Memory holds one unit's quads and the counts (counts.ts), not the graph.
// Not made at this size: canonical form, JSON-LD, framed views, schema.org and
// CSV, which need the graph whole (README, "Downloads"); /sparql answers those.
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory, Parser, Store, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import { EXPORT_PREFIXES } from '../export/description.js';
import { datasetMetadata } from '../export/metadata.js';
import { usedPrefixes } from '../export/serialize.js';
import { NS } from '../namespaces.js';
import { DUMP_DIR, type ArtefactFile } from './artefact.js';
import { GraphCounter } from './counts.js';
import { gzipBeside, type DumpOptions, type DumpsPart } from './dumps.js';
import type { CheckedUnit } from './units.js';

/** One dump being written: its stream, and the size and checksum of what went in. */
class DumpWriter {
  readonly file: string;
  private readonly out: WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(
    dir: string,
    readonly spec: Omit<ArtefactFile, 'bytes' | 'sha256' | 'gzipBytes'>,
  ) {
    this.file = path.join(dir, spec.path);
    this.out = createWriteStream(this.file);
  }

  /** Writes text, waiting while the stream's buffer is full (bounded memory). */
  async write(text: string): Promise<void> {
    if (!text) return;
    const chunk = Buffer.from(text, 'utf8');
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
  }

  async close(count: number): Promise<ArtefactFile> {
    await new Promise<void>((resolve, reject) => this.out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    // The fastest level: at this size gzip would otherwise take longer than writing the dumps.
    const gzipBytes = await gzipBeside(this.file, 1);
    return { ...this.spec, count: { ...this.spec.count, value: count }, bytes: this.bytes, gzipBytes, sha256: this.hash.digest('hex') };
  }
}

/** Quads as pretty Turtle or TriG, with the prefix declarations they use. */
function pretty(quads: RDF.Quad[], format: 'Turtle' | 'TriG'): Promise<string> {
  const writer = new Writer({ format, prefixes: usedPrefixes(quads, EXPORT_PREFIXES) });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((error, text) => (error ? reject(error) : resolve(text))));
}

/** Streams the dumps of the units' quads (their cached N-Quads) into `staged`/dump/, counting as it goes. */
export async function writeStreamedDumps(staged: string, units: CheckedUnit[], options: DumpOptions): Promise<DumpsPart> {
  const dir = path.join(staged, DUMP_DIR);
  await mkdir(dir, { recursive: true });
  const graphs = units.length;
  const dump = (p: string, title: string, mediaType: string, unit: 'quads' | 'triples') =>
    new DumpWriter(dir, { path: p, title, mediaType, count: { value: 0, unit }, dataDump: true });
  const nq = dump(
    'upr-graph.nq',
    `The whole dataset as N-Quads, one named graph after another: ${graphs} named graphs`,
    'application/n-quads',
    'quads',
  );
  const trig = dump('upr-graph.trig', `The whole dataset as TriG: ${graphs} named graphs`, 'application/trig', 'quads');
  const nt = dump(
    'upr-graph.nt',
    'The whole dataset as N-Triples: the distinct triples of the union of the graphs',
    'application/n-triples',
    'triples',
  );
  const ttl = dump(
    'upr-graph.ttl',
    'The whole dataset as Turtle: the distinct triples of the union of the graphs',
    'text/turtle',
    'triples',
  );
  const counter = new GraphCounter();
  const prefixes: Record<string, string> = {};
  let ontology: Store | undefined;
  for (const { unit, file } of units) {
    const text = await readFile(file, 'utf8');
    const quads = new Parser({ format: 'N-Quads' }).parse(text) as RDF.Quad[];
    if (unit.id === 'ontology') ontology = new Store(quads);
    const fresh = quads.filter((q) => counter.add(q));
    Object.assign(prefixes, usedPrefixes(quads, NS));
    await nq.write(text);
    await trig.write(await pretty(quads, 'TriG'));
    await nt.write(new Writer({ format: 'N-Triples' }).quadsToString(fresh.map(asTriple)));
    await ttl.write(await pretty(fresh.map(asTriple), 'Turtle'));
  }
  const counts = counter.counts();
  const files = [
    await nq.close(counts.quads),
    await trig.close(counts.quads),
    await nt.close(counts.triples),
    await ttl.close(counts.triples),
  ];
  return {
    dataset: { triples: counts.triples, graphs: counts.graphs, prefixes },
    counts,
    metadata: await datasetMetadata(options.root, ontology ?? new Store()),
    files,
    exports: 'streamed',
  };
}

function asTriple(q: RDF.Quad): RDF.Quad {
  return DataFactory.quad(q.subject, q.predicate, q.object) as RDF.Quad;
}
