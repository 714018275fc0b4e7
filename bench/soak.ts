// The hardening soak of issue 15 (not part of npm test): `npx tsx bench/soak.ts [seconds]`.
// Starts the real server on the repository's data in a process of its own,
// then for 60 s (or the seconds given) sends ordinary queries from 32 clients
// (each its own loopback address, each uncached) beside one hostile client
// (another address) cycling through the issue's hostile queries: cross joins to
// the time limit, memory exhaustion, WebAssembly traps, `?timeout=0.001`,
// abandoned queries, a CONSTRUCT over a cross join. Reports crashes, the
// ordinary queries' latency (p50/p99) and statuses, the hostile answers'
// statuses, /health's slowest answer and states, and the server's resident
// memory at start, at most and after the run. Targets: 0 crashes, ordinary p99
// < 2 s, RSS growth < 200 MB. Figures of a run: bench/HARDENING.md.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 60);
/** `--ordinary-only`: the same traffic without the hostile client, for comparison. */
const HOSTILE_ON = !process.argv.includes('--ordinary-only');
const ORDINARY_CLIENTS = 32;
const MB = 1024 * 1024;

const PREFIXES = 'PREFIX upr: <https://w3id.org/upr-graph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n';
/** Ordinary queries, each made distinct by a comment so that none is answered from the result cache. */
const ORDINARY = [
  (n: number) => `${PREFIXES}SELECT ?case ?label WHERE { ?case a upr:Case ; rdfs:label ?label } ORDER BY ?label LIMIT 20 # ${n}`,
  (n: number) => `${PREFIXES}SELECT ?type (COUNT(*) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) # ${n}`,
  (n: number) => `${PREFIXES}ASK { ?case a upr:Case } # ${n}`,
  (n: number) => `${PREFIXES}SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p # ${n}`,
];

const doubling = (times: number) =>
  `SELECT (STRLEN(?d${times}) AS ?n) WHERE { BIND("01234567890123456789" AS ?d0) ${Array.from({ length: times }, (_, i) => `BIND(CONCAT(?d${i}, ?d${i}) AS ?d${i + 1})`).join(' ')} }`;
const CROSS = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';
/** The hostile mix: [name, query, extra parameters, abandon after ms]. */
const HOSTILE: Array<[string, string, string, number?]> = [
  ['cross join to its limit (5 s)', CROSS, '&timeout=5'],
  ['string doubling (memory)', doubling(40), ''],
  // Written tight, to stay under the 64 KiB body limit.
  ['5,000 || terms (trap)', `SELECT * WHERE { ?s ?p ?o FILTER(${Array.from({ length: 5000 }, (_, i) => `?o=${i}`).join('||')}) }`, ''],
  ['3,500 UNIONs (trap)', `SELECT * WHERE { ${Array.from({ length: 3500 }, (_, i) => `{?s ?p ${i}}`).join('UNION')} }`, ''],
  ['?timeout=0.001', `${CROSS} # t`, '&timeout=0.001'],
  ['abandoned after 200 ms', `${CROSS} # a`, '', 200],
  ['CONSTRUCT over a cross join', 'CONSTRUCT { ?a ?b ?c . ?d ?e ?f } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }', '&timeout=10'],
];

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

function request(url: string, from: string, body?: string, abandonMs?: number): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: body ? 'POST' : 'GET',
        localAddress: from,
        agent: false,
        headers: {
          Accept: 'application/sparql-results+json, text/turtle;q=0.9',
          ...(body ? { 'Content-Type': 'application/sparql-query' } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
        res.on('error', () => resolve({ status: -1, ms: performance.now() - started }));
      },
    );
    req.on('error', () => resolve({ status: abandonMs ? 0 : -1, ms: performance.now() - started }));
    if (abandonMs) setTimeout(() => req.destroy(), abandonMs);
    req.end(body);
  });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const count = (items: Array<string | number>) =>
  Object.fromEntries([...new Set(items)].map((k) => [k, items.filter((i) => i === k).length]));

/** The server as the soak sees it: its process, what it printed, and its exit code once it has exited. */
interface Server {
  pid: number;
  endpoint: string;
  output: () => string;
  exited: () => number | null;
  kill: () => void;
}

