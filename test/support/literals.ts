// Every literal of a Turtle file, with the line it is written on, so that a
// check over the data can name the place to fix (`file:line`).
import { Lexer, Parser } from 'n3';

export interface PlacedLiteral {
  /** `file:line` of the literal's opening quote. */
  where: string;
  subject: string;
  predicate: string;
  value: string;
}

/**
 * The literal objects of `text`, in order. Turtle allows literals only as
 * objects, and the parser emits a triple once its object is read, so the
 * n-th literal token is the object of the n-th triple with a literal object;
 * the values are compared pair by pair so that a mismatch cannot go unseen.
 */
export function placedLiterals(text: string, file: string): PlacedLiteral[] {
  const quads = new Parser({ format: 'text/turtle' }).parse(text).filter((q) => q.object.termType === 'Literal');
  const tokens = new Lexer().tokenize(text).filter((t) => t.type === 'literal');
  if (tokens.length !== quads.length) {
    throw new Error(`${file}: ${tokens.length} literal tokens but ${quads.length} triples with a literal object`);
  }
  return quads.map((q, i) => {
    if (tokens[i].value !== q.object.value) {
      throw new Error(
        `${file}:${tokens[i].line}: literal token ${JSON.stringify(tokens[i].value)} is not the object ${JSON.stringify(q.object.value)}`,
      );
    }
    return { where: `${file}:${tokens[i].line}`, subject: q.subject.value, predicate: q.predicate.value, value: q.object.value };
  });
}
