// The build validates each document on its own and keeps it by the content of
// its files: changing one document revalidates that one; a bad file stops the
// build with file:line and leaves the last good artefact in place, served by a
// running server and by the next start.
import { appendFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build, ensureArtefact } from '../../src/build/build.js';
import { loadConfig } from '../../src/config.js';
import { LoadError } from '../../src/load.js';
import { start } from '../../src/server.js';
import { ValidationError } from '../../src/validate.js';
import { EX, people, smallRoot, writeDocument } from './support.js';

let root: string;
const options = () => ({ root, dataDir: path.join(root, 'data'), buildDir: path.join(root, '.build') });

beforeEach(async () => {
  root = await smallRoot();
  await writeDocument(path.join(root, 'data'), 'alpha', { 'people.ttl': people(['ann', 'bob']) });
  await writeDocument(path.join(root, 'data'), 'beta', { 'people.ttl': people(['cyd']) });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const ask = async (url: string, name: string) => {
  const query = `ASK { <${EX}${name}> a <http://schema.org/Person> }`;
  return ((await (await fetch(`${url}/sparql?query=${encodeURIComponent(query)}`)).json()) as { boolean: boolean }).boolean;
};

describe('the per-document cache', () => {
  it('validates every unit the first time and none the second, building nothing when nothing changed', async () => {
    const first = await build(options());
    expect(first.built).toBe(true);
    expect(first.validated).toEqual(['ontology', 'alpha', 'beta']);
    const second = await build(options());
    expect(second.built).toBe(false);
    expect(second.artefact.dir).toBe(first.artefact.dir);
  });

  it('revalidates only the document whose file changed, and builds a new artefact from it and the cache', async () => {
    await build(options());
    await appendFile(path.join(root, 'data', 'beta', 'people.ttl'), people(['dee']));
    const next = await build(options());
    expect(next.built).toBe(true);
    expect(next.validated).toEqual(['beta']);
    expect(next.reused).toEqual(['ontology', 'alpha']);
    expect(next.artefact.manifest.counts.classes).toContainEqual(['http://schema.org/Person', 4]);
  });

  it('revalidates every document when the shapes change, since the shapes see each of them', async () => {
    await build(options());
    await appendFile(path.join(root, 'ontology', 'shapes.ttl'), '# a comment changes the bytes\n');
    expect((await build(options())).validated).toEqual(['ontology', 'alpha', 'beta']);
  });

  it("builds once when two builds of the same inputs start together: the second waits and takes the first one's artefact", async () => {
    const [one, two] = await Promise.all([build(options()), build(options())]);
    expect([one.built, two.built].sort()).toEqual([false, true]);
    expect(one.artefact.dir).toBe(two.artefact.dir);
    expect((await readdir(path.join(root, '.build'))).filter((e) => e.endsWith('.lock'))).toEqual([]);
  });

  it('keys by content, not time: a file rewritten with the same bytes validates nothing', async () => {
    await build(options());
    await writeFile(path.join(root, 'data', 'alpha', 'people.ttl'), people(['ann', 'bob']));
    expect((await build(options())).built).toBe(false);
  });
});

describe('units checked in worker threads', () => {
  it('validates and caches every document in the workers, and reports a violation found there at its file:line', async () => {
    for (const slug of ['gamma', 'delta', 'epsilon'])
      await writeDocument(path.join(root, 'data'), slug, { 'people.ttl': people([`${slug}-1`]) });
    const first = await build({ ...options(), workers: 2 });
    expect(first.validated).toEqual(['ontology', 'alpha', 'beta', 'delta', 'epsilon', 'gamma']);
    expect(first.artefact.manifest.counts.classes).toContainEqual(['http://schema.org/Person', 6]);
    for (const slug of ['gamma', 'delta', 'epsilon']) await appendFile(path.join(root, 'data', slug, 'people.ttl'), people([`${slug}-2`]));
    await appendFile(path.join(root, 'data', 'delta', 'people.ttl'), people([], ['zed']));
    const error = await build({ ...options(), workers: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(
      /^SHACL: 1 violation\(s\)\ndata\/delta\/people\.ttl:3: .*example\.org\/zed.*A person needs a name$/,
    );
  });
});

describe('a bad file', () => {
  it('stops the build with file:line for a syntax error, and with the SHACL report naming file:line for invalid data', async () => {
    await writeDocument(path.join(root, 'data'), 'beta', { 'broken.ttl': `<${EX}a> <${EX}b>\n  "unterminated .\n` });
    const error = await build(options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).message).toMatch(/^data\/beta\/broken\.ttl:2: /);
    await rm(path.join(root, 'data', 'beta', 'broken.ttl'));
    await appendFile(path.join(root, 'data', 'alpha', 'people.ttl'), people([], ['eve']));
    const invalid = await build(options()).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as Error).message).toMatch(
      /SHACL: 1 violation\(s\)\ndata\/alpha\/people\.ttl:3: .*example\.org\/eve.*A person needs a name/,
    );
  });

  it('leaves the last good artefact current, and a later start serves it, saying why', async () => {
    const good = await build(options());
    await appendFile(path.join(root, 'data', 'alpha', 'people.ttl'), people([], ['eve']));
    const ensured = await ensureArtefact(options());
    expect(ensured.failed).toBeInstanceOf(ValidationError);
    expect(ensured.artefact.dir).toBe(good.artefact.dir);
    expect((await readdir(path.join(root, '.build'))).filter((e) => e.startsWith('staging-'))).toEqual([]);
    const logs: string[] = [];
    const server = await start(loadConfig({}, { root, port: 0, workers: 1 }), { log: (line) => logs.push(line) });
    try {
      expect(await ask(server.url, 'ann')).toBe(true);
      expect(logs.join('\n')).toMatch(/the build failed; serving the last good artefact, built .*\nSHACL: 1 violation/);
    } finally {
      await server.close();
    }
  });

  it('never touches the artefact a running server serves', async () => {
    const server = await start(loadConfig({}, { root, port: 0, workers: 1 }), { log: () => {} });
    try {
      await writeDocument(path.join(root, 'data'), 'beta', { 'broken.nt': `<${EX}x> <${EX}y> .\n` });
      await expect(build(options())).rejects.toThrow(/data\/beta\/broken\.nt:1: /);
      expect(await ask(server.url, 'cyd')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('is not replaced by the artefact of another data folder', async () => {
    await build(options());
    const other = path.join(root, 'elsewhere');
    await writeDocument(other, 'gamma', { 'people.ttl': people([], ['nameless']) });
    await expect(ensureArtefact({ ...options(), dataDir: other })).rejects.toBeInstanceOf(ValidationError);
  });
});
