// Answers of the W3C tests, expected and actual, and their comparison as the
// W3C harnesses make it: solutions as a multiset (a sequence under ORDER BY),
// blank nodes equal up to renaming, CONSTRUCT graphs up to isomorphism.
import { createReadStream, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { DataFactory, Parser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { isomorphic } from 'rdf-isomorphic';
import { SparqlJsonParser } from 'sparqljson-parse';
import { SparqlXmlParser } from 'sparqlxml-parse';
import type * as RDF from '@rdfjs/types';

export type Row = Record<string, RDF.Term>;

export type Answer =
  | { type: 'bindings'; variables: string[]; rows: Row[] }
  | { type: 'boolean'; value: boolean }
  | { type: 'quads'; quads: RDF.Quad[] }
  /** CSV results: values only, one string per cell ('' for unbound), as a CSV result test expects them. */
  | { type: 'csv'; variables: string[]; rows: string[][] };

const RS = 'http://www.w3.org/2001/sw/DataAccess/tests/result-set#';
const { namedNode, blankNode, literal, quad } = DataFactory;

/** The triples of an RDF file (Turtle, N-Triples or RDF/XML), relative IRIs resolved against the file's URL. */
export async function readRdf(file: string): Promise<RDF.Quad[]> {
  const baseIRI = pathToFileURL(file).href;
  // Each reading gets blank nodes of its own: a file loaded twice (as default and named graph) shares none.
  if (extname(file) !== '.rdf') return new Parser({ baseIRI }).parse(readFileSync(file, 'utf8'));
  const quads: RDF.Quad[] = [];
  const parser = new RdfXmlParser({ baseIRI, dataFactory: DataFactory as never });
  await new Promise<void>((resolve, reject) => {
    createReadStream(file)
      .pipe(parser)
      .on('data', (q: RDF.Quad) => quads.push(q))
      .on('error', reject)
      .on('end', resolve);
  });
  return quads;
}

/** A result set written in the DAWG result-set vocabulary (rs:ResultSet) as an answer; `ordered` when it numbers its solutions. */
function fromResultSetGraph(quads: RDF.Quad[]): { answer: Answer; ordered: boolean } {
  const objects = (s: RDF.Term, p: string) => quads.filter((q) => q.subject.equals(s) && q.predicate.value === RS + p).map((q) => q.object);
  const set = quads.find((q) => q.object.value === `${RS}ResultSet`)?.subject;
  if (!set) throw new Error('no rs:ResultSet in the expected results');
  const boolean = objects(set, 'boolean')[0];
  if (boolean) return { answer: { type: 'boolean', value: boolean.value === 'true' }, ordered: false };
  const solutions = objects(set, 'solution').map((solution) => {
    const row: Row = {};
    for (const binding of objects(solution, 'binding')) row[objects(binding, 'variable')[0].value] = objects(binding, 'value')[0];
    const index = objects(solution, 'index')[0];
    return { row, index: index ? Number(index.value) : undefined };
  });
  const ordered = solutions.length > 0 && solutions.every((s) => s.index !== undefined);
  if (ordered) solutions.sort((a, b) => a.index! - b.index!);
  return {
    answer: { type: 'bindings', variables: objects(set, 'resultVariable').map((v) => v.value), rows: solutions.map((s) => s.row) },
    ordered,
  };
}

/** `?x` keys from the result parsers, without the question mark. */
const unprefixed = (bindings: Record<string, RDF.Term>): Row =>
  Object.fromEntries(Object.entries(bindings).map(([k, v]) => [k.replace(/^\?/, ''), v]));

/** SPARQL JSON results text as an answer. */
export function readSparqlJson(text: string): Answer {
  const json = JSON.parse(text);
  const parser = new SparqlJsonParser({ dataFactory: DataFactory as never });
  if (typeof json.boolean === 'boolean') return { type: 'boolean', value: parser.parseJsonBoolean(json) };
  return { type: 'bindings', variables: json.head.vars ?? [], rows: parser.parseJsonResults(json).map(unprefixed) };
}

/** SPARQL XML results text as an answer. */
export async function readSparqlXml(text: string): Promise<Answer> {
  const parser = new SparqlXmlParser({ dataFactory: DataFactory as never });
  if (/<boolean>/.test(text)) return { type: 'boolean', value: await parser.parseXmlBooleanStream(Readable.from([text])) };
  const rows: Row[] = [];
  let variables: string[] = [];
  await new Promise<void>((resolve, reject) => {
    parser
      .parseXmlResultsStream(Readable.from([text]))
      .on('variables', (vars: RDF.Variable[]) => (variables = vars.map((v) => v.value)))
      .on('data', (b: Record<string, RDF.Term>) => rows.push(unprefixed(b)))
      .on('error', reject)
      .on('end', resolve);
  });
  return { type: 'bindings', variables, rows };
}

/** One TSV cell (a term in Turtle syntax) as a term. */
function tsvTerm(cell: string): RDF.Term {
  return new Parser({ blankNodePrefix: '' }).parse(`<urn:s> <urn:p> ${cell} .`)[0].object;
}

/** SPARQL TSV results as an answer; this project writes an ASK answer as a `?_askResult` column. */
export function readSparqlTsv(text: string): Answer {
  const [header, ...lines] = text.replace(/\n$/, '').split('\n');
  if (header === '?_askResult') return { type: 'boolean', value: lines[0] === 'true' };
  const variables = header === '' ? [] : header.split('\t').map((v) => v.replace(/^\?/, ''));
  const rows = lines.map((line) => {
    const row: Row = {};
    line.split('\t').forEach((cell, i) => {
      if (cell !== '') row[variables[i]] = tsvTerm(cell);
    });
    return row;
  });
  return { type: 'bindings', variables, rows };
}

/** RFC 4180 CSV as rows of cells. */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') continue;
    else if (c === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || record.length) {
    record.push(cell);
    records.push(record);
  }
  return records;
}

/** SPARQL CSV results as an answer of strings; this project writes an ASK answer as a `_askResult` column. */
export function readSparqlCsv(text: string): Answer {
  const [variables, ...rows] = csvRecords(text);
  if (variables.length === 1 && variables[0] === '_askResult') return { type: 'boolean', value: rows[0][0] === 'true' };
  return { type: 'csv', variables, rows };
}

/** What CSV keeps of a bindings answer: each value's string (a blank node as `_:label`), '' when unbound. */
export function asCsv(answer: Answer): Answer {
  if (answer.type !== 'bindings') return answer;
  const text = (t: RDF.Term | undefined) => (!t ? '' : t.termType === 'BlankNode' ? `_:${t.value}` : t.value);
  return { type: 'csv', variables: answer.variables, rows: answer.rows.map((row) => answer.variables.map((v) => text(row[v]))) };
}

/** The expected answer of a test, and whether its order counts (under ORDER BY, where the file gives an order). */
export async function readExpected(file: string, queryText: string): Promise<{ answer: Answer; ordered: boolean }> {
  const ordersBy = /\bORDER\s+BY\b/i.test(queryText);
  const text = () => readFileSync(file, 'utf8');
  switch (extname(file)) {
    case '.srx':
      return { answer: await readSparqlXml(text()), ordered: ordersBy };
    case '.srj':
      return { answer: readSparqlJson(text()), ordered: ordersBy };
    case '.tsv':
      return { answer: readSparqlTsv(text()), ordered: ordersBy };
    case '.csv':
      return { answer: readSparqlCsv(text()), ordered: ordersBy };
    default: {
      const quads = await readRdf(file);
      if (/\b(CONSTRUCT|DESCRIBE)\b/i.test(queryText.replace(/#.*$/gm, ''))) return { answer: { type: 'quads', quads }, ordered: false };
      const set = fromResultSetGraph(quads);
      return { answer: set.answer, ordered: set.ordered && ordersBy };
    }
  }
}

// ---------------------------------------------------------------------------
// Comparison

/** Language tags compare case-insensitively (RDF 1.1); everything else as the term itself. */
function normal(term: RDF.Term, blankPrefix: string): RDF.Term {
  if (term.termType === 'BlankNode') return blankNode(blankPrefix + term.value);
  if (term.termType === 'Literal' && term.language) return literal(term.value, term.language.toLowerCase());
  return term;
}

const ROW = namedNode('urn:w3c:row');
const INDEX = namedNode('urn:w3c:index');

/** Solutions as a graph (one blank node per solution), so that graph isomorphism compares them as a multiset up to blank-node renaming. */
function solutionGraph(answer: Extract<Answer, { type: 'bindings' | 'csv' }>, ordered: boolean): RDF.Quad[] {
  const quads: RDF.Quad[] = [];
  answer.rows.forEach((row, i) => {
    const node = blankNode(`row${i}`);
    quads.push(quad(node, ROW, ROW));
    if (ordered) quads.push(quad(node, INDEX, literal(String(i))));
    const cells: Array<[string, RDF.Term | undefined]> = Array.isArray(row)
      ? row.map((cell, j) => [
          answer.variables[j],
          cell === '' ? undefined : cell.startsWith('_:') ? blankNode(cell.slice(2)) : literal(cell),
        ])
      : Object.entries(row);
    for (const [variable, term] of cells) {
      if (term) quads.push(quad(node, namedNode(`urn:w3c:var:${variable}`), normal(term, 'v') as RDF.Quad_Object));
    }
  });
  return quads;
}

/** The answer with each solution once (the comparison of REDUCED results, whose multiplicity is free). */
function distinct(answer: Answer): Answer {
  if (answer.type !== 'bindings' && answer.type !== 'csv') return answer;
  const seen = new Map<string, (typeof answer.rows)[number]>();
  for (const row of answer.rows)
    seen.set(JSON.stringify(Array.isArray(row) ? row : Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1))), row);
  return { ...answer, rows: [...seen.values()] } as Answer;
}

/** Undefined when the answers agree; otherwise what differs. `lax`: solutions compare as sets (mf:LaxCardinality). */
export function compareAnswers(actual: Answer, expected: Answer, ordered: boolean, lax = false): string | undefined {
  if (expected.type === 'csv' && actual.type === 'bindings') actual = asCsv(actual);
  if (expected.type === 'bindings' && actual.type === 'csv') expected = asCsv(expected);
  // After the CSV conversion: CSV may make distinct solutions equal.
  if (lax) return compareAnswers(distinct(actual), distinct(expected), ordered);
  if (actual.type !== expected.type) return `expected a ${expected.type} answer, got a ${actual.type} answer`;
  if (actual.type === 'boolean' && expected.type === 'boolean') {
    return actual.value === expected.value ? undefined : `expected ${expected.value}, got ${actual.value}`;
  }
  if (actual.type === 'quads' && expected.type === 'quads') {
    const graph = (quads: RDF.Quad[]) =>
      quads.map((q) => quad(normal(q.subject, 'b') as RDF.Quad_Subject, q.predicate, normal(q.object, 'b') as RDF.Quad_Object));
    return isomorphic(graph(actual.quads), graph(expected.quads))
      ? undefined
      : `expected ${expected.quads.length} triples, got ${actual.quads.length} not isomorphic to them`;
  }
  const a = actual as Extract<Answer, { type: 'bindings' | 'csv' }>;
  const e = expected as Extract<Answer, { type: 'bindings' | 'csv' }>;
  if (isomorphic(solutionGraph(a, ordered), solutionGraph(e, ordered))) return undefined;
  return `expected ${e.rows.length} solutions${ordered ? ' in order' : ''}, got ${a.rows.length} that differ: ${JSON.stringify(a.rows.slice(0, 3))}…`;
}
