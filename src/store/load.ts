// The validated graph into a triple store, one named graph per document, by the
// store's own fastest path: Virtuoso's bulk loader (ld_dir + rdf_loader_run +
// checkpoint) when it runs here, the Graph Store Protocol otherwise. A manifest
// of each graph's digest (kept beside the store's files, or under the cache
// for a remote store) says what changed: new graphs are loaded, changed ones
// replaced atomically (Virtuoso: delete and reload in one transaction; the
// Graph Store Protocol: one PUT), removed ones dropped, the rest left alone.
import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { DataFactory, type Store, Writer } from 'n3';
import { deleteGraph, putGraph, type StoreEndpoints } from './protocol.js';
import { digestsByGraph, type GraphDigest, splitByGraph } from './split.js';
import { defineUnionProcedures, settleUnion, type UnionReport, unionKept } from './union.js';
import type { Virtuoso } from './virtuoso.js';

/** One named graph's content as N-Triples (in memory, or in a file: at 10M triples the text cannot be held whole), and its digest. */
export type GraphContent = { graph: string; triples: number; digest: string } & ({ ntriples: string } | { file: string });

/** A graph's N-Triples text, from memory or its file. */
const textOf = (c: GraphContent) => ('ntriples' in c ? Promise.resolve(c.ntriples) : readFile(c.file, 'utf8'));

/** What a load did. */
export interface LoadReport {
  added: string[];
  replaced: string[];
  removed: string[];
  unchanged: number;
  triples: number;
  ms: number;
}

type Manifest = Record<string, string>;

/** Beside the database: each loaded graph's digest, and whether the union was settled (union.ts). */
const MANIFEST = 'upr-manifest.json';
const SETTLED = 'upr-union.json';

/** Every named graph of the store as N-Triples (the default graph holds nothing: load.ts puts every file in a named graph). */
export function graphContents(store: Store): GraphContent[] {
  const contents: GraphContent[] = [];
  for (const graph of store.getGraphs(null, null, null)) {
    if (graph.termType !== 'NamedNode') continue;
    const quads = store.getQuads(null, null, null, graph);
    // Sorted, so that the digest depends on the triples, not on the order they were read in.
    const lines = new Writer({ format: 'N-Triples' })
      .quadsToString(quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object)))
      .split('\n')
      .filter(Boolean)
      .sort();
    const ntriples = `${lines.join('\n')}\n`;
    // Blank node labels differ from one parse to the next: the digest reads past them (so does a change that only relabels).
    const unlabelled = lines.map((line) => line.replace(/_:[A-Za-z0-9_.-]+/g, '_:')).sort();
    const digest = createHash('sha256').update(unlabelled.join('\n')).digest('hex');
    contents.push({ graph: graph.value, ntriples, triples: lines.length, digest });
  }
  return contents.sort((a, b) => (a.graph < b.graph ? -1 : 1));
}

async function readManifest(file: string): Promise<Manifest> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text ? (JSON.parse(text) as Manifest) : {};
}

function plan<T extends GraphDigest>(contents: T[], manifest: Manifest) {
  const added = contents.filter((c) => !(c.graph in manifest));
  const replaced = contents.filter((c) => c.graph in manifest && manifest[c.graph] !== c.digest);
  const wanted = new Set(contents.map((c) => c.graph));
  const removed = Object.keys(manifest).filter((g) => !wanted.has(g));
  return { added, replaced, removed, unchanged: contents.length - added.length - replaced.length };
}

const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Loader threads: one per core, as Virtuoso's bulk-loading guide advises, at most four. */
const LOADERS = Math.max(1, Math.min(4, availableParallelism()));

/**
 * Bulk-loads N-Quads / N-Triples files under the Virtuoso's own directory: those `dir` holds that match
 * `pattern`, or the `files` listed, each into its graph (an N-Quads line names its own); resolves to the
 * time taken in ms.
 */
