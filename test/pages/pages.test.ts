// The pages over HTTP, on the real app (the 2019 graph plus a hostile fixture,
// worker engine, port 0), read with fetch and checked with independent parsers.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import jsonld from 'jsonld';
import { Parser, type Quad } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/graph.js';
import { HOSTILE, HOSTILE_LABEL, HOSTILE_NAME, ID, startPagesServer, type PagesServer } from './support.js';

let server: PagesServer;
const get = (p: string, accept?: string) => fetch(`${server.url}${p}`, { headers: accept ? { Accept: accept } : {} });
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const UPR = 'https://w3id.org/upr-graph/ontology#';
const CASE = `${ID}case/ayanov-bokayev-atyrau`;
const ART_174 = `${ID}provision/KZ/criminal-code-2014/art-174`;

// Loading the graph and starting a worker takes seconds on a busy machine: the hook gets a minute.
beforeAll(async () => {
  server = await startPagesServer();
}, 60_000);
afterAll(() => server?.close());

/** The text of every element matching a simple pattern, tags stripped and entities decoded. */
function textOf(markup: string): string {
  return markup
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, ' ');
}

function embeddedJsonLd(markup: string): string {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(markup);
  expect(match, 'the page embeds its data as JSON-LD').toBeTruthy();
  return match![1];
}

const hasTriple = (quads: Quad[], s: string, p: string, o: string) =>
  quads.some((q) => q.subject.value === s && q.predicate.value === p && q.object.value === o);

describe('a resource IRI, dereferenced', () => {
  it('answers browsers with HTML and linked-data clients with Turtle, JSON-LD or N-Triples, varying on Accept', async () => {
    const path = '/id/case/ayanov-bokayev-atyrau';
    const page = await get(path, BROWSER);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('vary')).toMatch(/Accept/);
    expect(await page.text()).toContain('<h1 lang="en">Prosecution of Talgat Ayanov and Max Bokayev, Atyrau (2016)</h1>');

    const turtle = await get(path, 'text/turtle');
    expect(turtle.headers.get('content-type')).toMatch(/^text\/turtle/);
    expect(turtle.headers.get('vary')).toMatch(/Accept/);
    const fromTurtle = new Parser({ format: 'text/turtle' }).parse(await turtle.text());
    expect(hasTriple(fromTurtle, CASE, `${UPR}prosecutedUnder`, ART_174)).toBe(true);

    const json = await get(path, 'application/ld+json');
    expect(json.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const nquads = (await jsonld.toRDF(await json.json(), { format: 'application/n-quads' })) as unknown as string;
    const fromJsonLd = new Parser({ format: 'application/n-quads' }).parse(nquads);
    expect(hasTriple(fromJsonLd, CASE, `${UPR}prosecutedUnder`, ART_174)).toBe(true);
    // The same triples, whichever the format.
    expect(fromJsonLd.length).toBe(fromTurtle.length);

    const nt = await get(`${path}?format=nt`, BROWSER);
    expect(nt.headers.get('content-type')).toMatch(/^application\/n-triples/);
    expect(new Parser({ format: 'application/n-triples' }).parse(await nt.text())).toHaveLength(fromTurtle.length);
  });

  it('is a 404 for an IRI the graph does not know: a page for browsers, text for clients', async () => {
    const page = await get('/id/case/no-such-case', BROWSER);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('https://w3id.org/upr-graph/id/case/no-such-case');
    const turtle = await get('/id/case/no-such-case', 'text/turtle');
    expect(turtle.status).toBe(404);
    expect(turtle.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await get('/id/case/%3Cscript%3E', BROWSER)).status).toBe(404);
  });

  it('is a 406 when the client accepts none of the formats', async () => {
    const res = await get('/id/case/ayanov-bokayev-atyrau', 'image/png');
    expect(res.status).toBe(406);
  });
});

