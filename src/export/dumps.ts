// The one place exports are produced, for the CLI (`npm run export`) and for
// HTTP (/dump/*, /.well-known/void) alike: the whole dataset in N-Quads, TriG,
// N-Triples, Turtle and compacted JSON-LD; framed JSON-LD views per kind
// (ontology/frames/*.json); a schema.org-readable form; one CSV per class;
// and the VoID/DCAT description of them all (sizes, checksums, counts).
//
// Everything starts from the store's content in RDF canonical form
// (RDFC-1.0, formerly URDNA2015): sorted, with canonical blank node labels, so
// the same data gives the same bytes and checksums on every run.
import { Store, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import { BASE } from '../namespaces.js';
import { MEDIA_TYPES, mediaTypesFor, type MediaType } from '../negotiate.js';
import { distinctTriples } from '../triples.js';
import { canonicalQuads } from './canonical.js';
import { countDataset, type DatasetCounts } from './counts.js';
import { csvTables } from './csv.js';
import { CSVW_MEDIA, csvwMetadata, csvwPath } from './csvw.js';
import { type Described, describeExports, EXPORT_PREFIXES } from './description.js';
import { type DumpFile, dumpFile, jsonText } from './files.js';
import { type Frame, frameView, loadFrames, VIEW_KINDS } from './frames.js';
import { compactJsonLd, type JsonLdContext, VERSIONED_CONTEXT_IRI } from './json-ld.js';
import { type DatasetMetadata, datasetMetadata } from './metadata.js';
import { schemaOrgDocument } from './schema-org.js';
import { serializeQuads } from './serialize.js';

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

/** The loaded data as the builders of the files take it: canonical quads, their distinct triples, counts. */
interface Source {
  quads: RDF.Quad[];
  triples: RDF.Quad[];
  counts: DatasetCounts;
  context: JsonLdContext;
  /** Whether the file at this path is to be built. */
  wanted: (file: string) => boolean;
}

/** A media type of the table by its short name, RDF formats first (`json` and `xml` name results formats too). */
function mediaNamed(name: string): MediaType {
  const media = mediaTypesFor('quads').find((m) => m.names.includes(name)) ?? MEDIA_TYPES.find((m) => m.names.includes(name));
  if (!media) throw new Error(`no media type named ${name}`);
  return media;
}

/** The whole dataset in N-Quads, TriG, N-Triples and JSON-LD, and the schema.org form. */
async function wholeDataset(source: Source): Promise<DumpFile[]> {
  const { quads, triples, counts, context, wanted } = source;
  const prefixes = EXPORT_PREFIXES;
  const graphs = counts.graphs.length;
  const inQuads = { value: counts.quads, unit: 'quads' } as const;
  const files: DumpFile[] = [];
  if (wanted('upr-graph.nq')) {
    const text = new Writer({ format: 'N-Quads' }).quadsToString(quads);
    const title = `The whole dataset as N-Quads in RDF canonical form (RDFC-1.0): ${graphs} named graphs`;
    files.push(dumpFile('upr-graph.nq', title, mediaNamed('nq'), text, inQuads, true));
  }
  if (wanted('upr-graph.trig')) {
    const text = await serializeQuads(quads, mediaNamed('trig'), { context, prefixes });
    files.push(dumpFile('upr-graph.trig', `The whole dataset as TriG: ${graphs} named graphs`, mediaNamed('trig'), text, inQuads, true));
  }
  if (wanted('upr-graph.nt')) {
    const text = new Writer({ format: 'N-Triples' }).quadsToString(triples);
    const title = 'The whole dataset as N-Triples: the distinct triples of the union of the graphs';
    files.push(dumpFile('upr-graph.nt', title, mediaNamed('nt'), text, { value: counts.triples, unit: 'triples' }, true));
  }
  if (wanted('upr-graph.jsonld')) {
    const text = jsonText(await compactJsonLd(quads, context));
    const title = `The whole dataset as JSON-LD compacted with the project context (context ${VERSIONED_CONTEXT_IRI}): ${graphs} named graphs`;
    files.push(dumpFile('upr-graph.jsonld', title, mediaNamed('jsonld'), text, inQuads, true));
  }
  if (wanted('upr-graph.schema.jsonld')) {
    const schema = await schemaOrgDocument(quads, context);
    const title =
      'The data in a schema.org-readable form: every triple of the documents and concept schemes, plus schema.org types, names, dates and links';
    const count = { value: schema.triples.length, unit: 'triples' } as const;
    files.push(dumpFile('upr-graph.schema.jsonld', title, mediaNamed('jsonld'), jsonText(schema.document), count));
  }
  return files;
}

/** A framed JSON-LD view per kind of VIEW_KINDS. */
async function framedViews(source: Source, frames: Map<string, Frame>): Promise<DumpFile[]> {
  const union = new Store(source.triples);
  const files: DumpFile[] = [];
  for (const kind of VIEW_KINDS) {
    if (!source.wanted(`views/${kind}.jsonld`)) continue;
    const frame = frames.get(kind);
    if (!frame) throw new Error(`ontology/frames/${kind}.json is missing`);
    const view = await frameView(union, frame, source.context);
    const title = `Framed JSON-LD view: ${kind} with what they embed (frame ontology/frames/${kind}.json)`;
    const count = { value: view.triples.length, unit: 'triples' } as const;
    files.push(dumpFile(`views/${kind}.jsonld`, title, mediaNamed('jsonld'), jsonText(view.document), count));
  }
  return files;
}

/** The CSV tables, when any is wanted, each followed by its CSVW metadata (csvw.ts). */
function csvFiles(source: Source, only: string[] | undefined): DumpFile[] {
  const tables = !only || only.some((o) => o.startsWith('csv/')) ? csvTables(source.quads, source.context) : [];
  return tables
    .filter((t) => source.wanted(`csv/${t.name}.csv`))
    .flatMap((table) => {
      const file = `csv/${table.name}.csv`;
      const rows = { value: table.rows, unit: 'rows' } as const;
      const columns = { value: table.columns.length, unit: 'columns' } as const;
      return [
        dumpFile(file, `CSV: ${table.title}, one row each`, mediaNamed('csv'), table.csv, rows),
        dumpFile(
          csvwPath(file),
          `CSVW metadata of ${file}: its columns, their datatypes and separator`,
          CSVW_MEDIA,
          jsonText(csvwMetadata(table, file)),
          columns,
        ),
      ];
    });
}

/** The Turtle dump: its description first (of every file, itself without its own size and checksum), then the data. */
async function turtleDump(files: DumpFile[], source: Source, metadata: DatasetMetadata, base: string): Promise<DumpFile> {
  const { triples, counts, context } = source;
  const media = mediaNamed('ttl');
  const title = 'The whole dataset as Turtle: the distinct triples of the union of the graphs, preceded by this VoID/DCAT description';
  const selfDescribed = (value: number): Described => ({
    path: 'upr-graph.ttl',
    title,
    media,
    count: { value, unit: 'triples' },
    dataDump: true,
  });
  const value = distinctTriples([...describeExports([...files, selfDescribed(0)], counts, metadata, base), ...triples]).length;
  const embedded = describeExports([...files, selfDescribed(value)], counts, metadata, base);
  const text = await serializeQuads(distinctTriples([...embedded, ...triples]), media, { context, prefixes: EXPORT_PREFIXES });
  return dumpFile('upr-graph.ttl', title, media, text, { value, unit: 'triples' }, true);
}

/** Builds every export of the store's content (all graphs, as loaded). */
export async function buildExports(store: Store, options: ExportOptions): Promise<Exports> {
  const { context, frames, metadata } = options;
  const only = options.only?.some((o) => 'upr-graph.ttl'.startsWith(o)) ? undefined : options.only;
  const quads = await canonicalQuads(store.getQuads(null, null, null, null) as RDF.Quad[]);
  const source: Source = {
    quads,
    triples: distinctTriples(quads),
    counts: countDataset(quads),
    context,
    wanted: (file) => !only || only.some((o) => file.startsWith(o)),
  };
  const files = [...(await wholeDataset(source)), ...(await framedViews(source, frames)), ...csvFiles(source, only)];
  if (!only) files.push(await turtleDump(files, source, metadata, options.base ?? BASE));
  return collected(files, source.counts, metadata);
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

/** The VoID description as a file of its own (for the CLI's --format void). */
export async function descriptionText(exports: Exports, base: string, media: MediaType, context: JsonLdContext): Promise<string> {
  return serializeQuads(exports.description(base), media, { context, prefixes: EXPORT_PREFIXES });
}
