// How a worker thread is started: the compiled worker.js, or an esbuild bundle of worker.ts.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let workerBundle: URL | undefined;

/**
 * How a worker thread is started: the compiled worker.js next to this
 * file; or, running from the TypeScript source (tsx, vitest), one esbuild
 * bundle of worker.ts made once per process (about 0.1 s), since
 * starting tsx inside every worker cost about a second per worker (Node 20
 * does not carry loader hooks into workers). Where the bundle cannot be
 * written, the worker registers tsx itself.
 */
export function workerBootstrap(): { code: string } | { url: URL } {
  const self = import.meta.url;
  if (!/\.ts$/.test(new URL(self).pathname)) return { url: new URL('./worker.js', self) };
  try {
    workerBundle ??= bundleWorker(self);
    return { url: workerBundle };
  } catch {
    const require = createRequire(self);
    const tsxApi = pathToFileURL(require.resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
    const entry = new URL('./worker.ts', self).href;
    return { code: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })` };
  }
}

/**
 * Bundles worker.ts and what it imports from src/ (packages stay imports)
 * into node_modules/.cache/upr-graph/, named by a digest of every source file,
 * so that later processes on the same sources reuse it without running esbuild.
 */
function bundleWorker(self: string): URL {
  const entry = fileURLToPath(new URL('./worker.ts', self));
  // Every source file of src/, whatever folder: the worker imports beyond src/engine/.
  const sources = path.join(path.dirname(entry), '..');
  const digest = createHash('sha256');
  for (const name of (readdirSync(sources, { recursive: true }) as string[]).filter((n) => n.endsWith('.ts')).sort()) {
    digest.update(name).update(readFileSync(path.join(sources, name)));
  }
  // Inside the project's node_modules, so that the bundle's package imports resolve as the source's do.
  const dir = path.join(sources, '..', 'node_modules', '.cache', 'upr-graph', `engine-worker-${digest.digest('hex').slice(0, 16)}`);
  const file = path.join(dir, 'engine-worker.mjs');
  if (existsSync(file)) return pathToFileURL(file);
  const esbuild = createRequire(self)('esbuild') as typeof import('esbuild');
  // Split, so that a module imported on demand (oxigraph.ts) imports its packages only then: the worker
  // caps Oxigraph's WebAssembly memory before Oxigraph is loaded (src/engine/wasm-memory.ts).
  const partial = `${dir}.${process.pid}.partial`;
  const { outputFiles } = esbuild.buildSync({
    entryPoints: { 'engine-worker': entry },
    bundle: true,
    splitting: true,
    outdir: partial,
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    // import.meta.url names a file directly in src/, as config.ts is, so that modules finding the project by it still do.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(path.join(sources, 'engine-worker.ts')).href) },
  });
  mkdirSync(partial, { recursive: true });
  for (const output of outputFiles) writeFileSync(output.path, output.contents);
  // Written aside and renamed: test processes may bundle side by side (the first one's stays).
  try {
    renameSync(partial, dir);
  } catch {
    rmSync(partial, { recursive: true, force: true });
  }
  return pathToFileURL(file);
}
