// Where a browser lands (issue 17): /dump/ and /sparql answer browsers with a
// page and machines as before; the ontology page is a reference (classes with
// their properties, concept schemes with their slugs, a class diagram). The
// real server (start(), the repository's data, its exports and saved queries)
// on port 0, read with fetch. Sorting by number: test/api/number-order.test.ts.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { start, type RunningServer } from '../../src/server.js';
import { ROOT } from '../support/graph.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

let server: RunningServer;
const get = (p: string, accept?: string) => fetch(`${server.url}${p}`, { headers: accept ? { Accept: accept } : {}, redirect: 'manual' });

beforeAll(async () => {
  server = await start(loadConfig({}, { root: ROOT, host: '127.0.0.1', port: 0, workers: 1 }), { log: () => {} });
}, 120_000);
afterAll(() => server?.close());

/** Markup as text: tags dropped, character references decoded, spaces collapsed. */
const textOf = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, ' ');

/** The article with this id, up to its closing tag (articles do not nest); fails the test when there is none. */
function article(markup: string, id: string): string {
  const found = new RegExp(`<article class="[\\w ]+" id="${id}">[\\s\\S]*?</article>`).exec(markup)?.[0];
  expect(found, `an article with id ${id}`).toBeDefined();
  return found ?? '';
}

interface ListedFile {
  path: string;
  title: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  count: number;
  countOf: string;
}

describe('/dump/', () => {
  it('is a page for a browser, one row per file with its size, count, checksum and format, the same files the JSON lists', async () => {
    const json = await get('/dump/');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.headers.get('vary')).toMatch(/Accept/);
    const { files } = (await json.json()) as { files: ListedFile[] };
    expect(files.length).toBeGreaterThan(10);

    const res = await get('/dump/', BROWSER);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const markup = await res.text();
    const rows = markup.match(/<tr>\n<td><a href="\/dump\/[\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(files.length);
    for (const [i, file] of files.entries()) {
      const row = textOf(rows[i]);
      expect(rows[i]).toContain(`href="/dump/${file.path}"`);
      expect(row).toContain(file.sha256);
      expect(row).toContain(`${file.bytes.toLocaleString('en-GB')} bytes`);
      expect(row).toContain(`${file.count.toLocaleString('en-GB')} ${file.countOf}`);
      expect(row).toContain(file.mediaType);
      expect(row).toContain(file.title);
    }
    expect(textOf(markup)).toMatch(/upr-graph\.ttl .* Turtle text\/turtle/);
  });

  it('keeps JSON for machines: no Accept, */*, application/json or ?format=json; refuses an unknown ?format=', async () => {
    for (const accept of [undefined, '*/*', 'application/json']) {
      expect((await get('/dump/', accept)).headers.get('content-type'), accept).toMatch(/^application\/json/);
    }
    expect((await get('/dump/?format=json', BROWSER)).headers.get('content-type')).toMatch(/^application\/json/);
    expect((await get('/dump/?format=html')).headers.get('content-type')).toMatch(/^text\/html/);
    const bad = await get('/dump/?format=xlsx');
    expect(bad.status).toBe(406);
    expect(await bad.text()).toMatch(/\?format=json or \?format=html/);
  });
});

describe('/sparql without a query', () => {
  it('sends a browser to the query editor', async () => {
    const res = await get('/sparql', BROWSER);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/#query');
    expect(res.headers.get('vary')).toMatch(/Accept/);
  });

  it('still gives machines the service description, by Accept', async () => {
    for (const accept of [undefined, '*/*', 'text/turtle', 'application/ld+json']) {
      const res = await get('/sparql', accept);
      expect(res.status, accept).toBe(200);
      expect(await res.text(), accept).toContain('http://www.w3.org/ns/sparql-service-description#');
    }
  });
});

describe('the ontology page as a reference', () => {
  let markup: string;
  beforeAll(async () => {
    markup = await (await get('/ontology', BROWSER)).text();
  });

  it('lists under each class its own properties and the standard ones the data reuses', async () => {
    const table = textOf(article(markup, 'Case'));
    expect(table).toMatch(/upr:prosecutedUnder prosecuted under UPR Graph upr:Provision \d+ of \d+/);
    expect(table).toMatch(/dcterms:source source Dublin Core \(reused\) upr:Source \d+ of \d+/);
    const person = textOf(article(markup, 'Person'));
    expect(person).toMatch(/schema:name name schema\.org \(reused\)/);
    expect(person).toMatch(/upr:role role UPR Graph skos:Concept/);
    // A standard class the data uses has its own section too.
    expect(textOf(article(markup, 'class-schema-Organization'))).toMatch(/schema:name name schema\.org/);
    expect(textOf(markup)).toMatch(/prov:wasDerivedFrom .* PROV/);
  });

  it('lists every concept scheme of ontology/concepts.ttl with each concept and its slug', async () => {
    const quads = new Parser().parse(await readFile(path.join(ROOT, 'ontology/concepts.ttl'), 'utf8'));
    const schemes = quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${SKOS}ConceptScheme`);
    expect(schemes.length).toBeGreaterThan(4);
    const text = textOf(markup);
    for (const q of quads.filter((q) => q.predicate.value === `${SKOS}inScheme`)) {
      const label = quads.find((l) => l.subject.equals(q.subject) && l.predicate.value === `${SKOS}prefLabel`)?.object.value;
      const slug = q.subject.value.replace(/^https:\/\/w3id\.org\/upr-graph\/id\/([^/]+)\//, (_m, list: string) =>
        list === 'case-type' ? 'casetype:' : `${list}:`,
      );
      expect(text, q.subject.value).toContain(`${slug} ${label}`);
    }
    expect(text).toContain('status:not-implemented');
  });

  it('draws the six card classes and how they link as an SVG, generated from the ontology and served here', async () => {
    expect(markup).toContain('<img src="/ontology/diagram.svg"');
    const res = await get('/ontology/diagram.svg');
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = await res.text();
    expect(svg).toMatch(/^<\?xml[^>]*\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const name of ['Provision', 'Case', 'Person', 'Media outlet', 'Recommendation', 'Source']) {
      expect(svg).toMatch(new RegExp(`font-weight="bold"[^>]*>${name}</text>`));
    }
    const desc = /<desc id="desc">([^<]*)<\/desc>/.exec(svg)?.[1] ?? '';
    expect(desc).toMatch(/upr:Case → upr:Provision: [^;]*upr:prosecutedUnder/);
    expect(desc).toMatch(/upr:Recommendation → upr:Provision: upr:concerns/);
    expect(desc).toMatch(/upr:Case → upr:Source: dcterms:source/);
    // upr:court's range is schema:Organization, which takes in outlets, but no court is an outlet: no such arrow.
    expect(desc).not.toContain('upr:court');
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });
});
