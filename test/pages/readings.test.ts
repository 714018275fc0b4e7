// Readings and bases on the entity pages (issue 13), over HTTP on the real app
// (the repository's ontology, a fixture submission of its own, worker engine,
// port 0): the page of a resource shows what the submission says two ways and
// the values it does not state; a paragraph's page shows the readings it gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReadingsServer, type PagesServer } from './support.js';

let server: PagesServer;
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const page = async (p: string) => {
  const res = await fetch(`${server.url}${p}`, { headers: { Accept: BROWSER } });
  expect(res.status, p).toBe(200);
  return res.text();
};
const RECOMMENDATION = '/id/recommendation/XX/9/9.40';
const OUTLET = '/id/outlet/readings-fixture-news';
const PARA = '/id/document/readings-fixture/para';
const FN = '/id/document/readings-fixture/footnote';

beforeAll(async () => {
  server = await startReadingsServer();
}, 60_000);
afterAll(() => server?.close());

/** Visible text: tags stripped, entities decoded, spaces collapsed. */
const textOf = (markup: string) =>
  markup
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, ' ')
    .replace(/ ([.,;:)])/g, '$1')
    .replace(/\( /g, '(');

/** The markup of the section headed by the element with this id. */
const section = (markup: string, headingId: string) =>
  new RegExp(`<section aria-labelledby="${headingId}">[\\s\\S]*?</section>`).exec(markup)?.[0] ?? '';

/** The row of the property table whose property link has this text. */
const propertyRow = (markup: string, property: string) =>
  new RegExp(`<tr><th scope="row"><a [^>]*>${property}</a></th>[\\s\\S]*?</tr>`).exec(section(markup, 'properties-heading'))?.[0] ?? '';

describe('a resource whose property the submission gives two ways', () => {
  it('shows the graph’s value with the passage that gives it, and the other reading with its paragraph and footnote', async () => {
    const markup = await page(RECOMMENDATION);
    const readings = section(markup, 'readings-heading');
    expect(textOf(readings)).toContain(
      'Response: noted, the graph’s value, as paragraph 3 (footnote 7) says. Listed among the recommendations the state noted.',
    );
    expect(textOf(readings)).toContain(
      'Response: the submission also says supported (paragraph 10, footnote 23). Cited as accepted, <b>worded</b> as a call to amend civil law.',
    );
    // The passages are links to their pages, the value to its concept.
    expect(readings).toContain(`<a href="${PARA}/10">paragraph 10</a>`);
    expect(readings).toContain(`<a href="${FN}/23">footnote 23</a>`);
    expect(readings).toContain('<a href="/id/response/supported">supported</a>');
    // The note is text, not markup.
    expect(markup).not.toContain('<b>worded</b>');
    // The graph's value is adopted first.
    expect(readings.indexOf('noted')).toBeLessThan(readings.indexOf('supported'));
  });

  it('marks the value in the property table, and does not list the readings again under "Linked from"', async () => {
    const markup = await page(RECOMMENDATION);
    expect(propertyRow(markup, 'response')).toMatch(
      /noted<\/a> <span class="basis"><a href="#readings-heading">read two ways<\/a><\/span>/,
    );
    expect(markup).not.toMatch(/Resources whose “subject”/);
  });

  it('gives each reading a page of its own, like any resource', async () => {
    const markup = await page(`${RECOMMENDATION}/reading/response-supported`);
    expect(markup).toContain('<h1 lang="en">9.40: response supported (the other reading)</h1>');
    // What it says, in the words of its subject's page.
    expect(textOf(section(markup, 'self-heading'))).toContain(
      'Recommendation 9.40 of the readings fixture, response: the submission also says supported (paragraph 10, footnote 23).',
    );
    expect(textOf(markup)).toMatch(/subject Recommendation 9.40 of the readings fixture/);
    expect(textOf(markup)).toMatch(/property response/);
    expect(textOf(markup)).toMatch(/value supported/);
    expect(markup).toContain(`href="${FN}/23"`);
  });

  it('says so when a reading marked as the graph’s value, or an inference, is not what the graph asserts', async () => {
    const markup = await page('/id/recommendation/XX/9/9.41');
    const readings = textOf(section(markup, 'readings-heading'));
    expect(readings).toContain(
      'Response: supported, the graph’s value, as paragraph 10 says. Marked as the graph’s value, but the graph does not assert it.',
    );
    // And an inference of a value the graph does not hold.
    expect(textOf(section(markup, 'inferences-heading'))).toContain('2 The graph does not assert this value. outside knowledge Wikidata');
    expect(propertyRow(markup, 'UPR cycle')).toBe('');
  });
});

describe('a resource with values the submission does not state', () => {
  it('lists each with its basis, what it rests on and its note', async () => {
    const markup = await page(OUTLET);
    const inferences = section(markup, 'inferences-heading');
    const rows = inferences.match(/<tr><th scope="row">[\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(2);
    const founding = textOf(rows.find((r) => r.includes('foundingDate'))!);
    expect(founding).toContain(
      '2005 inferred paragraph 10, Fixture report on the outlet Paragraph 10 says the outlet had reported for fourteen years by 2019.',
    );
    const url = rows.find((r) => r.includes('fixture-news.example'))!;
    expect(textOf(url)).toContain('outside knowledge Wikidata The submission names the outlet but not its address.');
    expect(url).toContain('<a href="/id/reference/wikidata">Wikidata</a>');
    expect(rows.join('')).toContain(`<a href="${PARA}/10">paragraph 10</a>`);
    expect(rows.join('')).toContain('<a href="/id/basis/inferred">inferred</a>');
  });

  it('marks each such value where the property table shows it, and only those', async () => {
    const markup = await page(OUTLET);
    expect(propertyRow(markup, 'schema:foundingDate')).toContain(
      `2005</span> <span class="basis"><a href="${OUTLET}/inference/founding-date">inferred</a></span>`,
    );
    expect(propertyRow(markup, 'URL')).toContain(`<span class="basis"><a href="${OUTLET}/inference/url">outside knowledge</a></span>`);
    expect(propertyRow(markup, 'label')).not.toContain('class="basis"');
  });

  it('gives each inference a page, and the paragraph it rests on lists it', async () => {
    const markup = await page(`${OUTLET}/inference/founding-date`);
    expect(markup).toContain('<h1 lang="en">Fixture News: founding date (inferred)</h1>');
    expect(textOf(section(markup, 'self-heading'))).toContain(
      'Fixture News, schema:foundingDate: 2005, inferred, resting on paragraph 10, Fixture report on the outlet.',
    );
    expect(textOf(markup)).toMatch(/rests on Fixture report on the outlet Paragraph 10 of the readings fixture/);
    const paragraph = await page(`${PARA}/10`);
    expect(paragraph).toMatch(
      /<caption>Values the graph infers from it \(1\)<\/caption>[\s\S]*?href="\/id\/outlet\/readings-fixture-news\/inference\/founding-date"/,
    );
  });
});

describe('a paragraph or footnote that gives a reading', () => {
  it('lists the readings it gives, each as the graph’s value or the other reading', async () => {
    const ten = textOf(section(await page(`${PARA}/10`), 'given-heading'));
    expect(ten).toContain('Readings this paragraph gives');
    expect(ten).toContain('Recommendation 9.40 of the readings fixture: response supported (the other reading; also footnote 23).');
    expect(ten).toContain(
      'Recommendation 9.41 of the readings fixture: response supported (the graph’s value). Marked as the graph’s value, but the graph does not assert it.',
    );
    expect(ten).not.toContain('response noted');
    const three = textOf(section(await page(`${PARA}/3`), 'given-heading'));
    expect(three).toContain('Recommendation 9.40 of the readings fixture: response noted (the graph’s value; also footnote 7).');
    const footnote = textOf(section(await page(`${FN}/23`), 'given-heading'));
    expect(footnote).toContain('Readings this footnote gives');
    expect(footnote).toContain('response supported (the other reading; also paragraph 10).');
  });

  it('shows no such sections on a page that has neither readings nor inferences', async () => {
    const markup = await page('/id/reference/wikidata');
    expect(markup).not.toContain('readings-heading');
    expect(markup).not.toContain('inferences-heading');
    expect(markup).not.toContain('given-heading');
    expect(markup).not.toContain('self-heading');
  });
});
