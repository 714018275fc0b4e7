// An N-Quads file (the build artefact's graph.nq) split into one N-Triples
// file per named graph, streaming, for the store loader: at 10M triples the
// graph cannot be held as one in-memory store. The build writes each
// document's quads together and in the same order for the same input, so
// only one graph's lines are held at a time and its digest is taken in file
// order (sorting 10M lines that share long IRI prefixes took longer than the
// rest together). Each line is split by a small scanner rather than an RDF
// parser: the build has parsed and validated every line already.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One named graph's triple count and digest. */
export interface GraphDigest {
  graph: string;
  triples: number;
  digest: string;
}

/** One named graph's content on disk as N-Triples, with its triple count and digest. */
export interface GraphFile extends GraphDigest {
  /** Its N-Triples, one triple a line. */
  file: string;
}

/** A line of the file that is not a quad of a named graph, or a graph whose lines are not together. */
export class SplitError extends Error {
  name = 'SplitError';
}

const isSpace = (c: string) => c === ' ' || c === '\t';

/** The end (exclusive) of the term starting at `i`: an IRI, a blank node label, or a literal with its tag or datatype. */
function termEnd(line: string, i: number): number {
  if (line[i] === '<') return line.indexOf('>', i) + 1;
  if (line[i] === '"') {
    let j = i + 1;
    while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
    j++;
    if (line[j] === '@') while (j < line.length && !isSpace(line[j]) && line[j] !== '.') j++;
    else if (line.startsWith('^^<', j)) j = line.indexOf('>', j) + 1;
    return j;
  }
  let j = i;
  while (j < line.length && !isSpace(line[j])) j++;
  return j;
}

const skipSpace = (line: string, i: number) => {
  while (i < line.length && isSpace(line[i])) i++;
  return i;
};

/** A quad line as its triple (`s p o .`) and its graph IRI; undefined for a blank or comment line. */
export function splitQuadLine(line: string): { triple: string; graph: string | undefined } | undefined {
  const start = skipSpace(line, 0);
  if (start >= line.length || line[start] === '#') return undefined;
  let i = start;
  for (let term = 0; term < 3; term++) {
    const end = termEnd(line, i);
    if (end <= i) throw new SplitError('a term is not closed');
    i = skipSpace(line, end);
  }
  const triple = `${line.slice(start, i).trimEnd()} .`;
  if (line[i] !== '<') return { triple, graph: undefined };
  const end = line.indexOf('>', i);
  if (end < 0 || line.slice(end + 1).trim() !== '.') throw new SplitError('the line does not end with a graph IRI and "."');
  return { triple, graph: line.slice(i + 1, end) };
}

/** The digest of a graph's lines in their order, read past blank node labels (they differ from one parse to the next). */
function graphDigest(lines: string[]): string {
  const unlabelled = lines.map((line) => (line.includes('_:') ? line.replace(/_:[A-Za-z0-9_.-]+/g, '_:') : line));
  return createHash('sha256').update(unlabelled.join('\n')).digest('hex');
}

/** The lines of a file, read in large chunks (several times faster than node:readline). */
async function* linesOf(file: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    yield* lines;
  }
  if (rest) yield rest;
}

/** Each named graph of `file` in turn, with its lines as triples; throws SplitError naming file:line on a line it cannot take. */
async function eachGraph(file: string, onGraph: (graph: string, lines: string[]) => Promise<void>): Promise<void> {
  const seen = new Set<string>();
  let current: { graph: string; lines: string[] } | undefined;
  let number = 0;
  for await (const text of linesOf(file)) {
    number++;
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    let quad: ReturnType<typeof splitQuadLine>;
    try {
      quad = splitQuadLine(line);
    } catch (error) {
      throw new SplitError(`${file}:${number}: ${(error as Error).message}`);
    }
    if (!quad) continue;
    if (quad.graph === undefined)
      throw new SplitError(`${file}:${number}: a triple outside any named graph (the store holds one named graph per document)`);
    if (quad.graph !== current?.graph) {
      if (current) await onGraph(current.graph, current.lines);
      if (seen.has(quad.graph))
        throw new SplitError(
          `${file}:${number}: the lines of graph <${quad.graph}> are not together (the build writes a graph's quads in one run)`,
        );
      // A copy: the slice would keep its whole megabyte chunk of the file alive for as long as the graph is listed.
      const graph = Buffer.from(quad.graph, 'utf8').toString('utf8');
      seen.add(graph);
      current = { graph, lines: [] };
    }
    current.lines.push(quad.triple);
  }
  if (current) await onGraph(current.graph, current.lines);
}

const byGraph = <T extends { graph: string }>(list: T[]) => list.sort((a, b) => (a.graph < b.graph ? -1 : 1));

/** Splits `file` into `dir/<n>.nt`, one per named graph. */
export async function splitByGraph(file: string, dir: string): Promise<GraphFile[]> {
  await mkdir(dir, { recursive: true });
  const done: GraphFile[] = [];
  // Written while the next graph is read, a few at a time: more pending writes would hold their text in memory.
  const writes = new Set<Promise<void>>();
  await eachGraph(file, async (graph, lines) => {
    const target = path.join(dir, `${done.length}.nt`);
    const write: Promise<void> = writeFile(target, `${lines.join('\n')}\n`).then(() => void writes.delete(write));
    writes.add(write);
    done.push({ graph, file: target, triples: lines.length, digest: graphDigest(lines) });
    if (writes.size >= 4) await Promise.race(writes);
  });
  await Promise.all(writes);
  return byGraph(done);
}

/** Each named graph's triple count and digest, as splitByGraph gives them, with nothing written. */
export async function digestsByGraph(file: string): Promise<GraphDigest[]> {
  const done: GraphDigest[] = [];
  await eachGraph(file, async (graph, lines) => {
    done.push({ graph, triples: lines.length, digest: graphDigest(lines) });
  });
  return byGraph(done);
}
