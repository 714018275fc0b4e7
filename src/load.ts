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
    const index = lines.findIndex((line) => candidates.some((form) => line.startsWith(form) && /^\s|^$/.test(line.slice(form.length, form.length + 1))));
    if (index >= 0) found.set(iri, index + 1);
  }
  return found;
}

/** Parses one Turtle file into quads (in `graphIri` if given); throws LoadError with file:line. */
export async function parseTurtleFile(file: string, graphIri?: string): Promise<Quad[]> {
  const text = await readFile(file, 'utf8');
  return parseTurtle(text, file, graphIri);
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
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
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
      const text = await readFile(file, 'utf8');
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
