// Virtuoso (Debian's virtuoso-opensource 7) as the outside peer: a fresh
// database in a temporary directory, its SQL and HTTP ports on loopback, the
// N-Quads bulk-loaded with ld_dir + rdf_loader_run, queries over its /sparql
// endpoint. Absent binaries mean no Virtuoso column, not a failure.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SERVER = '/usr/bin/virtuoso-t';
const ISQL = '/usr/bin/isql-vt';

export function virtuosoInstalled(): boolean {
  return existsSync(SERVER) && existsSync(ISQL);
}

export async function virtuosoVersion(): Promise<string> {
  try {
    const { stdout, stderr } = await run(SERVER, ['-?']).catch((e: { stdout: string; stderr: string }) => e);
    return /Version ([\d.]+[^\s]*)/.exec(`${stdout}${stderr}`)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Virtuoso {
  endpoint: string;
  /** Replaces all data by the N-Quads file's, bulk-loaded; resolves to the load time in ms. */
  load(nquadsFile: string): Promise<number>;
  /** Resident memory of the server process after loading, in bytes. */
  rssBytes(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts a fresh, empty Virtuoso with buffers for `triples` triples. */
export async function startVirtuoso(triples: number): Promise<Virtuoso> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upr-bench-virtuoso-'));
  const [sqlPort, httpPort] = [await freePort(), await freePort()];
  // Buffers sized for the data: about 1.5 KB of 8 KiB pages a triple, at least 80 MB.
  const buffers = Math.max(10_000, Math.ceil((triples * 1536) / 8192));
  await writeFile(
    path.join(dir, 'virtuoso.ini'),
    `[Database]
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
ServerPort = 127.0.0.1:${sqlPort}
DisableUnixSocket = 1
MaxClientConnections = 40
CheckpointInterval = 0
DirsAllowed = ., ${dir}, /usr/share/virtuoso-opensource-7/vad
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/
NumberOfBuffers = ${buffers}
MaxDirtyBuffers = ${Math.floor(buffers * 0.75)}
ThreadsPerQuery = 2
MaxQueryMem = 2G
[HTTPServer]
ServerPort = 127.0.0.1:${httpPort}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 40
ServerThreads = 40
MaxKeepAlives = 40
KeepAliveTimeout = 10
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 120
`,
  );
  const server: ChildProcess = spawn(SERVER, ['-f', '-c', path.join(dir, 'virtuoso.ini')], { cwd: dir, stdio: 'ignore' });
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          server.kill('SIGKILL');
          resolve(undefined);
        }, 5000);
        server.once('exit', () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const endpoint = `http://127.0.0.1:${httpPort}/sparql`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null)
        throw new Error(`virtuoso-t exited: ${await readFile(path.join(dir, 'virtuoso.log'), 'utf8').catch(() => '')}`);
      const up = await fetch(`${endpoint}?query=${encodeURIComponent('ASK {}')}`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error('virtuoso-t did not start within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const isql = (statements: string) =>
      run(ISQL, [`127.0.0.1:${sqlPort}`, 'dba', 'dba', `exec=${statements}`], { maxBuffer: 16 * 1024 * 1024 });
    // Its own system graphs are removed too, so that every quad it holds is the benchmark's.
    await isql('DELETE FROM DB.DBA.RDF_QUAD; checkpoint;');
    return {
      endpoint,
      async load(nquadsFile) {
        await isql('DELETE FROM DB.DBA.RDF_QUAD; DELETE FROM DB.DBA.load_list; checkpoint;');
        await copyFile(nquadsFile, path.join(dir, 'data.nq'));
        const started = performance.now();
        await isql(`ld_dir('${dir}', 'data.nq', 'urn:upr-bench:unused'); rdf_loader_run(); checkpoint;`);
        const ms = performance.now() - started;
        await rm(path.join(dir, 'data.nq'), { force: true });
        return ms;
      },
      async rssBytes() {
        const status = await readFile(`/proc/${server.pid}/status`, 'utf8').catch(() => '');
        return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Runs a query over HTTP; the number compared across engines: rows, distinct triples, or 1/0 for ASK. */
export async function virtuosoQuery(endpoint: string, query: string, timeoutMs: number): Promise<number> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/sparql-results+json, application/n-triples;q=0.9',
    },
    body: new URLSearchParams({ query, timeout: String(timeoutMs) }).toString(),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`Virtuoso ${response.status}: ${text.slice(0, 200)}`);
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const json = JSON.parse(text) as { boolean?: boolean; results?: { bindings: unknown[] } };
    if (typeof json.boolean === 'boolean') return json.boolean ? 1 : 0;
    return json.results?.bindings.length ?? 0;
  }
  return new Set(text.split('\n').filter((line) => line.trim() && !line.startsWith('#'))).size;
}
