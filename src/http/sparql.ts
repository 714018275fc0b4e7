// The SPARQL 1.1 Protocol at /sparql: query by GET, by POST form or by POST
// direct; the protocol's dataset; content negotiation; the service description
// when no query is given (a browser is sent to the editor instead); CORS for browsers; read-only, with time and row limits.
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Config } from '../config.js';
import type { Engine, QueryResult } from '../engine/index.js';
import { NS, PREFIX_LINE } from '../namespaces.js';
import { anythingAcceptable, contentType, RESULT_MEDIA_TYPES, mediaTypesFor, negotiate, type NegotiationRequest } from '../negotiate.js';
import type { JsonLdContext } from '../export/json-ld.js';
import { resultSize, serialize, serializeQuads } from '../export/serialize.js';
import { serializePieces } from '../export/sparql-results.js';
import { resultBytes } from '../engine/result-cache.js';
import { sendPieces } from './stream.js';
import { badRequest, methodNotAllowed, notAcceptable, theServerIsReadOnly, unsupportedMediaType } from './errors.js';
import { publicBase } from './public-base.js';
import { SERVICE_CONTEXT, SERVICE_PREFIXES, serviceDescription, type DatasetInfo } from './service-description.js';

/** Results estimated larger than this (result-cache.ts) are streamed in JSON, CSV and TSV rather than built whole. */
export const STREAM_FROM_BYTES = 1024 * 1024;

/** Where a browser asking /sparql for no query is sent: the query editor of the home page. */
export const EDITOR_PATH = '/#query';

/** The methods /sparql answers. */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'];

/** The request header that lowers the time limit, in seconds (like `?timeout=`). */
export const TIMEOUT_HEADER = 'X-Query-Timeout';
/** Response headers announcing the row cap: set on every SELECT/CONSTRUCT/DESCRIBE answer, and when it cut one. */
export const ROW_LIMIT_HEADER = 'X-Row-Limit';
export const TRUNCATED_HEADER = 'X-Truncated';

export interface SparqlDependencies {
  engine: Engine;
  config: Config;
  dataset: DatasetInfo;
  context: JsonLdContext;
}

export type Parameters = Map<string, string[]>;

/** Parses `a=1&b=2` strictly: `+` is a space, percent-escapes must be valid UTF-8. */
export function parseParameters(text: string): Parameters {
  const params: Parameters = new Map();
  if (!text) return params;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const [rawName, rawValue] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw badRequest(`The parameter "${rawName.slice(0, 40)}" is not valid percent-encoded UTF-8.`);
    }
    params.set(name, [...(params.get(name) ?? []), value]);
  }
  return params;
}

function merge(a: Parameters, b: Parameters): Parameters {
  const merged: Parameters = new Map(a);
  for (const [name, values] of b) merged.set(name, [...(merged.get(name) ?? []), ...values]);
  return merged;
}

