// Downloads: /dump/ (the list: JSON, or a page for browsers), /dump/{file} (dumps, framed views, CSVs: files
// of the build's artefact, src/build/, or built in memory by export/dumps.ts), /.well-known/void (VoID and DCAT), and the
// JSON-LD context at /context.jsonld (latest) and /context/{version}.jsonld.
// Files are sent with their media type, Content-Length, a strong ETag (304 on
// If-None-Match) and, to clients that accept it, their gzip bytes made once.
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { StoredDownloads, StoredDump } from '../build/downloads.js';
import type { Config } from '../config.js';
import { DATASET_IRI, EXPORT_PREFIXES } from '../export/description.js';
import type { Exports } from '../export/dumps.js';
import type { DumpFile } from '../export/files.js';
import { contentType, MEDIA_TYPES, mediaTypesFor, negotiate, type MediaType } from '../negotiate.js';
import { CONTEXT_VERSION, type JsonLdContext } from '../export/json-ld.js';
import { serializeQuads } from '../export/serialize.js';
import { notAcceptable, notFound } from './errors.js';
import { type DumpListing, type DumpListingFile, downloadsPage } from './pages/downloads.js';
import { sendPage } from './pages/layout.js';
import { publicBase } from './public-base.js';

/** Where the context is served: the latest, and this version (which never changes). */
export const CONTEXT_PATH = '/context.jsonld';
export const VERSIONED_CONTEXT_PATH = `/context/${CONTEXT_VERSION}.jsonld`;

/** Every released version of the context, frozen (ontology/contexts/{version}.jsonld): a published version stays served. */
const RELEASED_CONTEXTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../ontology/contexts');

const JSON_LD = MEDIA_TYPES.find((m) => m.names.includes('jsonld'))!;

/** What /dump/ serves: the files of the build's artefact, or exports built in memory. */
export type Downloads = Exports | StoredDownloads;

export interface DumpsDependencies {
  /** The downloads: ready, being built, or built on the first request that needs them; absent when the app serves no dumps. */
  exports?: Downloads | Promise<Downloads> | (() => Promise<Downloads>);
  /** The project's JSON-LD context (ontology/context.jsonld). */
  context: JsonLdContext;
  config: Config;
}

/** Bytes on disk, streamed when sent. */
interface OnDisk {
  file: string;
  bytes: number;
}

/** What one response sends: the bytes (or the file holding them), their gzip form if any, and their checksum (the ETag). */
interface Payload {
  media: MediaType;
  body: Buffer | OnDisk;
  gzip?: Buffer | OnDisk;
  sha256: string;
}