export async function bulkLoad(
  virtuoso: Virtuoso,
  dir: string,
  which: { pattern: string } | { files: Array<{ file: string; graph: string }> },
  graph = 'urn:upr-graph:unused',
): Promise<number> {
  const started = performance.now();
  // The list skips files it has loaded before: their entries go first, so that a file of the same name loads again.
  await virtuoso.isql(`DELETE FROM DB.DBA.load_list WHERE ll_file LIKE ${sqlString(`${dir}/%`)};`);
  if ('pattern' in which) await virtuoso.isql(`ld_dir(${sqlString(dir)}, ${sqlString(which.pattern)}, ${sqlString(graph)});`);
  else {
    // In batches: one isql call per statement would cost more than the load of a small graph, and isql takes
    // 50 statements a line at most.
    for (let i = 0; i < which.files.length; i += 40) {
      const batch = which.files.slice(i, i + 40);
      await virtuoso.isql(batch.map((f) => `ld_add(${sqlString(f.file)}, ${sqlString(f.graph)});`).join(' '));
    }
  }
  // Several loaders take files from the same list; the checkpoint makes the load durable.
  await Promise.all(Array.from({ length: LOADERS }, () => virtuoso.isql('rdf_loader_run();')));
  await virtuoso.isql('checkpoint;');
  const failed = await virtuoso.isql(
    `SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL AND ll_file LIKE ${sqlString(`${dir}/%`)};`,
  );
  if (!/\b0 Rows\./.test(failed))
    throw new Error(`Virtuoso's bulk loader refused files of ${dir}:\n${failed.split('_____').at(-1)?.trim()}`);
  return performance.now() - started;
}

// Virtuoso's SQL names are case-insensitive: a parameter called g would be the column G in the WHERE clause
// (and the DELETE would empty the store), hence the long names. With in_union = 1 the merged union graph
// (union.ts) follows the document in the same transaction.
const GRAPH_PROCEDURES = [
  `CREATE PROCEDURE DB.DBA.UPR_REPLACE_GRAPH (in graph_iri varchar, in nt_file varchar, in in_union integer)
{
  log_enable (1);
  if (in_union) DB.DBA.UPR_LEAVE_UNION (graph_iri);
  DELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id (graph_iri);
  DB.DBA.TTLP (file_to_string_output (nt_file), '', graph_iri, 0);
  if (in_union) DB.DBA.UPR_JOIN_UNION (graph_iri);
  commit work;
}`,
  `CREATE PROCEDURE DB.DBA.UPR_DROP_GRAPH (in graph_iri varchar, in in_union integer)
{
  log_enable (1);
  if (in_union) DB.DBA.UPR_LEAVE_UNION (graph_iri);
  DELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id (graph_iri);
  commit work;
}`,
];

/** A file Virtuoso may read holding the graph's N-Triples: its own file where that is under the database directory, else `target`. */
async function fileFor(virtuoso: Virtuoso, c: GraphContent, target: string): Promise<string> {
  if ('ntriples' in c) await writeFile(target, c.ntriples);
  else if (path.relative(path.resolve(virtuoso.settings.dir), path.resolve(c.file)).startsWith('..')) await copyFile(c.file, target);
  else return path.resolve(c.file);
  return target;
}

/** What a load into Virtuoso did, with the union default graph settled after it (union.ts). */
export interface VirtuosoLoadReport extends LoadReport {
  union: UnionReport;
}

/**
 * Loads into a local Virtuoso: new graphs by the bulk loader, changed ones replaced and removed
 * ones dropped each in one transaction, the merged union graph (when kept) following each; then
 * the union settled once (union.ts). Nothing changed: nothing is done, the union included (once
 * settled: a database loaded before the union was kept is settled on its next load).
 */
export async function loadIntoVirtuoso(virtuoso: Virtuoso, contents: GraphContent[]): Promise<VirtuosoLoadReport> {
  const started = performance.now();
  const manifest = await readManifest(path.join(virtuoso.settings.dir, MANIFEST));
  const settledFile = path.join(virtuoso.settings.dir, SETTLED);
  const todo = plan(contents, manifest);
  const settled = await readFile(settledFile, 'utf8').then(
    () => true,
    () => false,
  );
  if (settled && !todo.added.length && !todo.replaced.length && !todo.removed.length) {
    return { ...report(todo, contents, started), union: { overlap: await unionKept(virtuoso), union: 'none', ms: 0 } };
  }
  const kept = await unionKept(virtuoso);
  const staging = path.join(virtuoso.settings.dir, 'load');
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    // Defined each time (Virtuoso replaces a procedure of the same name), so that a database never keeps an older one.
    await defineUnionProcedures(virtuoso);
    for (const procedure of GRAPH_PROCEDURES) await virtuoso.isql(`${procedure};`);
    if (todo.added.length) await addGraphs(virtuoso, staging, todo.added, kept);
    for (const c of todo.replaced) {
      const file = await fileFor(virtuoso, c, path.join(staging, 'replace.nt'));
      await virtuoso.isql(`DB.DBA.UPR_REPLACE_GRAPH(${sqlString(c.graph)}, ${sqlString(file)}, ${kept ? 1 : 0});`);
    }
    for (const graph of todo.removed) await virtuoso.isql(`DB.DBA.UPR_DROP_GRAPH(${sqlString(graph)}, ${kept ? 1 : 0});`);
    if (todo.replaced.length || todo.removed.length) await virtuoso.isql('checkpoint;');
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return finishLoad(virtuoso, contents, todo, kept, started);
}

