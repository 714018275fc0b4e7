// HTTP latency of three typical queries against the endpoint on the repository
// data: `npx tsx bench/http-latency.ts [runs]` (default 100 runs per query,
// after 5 warm-up runs). Requests go one at a time through fetch, so the
// figures are what one analyst's client sees: parse, worker round trip,
// evaluation, serialisation and HTTP. For comparison, the same query run by
// the in-process engine (evaluation alone, no HTTP, no worker, no serialising).
import { loadConfig } from '../src/config.js';
import { createComunicaEngine } from '../src/engine.js';
import { loadGraph } from '../src/load.js';
import { start } from '../src/server.js';

const runs = Number(process.argv[2] ?? 100);
const PREFIXES = `PREFIX upr: <https://w3id.org/upr-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>`;

const QUERIES: Array<{ name: string; accept: string; query: (firstCase: string) => string }> = [
  {
    name: 'cases with type and date, ordered (SELECT → SPARQL JSON)',
    accept: 'application/sparql-results+json',
    query: () => `${PREFIXES}
SELECT ?case ?label ?type ?date WHERE {
  ?case a upr:Case ; rdfs:label ?label ; upr:caseType ?type .
  OPTIONAL { ?case upr:date ?date }
} ORDER BY ?date ?case`,
  },
  {
    name: 'cases per theme (GROUP BY → CSV)',
    accept: 'text/csv',
    query: () => `${PREFIXES}
SELECT ?theme (COUNT(DISTINCT ?case) AS ?cases) WHERE { ?case a upr:Case ; upr:theme ?theme }
GROUP BY ?theme ORDER BY DESC(?cases) ?theme`,
  },
  {
    name: 'one case described (DESCRIBE → JSON-LD)',
    accept: 'application/ld+json',
    query: (firstCase) => `DESCRIBE <${firstCase}>`,
  },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const config = loadConfig(process.env, { port: 0, host: '127.0.0.1' });
const server = await start(config, { log: () => {} });
const inProcess = createComunicaEngine((await loadGraph({ root: config.root })).store);
try {
  const endpoint = `${server.url}/sparql`;
  const ask = async (query: string, accept: string) => {
    const response = await fetch(`${endpoint}?query=${encodeURIComponent(query)}`, { headers: { Accept: accept } });
    if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
    return response.text();
  };
  const cases = JSON.parse(await ask(QUERIES[0].query(''), QUERIES[0].accept)) as { results: { bindings: Array<{ case: { value: string } }> } };
  const firstCase = cases.results.bindings[0]?.case.value;
  if (!firstCase) throw new Error('the data holds no upr:Case');

  console.log(`${server.triples} triples; ${runs} sequential runs per query after 5 warm-up runs; Node ${process.version}`);
  for (const { name, accept, query } of QUERIES) {
    const text = query(firstCase);
    let bytes = 0;
    for (let i = 0; i < 5; i++) bytes = (await ask(text, accept)).length;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await ask(text, accept);
      times.push(performance.now() - started);
    }
    const engineTimes: number[] = [];
    for (let i = 0; i < 5; i++) await inProcess.query(text);
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await inProcess.query(text);
      engineTimes.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    engineTimes.sort((a, b) => a - b);
    const f = (n: number) => n.toFixed(1).padStart(6);
    console.log(
      `HTTP p50 ${f(percentile(times, 50))} ms  p95 ${f(percentile(times, 95))} ms  max ${f(times[times.length - 1])} ms | ` +
        `in-process p50 ${f(percentile(engineTimes, 50))} ms | ${String(bytes).padStart(6)} B  ${name}`,
    );
  }
} finally {
  await server.close();
}
