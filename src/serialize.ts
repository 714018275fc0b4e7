// Query results as bytes: SPARQL results in JSON, XML, CSV and TSV; graphs in
// Turtle, N-Triples, N-Quads, TriG (N3 Writer), JSON-LD (jsonld.js, compacted
// with the project's context) and RDF/XML (written here).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import jsonld from 'jsonld';
import { DataFactory, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import type { QueryResult } from './engine/index.js';
import type { MediaType } from './negotiate.js';
import { BASE, NS } from './namespaces.js';

/** The IRI under which the project's JSON-LD context is known (its file is ontology/context.jsonld). */
export const CONTEXT_IRI = `${BASE}context.jsonld`;

/** The version of ontology/context.jsonld; a changed context gets a new one (served at /context/{version}.jsonld). */
export const CONTEXT_VERSION = '1.1.0';

/** The IRI of this version of the context, which never changes once published. */
export const VERSIONED_CONTEXT_IRI = `${BASE}context/${CONTEXT_VERSION}.jsonld`;

/** The value of a JSON-LD document's "@context": prefixes and term definitions. */
export type JsonLdContext = Record<string, unknown>;

const XSD_STRING = `${NS.xsd}string`;
const RDF_LANG_STRING = `${NS.rdf}langString`;

/** A result that cannot be written in the chosen format (e.g. a predicate RDF/XML cannot name). */
export class SerializationError extends Error {
  name = 'SerializationError';
}

/** Reads the project's JSON-LD context (the object under "@context") from ontology/context.jsonld. */
export async function loadContext(root: string): Promise<JsonLdContext> {
  const document = JSON.parse(await readFile(path.join(root, 'ontology', 'context.jsonld'), 'utf8')) as { '@context': JsonLdContext };
  return document['@context'];
}

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
      return JSON.stringify(await compactJsonLd(quads, options.context), null, 2) + '\n';
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

// ---------------------------------------------------------------------------
// SPARQL 1.1 Query Results: JSON, XML, CSV, TSV.

type JsonTerm =
  | { type: 'uri' | 'bnode'; value: string }
  | { type: 'literal'; value: string; 'xml:lang'?: string; datatype?: string }
  | { type: 'triple'; value: { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm } };

function jsonTerm(term: RDF.Term): JsonTerm {
  switch (term.termType) {
    case 'NamedNode':
      return { type: 'uri', value: term.value };
    case 'BlankNode':
      return { type: 'bnode', value: term.value };
    case 'Literal':
      if (term.language) return { type: 'literal', value: term.value, 'xml:lang': term.language };
      if (term.datatype.value === XSD_STRING) return { type: 'literal', value: term.value };
      return { type: 'literal', value: term.value, datatype: term.datatype.value };
    case 'Quad':
      return {
        type: 'triple',
        value: { subject: jsonTerm(term.subject), predicate: jsonTerm(term.predicate), object: jsonTerm(term.object) },
      };
    default:
      throw new SerializationError(`a ${term.termType} cannot be a result value`);
  }
}

/** SPARQL 1.1 Query Results JSON; a cut result says so in `results.truncated`. */
export function sparqlJson(result: Exclude<QueryResult, { type: 'quads' }>): string {
  if (result.type === 'boolean') return JSON.stringify({ head: {}, boolean: result.value }) + '\n';
  return [...sparqlJsonPieces(result)].join('');
}

/** SPARQL JSON of bindings piece by piece, a row at a time: together the text JSON.stringify writes of the whole. */
function* sparqlJsonPieces(result: Extract<QueryResult, { type: 'bindings' }>): Generator<string> {
  yield `{"head":${JSON.stringify({ vars: result.variables })},"results":{"truncated":${result.truncated},"bindings":[`;
  let first = true;
  for (const row of result.rows) {
    const binding: Record<string, JsonTerm> = {};
    for (const variable of result.variables) if (row[variable]) binding[variable] = jsonTerm(row[variable]);
    yield (first ? '' : ',') + JSON.stringify(binding);
    first = false;
  }
  yield ']}}\n';
}

/**
 * A bindings result in JSON, CSV or TSV as pieces of text, a row at a time, for a large
 * result to be sent as it is written (src/http/stream.ts); undefined for other formats.
 */
export function serializePieces(result: QueryResult, media: MediaType): Iterable<string> | undefined {
  return result.type === 'bindings' ? bindingsPieces(result, media.type) : undefined;
}

function bindingsPieces(result: Extract<QueryResult, { type: 'bindings' }>, type: string): Iterable<string> | undefined {
  if (type === 'application/sparql-results+json') return sparqlJsonPieces(result);
  if (type === 'text/csv')
    return delimitedPieces(
      result,
      (v) => csvField(v),
      (t) => csvField(csvValue(t)),
      ',',
      '\r\n',
    );
  if (type === 'text/tab-separated-values')
    return delimitedPieces(
      result,
      (v) => `?${v}`,
      (t) => (t ? tsvTerm(t) : ''),
      '\t',
      '\n',
    );
  return undefined;
}

/** CSV or TSV of bindings: a header line, then a line a row. */
function* delimitedPieces(
  result: Extract<QueryResult, { type: 'bindings' }>,
  header: (variable: string) => string,
  cell: (term: RDF.Term | undefined) => string,
  separator: string,
  newline: string,
): Generator<string> {
  yield result.variables.map(header).join(separator) + newline;
  for (const row of result.rows) yield result.variables.map((v) => cell(row[v])).join(separator) + newline;
}

/** Escapes text for XML content or a double-quoted attribute; refuses characters XML 1.0 cannot carry. */
function xml(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)
  ) {
    throw new SerializationError('the result holds a character that XML 1.0 cannot represent; choose another format');
  }
  return text.replace(
    /[&<>"\r\t\n]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\t': '&#9;', '\n': '&#10;' })[c]!,
  );
}