/** A Content-Type header split into its media type and parameters. */
function parseContentType(header: string | undefined): { type: string; params: Record<string, string> } | undefined {
  if (!header?.trim()) return undefined;
  const [type, ...rest] = header.split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    params[param.slice(0, eq).trim().toLowerCase()] = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeUtf8(body: Buffer): string {
  try {
    return UTF8.decode(body);
  } catch {
    throw badRequest('The request body is not valid UTF-8.');
  }
}

/** Reads a POST body up to the limit (413 beyond it), inflating gzip/deflate bodies. */
async function readBody(req: Request, res: Response, limit: number): Promise<Buffer> {
  const parser = express.raw({ type: () => true, limit });
  await new Promise<void>((resolve, reject) => parser(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the IRI grammar excludes U+0000-U+0020, so the class names them.
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\u0000-\u0020<>"{}|^`\\]*$/;

function graphIris(params: Parameters, name: string): string[] {
  const values = params.get(name) ?? [];
  for (const value of values) if (!IRI.test(value)) throw badRequest(`${name} must be an absolute IRI, got "${value.slice(0, 200)}".`);
  return values;
}

/** The time limit of this request in ms: `?timeout=` / X-Query-Timeout (seconds) lower the server's, never raise it. */
export function requestTimeout(params: Parameters, header: string | undefined, serverLimitMs: number): number {
  const requested = [...(params.get('timeout') ?? []), ...(header !== undefined ? [header] : [])];
  let limit = serverLimitMs;
  for (const value of requested) {
    const seconds = Number(value.trim());
    if (!value.trim() || !Number.isFinite(seconds) || seconds <= 0) {
      throw badRequest(`timeout must be a positive number of seconds, got "${value.slice(0, 40)}".`);
    }
    limit = Math.min(limit, Math.max(1, Math.round(seconds * 1000)));
  }
  return limit;
}

interface ProtocolRequest {
  query?: string;
  params: Parameters;
}

/** Reads the protocol operation from the request: its query (if any) and its parameters. */
async function readProtocolRequest(req: Request, res: Response, config: Config): Promise<ProtocolRequest> {
  const search = req.originalUrl.indexOf('?');
  const urlParams = parseParameters(search < 0 ? '' : req.originalUrl.slice(search + 1));
  let params = urlParams;
  let direct: string | undefined;

  if (req.method === 'POST') {
    const type = parseContentType(req.get('content-type'));
    if (!type) {
      throw unsupportedMediaType('A POST needs a Content-Type: application/x-www-form-urlencoded or application/sparql-query.');
    }
    if (type.type === 'application/sparql-update') throw theServerIsReadOnly();
    if (type.type !== 'application/x-www-form-urlencoded' && type.type !== 'application/sparql-query') {
      throw unsupportedMediaType(
        `${type.type} is not a query media type: POST application/x-www-form-urlencoded or application/sparql-query.`,
      );
    }
    const charset = type.params.charset?.toLowerCase();
    if (charset && !['utf-8', 'utf8', 'us-ascii'].includes(charset)) {
      throw unsupportedMediaType(`charset=${charset} is not supported: send the request body as UTF-8.`);
    }
    const body = decodeUtf8(await readBody(req, res, config.maxBodyBytes));
    if (type.type === 'application/x-www-form-urlencoded') {
      params = merge(urlParams, parseParameters(body.trim()));
    } else {
      if (urlParams.has('update')) throw theServerIsReadOnly();
      if (urlParams.has('query')) throw badRequest('The query is in the body; a query parameter in the URL as well is one too many.');
      direct = body;
    }
  }

  if (params.has('update')) throw theServerIsReadOnly();
  const queries = params.get('query') ?? [];
  if (queries.length > 1) throw badRequest(`One query per request: this one has ${queries.length} query parameters.`);
  const query = direct ?? queries[0];
  if (query === undefined && (req.method === 'POST' || params.has('default-graph-uri') || params.has('named-graph-uri'))) {
    throw badRequest('The request has no query parameter.');
  }
  return { query, params };
}

/** The endpoint's own URL: the configured public base, else what the request was addressed to (validated). */
function endpointUrl(req: Request, res: Response, config: Config): string {
  return `${publicBase(req, res, config)}sparql`;
}

/** CORS for any origin, without credentials; preflight answers the methods and headers the endpoint reads. */
export function cors(req: Request, res: Response): void {
  res.set('Access-Control-Allow-Origin', '*');
  res.set('Access-Control-Expose-Headers', `${ROW_LIMIT_HEADER}, ${TRUNCATED_HEADER}, Content-Length`);
  if (req.method === 'OPTIONS') {
    res.set('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS');
    res.set('Access-Control-Allow-Headers', req.get('access-control-request-headers') ?? `Accept, Content-Type, ${TIMEOUT_HEADER}`);
    res.set('Access-Control-Max-Age', '600');
  }
}

function send(res: Response, type: string, body: string): void {
  res.status(200).set('Content-Type', type).send(Buffer.from(body, 'utf8'));
}

/** Negotiates, serialises and sends a query result with the row-cap headers; 406 when no format fits. */
export async function respondWithResult(
  res: Response,
  result: QueryResult,
  negotiation: NegotiationRequest,
  { context, config, dataset }: { context: JsonLdContext; config: Config; dataset: DatasetInfo },
  etag?: (body: string) => string,
): Promise<void> {
  const media = negotiate(result.type, negotiation);
  if (!media) {
    const what = result.type === 'quads' ? 'This query returns a graph.' : 'This query returns SPARQL results.';
    throw notAcceptable(
      mediaTypesFor(result.type).map((m) => m.type),
      `${what} None of the media types the request accepts fits it.`,
    );
  }
  // A large result (without an ETag to compute over its whole text) is sent as it is written.
  const pieces = etag || resultBytes(result) < STREAM_FROM_BYTES ? undefined : serializePieces(result, media);
  const body = pieces
    ? ''
    : await serialize(result, media, { context, prefixes: { ...NS, ...dataset.prefixes }, maxJsonLdQuads: config.maxJsonLdTriples });
  res.locals.rows = resultSize(result);
  if (result.type !== 'boolean') {
    res.set(ROW_LIMIT_HEADER, String(config.maxRows));
    if (result.truncated) res.set(TRUNCATED_HEADER, 'true');
  }
  if (pieces) {
    res.status(200).set('Content-Type', contentType(media));
    await sendPieces(res, pieces);
    return;
  }
  if (etag) {
    const tag = etag(body);
    res.set('ETag', tag);
    if (res.req.fresh || matchesEtag(res.req.get('if-none-match'), tag)) {
      res.status(304).set('Content-Type', contentType(media)).end();
      return;
    }
  }
  send(res, contentType(media), body);
}

function matchesEtag(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === tag || candidate.trim() === '*');
}

/** Aborts when the client goes away before its answer is sent: its query is cancelled, waiting or running. */
export function clientGone(res: Response): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  return gone.signal;
}

/**
 * Who asks, for the worker pool's per-client share: the address the request came from (Express's req.ip, which
 * trusts no X-Forwarded-For unless 'trust proxy' is set); an IPv6 client by its /64, which one host usually holds whole.
 */
export function clientOf(req: Request): string {
  const address = req.ip ?? req.socket.remoteAddress ?? '';
  if (!address.includes(':') || address.startsWith('::ffff:')) return address.replace(/^::ffff:/, '');
  const [head] = address.split('::');
  const groups = address.includes('::') ? head.split(':').filter(Boolean) : address.split(':');
  return `${[...groups, '0', '0', '0', '0'].slice(0, 4).join(':')}::/64`;
}

/** The request handler of /sparql. */
export function sparqlHandler({ engine, config, dataset, context }: SparqlDependencies): RequestHandler {
  return async (req, res) => {
    cors(req, res);
    res.vary('Accept');
    if (req.method === 'OPTIONS') {
      res.set('Allow', ALLOWED_METHODS.join(', ')).status(204).end();
      return;
    }
    if (!['GET', 'HEAD', 'POST'].includes(req.method)) throw methodNotAllowed(req.method, ALLOWED_METHODS);

    const { query, params } = await readProtocolRequest(req, res, config);
    const negotiation: NegotiationRequest = { accept: req.get('accept'), format: params.get('format') };
    const endpoint = endpointUrl(req, res, config);

    if (query === undefined) {
      // A browser (HTML preferred over every RDF format) gets the query editor; machines (`*/*` included) the service description.
      if (req.method !== 'POST' && negotiate(['quads', 'page'], negotiation)?.kinds.includes('page')) {
        res.redirect(303, EDITOR_PATH);
        return;
      }
      const media = negotiate('quads', negotiation);
      if (!media)
        throw notAcceptable(
          mediaTypesFor('quads').map((m) => m.type),
          'The service description is RDF.',
        );
      const limits = {
        timeoutMs: config.queryTimeoutMs,
        maxRows: config.maxRows,
        maxBodyBytes: config.maxBodyBytes,
        serviceAllowlist: config.serviceAllowlist,
      };
      const quads = serviceDescription(endpoint, dataset, limits);
      const body = await serializeQuads(quads, media, { context: SERVICE_CONTEXT, prefixes: { ...SERVICE_PREFIXES, ...dataset.prefixes } });
      send(res, contentType(media), body);
      return;
    }

    if (!anythingAcceptable(negotiation)) throw notAcceptable(RESULT_MEDIA_TYPES.map((m) => m.type));
    const timeoutMs = requestTimeout(params, req.get(TIMEOUT_HEADER), config.queryTimeoutMs);
    // The project prefixes are predeclared (as Wikidata's service does): the query's own PREFIX lines come after, and win.
    const result = await engine.query(PREFIX_LINE + query, {
      defaultGraphs: graphIris(params, 'default-graph-uri'),
      namedGraphs: graphIris(params, 'named-graph-uri'),
      baseIri: endpoint,
      timeoutMs,
      maxRows: config.maxRows,
      signal: clientGone(res),
      client: clientOf(req),
    });
    await respondWithResult(res, result, negotiation, { context, config, dataset });
  };
}
