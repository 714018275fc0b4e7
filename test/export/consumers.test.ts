// README's "Reading the exports" works as written: each Python example (rdflib,
// pandas, plain JSON), run with Debian's /usr/bin/python3 against a running
// server on the real data, prints what the `# →` comment beside each print
// says (a remark may follow after two spaces, in brackets), the rdflib
// pitfalls (a Graph, a Dataset without its union) included.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, start } from '../../src/server.js';
import { ROOT } from '../support/graph.js';
import { runPython } from '../support/python.js';

const README_URL = 'http://127.0.0.1:3000';

/** The Python blocks of README's "Reading the exports" section. */
async function examples(): Promise<string[]> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('### Reading the exports');
  const section = readme.slice(start, readme.indexOf('\n## ', start));
  return [...section.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** What an example says it prints: the `# → …` comment of each print line, in order. */
function promised(code: string): string[] {
  return code
    .split('\n')
    .filter((line) => line.trimStart().startsWith('print('))
    .map((line) => {
      const arrow = /# → (.*?)(?: {2}\(.*\))?$/.exec(line);
      if (!arrow) throw new Error(`README: a print without "# → what it prints": ${line}`);
      return arrow[1];
    });
}

let server: RunningServer;
let blocks: string[];

beforeAll(async () => {
  blocks = await examples();
  server = await start(loadConfig({}, { root: ROOT, host: '127.0.0.1', port: 0, workers: 1 }), { log: () => {} });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe("README's examples of reading the exports", () => {
  it('has one for rdflib, one for pandas and one for JSON-LD, each saying what it prints', () => {
    expect(blocks.map((b) => /import (rdflib|pandas|json)/.exec(b)?.[1])).toEqual(['rdflib', 'json', 'json']);
    expect(blocks[1]).toContain('import pandas');
    for (const block of blocks) expect(promised(block).length).toBeGreaterThanOrEqual(2);
  });

  it.each([0, 1, 2])(
    'example %i prints what README says, against a running server',
    async (i) => {
      const code = blocks[i].replaceAll(README_URL, server.url.replace(/\/$/, ''));
      const run = await runPython(['-'], code);
      expect(
        run.stderr.split('\n').filter((l) => /Error|Traceback/.test(l)),
        run.stderr,
      ).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.stdout.trimEnd().split('\n')).toEqual(promised(blocks[i]));
    },
    120_000,
  );
});
