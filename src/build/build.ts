// The build: ontology/ + a data folder → a validated artefact (src/build/artefact.ts).
// `npm run build` runs it; `npm start` runs it only when the inputs changed
// since the last one, and otherwise serves the artefact without parsing,
// validating or exporting anything. Steps: key the inputs (inputs.ts), check
// each unit or take it from the cache (units.ts), join the units into graph.nq,
// write the downloads and counts (dumps.ts), then move the folder into place.
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { requireData } from '../load.js';
import {
  artefactFor,
  GRAPH_FILE,
  lastGoodArtefact,
  MANIFEST,
  oneBuildAtATime,
  publish,
  stagingDir,
  type Artefact,
  type Manifest,
} from './artefact.js';
import { buildInputs, type BuildInputs } from './inputs.js';
import { checkUnits, type CheckedUnit } from './units.js';

export interface BuildOptions {
  /** The repository root: ontology/ (and package.json for the version). */
  root: string;
  /** The data folder: one folder per document. */
  dataDir: string;
  /** Where artefacts and the cache live (artefact.ts). */
  buildDir: string;
  /** The public base written into the Turtle dump's description (UPR_PUBLIC_BASE). */
  publicBase?: string;
  /** Whether a graph of the ontology alone may be built (UPR_ALLOW_EMPTY_DATA). */
  allowEmptyData?: boolean;
  /** Worker threads that check units when several need it (default: the cores, at most 2). */
  workers?: number;
  /** The largest graph given every download, built whole (default WHOLE_EXPORT_QUADS); larger ones get the streamed dumps. */
  wholeExportQuads?: number;
  log?: (line: string) => void;
}

export interface BuildResult {
  artefact: Artefact;
  /** False when an artefact of these very inputs existed: nothing was parsed, validated or written. */
  built: boolean;
  /** Units parsed and validated by this build. */
  validated: string[];
  /** Units taken from the cache. */
  reused: string[];
  ms: number;
}

/** Joins the units' validated N-Quads into one file, streaming; returns the number of lines (quads). */
async function joinUnits(units: CheckedUnit[], target: string): Promise<number> {
  const out = createWriteStream(target);
  let quads = 0;
  for (const { file } of units) {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) quads++;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return quads;
}

/** Builds the artefact of the inputs unless it exists; throws LoadError or ValidationError (with file:line) on bad data. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const inputs = await buildInputs(options.root, options.dataDir, [options.publicBase ?? '']);
  const existing = () => artefactFor(options.buildDir, inputs.key);
  const unchanged = (artefact: Artefact) => ({ artefact, built: false, validated: [], reused: [], ms: performance.now() - started });
  const found = existing();
  if (found) return unchanged(found);
  return oneBuildAtATime(options.buildDir, inputs.key, async () => {
    // Built by another process while this one waited.
    const built = existing();
    return built ? unchanged(built) : buildArtefact(options, inputs, started);
  });
}

/** Checks the units, joins them, writes the downloads and the manifest, and publishes the artefact. */
async function buildArtefact(options: BuildOptions, inputs: BuildInputs, started: number): Promise<BuildResult> {
  const log = options.log ?? (() => {});
  const workers = options.workers ?? Math.min(2, availableParallelism());
  const checked = await checkUnits(inputs, path.join(options.buildDir, 'cache'), workers);
  requireData({ graphs: new Map(inputs.documents.map((d) => [d.graph, d])) }, options.dataDir, options.allowEmptyData ?? false);
  const validated = checked.filter((c) => c.validated).map((c) => c.unit.id);
  const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
  log(
    `build: ${validated.length} unit(s) parsed and validated, ${checked.length - validated.length} unchanged (from the cache), in ${seconds(started)}`,
  );

  const staged = await stagingDir(options.buildDir);
  try {
    const graphFile = path.join(staged, GRAPH_FILE);
    const quads = await joinUnits(checked, graphFile);
    const dumpOptions = { root: options.root, publicBase: options.publicBase };
    const dumpsStarted = performance.now();
    // Imported here: a start on a fresh artefact never loads the export code (JSON-LD, canonical form, CSV).
    const { WHOLE_EXPORT_QUADS, writeWholeDumps } = await import('./dumps.js');
    const { writeStreamedDumps } = await import('./stream-dumps.js');
    const dumps =
      quads <= (options.wholeExportQuads ?? WHOLE_EXPORT_QUADS)
        ? await writeWholeDumps(staged, graphFile, dumpOptions)
        : await writeStreamedDumps(staged, checked, dumpOptions);
    const manifest: Manifest = {
      format: 1,
      key: inputs.key,
      builtAt: new Date().toISOString(),
      dataDir: path.resolve(inputs.dataDir),
      units: [inputs.ontology, ...inputs.documents].map(({ id, graph, key }) => ({ id, graph, key })),
      ...dumps,
    };
    log(`build: ${dumps.files.length} downloads (${dumps.exports}) in ${seconds(dumpsStarted)}`);
    // The manifest last: a folder without one is no artefact.
    await writeFile(path.join(staged, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const artefact = await publish(options.buildDir, staged, inputs.key);
    const ms = performance.now() - started;
    const size = (await stat(artefact.graphFile)).size;
    log(`build: ${quads} quads (${(size / 1e6).toFixed(1)} MB of N-Quads) in ${seconds(started)}: ${artefact.dir}`);
    return { artefact, built: true, validated, reused: checked.filter((c) => !c.validated).map((c) => c.unit.id), ms };
  } catch (error) {
    await rm(staged, { recursive: true, force: true });
    throw error;
  }
}

export interface Ensured extends BuildResult {
  /** Set when the build failed and an older artefact is served instead: the failure. */
  failed?: Error;
}

/**
 * The artefact to serve: the one of the current inputs, built if need be; or, when that build fails
 * on bad data and an earlier build succeeded, the last good artefact (with the failure, for the log).
 */
export async function ensureArtefact(options: BuildOptions): Promise<Ensured> {
  try {
    return await build(options);
  } catch (error) {
    const name = (error as Error)?.name;
    if (name !== 'LoadError' && name !== 'ValidationError') throw error;
    const last = await lastGoodArtefact(options.buildDir);
    // Only an artefact of the same data folder: another folder's data is not an older version of this one.
    if (!last || last.manifest.dataDir !== path.resolve(options.dataDir)) throw error;
    return { artefact: last, built: false, validated: [], reused: [], ms: 0, failed: error as Error };
  }
}
