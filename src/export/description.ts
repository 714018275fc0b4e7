// The VoID/DCAT description of the dataset and its downloads: the dataset,
// its SPARQL service, its counts and named graphs, and every file with its
// media type, size, statement count and SHA-256 checksum.
import { DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';
import { BASE, ID, NS } from '../namespaces.js';
import { termKey as key } from '../triples.js';
import type { DatasetCounts } from './counts.js';
import type { DumpFile } from './files.js';
import type { DatasetMetadata } from './metadata.js';

const { namedNode, literal, blankNode, quad } = DataFactory;

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

/** What the description knows of a file before its bytes exist (the Turtle dump describing itself). */
export type Described = Omit<DumpFile, 'body' | 'gzip' | 'sha256'> & { sha256?: string; bytes?: number };

const V = (local: string) => namedNode(`${DESCRIPTION_NS.void}${local}`);
const DC = (local: string) => namedNode(`${NS.dcterms}${local}`);
const DCAT = (local: string) => namedNode(`${DESCRIPTION_NS.dcat}${local}`);
const SPDX = (local: string) => namedNode(`${DESCRIPTION_NS.spdx}${local}`);
const a = namedNode(`${NS.rdf}type`);
const dataset = namedNode(DATASET_IRI);

/** Adds one statement to the description. */
type Add = (s: RDF.Quad_Subject, p: RDF.NamedNode, o: RDF.Quad_Object) => void;

function integer(n: number, type = 'integer'): RDF.Literal {
  return literal(String(n), namedNode(`${NS.xsd}${type}`));
}

function date(day: string): RDF.Literal {
  return literal(day, namedNode(`${NS.xsd}date`));
}

/** A file's statements in words: "4056 quads". */
function countText(count: DumpFile['count']): string {
  return `${count.value} ${count.unit}`;
}

/** The dataset itself: what it is, its version and dates, its vocabularies. */
function describeDataset(add: Add, metadata: DatasetMetadata): void {
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
}

/** The SPARQL endpoint under `root`, as a DCAT data service and a distribution. */
function describeEndpoint(add: Add, metadata: DatasetMetadata, root: string): void {
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
}

/** The counts, what they count, each named graph as a subset, and the class and property partitions. */
function describeCounts(add: Add, counts: DatasetCounts): void {
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
}

/** One file as a DCAT distribution: where to get it, its media type and format, what it holds, its size and checksum. */
function describeFile(add: Add, file: Described, license: string, root: string): void {
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
  add(distribution, DC('license'), namedNode(license));
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
    add(checksum, SPDX('checksumValue'), literal(file.sha256, namedNode(`${NS.xsd}hexBinary`)));
  }
}

/** Each node's triples together, in order of first mention, and its values of a predicate together, so that Turtle groups them. */
function groupedBySubject(out: RDF.Quad[]): RDF.Quad[] {
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

/** The VoID/DCAT description of the dataset and its files; URLs under `base`. */
export function describeExports(files: Described[], counts: DatasetCounts, metadata: DatasetMetadata, base: string): RDF.Quad[] {
  const root = base.endsWith('/') ? base : `${base}/`;
  const out: RDF.Quad[] = [];
  const add: Add = (s, p, o) => out.push(quad(s, p, o) as RDF.Quad);
  describeDataset(add, metadata);
  describeEndpoint(add, metadata, root);
  describeCounts(add, counts);
  for (const file of files) describeFile(add, file, metadata.license, root);
  return groupedBySubject(out);
}
