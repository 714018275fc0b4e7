// The downloads at /dump/ as a page, for a browser that lands there: each file
// with what it holds, its format, size, count and checksum. It is drawn from
// the same listing /dump/ sends machines as JSON (http/dumps.ts), so the two
// never disagree.
import { html } from './html.js';
import { page } from './layout.js';

/** What /dump/ says of one file (the JSON listing's `files` entries). */
export interface DumpListingFile {
  path: string;
  url: string;
  title: string;
  mediaType: string;
  bytes: number;
  gzipBytes?: number;
  sha256: string;
  count: number;
  countOf: string;
}

/** The JSON listing of /dump/. */
export interface DumpListing {
  dataset: string;
  description: string;
  context: string;
  sparqlEndpoint: string;
  version: string;
  modified: string;
  license: string;
  files: DumpListingFile[];
}

/** The names people know the formats by; any other media type is shown as itself. */
const FORMAT_NAMES: Record<string, string> = {
  'application/n-quads': 'N-Quads',
  'application/n-triples': 'N-Triples',
  'application/trig': 'TriG',
  'text/turtle': 'Turtle',
  'application/ld+json': 'JSON-LD',
  'application/rdf+xml': 'RDF/XML',
  'text/csv': 'CSV',
  'application/csvm+json': 'CSVW metadata',
  'application/json': 'JSON',
};

export const formatName = (mediaType: string): string => FORMAT_NAMES[mediaType] ?? mediaType;

/** A size as people read it (1 decimal, powers of 1024), the exact bytes kept for the title. */
export function humanSize(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

const number = new Intl.NumberFormat('en-GB');

const fileRow = (f: DumpListingFile) => html`<tr>
<td><a href="${`/dump/${f.path}`}" download><code>${f.path}</code></a><br><span class="meta">${f.title}</span><br><span class="meta">SHA-256 <code class="checksum">${f.sha256}</code></span></td>
<td>${formatName(f.mediaType)}<br><code class="meta">${f.mediaType}</code></td>
<td class="num"><span class="nowrap">${humanSize(f.bytes)}</span><br><span class="meta nowrap">${number.format(f.bytes)} bytes</span>${f.gzipBytes === undefined ? '' : html`<br><span class="meta nowrap">gzip ${humanSize(f.gzipBytes)}</span>`}</td>
<td class="num"><span class="nowrap">${number.format(f.count)} ${f.countOf}</span></td>
</tr>
`;

/** The /dump/ page: the dataset's links, then one row per file. */
export function downloadsPage(listing: DumpListing): string {
  const main = html`
<h1>Downloads</h1>
<p class="lead">The whole graph and views of it, version ${listing.version}, modified ${listing.modified}, under the licence <a href="${listing.license}" rel="license external noopener noreferrer">${listing.license}</a>.
Every file is built from the same data this server answers queries on; sizes and checksums are of the uncompressed bytes.</p>
<ul>
<li>The dataset, its files and their checksums as VoID/DCAT: <a href="/.well-known/void">/.well-known/void</a></li>
<li>The JSON-LD context the JSON-LD files use: <a href="${new URL(listing.context).pathname}">${new URL(listing.context).pathname}</a></li>
<li>The SPARQL endpoint: <a href="/sparql">/sparql</a>; this list as JSON: <a href="/dump/?format=json">/dump/?format=json</a> (or <code>Accept: application/json</code>)</li>
</ul>
<table class="downloads">
<caption>${listing.files.length} files</caption>
<thead><tr><th scope="col">File, what it holds, its checksum</th><th scope="col">Format</th><th scope="col" class="num">Size</th><th scope="col" class="num">Contains</th></tr></thead>
<tbody>
${listing.files.map(fileRow)}
</tbody>
</table>`;
  return page({ title: 'Downloads', styles: ['/assets/reference.css'] }, main);
}
