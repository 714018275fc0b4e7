// Own words: how many consecutive words a literal shares with the document it
// describes. Both texts become streams of word keys normalised the same way,
// so that case, punctuation, typographic quotes and dashes, footnote
// superscripts and markdown emphasis cannot hide a copy.

/** The most consecutive words a literal may share with its document. */
export const MAX_SHARED_WORDS = 10;

/** A run this long is a copy: the n-grams indexed and scanned. */
const RUN = MAX_SHARED_WORDS + 1;

/**
 * How far after a block of the document its text may resume. The text comes
 * from a PDF: a page break cuts a paragraph or footnote, and it goes on after
 * the page's footnotes (or the next page's opening lines), up to 12 blocks
 * later in this document; 16 leaves room.
 */
const RESUMES_WITHIN_BLOCKS = 16;

interface Word {
  key: string;
  start: number;
  end: number;
}

/** Superscript digits and signs: footnote markers glued to the word before. */
const SUPERSCRIPTS = /[\u00B9\u00B2\u00B3\u2070-\u209F]/g;

/** The words of `text`: split at spaces, dashes and slashes; each keyed without case, accents or punctuation. */
export function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(/[^\s\-\u2010-\u2015\u2212/]+/g)) {
    const key = m[0]
      .replace(SUPERSCRIPTS, '')
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, '');
    // The run's text is shown without the punctuation around its first and last words.
    const lead = /^[^\p{L}\p{Nd}]*/u.exec(m[0])![0].length;
    const trail = /[^\p{L}\p{Nd}]*$/u.exec(m[0])![0].length;
    if (key) out.push({ key, start: m.index + lead, end: m.index + m[0].length - trail });
  }
  return out;
}

const gram = (keys: string[], at: number) => keys.slice(at, at + RUN).join(' ');

/** A shared run: how many words, and the literal's own text of them. */
export interface SharedRun {
  length: number;
  text: string;
}

/** A checker for one document: the longest run of words a text shares with it, if longer than MAX_SHARED_WORDS. */
export function sharedRunChecker(documentText: string): (text: string) => SharedRun | undefined {
  const blocks = documentText
    .split(/\n\s*\n/)
    .map((block) => words(block).map((w) => w.key))
    .filter((keys) => keys.length > 0);
  const grams = new Set<string>();
  const addAll = (keys: string[]) => {
    for (let i = 0; i + RUN <= keys.length; i++) grams.add(gram(keys, i));
  };
  blocks.forEach((keys, i) => {
    addAll(keys);
    // Runs across a block's end into the next block, or into a later one where the page break resumes it.
    for (const next of blocks.slice(i + 1, i + 1 + RESUMES_WITHIN_BLOCKS)) addAll([...keys.slice(-(RUN - 1)), ...next.slice(0, RUN - 1)]);
  });

  return (text) => {
    const found = words(text);
    const keys = found.map((w) => w.key);
    let best: { from: number; length: number } | undefined;
    // A stretch whose every RUN consecutive words stand in the document is one
    // shared run (in practice one copied passage), its length in words reported.
    for (let i = 0; i + RUN <= keys.length; ) {
      if (!grams.has(gram(keys, i))) {
        i++;
        continue;
      }
      let j = i;
      while (j + RUN <= keys.length && grams.has(gram(keys, j))) j++;
      const length = j - i + RUN - 1;
      if (!best || length > best.length) best = { from: i, length };
      i = j;
    }
    if (!best) return undefined;
    return { length: best.length, text: text.slice(found[best.from].start, found[best.from + best.length - 1].end) };
  };
}
