// ARCHITECTURE.md's code map cannot drift from the tree: every path it names
// exists, and every TypeScript file under src/ is named in it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC_FOLDERS = new Set(
  readdirSync(path.join(ROOT, 'src'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name),
);

interface Mention {
  /** The text between the backticks. */
  name: string;
  /** The folder of src/ whose part of the code map the mention stands in (`src/engine/`), if any. */
  folder?: string;
  line: number;
}

/**
 * Every inline code span outside fenced blocks, with its folder: a `### \`src/…/\`` heading sets it, a paragraph
 * led by a bold folder (**`engine/`**) narrows it until the next bold-led paragraph, any other heading clears it.
 */
function mentions(markdown: string): Mention[] {
  const folders: Array<string | undefined> = [];
  let section: string | undefined;
  let folder: string | undefined;
  let fenced = false;
  const lines = markdown.split('\n').map((text) => {
    const fence = text.startsWith('```');
    if (fence) fenced = !fenced;
    const heading = /^#+ (.*)/.exec(text);
    if (heading && !fenced) section = folder = /^`(src\/[^`]*)`/.exec(heading[1])?.[1];
    const lead = /^\*\*`([^`]+)`\*\*/.exec(text)?.[1];
    if (lead && section) folder = lead.endsWith('/') ? section + lead : section;
    folders.push(folder);
    return fenced || fence ? '' : text;
  });
  const text = lines.join('\n');
  // A code span may run over a line break; its line is where it starts.
  return [...text.matchAll(/`([^`]+)`/g)].map((match) => {
    const line = text.slice(0, match.index).split('\n').length;
    return { name: match[1].replace(/\s+/g, ' '), folder: folders[line - 1], line };
  });
}

/** Outputs the tree ignores (test/screenshots/): named, but made by a run, not kept. */
const IGNORED = new Set(readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n'));
const doc = readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8');
const named = mentions(doc);

/** A mention that is a path in the repository: from the root (src/, test/, bench/) or from src/ (`engine/pool.ts`). */
function repositoryPath(name: string): string | undefined {
  if (/[\s*<>{}…(]/.test(name) || !name.includes('/')) return undefined;
  if (/^(src|test|bench)\//.test(name)) return name;
  if (SRC_FOLDERS.has(name.split('/')[0])) return `src/${name}`;
  return undefined;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(`${folder}${entry.name}/`) : entry.name.endsWith('.ts') ? [`${folder}${entry.name}`] : [],
  );
}

describe("ARCHITECTURE.md's code map", () => {
  it('reads code spans, whole across a line break, with the folder of their section', () => {
    const sample = '### `src/x/`\n\n**`a.ts`**: `one(b,\nc)` and `two`.\n\n**`y/`**: `b.ts`\n\n## Other\n\n`c.ts`\n```\n`fenced.ts`\n```';
    expect(mentions(sample).map((m) => [m.name, m.folder ?? '-', m.line])).toEqual([
      ['src/x/', 'src/x/', 1],
      ['a.ts', 'src/x/', 3],
      ['one(b, c)', 'src/x/', 3],
      ['two', 'src/x/', 4],
      ['y/', 'src/x/y/', 6],
      ['b.ts', 'src/x/y/', 6],
      ['c.ts', '-', 10],
    ]);
  });

  it('names only paths that exist, or outputs that .gitignore lists', () => {
    const missing = named
      .map((m) => ({ ...m, path: repositoryPath(m.name) }))
      .filter((m) => m.path !== undefined && !existsSync(path.join(ROOT, m.path)) && !IGNORED.has(m.path))
      .map((m) => `ARCHITECTURE.md:${m.line}: ${m.name}`);
    expect(missing).toEqual([]);
  });

  it('names every TypeScript file under src/', () => {
    const names = new Set(
      named.flatMap((m) => [repositoryPath(m.name), m.folder && !m.name.includes('/') ? m.folder + m.name : undefined]),
    );
    expect(sourceFiles('src/').filter((file) => !names.has(file))).toEqual([]);
  });
});
