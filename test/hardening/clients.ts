// Requests from distinct client addresses: every 127.x.y.z is the loopback
// interface on Linux, so a test can be several clients of the per-address
// limits without leaving the machine.
import http from 'node:http';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

/** GET `url` from the local address `from` (default 127.0.0.1); `signal` aborts it (the client goes away). */
export function getFrom(url: string, from = '127.0.0.1', signal?: AbortSignal): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get(
      url,
      { localAddress: from, agent: false, signal, headers: { Accept: 'application/sparql-results+json, text/turtle;q=0.9' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}

/** `endpoint?query=…` with further parameters. */
export function queryUrl(endpoint: string, query: string, params = ''): string {
  return `${endpoint}?query=${encodeURIComponent(query)}${params}`;
}

/** /health's answer and how long it took. */
export async function health(url: string): Promise<{
  ms: number;
  status: number;
  body: { status: string; workers: Array<{ worker: number; state: string; replacing?: string }> };
}> {
  const answer = await getFrom(`${url}/health`);
  return { ms: answer.ms, status: answer.status, body: JSON.parse(answer.body) };
}

/** Waits until /health says every worker is up (at most `ms`). */
export async function allWorkersUp(url: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ((await health(url)).body.status === 'ready') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the workers were not all up within ${ms} ms`);
}

/** Six patterns over everything: 30^6 combinations to count on the fixture graph, far past any test's time limit. */
export const EXPENSIVE = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }';
export const SIMPLE = 'ASK { <http://example.org/alice> <http://example.org/knows> <http://example.org/bob> }';

/** Twenty characters doubled `times` times: a string of 20 × 2^times characters, the memory the query needs growing with it. */
export function doubling(times: number): string {
  const binds = Array.from({ length: times }, (_, i) => `BIND(CONCAT(?d${i}, ?d${i}) AS ?d${i + 1})`).join(' ');
  return `SELECT (STRLEN(?d${times}) AS ?n) WHERE { BIND("01234567890123456789" AS ?d0) ${binds} }`;
}
