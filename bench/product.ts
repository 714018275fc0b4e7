// The product as a user runs it, beside the engine rows: the generated graph
// written as a data folder outside the repository (bench/data-folder.ts: one
// folder per document), then `npm run build -- --data DIR` on an empty build folder (cold:
// every document parsed and validated, the artefact and dumps written), then
// `npm start -- --data DIR` on that fresh artefact (warm: nothing to build),
// timed to the line that says the endpoint is listening, the first call of
// every saved query and README example, and the resident memory of the whole
// server (every process of it: npm, tsx, node and its worker threads).
// With several worker counts it also shows what serves a graph best on this
// machine: start, memory, and requests per second under 8 clients.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { writeDataFolder } from './data-folder.js';
import { ANALYST } from './queries.js';
import { realQueries } from './real-data.js';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (
  options: Record<string, unknown>,
) => Promise<{ requests: { average: number }; non2xx: number; errors: number }>;

export interface ServeFigures {
  /** UPR_WORKERS, or undefined for the default. */
  workers: number | undefined;
  /** From spawning `npm start` to its line "SPARQL endpoint at …". */
  startMs: number;
  /** The first call of the first saved query, and the slowest first call of all. */
  firstQueryMs: number;
  slowestFirst: { name: string; ms: number };
  /** Every process of the server together, after the first calls. */
  rssBytes: number;
  /** GET /sparql selective-join, 8 clients, requests per second. */
  rps: number;
  /** Queries refused (status and message), and failed requests under load. */
  failures: string[];
}

export interface ProductFigures {
  target: number;
  triples: number;
  documents: number;
  /** `npm run build -- --data DIR`, empty build folder. */
  buildMs: number;
  buildPeakRssBytes: number;
  /** The build's own account of its phases (its "build: …" lines). */
  phases: string[];
  /** One entry per worker count tried; the first is the default configuration. */
  serve: ServeFigures[];
}

const SPARQL_JSON = 'application/sparql-results+json';

/** Resident bytes of `pid` and every process under it (Linux /proc; 0 elsewhere). */
export function treeRss(pid: number): number {
  let children: Map<number, number[]>;
  try {
    children = new Map();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
      } catch {
        // The process ended while we looked.
      }
    }
  } catch {
    return 0;
  }
  let total = 0;
  const visit = (p: number) => {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1];
      total += Number(kb ?? 0) * 1024;
    } catch {
      // Ended meanwhile.
    }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return total;
}

/** Runs `npm` with `args` in its own process group, as a user does. */
function npm(root: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn('npm', args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

/** Ends a process group started here, and waits for it. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  const timer = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** `npm run build -- --data DIR`: wall time and the peak resident memory of its processes. */
async function coldBuild(root: string, dataDir: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; peak: number; phases: string[] }> {
  const t0 = performance.now();
  const child = npm(root, ['run', 'build', '--', '--data', dataDir], env);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 200);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`npm run build -- --data ${dataDir}: exit ${code}\n${output.slice(-2000)}`);
  const phases = output.split('\n').filter((line) => line.startsWith('build: '));
  return { ms: performance.now() - t0, peak, phases };
}

