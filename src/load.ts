// Files → store. Ontology files go into the ontology graph, each folder under
// data/ into the named graph of its document. Everything is parsed before the
// store is built, so a bad file never leaves a half-loaded store behind.
// Inputs are Turtle, TriG, N-Triples or N-Quads (by extension), gzipped or not.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
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

/** The ways `text` may write an IRI: in full, relative to its @base, or with one of its @prefix declarations. */
function writtenForms(text: string, iri: string): string[] {
  const base = /@base\s+<([^>]*)>/i.exec(text)?.[1];
  const out = [`<${iri}>`];
  if (base && iri.startsWith(base)) out.push(`<${iri.slice(base.length)}>`);
  for (const m of text.matchAll(/@prefix\s+([\w-]*):\s*<([^>]*)>/gi))
    if (iri.startsWith(m[2])) out.push(`${m[1]}:${iri.slice(m[2].length)}`);
  return out;
}

/**
 * The line on which each subject first stands at the start of a statement in `text`: one pass over
 * the lines, reading each line's first token as an IRI (in full, relative to @base, or prefixed).
 */
function subjectLines(text: string): Map<string, number> {
  const base = /@base\s+<([^>]*)>/i.exec(text)?.[1];
  const prefixes = new Map([...text.matchAll(/@prefix\s+([\w-]*):\s*<([^>]*)>/gi)].map((m) => [m[1], m[2]] as const));
  const found = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const token = /^(<[^>\s]*>|[\w-]*:[^\s;,]*)(?=\s|$)/.exec(lines[i])?.[1];
    if (!token) continue;
    let iri: string | undefined;
    if (token.startsWith('<')) {
      const written = token.slice(1, -1);
      iri = base && !/^[a-z][a-z0-9+.-]*:/i.test(written) ? base + written : written;
    } else {
      const colon = token.indexOf(':');
      const namespace = prefixes.get(token.slice(0, colon));
      if (namespace !== undefined) iri = namespace + token.slice(colon + 1);
    }
    if (iri !== undefined && !found.has(iri)) found.set(iri, i + 1);
  }
  return found;
}

/** Parses one Turtle file into quads (in `graphIri` if given); throws LoadError with file:line. */
export async function parseTurtleFile(file: string, graphIri?: string): Promise<Quad[]> {
  const text = decodeUtf8(await readFile(file), file);
  return parseTurtle(text, file, graphIri);
}

/** The syntaxes a data or ontology file may be in, by extension (each may also end in `.gz`). */
export const RDF_EXTENSIONS: Record<string, string> = {
  '.ttl': 'text/turtle',
  '.trig': 'application/trig',
  '.nt': 'application/n-triples',
  '.nq': 'application/n-quads',
};

/** The N3 parser format of a file name, or undefined when it is not an RDF input. */
export function rdfFormat(file: string): string | undefined {
  return RDF_EXTENSIONS[path.extname(file.replace(/\.gz$/, ''))];
}

/** The text of an input file, gunzipped when its name ends in `.gz`; `name` names it in errors. */
export async function readInput(file: string, name = file): Promise<string> {
  let bytes = await readFile(file);
  if (file.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new LoadError([`${name}:1: not gzip data (${(error as Error).message}): a file ending in .gz must be gzipped`]);
    }
  }
  return decodeUtf8(bytes, name);
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
export function requireData(loaded: { graphs: Map<string, unknown> }, dataDir: string, allowEmpty: boolean): void {
  if (allowEmpty || [...loaded.graphs.keys()].some((graph) => graph !== ONTOLOGY_GRAPH)) return;
  throw new LoadError([
    `${dataDir}: no data: the folder is missing or holds no <document>/ folder of .ttl, .trig, .nt or .nq files (gzipped or not); set UPR_ALLOW_EMPTY_DATA=1 to serve the ontology alone`,
  ]);
}

/** Parses Turtle text; `file` names it in errors. */
export function parseTurtle(text: string, file: string, graphIri?: string): Quad[] {
  return parseRdf(text, file, graphIri, 'text/turtle');
}

/**
 * Parses RDF text in the syntax its file name says (Turtle by default); `file` names it in errors.
 * Every quad lands in `graphIri` (or the default graph): a TriG or N-Quads input may use the default
 * graph or that very graph, and any other graph name is an error at its line, since a data folder is
 * one document and one named graph.
 */
