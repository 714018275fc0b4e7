// An artefact's downloads as /dump/ and /.well-known/void serve them: the
// listing and the description from its manifest, the bytes from its files
// (read when asked for, never held), the gzip form from the file beside each.
import { existsSync } from 'node:fs';
import type * as RDF from '@rdfjs/types';
import type { DatasetCounts } from '../export/counts.js';
import { describeExports } from '../export/description.js';
import type { DatasetMetadata } from '../export/metadata.js';
import { MEDIA_TYPES, type MediaType } from '../negotiate.js';
import type { Artefact, ArtefactFile } from './artefact.js';

/** A download kept on disk. */
export interface StoredDump {
  path: string;
  title: string;
  media: MediaType;
  /** The file holding its bytes, and the one holding them gzipped (if the build made it). */
  file: string;
  gzipFile?: string;
  bytes: number;
  gzipBytes?: number;
  sha256: string;
  count: ArtefactFile['count'];
  dataDump: boolean;
}

export interface StoredDownloads {
  files: StoredDump[];
  byPath: Map<string, StoredDump>;
  metadata: DatasetMetadata;
  /** The VoID/DCAT description with download URLs under `base`. */
  description(base: string): RDF.Quad[];
}

/** The table's entry for a stored media type (the JSON-LD and schema.org dumps share one). */
function mediaOf(type: string): MediaType {
  const media = MEDIA_TYPES.find((m) => m.type === type);
  if (!media) throw new Error(`the artefact lists a download of media type ${type}, which negotiate.ts does not know`);
  return media;
}

/** What the dumps router serves, for an artefact. */
export function artefactDownloads(artefact: Artefact): StoredDownloads {
  const { manifest } = artefact;
  const files = manifest.files.map((f): StoredDump => {
    const file = artefact.dumpFile(f.path);
    const gzipFile = f.gzipBytes !== undefined && existsSync(`${file}.gz`) ? `${file}.gz` : undefined;
    return { ...f, media: mediaOf(f.mediaType), file, ...(gzipFile ? { gzipFile } : {}) };
  });
  const counts: DatasetCounts = {
    ...manifest.counts,
    classes: new Map(manifest.counts.classes),
    properties: new Map(manifest.counts.properties),
  };
  return {
    files,
    byPath: new Map(files.map((f) => [f.path, f])),
    metadata: manifest.metadata,
    description: (base) => describeExports(files, counts, manifest.metadata, base),
  };
}
