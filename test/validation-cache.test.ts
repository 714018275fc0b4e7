// The graph is validated once per version of its inputs: a second start on the
// same files only loads it; any change to data, ontology or shapes validates again.
import { appendFile, cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Parser } from 'n3';
import { loadGraph } from '../src/load.js';
import { checkedNquads, loadCheckedGraph, validationKey } from '../src/validation-cache.js';
import { ValidationError } from '../src/validate.js';
import { ROOT } from './support/graph.js';

async function copyOfRepository(): Promise<{ root: string; cache: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'upr-graph-cache-'));
  await cp(path.join(ROOT, 'ontology'), path.join(root, 'ontology'), { recursive: true });
  await cp(path.join(ROOT, 'data'), path.join(root, 'data'), { recursive: true });
  return { root, cache: path.join(root, 'cache') };
}

const PEOPLE = 'data/kz-2019-article19-adilsoz/actors.ttl';

describe('the validation cache', () => {
  it('validates the first time, not the second, and leaves one marker named by the inputs', async () => {
    const { root, cache } = await copyOfRepository();
    const first = await loadCheckedGraph(root, cache);
    expect(first.validated).toBe('now');
    const second = await loadCheckedGraph(root, cache);
    expect(second.validated).toBe('before');
    expect(second.store.size).toBe(first.store.size);
    expect(await readdir(cache)).toEqual([`validated-${await validationKey(root)}.json`]);
  });

  it('validates again when a data file changes, and never caches a failure', async () => {
    const { root, cache } = await copyOfRepository();
    await loadCheckedGraph(root, cache);
    // A person without the name the shapes require.
    await appendFile(
      path.join(root, PEOPLE),
      '\n<https://w3id.org/upr-graph/id/person/nameless> a <https://w3id.org/upr-graph/ontology#Person> .\n',
    );
    await expect(loadCheckedGraph(root, cache)).rejects.toBeInstanceOf(ValidationError);
    await expect(loadCheckedGraph(root, cache)).rejects.toBeInstanceOf(ValidationError);
  });

  it('keeps the validated graph as N-Quads beside its marker, for the command line, and only a valid one', async () => {
    const { root, cache } = await copyOfRepository();
    const nquads = await checkedNquads(root, cache);
    const { store } = await loadGraph({ root });
    expect(new Parser({ format: 'N-Quads' }).parse(nquads).length).toBe(store.size);
    const key = await validationKey(root);
    expect((await readdir(cache)).sort()).toEqual([`graph-${key}.nq`, `validated-${key}.json`]);
    expect(await checkedNquads(root, cache)).toBe(nquads);
    await appendFile(
      path.join(root, PEOPLE),
      '\n<https://w3id.org/upr-graph/id/person/nameless> a <https://w3id.org/upr-graph/ontology#Person> .\n',
    );
    await expect(checkedNquads(root, cache)).rejects.toBeInstanceOf(ValidationError);
  });

  it('is keyed by the shapes and the ontology too, and by content, not by time', async () => {
    const { root } = await copyOfRepository();
    const key = await validationKey(root);
    const shapes = path.join(root, 'ontology/shapes.ttl');
    const text = await readFile(shapes, 'utf8');
    await writeFile(shapes, text);
    expect(await validationKey(root)).toBe(key);
    await writeFile(shapes, `${text}\n# a comment\n`);
    const afterShapes = await validationKey(root);
    expect(afterShapes).not.toBe(key);
    await appendFile(path.join(root, 'ontology/upr.ttl'), '\n# a comment\n');
    expect(await validationKey(root)).not.toBe(afterShapes);
  });
});