/** After the graphs are in: the union settled (union.ts), then the records of what the store holds. */
async function finishLoad(
  virtuoso: Virtuoso,
  contents: GraphDigest[],
  todo: ReturnType<typeof plan<GraphDigest>>,
  kept: boolean,
  started: number,
): Promise<VirtuosoLoadReport> {
  const union = await settleUnion(virtuoso, kept);
  await writeFile(path.join(virtuoso.settings.dir, SETTLED), `${JSON.stringify({ overlap: union.overlap })}\n`);
  await writeFile(
    path.join(virtuoso.settings.dir, MANIFEST),
    `${JSON.stringify(Object.fromEntries(contents.map((c) => [c.graph, c.digest])), null, 2)}\n`,
  );
  return { ...report(todo, contents, started), union };
}

/**
 * Loads an N-Quads file (the build artefact's graph.nq) into a local Virtuoso. Into a store that holds
 * none of our graphs yet, the bulk loader takes the file whole (each line names its graph) while the
 * graphs' digests are taken beside it, so no file is written per graph; otherwise the file is split by
 * graph under the database directory (split.ts) and loaded as loadIntoVirtuoso does.
 */
export async function loadFileIntoVirtuoso(virtuoso: Virtuoso, file: string): Promise<VirtuosoLoadReport> {
  const dir = virtuoso.settings.dir;
  if (Object.keys(await readManifest(path.join(dir, MANIFEST))).length > 0) {
    const split = path.join(dir, 'split');
    return loadIntoVirtuoso(virtuoso, await splitByGraph(file, split)).finally(() => rm(split, { recursive: true, force: true }));
  }
  const started = performance.now();
  const staging = path.join(dir, 'load');
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    // A link costs nothing where the file is on the same file system; a copy otherwise.
    const whole = path.join(staging, 'graph.nq');
    await link(file, whole).catch(() => copyFile(file, whole));
    const kept = await unionKept(virtuoso);
    const [contents] = await Promise.all([digestsByGraph(file), bulkLoad(virtuoso, staging, { pattern: 'graph.nq' })]);
    if (kept) {
      await defineUnionProcedures(virtuoso);
      await joinUnion(virtuoso, contents);
    }
    return await finishLoad(virtuoso, contents, plan(contents, {}), kept, started);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** New graphs by the bulk loader; each joins the merged union graph when one is kept. */
async function addGraphs(virtuoso: Virtuoso, staging: string, added: GraphContent[], kept: boolean): Promise<void> {
  // One N-Triples file per graph, named with it in the load list.
  const files = [];
  for (const [i, c] of added.entries()) files.push({ file: await fileFor(virtuoso, c, path.join(staging, `${i}.nt`)), graph: c.graph });
  await bulkLoad(virtuoso, staging, { files });
  if (kept) await joinUnion(virtuoso, added);
}

/** New graphs into the merged union graph, in batches (isql takes 50 statements a line at most), then a checkpoint. */
async function joinUnion(virtuoso: Virtuoso, added: GraphDigest[]): Promise<void> {
  for (let i = 0; i < added.length; i += 40)
    await virtuoso.isql(
      added
        .slice(i, i + 40)
        .map((c) => `DB.DBA.UPR_JOIN_UNION(${sqlString(c.graph)});`)
        .join(' '),
    );
  await virtuoso.isql('checkpoint;');
}

/** Loads into a remote store over the Graph Store Protocol: one PUT per new or changed graph, one DELETE per removed one. */
export async function loadOverGraphStore(
  endpoints: StoreEndpoints,
  contents: GraphContent[],
  manifestFile: string,
  timeoutMs = 300_000,
): Promise<LoadReport> {
  const started = performance.now();
  const todo = plan(contents, await readManifest(manifestFile));
  for (const c of [...todo.added, ...todo.replaced]) await putGraph(endpoints, c.graph, await textOf(c), timeoutMs);
  for (const graph of todo.removed) await deleteGraph(endpoints, graph, timeoutMs);
  await mkdir(path.dirname(manifestFile), { recursive: true });
  await writeFile(manifestFile, `${JSON.stringify(Object.fromEntries(contents.map((c) => [c.graph, c.digest])), null, 2)}\n`);
  return report(todo, contents, started);
}

function report(todo: ReturnType<typeof plan<GraphDigest>>, contents: GraphDigest[], started: number): LoadReport {
  return {
    added: todo.added.map((c) => c.graph),
    replaced: todo.replaced.map((c) => c.graph),
    removed: todo.removed,
    unchanged: todo.unchanged,
    triples: contents.reduce((n, c) => n + c.triples, 0),
    ms: performance.now() - started,
  };
}