/** Like xml(), but keeps tabs and line breaks literal: for element content, where they are data. */
function xmlText(text: string): string {
  return xml(text).replace(/&#9;/g, '\t').replace(/&#10;/g, '\n');
}

function xmlTerm(term: RDF.Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return `<uri>${xmlText(term.value)}</uri>`;
    case 'BlankNode':
      return `<bnode>${xmlText(term.value)}</bnode>`;
    case 'Literal':
      if (term.language) return `<literal xml:lang="${xml(term.language)}">${xmlText(term.value)}</literal>`;
      if (term.datatype.value === XSD_STRING) return `<literal>${xmlText(term.value)}</literal>`;
      return `<literal datatype="${xml(term.datatype.value)}">${xmlText(term.value)}</literal>`;
    case 'Quad':
      return `<triple><subject>${xmlTerm(term.subject)}</subject><predicate>${xmlTerm(term.predicate)}</predicate><object>${xmlTerm(term.object)}</object></triple>`;
    default:
      throw new SerializationError(`a ${term.termType} cannot be a result value`);
  }
}

/** SPARQL Query Results XML Format. */
export function sparqlXml(result: Exclude<QueryResult, { type: 'quads' }>): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">'];
  if (result.type === 'boolean') {
    lines.push('  <head/>', `  <boolean>${result.value}</boolean>`);
  } else {
    lines.push('  <head>', ...result.variables.map((v) => `    <variable name="${xml(v)}"/>`), '  </head>', '  <results>');
    for (const row of result.rows) {
      lines.push('    <result>');
      for (const variable of result.variables) {
        if (row[variable]) lines.push(`      <binding name="${xml(variable)}">${xmlTerm(row[variable])}</binding>`);
      }
      lines.push('    </result>');
    }
    lines.push('  </results>');
  }
  lines.push('</sparql>');
  return lines.join('\n') + '\n';
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvValue(term: RDF.Term | undefined): string {
  if (!term) return '';
  if (term.termType === 'BlankNode') return `_:${term.value}`;
  if (term.termType === 'Quad') return `<< ${tsvTerm(term)} >>`;
  return term.value;
}

/** SPARQL 1.1 Query Results CSV (values only); an ASK answer as one `_askResult` column. */
export function sparqlCsv(result: Exclude<QueryResult, { type: 'quads' }>): string {
  if (result.type === 'boolean') return `_askResult\r\n${result.value}\r\n`;
  return [...bindingsPieces(result, 'text/csv')!].join('');
}

function tsvString(text: string): string {
  return `"${text.replace(/[\\"\t\n\r]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)}"`;
}

