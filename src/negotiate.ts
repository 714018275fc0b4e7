// The one table of media types the app speaks, and the one function choosing
// among them: `?format=` overrides `Accept`; without either, the default is the
// first entry for the kind of result. The kind comes from the result, never
// from reading the query text.

/**
 * What a response carries: SELECT rows, an ASK answer, CONSTRUCT/DESCRIBE
 * triples, or a page: the HTML view of a resource (src/http/pages/entity.ts), which a
 * query result never takes.
 */
export type ResultKind = 'bindings' | 'boolean' | 'quads' | 'page';

export interface MediaType {
  /** The media type sent as Content-Type. */
  type: string;
  /** Short names accepted by `?format=` (`json`, `ttl`…) for these kinds of result. */
  names: string[];
  /** Further media types a client may ask for and get this one (`application/json`). */
  aliases: string[];
  kinds: ResultKind[];
  /** Its IRI in the W3C format registry (http://www.w3.org/ns/formats/), for the service description. */
  formatIri: string;
}

const FORMATS = 'http://www.w3.org/ns/formats/';

/** Every media type of the app, in order of preference within each kind. */
export const MEDIA_TYPES: readonly MediaType[] = [
  {
    type: 'application/sparql-results+json',
    names: ['json', 'srj', 'sparql-results+json'],
    aliases: ['application/json'],
    kinds: ['bindings', 'boolean'],
    formatIri: `${FORMATS}SPARQL_Results_JSON`,
  },
  {
    type: 'application/sparql-results+xml',
    names: ['xml', 'srx', 'sparql-results+xml'],
    aliases: [],
    kinds: ['bindings', 'boolean'],
    formatIri: `${FORMATS}SPARQL_Results_XML`,
  },
  { type: 'text/csv', names: ['csv'], aliases: [], kinds: ['bindings', 'boolean'], formatIri: `${FORMATS}SPARQL_Results_CSV` },
  {
    type: 'text/tab-separated-values',
    names: ['tsv'],
    aliases: [],
    kinds: ['bindings', 'boolean'],
    formatIri: `${FORMATS}SPARQL_Results_TSV`,
  },
  {
    type: 'text/turtle',
    names: ['turtle', 'ttl', 'n3'],
    aliases: ['application/x-turtle', 'application/turtle'],
    kinds: ['quads'],
    formatIri: `${FORMATS}Turtle`,
  },
  {
    type: 'application/n-triples',
    names: ['ntriples', 'n-triples', 'nt'],
    aliases: [],
    kinds: ['quads'],
    formatIri: `${FORMATS}N-Triples`,
  },
  { type: 'application/n-quads', names: ['nquads', 'n-quads', 'nq'], aliases: [], kinds: ['quads'], formatIri: `${FORMATS}N-Quads` },
  { type: 'application/trig', names: ['trig'], aliases: [], kinds: ['quads'], formatIri: `${FORMATS}TriG` },
  {
    type: 'application/ld+json',
    names: ['jsonld', 'json-ld', 'json'],
    aliases: ['application/json'],
    kinds: ['quads'],
    formatIri: `${FORMATS}JSON-LD`,
  },
  {
    type: 'application/rdf+xml',
    names: ['rdfxml', 'rdf+xml', 'rdf', 'xml'],
    aliases: [],
    kinds: ['quads'],
    formatIri: `${FORMATS}RDF_XML`,
  },
  // Pages only: /id/… and /ontology answer browsers with HTML, linked-data clients with the RDF types above.
  { type: 'text/html', names: ['html'], aliases: ['application/xhtml+xml'], kinds: ['page'], formatIri: '' },
];

/** The media types of query results (what the endpoint and its service description offer): every one but HTML. */
export const RESULT_MEDIA_TYPES: readonly MediaType[] = MEDIA_TYPES.filter((m) => !m.kinds.includes('page'));

/** The media types offered for a kind of result (or for any of several, in their order), the default first. */
export function mediaTypesFor(kind: ResultKind | ResultKind[]): MediaType[] {
  const kinds = Array.isArray(kind) ? kind : [kind];
  return kinds.flatMap((k) => MEDIA_TYPES.filter((m) => m.kinds.includes(k)));
}

