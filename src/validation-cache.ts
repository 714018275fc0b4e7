// Validation once per version of the inputs: SHACL over the graph takes about
// 2 s (and loading the validator another 0.7 s), the same answer every time
// the files are unchanged. A successful validation leaves a marker named by a
// digest of everything it read: every data and ontology file the graph loads,
// the shapes, the code that loads and validates, and the versions of the
// parser and validator. A later start finding its marker only loads the graph
// (and the command line, querying on Oxigraph, reads the N-Quads kept beside it).
// Markers live in node_modules/.cache/upr-graph/ (git-ignored, like the worker bundle).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PROJECT_ROOT } from './config.js';
import { graphFiles, loadGraph, type LoadedGraph } from './load.js';

/** Where markers are kept unless a caller says otherwise. */
export const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'upr-graph');

/** The code whose change can change a validation's outcome. */
const CODE = ['src/load.ts', 'src/validate.ts', 'src/namespaces.ts'];
const PACKAGES = ['n3', 'shacl-engine', 'rdf-validate-shacl', 'rdf-ext'];

/** The digest naming one version of everything a validation of `root` reads. */
export async function validationKey(root: string): Promise<string> {
  const digest = createHash('sha256');
  const inputs = [...(await graphFiles(root)).map((f) => f.file), path.join(root, 'ontology', 'shapes.ttl')];
  for (const file of inputs) {
    digest.update(`${path.relative(root, file)}\0`);
    digest.update(await readFile(file).catch(() => Buffer.from('(missing)')));
  }
  for (const file of CODE) digest.update(`${file}\0`).update(readFileSync(path.join(PROJECT_ROOT, file)));
  const require = createRequire(import.meta.url);
  for (const name of PACKAGES) {
    let version = '?';
    try {
      version = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
    } catch {
      // A package that hides its package.json: its presence is all the key can say.
    }
    digest.update(`${name}@${version}\0`);
  }
  return digest.digest('hex').slice(0, 32);
}

/**
 * The graph under `root`, validated: loaded and SHACL-validated (throwing LoadError or
 * ValidationError as loadValidatedGraph does), or only loaded when these very inputs
 * were validated before. `validated` says which.
 */
export async function loadCheckedGraph(
  root: string,
  cacheDir = CACHE_DIR,
  key?: string,
): Promise<LoadedGraph & { validated: 'now' | 'before' }> {
  const marker = path.join(cacheDir, `validated-${key ?? (await validationKey(root))}.json`);
  if (existsSync(marker)) return { ...(await loadGraph({ root })), validated: 'before' };
  // The validator is loaded only when it has work to do.
  const { loadValidatedGraph } = await import('./validate.js');
  const loaded = await loadValidatedGraph(root);
  await keep(cacheDir, marker, `${JSON.stringify({ root, triples: loaded.store.size, validatedAt: new Date().toISOString() })}\n`);
  return { ...loaded, validated: 'now' };
}

/**
 * The validated graph as N-Quads, for a process that only queries it on Oxigraph (the command line):
 * kept beside the marker, under the same key, so that a later run reads it instead of parsing Turtle.
 */
export async function checkedNquads(root: string, cacheDir = CACHE_DIR): Promise<string> {
  const key = await validationKey(root);
  const file = path.join(cacheDir, `graph-${key}.nq`);
  if (existsSync(file) && existsSync(path.join(cacheDir, `validated-${key}.json`))) return readFile(file, 'utf8');
  const { store } = await loadCheckedGraph(root, cacheDir, key);
  const { Writer } = await import('n3');
  const nquads = new Writer({ format: 'N-Quads' }).quadsToString(store.getQuads(null, null, null, null));
  await keep(cacheDir, file, nquads);
  return nquads;
}

/** Writes a cache file whole (aside, then renamed: processes may write side by side); a read-only cache only means doing the work again next time. */
async function keep(cacheDir: string, file: string, text: string): Promise<void> {
  try {
    await mkdir(cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, text);
    await rename(partial, file);
  } catch {
    // Nothing to do: the cache is an optimisation.
  }
}
