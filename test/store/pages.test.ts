// Every page family over Virtuoso (UPR_ENGINE=store) is the page Oxigraph
// gives, byte for byte: home and its saved-query forms and permalinks, the
// lists, every resource under /id/ (each entity kind, paragraphs, footnotes,
// readings and inferences), search, the ontology and its diagram, /dump/.
// The reference pages (ontology, diagram) are held to Comunica's too. Real
// servers on port 0, a Virtuoso of the test's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { start, type RunningServer } from '../../src/server.js';
import { ROOT } from '../support/graph.js';
import { SKIP_REASON, startTestStore, type TestStore } from './support.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const ID = 'https://w3id.org/upr-graph/id/';

interface Fetched {
  status: number;
  type: string;
  body: string;
}

async function fetchPage(base: string, path: string, accept = BROWSER): Promise<Fetched> {
  const response = await fetch(`${base}${path}`, { headers: { Accept: accept }, redirect: 'manual' });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

/** Where two texts part: the line, and each text from a little before the first character that differs. */
function firstDifference(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  const line = a.slice(0, at).split('\n').length;
  const from = Math.max(0, at - 80);
  return `line ${line}:\n  oxigraph: …${a.slice(from, at + 220)}\n  other:    …${b.slice(from, at + 220)}`;
}

/** Runs `work` over `items`, `width` at a time, in order of the items. */
async function inTurn<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

/** The paths where `other` answers differently from `reference`, each with where. */
async function differences(reference: string, other: string, paths: string[], accept = BROWSER): Promise<string[]> {
  const found = await inTurn(paths, 4, async (path) => {
    const [a, b] = await Promise.all([fetchPage(reference, path, accept), fetchPage(other, path, accept)]);
    if (a.status !== b.status) return `${path}: status ${a.status} on Oxigraph, ${b.status} here (${b.body.slice(0, 300)})`;
    if (a.type !== b.type) return `${path}: Content-Type ${a.type} on Oxigraph, ${b.type} here`;
    const where = firstDifference(a.body, b.body);
    return where ? `${path}: ${where}` : undefined;
  });
  return found.filter((d): d is string => d !== undefined);
}

/** Every resource under /id/ that the graph describes, as the local path of its page. */
async function resourcePaths(base: string): Promise<string[]> {
  const query = `SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "${ID}")) } ORDER BY ?s`;
  const response = await fetch(`${base}/sparql?query=${encodeURIComponent(query)}`, {
    headers: { Accept: 'application/sparql-results+json' },
  });
  const { results } = (await response.json()) as { results: { bindings: Array<{ s: { value: string } }> } };
  return results.bindings.map((b) => `/id/${b.s.value.slice(ID.length)}`);
}

/** The local links of a page that match `pattern`, each once, without their fragment. */
async function linksOf(base: string, path: string, pattern: RegExp): Promise<string[]> {
  const { body } = await fetchPage(base, path);
  const hrefs = [...body.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&#38;/g, '&').replace(/#.*/, ''));
  return [...new Set(hrefs.filter((href) => pattern.test(href)))];
}

/**
 * What kind of page a path is: its first segment under /id/ and, for the resources inside another's IRI
 * (paragraphs, footnotes, readings, inferences, sentences…), the segment that names their kind.
 */
const kindOf = (path: string) => {
  const segments = path.split('/').slice(2);
  return segments.length > 2 ? `${segments[0]}…/${segments.at(-2)}` : segments.slice(0, segments.length > 1 ? 1 : 0).join('/') || path;
};

/** Up to `count` paths of each kind, in order. */
function samplePerKind(paths: string[], count: number): string[] {
  const taken = new Map<string, number>();
  return paths.filter((path) => {
    const n = taken.get(kindOf(path)) ?? 0;
    taken.set(kindOf(path), n + 1);
    return n < count;
  });
}

describe.skipIf(SKIP_REASON)(`the pages over Virtuoso${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
  let store: TestStore;
  let oxigraph: RunningServer;
  let comunica: RunningServer;
  let onStore: string;
  beforeAll(async () => {
    store = await startTestStore();
    onStore = (await store.serve()).url;
    const options = { root: ROOT, host: '127.0.0.1', port: 0, workers: 1 };
    oxigraph = await start(loadConfig({ UPR_ENGINE: 'oxigraph' }, options), { log: () => {} });
    comunica = await start(loadConfig({ UPR_ENGINE: 'comunica' }, options), { log: () => {} });
  }, 180_000);
  afterAll(async () => {
    await oxigraph?.close();
    await comunica?.close();
    await store?.close();
  }, 60_000);

  it('renders the ontology page and its class diagram as Oxigraph and Comunica do', async () => {
    const turtle = await fetchPage(oxigraph.url, '/ontology?format=ttl', 'text/turtle');
    const version = /owl:versionInfo "([\d.]+)"/.exec(turtle.body)?.[1];
    expect(version).toBeDefined();
    const paths = ['/ontology', '/ontology/diagram.svg', `/ontology/${version}`];
    const page = await fetchPage(onStore, '/ontology');
    expect(page.status, page.body.slice(0, 300)).toBe(200);
    expect(await differences(oxigraph.url, onStore, paths)).toEqual([]);
    expect(await differences(oxigraph.url, comunica.url, paths)).toEqual([]);
  }, 120_000);

  it('renders home, its saved-query forms and permalinks, browsing, every class list, search and /dump/ as Oxigraph does', async () => {
    const classes = await linksOf(oxigraph.url, '/', /^\/classes\//);
    expect(classes.length).toBeGreaterThan(5);
    const permalinks = await linksOf(oxigraph.url, '/search?q=baydalina', /^\/\?run=/);
    expect(permalinks.length).toBe(1);
    const searches = ['baydalina', '124.4', 'criminal code', 'Nakanune', 'no such thing at all', ''].map(
      (q) => `/search?q=${encodeURIComponent(q)}`,
    );
    const paths = ['/', '/id', '/id/', ...classes, ...searches, ...permalinks, '/dump/', '/classes/upr:NoSuchClass'];
    expect(await differences(oxigraph.url, onStore, paths)).toEqual([]);
  }, 120_000);

  it('renders resources of every kind under /id/ as Oxigraph does: each entity kind, paragraphs, footnotes, readings, inferences', async () => {
    // Four of each kind keeps the test within minutes on a busy machine; all of them differed in none (541 pages, checked once).
    const paths = samplePerKind(await resourcePaths(oxigraph.url), 4);
    for (const kind of ['case', 'person', 'outlet', 'provision', 'recommendation', 'source', 'state', 'document'])
      expect(
        paths.some((p) => p.startsWith(`/id/${kind}/`)),
        kind,
      ).toBe(true);
    for (const part of ['/para/', '/footnote/', '/reading/', '/inference/'])
      expect(
        paths.some((p) => p.includes(part)),
        part,
      ).toBe(true);
    expect(await differences(oxigraph.url, onStore, [...paths, '/id/case/no-such-case'])).toEqual([]);
    // And their data, as linked-data clients get it.
    expect(await differences(oxigraph.url, onStore, samplePerKind(paths, 1), 'text/turtle')).toEqual([]);
  }, 600_000);
});
