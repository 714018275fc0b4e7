// Named error helpers, and the one mapping from errors to HTTP statuses. Errors
// are sent as text/plain with their status, never as a 200; anything unexpected
// becomes a 500 whose details go to the log, not to the client.
import type { ErrorRequestHandler } from 'express';
import {
  QueryCancelledError,
  QueryLimitError,
  QueryResourceError,
  QuerySyntaxError,
  QueryTimeoutError,
  ServiceFailedError,
  ServiceForbiddenError,
  UpdateForbiddenError,
  formatDuration,
} from '../engine/index.js';
import { SerializationError } from '../export/serialization-error.js';
import { QueryRateLimitError } from '../engine/index.js';
import { StoreFailedError, UnsupportedFeatureError } from '../engine/store-features.js';

/** An error that is the client's to read: its status, its message, and headers to send with it. */
export class HttpError extends Error {
  name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** 400: the request is malformed (two queries, a bad parameter, a query that does not parse). */
export function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

/** 403: updates are refused; the store stays as it is. */
export function theServerIsReadOnly(message = 'This endpoint is read-only: SPARQL Update operations are refused.'): HttpError {
  return new HttpError(403, message);
}

/** 404: nothing is served at this path. */
export function notFound(path: string): HttpError {
  return new HttpError(404, `Nothing is served at ${path}. The SPARQL endpoint is /sparql.`);
}

/** 405: the method is not one the resource answers; `Allow` lists those it does. */
export function methodNotAllowed(method: string, allowed: string[]): HttpError {
  return new HttpError(405, `${method} is not allowed here; use ${allowed.join(', ')}.`, { Allow: allowed.join(', ') });
}

/** 406: no media type the client accepts fits the result. */
export function notAcceptable(offered: string[], detail = 'None of the media types the request accepts fits this result.'): HttpError {
  return new HttpError(406, `${detail}\nAvailable: ${offered.join(', ')}`);
}

/** 413: the request body is larger than the server takes. */
export function payloadTooLarge(limitBytes: number): HttpError {
  return new HttpError(413, `The request body is larger than the limit of ${limitBytes} bytes (${Math.round(limitBytes / 1024)} KiB).`);
}

/** 415: the request body's media type (or charset) is not one the endpoint reads. */
export function unsupportedMediaType(message: string): HttpError {
  return new HttpError(415, message);
}

/** 502: a remote endpoint a SERVICE called failed; the message names the endpoint. */
export function badGateway(message: string): HttpError {
  return new HttpError(502, message);
}

/** 503: the query hit the time limit and was stopped. */
export function queryTimedOut(limitMs: number, serverLimitMs?: number): HttpError {
  const server =
    serverLimitMs !== undefined && serverLimitMs !== limitMs ? ` (the server allows at most ${formatDuration(serverLimitMs)})` : '';
  return new HttpError(503, `Query timed out: it ran longer than the limit of ${formatDuration(limitMs)}${server} and was stopped.`);
}

/** 503: the service cannot answer now (still starting, or the query exhausted a worker). */
export function serviceUnavailable(message: string): HttpError {
  return new HttpError(503, message);
}

/** 429: the client has used its share of the query workers; Retry-After says when to come back. */
export function tooManyRequests(message: string, retryAfterSeconds: number): HttpError {
  return new HttpError(429, message, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
}

/** The one mapping from errors to HTTP errors; undefined for an internal error (a 500). */
export function toHttpError(error: unknown, options: { serverTimeoutMs?: number } = {}): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof QuerySyntaxError) return badRequest(`Malformed query: ${error.message}`);
  if (error instanceof QueryLimitError) return badRequest(error.message);
  if (error instanceof UpdateForbiddenError) return theServerIsReadOnly(error.message);
  if (error instanceof ServiceForbiddenError) return badRequest(error.message);
  if (error instanceof ServiceFailedError) return badGateway(error.message);
  if (error instanceof QueryTimeoutError) return queryTimedOut(error.timeoutMs, options.serverTimeoutMs);
  if (error instanceof QueryRateLimitError) return tooManyRequests(error.message, error.retryAfterSeconds);
  if (error instanceof QueryResourceError) return serviceUnavailable(error.message);
  if (error instanceof QueryCancelledError) return serviceUnavailable(error.message);
  if (error instanceof SerializationError) return new HttpError(406, error.message);
  if (error instanceof UnsupportedFeatureError) return new HttpError(501, error.message);
  if (error instanceof StoreFailedError) return badGateway(error.message);
  // body-parser's errors carry a type and a status.
  const err = error as { type?: string; status?: number; limit?: number; expose?: boolean; message?: string };
  if (err?.type === 'entity.too.large') return payloadTooLarge(err.limit ?? 0);
  if (err?.type === 'encoding.unsupported') return unsupportedMediaType(err.message ?? 'Unsupported content encoding.');
  if (err?.type === 'request.aborted') return badRequest('The request was aborted before its body arrived.');
  if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500 && err.expose)
    return new HttpError(err.status, err.message ?? 'Bad request');
  return undefined;
}

/** Express error middleware: the mapped status and message as text/plain; a 500 is logged, its details hidden. */
export function errorHandler(options: { log: (line: string) => void; serverTimeoutMs?: number }): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let httpError = toHttpError(error, options);
    if (!httpError) {
      options.log(`500 ${req.method} ${req.path}: ${(error as Error)?.stack ?? String(error)}`);
      httpError = new HttpError(500, 'Internal server error. The details are in the server log.');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(httpError.status);
    res.set(httpError.headers);
    res.set('Content-Type', 'text/plain; charset=utf-8');
    // A message may quote the client's text: never to be read as HTML by a browser.
    res.set('X-Content-Type-Options', 'nosniff');
    res.send(`${httpError.message}\n`);
  };
}
