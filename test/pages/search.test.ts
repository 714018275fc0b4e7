// The search box in every page's header and its results page, /search?q=…,
// answered by the `search` saved query through the engine (real app, port 0).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_LABEL, ID, startPagesServer, type PagesServer } from './support.js';

let server: PagesServer;
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const get = (p: string) => fetch(`${server.url}${p}`, { headers: { Accept: BROWSER } });
const search = async (text: string) => (await get(`/search?q=${encodeURIComponent(text)}`)).text();
/** The links of the result list, as [href, text]. */
const results = (markup: string) =>
  [...(/<ol class="search-results">([\s\S]*?)<\/ol>/.exec(markup)?.[1] ?? '').matchAll(/<li><a href="([^"]+)">([^<]*)<\/a>/g)].map((m) => [
    m[1],
    m[2],
  ]);

beforeAll(async () => {
  server = await startPagesServer();
}, 60_000);
afterAll(() => server?.close());

describe('the search box', () => {
  it('is in the header of every page, a GET form to /search', async () => {
    for (const p of ['/', '/id/', '/ontology', '/id/case/ayanov-bokayev-atyrau', '/search']) {
      const markup = await (await get(p)).text();
      expect(markup, p).toMatch(
        /<header class="site">[\s\S]*<form class="search" role="search" action="\/search" method="get">[\s\S]*name="q"[\s\S]*<\/header>/,
      );
    }
  });

  it('finds a recommendation by its number, linking to its local page', async () => {
    const found = results(await search('124.4'));
    expect(found).toContainEqual(['/id/recommendation/KZ/2/124.4', 'Recommendation 124.4 (Brazil) to Kazakhstan, second UPR cycle']);
  });

  it('finds by a name or another name the label does not contain', async () => {
    expect(results(await search('iccpr')).map(([href]) => href)).toContain('/id/instrument/INT/iccpr');
    expect(results(await search('Information and Communication Networks')).map(([href]) => href)).toContain(
      '/id/instrument/KZ/internet-law-2009',
    );
  });

  it('lists each resource once, however many of its names match', async () => {
    const hrefs = results(await search('Ratel')).map(([href]) => href);
    expect(hrefs).toContain('/id/outlet/ratel-kz');
    expect(new Set(hrefs).size).toBe(hrefs.length);
  });

  it('gives the same resources as the saved query on the API', async () => {
    const api = (await (await fetch(`${server.url}/api/queries/search?text=Baydalina`)).json()) as {
      results: { bindings: Array<{ resource: { value: string } }> };
    };
    const hrefs = results(await search('Baydalina')).map(([href]) => href);
    expect(hrefs).toEqual([...new Set(api.results.bindings.map((b) => `/id/${b.resource.value.slice(ID.length)}`))]);
    expect(hrefs).toContain('/id/person/guzyal-baydalina');
  });

  it('says when nothing is found, and shows the text searched for as text', async () => {
    const text = HOSTILE_LABEL.replace('alert(1)', 'nothing-here');
    const markup = await search(text);
    expect(markup).toContain('Nothing found');
    expect(markup).not.toContain(text);
    expect(markup).toContain('&#60;/script&#62;&#60;script&#62;nothing-here');
  });

  it('refuses a text too long to search, saying how long it may be', async () => {
    const res = await get(`/search?q=${'a'.repeat(201)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('at most 200');
  });
});
