// What the dataset description says beyond counts: title, description,
// version, licence and dates, read from package.json, the ontology and git.
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { DataFactory, type Store } from 'n3';
import { graphFiles } from '../load.js';
import { BASE, NS } from '../namespaces.js';

const { namedNode } = DataFactory;
const run = promisify(execFile);

/** What the description says of the dataset beyond its counts. */
export interface DatasetMetadata {
  title: string;
  description: string;
  version: string;
  /** First release (xsd:date), if known. */
  issued?: string;
  /** Last change of the data files (xsd:date). */
  modified: string;
  license: string;
}

/** The day of the last change to the loaded files: the last commit touching them when git knows them unchanged, else their newest mtime. */
async function lastModified(root: string): Promise<string> {
  try {
    const opts = { cwd: root, timeout: 10_000 };
    const [{ stdout: dirty }, { stdout: day }] = await Promise.all([
      run('git', ['status', '--porcelain', '--', 'ontology', 'data'], opts),
      run('git', ['log', '-1', '--format=%cs', '--', 'ontology', 'data'], opts),
    ]);
    if (dirty.trim() === '' && /^\d{4}-\d{2}-\d{2}$/.test(day.trim())) return day.trim();
  } catch {
    // not a git checkout, or no git: fall back to the files' times
  }
  let newest = 0;
  for (const { file } of await graphFiles(root)) newest = Math.max(newest, (await stat(file)).mtimeMs);
  return new Date(newest || Date.now()).toISOString().slice(0, 10);
}

/** The dataset's title, licence, version (package.json) and dates (issued: the ontology's dcterms:created). */
export async function datasetMetadata(root: string, store: Store): Promise<DatasetMetadata> {
  const ontology = namedNode(`${BASE}ontology`);
  const first = (p: string) => store.getQuads(ontology, namedNode(p), null, null)[0]?.object.value;
  let version = first(`${NS.owl}versionInfo`) ?? '0.0.0';
  try {
    version = (JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? version;
  } catch {
    // no package.json under root: the ontology's version stands
  }
  return {
    title: 'UPR Graph',
    description:
      'A linked-data knowledge graph of what human-rights organisations report to the UN Universal Periodic Review: ' +
      'the laws and provisions they criticise, the cases they document, the people, outlets and organisations involved, ' +
      'and the UPR recommendations they assess, each statement traced to the paragraph and footnote it comes from.',
    version,
    issued: first(`${NS.dcterms}created`),
    modified: await lastModified(root),
    license: first(`${NS.dcterms}license`) ?? 'https://creativecommons.org/licenses/by/4.0/',
  };
}
