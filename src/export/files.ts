// A downloadable file as bytes (with its gzip and SHA-256 made once), and
// writing the files to a directory for the command line.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { MediaType } from '../negotiate.js';

/** One downloadable file. */
export interface DumpFile {
  /** Its path under /dump/ and under the CLI's --out directory: `upr-graph.nq`, `views/cases.jsonld`, `csv/case.csv`. */
  path: string;
  /** What it holds, in a sentence. */
  title: string;
  media: MediaType;
  /** The bytes, uncompressed: sizes and checksums are of these. */
  body: Buffer;
  /** The same bytes gzipped once, for clients that accept gzip. */
  gzip: Buffer;
  /** SHA-256 of `body`, lower-case hex. */
  sha256: string;
  /** What it counts: distinct triples for triple formats, quads for quad formats, rows for CSV, columns for CSVW metadata. */
  count: { value: number; unit: 'triples' | 'quads' | 'rows' | 'columns' };
  /** An RDF serialisation of the whole dataset (a void:dataDump). */
  dataDump: boolean;
}

/** A file of the text, in UTF-8, with its gzip and checksum. */
export function dumpFile(
  pathName: string,
  title: string,
  media: MediaType,
  text: string,
  count: DumpFile['count'],
  dataDump = false,
): DumpFile {
  const body = Buffer.from(text, 'utf8');
  return {
    path: pathName,
    title,
    media,
    body,
    gzip: gzipSync(body, { level: 9 }),
    sha256: createHash('sha256').update(body).digest('hex'),
    count,
    dataDump,
  };
}

/** A JSON document as the exports write it: two-space indent, a final newline. */
export function jsonText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Writes every file under `dir` (paths as under /dump/). */
export async function writeExports(exports: { files: DumpFile[] }, dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const file of exports.files) {
    const target = path.join(dir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.body);
    written.push(target);
  }
  return written;
}
