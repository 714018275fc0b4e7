// Files → store. Ontology files go into the ontology graph, each folder under
// data/ into the named graph of its document. Everything is parsed before the
// store is built, so a bad file never leaves a half-loaded store behind.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory, Parser, Store } from 'n3';
import type { Quad } from '@rdfjs/types';
import { ONTOLOGY_GRAPH, documentGraph } from './namespaces.js';

/** A load failure; its message lists `file:line: message` for every bad file. */
export class LoadError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'LoadError';
  }
}

/** Files of the ontology that are not part of the queryable graph. */
const NOT_IN_GRAPH = new Set(['shapes.ttl']);

export interface LoadedGraph {
  store: Store;
  /** Named graph IRI → the files that filled it. */
  graphs: Map<string, string[]>;
  /** Subject IRI → where it is described (`file:line`, relative to root), the typing file first; names sources of violations. */
  origins: Map<string, string[]>;
}

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** The line on which each subject of `quads` first stands at the start of a statement in `text`. */
function subjectLines(text: string, quads: Quad[]): Map<string, number> {
  const base = /@base\s+<([^>]*)>/i.exec(text)?.[1];
  const prefixes = [...text.matchAll(/@prefix\s+([\w-]*):\s*<([^>]*)>/gi)].map((m) => [m[1], m[2]] as const);
  const forms = (iri: string): string[] => {
    const out = [`<${iri}>`];
    if (base && iri.startsWith(base)) out.push(`<${iri.slice(base.length)}>`);
    for (const [prefix, ns] of prefixes) if (iri.startsWith(ns)) out.push(`${prefix}:${iri.slice(ns.length)}`);
    return out;
  };
  const lines = text.split('\n');
  const found = new Map<string, number>();
  for (const q of quads) {
    const iri = q.subject.value;
    if (q.subject.termType !== 'NamedNode' || found.has(iri)) continue;
    const candidates = forms(iri);
    const index = lines.findIndex((line) =>
      candidates.some((form) => line.startsWith(form) && /^\s|^$/.test(line.slice(form.length, form.length + 1))),
    );
    if (index >= 0) found.set(iri, index + 1);
  }
  return found;
}

/** Parses one Turtle file into quads (in `graphIri` if given); throws LoadError with file:line. */
export async function parseTurtleFile(file: string, graphIri?: string): Promise<Quad[]> {
  const text = decodeUtf8(await readFile(file), file);
  return parseTurtle(text, file, graphIri);
}

/**
 * The text of a file's bytes, which must be UTF-8 (as Turtle is): an invalid
 * sequence is a LoadError at its file:line, not a U+FFFD slipped into the data.
 */
export function decodeUtf8(bytes: Buffer, file: string): string {
  const bad = invalidUtf8At(bytes);
  if (bad < 0) return bytes.toString('utf8');
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < bad; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const hex = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
  throw new LoadError([
    `${file}:${line}: invalid UTF-8: byte 0x${hex} at byte ${bad - lineStart + 1} of the line (save the file as UTF-8)`,
  ]);
}

/** The offset of the first byte that starts no valid UTF-8 sequence (overlong forms and surrogates included), or -1. */
function invalidUtf8At(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // Length and the range of the second byte (RFC 3629, table 3-7 of Unicode).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > bytes.length || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += length;
  }
  return -1;
}

/**
 * Refuses a graph without data: a missing or empty data/ once started the server on the ontology
 * alone, without a word. `allowEmpty` (UPR_ALLOW_EMPTY_DATA) is the operator asking for just that.
 */
export function requireData(loaded: LoadedGraph, root: string, allowEmpty: boolean): void {
  if (allowEmpty || [...loaded.graphs.keys()].some((graph) => graph !== ONTOLOGY_GRAPH)) return;
  const dataDir = path.join(root, 'data');
  throw new LoadError([
    `${dataDir}: no data: the folder is missing or holds no data/<document>/*.ttl files; set UPR_ALLOW_EMPTY_DATA=1 to serve the ontology alone`,
  ]);
}

/** Parses Turtle text; `file` names it in errors. */
export function parseTurtle(text: string, file: string, graphIri?: string): Quad[] {
  const graph = graphIri ? DataFactory.namedNode(graphIri) : DataFactory.defaultGraph();
  try {
    const triples = new Parser({ format: 'text/turtle', baseIRI: `file://${path.resolve(file)}` }).parse(text);
    return triples.map((q) => DataFactory.quad(q.subject, q.predicate, q.object, graph) as Quad);
  } catch (error) {
    throw new LoadError([describeParseError(error, file)]);
  }
}

function describeParseError(error: unknown, file: string): string {
  const err = error as Error & { context?: { line?: number } };
  const line = err.context?.line ?? Number(/on line (\d+)/.exec(err.message)?.[1] ?? 0);
  const message = err.message.replace(/\s*on line \d+\.?$/, '');
  return `${file}:${line || '?'}: ${message}`;
}

async function turtleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ttl'))
    .map((e) => path.join(dir, e.name))
    .sort();
}

async function dataFolders(dataDir: string): Promise<string[]> {
  const entries = await readdir(dataDir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The files to load, each with the graph it belongs to. */
export async function graphFiles(root: string): Promise<Array<{ file: string; graph: string }>> {
  const ontology = (await turtleFiles(path.join(root, 'ontology')))
    .filter((f) => !NOT_IN_GRAPH.has(path.basename(f)))
    .map((file) => ({ file, graph: ONTOLOGY_GRAPH }));
  const data: Array<{ file: string; graph: string }> = [];
  for (const folder of await dataFolders(path.join(root, 'data'))) {
    for (const file of await turtleFiles(path.join(root, 'data', folder))) {
      data.push({ file, graph: documentGraph(folder) });
    }
  }
  return [...ontology, ...data];
}

/** Loads ontology and data under `root` into one store, a named graph per document. */
export async function loadGraph(options: { root: string }): Promise<LoadedGraph> {
  const files = await graphFiles(options.root);
  const problems: string[] = [];
  const parsed: Array<{ file: string; graph: string; quads: Quad[]; text: string }> = [];
  for (const { file, graph } of files) {
    const relative = path.relative(options.root, file);
    try {
      const text = decodeUtf8(await readFile(file), relative);
      parsed.push({ file: relative, graph, quads: parseTurtle(text, relative, graph), text });
    } catch (error) {
      if (error instanceof LoadError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new LoadError(problems);

  const store = new Store();
  const graphs = new Map<string, string[]>();
  const origins = new Map<string, string[]>();
  for (const { file, graph, quads, text } of parsed) {
    store.addQuads(quads);
    graphs.set(graph, [...(graphs.get(graph) ?? []), file]);
    const lines = subjectLines(text, quads);
    const typed = new Set(quads.filter((q) => q.predicate.value === RDF_TYPE).map((q) => q.subject.value));
    for (const subject of new Set(quads.filter((q) => q.subject.termType === 'NamedNode').map((q) => q.subject.value))) {
      const line = lines.get(subject);
      const where = line ? `${file}:${line}` : file;
      const known = origins.get(subject) ?? [];
      origins.set(subject, typed.has(subject) ? [where, ...known] : [...known, where]);
    }
  }
  return { store, graphs, origins };
}
