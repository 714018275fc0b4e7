// A local Virtuoso (Debian's virtuoso-opensource 7) run the way its own users
// run it: one database directory, a virtuoso.ini we write (buffers sized from
// the memory given, per the table Virtuoso ships in its sample configuration;
// the loader directory allowed; SQL and HTTP ports on loopback; its query time
// and row limits set just inside ours), started with virtuoso-t and driven
// through isql-vt. Used by the store CLI (npm run store:start), the tests and
// the benchmark.
import { execFile, spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const VIRTUOSO_SERVER = '/usr/bin/virtuoso-t';
export const VIRTUOSO_ISQL = '/usr/bin/isql-vt';
const VAD_DIR = '/usr/share/virtuoso-opensource-7/vad';
const VSP_DIR = '/var/lib/virtuoso-opensource-7/vsp';

export function virtuosoInstalled(): boolean {
  return existsSync(VIRTUOSO_SERVER) && existsSync(VIRTUOSO_ISQL);
}

export async function virtuosoVersion(): Promise<string> {
  const { stdout, stderr } = await run(VIRTUOSO_SERVER, ['-?']).catch((e: { stdout?: string; stderr?: string }) => ({
    stdout: e.stdout ?? '',
    stderr: e.stderr ?? '',
  }));
  return /Version ([\d.]+[^\s]*)/.exec(`${stdout}${stderr}`)?.[1] ?? 'unknown';
}

/**
 * Virtuoso's own table (the comments of its sample virtuoso.ini: "if there is N GB
 * system memory free"): NumberOfBuffers and MaxDirtyBuffers by free memory.
 */
export const BUFFER_TABLE: ReadonlyArray<{ gib: number; buffers: number; dirty: number }> = [
  { gib: 2, buffers: 170_000, dirty: 130_000 },
  { gib: 4, buffers: 340_000, dirty: 250_000 },
  { gib: 8, buffers: 680_000, dirty: 500_000 },
  { gib: 16, buffers: 1_360_000, dirty: 1_000_000 },
  { gib: 32, buffers: 2_720_000, dirty: 2_000_000 },
  { gib: 48, buffers: 4_000_000, dirty: 3_000_000 },
  { gib: 64, buffers: 5_450_000, dirty: 4_000_000 },
];

/** The table's row for `memoryMb` scaled linearly between rows (below 2 GiB, from the 2 GiB row); its shipped minimum below that. */
export function buffersFor(memoryMb: number): { buffers: number; dirty: number } {
  const gib = memoryMb / 1024;
  const row = [...BUFFER_TABLE].reverse().find((r) => r.gib <= gib) ?? BUFFER_TABLE[0];
  const buffers = Math.max(10_000, Math.round((row.buffers * gib) / row.gib));
  return { buffers, dirty: Math.max(6_000, Math.round((buffers * row.dirty) / row.buffers)) };
}

/**
 * The memory Virtuoso gets by default: a quarter of the machine, and no more than two
 * thirds of what is free now (the machine is shared with the service and its tests).
 */
export function defaultMemoryMb(): number {
  return Math.floor(Math.min(os.totalmem() / 4, (os.freemem() * 2) / 3) / (1024 * 1024));
}

export interface VirtuosoSettings {
  /** The database directory (created); the loader reads files under it only. */
  dir: string;
  sqlPort: number;
  httpPort: number;
  /** Memory for its buffers, in MiB (default: defaultMemoryMb()). */
  memoryMb?: number;
  /** Rows a result may carry: one past our row cap, so that a cut shows (0: Virtuoso's default). */
  resultSetMaxRows: number;
  /** Its own time limit, in seconds: below ours, so that a runaway query is stopped by the store itself. */
  maxQueryExecutionSeconds: number;
}

/** The virtuoso.ini the project ships, for these settings. */
export function virtuosoIni(settings: VirtuosoSettings): string {
  const { dir } = settings;
  const { buffers, dirty } = buffersFor(settings.memoryMb ?? defaultMemoryMb());
  return `; Written by src/store/virtuoso.ts: buffers for ${settings.memoryMb ?? defaultMemoryMb()} MiB (Virtuoso's table), loopback only.
[Database]
DatabaseFile = ${dir}/virtuoso.db
ErrorLogFile = ${dir}/virtuoso.log
LockFile = ${dir}/virtuoso.lck
TransactionFile = ${dir}/virtuoso.trx
xa_persistent_file = ${dir}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = ${dir}/virtuoso-temp.db
TransactionFile = ${dir}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:${settings.sqlPort}
DisableUnixSocket = 1
MaxClientConnections = 40
CheckpointInterval = 60
DirsAllowed = ., ${dir}, ${VAD_DIR}
VADInstallDir = ${VAD_DIR}/
NumberOfBuffers = ${buffers}
MaxDirtyBuffers = ${dirty}
ThreadsPerQuery = ${Math.max(1, os.cpus().length)}
MaxQueryMem = 2G
MaxSortedTopRows = ${Math.max(1_000_000, settings.resultSetMaxRows)}
[HTTPServer]
ServerPort = 127.0.0.1:${settings.httpPort}
ServerRoot = ${VSP_DIR}
MaxClientConnections = 40
ServerThreads = 40
MaxKeepAlives = 40
KeepAliveTimeout = 10
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = ${settings.resultSetMaxRows}
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = ${settings.maxQueryExecutionSeconds}
`;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Virtuoso {
  /** Its SPARQL endpoint (read-only for the SPARQL account). */
  endpoint: string;
  settings: VirtuosoSettings;
  pid: number;
  /** Runs SQL statements through isql-vt as dba over the loopback SQL port; its output. */
  isql(statements: string): Promise<string>;
  /** Resident memory of the server process, in bytes. */
  rssBytes(): Promise<number>;
  /** Stops the server (a checkpoint first, when asked), and removes its directory when asked. */
  stop(options?: { remove?: boolean }): Promise<void>;
}

/** Where a started Virtuoso records itself, for `store:stop` and a later `store:start`. */
const STATE_FILE = 'upr-store.json';

export interface VirtuosoOptions {
  /** Leave it running after this process ends (the store CLI); otherwise it is this process's child. */
  detached?: boolean;
  /** How long the start may take (default 60 s). */
  startMs?: number;
}

/** Starts Virtuoso on a database directory (new or existing), waits for its endpoint and returns it. */
export async function startVirtuoso(settings: VirtuosoSettings, options: VirtuosoOptions = {}): Promise<Virtuoso> {
  const dir = path.resolve(settings.dir);
  await mkdir(dir, { recursive: true });
  const full = { ...settings, dir };
  await writeFile(path.join(dir, 'virtuoso.ini'), virtuosoIni(full));
  const log = openSync(path.join(dir, 'virtuoso.stdout'), 'a');
  const child = spawn(VIRTUOSO_SERVER, ['-f', '-c', path.join(dir, 'virtuoso.ini')], {
    cwd: dir,
    stdio: ['ignore', log, log],
    detached: options.detached ?? false,
  });
  if (options.detached) child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${VIRTUOSO_SERVER} could not be started`);
  const virtuoso = handle(full, pid);
  try {
    await waitForEndpoint(virtuoso.endpoint, dir, () => child.exitCode, options.startMs ?? 60_000);
    await keepSystemGraphsOut(virtuoso);
  } catch (error) {
    await virtuoso.stop();
    throw error;
  }
  await writeFile(path.join(dir, STATE_FILE), `${JSON.stringify({ pid, settings: full }, null, 2)}\n`);
  return virtuoso;
}

/** The Virtuoso a previous `startVirtuoso` left running in `dir`, if it still runs. */
export async function runningVirtuoso(dir: string): Promise<Virtuoso | undefined> {
  const text = await readFile(path.join(path.resolve(dir), STATE_FILE), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const { pid, settings } = JSON.parse(text) as { pid: number; settings: VirtuosoSettings };
  return alive(pid) ? handle(settings, pid) : undefined;
}

/** Graphs Virtuoso writes of its own: its RDF-views metadata and LDP terms at every start, a service description on the first request. */
const SYSTEM_GRAPHS = ['http://www.openlinksw.com/schemas/virtrdf#', 'http://www.w3.org/ns/ldp#', 'http://localuriqaserver/sparql'];

/**
 * Keeps Virtuoso's own graphs out of the data SPARQL sees (the default graph, GRAPH ?g): it reads
 * them into memory at start, so they are removed from the quad table once it answers (it writes
 * them again at its next start, and this runs again then). Per-graph permissions were tried
 * instead, and a second round of grants hid graphs granted before.
 */
async function keepSystemGraphsOut(virtuoso: Virtuoso): Promise<void> {
  const graphs = SYSTEM_GRAPHS.map((g) => `iri_to_id ('${g}')`).join(', ');
  await virtuoso.isql(`DELETE FROM DB.DBA.RDF_QUAD WHERE G IN (${graphs});`);
}

/** The row and time limits Virtuoso gets: just inside the service's own, so that the store stops first and a cut shows. */
export function storeLimits(config: {
  maxRows: number;
  queryTimeoutMs: number;
}): Pick<VirtuosoSettings, 'resultSetMaxRows' | 'maxQueryExecutionSeconds'> {
  return {
    resultSetMaxRows: config.maxRows + 1,
    maxQueryExecutionSeconds: Math.max(1, Math.floor(config.queryTimeoutMs / 1000) - 1),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForEndpoint(endpoint: string, dir: string, exitCode: () => number | null, startMs: number): Promise<void> {
  const deadline = Date.now() + startMs;
  for (;;) {
    if (exitCode() !== null) {
      const log = await readFile(path.join(dir, 'virtuoso.log'), 'utf8').catch(() => '');
      throw new Error(`virtuoso-t exited while starting; the end of ${dir}/virtuoso.log:\n${log.split('\n').slice(-15).join('\n')}`);
    }
    const up = await fetch(`${endpoint}?query=${encodeURIComponent('ASK {}')}`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    if (Date.now() > deadline)
      throw new Error(`virtuoso-t did not answer on ${endpoint} within ${startMs / 1000} s (log: ${dir}/virtuoso.log)`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function handle(settings: VirtuosoSettings, pid: number): Virtuoso {
  const isql = async (statements: string) => {
    // The dba account on the loopback SQL port; isql reports SQL errors on stderr with exit status 0, hence the check.
    const { stdout, stderr } = await run(VIRTUOSO_ISQL, [`127.0.0.1:${settings.sqlPort}`, 'dba', 'dba', `exec=${statements}`], {
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
      // Its own words, not the command line (which holds the statements, and can be long).
      const said = (error.stderr?.trim() || error.stdout?.trim().split('\n').slice(-2).join(' ') || '').slice(0, 400);
      throw new Error(`isql-vt failed (exit ${error.code}): ${said}`);
    });
    const failure = /\*\*\* Error [^\n]*(\n[^\n]*)?/.exec(`${stderr}\n${stdout}`);
    if (failure) throw new Error(`Virtuoso refused SQL: ${failure[0].trim()}`);
    return stdout;
  };
  return {
    endpoint: `http://127.0.0.1:${settings.httpPort}/sparql`,
    settings,
    pid,
    isql,
    async rssBytes() {
      const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    async stop(options = {}) {
      if (alive(pid)) {
        // A checkpoint first, so that the next start need not replay the transaction log.
        await isql('checkpoint;').catch(() => {});
        process.kill(pid, 'SIGTERM');
        const deadline = Date.now() + 10_000;
        while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        if (alive(pid)) process.kill(pid, 'SIGKILL');
      }
      await rm(path.join(settings.dir, STATE_FILE), { force: true });
      if (options.remove) await rm(settings.dir, { recursive: true, force: true });
    },
  };
}
