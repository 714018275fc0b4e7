// Reads the vendored W3C SPARQL test manifests (test/w3c/rdf-tests, see its
// README) into plain test descriptions: the query-evaluation tests of SPARQL
// 1.0 and 1.1, and the syntax tests of SPARQL 1.1 Query.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Parser, Store, DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';

const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

export const SUITE_ROOT = fileURLToPath(new URL('./rdf-tests/sparql/', import.meta.url));

/** The manifests run: SPARQL 1.0 evaluation, SPARQL 1.1 query, and the 1.1 result-format tests. */
export const MANIFESTS = [
  'sparql10/manifest-evaluation.ttl',
  'sparql11/manifest-sparql11-query.ttl',
  'sparql11/manifest-sparql11-results.ttl',
];

export interface EvaluationTest {
  /** `sparql11/aggregates#agg01`: the directory and the test's local name. */
  id: string;
  /** `sparql11/aggregates`. */
  directory: string;
  name: string;
  query: string;
  /** Files merged into the default graph (qt:data). */
  data: string[];
  /** Files loaded as named graphs, each named by its URL (qt:graphData). */
  graphData: string[];
  result: string;
  /** mf:LaxCardinality (REDUCED): each solution may come as often as in the expected results or fewer times, but at least once. */
  lax: boolean;
}

export interface SyntaxTest {
  id: string;
  directory: string;
  query: string;
  positive: boolean;
}

export interface Suite {
  evaluation: EvaluationTest[];
  syntax: SyntaxTest[];
  /** Tests of other kinds the manifests list, by type: not run (see the README). */
  otherTypes: Map<string, string[]>;
}

const iri = (value: string) => DataFactory.namedNode(value);

function list(store: Store, head: RDF.Term): RDF.Term[] {
  const items: RDF.Term[] = [];
  for (let node = head; node.value !== `${RDF_NS}nil`; ) {
    const first = store.getObjects(node, iri(`${RDF_NS}first`), null)[0];
    if (!first) throw new Error(`broken RDF list in a manifest at ${node.value}`);
    items.push(first);
    node = store.getObjects(node, iri(`${RDF_NS}rest`), null)[0];
  }
  return items;
}

function readManifest(file: string, suite: Suite): void {
  const base = pathToFileURL(file).href;
  const store = new Store(new Parser({ baseIRI: base }).parse(readFileSync(file, 'utf8')));
  const one = (subject: RDF.Term, predicate: string) => store.getObjects(subject, iri(predicate), null)[0];
  const all = (subject: RDF.Term, predicate: string) => store.getObjects(subject, iri(predicate), null);
  const local = (url: RDF.Term) => fileURLToPath(url.value);
  const directory = path.relative(SUITE_ROOT, path.dirname(file)).split(path.sep).join('/');
  for (const include of all(iri(base), `${MF}include`).flatMap((head) => list(store, head))) readManifest(local(include), suite);
  for (const entry of all(iri(base), `${MF}entries`).flatMap((head) => list(store, head))) {
    const type = one(entry, `${RDF_NS}type`)!.value.replace(MF, 'mf:');
    const id = `${directory}#${entry.value.replace(/^.*[#/]/, '')}`;
    const action = one(entry, `${MF}action`)!;
    // A CSV result test is an evaluation test whose expected answer is CSV text.
    if (type === 'mf:QueryEvaluationTest' || type === 'mf:CSVResultFormatTest') {
      suite.evaluation.push({
        id,
        directory,
        name: one(entry, `${MF}name`)?.value ?? id,
        query: local(one(action, `${QT}query`)!),
        data: all(action, `${QT}data`).map(local).sort(),
        graphData: all(action, `${QT}graphData`).map(local).sort(),
        result: local(one(entry, `${MF}result`)!),
        lax: one(entry, `${MF}resultCardinality`)?.value === `${MF}LaxCardinality`,
      });
    } else if (type === 'mf:PositiveSyntaxTest11' || type === 'mf:NegativeSyntaxTest11') {
      suite.syntax.push({ id, directory, query: local(action), positive: type === 'mf:PositiveSyntaxTest11' });
    } else {
      suite.otherTypes.set(type, [...(suite.otherTypes.get(type) ?? []), id]);
    }
  }
}

let cached: Suite | undefined;

/** Every test of the manifests run, in manifest order. */
export function loadSuite(): Suite {
  if (cached) return cached;
  const suite: Suite = { evaluation: [], syntax: [], otherTypes: new Map() };
  for (const manifest of MANIFESTS) readManifest(path.join(SUITE_ROOT, manifest), suite);
  cached = suite;
  return suite;
}
