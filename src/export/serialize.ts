// Query results as bytes: SPARQL results (sparql-results.ts) for bindings and
// booleans; graphs in Turtle, N-Triples, N-Quads, TriG (N3 Writer), JSON-LD
// (jsonld.js, compacted with the project's context) and RDF/XML (rdf-xml.ts).
import { DataFactory, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import type { QueryResult } from '../engine/index.js';
import { NS } from '../namespaces.js';
import type { MediaType } from '../negotiate.js';
import { compactJsonLd, type JsonLdContext } from './json-ld.js';
import { rdfXml } from './rdf-xml.js';
import { SerializationError } from './serialization-error.js';
import { sparqlCsv, sparqlJson, sparqlTsv, sparqlXml } from './sparql-results.js';

export interface SerializeOptions {
  /** The JSON-LD context to compact with. */
  context: JsonLdContext;
  /** Prefixes that Turtle, TriG and RDF/XML may use; only those a result needs are written. */
  prefixes?: Record<string, string>;
  /** The most quads written as JSON-LD: compaction runs in the calling thread, about a quarter second per thousand. */
  maxJsonLdQuads?: number;
}

/** Writes a query result in the chosen media type. */
export async function serialize(result: QueryResult, media: MediaType, options: SerializeOptions): Promise<string> {
  if (result.type === 'quads') return serializeQuads(result.quads, media, options);
  switch (media.type) {
    case 'application/sparql-results+json':
      return sparqlJson(result);
    case 'application/sparql-results+xml':
      return sparqlXml(result);
    case 'text/csv':
      return sparqlCsv(result);
    case 'text/tab-separated-values':
      return sparqlTsv(result);
  }
  throw new SerializationError(`${media.type} cannot carry a ${result.type} result`);
}

/** Writes triples or quads in an RDF media type. */
export async function serializeQuads(quads: RDF.Quad[], media: MediaType, options: SerializeOptions): Promise<string> {
  const prefixes = usedPrefixes(quads, options.prefixes ?? NS, { abbreviable: true });
  switch (media.type) {
    case 'text/turtle':
      return writeN3(triplesOf(quads), 'Turtle', prefixes);
    case 'application/n-triples':
      return new Writer({ format: 'N-Triples' }).quadsToString(triplesOf(quads));
    case 'application/n-quads':
      return new Writer({ format: 'N-Quads' }).quadsToString(quads);
    case 'application/trig':
      return writeN3(quads, 'TriG', prefixes);
    case 'application/ld+json':
      if (options.maxJsonLdQuads !== undefined && quads.length > options.maxJsonLdQuads) {
        throw new SerializationError(
          `JSON-LD is written for graphs of at most ${options.maxJsonLdQuads} triples (UPR_MAX_JSONLD_TRIPLES), and this one has ${quads.length}: ask for Turtle, N-Triples or N-Quads (Accept or ?format=ttl).`,
        );
      }
      return `${JSON.stringify(await compactJsonLd(quads, options.context), null, 2)}\n`;
    case 'application/rdf+xml':
      return rdfXml(triplesOf(quads), prefixes);
  }
  throw new SerializationError(`${media.type} cannot carry a graph`);
}

/** Turtle or TriG with prefix declarations (N3 Writer writes them only when streaming). */
function writeN3(quads: RDF.Quad[], format: 'Turtle' | 'TriG', prefixes: Record<string, string>): Promise<string> {
  const writer = new Writer({ format, prefixes });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((error, result: string) => (error ? reject(error) : resolve(result))));
}

/** The quads moved to the default graph: Turtle, N-Triples and RDF/XML hold one graph. */
function triplesOf(quads: RDF.Quad[]): RDF.Quad[] {
  return quads.map((q) => (q.graph.termType === 'DefaultGraph' ? q : (DataFactory.quad(q.subject, q.predicate, q.object) as RDF.Quad)));
}

function* iris(term: RDF.Term): Generator<string> {
  if (term.termType === 'NamedNode') yield term.value;
  else if (term.termType === 'Literal') yield term.datatype.value;
  else if (term.termType === 'Quad') {
    yield* iris(term.subject);
    yield* iris(term.predicate);
    yield* iris(term.object);
    yield* iris(term.graph);
  }
}

/** A local name N3's writer abbreviates to `prefix:local`. */
const ABBREVIABLE = /^[_a-zA-Z0-9](?:\.?[-_a-zA-Z0-9])*$/;

/**
 * The prefixes whose namespace some IRI of the quads starts with; with
 * `abbreviable`, only those that shorten some IRI to a prefixed name.
 */
export function usedPrefixes(
  quads: Iterable<RDF.Quad>,
  candidates: Record<string, string>,
  options: { abbreviable?: boolean } = {},
): Record<string, string> {
  const entries = Object.entries(candidates);
  const used = new Set<string>();
  const seen = new Set<string>();
  for (const quad of quads) {
    for (const iri of iris(quad)) {
      if (seen.has(iri)) continue;
      seen.add(iri);
      for (const [prefix, namespace] of entries) {
        if (iri.startsWith(namespace) && (!options.abbreviable || ABBREVIABLE.test(iri.slice(namespace.length)))) used.add(prefix);
      }
    }
  }
  return Object.fromEntries(entries.filter(([prefix]) => used.has(prefix)));
}

/** The rows of a result as the number a log line reports. */
export function resultSize(result: QueryResult): number {
  return result.type === 'boolean' ? 1 : result.type === 'bindings' ? result.rows.length : result.quads.length;
}
