// Silent loads (issue 15, case 10): invalid UTF-8 became U+FFFD and the server started; a missing data/
// started it on the ontology alone. Both are now load errors, the second unless the operator asks for it.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { decodeUtf8, loadGraph, LoadError } from '../../src/load.js';
import { start } from '../../src/server.js';
import { ROOT } from '../endpoint/support.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'upr-graph-load-'));
  await mkdir(path.join(root, 'ontology'));
  await writeFile(path.join(root, 'ontology', 'shapes.ttl'), '@prefix sh: <http://www.w3.org/ns/shacl#> .\n');
  await copyFile(path.join(ROOT, 'ontology', 'context.jsonld'), path.join(root, 'ontology', 'context.jsonld'));
  await mkdir(path.join(root, 'queries'));
  await writeFile(
    path.join(root, 'ontology', 'terms.ttl'),
    '<http://example.org/Thing> a <http://www.w3.org/2000/01/rdf-schema#Class> .\n',
  );
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function dataFile(name: string, bytes: Buffer | string): Promise<void> {
  await mkdir(path.join(root, 'data', 'doc'), { recursive: true });
  await writeFile(path.join(root, 'data', 'doc', name), bytes);
}

describe('a data file that is not UTF-8', () => {
  it('stops the load naming file:line and the byte, instead of reading U+FFFD', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('@prefix ex: <http://example.org/> .\nex:a ex:name "ok" .\nex:b ex:name "Caf'),
      Buffer.from([0xe9]),
      Buffer.from('" .\n'),
    ]);
    await dataFile('people.ttl', latin1);
    const error = await loadGraph({ root }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).problems).toEqual([
      'data/doc/people.ttl:3: invalid UTF-8: byte 0xE9 at byte 18 of the line (save the file as UTF-8)',
    ]);
  });

  it('refuses overlong forms, surrogates and cut sequences, and takes every valid character', () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xff]]) {
      expect(() => decodeUtf8(Buffer.from([0x41, ...bad]), 'f.ttl'), bad.join(',')).toThrow(/f\.ttl:1: invalid UTF-8/);
    }
    const good = 'a é € 𝄞 \u{10FFFF} \uFFFD';
    expect(decodeUtf8(Buffer.from(good, 'utf8'), 'f.ttl')).toBe(good);
  });
});

describe('a missing or empty data folder', () => {
  it('stops the start with a load error naming data/ and the way to allow it', async () => {
    const starting = start(loadConfig({}, { root, port: 0 }), { log: () => {} });
    await expect(starting).rejects.toBeInstanceOf(LoadError);
    await expect(starting).rejects.toThrow(
      /data: no data: the folder is missing .* set UPR_ALLOW_EMPTY_DATA=1 to serve the ontology alone/,
    );
    await mkdir(path.join(root, 'data', 'doc'), { recursive: true });
    await expect(start(loadConfig({}, { root, port: 0 }), { log: () => {} })).rejects.toThrow(/no data/);
  });

  it('starts on the ontology alone when UPR_ALLOW_EMPTY_DATA=1 asks for it', async () => {
    const server = await start(loadConfig({ UPR_ALLOW_EMPTY_DATA: '1' }, { root, port: 0, workers: 1 }), { log: () => {} });
    try {
      expect(server.triples).toBe(1);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('reads UPR_ALLOW_EMPTY_DATA as a flag, refusing anything else', () => {
    expect(loadConfig({}).allowEmptyData).toBe(false);
    expect(loadConfig({ UPR_ALLOW_EMPTY_DATA: 'true' }).allowEmptyData).toBe(true);
    expect(() => loadConfig({ UPR_ALLOW_EMPTY_DATA: 'maybe' })).toThrow(/UPR_ALLOW_EMPTY_DATA must be 1 or 0/);
  });
});
