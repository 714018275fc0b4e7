// A client of the SPARQL 1.1 Protocol and Graph Store Protocol, for the store
// engine (src/engine/store.ts) and the loader (src/store/load.ts). Credentials
// come from the environment through the configuration only, go out as the
// store asks (HTTP Digest or Basic, src/store/digest.ts) and are never part of
// a message: URLs are shown without their user-info, responses are quoted without headers. Every request has a
// time limit that aborts it (the connection closes, so the store may stop the
// work); the store's own partial answers on timeout (Virtuoso's "anytime"
// results) are refused, never passed on.
import { TransportError, type TransportReply, transport } from './transport.js';

import { Authenticator, type Credentials, UnsupportedAuthenticationError } from './digest.js';

export type StoreCredentials = Credentials;

export interface StoreEndpoints {
  /** The SPARQL query endpoint, read-only for us as for everyone. */
  queryUrl: string;
  /** The Graph Store Protocol endpoint (`?graph=` addressing). */
  graphStoreUrl?: string;
  /** Sent with graph-store requests (and queries, when the store asks for them). */
  credentials?: StoreCredentials;
}

/** The store did not answer within the time limit; the request was aborted. */
export class StoreTimeoutError extends Error {
  name = 'StoreTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`the store did not answer within ${timeoutMs} ms`);
  }
}

/** The caller's signal fired: the request was aborted. */
export class StoreAbortedError extends Error {
  name = 'StoreAbortedError';
}

/** The store answered with an error status; `detail` is the start of its body. */
export class StoreResponseError extends Error {
  name = 'StoreResponseError';
  constructor(
    readonly status: number,
    readonly detail: string,
    where: string,
  ) {
    super(`${where} answered ${status}: ${detail}`);
  }
}

/** The URL as it may be shown: without user-info, query string or fragment. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(an invalid URL)';
  }
}

/** One Authenticator per set of credentials (the configuration's object), so a Digest nonce serves every request after the first. */
const authenticators = new WeakMap<StoreCredentials, Authenticator>();

function authenticatorOf(credentials: StoreCredentials | undefined): Authenticator | undefined {
  if (!credentials) return undefined;
  const authenticator = authenticators.get(credentials) ?? new Authenticator(credentials);
  authenticators.set(credentials, authenticator);
  return authenticator;
}

export interface StoreRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  credentials?: StoreCredentials;
}

export type StoreReply = TransportReply;

/**
 * One request to the store over transport.ts's kept-alive connections, authenticated as the store asks
 * (the request sent once more on its challenge); aborted at its time limit or when `signal` fires; an
 * error status throws StoreResponseError.
 */
export async function storeRequest(request: StoreRequest): Promise<StoreReply> {
  // Named only in an error: the URL is not parsed for every query.
  const where = () => `the store at ${displayUrl(request.url)}`;
  const authenticator = authenticatorOf(request.credentials);
  const send = (authorization: string | undefined) =>
    transport({
      method: request.method,
      url: request.url,
      headers: { ...request.headers, ...(authorization ? { Authorization: authorization } : {}) },
      body: request.body,
      timeoutMs: request.timeoutMs,
      signal: request.signal,
    });
  let reply: TransportReply;
  let authorization = authenticator?.authorization(request.method, request.url);
  try {
    reply = await send(authorization);
    // Asked for credentials (or a fresh nonce): the same request once more, authenticated as the store asks.
    const challenge = reply.headers['www-authenticate'];
    if (
      reply.status === 401 &&
      authenticator?.challenged(Array.isArray(challenge) ? challenge.join(', ') : (challenge ?? null), authorization !== undefined)
    ) {
      authorization = authenticator.authorization(request.method, request.url);
      reply = await send(authorization);
    }
  } catch (error) {
    if (error instanceof UnsupportedAuthenticationError) throw new Error(`${where()}: ${error.message}`);
    if (!(error instanceof TransportError)) throw error;
    if (error.reason === 'timeout') throw new StoreTimeoutError(request.timeoutMs);
    if (error.reason === 'aborted') throw new StoreAbortedError('the request to the store was cancelled');
    throw new Error(`${where()} could not be reached: ${error.code}`);
  }
  if (reply.status === 401 && authorization)
    throw new StoreResponseError(401, 'the credentials (UPR_STORE_USER, UPR_STORE_PASSWORD) were refused', where());
  if (reply.status < 200 || reply.status > 299) throw new StoreResponseError(reply.status, reply.text.slice(0, 600).trim(), where());
  return reply;
}

export interface QueryRequest {
  text: string;
  /** The protocol's default-graph-uri / named-graph-uri. */
  defaultGraphs?: string[];
  namedGraphs?: string[];
  accept: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Store-specific parameters (Virtuoso's `timeout`). */
  extra?: Record<string, string>;
}

export interface QueryReply {
  text: string;
  contentType: string;
  /** The store cut the result at its own row limit (Virtuoso: X-SPARQL-MaxRows). */
  cutByStore: boolean;
}

/**
 * A query by POST (form-encoded, so that long queries and datasets fit); the store's partial answers refused.
 * Over transport.ts's pooled keep-alive connections, as every query of the store engine takes this path.
 */
export async function sparqlQuery(endpoints: StoreEndpoints, request: QueryRequest): Promise<QueryReply> {
  const form = new URLSearchParams({ query: request.text });
  for (const g of request.defaultGraphs ?? []) form.append('default-graph-uri', g);
  for (const g of request.namedGraphs ?? []) form.append('named-graph-uri', g);
  for (const [k, v] of Object.entries(request.extra ?? {})) form.append(k, v);
  const reply = await storeRequest({
    method: 'POST',
    url: endpoints.queryUrl,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: request.accept },
    body: form.toString(),
    timeoutMs: request.timeoutMs,
    signal: request.signal,
    credentials: endpoints.credentials,
  });
  // Virtuoso answers a query stopped by its time limit with 200, the rows found so far and this SQL state.
  if (/S1TAT/.test(String(reply.headers['x-sql-state'] ?? ''))) throw new StoreTimeoutError(request.timeoutMs);
  return {
    text: reply.text,
    contentType: String(reply.headers['content-type'] ?? ''),
    cutByStore: reply.headers['x-sparql-maxrows'] !== undefined,
  };
}

/** A graph's address on the Graph Store Protocol endpoint (`?graph=`, indirect identification). */
function graphUrl(endpoints: StoreEndpoints, graph: string): string {
  if (!endpoints.graphStoreUrl) throw new Error('no Graph Store Protocol endpoint is configured (UPR_STORE_GSP_URL)');
  const url = new URL(endpoints.graphStoreUrl);
  url.searchParams.set('graph', graph);
  return url.href;
}

/** Graph Store Protocol PUT: the graph's content replaced by the N-Triples, atomically by the protocol's definition. */
export async function putGraph(endpoints: StoreEndpoints, graph: string, ntriples: string, timeoutMs: number): Promise<void> {
  await storeRequest({
    method: 'PUT',
    url: graphUrl(endpoints, graph),
    headers: { 'Content-Type': 'application/n-triples' },
    body: ntriples,
    timeoutMs,
    credentials: endpoints.credentials,
  });
}

/** Graph Store Protocol DELETE of a graph; a graph already absent (404) is fine. */
export async function deleteGraph(endpoints: StoreEndpoints, graph: string, timeoutMs: number): Promise<void> {
  try {
    await storeRequest({ method: 'DELETE', url: graphUrl(endpoints, graph), timeoutMs, credentials: endpoints.credentials });
  } catch (error) {
    if (!(error instanceof StoreResponseError && error.status === 404)) throw error;
  }
}