describe('entity pages', () => {
  it('a provision lists the cases brought under it and the recommendations about it', async () => {
    const markup = await (await get('/id/provision/KZ/criminal-code-2014/art-174', BROWSER)).text();
    expect(markup).toMatch(/<caption>Cases prosecuted under it \(1\)<\/caption>[\s\S]*?href="\/id\/case\/ayanov-bokayev-atyrau"/);
    const recommendations = /<caption>Recommendations about it \((\d+)\)<\/caption>([\s\S]*?)<\/table>/.exec(markup);
    expect(recommendations?.[2]).toContain('href="/id/recommendation/KZ/2/124.4"');
    // Properties carry the ontology's labels and link to its entries.
    expect(markup).toContain('<a href="/ontology#formerArticleNumber">former article number</a>');
    // The paragraphs and the footnoted sources behind it.
    expect(markup).toMatch(/Where the submission says this[\s\S]*href="\/id\/document\/kz-2019-article19-adilsoz\/para\/15"/);
    expect(markup).toMatch(/<caption>Footnoted sources \(\d+\)<\/caption>[\s\S]*href="\/id\/source\/rferl-article-174"/);
  });

  it('a person lists their cases and the sentences passed on them', async () => {
    const markup = await (await get('/id/person/max-bokayev', BROWSER)).text();
    expect(markup).toMatch(/<caption>Cases against them \(1\)<\/caption>[\s\S]*?href="\/id\/case\/ayanov-bokayev-atyrau"/);
    expect(markup).toMatch(
      /<caption>Sentences passed on them \(1\)<\/caption>[\s\S]*?href="\/id\/case\/ayanov-bokayev-atyrau\/sentence\/max-bokayev"/,
    );
  });

  it('a recommendation shows its recommending state, response and what it concerns', async () => {
    const text = textOf(await (await get('/id/recommendation/KZ/2/124.4', BROWSER)).text());
    expect(text).toMatch(/recommending state Brazil/);
    expect(text).toMatch(/response supported/i);
    expect(text).toMatch(/concerns Criminal Code Article 174/);
  });

  it('recommendation 126.40 shows the response the submission also gives, with its paragraph and footnote, and paragraph 10 lists it', async () => {
    const markup = await (await get('/id/recommendation/KZ/2/126.40', BROWSER)).text();
    const readings = textOf(/<section aria-labelledby="readings-heading">[\s\S]*?<\/section>/.exec(markup)?.[0] ?? '');
    expect(readings).toMatch(/Response : noted , the graph’s value, as paragraph 3 \( footnote 7 \) says\./);
    expect(readings).toMatch(/Response : the submission also says supported \( paragraph 10 , footnote 23 \)\./);
    const paragraph = textOf(await (await get('/id/document/kz-2019-article19-adilsoz/para/10', BROWSER)).text());
    expect(paragraph).toMatch(/Recommendation 126\.40 [^:]*: response supported \(the other reading; also footnote 23 \)/);
  });

  it('marks literals with their language', async () => {
    const markup = await (await get('/id/case/ayanov-bokayev-atyrau', BROWSER)).text();
    expect(markup).toMatch(/<span lang="en">After taking part in peaceful protests/);
  });
});

