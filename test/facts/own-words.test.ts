// Own words (issue 13): the data describes the submission in its own words.
// No literal may share more than MAX_SHARED_WORDS consecutive words with the
// document, except quoted titles: values that are a name or title the
// document prints, and so must match it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { graphFiles } from '../../src/load.js';
import { NS, ONTOLOGY_GRAPH, expand, shorten } from '../../src/namespaces.js';
import { placedLiterals } from '../support/literals.js';
import { MAX_SHARED_WORDS, sharedRunChecker } from '../support/shared-words.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Each data folder's document: its text, kept beside the repository (../shared/sources/<folder>.txt). */
const SOURCES = path.resolve(ROOT, '../shared/sources');

/**
 * Quoted titles, the only literals exempt: each holds a name, title, heading
 * or number as the document prints it. Never comments, labels, assessments,
 * discrepancies or other summaries: those are ours to word. (upr:chargeDescription
 * is not here: it describes a charge rather than quoting its title.)
 */
const QUOTED_TITLES = new Set(
  [
    'schema:name', // a law's, article's, organisation's or person's name, as printed
    'schema:alternateName', // another name the document uses for it
    'dcterms:title', // the document's own title
    'upr:section', // the heading of the section a paragraph stands under
    'schema:jobTitle', // a person's post, as the document gives it
    'schema:identifier', // a law's number ("No 178-IV")
    'schema:legislationIdentifier',
  ].map(expand),
);

const made = sharedRunChecker(
  `1. The authorities have “repeatedly” blocked **independent news websites** without a court order,¹ leaving
journalists with no effective remedy against the decision of the prosecutor.

² A footnote that interrupts the page.

general before any court could hear them.`,
);

describe('the own-words checker, on a made-up text', () => {
  it('finds a literal that shares 11 consecutive words with the text, and gives its length and wording', () => {
    expect(made('We note that the authorities have repeatedly blocked independent news websites without a court warrant.')).toEqual({
      length: 11,
      text: 'the authorities have repeatedly blocked independent news websites without a court',
    });
  });

  it('lets a literal that shares only 10 consecutive words pass', () => {
    expect(made('We note that authorities have repeatedly blocked independent news websites without a court warrant.')).toBeUndefined();
  });

  it('sees a copy through differences of case, punctuation, quotes, dashes, footnote markers and markdown', () => {
    expect(made('THE AUTHORITIES HAVE ‘repeatedly’ — blocked *independent* news-websites, without a court order² (leaving)')?.length).toBe(
      13,
    );
  });

  it('sees a copy that runs on across a page break, past the footnote between', () => {
    expect(made('against the decision of the prosecutor general before any court could hear them')?.length).toBe(13);
  });

  it('finds the longest of several shared runs', () => {
    const copy = made(
      'Journalists with no effective remedy against the decision of the prosecutor; and the authorities have repeatedly blocked independent news websites without a court order.',
    );
    expect(copy).toEqual({ length: 12, text: 'the authorities have repeatedly blocked independent news websites without a court order' });
  });
});

describe('the literals of a Turtle file', () => {
  it('are each placed on the line of their opening quote, long ones too', () => {
    const turtle = `@prefix ex: <http://example.org/> .
ex:a ex:name "A" ;
  ex:note """two
lines"""@en , "B" ;
  ex:count 3 .
ex:b ex:part [ ex:name "C" ] .
`;
    expect(placedLiterals(turtle, 'x.ttl').map((l) => [l.where, l.predicate.replace('http://example.org/', ''), l.value])).toEqual([
      ['x.ttl:2', 'name', 'A'],
      ['x.ttl:3', 'note', 'two\nlines'],
      ['x.ttl:4', 'note', 'B'],
      ['x.ttl:5', 'count', '3'],
      ['x.ttl:6', 'name', 'C'],
    ]);
  });
});

/** Every literal of every data file (the files the graph loads), with the document of its folder. */
async function dataLiterals() {
  const out = [];
  for (const { file, graph } of await graphFiles(ROOT)) {
    if (graph === ONTOLOGY_GRAPH) continue;
    const folder = path.basename(path.dirname(file));
    const source = path.join(SOURCES, `${folder}.txt`);
    const document = await readFile(source, 'utf8').catch(() => {
      throw new Error(`data/${folder}: its document ${source} is missing; the own-words check needs it`);
    });
    const relative = path.relative(ROOT, file);
    out.push({ document, literals: placedLiterals(await readFile(file, 'utf8'), relative) });
  }
  return out;
}

describe('every literal of the data, against the submission', () => {
  it(`shares at most ${MAX_SHARED_WORDS} consecutive words with the document, unless it is a quoted title`, async () => {
    const offenders: string[] = [];
    let checked = 0;
    const checkers = new Map<string, ReturnType<typeof sharedRunChecker>>();
    for (const { document, literals } of await dataLiterals()) {
      if (!checkers.has(document)) checkers.set(document, sharedRunChecker(document));
      const shared = checkers.get(document)!;
      // A label may quote its own subject's title ("ARTICLE 19 (2016): <title>"): the title is taken out first.
      const titles = new Map<string, string[]>();
      for (const l of literals.filter((x) => QUOTED_TITLES.has(x.predicate)))
        titles.set(l.subject, [...(titles.get(l.subject) ?? []), l.value]);
      for (const literal of literals.filter((l) => !QUOTED_TITLES.has(l.predicate))) {
        checked++;
        const ownWords = (titles.get(literal.subject) ?? []).reduce((text, title) => text.split(title).join(' / '), literal.value);
        const run = shared(ownWords);
        if (run) {
          const subject = `<${literal.subject.replace(NS.id, '')}>`;
          offenders.push(`${literal.where} ${subject} ${shorten(literal.predicate)}: ${run.length} shared words: "${run.text}"`);
        }
      }
    }
    expect(checked, 'literals checked').toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });
});