/** The Content-Type header for a media type: text types say they are UTF-8. */
export function contentType(media: MediaType): string {
  return media.type.startsWith('text/') ? `${media.type}; charset=utf-8` : media.type;
}

interface Range {
  type: string;
  subtype: string;
  q: number;
  index: number;
}

/** Parses an Accept header into media ranges with their quality; malformed entries are skipped. */
export function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  header.split(',').forEach((part, index) => {
    const [range, ...params] = part.split(';').map((s) => s.trim());
    const match = /^([\w!#$%&'*+.^`|~-]+)\/([\w!#$%&'*+.^`|~-]+)$/.exec(range ?? '');
    if (!match) return;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=').map((s) => s.trim());
      if (key?.toLowerCase() === 'q') {
        const n = Number(value);
        q = Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
      }
    }
    ranges.push({ type: match[1].toLowerCase(), subtype: match[2].toLowerCase(), q, index });
  });
  return ranges;
}

/** The quality a media type gets from the most specific range matching it, or undefined when none does. */
function match(ranges: Range[], mediaTypes: string[]): { q: number; specificity: number; index: number } | undefined {
  let best: { q: number; specificity: number; index: number } | undefined;
  for (const name of mediaTypes) {
    const [type, subtype] = name.split('/');
    for (const range of ranges) {
      const specificity =
        range.type === type && range.subtype === subtype
          ? 2
          : range.type === type && range.subtype === '*'
            ? 1
            : range.type === '*' && range.subtype === '*'
              ? 0
              : -1;
      if (specificity < 0) continue;
      if (!best || specificity > best.specificity || (specificity === best.specificity && range.index < best.index)) {
        best = { q: range.q, specificity, index: range.index };
      }
    }
  }
  return best;
}

/** The media type named by one `?format=` value for this kind: a short name or a media type. */
function byFormat(kind: ResultKind | ResultKind[], value: string): MediaType | undefined {
  const candidates = mediaTypesFor(kind);
  for (const token of value.split(',')) {
    const name = token.split(';')[0].trim().toLowerCase();
    if (!name) continue;
    const found = candidates.find((m) => m.names.includes(name)) ?? candidates.find((m) => m.type === name || m.aliases.includes(name));
    if (found) return found;
  }
  return undefined;
}

export interface NegotiationRequest {
  /** The Accept header, if any. */
  accept?: string;
  /** The `format` parameter values, in order (clients such as SPARQLWrapper send several). */
  format?: string[];
}

/**
 * Chooses the media type of a response for a kind of result. `?format=`
 * overrides Accept; without either (or with `*\/*`), the kind's default.
 * Returns undefined when nothing acceptable fits (a 406).
 */
export function negotiate(kind: ResultKind | ResultKind[], request: NegotiationRequest): MediaType | undefined {
  const formats = (request.format ?? []).filter((f) => f.trim() !== '');
  if (formats.length > 0) {
    for (const value of formats) {
      const found = byFormat(kind, value);
      if (found) return found;
    }
    return undefined;
  }
  const candidates = mediaTypesFor(kind);
  const accept = request.accept?.trim();
  if (!accept) return candidates[0];
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return candidates[0];
  const scored = candidates
    .map((media, order) => ({ media, order, score: match(ranges, [media.type, ...media.aliases]) }))
    .filter((c): c is typeof c & { score: NonNullable<typeof c.score> } => c.score !== undefined && c.score.q > 0);
  scored.sort(
    (a, b) => b.score.q - a.score.q || b.score.specificity - a.score.specificity || a.score.index - b.score.index || a.order - b.order,
  );
  return scored[0]?.media;
}

/** Whether some kind of result could be answered at all: lets a hopeless request fail before its query runs. */
export function anythingAcceptable(request: NegotiationRequest): boolean {
  return (['bindings', 'boolean', 'quads'] as const).some((kind) => negotiate(kind, request) !== undefined);
}
