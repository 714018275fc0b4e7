// Concurrent clients for the store benchmarks (bench/store.ts, bench/store-speed.ts): autocannon
// against a SPARQL endpoint with JSON results asked for, summed up the same way for both.
import { createRequire } from 'node:module';

/** What a run of clients gave: requests, their rate and latency, and the failed ones. */
export interface ClientLoad {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}

/** The part of autocannon's result read here (its JSON output has the same shape). */
export interface AutocannonResult {
  latency: { p50: number; p99: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export function clientLoad(r: AutocannonResult): ClientLoad {
  return {
    requests: r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failures: r.non2xx + r.errors + r.timeouts,
  };
}

/** `connections` clients for `seconds` against `url`, in this process. */
export async function clientsInProcess(url: string, connections: number, seconds: number): Promise<ClientLoad> {
  const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Promise<AutocannonResult>;
  return clientLoad(
    await autocannon({ url, connections, duration: seconds, headers: { accept: 'application/sparql-results+json' }, timeout: 30 }),
  );
}
