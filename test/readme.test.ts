// README's example queries work as written against the real data.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadedGraph, ROOT } from './support/graph.js';

const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```sparql\n([\s\S]*?)```/g)].map((m) => m[1]);

describe("README's example SPARQL queries", () => {
  it('are at least four', () => expect(examples.length).toBeGreaterThanOrEqual(4));

  it('find the two cases under Article 274, in date order', async () => {
    const { engine } = await loadedGraph();
    const { rows } = await engine.select(examples[0]);
    expect(rows.map((r) => [r.case.value.split('/').pop(), r.date.value])).toEqual([
      ['nakanune-kz-baydalina', '2016-05-23'],
      ['ayanov-bokayev-atyrau', '2016-11-28'],
    ]);
  });

  it('find the six articles whose prison maximum rises through mass media or ICT networks', async () => {
    const { engine } = await loadedGraph();
    const { rows } = await engine.select(examples[1]);
    const found = rows.map((r) => `${r.article.value.split('/').pop()} ${Number(r.basic.value)}→${Number(r.media.value)}`).sort();
    expect(found).toEqual(['art-180 7→10', 'art-256 0→12', 'art-274 1→3', 'art-373 2→3', 'art-375 2→3', 'art-376 0→2']);
  });

  it('find the nine noted recommendations with Wikidata links', async () => {
    const { engine } = await loadedGraph();
    const { rows } = await engine.select(examples[2]);
    expect(rows.map((r) => r.number.value)).toEqual([
      '126.35',
      '126.36',
      '126.37',
      '126.38',
      '126.39',
      '126.40',
      '126.41',
      '126.42',
      '126.46',
    ]);
    expect(rows.every((r) => r.wikidata.value.startsWith('http://www.wikidata.org/entity/Q'))).toBe(true);
  });

  it('give every recommendation its own themes, from a grouped subquery inside OPTIONAL (issue 14)', async () => {
    const { engine, select } = await loadedGraph();
    const { rows } = await engine.select(examples[3]);
    const reference = await select(
      'SELECT ?number ?t WHERE { ?rec upr:recommendationNumber ?number ; upr:theme ?theme . ?theme skos:prefLabel ?t }',
    );
    const expected = new Map<string, string[]>();
    for (const row of reference) expected.set(row.number, [...(expected.get(row.number) ?? []), row.t].sort());
    expect(expected.size).toBeGreaterThan(10);
    const found = new Map(rows.map((r) => [r.number.value, r.themes ? r.themes.value.split('; ').sort() : []]));
    for (const [number, themes] of expected) expect(found.get(number), number).toEqual(themes);
  });
});

describe("README's list of saved queries", () => {
  it('names every query of queries/ once, with its summary', async () => {
    const names = (await readdir(path.join(ROOT, 'queries')))
      .filter((f) => f.endsWith('.rq'))
      .map((f) => f.slice(0, -3))
      .sort();
    const section = readme.slice(readme.indexOf('## Saved queries'), readme.indexOf('\n## ', readme.indexOf('## Saved queries') + 1));
    const listed = [...section.matchAll(/^\| `([a-z0-9-]+)` \| (.+) \|$/gm)];
    expect(listed.map((m) => m[1]).sort()).toEqual(names);
    for (const [, name, summary] of listed) {
      const text = await readFile(path.join(ROOT, 'queries', `${name}.rq`), 'utf8');
      expect(text, name).toContain(`#+ summary: ${summary}`);
    }
  });
});