describe('lists and home', () => {
  it('lists each class with the count the endpoint gives, and each class its resources', async () => {
    const index = await (await get('/id/', BROWSER)).text();
    const sparql = await fetch(
      `${server.url}/sparql?query=${encodeURIComponent('SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/upr-graph/ontology#Case> }')}`,
      {
        headers: { Accept: 'application/sparql-results+json' },
      },
    );
    const cases = Number(((await sparql.json()) as { results: { bindings: Array<{ n: { value: string } }> } }).results.bindings[0].n.value);
    expect(cases).toBeGreaterThan(5);
    expect(index).toMatch(new RegExp(`<a href="/classes/upr:Case">case</a> <code>upr:Case</code></td><td class="num">${cases}</td>`));
    const list = await (await get('/classes/upr:Case', BROWSER)).text();
    expect(list).toContain(`<caption>${cases} resources of the class case</caption>`);
    expect(list.match(/<tr><td><a href="\/id\/case\//g)).toHaveLength(cases);
    expect((await get('/classes/upr:NoSuchClass', BROWSER)).status).toBe(404);
  });

  it('home shows what the graph holds, a card for every saved query that runs offline, and the editor', async () => {
    const markup = await (await get('/', BROWSER)).text();
    const listed = (await (await get('/api/queries')).json()) as Array<{ name: string; needsNetwork: boolean }>;
    for (const q of listed.filter((q) => !q.needsNetwork)) expect(markup).toContain(`data-query="${q.name}"`);
    expect(markup).toContain('href="/classes/upr:Provision"');
    expect(markup).toContain('<div id="editor"></div>');
    expect(markup).toContain('<script src="/assets/yasgui/yasgui.min.js"></script>');
    const yasgui = await get('/assets/yasgui/yasgui.min.js');
    expect(yasgui.status).toBe(200);
    expect(yasgui.headers.get('content-type')).toMatch(/javascript/);
    expect((await yasgui.text()).length).toBeGreaterThan(100_000);
  });
});

describe('the ontology', () => {
  it('documents every class and property of ontology/upr.ttl with its label, and serves the Turtle itself', async () => {
    const turtle = await readFile(path.join(ROOT, 'ontology/upr.ttl'), 'utf8');
    const quads = new Parser({ format: 'text/turtle' }).parse(turtle);
    const typed = (type: string) =>
      quads
        .filter(
          (q) =>
            q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' &&
            q.object.value === type &&
            q.subject.value.startsWith(UPR),
        )
        .map((q) => q.subject.value);
    const terms = [
      ...typed('http://www.w3.org/2002/07/owl#Class'),
      ...typed('http://www.w3.org/2002/07/owl#ObjectProperty'),
      ...typed('http://www.w3.org/2002/07/owl#DatatypeProperty'),
    ];
    expect(terms.length).toBeGreaterThan(60);
    const res = await get('/ontology', BROWSER);
    expect(res.headers.get('vary')).toMatch(/Accept/);
    const markup = await res.text();
    for (const term of terms) {
      const label = quads.find((q) => q.subject.value === term && q.predicate.value === 'http://www.w3.org/2000/01/rdf-schema#label')!
        .object.value;
      const entry = new RegExp(`<article class="term" id="${term.slice(UPR.length)}">[\\s\\S]*?</article>`).exec(markup)?.[0];
      expect(entry, term).toBeDefined();
      expect(textOf(entry!)).toContain(label);
    }
    // Domain and range, union members included, and the alignment.
    const prosecuted = /<article class="term" id="prosecutedUnder">[\s\S]*?<\/article>/.exec(markup)![0];
    expect(prosecuted).toMatch(/<dt>Domain<\/dt><dd><a href="\/ontology#Case">upr:Case<\/a><\/dd>/);
    expect(prosecuted).toMatch(/<dt>Range<\/dt><dd><a href="\/ontology#Provision">upr:Provision<\/a><\/dd>/);
    const described = /<article class="term" id="describedIn">[\s\S]*?<\/article>/.exec(markup)![0];
    expect(described).toContain('href="/ontology#Person"');
    expect(described).toContain('prov:wasDerivedFrom');

    const ttl = await get('/ontology', 'text/turtle');
    expect(ttl.headers.get('content-type')).toMatch(/^text\/turtle/);
    expect(await ttl.text()).toBe(turtle);
    const json = await get('/ontology', 'application/ld+json');
    const fromJsonLd = new Parser({ format: 'application/n-quads' }).parse(
      (await jsonld.toRDF(await json.json(), { format: 'application/n-quads' })) as unknown as string,
    );
    expect(fromJsonLd).toHaveLength(quads.length);
  });
});

describe('safety', () => {
  it('sends a Content-Security-Policy without inline scripts on every page', async () => {
    for (const p of ['/', '/id/', '/ontology', '/classes/upr:Case', '/id/case/ayanov-bokayev-atyrau', '/id/case/nothing']) {
      const res = await get(p, BROWSER);
      const csp = res.headers.get('content-security-policy');
      expect(csp, p).toMatch(/script-src 'self'(;|$)/);
      expect(csp, p).toMatch(/connect-src 'self'/);
      expect(csp, p).not.toMatch(/unsafe-eval/);
      // Scripts come from /assets/; the only inline blocks are data, which no browser runs.
      for (const tag of (await res.text()).match(/<script[^>]*>/g) ?? []) {
        expect(tag, p).toMatch(/^<script (src="\/assets\/[\w./-]+"|type="application\/(ld\+)?json"( id="[\w-]+")?)>$/);
      }
    }
  });

  it('writes a hostile label as text in the HTML and in the embedded JSON-LD', async () => {
    const res = await get('/id/person/hostile-fixture', BROWSER);
    expect(res.status).toBe(200);
    const markup = await res.text();
    expect(markup).not.toContain(HOSTILE_LABEL);
    expect(markup).not.toContain(HOSTILE_NAME);
    expect(markup).not.toContain('<b>bold</b>');
    expect(markup).toContain('<h1 lang="en">&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62;</h1>');
    // Exactly the page's own scripts, none from the data.
    expect(markup.match(/<script/g)).toHaveLength(1);
    const data = embeddedJsonLd(markup);
    expect(data).not.toContain('<');
    const quads = new Parser({ format: 'application/n-quads' }).parse(
      (await jsonld.toRDF(JSON.parse(data), { format: 'application/n-quads' })) as unknown as string,
    );
    expect(hasTriple(quads, HOSTILE, 'http://www.w3.org/2000/01/rdf-schema#label', HOSTILE_LABEL)).toBe(true);
    expect(hasTriple(quads, HOSTILE, 'http://schema.org/name', HOSTILE_NAME)).toBe(true);
    // And in the list of people.
    const people = await (await get('/classes/upr:Person', BROWSER)).text();
    expect(people).not.toContain(HOSTILE_LABEL);
    expect(textOf(people)).toContain(HOSTILE_LABEL);
  });
});