/** The payload of a download, in memory or on disk. */
function payloadOf(file: DumpFile | StoredDump): Payload {
  if ('body' in file) return file;
  const gzip = file.gzipFile && file.gzipBytes !== undefined ? { file: file.gzipFile, bytes: file.gzipBytes } : undefined;
  return { media: file.media, body: { file: file.file, bytes: file.bytes }, ...(gzip ? { gzip } : {}), sha256: file.sha256 };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function matchesEtag(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => candidate.trim() === '*' || candidate.trim().replace(/^W\//, '') === tag);
}

/** Sends fixed bytes: media type, Content-Length, strong ETag and 304, gzip when the client accepts it. */
async function sendPayload(req: Request, res: Response, payload: Payload): Promise<void> {
  res.vary('Accept-Encoding');
  const gzip = payload.gzip && req.get('accept-encoding') && req.acceptsEncodings('gzip', 'identity') === 'gzip';
  const bytes = gzip ? payload.gzip! : payload.body;
  const tag = `"${payload.sha256}${gzip ? '-gzip' : ''}"`;
  res.set('ETag', tag);
  // no-transform: the checksums published for these bytes must stay true on the way.
  // Unless the body was made from the request (public-base.ts), which no cache may keep.
  if (!res.get('Cache-Control')) res.set('Cache-Control', 'public, max-age=300, no-transform');
  res.set('Access-Control-Allow-Origin', '*');
  res.set('Access-Control-Expose-Headers', 'Content-Length, ETag, Link');
  if (matchesEtag(req.get('if-none-match'), tag)) {
    res.status(304).end();
    return;
  }
  res.status(200);
  res.set('Content-Type', contentType(payload.media));
  if (gzip) res.set('Content-Encoding', 'gzip');
  res.set('Content-Length', String(Buffer.isBuffer(bytes) ? bytes.length : bytes.bytes));
  if (req.method === 'HEAD') res.end();
  else if (Buffer.isBuffer(bytes)) res.end(bytes);
  else await pipeline(createReadStream(bytes.file), res);
}

/** What /dump/ says of one file. */
function fileListing(file: DumpFile | StoredDump, base: string): DumpListingFile {
  return {
    path: file.path,
    url: `${base}dump/${file.path}`,
    title: file.title,
    mediaType: file.media.type,
    bytes: 'body' in file ? file.body.length : file.bytes,
    gzipBytes: 'gzip' in file ? file.gzip.length : file.gzipBytes,
    sha256: file.sha256,
    count: file.count.value,
    countOf: file.count.unit,
  };
}

/**
 * The listing as a page (a browser, or `?format=html`) or as JSON (`?format=json`, or any client that prefers
 * JSON or does not say: `Accept: *\/*` keeps the JSON machines have always had).
 */
function listingFormat(req: Request): 'html' | 'json' {
  const format = req.query.format;
  if (format === 'html' || format === 'json') return format;
  if (format !== undefined)
    throw notAcceptable(['application/json', 'text/html'], 'The list of downloads is ?format=json or ?format=html.');
  return req.accepts(['application/json', 'text/html']) === 'text/html' ? 'html' : 'json';
}

/**
 * Adds `Link: </context/{version}.jsonld>; rel="http://www.w3.org/ns/json-ld#context"`
 * to every JSON-LD response of the app, whichever route writes it.
 */
export function linkJsonLdContext(): RequestHandler {
  const link = `<${VERSIONED_CONTEXT_PATH}>; rel="http://www.w3.org/ns/json-ld#context"; type="${JSON_LD.type}"`;
  return (req, res, next) => {
    if (req.path.startsWith('/context')) return next();
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      const type = String(this.getHeader('Content-Type') ?? '');
      if (type.split(';')[0].trim() === JSON_LD.type) {
        const existing = this.getHeader('Link');
        this.setHeader('Link', existing ? `${String(existing)}, ${link}` : link);
      }
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as typeof res.writeHead;
    next();
  };
}

/** The routes of the downloads and of the context. */
export function dumpsRouter({ exports, context, config }: DumpsDependencies): Router {
  const router = Router();
  const contextBody = Buffer.from(`${JSON.stringify({ '@context': context }, null, 2)}\n`, 'utf8');
  const contextPayload: Payload = { media: JSON_LD, body: contextBody, sha256: sha256(contextBody) };
  const descriptions = new Map<string, Payload>();

  router.get([CONTEXT_PATH, VERSIONED_CONTEXT_PATH], (req, res) => sendPayload(req, res, contextPayload));
  for (const file of readdirSync(RELEASED_CONTEXTS).filter((f) => f.endsWith('.jsonld') && f !== `${CONTEXT_VERSION}.jsonld`)) {
    const body = readFileSync(path.join(RELEASED_CONTEXTS, file));
    const payload: Payload = { media: JSON_LD, body, sha256: sha256(body) };
    router.get(`/context/${file}`, (req, res) => sendPayload(req, res, payload));
  }

  const ready = async (path: string): Promise<Downloads> => {
    if (!exports) throw notFound(path);
    return typeof exports === 'function' ? exports() : exports;
  };

  router.get('/.well-known/void', async (req, res) => {
    const built = await ready(req.path);
    res.vary('Accept');
    const format = typeof req.query.format === 'string' ? [req.query.format] : undefined;
    const media = negotiate('quads', { accept: req.get('accept'), format });
    if (!media)
      throw notAcceptable(
        mediaTypesFor('quads').map((m) => m.type),
        'The dataset description is RDF.',
      );
    const base = publicBase(req, res, config);
    const cacheKey = `${base} ${media.type}`;
    let payload = descriptions.get(cacheKey);
    if (!payload) {
      const body = Buffer.from(await serializeQuads(built.description(base), media, { context, prefixes: EXPORT_PREFIXES }), 'utf8');
      payload = { media, body, sha256: sha256(body) };
      if (descriptions.size > 32) descriptions.clear();
      descriptions.set(cacheKey, payload);
    }
    await sendPayload(req, res, payload);
  });

  router.get(['/dump', '/dump/'], async (req, res) => {
    const built = await ready(req.path);
    const base = publicBase(req, res, config);
    res.set('Access-Control-Allow-Origin', '*');
    res.vary('Accept');
    const listing: DumpListing = {
      dataset: DATASET_IRI,
      description: `${base}.well-known/void`,
      context: `${base}${VERSIONED_CONTEXT_PATH.slice(1)}`,
      sparqlEndpoint: `${base}sparql`,
      version: built.metadata.version,
      modified: built.metadata.modified,
      license: built.metadata.license,
      files: built.files.map((file) => fileListing(file, base)),
    };
    if (listingFormat(req) === 'html') sendPage(res, 200, downloadsPage(listing));
    else res.json(listing);
  });

  router.get('/dump/*file', async (req, res) => {
    const built = await ready(req.path);
    const file = built.byPath.get(req.path.slice('/dump/'.length));
    if (!file) throw notFound(req.path);
    await sendPayload(req, res, payloadOf(file));
  });

  return router;
}
