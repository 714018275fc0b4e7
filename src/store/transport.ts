// Every request to the store over node:http with pooled keep-alive connections.
// fetch cost about 1.4 ms of main-thread CPU a query (WHATWG streams for the body
// and the answer) against 0.4 ms for node:http, and every query the store engine
// answers takes this path, under as many concurrent clients as the server has; so
// the pool holds connections for them (STORE_SOCKETS per store), kept open
// between queries. The time limit and
// the caller's signal abort the request (the connection closes, so the store may
// stop the work), no redirect is followed; every status is returned. Imports
// nothing from the project: protocol.ts maps its outcomes to its own errors.
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

/**
 * Connections per store: as many as the Virtuoso we ship serves at once (ServerThreads and MaxKeepAlives
 * 40, src/store/virtuoso.ts), above the 32 clients of the benchmark; more would only wait there, or
 * be closed after each answer. Requests beyond them wait here for a free connection.
 */
export const STORE_SOCKETS = 40;
/** An idle connection is closed by us first, before the store's keep-alive timeout (Virtuoso's is 10 s) closes it under a request. */
export const IDLE_MS = 5_000;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: STORE_SOCKETS, maxFreeSockets: STORE_SOCKETS, timeout: IDLE_MS }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: STORE_SOCKETS, maxFreeSockets: STORE_SOCKETS, timeout: IDLE_MS }),
};

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface TransportReply {
  status: number;
  /** Header names in lower case. */
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** How a request ended when it did not answer: `timeout`, `aborted`, or the connection failed (`failed`, with the system's code). */
export class TransportError extends Error {
  name = 'TransportError';
  constructor(
    readonly reason: 'timeout' | 'aborted' | 'failed',
    readonly code?: string,
  ) {
    super(reason === 'failed' ? `the connection failed (${code})` : reason);
  }
}

/**
 * A connection the store closed while idle fails the next request on it at once: that request is sent
 * again, once (every request we send may be: queries, and the Graph Store's PUT and DELETE, are idempotent).
 */
const STALE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** One request; resolves to the store's answer, whatever its status. */
export async function transport(request: TransportRequest): Promise<TransportReply> {
  try {
    return await once(request, false);
  } catch (error) {
    if (error instanceof StaleConnection) return once(request, true);
    throw error;
  }
}

class StaleConnection extends Error {}

function once(request: TransportRequest, retried: boolean): Promise<TransportReply> {
  const url = new URL(request.url);
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) return Promise.reject(new TransportError('failed', `unsupported protocol ${url.protocol}`));
  if (request.signal?.aborted) return Promise.reject(new TransportError('aborted'));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<TransportReply>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, reply?: TransportReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(reply as TransportReply);
    };
    const req = client.request(url, {
      method: request.method,
      agent,
      // A string body goes out in one write with the headers (a Buffer would be a second one).
      headers: { ...request.headers, ...(request.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(request.body)) } : {}) },
    });
    const stop = (reason: 'timeout' | 'aborted') => {
      finish(new TransportError(reason));
      req.destroy();
    };
    const timer = setTimeout(() => stop('timeout'), request.timeoutMs);
    const onAbort = () => stop('aborted');
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const stale = !retried && req.reusedSocket && STALE.has(error.code ?? '');
      finish(stale ? new StaleConnection() : new TransportError('failed', error.code ?? error.message));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error: NodeJS.ErrnoException) => finish(new TransportError('failed', error.code ?? error.message)));
      // After 'end' this is a no-op; before it, the store closed the connection in the middle of its answer.
      res.on('close', () => settled || finish(new TransportError('failed', 'closed before the answer ended')));
      res.on('end', () => {
        try {
          const text = decoded(Buffer.concat(chunks), res.headers['content-encoding']).toString('utf8');
          finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, text });
        } catch (error) {
          finish(
            new TransportError('failed', `the answer does not decode as ${res.headers['content-encoding']}: ${(error as Error).message}`),
          );
        }
      });
    });
    if (request.body === undefined) req.end();
    else req.end(request.body, 'utf8');
  });
}

/** The body as sent, undone of a content coding (none is asked for; a store may still apply one). */
function decoded(body: Buffer, coding: string | undefined): Buffer {
  switch (coding?.trim().toLowerCase()) {
    case undefined:
    case '':
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body);
    case 'deflate':
      return zlib.inflateSync(body);
    case 'br':
      return zlib.brotliDecompressSync(body);
    default:
      throw new Error(`unknown content coding ${coding}`);
  }
}
