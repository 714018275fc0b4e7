// The store engine's throughput under concurrent clients, small and fast (issue 19):
// `npx tsx bench/store-speed.ts [--size N] [--rounds R] [--seconds S] [--query NAME] [--profile DIR]`.
// A generated graph (default 200,000 triples) is bulk-loaded into a Virtuoso of its own; our app
// over the store engine runs in a child process (profiled with --cpu-prof when --profile is given,
// so that the profile holds only what our server does), autocannon (its own process too, so that
// neither side shares an event loop with the load) drives 32 connections at our /sparql and at
// Virtuoso's, taking turns; each round prints both and their ratio, as the machine is shared.
// --same-process runs our server and autocannon in this process instead, as bench/store.ts does.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createStoreEngine } from '../src/engine/store.js';
import { bulkLoad } from '../src/store/load.js';
import { settleUnion } from '../src/store/union.js';
import { defaultMemoryMb, freePort, startVirtuoso } from '../src/store/virtuoso.js';
import { generateDataset } from './generate.js';
import { ANALYST } from './queries.js';
import { serveApp } from './serve-app.js';
import { benchMemoryMb } from './virtuoso.js';
import { type AutocannonResult, type ClientLoad, clientLoad, clientsInProcess } from './clients.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const AUTOCANNON = path.join(ROOT, 'node_modules/.bin/autocannon');
const TIMEOUT_MS = 60_000;

function option(argv: string[], name: string, fallback: string): string {
  const at = argv.indexOf(name);
  return at >= 0 && argv[at + 1] !== undefined ? argv[at + 1] : fallback;
}

/** CPU time a process has used, in ms (Linux: /proc/<pid>/stat), user and system. */
async function cpuMs(pid: number): Promise<{ user: number; system: number }> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/** Runs autocannon: `connections` clients for `seconds`, JSON results asked for. */
type Clients = (url: string, connections: number, seconds: number) => Promise<ClientLoad>;

/** autocannon in a process of its own. */
const ownProcess: Clients = async (url, connections, seconds) => {
  const { stdout } = await promisify(execFile)(
    AUTOCANNON,
    ['-j', '-c', String(connections), '-d', String(seconds), '-t', '30', '-H', 'accept=application/sparql-results+json', url],
    { maxBuffer: 16 * 2 ** 20 },
  );
  return clientLoad(JSON.parse(stdout) as AutocannonResult);
};

/** autocannon in this process, as bench/store.ts runs it (beside our server there). */
const thisProcess: Clients = clientsInProcess;

/** Our app over the store engine at `endpoint`, as bench/store.ts serves it. */
async function serve(endpoint: string, maxRows: number): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const engine = createStoreEngine({ endpoints: { queryUrl: endpoint }, dialect: 'virtuoso', maxRows, timeoutMs: TIMEOUT_MS });
  await engine.ready;
  const config = loadConfig({}, { resultCacheEntries: 0, maxRows, queryTimeoutMs: TIMEOUT_MS });
  const server = await serveApp(engine, config, 0);
  return {
    url: server.url,
    pid: process.pid,
    async stop() {
      server.close();
      await engine.close();
    },
  };
}

/** The child: `serve`, its URL on stdout, until stdin closes. */
async function serveUntilStdinCloses(endpoint: string, maxRows: number): Promise<void> {
  const served = await serve(endpoint, maxRows);
  console.log(served.url);
  process.stdin.resume();
  process.stdin.on('end', () => void served.stop().then(() => process.exit(0)));
}