/** A term in SPARQL/Turtle syntax, as TSV results write it. */
function tsvTerm(term: RDF.Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return `<${term.value.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`)}>`;
    case 'BlankNode':
      return `_:${term.value}`;
    case 'Literal':
      if (term.language) return `${tsvString(term.value)}@${term.language}`;
      if (term.datatype.value === XSD_STRING) return tsvString(term.value);
      return `${tsvString(term.value)}^^${tsvTerm(term.datatype)}`;
    case 'Quad':
      return `<< ${tsvTerm(term.subject)} ${tsvTerm(term.predicate)} ${tsvTerm(term.object)} >>`;
    default:
      throw new SerializationError(`a ${term.termType} cannot be a result value`);
  }
}

/** SPARQL 1.1 Query Results TSV (terms in Turtle syntax); an ASK answer as one `?_askResult` column. */
export function sparqlTsv(result: Exclude<QueryResult, { type: 'quads' }>): string {
  if (result.type === 'boolean') return `?_askResult\n${result.value}\n`;
  return [...bindingsPieces(result, 'text/tab-separated-values')!].join('');
}

// ---------------------------------------------------------------------------
// JSON-LD.

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

/** Compacts quads with the context; the only document the loader hands out is that context itself. */
export async function compactJsonLd(quads: RDF.Quad[], context: JsonLdContext): Promise<object> {
  const nquads = new Writer({ format: 'N-Quads' }).quadsToString(quads);
  const documentLoader = contextDocumentLoader(context);
  const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
  return jsonld.compact(expanded, context as never, { documentLoader: documentLoader as never });
}

// ---------------------------------------------------------------------------
// RDF/XML.

const RDF_NS = NS.rdf;
const NC_NAME_START =
  /[A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NC_NAME_CHAR =
  /[-.0-9\u00B7\u0300-\u036F\u203F-\u2040A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;

/** Splits a predicate IRI into namespace and XML local name (the longest NCName tail), or undefined if it has none. */
export function splitForXml(iri: string): [string, string] | undefined {
  let start = iri.length;
  while (start > 0 && NC_NAME_CHAR.test(iri[start - 1])) start--;
  while (start < iri.length && !NC_NAME_START.test(iri[start])) start++;
  if (start >= iri.length || start === 0) return undefined;
  return [iri.slice(0, start), iri.slice(start)];
}

/** RDF/XML of triples: one rdf:Description per subject, namespaces declared on the root. */
export function rdfXml(triples: RDF.Quad[], prefixes: Record<string, string> = {}): string {
  const namespaces = new Map<string, string>([[RDF_NS, 'rdf']]);
  for (const [prefix, ns] of Object.entries(prefixes)) {
    if (!namespaces.has(ns) && /^[A-Za-z_][\w.-]*$/.test(prefix) && !/^xml/i.test(prefix)) namespaces.set(ns, prefix);
  }
  const taken = new Set(namespaces.values());
  const qname = (iri: string): string => {
    const split = splitForXml(iri);
    if (!split) throw new SerializationError(`RDF/XML cannot name the predicate <${iri}>; choose Turtle or N-Triples`);
    const [ns, local] = split;
    let prefix = namespaces.get(ns);
    if (!prefix) {
      let n = namespaces.size;
      while (taken.has(`ns${n}`)) n++;
      prefix = `ns${n}`;
      namespaces.set(ns, prefix);
      taken.add(prefix);
    }
    return `${prefix}:${local}`;
  };

  const blankIds = new Map<string, string>();
  const nodeId = (term: RDF.Term) => {
    if (!blankIds.has(term.value)) blankIds.set(term.value, `b${blankIds.size}`);
    return blankIds.get(term.value)!;
  };
  const subjectAttribute = (term: RDF.Term) => {
    if (term.termType === 'NamedNode') return `rdf:about="${xml(term.value)}"`;
    if (term.termType === 'BlankNode') return `rdf:nodeID="${nodeId(term)}"`;
    throw new SerializationError('RDF/XML cannot write quoted triples; choose Turtle or N-Triples');
  };

  const bySubject = new Map<string, { subject: RDF.Term; lines: string[] }>();
  for (const { subject, predicate, object } of triples) {
    const key = `${subject.termType}|${subject.value}`;
    if (!bySubject.has(key)) bySubject.set(key, { subject, lines: [] });
    const name = qname(predicate.value);
    let line: string;
    if (object.termType === 'NamedNode') line = `<${name} rdf:resource="${xml(object.value)}"/>`;
    else if (object.termType === 'BlankNode') line = `<${name} rdf:nodeID="${nodeId(object)}"/>`;
    else if (object.termType === 'Literal') {
      const attribute = object.language
        ? ` xml:lang="${xml(object.language)}"`
        : object.datatype.value === XSD_STRING || object.datatype.value === RDF_LANG_STRING
          ? ''
          : ` rdf:datatype="${xml(object.datatype.value)}"`;
      line = `<${name}${attribute}>${xmlText(object.value)}</${name}>`;
    } else throw new SerializationError('RDF/XML cannot write quoted triples; choose Turtle or N-Triples');
    bySubject.get(key)!.lines.push(line);
  }

  const body: string[] = [];
  for (const { subject, lines } of bySubject.values()) {
    body.push(`  <rdf:Description ${subjectAttribute(subject)}>`, ...lines.map((l) => `    ${l}`), '  </rdf:Description>');
  }
  const declarations = [...namespaces].map(([ns, prefix]) => `\n    xmlns:${prefix}="${xml(ns)}"`).join('');
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<rdf:RDF${declarations}>`, ...body, '</rdf:RDF>'].join('\n') + '\n';
}

/** The rows of a result as the number a log line reports. */
export function resultSize(result: QueryResult): number {
  return result.type === 'boolean' ? 1 : result.type === 'bindings' ? result.rows.length : result.quads.length;
}
