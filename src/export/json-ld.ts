// The project's JSON-LD context and the one way JSON-LD is processed here:
// its IRIs, loading it from ontology/context.jsonld, a document loader that
// never touches the network, and the conversions quads ⇄ JSON-LD.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import jsonld from 'jsonld';
import { Parser, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import { BASE } from '../namespaces.js';

/** The IRI under which the project's JSON-LD context is known (its file is ontology/context.jsonld). */
export const CONTEXT_IRI = `${BASE}context.jsonld`;

/** The version of ontology/context.jsonld; a changed context gets a new one (served at /context/{version}.jsonld). */
export const CONTEXT_VERSION = '1.1.0';

/** The IRI of this version of the context, which never changes once published. */
export const VERSIONED_CONTEXT_IRI = `${BASE}context/${CONTEXT_VERSION}.jsonld`;

/** The value of a JSON-LD document's "@context": prefixes and term definitions. */
export type JsonLdContext = Record<string, unknown>;

/** jsonld.js's promise API, typed as used here (its bundled typings follow the older callback API). */
export const ld = jsonld as unknown as {
  canonize(input: string, options: object): Promise<string>;
  fromRDF(input: string, options: object): Promise<object[]>;
  toRDF(input: object, options: object): Promise<string>;
  compact(input: object, context: object, options: object): Promise<Record<string, unknown>>;
  frame(input: object, frame: object, options: object): Promise<Record<string, unknown>>;
};

/** Reads the project's JSON-LD context (the object under "@context") from ontology/context.jsonld. */
export async function loadContext(root: string): Promise<JsonLdContext> {
  const document = JSON.parse(await readFile(path.join(root, 'ontology', 'context.jsonld'), 'utf8')) as { '@context': JsonLdContext };
  return document['@context'];
}

/** A URL that JSON-LD processing asked for and may not load: only the project's own context is available. */
export class RemoteDocumentRefused extends Error {
  name = 'RemoteDocumentRefused';
  constructor(readonly url: string) {
    super(`JSON-LD processing may not load ${url}: only the project's own context is available`);
  }
}

/**
 * The one jsonld.js document loader of the app: hands out the project's context
 * at its IRIs (latest and versioned) and refuses every other URL without
 * touching the network.
 */
export function contextDocumentLoader(context: JsonLdContext) {
  return async (url: string) => {
    if (url === CONTEXT_IRI || url === VERSIONED_CONTEXT_IRI)
      return { contextUrl: undefined, documentUrl: url, document: { '@context': context } };
    throw new RemoteDocumentRefused(url);
  };
}

/** Quads → expanded JSON-LD (strings stay strings: no native numbers or booleans, so nothing is lost). */
export async function expandedFrom(quads: RDF.Quad[]): Promise<object[]> {
  return ld.fromRDF(new Writer({ format: 'N-Quads' }).quadsToString(quads), { format: 'application/n-quads' });
}

/** Compacts quads with the context; the only document the loader hands out is that context itself. */
export async function compactJsonLd(quads: RDF.Quad[], context: JsonLdContext): Promise<object> {
  const documentLoader = contextDocumentLoader(context);
  return ld.compact(await expandedFrom(quads), context, { documentLoader });
}

/** A JSON-LD document → quads, with the project's one document loader (no network). */
export async function jsonLdToQuads(document: object, context: JsonLdContext): Promise<RDF.Quad[]> {
  const nquads = await ld.toRDF(document, { format: 'application/n-quads', documentLoader: contextDocumentLoader(context) });
  return new Parser({ format: 'N-Quads' }).parse(nquads) as RDF.Quad[];
}

/** Expands a key or CURIE of the context to an IRI (terms, then prefixes). */
export function expandKey(name: string, context: JsonLdContext, depth = 0): string {
  const definition = context[name];
  const target =
    typeof definition === 'string'
      ? definition
      : definition && typeof definition === 'object' && typeof (definition as { '@id'?: unknown })['@id'] === 'string'
        ? (definition as { '@id': string })['@id']
        : undefined;
  if (target !== undefined && target !== name && depth < 8) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : expandKey(target, context, depth + 1);
  }
  const colon = name.indexOf(':');
  if (colon > 0) {
    const prefix = context[name.slice(0, colon)];
    if (typeof prefix === 'string') return prefix + name.slice(colon + 1);
  }
  return name;
}
