// The build's artefact on disk, and how a new one replaces the last:
//
//   <build dir>/                 (default .build/ in the repository, git-ignored; UPR_BUILD_DIR)
//     artefact-<key>/            one validated build of one version of the inputs
//       manifest.json            counts, metadata and the list of dumps (sizes, checksums)
//       graph.nq                 the whole graph: what the query workers load
//       dump/…                   the downloads as /dump/ serves them (and their .gz)
//     current -> artefact-<key>  the last good build (a symlink, replaced atomically)
//     cache/<unit>-<key>.nq      each unit's validated quads (src/build/units.ts)
//
// A build writes into a folder of its own and only then renames it into place,
// so a failed or running build never touches what a server is serving.
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { mkdir, mkdtemp, readdir, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { DumpFile } from '../export/files.js';

/** One download of the artefact, as /dump/ lists it. */
export interface ArtefactFile {
  /** Its path under dump/ (and under /dump/). */
  path: string;
  title: string;
  /** Its media type (an entry of negotiate.ts's MEDIA_TYPES). */
  mediaType: string;
  bytes: number;
  /** Size of dump/<path>.gz, when the build gzipped it. */
  gzipBytes?: number;
  sha256: string;
  count: DumpFile['count'];
  /** An RDF serialisation of the whole dataset (a void:dataDump). */
  dataDump: boolean;
}

/** Counts of the graph as VoID states them (export.ts's DatasetCounts, its maps as entries). */
export interface ArtefactCounts {
  quads: number;
  triples: number;
  graphs: Array<{ iri: string; triples: number }>;
  classes: Array<[string, number]>;
  properties: Array<[string, number]>;
  distinctSubjects: number;
  distinctObjects: number;
  entities: number;
}

export interface Manifest {
  format: 1;
  /** The inputs' key (src/build/inputs.ts). */
  key: string;
  builtAt: string;
  dataDir: string;
  /** Each unit and the key of the files it was built from. */
  units: Array<{ id: string; graph: string; key: string }>;
  /** What the service description and /health say (http/service-description.ts's DatasetInfo). */
  dataset: { triples: number; graphs: Array<{ iri: string; triples: number }>; prefixes: Record<string, string> };
  counts: ArtefactCounts;
  metadata: { title: string; description: string; version: string; issued?: string; modified: string; license: string };
  files: ArtefactFile[];
  /** Which downloads were made whole (every format) or, for a large graph, only the streamed ones (README, "Downloads"). */
  exports: 'whole' | 'streamed';
}

export interface Artefact {
  dir: string;
  manifest: Manifest;
  /** The whole graph as N-Quads. */
  graphFile: string;
  /** The bytes of a download on disk. */
  dumpFile(relative: string): string;
}

export const MANIFEST = 'manifest.json';
export const GRAPH_FILE = 'graph.nq';
export const DUMP_DIR = 'dump';
const CURRENT = 'current';
/** Older artefacts kept besides the current one: a server started on one of them may still replace a worker from it. */
const KEEP = 3;

/** The artefact in `dir`, or undefined when it holds none (or a manifest this code does not read). */
export function readArtefact(dir: string): Artefact | undefined {
  const file = path.join(dir, MANIFEST);
  if (!existsSync(file)) return undefined;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (manifest.format !== 1) return undefined;
  return { dir, manifest, graphFile: path.join(dir, GRAPH_FILE), dumpFile: (relative) => path.join(dir, DUMP_DIR, relative) };
}

/** The artefact built from the inputs named `key`, if there is one. */
export function artefactFor(buildDir: string, key: string): Artefact | undefined {
  return readArtefact(path.join(buildDir, `artefact-${key}`));
}

/** The last artefact a build completed (whatever its inputs), if any. */
export async function lastGoodArtefact(buildDir: string): Promise<Artefact | undefined> {
  const target = await readlink(path.join(buildDir, CURRENT)).catch(() => undefined);
  return target ? readArtefact(path.resolve(buildDir, target)) : undefined;
}

/** Whether a process of this id is running (a lock of a process gone is stale). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` as the one build of `key`: a process finding another building the same inputs waits for it
 * (and then, finding its artefact, builds nothing) instead of doing the same work beside it.
 */
export async function oneBuildAtATime<T>(buildDir: string, key: string, work: () => Promise<T>): Promise<T> {
  await mkdir(buildDir, { recursive: true });
  const lock = path.join(buildDir, `building-${key}.lock`);
  for (;;) {
    const handle = await open(lock, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw error;
    });
    if (handle) {
      await handle.writeFile(String(process.pid));
      await handle.close();
      try {
        return await work();
      } finally {
        await rm(lock, { force: true });
      }
    }
    const holder = Number(readFileSync(lock, { encoding: 'utf8', flag: 'r' }) || 0);
    if (holder && !alive(holder)) await rm(lock, { force: true });
    else await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A fresh folder to build into, beside the artefacts (so that renaming it into place is atomic). */
export async function stagingDir(buildDir: string): Promise<string> {
  await mkdir(buildDir, { recursive: true });
  return mkdtemp(path.join(buildDir, 'staging-'));
}

/** Moves a finished build into place as the artefact of `key` and makes it the current one; returns it. */
export async function publish(buildDir: string, staged: string, key: string): Promise<Artefact> {
  const name = `artefact-${key}`;
  const target = path.join(buildDir, name);
  try {
    await rename(staged, target);
  } catch (error) {
    // Another build of the same inputs got there first: its artefact is this one.
    if (!existsSync(path.join(target, MANIFEST))) throw error;
    await rm(staged, { recursive: true, force: true });
  }
  const link = path.join(buildDir, `${CURRENT}.${process.pid}.${Math.random().toString(36).slice(2)}`);
  await symlink(name, link);
  await rename(link, path.join(buildDir, CURRENT));
  await prune(buildDir, name);
  const published = readArtefact(target);
  if (!published) throw new Error(`${target}: the artefact just published has no readable ${MANIFEST}`);
  return published;
}

/** Removes all but the newest artefacts (the current one always stays) and staging folders of builds long gone. */
async function prune(buildDir: string, current: string): Promise<void> {
  const entries = await readdir(buildDir).catch(() => [] as string[]);
  const dated = await Promise.all(
    entries
      .filter((e) => (e.startsWith('artefact-') && e !== current) || e.startsWith('staging-'))
      .map(async (e) => ({ e, mtime: (await stat(path.join(buildDir, e)).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  const hour = 60 * 60 * 1000;
  const stale = dated.filter(({ e, mtime }) => e.startsWith('staging-') && Date.now() - mtime > hour);
  const older = dated.filter(({ e }) => e.startsWith('artefact-')).sort((a, b) => b.mtime - a.mtime);
  for (const { e } of [...stale, ...older.slice(KEEP - 1)]) await rm(path.join(buildDir, e), { recursive: true, force: true });
}
