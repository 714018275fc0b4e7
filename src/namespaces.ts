// The one place where the project's IRIs and prefixes are spelled.

export const BASE = 'https://w3id.org/upr-graph/';
export const ID = `${BASE}id/`;

export const NS = {
  upr: `${BASE}ontology#`,
  id: ID,
  schema: 'http://schema.org/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dcterms: 'http://purl.org/dc/terms/',
  prov: 'http://www.w3.org/ns/prov#',
  owl: 'http://www.w3.org/2002/07/owl#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  sh: 'http://www.w3.org/ns/shacl#',
  wd: 'http://www.wikidata.org/entity/',
  state: `${ID}state/`,
  theme: `${ID}theme/`,
  casetype: `${ID}case-type/`,
  circumstance: `${ID}circumstance/`,
  response: `${ID}response/`,
  status: `${ID}status/`,
  role: `${ID}role/`,
  basis: `${ID}basis/`,
} as const;

export type Prefix = keyof typeof NS;

/** The SPARQL prologue declaring every project prefix. */
export const PREFIXES = Object.entries(NS)
  .map(([prefix, iri]) => `PREFIX ${prefix}: <${iri}>`)
  .join('\n');

/**
 * The project prefixes on one line, ending in a space: prepended to a query's own
 * text (which may redeclare any of them), it keeps the query's line numbers in errors.
 */
export const PREFIX_LINE = `${PREFIXES.replace(/\n/g, ' ')} `;

/** The named graph holding the ontology and the concept schemes. */
export const ONTOLOGY_GRAPH = `${ID}graph/ontology`;

/** The named graph of one source document (its folder under data/). */
export function documentGraph(slug: string): string {
  return `${ID}graph/${slug}`;
}

/** Expands `prefix:local` with a project prefix; other strings pass through. */
export function expand(curie: string): string {
  const colon = curie.indexOf(':');
  if (colon < 0) return curie;
  const prefix = curie.slice(0, colon) as Prefix;
  return prefix in NS ? NS[prefix] + curie.slice(colon + 1) : curie;
}

/** Shortens an IRI to `prefix:local` where the local part is a valid SPARQL/Turtle local name. */
export function shorten(iri: string): string {
  let best: [string, string] | undefined;
  for (const [prefix, ns] of Object.entries(NS)) {
    if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
  }
  if (!best) return iri;
  const local = iri.slice(best[1].length);
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(local) && !local.endsWith('.') ? `${best[0]}:${local}` : iri;
}
