// The SPARQL 1.1 Service Description served at GET /sparql without a query:
// what the endpoint speaks, and the dataset it holds (graphs, triple counts,
// the prefixes /sparql predeclares).
import { DataFactory, type Store } from 'n3';
import type * as RDF from '@rdfjs/types';
import { NS } from '../namespaces.js';
import { RESULT_MEDIA_TYPES } from '../negotiate.js';
import type { JsonLdContext } from '../export/json-ld.js';
import { usedPrefixes } from '../export/serialize.js';

const SD = 'http://www.w3.org/ns/sparql-service-description#';
const VOID = 'http://rdfs.org/ns/void#';
const FORMATS = 'http://www.w3.org/ns/formats/';

/** Prefixes for writing a service description (Turtle prefixes, JSON-LD context). */
export const SERVICE_PREFIXES: Record<string, string> = {
  sd: SD,
  void: VOID,
  formats: FORMATS,
  sh: NS.sh,
  rdf: NS.rdf,
  rdfs: NS.rdfs,
  xsd: NS.xsd,
};

/** The JSON-LD context a service description is compacted with. */
export const SERVICE_CONTEXT: JsonLdContext = { ...SERVICE_PREFIXES };

/** What the service description says about the data. */
export interface DatasetInfo {
  /** Distinct triples of the union default graph. */
  triples: number;
  /** Each named graph with its triple count. */
  graphs: Array<{ iri: string; triples: number }>;
  /** The project prefixes whose namespaces the data's IRIs use. */
  prefixes: Record<string, string>;
}

/** Counts and prefixes of a store, computed once when the server starts. */
export function describeDataset(store: Store, candidates: Record<string, string> = NS): DatasetInfo {
  const distinct = new Set<string>();
  const key = (t: RDF.Term) => (t.termType === 'Literal' ? `"${t.value}"@${t.language}^^${t.datatype.value}` : `${t.termType}:${t.value}`);
  for (const q of store.getQuads(null, null, null, null)) distinct.add(`${key(q.subject)} ${q.predicate.value} ${key(q.object)}`);
  const graphs = store
    .getGraphs(null, null, null)
    .filter((g) => g.termType === 'NamedNode')
    .map((g) => ({ iri: g.value, triples: store.countQuads(null, null, null, g) }))
    .sort((a, b) => a.iri.localeCompare(b.iri));
  return { triples: distinct.size, graphs, prefixes: usedPrefixes(store.getQuads(null, null, null, null), candidates) };
}

export interface ServiceLimits {
  timeoutMs: number;
  maxRows: number;
  maxBodyBytes: number;
  /** The remote endpoints SERVICE may call; none means federation is off (sd:BasicFederatedQuery is then not advertised). */
  serviceAllowlist?: string[];
}

/** The service description of the endpoint at `endpoint` as triples. */
export function serviceDescription(endpoint: string, dataset: DatasetInfo, limits?: ServiceLimits): RDF.Quad[] {
  const { namedNode, blankNode, literal, quad } = DataFactory;
  const sd = (local: string) => namedNode(SD + local);
  const a = namedNode(`${NS.rdf}type`);
  const triples: RDF.Quad[] = [];
  const add = (s: RDF.Quad_Subject, p: RDF.NamedNode, o: RDF.Quad_Object) => triples.push(quad(s, p, o) as RDF.Quad);
  const integer = (n: number) => literal(String(n), namedNode(`${NS.xsd}integer`));

  const service = blankNode('service');
  add(service, a, sd('Service'));
  add(service, sd('endpoint'), namedNode(endpoint));
  add(service, sd('supportedLanguage'), sd('SPARQL10Query'));
  add(service, sd('supportedLanguage'), sd('SPARQL11Query'));
  // SERVICE to the endpoints on the allowlist (src/federation/policy.ts), unless the list is empty.
  if (limits?.serviceAllowlist?.length !== 0) add(service, sd('feature'), sd('BasicFederatedQuery'));
  add(service, sd('feature'), sd('UnionDefaultGraph'));
  for (const media of RESULT_MEDIA_TYPES) add(service, sd('resultFormat'), namedNode(media.formatIri));
  if (limits) {
    add(
      service,
      namedNode(`${NS.rdfs}comment`),
      literal(
        `Read-only. Queries stop after ${limits.timeoutMs / 1000} s (a request may lower this with ?timeout=<seconds> or the X-Query-Timeout header); ` +
          `results carry at most ${limits.maxRows} rows or triples, a cut announced by the X-Truncated header; POST bodies up to ${limits.maxBodyBytes} bytes. ` +
          `The prefixes declared here (sh:declare) are predeclared: a query may use them without PREFIX, and its own PREFIX overrides them.`,
        'en',
      ),
    );
  }

  const datasetNode = blankNode('dataset');
  add(service, sd('defaultDataset'), datasetNode);
  add(datasetNode, a, sd('Dataset'));
  const defaultGraph = blankNode('defaultGraph');
  add(datasetNode, sd('defaultGraph'), defaultGraph);
  add(defaultGraph, a, sd('Graph'));
  add(defaultGraph, namedNode(`${VOID}triples`), integer(dataset.triples));
  dataset.graphs.forEach((graph, i) => {
    const named = blankNode(`namedGraph${i}`);
    const description = blankNode(`graph${i}`);
    add(datasetNode, sd('namedGraph'), named);
    add(named, a, sd('NamedGraph'));
    add(named, sd('name'), namedNode(graph.iri));
    add(named, sd('graph'), description);
    add(description, a, sd('Graph'));
    add(description, namedNode(`${VOID}triples`), integer(graph.triples));
  });

  // The prefixes every query may use without declaring them (/sparql predeclares them), as SHACL prefix declarations.
  for (const [prefix, namespace] of Object.entries(NS)) {
    const declaration = blankNode(`prefix-${prefix}`);
    add(service, namedNode(`${NS.sh}declare`), declaration);
    add(declaration, namedNode(`${NS.sh}prefix`), literal(prefix));
    add(declaration, namedNode(`${NS.sh}namespace`), literal(namespace, namedNode(`${NS.xsd}anyURI`)));
  }
  // Each node's triples together, in order of first mention, so that Turtle groups them.
  const order = new Map<string, number>();
  for (const t of triples) if (!order.has(t.subject.value)) order.set(t.subject.value, order.size);
  return triples.sort((x, y) => order.get(x.subject.value)! - order.get(y.subject.value)!);
}
