// The real app on the repository's graph plus a hostile fixture (a person
// named `</script><script>alert(1)</script>`), with the saved queries, on a
// real socket on port 0: for the page tests over HTTP and in the browser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataFactory, Parser, Store } from 'n3';
import { graphFiles, loadGraph, parseTurtleFile } from '../../src/load.js';
import { ONTOLOGY_GRAPH, documentGraph } from '../../src/namespaces.js';
import { loadSavedQueries } from '../../src/saved-queries.js';
import { ROOT } from '../support/graph.js';
import { startFixtureServer } from '../endpoint/support.js';

export const ID = 'https://w3id.org/upr-graph/id/';
export const HOSTILE = `${ID}person/hostile-fixture`;
export const HOSTILE_LABEL = '</script><script>alert(1)</script>';
export const HOSTILE_NAME = '<img src=x onerror=alert(2)>';
const FIXTURE_GRAPH = DataFactory.namedNode(`${ID}graph/test-hostile-fixture`);

export interface PagesServer {
  url: string;
  close(): Promise<void>;
}

export async function startPagesServer(): Promise<PagesServer> {
  const { store } = await loadGraph({ root: ROOT });
  const fixture = new Parser().parse(readFileSync(path.join(ROOT, 'test/pages/fixtures/hostile.ttl'), 'utf8'));
  for (const q of fixture) store.addQuad(q.subject, q.predicate, q.object, FIXTURE_GRAPH);
  return startFixtureServer({ root: ROOT }, store, await loadSavedQueries(path.join(ROOT, 'queries')));
}

const READINGS_FIXTURE = path.join(ROOT, 'test/pages/fixtures/readings');

/**
 * The real app on the repository's ontology and a small submission of readings
 * and inferences of its own (test/pages/fixtures/readings), so the pages are
 * tested on data that does not change under them. Not SHACL-validated: the
 * server takes a store as it is.
 */
export async function startReadingsServer(): Promise<PagesServer> {
  const ontology = await Promise.all(
    (await graphFiles(ROOT)).filter((f) => f.graph === ONTOLOGY_GRAPH).map((f) => parseTurtleFile(f.file, ONTOLOGY_GRAPH)),
  );
  const store = new Store(ontology.flat());
  // The basis concepts come from the ontology once it has them; until then from the fixture.
  if (store.countQuads(DataFactory.namedNode(`${ID}basis/inferred`), null, null, null) === 0) {
    store.addQuads(await parseTurtleFile(path.join(READINGS_FIXTURE, 'basis.ttl'), ONTOLOGY_GRAPH));
  }
  store.addQuads(await parseTurtleFile(path.join(READINGS_FIXTURE, 'readings.ttl'), documentGraph('readings-fixture')));
  return startFixtureServer({ root: ROOT }, store);
}
