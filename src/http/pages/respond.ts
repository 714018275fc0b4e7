// Answering in the format asked for: a page or the resource's triples
// (Turtle, JSON-LD, N-Triples…), chosen from the one media-type table in
// src/negotiate.ts by `?format=` over Accept.
import type * as RDF from '@rdfjs/types';
import type { Request, Response } from 'express';
import { contentType, mediaTypesFor, negotiate, type MediaType } from '../../negotiate.js';
import type { JsonLdContext } from '../../export/json-ld.js';
import { serializeQuads } from '../../export/serialize.js';
import { notAcceptable } from '../errors.js';

const PAGE_AND_RDF = ['page', 'quads'] as const;

/** The `?format=` values of a request, in order. */
function formatParameter(req: Request): string[] {
  const raw = req.query.format;
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]).map(String);
}

/** The media type a request for a page or its triples is answered in; a 406 naming the choices if none fits. */
export function pageOrRdf(req: Request): MediaType {
  const media = negotiate([...PAGE_AND_RDF], { accept: req.get('Accept'), format: formatParameter(req) });
  if (!media) throw notAcceptable(mediaTypesFor([...PAGE_AND_RDF]).map((m) => m.type));
  return media;
}

export async function sendRdf(res: Response, media: MediaType, quads: RDF.Quad[], context: JsonLdContext): Promise<void> {
  res.set('Content-Type', contentType(media));
  res.send(await serializeQuads(quads, media, { context }));
}