/** `npm start -- --data DIR` on a fresh artefact: until listening, the first calls, memory, throughput; then stopped. */
async function serveOnce(root: string, dataDir: string, env: NodeJS.ProcessEnv, workers: number | undefined): Promise<ServeFigures> {
  const t0 = performance.now();
  const child = npm(root, ['start', '--', '--data', dataDir, '--port', '0'], {
    ...env,
    UPR_WORKERS: workers === undefined ? '' : String(workers),
  });
  try {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        output += `${line}\n`;
        const found = /SPARQL endpoint at (\S+)\/sparql/.exec(line);
        if (found) resolve(found[1]);
      });
      child.once('exit', (code) =>
        reject(new Error(`npm start -- --data ${dataDir}: exit ${code} before listening\n${output.slice(-2000)}`)),
      );
    });
    const startMs = performance.now() - t0;
    const firsts: Array<{ name: string; ms: number }> = [];
    const failures: string[] = [];
    for (const q of await realQueries(root)) {
      const t = performance.now();
      const response = await fetch(`${url}${q.path}`, { headers: { accept: q.accept } });
      const body = await response.text();
      // A refusal is a figure too (which query, why), not the end of the run.
      if (response.status !== 200) failures.push(`${q.name}: HTTP ${response.status} ${body.replace(/\s+/g, ' ').slice(0, 160)}`);
      else firsts.push({ name: q.name, ms: performance.now() - t });
    }
    const rssBytes = treeRss(child.pid!);
    const join = ANALYST.find((q) => q.name === 'selective-join')!;
    const load = await autocannon({
      url: `${url}/sparql?query=${encodeURIComponent(join.text)}`,
      connections: 8,
      duration: 2,
      headers: { accept: SPARQL_JSON },
    });
    if (load.non2xx + load.errors > 0) failures.push(`selective-join under 8 clients: ${load.non2xx + load.errors} failed`);
    const slowestFirst = firsts.reduce((a, b) => (b.ms > a.ms ? b : a), { name: 'none', ms: 0 });
    return { workers, startMs, firstQueryMs: firsts[0]?.ms ?? Number.NaN, slowestFirst, rssBytes, rps: load.requests.average, failures };
  } finally {
    await stop(child);
  }
}

/**
 * The product's figures at `target` triples: a data folder and a build folder of their own
 * (outside the repository, removed after), a cold build, then a warm start per worker count.
 */