/** Starts the real server on the repository's data in a process of its own, on a free port. */
async function startServer(): Promise<Server> {
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited: number | null = null;
  server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.on('exit', (code) => (exited = code ?? -1));
  let endpoint: string | undefined;
  for (const deadline = Date.now() + 120_000; !endpoint && Date.now() < deadline && exited === null; ) {
    endpoint = /SPARQL endpoint at (http:\/\/\S+\/sparql)/.exec(output)?.[1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!endpoint) throw new Error(`the server did not start:\n${output}`);
  return { pid: server.pid!, endpoint, output: () => output, exited: () => exited, kill: () => server.kill('SIGTERM') };
}

type Answer = { status: number; ms: number };
interface Traffic {
  ordinary: Answer[];
  hostile: Array<{ name: string } & Answer>;
  healthMs: number[];
  healthStates: string[];
  rssMax: number;
}

/** Until `ends`: the ordinary clients, the hostile one (unless left out), and a watcher reading /health and the server's memory. */
async function traffic(server: Server, ends: number, rssStart: number): Promise<Traffic> {
  const { endpoint } = server;
  const base = endpoint.replace(/\/sparql$/, '');
  const url = (query: string, params = '') => `${endpoint}?query=${encodeURIComponent(query)}${params}`;
  const seen: Traffic = { ordinary: [], hostile: [], healthMs: [], healthStates: [], rssMax: rssStart };
  let n = 0;

  const ordinaryClient = async (index: number) => {
    const from = `127.0.1.${index + 1}`;
    while (Date.now() < ends && server.exited() === null) seen.ordinary.push(await request(url(ORDINARY[n % ORDINARY.length](n++)), from));
  };
  const hostileClient = async () => {
    for (let i = 0; Date.now() < ends && server.exited() === null; i++) {
      const [name, query, params, abandon] = HOSTILE[i % HOSTILE.length];
      // Long texts go by POST, as a browser form would send them.
      const answer =
        query.length > 4000
          ? await request(`${endpoint}${params ? `?${params.slice(1)}` : ''}`, '127.0.2.1', query)
          : await request(url(query, params), '127.0.2.1', undefined, abandon);
      seen.hostile.push({ name, ...answer });
    }
  };
  const watcher = async () => {
    while (Date.now() < ends && server.exited() === null) {
      const started = performance.now();
      const answer = await new Promise<string>((resolve) => {
        http
          .get(`${base}/health`, { agent: false }, (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve((JSON.parse(body) as { status: string }).status));
          })
          .on('error', () => resolve('unanswered'));
      });
      seen.healthMs.push(performance.now() - started);
      seen.healthStates.push(answer);
      if (server.exited() === null) seen.rssMax = Math.max(seen.rssMax, rssOf(server.pid));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  await Promise.all([
    ...Array.from({ length: ORDINARY_CLIENTS }, (_, i) => ordinaryClient(i)),
    ...(HOSTILE_ON ? [hostileClient()] : []),
    watcher(),
  ]);
  return seen;
}

/** The run's figures and whether its targets were met. */
function figuresOf(seen: Traffic, crashed: boolean, rssStart: number, rssEnd: number) {
  const latencies = seen.ordinary.filter((a) => a.status === 200).map((a) => a.ms);
  return {
    seconds: SECONDS,
    crashed,
    ordinary: {
      answered: seen.ordinary.length,
      statuses: count(seen.ordinary.map((a) => a.status)),
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
      maxMs: Math.round(Math.max(...latencies)),
    },
    hostile: Object.fromEntries(HOSTILE.map(([name]) => [name, count(seen.hostile.filter((h) => h.name === name).map((h) => h.status))])),
    health: { slowestMs: Math.round(Math.max(...seen.healthMs)), states: count(seen.healthStates) },
    rssMb: {
      start: Math.round(rssStart / MB),
      max: Math.round(seen.rssMax / MB),
      end: Math.round(rssEnd / MB),
      growth: Math.round((rssEnd - rssStart) / MB),
    },
    targets: {
      noCrash: !crashed,
      ordinaryP99Under2s: percentile(latencies, 99) < 2000,
      rssGrowthUnder200Mb: rssEnd - rssStart < 200 * MB,
    },
  };
}

async function main(): Promise<void> {
  const server = await startServer();
  const url = (query: string) => `${server.endpoint}?query=${encodeURIComponent(query)}`;
  // Warm the workers and let the start settle before the first reading.
  for (let i = 0; i < 10; i++) await request(url(ORDINARY[i % ORDINARY.length](-i)), '127.0.0.1');
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const rssStart = rssOf(server.pid);
  const seen = await traffic(server, Date.now() + SECONDS * 1000, rssStart);
  const crashed = server.exited() !== null;
  // Idle a moment: workers being replaced finish, then the memory is read again.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const rssEnd = crashed ? NaN : rssOf(server.pid);
  const figures = figuresOf(seen, crashed, rssStart, rssEnd);
  console.log(JSON.stringify(figures, null, 2));
  server.kill();
  if (crashed) console.error(server.output().slice(-4000));
  process.exitCode = Object.values(figures.targets).every(Boolean) ? 0 : 1;
}

await main();