/** Starts the child and resolves to its URL, its pid and a way to stop it (which writes its profile, when asked). */
async function serveChild(
  endpoint: string,
  maxRows: number,
  profile?: string,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const flags = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const args = [...flags, '--import', 'tsx', fileURLToPath(import.meta.url), '--serve', endpoint, '--max-rows', String(maxRows)];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the server child exited (${code})`)));
  });
  return {
    url,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

/** A Virtuoso of its own with a generated graph of about `size` triples, no row cap (as in bench/store.ts). */
async function generatedStore(size: number): Promise<{ endpoint: string; pid: number; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upr-store-speed-'));
  const data = await generateDataset(size);
  const virtuoso = await startVirtuoso({
    dir,
    sqlPort: await freePort(),
    httpPort: await freePort(),
    memoryMb: benchMemoryMb(data.triples, defaultMemoryMb()),
    resultSetMaxRows: 100_000_000,
    maxQueryExecutionSeconds: 120,
  });
  try {
    await mkdir(path.join(dir, 'load'));
    await writeFile(path.join(dir, 'load', 'data.nq'), data.nquads);
    const loadMs = await bulkLoad(virtuoso, path.join(dir, 'load'), { pattern: 'data.nq' });
    // Generated documents share triples: their merge, as the service's loader keeps it (the engine refuses the bag).
    await settleUnion(virtuoso);
    console.log(`${data.triples} triples loaded in ${(loadMs / 1000).toFixed(1)} s`);
  } catch (error) {
    await virtuoso.stop({ remove: true });
    throw error;
  }
  return { endpoint: virtuoso.endpoint, pid: virtuoso.pid, stop: () => virtuoso.stop({ remove: true }) };
}

/** One round: our endpoint, then Virtuoso's, with the CPU each process spent per request. */
async function round(
  clients: Clients,
  ours: { url: string; pid: number },
  store: { endpoint: string; pid: number },
  query: string,
  connections: number,
  seconds: number,
): Promise<string> {
  const measure = async (url: string) => {
    const before = { ours: await cpuMs(ours.pid), store: await cpuMs(store.pid) };
    const load = await clients(url, connections, seconds);
    const after = { ours: await cpuMs(ours.pid), store: await cpuMs(store.pid) };
    const per = (a: { user: number; system: number }, b: { user: number; system: number }) =>
      `${((a.user - b.user) / Math.max(1, load.requests)).toFixed(2)} + ${((a.system - b.system) / Math.max(1, load.requests)).toFixed(2)}`;
    return `${load.rps.toFixed(0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, ${load.failures} failed, CPU ms/request (user + system): server ${per(after.ours, before.ours)}, store ${per(after.store, before.store)}`;
  };
  const a = await measure(`${ours.url}/sparql${query}`);
  const rpsA = Number(a.split(' ')[0]);
  const b = await measure(`${store.endpoint}${query}`);
  const rpsB = Number(b.split(' ')[0]);
  return `ours ${a}\n  direct ${b}\n  ours ÷ direct ${(rpsA / rpsB).toFixed(2)} (load average ${os.loadavg()[0].toFixed(2)})`;
}

async function main(argv: string[]): Promise<void> {
  const maxRows = Number(option(argv, '--max-rows', String(Number.MAX_SAFE_INTEGER)));
  if (argv.includes('--serve')) return serveUntilStdinCloses(option(argv, '--serve', ''), maxRows);
  // --same-process: our server and autocannon in this one process, as bench/store.ts has them.
  const same = argv.includes('--same-process');
  const clients = same ? thisProcess : ownProcess;
  const rounds = Number(option(argv, '--rounds', '3'));
  const seconds = Number(option(argv, '--seconds', '5'));
  const connections = Number(option(argv, '--connections', '32'));
  const name = option(argv, '--query', 'selective-join');
  const profile = argv.includes('--profile') ? path.resolve(option(argv, '--profile', 'profile')) : undefined;
  const text = ANALYST.find((q) => q.name === name)?.text;
  if (!text) throw new Error(`no analyst query is named ${name}: ${ANALYST.map((q) => q.name).join(', ')}`);
  // A running store (--endpoint URL --store-pid PID) is reused; otherwise one is started and loaded.
  const store = argv.includes('--endpoint')
    ? { endpoint: option(argv, '--endpoint', ''), pid: Number(option(argv, '--store-pid', '')), stop: async () => {} }
    : await generatedStore(Number(option(argv, '--size', '200000')));
  try {
    console.log(`${connections} connections, ${seconds} s each, ${name}`);
    const ours = same ? await serve(store.endpoint, maxRows) : await serveChild(store.endpoint, maxRows, profile);
    const query = `?query=${encodeURIComponent(text)}`;
    try {
      // A warm-up of each, so that neither pays for the first compilation or connection.
      await clients(`${ours.url}/sparql${query}`, connections, 1);
      await clients(`${store.endpoint}${query}`, connections, 1);
      for (let r = 1; r <= rounds; r++) console.log(`round ${r}: ${await round(clients, ours, store, query, connections, seconds)}`);
    } finally {
      await ours.stop();
    }
  } finally {
    await store.stop();
  }
}

await main(process.argv.slice(2));