export async function productFigures(
  root: string,
  target: number,
  workerCounts: Array<number | undefined>,
  log: (line: string) => void,
): Promise<ProductFigures> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), `upr-product-${target}-`));
  try {
    const dataDir = path.join(scratch, 'data');
    const documents = await writeDataFolder(target, dataDir);
    // The build's own folder, empty: nothing cached; the environment otherwise as a fresh clone has it.
    const env = { UPR_BUILD_DIR: path.join(scratch, 'build'), UPR_ENGINE: '', UPR_DATA: '' };
    const build = await coldBuild(root, dataDir, env);
    log(
      `product ${target}: build ${(build.ms / 1000).toFixed(1)} s, peak ${(build.peak / 2 ** 20).toFixed(0)} MiB; ${build.phases.join('; ')}`,
    );
    const serve: ServeFigures[] = [];
    for (const workers of workerCounts) {
      const figures = await serveOnce(root, dataDir, env, workers);
      serve.push(figures);
      log(
        `product ${target}, ${workers ?? 'default'} worker(s): start ${(figures.startMs / 1000).toFixed(1)} s, first query ${figures.firstQueryMs.toFixed(0)} ms, server ${(figures.rssBytes / 2 ** 20).toFixed(0)} MiB, ${figures.rps.toFixed(0)} req/s`,
      );
    }
    const manifest = JSON.parse(readFileSync(path.join(env.UPR_BUILD_DIR, 'current', 'manifest.json'), 'utf8')) as {
      dataset: { triples: number };
    };
    return {
      target,
      triples: manifest.dataset.triples,
      documents,
      buildMs: build.ms,
      buildPeakRssBytes: build.peak,
      phases: build.phases,
      serve,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A peer's load of the same graph (Oxigraph direct, Virtuoso), from the engine rows. */
export interface PeerLoad {
  label: string;
  loadMs: number;
  rssBytes: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const check = (ok: boolean) => (ok ? '**met**' : '**not met**');
const workersLabel = (w: number | undefined) => (w === undefined ? 'default' : String(w));

/** Targets of issue 18 per size (ms, bytes); sizes without targets are reported, not judged. */
const TARGETS: Record<number, { buildMs: number; startMs: number; rssBytes?: number }> = {
  100000: { buildMs: 12_000, startMs: 3_000 },
  1000000: { buildMs: 90_000, startMs: 15_000, rssBytes: 1.5 * 2 ** 30 },
};

/** The targets' lines for the product rows, and the growth from the smallest size to the largest. */
export function productTargets(figures: ProductFigures[]): string[] {
  const lines: string[] = [];
  for (const f of figures) {
    const target = TARGETS[f.target];
    const [serve] = f.serve;
    if (!target || !serve) continue;
    const size = f.target.toLocaleString('en');
    lines.push(
      `- ${size} triples, \`npm run build\` cold ≤ ${seconds(target.buildMs)}: ${check(f.buildMs <= target.buildMs)} — ${seconds(f.buildMs)}; \`npm start\` on a fresh artefact ≤ ${seconds(target.startMs)}: ${check(serve.startMs <= target.startMs)} — ${seconds(serve.startMs)}.`,
    );
    lines.push(
      `- ${size} triples, every saved query and README example answered right after the start: ${check(serve.failures.length === 0)}${serve.failures.length ? ` — ${serve.failures.length} failed (below the product table)` : ''}.`,
    );
    if (target.rssBytes)
      lines.push(
        `- ${size} triples, whole server ≤ ${mib(target.rssBytes)} resident with the default workers: ${check(serve.rssBytes <= target.rssBytes)} — ${mib(serve.rssBytes)}.`,
      );
  }
  const [small, large] = [figures[0], figures[figures.length - 1]];
  if (small && large && large.triples > small.triples && small.serve[0] && large.serve[0]) {
    const scale = large.triples / small.triples;
    lines.push(
      `- Growth from ${small.target.toLocaleString('en')} to ${large.target.toLocaleString('en')} triples (${scale.toFixed(1)}× the triples): build ${(large.buildMs / small.buildMs).toFixed(1)}×, server memory ${(large.serve[0].rssBytes / small.serve[0].rssBytes).toFixed(1)}× (linear: at most ${scale.toFixed(1)}×).`,
    );
  }
  return lines;
}

/** The product's table, with the peers' loads of the same graphs beside it. */
export function productTable(figures: ProductFigures[], peers: Map<number, PeerLoad[]>): string[] {
  const lines = [
    '## The product: build, start, first query, memory',
    '',
    'The generated graph as a data folder outside the repository (one folder of Turtle per document). Build: `npm run build -- --data DIR` with an empty build folder, wall time and peak resident memory of its processes. Start: `npm start -- --data DIR` on that fresh artefact, to the line saying the endpoint listens. First query: the first call of the first saved query after that; slowest first call: of every saved query and README example. Server: the resident memory of every process of the server after those calls. req/s: `selective-join` through /sparql under 8 clients for 2 s.',
    '',
    '| graph | workers | build (cold) | build peak | start (warm) | first query | slowest first call | server resident | B/triple | req/s |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const f of figures) {
    for (const s of f.serve) {
      lines.push(
        `| ${f.target.toLocaleString('en')} (${f.documents} docs) | ${workersLabel(s.workers)} | ${seconds(f.buildMs)} | ${mib(f.buildPeakRssBytes)} | ${seconds(s.startMs)} | ${s.firstQueryMs.toFixed(0)} ms | ${s.slowestFirst.name} ${s.slowestFirst.ms.toFixed(0)} ms | ${mib(s.rssBytes)} | ${Math.round(s.rssBytes / f.triples)} | ${s.rps.toFixed(0)} |`,
      );
    }
    for (const p of peers.get(f.target) ?? []) {
      lines.push(
        `| ${f.target.toLocaleString('en')} | ${p.label} loading the same graph | ${seconds(p.loadMs)} | | | | | ${mib(p.rssBytes)} | | |`,
      );
    }
  }
  lines.push('');
  for (const f of figures) if (f.phases.length) lines.push(`- ${f.target.toLocaleString('en')}: ${f.phases.join('; ')}`);
  for (const f of figures)
    for (const s of f.serve)
      for (const failure of s.failures)
        lines.push(`- ${f.target.toLocaleString('en')}, ${workersLabel(s.workers)} workers, **failed**: ${failure}`);
  lines.push('');
  return lines;
}
