import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryEngine } from '@comunica/query-sparql';
import { loadGraph } from '../../src/load.js';
import { LanguageAwareDataFactory } from '../../src/federation/comunica.js';
import { loadSavedQueries, type SavedQuery } from '../../src/saved-queries.js';
import { ROOT, sparql, startServer, values, WIKIDATA, wikidataFixture, type TestServer } from './support.js';

let ours: TestServer;
let wikidata: TestServer;
const saved = await loadSavedQueries(path.join(ROOT, 'queries'));
const federated = [...saved.values()].filter((q) => q.name.startsWith('federated-'));
const query = (name: string): SavedQuery => saved.get(name)!;
/** The saved query's text with Wikidata's endpoint swapped for the stand-in's: nothing else changes. */
const againstStandIn = (q: SavedQuery) => q.text.split(`<${WIKIDATA}>`).join(`<${wikidata.endpoint}>`);

beforeAll(async () => {
  wikidata = await startServer(wikidataFixture(), { serviceAllowlist: [] });
  const { store } = await loadGraph({ root: ROOT });
  ours = await startServer(store, { serviceAllowlist: [wikidata.endpoint] });
}, 60_000);
afterAll(async () => {
  await Promise.all([ours?.close(), wikidata?.close()]);
});

describe('the saved federated queries', () => {
  it('are marked as needing the network and call Wikidata, and only Wikidata', () => {
    expect(federated.map((q) => q.name).sort()).toEqual([
      'federated-recommendations-by-continent',
      'federated-state-links',
      'federated-states-both-responses',
    ]);
    for (const q of federated) {
      expect(q.needsNetwork, q.name).toBe(true);
      const services = [...q.text.matchAll(/SERVICE\s+(SILENT\s+)?<([^>]+)>/g)].map((m) => m[2]);
      expect(services, q.name).toEqual([WIKIDATA]);
    }
  });

  it('are refused against an endpoint not on the allowlist, as written (Wikidata is not listed on our test instance)', async () => {
    const { status, text } = await sparql(ours.endpoint, query('federated-recommendations-by-continent').text);
    expect(status).toBe(400);
    expect(text).toContain(`<${WIKIDATA}>`);
  });
});

describe('our endpoint federating with a second endpoint on the allowlist', () => {
  it("counts supported and noted recommendations by the recommending state's continent", async () => {
    const { status, json } = await sparql(ours.endpoint, againstStandIn(query('federated-recommendations-by-continent')));
    expect(status).toBe(200);
    const rows = values(json!.results.bindings).map((r) => [r.continentLabel, Number(r.supportedCount), Number(r.notedCount), r.states]);
    // Europe: IT FR LV AT SE NO CZ supported; CZ FI(2) HU IE EE SI BE noted. North America: 126.40, noted (footnote 7).
    expect(rows.map(([label, supported, noted]) => [label, supported, noted])).toEqual([
      ['Asia', 1, 0],
      ['Australia (continent)', 1, 0],
      ['Europe', 7, 8],
      ['North America', 0, 1],
      ['South America', 3, 0],
    ]);
    expect(
      rows
        .find(([label]) => label === 'South America')?.[3]
        ?.toString()
        .split(', ')
        .sort(),
    ).toEqual(['BR', 'CL', 'UY']);
    expect(json!.results.bindings.every((b) => b.continentLabel['xml:lang'] === 'en')).toBe(true);
    expect(wikidata.logs.filter((line) => /^(GET|POST) \/sparql 200 /.test(line)).length).toBeGreaterThan(0);
  });

  it('finds the states that made both supported and noted recommendations, with their continent', async () => {
    const { status, json } = await sparql(ours.endpoint, againstStandIn(query('federated-states-both-responses')));
    expect(status).toBe(200);
    expect(values(json!.results.bindings).map((r) => [r.name, r.wikidata, r.continentLabel])).toEqual([
      ['Czech Republic', 'http://www.wikidata.org/entity/Q213', 'Europe'],
    ]);
  });

  it("follows every state's owl:sameAs link to an entity with the same ISO code", async () => {
    const { status, json } = await sparql(ours.endpoint, againstStandIn(query('federated-state-links')));
    expect(status).toBe(200);
    const rows = values(json!.results.bindings);
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.agrees !== 'true')).toEqual([]);
    expect(rows.find((r) => r.iso === 'KZ')).toMatchObject({
      wikidata: 'http://www.wikidata.org/entity/Q232',
      wikidataIso: 'KZ',
      wikidataLabel: 'Kazakhstan',
    });
  });

  it("shows a link whose entity does not carry the state's ISO code as not agreeing", async () => {
    // The same query over a stand-in that lacks Belgium's code: Belgium's row stays, marked false.
    const partial = wikidataFixture();
    partial.removeQuads(partial.getQuads('http://www.wikidata.org/entity/Q31', 'http://www.wikidata.org/prop/direct/P297', null, null));
    const stale = await startServer(partial, { serviceAllowlist: [] });
    const checking = await startServer((await loadGraph({ root: ROOT })).store, { serviceAllowlist: [stale.endpoint] });
    try {
      const text = query('federated-state-links').text.split(`<${WIKIDATA}>`).join(`<${stale.endpoint}>`);
      const { json } = await sparql(checking.endpoint, text);
      const rows = values(json!.results.bindings);
      expect(rows).toHaveLength(20);
      expect(rows.filter((r) => r.agrees !== 'true').map((r) => r.iso)).toEqual(['BE']);
    } finally {
      await Promise.all([checking.close(), stale.close()]);
    }
  }, 60_000);

  it('advertises sd:BasicFederatedQuery in its service description', async () => {
    const description = await (await fetch(ours.endpoint, { headers: { Accept: 'text/turtle' } })).text();
    expect(description).toMatch(/sd:feature[^.;]*sd:BasicFederatedQuery/);
    const closed = await (await fetch(wikidata.endpoint, { headers: { Accept: 'text/turtle' } })).text();
    expect(closed).not.toMatch(/BasicFederatedQuery/);
  });
});

