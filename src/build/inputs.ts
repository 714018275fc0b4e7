// What a build reads, and the digests that name each version of it. A unit is
// what is parsed and validated on its own: the ontology, or one document folder.
// Its key is a digest of its files' names and bytes (content, never times), so
// a changed file changes one unit's key and the artefact's key, nothing else.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { documentFolders, ontologyFiles } from '../load.js';
import { ONTOLOGY_GRAPH } from '../namespaces.js';

/** The ontology or one document: parsed, validated and cached as one. */
export interface BuildUnit {
  /** `ontology`, or the document folder's name (its slug). */
  id: string;
  /** The named graph it fills. */
  graph: string;
  files: string[];
  /** Digest of its files' names and bytes. */
  key: string;
}

export interface BuildInputs {
  root: string;
  dataDir: string;
  shapesFile: string;
  ontology: BuildUnit;
  documents: BuildUnit[];
  /** Digest of the shapes and of the code and libraries that parse and validate (not of the rest of the build's code). */
  rulesKey: string;
  /** Digest naming the artefact these inputs make (every unit, the rules, and what the dumps read besides). */
  key: string;
}

/** The code and libraries whose change can change a unit's check (folders: every file in them)... */
const CHECK_CODE = ['src/load.ts', 'src/validate.ts', 'src/namespaces.ts', 'src/build/units.ts', 'src/build/inputs.ts'];
const CHECK_PACKAGES = ['n3', 'rdf-validate-shacl', 'shacl-engine', 'rdf-ext'];
/** ...and what else can change what a build makes: a change here rebuilds the artefact from the cached units. */
const BUILD_CODE = ['src/triples.ts', 'src/negotiate.ts', 'src/build', 'src/export'];
const BUILD_PACKAGES = ['jsonld'];

function sha(): ReturnType<typeof createHash> {
  return createHash('sha256');
}

/** Every file under `target` (a file or a folder), sorted; none if it does not exist. */
function filesUnder(target: string): string[] {
  if (!existsSync(target)) return [];
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target)
    .sort()
    .flatMap((name) => filesUnder(path.join(target, name)));
}

/** Digest of code files and library versions (computed once per process and list). */
const codeDigests = new Map<string[], string>();
function codeKey(code: string[], packages: string[]): string {
  const known = codeDigests.get(code);
  if (known) return known;
  const digest = sha();
  for (const file of code.flatMap((c) => filesUnder(path.join(PROJECT_ROOT, c)))) {
    digest.update(`${path.relative(PROJECT_ROOT, file)}\0`).update(readFileSync(file));
  }
  const require = createRequire(import.meta.url);
  for (const name of packages) {
    let version = 'absent';
    try {
      version = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
    } catch {
      // Not installed, or a package that hides its package.json: its absence is all the key can say.
    }
    digest.update(`${name}@${version}\0`);
  }
  const hex = digest.digest('hex');
  codeDigests.set(code, hex);
  return hex;
}

/** Digest of files by their names (relative to `dir`) and bytes. */
async function filesKey(files: string[], dir: string): Promise<string> {
  const digest = sha();
  for (const file of files) digest.update(`${path.relative(dir, file)}\0`).update(await readFile(file));
  return digest.digest('hex');
}

/** The units under `root` (ontology) and `dataDir` (documents), with their keys. Reads bytes; parses nothing. */
export async function buildInputs(root: string, dataDir: string, extra: string[] = []): Promise<BuildInputs> {
  const ontologyDir = path.join(root, 'ontology');
  const ontologySources = (await ontologyFiles(root)).map((f) => f.file);
  const ontology: BuildUnit = {
    id: 'ontology',
    graph: ONTOLOGY_GRAPH,
    files: ontologySources,
    key: await filesKey(ontologySources, ontologyDir),
  };
  const documents: BuildUnit[] = [];
  for (const folder of await documentFolders(dataDir)) {
    const dir = path.join(dataDir, folder.slug);
    documents.push({ id: folder.slug, graph: folder.graph, files: folder.files, key: await filesKey(folder.files, dir) });
  }
  const shapesFile = path.join(ontologyDir, 'shapes.ttl');
  const rulesKey = sha()
    .update(codeKey(CHECK_CODE, CHECK_PACKAGES))
    .update(await readFile(shapesFile).catch(() => Buffer.from('(no shapes)')))
    .digest('hex');
  // What the dumps read besides the graph: the context, the frames, the version in package.json.
  const dumpInputs = [
    path.join(ontologyDir, 'context.jsonld'),
    ...filesUnder(path.join(ontologyDir, 'frames')),
    path.join(root, 'package.json'),
  ];
  const key = sha().update(rulesKey).update(codeKey(BUILD_CODE, BUILD_PACKAGES)).update(ontology.key);
  for (const unit of documents) key.update(`${unit.id}\0${unit.key}\0`);
  for (const file of dumpInputs) key.update(await readFile(file).catch(() => Buffer.from('(missing)')));
  for (const value of extra) key.update(`${value}\0`);
  return { root, dataDir, shapesFile, ontology, documents, rulesKey, key: key.digest('hex').slice(0, 24) };
}

/** The key under which a unit's validated N-Quads are cached: its files, and the rules (and, for a document, the ontology) it was checked against. */
export function validationKey(inputs: BuildInputs, unit: BuildUnit): string {
  const digest = sha().update(inputs.rulesKey).update(unit.key);
  if (unit !== inputs.ontology) digest.update(inputs.ontology.key);
  return digest.digest('hex').slice(0, 24);
}