export function parseRdf(text: string, file: string, graphIri?: string, format = rdfFormat(file) ?? 'text/turtle'): Quad[] {
  const graph = graphIri ? DataFactory.namedNode(graphIri) : DataFactory.defaultGraph();
  let parsed: Quad[];
  try {
    parsed = new Parser({ format, baseIRI: `file://${path.resolve(file)}` }).parse(text) as Quad[];
  } catch (error) {
    throw new LoadError([describeParseError(error, file)]);
  }
  const foreign = parsed.find((q) => q.graph.termType !== 'DefaultGraph' && !q.graph.equals(graph));
  if (foreign) {
    const line = lineOf(text, foreign.graph.value);
    throw new LoadError([
      `${file}:${line || '?'}: quads in graph <${foreign.graph.value}>: a file of this folder may only use the default graph${graphIri ? ` or <${graphIri}>` : ''}`,
    ]);
  }
  return parsed.map((q) => DataFactory.quad(q.subject, q.predicate, q.object, graph) as Quad);
}

/** The first line (1-based) on which an IRI is written in full or by a declared prefix; 0 if none. */
function lineOf(text: string, iri: string): number {
  const candidates = writtenForms(text, iri);
  const index = text.split('\n').findIndex((line) => candidates.some((form) => line.includes(form)));
  return index + 1;
}

function describeParseError(error: unknown, file: string): string {
  const err = error as Error & { context?: { line?: number } };
  const line = err.context?.line ?? Number(/on line (\d+)/.exec(err.message)?.[1] ?? 0);
  const message = err.message.replace(/\s*on line \d+\.?$/, '');
  return `${file}:${line || '?'}: ${message}`;
}

/** The RDF inputs directly in `dir` (see RDF_EXTENSIONS), sorted. */
async function rdfFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && rdfFormat(e.name) !== undefined)
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

/** One file to load and the graph it fills. */
export interface InputFile {
  file: string;
  graph: string;
}

/** The ontology's files (into the ontology graph), shapes.ttl left out. */
export async function ontologyFiles(root: string): Promise<InputFile[]> {
  return (await rdfFiles(path.join(root, 'ontology')))
    .filter((f) => !NOT_IN_GRAPH.has(path.basename(f)))
    .map((file) => ({ file, graph: ONTOLOGY_GRAPH }));
}

/** Each folder of `dataDir` that holds RDF files: one document, one named graph. */
export async function documentFolders(dataDir: string): Promise<Array<{ slug: string; graph: string; files: string[] }>> {
  const out: Array<{ slug: string; graph: string; files: string[] }> = [];
  for (const slug of await dataFolders(dataDir)) {
    const files = await rdfFiles(path.join(dataDir, slug));
    if (files.length > 0) out.push({ slug, graph: documentGraph(slug), files });
  }
  return out;
}

/** The files to load, each with the graph it belongs to; data from `dataDir` (default: root/data). */
export async function graphFiles(root: string, dataDir = path.join(root, 'data')): Promise<InputFile[]> {
  const data = (await documentFolders(dataDir)).flatMap(({ graph, files }) => files.map((file) => ({ file, graph })));
  return [...(await ontologyFiles(root)), ...data];
}

/** How errors name a file: relative to the root when inside it, else in full. */
export function displayName(file: string, root: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** Loads ontology and data under `root` (data from `dataDir`, default root/data) into one store, a named graph per document. */
export async function loadGraph(options: { root: string; dataDir?: string }): Promise<LoadedGraph> {
  return loadFiles(await graphFiles(options.root, options.dataDir), options.root);
}

/** Parses `files` (all of them, every problem reported) and only then builds one store; names are relative to `root`. */
export async function loadFiles(files: InputFile[], root: string): Promise<LoadedGraph> {
  const problems: string[] = [];
  const parsed: Array<{ file: string; graph: string; quads: Quad[]; text: string }> = [];
  for (const { file, graph } of files) {
    const name = displayName(file, root);
    try {
      const text = await readInput(file, name);
      parsed.push({ file: name, graph, quads: parseRdf(text, name, graph, rdfFormat(file)), text });
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
    const lines = subjectLines(text);
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
