// The queries of the benchmark: every saved query that needs no network, with
// its default (or example) parameter values, and heavier analyst queries over
// all documents. Each comes as the saved text with typed bindings (what the
// endpoint and our engines get) and as one self-contained text with the values
// substituted the way the engines apply bindings (what Oxigraph used directly
// and Virtuoso get).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as RDF from '@rdfjs/types';
import { planOxigraphQuery } from '../src/engine/oxigraph.js';
import { DEFAULT_FEDERATION } from '../src/federation/policy.js';
import { bindParameters, loadSavedQueries, type SavedQuery } from '../src/saved-queries.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchQuery {
  name: string;
  kind: 'saved' | 'analyst';
  /** What it is, for the report. */
  note: string;
  text: string;
  bindings?: Record<string, RDF.Term>;
  /** The text with the bindings substituted: the same query for engines without initial bindings. */
  standalone: string;
}

const PREFIXES = `PREFIX upr: <https://w3id.org/upr-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
`;

/** Heavier questions an analyst asks of many documents at once. */
export const ANALYST: Array<{ name: string; note: string; text: string }> = [
  {
    name: 'entity-by-iri',
    note: 'one entity by IRI',
    text: `${PREFIXES}SELECT ?p ?o WHERE { <https://w3id.org/upr-graph/id/case/nakanune-kz-baydalina> ?p ?o }`,
  },
  {
    name: 'selective-join',
    note: "the defendants of one document's cases, with labels",
    text: `${PREFIXES}SELECT ?case ?label ?defendant ?name WHERE {
  ?para dcterms:isPartOf <https://w3id.org/upr-graph/id/document/kz-2019-article19-adilsoz> .
  ?case a upr:Case ; upr:describedIn ?para ; rdfs:label ?label ; upr:defendant ?defendant .
  ?defendant rdfs:label ?name .
}`,
  },
  {
    name: 'cases-all-documents',
    note: 'join over all documents + ORDER BY + LIMIT',
    text: `${PREFIXES}SELECT ?case ?label ?type ?date ?document ?state WHERE {
  ?case a upr:Case ; rdfs:label ?label ; upr:caseType ?type ; upr:date ?date ; upr:describedIn ?para .
  ?para dcterms:isPartOf ?document .
  ?document upr:stateUnderReview ?state .
} ORDER BY DESC(?date) ?case ?para LIMIT 100`,
  },
  {
    name: 'recommendations-by-state',
    note: 'GROUP BY count over all documents',
    text: `${PREFIXES}SELECT ?state ?response (COUNT(?recommendation) AS ?n) WHERE {
  ?recommendation a upr:Recommendation ; upr:recommendingState ?state ; upr:response ?response .
} GROUP BY ?state ?response ORDER BY DESC(?n) ?state ?response`,
  },
  {
    name: 'three-hop-since-2016',
    note: '3-hop path (case → paragraph → document → state) + date filter',
    text: `${PREFIXES}SELECT ?case ?date ?state WHERE {
  ?case a upr:Case ; upr:date ?date ; upr:describedIn/dcterms:isPartOf/upr:stateUnderReview ?state .
  FILTER(?date >= "2016-01-01"^^xsd:date)
}`,
  },
];

/** The goldens' values: defaults, else the examples of required parameters. */
function defaultValues(query: SavedQuery): Record<string, string> {
  const values: Record<string, string> = {};
  for (const p of query.parameters) if (p.default === undefined && p.required && p.example !== undefined) values[p.name] = p.example;
  return values;
}

/** The benchmark's queries, saved ones first. */
export async function benchQueries(): Promise<BenchQuery[]> {
  const saved = [...(await loadSavedQueries(path.join(ROOT, 'queries'))).values()].filter((q) => !q.needsNetwork);
  const standalone = (text: string, bindings?: Record<string, RDF.Term>) =>
    bindings && Object.keys(bindings).length
      ? planOxigraphQuery(text, { bindings }, Number.MAX_SAFE_INTEGER, DEFAULT_FEDERATION).text
      : text;
  return [
    ...saved.map((q) => {
      const bindings = bindParameters(q, defaultValues(q));
      return { name: q.name, kind: 'saved' as const, note: q.summary, text: q.text, bindings, standalone: standalone(q.text, bindings) };
    }),
    ...ANALYST.map((q) => ({ ...q, kind: 'analyst' as const, standalone: q.text })),
  ];
}

/** The median of some timings. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
