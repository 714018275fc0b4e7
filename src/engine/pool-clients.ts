// The worker pool's book of clients (src/engine/pool.ts): who has queries
// waiting, how many run, what each owes, and who goes next. Knows no workers:
// the pool hands it the worker time a client used and asks whom to serve.
//
// Fairness: one queue per client (the caller's address over HTTP), taken in
// turn, the client served longest ago first; a client runs at most
// `concurrency` queries at once and spends at most `budgetSeconds` of worker
// time per minute (a decaying debt, as Wikidata's query service counts it),
// beyond which it is answered 429 with the seconds to wait.

/** The client has used its share: too many queries waiting, or its query-seconds of the last minute. */
export class QueryRateLimitError extends Error {
  name = 'QueryRateLimitError';
  constructor(
    message: string,
    /** Seconds until the client may ask again (the Retry-After header). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A caller without an address (saved-query exports, the CLI): queued like any client, but never limited. */
export const INTERNAL = '';

/** One client's waiting queries (of type J, the pool's jobs) and its account. */
export interface Client<J> {
  queue: J[];
  running: number;
  /** Worker seconds owed, as of `at`; paid back at budgetSeconds per minute. */
  debt: number;
  at: number;
  /** When (in queries taken) a worker last took one of its queries: the client served longest ago goes first. */
  servedAt: number;
}

export interface ClientLimits {
  /** Queries one client runs at once. */
  concurrency: number;
  /** Queries one client may have waiting; more are answered 429. */
  clientQueue: number;
  /** Worker seconds one client may use per minute. */
  budgetSeconds: number;
}

export class ClientBook<J> {
  private readonly clients = new Map<string, Client<J>>();
  /** Queries taken so far: a client's servedAt is the number of its last one. */
  private served = 0;

  constructor(private readonly limits: ClientLimits) {}

  of(key: string): Client<J> {
    let client = this.clients.get(key);
    if (!client) {
      client = { queue: [], running: 0, debt: 0, at: Date.now(), servedAt: 0 };
      this.clients.set(key, client);
    }
    return client;
  }

  /** Every client's waiting queries, copied, so that the caller may take them off their queues. */
  waiting(): J[] {
    return [...this.clients.values()].flatMap((client) => [...client.queue]);
  }

  /** Adds worker time to the client's debt, after paying back what the time since it was last counted allows. */
  owe(client: Client<J>, seconds: number): void {
    this.debtOf(client);
    client.debt += seconds;
  }

  /** Drops what is kept of a client with nothing waiting, running or owed. */
  forget(key: string, client: Client<J>): void {
    if (key !== INTERNAL && client.queue.length === 0 && client.running === 0 && this.debtOf(client) === 0) this.clients.delete(key);
  }

  /** Clients still owing when they left are forgotten once paid up, looked at when many are kept. */
  sweep(): void {
    if (this.clients.size > 1024) for (const [key, client] of this.clients) this.forget(key, client);
  }

  /** Refuses a client over its share, with the seconds it should wait. */
  admit(key: string): void {
    if (key === INTERNAL) return;
    const { budgetSeconds, clientQueue } = this.limits;
    const client = this.of(key);
    const debt = this.debtOf(client);
    if (debt > budgetSeconds) {
      const wait = Math.ceil(((debt - budgetSeconds) / budgetSeconds) * 60);
      this.forget(key, client);
      throw new QueryRateLimitError(
        `This client used ${debt.toFixed(1)} s of query time in the last minute, more than the ${budgetSeconds} s allowed per client; retry in ${wait} s.`,
        wait,
      );
    }
    if (client.queue.length >= clientQueue) {
      throw new QueryRateLimitError(
        `This client has ${client.queue.length} queries waiting, the most one client may have; retry when some have been answered.`,
        1,
      );
    }
  }

  /** Takes the next waiting query: among the clients under their concurrency, the one served longest ago goes first. */
  take(): J | undefined {
    let next: Client<J> | undefined;
    for (const [key, client] of this.clients) {
      if (client.queue.length === 0 || (key !== INTERNAL && client.running >= this.limits.concurrency)) continue;
      if (!next || client.servedAt < next.servedAt) next = client;
    }
    if (!next) return undefined;
    next.servedAt = ++this.served;
    next.running += 1;
    return next.queue.shift()!;
  }

  /** The client's debt now, paid back at budgetSeconds per 60 s since it was last counted. */
  private debtOf(client: Client<J>, now = Date.now()): number {
    client.debt = Math.max(0, client.debt - ((now - client.at) / 60_000) * this.limits.budgetSeconds);
    client.at = now;
    return client.debt;
  }
}