describe('Comunica federating over our endpoint and a second one as sources', () => {
  const client = new QueryEngine();
  const sources = () => ({
    sources: [
      { type: 'sparql', value: ours.endpoint },
      { type: 'sparql', value: wikidata.endpoint },
    ] as Array<{ type: 'sparql'; value: string }>,
    // Comunica 4.5's own term factory drops language tags from SPARQL results; see src/federation/comunica.ts.
    dataFactory: new LanguageAwareDataFactory(),
  });
  /** The saved query with its SERVICE clause as a plain group: the federator finds the triples in either source. */
  const withoutService = (q: SavedQuery) => q.text.replace(/SERVICE\s+<[^>]+>\s*\{/, '{');

  async function rows(q: SavedQuery, variables: string[]) {
    const bindings = await (await client.queryBindings(withoutService(q), sources())).toArray();
    return bindings.map((b) => Object.fromEntries(variables.map((v) => [v, b.get(v)])));
  }

  it('gets the same counts by continent', async () => {
    const answer = await rows(query('federated-recommendations-by-continent'), ['continentLabel', 'supportedCount', 'notedCount']);
    const table = answer
      .map((r) => [r.continentLabel?.value, Number(r.supportedCount?.value), Number(r.notedCount?.value)])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(table).toEqual([
      ['Asia', 1, 0],
      ['Australia (continent)', 1, 0],
      ['Europe', 7, 8],
      ['North America', 0, 1],
      ['South America', 3, 0],
    ]);
    expect(answer.every((r) => (r.continentLabel as { language?: string }).language === 'en')).toBe(true);
  }, 60_000);

  it('gets the same states that made both kinds', async () => {
    const answer = await rows(query('federated-states-both-responses'), ['name', 'continentLabel']);
    expect(answer.map((r) => [r.name?.value, r.continentLabel?.value]).sort()).toEqual([['Czech Republic', 'Europe']]);
  }, 60_000);

  it('was answered by both endpoints, without errors', () => {
    for (const server of [ours, wikidata]) {
      expect(server.logs.filter((line) => /^(GET|POST) \/sparql 200 /.test(line)).length).toBeGreaterThan(0);
      expect(server.logs.filter((line) => / (4|5)\d\d /.test(line))).toEqual(server === ours ? [expect.stringMatching(/ 400 /)] : []);
    }
  });
});
