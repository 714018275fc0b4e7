// The one place exports are produced, for the CLI (`npm run export`) and for
// HTTP (/dump/*, /.well-known/void) alike: the whole dataset in N-Quads, TriG,
// N-Triples, Turtle and compacted JSON-LD; framed JSON-LD views per kind
// (ontology/frames/*.json); a schema.org-readable form; one CSV per class;
// and the VoID/DCAT description of them all (sizes, checksums, counts).
//
// Everything starts from the store's content in RDF canonical form
// (RDFC-1.0, formerly URDNA2015): sorted, with canonical blank node labels, so
// the same data gives the same bytes and checksums on every run.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import jsonld from 'jsonld';
import { DataFactory, Parser, Store, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import { graphFiles } from './load.js';
import { distinctTriples, termKey as key, tripleKey } from './triples.js';

export { distinctTriples };
import { BASE, ID, NS, ONTOLOGY_GRAPH } from './namespaces.js';
import { MEDIA_TYPES, mediaTypesFor, type MediaType } from './negotiate.js';
import { compactJsonLd, contextDocumentLoader, serializeQuads, VERSIONED_CONTEXT_IRI, type JsonLdContext } from './serialize.js';

const { namedNode, literal, blankNode, quad } = DataFactory;

/** jsonld.js's promise API, typed as used here (its bundled typings follow the older callback API). */
const ld = jsonld as unknown as {
  canonize(input: string, options: object): Promise<string>;
  fromRDF(input: string, options: object): Promise<object[]>;
  toRDF(input: object, options: object): Promise<string>;
  compact(input: object, context: object, options: object): Promise<Record<string, unknown>>;
  frame(input: object, frame: object, options: object): Promise<Record<string, unknown>>;
};

/** Namespaces of the dataset description, beside the project's. */
export const DESCRIPTION_NS = {
  void: 'http://rdfs.org/ns/void#',
  dcat: 'http://www.w3.org/ns/dcat#',
  spdx: 'http://spdx.org/rdf/terms#',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
} as const;

/** Prefixes the Turtle and TriG dumps may declare (only those used are written). */
export const EXPORT_PREFIXES: Record<string, string> = { ...NS, ...DESCRIPTION_NS };

/** The persistent IRI of the dataset (it never depends on where the dumps are served). */
export const DATASET_IRI = `${BASE}dataset`;

/** The frames of the framed views, as ontology/frames/{kind}.json. */
export const VIEW_KINDS = ['cases', 'provisions', 'recommendations', 'people', 'outlets'] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

const RDF_TYPE = `${NS.rdf}type`;
const XSD = NS.xsd;
const SCHEMA = NS.schema;

/** One downloadable file. */
export interface DumpFile {
  /** Its path under /dump/ and under the CLI's --out directory: `upr-graph.nq`, `views/cases.jsonld`, `csv/case.csv`. */
  path: string;
  /** What it holds, in a sentence. */
  title: string;
  media: MediaType;
  /** The bytes, uncompressed: sizes and checksums are of these. */
  body: Buffer;
  /** The same bytes gzipped once, for clients that accept gzip. */
  gzip: Buffer;
  /** SHA-256 of `body`, lower-case hex. */
  sha256: string;
  /** What it counts: distinct triples for triple formats, quads for quad formats, rows for CSV. */
  count: { value: number; unit: 'triples' | 'quads' | 'rows' };
  /** An RDF serialisation of the whole dataset (a void:dataDump). */
  dataDump: boolean;
}

/** Counts of the loaded data, as VoID states them. */
export interface DatasetCounts {
  /** Quads: a triple once per named graph it is in (the N-Quads, TriG and JSON-LD dumps). */
  quads: number;
  /** Distinct triples of the union of the graphs (the N-Triples dump; void:triples). */
  triples: number;
  graphs: Array<{ iri: string; triples: number }>;
  /** rdf:type class → distinct instances. */
  classes: Map<string, number>;
  /** predicate → distinct triples. */
  properties: Map<string, number>;
  distinctSubjects: number;
  distinctObjects: number;
  /** Distinct subjects whose IRI is in the dataset's URI space (https://w3id.org/upr-graph/id/). */
  entities: number;
}

/** What the description says of the dataset beyond its counts. */
export interface DatasetMetadata {
  title: string;
  description: string;
  version: string;
  /** First release (xsd:date), if known. */
  issued?: string;
  /** Last change of the data files (xsd:date). */
  modified: string;
  license: string;
}

export interface Exports {
  /** Every file, in the order the description lists them (the Turtle dump last). */
  files: DumpFile[];
  byPath: Map<string, DumpFile>;
  counts: DatasetCounts;
  metadata: DatasetMetadata;
  /** The VoID/DCAT description with download URLs under `base` (e.g. `http://127.0.0.1:3000/`). */
  description(base: string): RDF.Quad[];
}

export interface ExportOptions {
  /** The project's JSON-LD context (ontology/context.jsonld). */
  context: JsonLdContext;
  /** Frame documents by kind (ontology/frames/*.json). */
  frames: Map<string, Frame>;
  metadata: DatasetMetadata;
  /** The base of the URLs in the description inside the Turtle dump (default: the persistent https://w3id.org/upr-graph/). */
  base?: string;
  /**
   * Builds only the files whose path starts with one of these (`upr-graph.nq`, `csv/`, `views/cases.jsonld`):
   * the command line's single-format export. Default, and whenever the Turtle dump is asked for (it describes
   * every file, sizes and checksums included): all of them.
   */
  only?: string[];
}

/** A JSON-LD frame document. */
export type Frame = Record<string, unknown>;

// ---------------------------------------------------------------------------
// Reading what the exports need.

/** Reads ontology/frames/*.json, keyed by file name without extension. */
export async function loadFrames(root: string): Promise<Map<string, Frame>> {
  const dir = path.join(root, 'ontology', 'frames');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  const frames = new Map<string, Frame>();
  for (const name of names) frames.set(name.slice(0, -'.json'.length), JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Frame);
  return frames;
}

const run = promisify(execFile);

/** The day of the last change to the loaded files: the last commit touching them when git knows them unchanged, else their newest mtime. */
async function lastModified(root: string): Promise<string> {
  try {
    const opts = { cwd: root, timeout: 10_000 };
    const [{ stdout: dirty }, { stdout: day }] = await Promise.all([
      run('git', ['status', '--porcelain', '--', 'ontology', 'data'], opts),
      run('git', ['log', '-1', '--format=%cs', '--', 'ontology', 'data'], opts),
    ]);
    if (dirty.trim() === '' && /^\d{4}-\d{2}-\d{2}$/.test(day.trim())) return day.trim();
  } catch {
    // not a git checkout, or no git: fall back to the files' times
  }
  let newest = 0;
  for (const { file } of await graphFiles(root)) newest = Math.max(newest, (await stat(file)).mtimeMs);
  return new Date(newest || Date.now()).toISOString().slice(0, 10);
}

/** The dataset's title, licence, version (package.json) and dates (issued: the ontology's dcterms:created). */
export async function datasetMetadata(root: string, store: Store): Promise<DatasetMetadata> {
  const ontology = namedNode(`${BASE}ontology`);
  const first = (p: string) => store.getQuads(ontology, namedNode(p), null, null)[0]?.object.value;
  let version = first(`${NS.owl}versionInfo`) ?? '0.0.0';
  try {
    version = (JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? version;
  } catch {
    // no package.json under root: the ontology's version stands
  }
  return {
    title: 'UPR Graph',
    description:
      'A linked-data knowledge graph of what human-rights organisations report to the UN Universal Periodic Review: ' +
      'the laws and provisions they criticise, the cases they document, the people, outlets and organisations involved, ' +
      'and the UPR recommendations they assess, each statement traced to the paragraph and footnote it comes from.',
    version,
    issued: first(`${NS.dcterms}created`),
    modified: await lastModified(root),
    license: first(`${NS.dcterms}license`) ?? 'https://creativecommons.org/licenses/by/4.0/',
  };
}

// ---------------------------------------------------------------------------
// Terms and quads.

/** Orders strings by code point, the same in every locale (so the bytes of an export never depend on the machine). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A media type of the table by its short name, RDF formats first (`json` and `xml` name results formats too). */
function mediaNamed(name: string): MediaType {
  const media = mediaTypesFor('quads').find((m) => m.names.includes(name)) ?? MEDIA_TYPES.find((m) => m.names.includes(name));
  if (!media) throw new Error(`no media type named ${name}`);
  return media;
}

/** The store's quads in RDF canonical form (RDFC-1.0 / URDNA2015): sorted N-Quads lines, canonical blank node labels. */
export async function canonicalQuads(quads: RDF.Quad[]): Promise<RDF.Quad[]> {
  const nquads = new Writer({ format: 'N-Quads' }).quadsToString(quads);
  const canonical = await ld.canonize(nquads, {
    algorithm: 'URDNA2015',
    inputFormat: 'application/n-quads',
    format: 'application/n-quads',
    documentLoader: contextDocumentLoader({}),
  });
  return new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(canonical) as RDF.Quad[];
}

/** Quads → expanded JSON-LD (strings stay strings: no native numbers or booleans, so nothing is lost). */
async function expandedFrom(quads: RDF.Quad[]): Promise<object[]> {
  return ld.fromRDF(new Writer({ format: 'N-Quads' }).quadsToString(quads), { format: 'application/n-quads' });
}

/** A JSON-LD document → quads, with the project's one document loader (no network). */
export async function jsonLdToQuads(document: object, context: JsonLdContext): Promise<RDF.Quad[]> {
  const nquads = await ld.toRDF(document, { format: 'application/n-quads', documentLoader: contextDocumentLoader(context) });
  return new Parser({ format: 'N-Quads' }).parse(nquads) as RDF.Quad[];
}

// ---------------------------------------------------------------------------
// Counts.

/** The counts VoID states, from the store's quads. */
export function countDataset(quads: RDF.Quad[]): DatasetCounts {
  const triples = distinctTriples(quads);
  const graphCounts = new Map<string, number>();
  for (const q of quads) if (q.graph.termType === 'NamedNode') graphCounts.set(q.graph.value, (graphCounts.get(q.graph.value) ?? 0) + 1);
  const classMembers = new Map<string, Set<string>>();
  const properties = new Map<string, number>();
  const subjects = new Set<string>();
  const objects = new Set<string>();
  for (const t of triples) {
    subjects.add(key(t.subject));
    objects.add(key(t.object));
    properties.set(t.predicate.value, (properties.get(t.predicate.value) ?? 0) + 1);
    if (t.predicate.value === RDF_TYPE && t.object.termType === 'NamedNode') {
      if (!classMembers.has(t.object.value)) classMembers.set(t.object.value, new Set());
      classMembers.get(t.object.value)!.add(key(t.subject));
    }
  }
  return {
    quads: quads.length,
    triples: triples.length,
    graphs: [...graphCounts].map(([iri, n]) => ({ iri, triples: n })).sort((a, b) => compare(a.iri, b.iri)),
    classes: new Map([...classMembers].map(([c, members]) => [c, members.size] as const).sort((a, b) => compare(a[0], b[0]))),
    properties: new Map([...properties].sort((a, b) => compare(a[0], b[0]))),
    distinctSubjects: subjects.size,
    distinctObjects: objects.size,
    entities: [...subjects].filter((s) => s.startsWith(ID)).length,
  };
}

// ---------------------------------------------------------------------------
// Framed views.

/** Expands a key or CURIE of the context to an IRI (terms, then prefixes). */
function expandKey(name: string, context: JsonLdContext, depth = 0): string {
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

function subframes(value: unknown): Frame | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v && typeof v === 'object' ? (v as Frame) : undefined;
}

/**
 * The triples a framed view claims to hold: every triple of each node the frame
 * matches at the top (by `@type`), and of every node it embeds through a
 * property or `@reverse` property named in the frame, at any depth.
 */
export function frameClaim(union: Store, frame: Frame, context: JsonLdContext): RDF.Quad[] {
  const types = ([] as unknown[]).concat(frame['@type'] ?? []).map((t) => expandKey(String(t), context));
  if (types.length === 0) throw new Error('a view frame must name the @type of its top-level nodes');
  const included = new Map<string, RDF.Quad>();
  const visited = new Set<string>();
  const visit = (node: RDF.Term, sub: Frame) => {
    const mark = `${key(node)} ${JSON.stringify(sub)}`;
    if (visited.has(mark)) return;
    visited.add(mark);
    for (const q of union.getQuads(node, null, null, null)) included.set(tripleKey(q), q);
    for (const [name, value] of Object.entries(sub)) {
      if (name.startsWith('@')) continue;
      const inner = subframes(value);
      if (!inner) continue;
      for (const q of union.getQuads(node, namedNode(expandKey(name, context)), null, null)) {
        if (q.object.termType === 'NamedNode' || q.object.termType === 'BlankNode') visit(q.object, inner);
      }
    }
    for (const [name, value] of Object.entries((sub['@reverse'] as Frame | undefined) ?? {})) {
      const inner = subframes(value);
      if (!inner) continue;
      for (const q of union.getQuads(null, namedNode(expandKey(name, context)), node, null)) {
        included.set(tripleKey(q), q);
        visit(q.subject, inner);
      }
    }
  };
  const tops = new Map<string, RDF.Term>();
  for (const type of types)
    for (const q of union.getQuads(null, namedNode(RDF_TYPE), namedNode(type), null)) tops.set(key(q.subject), q.subject);
  for (const node of [...tops.values()].sort((a, b) => compare(key(a), key(b)))) visit(node, frame);
  return [...included.values()];
}

/** The document's "@context" with the project's context IRI replaced by the context itself, so no reader has to fetch it. */
function inlineContext(document: Record<string, unknown>, context: JsonLdContext): Record<string, unknown> {
  const { '@context': ctx, ...rest } = document;
  const inline = (c: unknown): unknown => (c === VERSIONED_CONTEXT_IRI || c === `${BASE}context.jsonld` ? context : c);
  return { '@context': Array.isArray(ctx) ? ctx.map(inline) : inline(ctx), ...rest };
}

/** A framed view: the frame applied to exactly the triples it claims (so nothing else is embedded), context inlined. */
export async function frameView(
  union: Store,
  frame: Frame,
  context: JsonLdContext,
): Promise<{ document: Record<string, unknown>; triples: RDF.Quad[] }> {
  const triples = sortQuads(frameClaim(union, frame, context));
  const framed = await ld.frame(await expandedFrom(triples), frame, {
    documentLoader: contextDocumentLoader(context),
    embed: '@once',
    omitDefault: true,
    omitGraph: false,
  });
  return { document: inlineContext(framed, context), triples };
}

// ---------------------------------------------------------------------------
// The schema.org-readable form.

const S = (local: string) => `${SCHEMA}${local}`;

/** Properties without a schema.org super-property, and the schema.org property a schema.org reader gets for them. */
export const SCHEMA_ORG_PROPERTIES: Record<string, string> = {
  [`${NS.rdfs}comment`]: S('description'),
  [`${NS.dcterms}description`]: S('description'),
  [`${NS.skos}definition`]: S('description'),
  [`${NS.owl}sameAs`]: S('sameAs'),
  [`${NS.dcterms}license`]: S('license'),
  [`${NS.dcterms}date`]: S('datePublished'),
  [`${NS.dcterms}created`]: S('dateCreated'),
  [`${NS.dcterms}source`]: S('subjectOf'),
  [`${NS.dcterms}references`]: S('citation'),
  [`${NS.dcterms}isPartOf`]: S('isPartOf'),
  [`${NS.dcterms}creator`]: S('creator'),
  [`${NS.dcterms}subject`]: S('about'),
  [`${NS.dcterms}spatial`]: S('spatialCoverage'),
  [`${NS.dcterms}type`]: S('additionalType'),
  [`${NS.dcterms}identifier`]: S('identifier'),
  [`${NS.skos}inScheme`]: S('inDefinedTermSet'),
  [`${NS.skos}topConceptOf`]: S('inDefinedTermSet'),
  [`${NS.skos}hasTopConcept`]: S('hasDefinedTerm'),
  [`${NS.upr}date`]: S('startDate'),
  [`${NS.upr}footnoteNumber`]: S('position'),
  [`${NS.upr}role`]: S('jobTitle'),
  [`${NS.upr}court`]: S('organizer'),
  [`${NS.upr}defendant`]: S('about'),
  [`${NS.upr}claimant`]: S('about'),
  [`${NS.upr}victim`]: S('about'),
  [`${NS.upr}target`]: S('about'),
  [`${NS.upr}sentencedPerson`]: S('about'),
  [`${NS.upr}prosecutedUnder`]: S('about'),
  [`${NS.upr}suedUnder`]: S('about'),
  [`${NS.upr}impliedProvision`]: S('about'),
  [`${NS.upr}prosecutedUnderInstrument`]: S('about'),
};

/** Classes without a schema.org superclass, and the schema.org type a schema.org reader gets for them. */
export const SCHEMA_ORG_TYPES: Record<string, string> = {
  [`${NS.skos}Concept`]: S('DefinedTerm'),
  [`${NS.skos}ConceptScheme`]: S('DefinedTermSet'),
};

/** Where a node's schema:name comes from, in order: the first it has. */
const NAME_SOURCES = [S('name'), `${NS.rdfs}label`, `${NS.skos}prefLabel`, `${NS.dcterms}title`];

/** The nearest schema.org term above `iri`, by the table or by rdfs:subClassOf / rdfs:subPropertyOf in the ontology (breadth first). */
function nearestSchemaTerm(iri: string, table: Record<string, string>, parents: Map<string, string[]>): string | undefined {
  const queue = [iri];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (table[current]) return table[current];
    if (current !== iri && current.startsWith(SCHEMA)) return current;
    for (const parent of parents.get(current) ?? []) {
      if (!seen.has(parent)) {
        seen.add(parent);
        queue.push(parent);
      }
    }
  }
  return undefined;
}

/**
 * The schema.org-readable form: every triple of the document graphs and the
 * concept schemes, plus, for each, its schema.org reading (schema.org types,
 * names, descriptions, dates and links), so a reader that knows only
 * schema.org still finds them. Nothing is taken away.
 */
export function schemaOrgTriples(quads: RDF.Quad[]): RDF.Quad[] {
  const union = distinctTriples(quads);
  const parents = new Map<string, string[]>();
  for (const t of union) {
    if (t.predicate.value === `${NS.rdfs}subClassOf` || t.predicate.value === `${NS.rdfs}subPropertyOf`) {
      if (t.object.termType === 'NamedNode') parents.set(t.subject.value, [...(parents.get(t.subject.value) ?? []), t.object.value]);
    }
  }
  const concepts = new Set(
    union
      .filter(
        (t) => t.predicate.value === RDF_TYPE && (t.object.value === `${NS.skos}Concept` || t.object.value === `${NS.skos}ConceptScheme`),
      )
      .map((t) => key(t.subject)),
  );
  const inScope = new Set([...quads.filter((q) => q.graph.value !== ONTOLOGY_GRAPH).map((q) => key(q.subject)), ...concepts]);
  const out = new Map<string, RDF.Quad>();
  const add = (t: RDF.Quad) => out.set(tripleKey(t), t);
  const bySubject = new Map<string, RDF.Quad[]>();
  for (const t of union) {
    if (!inScope.has(key(t.subject))) continue;
    if (!bySubject.has(key(t.subject))) bySubject.set(key(t.subject), []);
    bySubject.get(key(t.subject))!.push(t);
  }
  for (const triples of bySubject.values()) {
    let typed = false;
    const nameSource = NAME_SOURCES.find((p) => triples.some((t) => t.predicate.value === p));
    for (const t of triples) {
      add(t);
      const p = t.predicate.value;
      if (p === RDF_TYPE) {
        const type = t.object.value.startsWith(SCHEMA) ? t.object.value : nearestSchemaTerm(t.object.value, SCHEMA_ORG_TYPES, parents);
        if (type) {
          typed = true;
          add(quad(t.subject, t.predicate, namedNode(type)) as RDF.Quad);
        }
      } else if (NAME_SOURCES.includes(p)) {
        if (p === nameSource) add(quad(t.subject, namedNode(S('name')), t.object) as RDF.Quad);
      } else if (!p.startsWith(SCHEMA)) {
        const mapped = nearestSchemaTerm(p, SCHEMA_ORG_PROPERTIES, parents);
        if (mapped) add(quad(t.subject, namedNode(mapped), t.object) as RDF.Quad);
      }
    }
    if (!typed) add(quad(triples[0].subject, namedNode(RDF_TYPE), namedNode(S('Thing'))) as RDF.Quad);
  }
  return sortQuads([...out.values()]);
}

/** schema.org properties whose values are links: written as plain IRI strings in the schema.org form. */
const SCHEMA_LINKS = [
  'about',
  'additionalType',
  'affiliation',
  'author',
  'citation',
  'creator',
  'hasDefinedTerm',
  'inDefinedTermSet',
  'isPartOf',
  'jobTitle',
  'legislationJurisdiction',
  'legislationLegalForce',
  'license',
  'organizer',
  'parentOrganization',
  'publisher',
  'sameAs',
  'spatialCoverage',
  'sponsor',
  'subjectOf',
  'url',
  'parent',
  'children',
];

/** The context of the schema.org form: schema.org as the vocabulary (bare keys), other vocabularies by prefix, IRIs in full. */
export const SCHEMA_ORG_CONTEXT: JsonLdContext = {
  '@vocab': SCHEMA,
  upr: NS.upr,
  skos: NS.skos,
  dcterms: NS.dcterms,
  prov: NS.prov,
  owl: NS.owl,
  rdf: NS.rdf,
  rdfs: NS.rdfs,
  xsd: NS.xsd,
  ...Object.fromEntries(SCHEMA_LINKS.map((name) => [name, { '@id': S(name), '@type': '@id' }])),
  startDate: { '@id': S('startDate'), '@type': `${XSD}date` },
  dateCreated: { '@id': S('dateCreated'), '@type': `${XSD}date` },
};

// ---------------------------------------------------------------------------
// CSV per class.

/** The CSV files: which entities each lists (by rdf:type, subclasses included, minus `except`). */
export const CSV_CLASSES: Array<{ name: string; title: string; types: string[]; except?: string[] }> = [
  { name: 'case', title: 'cases', types: [`${NS.upr}Case`] },
  { name: 'provision', title: 'provisions (articles and their parts)', types: [`${NS.upr}Provision`] },
  { name: 'instrument', title: 'legal instruments (laws, codes, treaties)', types: [S('Legislation')], except: [`${NS.upr}Provision`] },
  { name: 'recommendation', title: 'recommendations', types: [`${NS.upr}Recommendation`] },
  { name: 'person', title: 'people', types: [`${NS.upr}Person`] },
  { name: 'outlet', title: 'media outlets', types: [`${NS.upr}Outlet`] },
  {
    name: 'organization',
    title: 'organisations other than outlets (courts, ministries, companies, NGOs)',
    types: [S('Organization')],
    except: [`${NS.upr}Outlet`],
  },
  { name: 'source', title: 'cited works', types: [`${NS.upr}Source`] },
  { name: 'footnote', title: 'footnotes', types: [`${NS.upr}Footnote`] },
  { name: 'paragraph', title: 'numbered paragraphs', types: [`${NS.upr}Paragraph`] },
  { name: 'submission', title: 'submissions', types: [`${NS.upr}Submission`] },
  { name: 'country', title: 'states and the international jurisdiction', types: [S('Country'), `${NS.upr}InternationalJurisdiction`] },
  { name: 'sentence', title: 'sentences', types: [`${NS.upr}Sentence`] },
  { name: 'amount', title: 'sums of money (damages, alleged amounts)', types: [S('MonetaryAmount')] },
  {
    name: 'reading',
    title: 'readings: what a paragraph or footnote says of a fact the document states two ways',
    types: [`${NS.upr}Reading`],
  },
  { name: 'inference', title: 'inferences: values the document does not state, with their basis', types: [`${NS.upr}Inference`] },
  {
    name: 'event',
    title: 'events other than cases (protests, arrests, public discussions)',
    types: [S('Event')],
    except: [`${NS.upr}Case`],
  },
  { name: 'concept', title: 'concepts of the controlled lists (themes, case types, responses, ...)', types: [`${NS.skos}Concept`] },
];

/** Where a CSV row's title comes from, in order: the first its entity has. */
const CSV_TITLE_SOURCES = [`${NS.rdfs}label`, S('name'), `${NS.skos}prefLabel`, `${NS.dcterms}title`];

/** Separates the values of a multi-valued CSV cell. */
export const CSV_SEPARATOR = ' | ';

/** Column names a property may not take: the CSV's own columns, and Uwazi's reserved `id`. */
const RESERVED_COLUMNS = new Set(['iri', 'title', 'type', 'id']);

/** A predicate's column name: its key in the context (`defendant`), else a CURIE (`dcterms:title`, `schema:alternateName`), else the IRI. */
function columnNames(context: JsonLdContext): (iri: string) => string {
  const terms = new Map<string, string>();
  for (const [name, definition] of Object.entries(context)) {
    if (name.startsWith('@') || RESERVED_COLUMNS.has(name) || typeof definition !== 'object' || definition === null) continue;
    const d = definition as Record<string, unknown>;
    if (typeof d['@id'] !== 'string' || '@reverse' in d) continue;
    const iri = expandKey(d['@id'], context);
    if (!terms.has(iri)) terms.set(iri, name);
  }
  const prefixes = Object.entries(context).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && (e[1].endsWith('/') || e[1].endsWith('#')),
  );
  return (iri) => {
    if (terms.has(iri)) return terms.get(iri)!;
    let best: [string, string] | undefined;
    for (const [prefix, ns] of prefixes) if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
    return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
  };
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellValue(term: RDF.Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

/**
 * One CSV per class: `iri`, `title` (its label), `type` (CURIEs), then a column per
 * property it has (IRIs of related entities, or literal values), each IRI column
 * followed by `{column}_title` with the related entities' labels, then `^{property}`
 * columns for the entities that point at it. Several values share a cell,
 * sorted, joined by " | ". Rows are sorted by IRI.
 */
export function csvTables(quads: RDF.Quad[], context: JsonLdContext): Array<{ name: string; title: string; csv: string; rows: number }> {
  const triples = distinctTriples(quads);
  const union = new Store(triples);
  const dataSubjects = new Set(quads.filter((q) => q.graph.value !== ONTOLOGY_GRAPH).map((q) => key(q.subject)));
  const column = columnNames(context);
  const subclasses = new Map<string, Set<string>>();
  for (const t of union.getQuads(null, namedNode(`${NS.rdfs}subClassOf`), null, null)) {
    if (!subclasses.has(t.object.value)) subclasses.set(t.object.value, new Set());
    subclasses.get(t.object.value)!.add(t.subject.value);
  }
  const closure = (types: string[]) => {
    const all = new Set(types);
    const queue = [...types];
    while (queue.length) for (const sub of subclasses.get(queue.shift()!) ?? []) if (!all.has(sub)) all.add(sub), queue.push(sub);
    return all;
  };
  // A row's title, and the title beside a link to it: the first of these it has (the smallest, if several).
  const titles = new Map<string, string>();
  for (const p of [...CSV_TITLE_SOURCES].reverse()) {
    for (const t of union.getQuads(null, namedNode(p), null, null)) {
      const values = union
        .getQuads(t.subject, namedNode(p), null, null)
        .map((q) => q.object.value)
        .sort();
      titles.set(key(t.subject), values[0]);
    }
  }
  const shortType = (iri: string) => column(iri);
  const tables = [];
  for (const spec of CSV_CLASSES) {
    const include = closure(spec.types);
    const exclude = closure(spec.except ?? []);
    const members = new Map<string, RDF.Term>();
    for (const t of union.getQuads(null, namedNode(RDF_TYPE), null, null)) {
      if (include.has(t.object.value)) members.set(key(t.subject), t.subject);
    }
    for (const t of union.getQuads(null, namedNode(RDF_TYPE), null, null)) if (exclude.has(t.object.value)) members.delete(key(t.subject));
    const rows = [...members.values()].sort((a, b) => compare(key(a), key(b)));
    const forward = new Map<string, { linked: boolean }>();
    const reverse = new Map<string, { linked: boolean }>();
    for (const m of rows) {
      for (const t of union.getQuads(m, null, null, null)) {
        // The title column carries the label; a label column appears only for entities with several.
        if (
          t.predicate.value === RDF_TYPE ||
          (t.predicate.value === `${NS.rdfs}label` && union.countQuads(m, t.predicate, null, null) === 1)
        )
          continue;
        const c = forward.get(t.predicate.value) ?? { linked: false };
        if (t.object.termType !== 'Literal' && titles.has(key(t.object))) c.linked = true;
        forward.set(t.predicate.value, c);
      }
      for (const t of union.getQuads(null, null, m, null)) {
        if (t.predicate.value === RDF_TYPE || !dataSubjects.has(key(t.subject))) continue;
        const c = reverse.get(t.predicate.value) ?? { linked: false };
        if (titles.has(key(t.subject))) c.linked = true;
        reverse.set(t.predicate.value, c);
      }
    }
    const byName = (a: [string, unknown], b: [string, unknown]) => compare(column(a[0]), column(b[0]));
    const forwardColumns = [...forward].sort(byName);
    const reverseColumns = [...reverse].sort(byName);
    const header = ['iri', 'title', 'type'];
    for (const [p, c] of forwardColumns) header.push(column(p), ...(c.linked ? [`${column(p)}_title`] : []));
    for (const [p, c] of reverseColumns) header.push(`^${column(p)}`, ...(c.linked ? [`^${column(p)}_title`] : []));
    const lines = [header.map(csvField).join(',')];
    const join = (values: string[]) => [...new Set(values)].sort().join(CSV_SEPARATOR);
    for (const m of rows) {
      const cells = [
        cellValue(m),
        titles.get(key(m)) ?? '',
        join(union.getQuads(m, namedNode(RDF_TYPE), null, null).map((q) => shortType(q.object.value))),
      ];
      for (const [p, c] of forwardColumns) {
        const objects = union
          .getQuads(m, namedNode(p), null, null)
          .map((q) => q.object)
          .sort((a, b) => compare(cellValue(a), cellValue(b)));
        cells.push(join(objects.map(cellValue)));
        if (c.linked)
          cells.push(
            objects
              .filter((o) => o.termType !== 'Literal')
              .map((o) => titles.get(key(o)) ?? '')
              .join(CSV_SEPARATOR),
          );
      }
      for (const [p, c] of reverseColumns) {
        const subjects = union
          .getQuads(null, namedNode(p), m, null)
          .map((q) => q.subject)
          .filter((s) => dataSubjects.has(key(s)))
          .sort((a, b) => compare(cellValue(a), cellValue(b)));
        cells.push(join(subjects.map(cellValue)));
        if (c.linked) cells.push(subjects.map((s) => titles.get(key(s)) ?? '').join(CSV_SEPARATOR));
      }
      lines.push(cells.map(csvField).join(','));
    }
    tables.push({ name: spec.name, title: spec.title, csv: lines.join('\r\n') + '\r\n', rows: rows.length });
  }
  return tables;
}

// ---------------------------------------------------------------------------
// The description: VoID and DCAT.

const V = (local: string) => namedNode(`${DESCRIPTION_NS.void}${local}`);
const DC = (local: string) => namedNode(`${NS.dcterms}${local}`);
const DCAT = (local: string) => namedNode(`${DESCRIPTION_NS.dcat}${local}`);
const SPDX = (local: string) => namedNode(`${DESCRIPTION_NS.spdx}${local}`);

function integer(n: number, type = 'integer'): RDF.Literal {
  return literal(String(n), namedNode(`${XSD}${type}`));
}

function date(day: string): RDF.Literal {
  return literal(day, namedNode(`${XSD}date`));
}

/** A file's statements in words: "4056 quads". */
function countText(count: DumpFile['count']): string {
  return `${count.value} ${count.unit}`;
}

/** What the description knows of a file before its bytes exist (the Turtle dump describing itself). */
type Described = Omit<DumpFile, 'body' | 'gzip' | 'sha256'> & { sha256?: string; bytes?: number };

/** The VoID/DCAT description of the dataset and its files; URLs under `base`. */
export function describeExports(files: Described[], counts: DatasetCounts, metadata: DatasetMetadata, base: string): RDF.Quad[] {
  const root = base.endsWith('/') ? base : `${base}/`;
  const out: RDF.Quad[] = [];
  const add = (s: RDF.Quad_Subject, p: RDF.NamedNode, o: RDF.Quad_Object) => out.push(quad(s, p, o) as RDF.Quad);
  const a = namedNode(RDF_TYPE);
  const dataset = namedNode(DATASET_IRI);
  add(dataset, a, V('Dataset'));
  add(dataset, a, DCAT('Dataset'));
  add(dataset, DC('title'), literal(metadata.title, 'en'));
  add(dataset, DC('description'), literal(metadata.description, 'en'));
  add(dataset, DC('license'), namedNode(metadata.license));
  add(dataset, namedNode(`${NS.owl}versionInfo`), literal(metadata.version));
  add(dataset, DCAT('version'), literal(metadata.version));
  if (metadata.issued) add(dataset, DC('issued'), date(metadata.issued));
  add(dataset, DC('modified'), date(metadata.modified));
  add(dataset, DC('conformsTo'), namedNode(`${BASE}ontology`));
  add(dataset, V('uriSpace'), literal(ID));
  for (const vocabulary of [NS.upr, NS.schema, NS.skos, NS.dcterms, NS.prov, NS.owl, NS.rdfs])
    add(dataset, V('vocabulary'), namedNode(vocabulary));
  const endpoint = namedNode(`${root}sparql`);
  add(dataset, V('sparqlEndpoint'), endpoint);
  const service = namedNode(`${DATASET_IRI}/sparql-service`);
  add(service, a, DCAT('DataService'));
  add(service, DC('title'), literal(`${metadata.title} SPARQL 1.1 endpoint`, 'en'));
  add(service, DCAT('endpointURL'), endpoint);
  add(service, DCAT('endpointDescription'), endpoint);
  add(service, DCAT('servesDataset'), dataset);
  const live = namedNode(`${DATASET_IRI}/distribution/sparql`);
  add(dataset, DCAT('distribution'), live);
  add(live, a, DCAT('Distribution'));
  add(live, DC('title'), literal('The dataset through its SPARQL 1.1 endpoint', 'en'));
  add(live, DCAT('accessURL'), endpoint);
  add(live, DCAT('accessService'), service);
  add(
    dataset,
    namedNode(`${NS.rdfs}comment`),
    literal(
      `Counts: void:triples is the number of distinct triples of the union of the graphs (${counts.triples}); ` +
        `the quad formats (N-Quads, TriG, JSON-LD) hold ${counts.quads} quads, a triple once per named graph it is in, ` +
        `and each named graph is a void:subset with its own void:triples. Each distribution states what it holds in dcterms:extent ` +
        `(triples for triple formats, quads for quad formats, rows for CSV); dcat:byteSize and spdx:checksum are of the uncompressed bytes.`,
      'en',
    ),
  );
  add(dataset, V('triples'), integer(counts.triples));
  add(dataset, V('entities'), integer(counts.entities));
  add(dataset, V('classes'), integer(counts.classes.size));
  add(dataset, V('properties'), integer(counts.properties.size));
  add(dataset, V('distinctSubjects'), integer(counts.distinctSubjects));
  add(dataset, V('distinctObjects'), integer(counts.distinctObjects));

  for (const graph of counts.graphs) {
    const subset = namedNode(`${DATASET_IRI}/graph/${graph.iri.slice(`${ID}graph/`.length) || encodeURIComponent(graph.iri)}`);
    add(dataset, V('subset'), subset);
    add(subset, a, V('Dataset'));
    add(subset, a, namedNode(`${DESCRIPTION_NS.sd}NamedGraph`));
    add(subset, namedNode(`${DESCRIPTION_NS.sd}name`), namedNode(graph.iri));
    add(subset, V('triples'), integer(graph.triples));
  }
  let n = 0;
  for (const [cls, entities] of counts.classes) {
    const partition = blankNode(`class-partition-${n++}`);
    add(dataset, V('classPartition'), partition);
    add(partition, V('class'), namedNode(cls));
    add(partition, V('entities'), integer(entities));
  }
  n = 0;
  for (const [property, triples] of counts.properties) {
    const partition = blankNode(`property-partition-${n++}`);
    add(dataset, V('propertyPartition'), partition);
    add(partition, V('property'), namedNode(property));
    add(partition, V('triples'), integer(triples));
  }

  for (const file of files) {
    const url = namedNode(`${root}dump/${file.path}`);
    const distribution = namedNode(`${DATASET_IRI}/distribution/${file.path}`);
    add(dataset, DCAT('distribution'), distribution);
    if (file.dataDump) add(dataset, V('dataDump'), url);
    add(distribution, a, DCAT('Distribution'));
    add(distribution, DC('title'), literal(file.title, 'en'));
    add(distribution, DCAT('downloadURL'), url);
    add(distribution, DCAT('accessURL'), url);
    add(distribution, DCAT('mediaType'), namedNode(`https://www.iana.org/assignments/media-types/${file.media.type}`));
    add(distribution, DC('format'), namedNode(file.media.formatIri));
    add(distribution, DC('license'), namedNode(metadata.license));
    const extent = blankNode(`extent-${file.path.replace(/[^A-Za-z0-9]/g, '-')}`);
    add(distribution, DC('extent'), extent);
    add(extent, a, DC('SizeOrDuration'));
    add(extent, namedNode(`${NS.rdf}value`), integer(file.count.value));
    add(extent, namedNode(`${NS.rdfs}label`), literal(countText(file.count), 'en'));
    if (file.bytes !== undefined) add(distribution, DCAT('byteSize'), integer(file.bytes, 'nonNegativeInteger'));
    if (file.sha256) {
      const checksum = blankNode(`checksum-${file.path.replace(/[^A-Za-z0-9]/g, '-')}`);
      add(distribution, SPDX('checksum'), checksum);
      add(checksum, a, SPDX('Checksum'));
      add(checksum, SPDX('algorithm'), SPDX('checksumAlgorithm_sha256'));
      add(checksum, SPDX('checksumValue'), literal(file.sha256, namedNode(`${XSD}hexBinary`)));
    }
  }
  // Each node's triples together, in order of first mention, and its values of a predicate together, so that Turtle groups them.
  const order = new Map<string, number>();
  for (const t of out) {
    if (!order.has(key(t.subject))) order.set(key(t.subject), order.size);
    if (!order.has(t.predicate.value)) order.set(t.predicate.value, order.size);
  }
  const rank = (t: RDF.Quad) => [order.get(key(t.subject))!, order.get(t.predicate.value)!];
  return out
    .map((t, i) => ({ t, i, r: rank(t) }))
    .sort((x, y) => x.r[0] - y.r[0] || x.r[1] - y.r[1] || x.i - y.i)
    .map(({ t }) => t);
}

// ---------------------------------------------------------------------------
// Building every file.

function termOrder(a: RDF.Term, b: RDF.Term): number {
  const x = key(a);
  const y = key(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Quads sorted by graph, subject, predicate, object. */
function sortQuads(quads: RDF.Quad[]): RDF.Quad[] {
  return [...quads].sort(
    (a, b) =>
      termOrder(a.graph, b.graph) ||
      termOrder(a.subject, b.subject) ||
      termOrder(a.predicate, b.predicate) ||
      termOrder(a.object, b.object),
  );
}

function fileOf(pathName: string, title: string, media: MediaType, text: string, count: DumpFile['count'], dataDump = false): DumpFile {
  const body = Buffer.from(text, 'utf8');
  return {
    path: pathName,
    title,
    media,
    body,
    gzip: gzipSync(body, { level: 9 }),
    sha256: createHash('sha256').update(body).digest('hex'),
    count,
    dataDump,
  };
}

function json(document: unknown): string {
  return JSON.stringify(document, null, 2) + '\n';
}

/** Builds every export of the store's content (all graphs, as loaded). */
export async function buildExports(store: Store, options: ExportOptions): Promise<Exports> {
  const { context, frames, metadata } = options;
  const base = options.base ?? BASE;
  const only = options.only?.some((o) => 'upr-graph.ttl'.startsWith(o)) ? undefined : options.only;
  const wanted = (file: string) => !only || only.some((o) => file.startsWith(o));
  const quads = await canonicalQuads(store.getQuads(null, null, null, null) as RDF.Quad[]);
  const triples = distinctTriples(quads);
  const union = new Store(triples);
  const counts = countDataset(quads);
  const prefixes = EXPORT_PREFIXES;
  const graphs = counts.graphs.length;
  const files: DumpFile[] = [];

  if (wanted('upr-graph.nq'))
    files.push(
      fileOf(
        'upr-graph.nq',
        `The whole dataset as N-Quads in RDF canonical form (RDFC-1.0): ${graphs} named graphs`,
        mediaNamed('nq'),
        new Writer({ format: 'N-Quads' }).quadsToString(quads),
        { value: counts.quads, unit: 'quads' },
        true,
      ),
    );
  if (wanted('upr-graph.trig'))
    files.push(
      fileOf(
        'upr-graph.trig',
        `The whole dataset as TriG: ${graphs} named graphs`,
        mediaNamed('trig'),
        await serializeQuads(quads, mediaNamed('trig'), { context, prefixes }),
        { value: counts.quads, unit: 'quads' },
        true,
      ),
    );
  if (wanted('upr-graph.nt'))
    files.push(
      fileOf(
        'upr-graph.nt',
        'The whole dataset as N-Triples: the distinct triples of the union of the graphs',
        mediaNamed('nt'),
        new Writer({ format: 'N-Triples' }).quadsToString(triples),
        { value: counts.triples, unit: 'triples' },
        true,
      ),
    );
  if (wanted('upr-graph.jsonld'))
    files.push(
      fileOf(
        'upr-graph.jsonld',
        `The whole dataset as JSON-LD compacted with the project context (context ${VERSIONED_CONTEXT_IRI}): ${graphs} named graphs`,
        mediaNamed('jsonld'),
        json(await compactJsonLd(quads, context)),
        { value: counts.quads, unit: 'quads' },
        true,
      ),
    );
  if (wanted('upr-graph.schema.jsonld')) {
    const schemaTriples = schemaOrgTriples(quads);
    const schemaDocument = await ld.compact(await expandedFrom(schemaTriples), SCHEMA_ORG_CONTEXT, {
      documentLoader: contextDocumentLoader(context),
    });
    files.push(
      fileOf(
        'upr-graph.schema.jsonld',
        'The data in a schema.org-readable form: every triple of the documents and concept schemes, plus schema.org types, names, dates and links',
        mediaNamed('jsonld'),
        json(schemaDocument),
        { value: schemaTriples.length, unit: 'triples' },
      ),
    );
  }
  for (const kind of VIEW_KINDS) {
    if (!wanted(`views/${kind}.jsonld`)) continue;
    const frame = frames.get(kind);
    if (!frame) throw new Error(`ontology/frames/${kind}.json is missing`);
    const view = await frameView(union, frame, context);
    files.push(
      fileOf(
        `views/${kind}.jsonld`,
        `Framed JSON-LD view: ${kind} with what they embed (frame ontology/frames/${kind}.json)`,
        mediaNamed('jsonld'),
        json(view.document),
        { value: view.triples.length, unit: 'triples' },
      ),
    );
  }
  const tables = !only || only.some((o) => o.startsWith('csv/')) ? csvTables(quads, context) : [];
  for (const table of tables.filter((t) => wanted(`csv/${t.name}.csv`))) {
    files.push(
      fileOf(`csv/${table.name}.csv`, `CSV: ${table.title}, one row each`, mediaNamed('csv'), table.csv, {
        value: table.rows,
        unit: 'rows',
      }),
    );
  }

  // The Turtle dump: its description first (of every file, itself without its own size and checksum), then the data.
  if (only) return collected(files, counts, metadata);
  const turtleMedia = mediaNamed('ttl');
  const turtleTitle =
    'The whole dataset as Turtle: the distinct triples of the union of the graphs, preceded by this VoID/DCAT description';
  const selfDescribed = (value: number): Described => ({
    path: 'upr-graph.ttl',
    title: turtleTitle,
    media: turtleMedia,
    count: { value, unit: 'triples' },
    dataDump: true,
  });
  const turtleTriples = distinctTriples([...describeExports([...files, selfDescribed(0)], counts, metadata, base), ...triples]).length;
  const embedded = describeExports([...files, selfDescribed(turtleTriples)], counts, metadata, base);
  const turtle = fileOf(
    'upr-graph.ttl',
    turtleTitle,
    turtleMedia,
    await serializeQuads(distinctTriples([...embedded, ...triples]), turtleMedia, { context, prefixes }),
    {
      value: turtleTriples,
      unit: 'triples',
    },
    true,
  );
  files.push(turtle);
  return collected(files, counts, metadata);
}

function collected(files: DumpFile[], counts: DatasetCounts, metadata: DatasetMetadata): Exports {
  const all = [...files];
  return {
    files: all,
    byPath: new Map(all.map((f) => [f.path, f])),
    counts,
    metadata,
    description: (descriptionBase: string) =>
      describeExports(
        all.map((f) => ({ ...f, bytes: f.body.length })),
        counts,
        metadata,
        descriptionBase,
      ),
  };
}

/** Reads what the exports need under `root` and builds them (or `only` some: ExportOptions) from the (validated) store. */
export async function exportsFor(
  root: string,
  store: Store,
  options: { context: JsonLdContext; base?: string; only?: string[] },
): Promise<Exports> {
  return buildExports(store, {
    context: options.context,
    frames: await loadFrames(root),
    metadata: await datasetMetadata(root, store),
    base: options.base,
    only: options.only,
  });
}

/** Writes every file under `dir` (paths as under /dump/). */
export async function writeExports(exports: Exports, dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const file of exports.files) {
    const target = path.join(dir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.body);
    written.push(target);
  }
  return written;
}

/** The VoID description as a file of its own (for the CLI's --format void). */
export async function descriptionText(exports: Exports, base: string, media: MediaType, context: JsonLdContext): Promise<string> {
  return serializeQuads(exports.description(base), media, { context, prefixes: EXPORT_PREFIXES });
}
