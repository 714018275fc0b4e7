// The downloads of an artefact, written into its dump/ folder with the counts
// its manifest states. A graph of up to WHOLE_EXPORT_QUADS quads gets every
// download export.ts makes (canonical N-Quads, TriG, N-Triples, Turtle with its
// description, JSON-LD, framed views, schema.org, CSV), built in memory as the
// CLI always did; a larger graph gets the dumps written streaming instead
// (src/build/stream-dumps.ts), since canonical form and JSON-LD need it whole.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Parser, Store } from 'n3';
import type * as RDF from '@rdfjs/types';
import { PROJECT_ROOT } from '../config.js';
import { buildExports } from '../export/dumps.js';
import { loadFrames } from '../export/frames.js';
import { loadContext } from '../export/json-ld.js';
import { datasetMetadata } from '../export/metadata.js';
import { usedPrefixes } from '../export/serialize.js';
import { NS } from '../namespaces.js';
import { DUMP_DIR, type ArtefactFile, type Manifest } from './artefact.js';

/** The largest graph whose downloads are all made, in memory; larger graphs get the streamed dumps only. */
export const WHOLE_EXPORT_QUADS = 50_000;

export type DumpsPart = Pick<Manifest, 'dataset' | 'counts' | 'metadata' | 'files' | 'exports'>;

export interface DumpOptions {
  root: string;
  /** The base of the URLs in the description inside the Turtle dump (export.ts; default the persistent one). */
  publicBase?: string;
}

/** Gzips a file beside itself (`.gz`), streaming, at `level` (1 fastest, 9 smallest); returns the gzip's size. */
export async function gzipBeside(file: string, level = 6): Promise<number> {
  const out = `${file}.gz`;
  let bytes = 0;
  const gzip = createGzip({ level });
  gzip.on('data', (chunk: Buffer) => (bytes += chunk.length));
  await pipeline(createReadStream(file), gzip, createWriteStream(out));
  return bytes;
}

/** Every download of a graph small enough to hold whole (`graphFile`: its N-Quads), as export.ts builds them. */
export async function writeWholeDumps(staged: string, graphFile: string, options: DumpOptions): Promise<DumpsPart> {
  const quads = new Parser({ format: 'N-Quads' }).parse(await readFile(graphFile, 'utf8')) as RDF.Quad[];
  const store = new Store(quads);
  const context = await loadContext(options.root);
  // A root without frames of its own (a test's, a bare data root) gets the project's views.
  const own = await loadFrames(options.root);
  const frames = own.size > 0 ? own : await loadFrames(PROJECT_ROOT);
  const metadata = await datasetMetadata(options.root, store);
  const built = await buildExports(store, { context, frames, metadata, base: options.publicBase });
  const files: ArtefactFile[] = [];
  for (const file of built.files) {
    const target = path.join(staged, DUMP_DIR, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.body);
    await writeFile(`${target}.gz`, file.gzip);
    files.push({
      path: file.path,
      title: file.title,
      mediaType: file.media.type,
      bytes: file.body.length,
      gzipBytes: file.gzip.length,
      sha256: file.sha256,
      count: file.count,
      dataDump: file.dataDump,
    });
  }
  const { counts } = built;
  return {
    dataset: { triples: counts.triples, graphs: counts.graphs, prefixes: usedPrefixes(quads, NS) },
    counts: { ...counts, classes: [...counts.classes], properties: [...counts.properties] },
    metadata: built.metadata,
    files,
    exports: 'whole',
  };
}
