// One CSV per class of entity (CSV_CLASSES), for spreadsheets and for tools
// such as Uwazi that import tables: the conventions are in csvTables' comment.
import { DataFactory, Store } from 'n3';
import type * as RDF from '@rdfjs/types';
import { NS, ONTOLOGY_GRAPH } from '../namespaces.js';
import { distinctTriples, termKey as key } from '../triples.js';
import { compare } from './canonical.js';
import { csvRecords } from './csv-records.js';
import { expandKey, type JsonLdContext } from './json-ld.js';
import { S } from './schema-org.js';

const { namedNode } = DataFactory;
const RDF_TYPE = `${NS.rdf}type`;

/** The CSV files: which entities each lists (by rdf:type, subclasses included, minus `except`). */
export const CSV_CLASSES: Array<{ name: string; title: string; types: string[]; except?: string[] }> = [
  { name: 'case', title: 'cases', types: [`${NS.upr}Case`] },
  { name: 'provision', title: 'provisions (articles and their parts)', types: [`${NS.upr}Provision`] },
  { name: 'instrument', title: 'legal instruments (laws, codes, treaties)', types: [S('Legislation')], except: [`${NS.upr}Provision`] },
  { name: 'recommendation', title: 'recommendations', types: [`${NS.upr}Recommendation`] },
  { name: 'person', title: 'people', types: [`${NS.upr}Person`] },
  { name: 'outlet', title: 'media outlets', types: [`${NS.upr}Outlet`] },
  {
    name: 'organization',
    title: 'organisations other than outlets (courts, ministries, companies, NGOs)',
    types: [S('Organization')],
    except: [`${NS.upr}Outlet`],
  },
  { name: 'source', title: 'cited works', types: [`${NS.upr}Source`] },
  { name: 'footnote', title: 'footnotes', types: [`${NS.upr}Footnote`] },
  { name: 'paragraph', title: 'numbered paragraphs', types: [`${NS.upr}Paragraph`] },
  { name: 'submission', title: 'submissions', types: [`${NS.upr}Submission`] },
  { name: 'country', title: 'states and the international jurisdiction', types: [S('Country'), `${NS.upr}InternationalJurisdiction`] },
  { name: 'sentence', title: 'sentences', types: [`${NS.upr}Sentence`] },
  { name: 'amount', title: 'sums of money (damages, alleged amounts)', types: [S('MonetaryAmount')] },
  {
    name: 'reading',
    title: 'readings: what a paragraph or footnote says of a fact the document states two ways',
    types: [`${NS.upr}Reading`],
  },
  { name: 'inference', title: 'inferences: values the document does not state, with their basis', types: [`${NS.upr}Inference`] },
  {
    name: 'event',
    title: 'events other than cases (protests, arrests, public discussions)',
    types: [S('Event')],
    except: [`${NS.upr}Case`],
  },
  { name: 'concept', title: 'concepts of the controlled lists (themes, case types, responses, ...)', types: [`${NS.skos}Concept`] },
];

/** Where a CSV row's title comes from, in order: the first its entity has. */
const CSV_TITLE_SOURCES = [`${NS.rdfs}label`, S('name'), `${NS.skos}prefLabel`, `${NS.dcterms}title`];

/** Separates the values of a multi-valued CSV cell. */
export const CSV_SEPARATOR = ' | ';

/** Column names a property may not take: the CSV's own columns, and Uwazi's reserved `id`. */
const RESERVED_COLUMNS = new Set(['iri', 'title', 'type', 'id']);

/** What every table is cut from: the union of the graphs and what is known of its nodes. */
interface CsvGraph {
  union: Store;
  /** Subjects of the document graphs (the ontology's own statements give no `^` columns). */
  dataSubjects: Set<string>;
  /** A node's title: its first of CSV_TITLE_SOURCES. */
  titles: Map<string, string>;
  column: (iri: string) => string;
}

/** A table's property columns, by predicate IRI, in order; `linked` when a `_title` column follows. */
type Columns = Array<[string, { linked: boolean }]>;

/** A predicate's column name: its key in the context (`defendant`), else a CURIE (`dcterms:title`, `schema:alternateName`), else the IRI. */
function columnNames(context: JsonLdContext): (iri: string) => string {
  const terms = new Map<string, string>();
  for (const [name, definition] of Object.entries(context)) {
    if (name.startsWith('@') || RESERVED_COLUMNS.has(name) || typeof definition !== 'object' || definition === null) continue;
    const d = definition as Record<string, unknown>;
    if (typeof d['@id'] !== 'string' || '@reverse' in d) continue;
    const iri = expandKey(d['@id'], context);
    if (!terms.has(iri)) terms.set(iri, name);
  }
  const prefixes = Object.entries(context).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && (e[1].endsWith('/') || e[1].endsWith('#')),
  );
  return (iri) => {
    if (terms.has(iri)) return terms.get(iri)!;
    let best: [string, string] | undefined;
    for (const [prefix, ns] of prefixes) if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
    return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
  };
}

function cellValue(term: RDF.Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

/** The classes given with all their subclasses (rdfs:subClassOf, transitively). */
function subclassClosure(union: Store): (types: string[]) => Set<string> {
  const subclasses = new Map<string, Set<string>>();
  for (const t of union.getQuads(null, namedNode(`${NS.rdfs}subClassOf`), null, null)) {
    if (!subclasses.has(t.object.value)) subclasses.set(t.object.value, new Set());
    subclasses.get(t.object.value)!.add(t.subject.value);
  }
  return (types) => {
    const all = new Set(types);
    const queue = [...types];
    while (queue.length) {
      for (const sub of subclasses.get(queue.shift()!) ?? []) {
        if (all.has(sub)) continue;
        all.add(sub);
        queue.push(sub);
      }
    }
    return all;
  };
}

/** A row's title, and the title beside a link to it: the first of CSV_TITLE_SOURCES it has (the smallest, if several). */
function entityTitles(union: Store): Map<string, string> {
  const titles = new Map<string, string>();
  for (const p of [...CSV_TITLE_SOURCES].reverse()) {
    for (const t of union.getQuads(null, namedNode(p), null, null)) {
      const values = union
        .getQuads(t.subject, namedNode(p), null, null)
        .map((q) => q.object.value)
        .sort();
      titles.set(key(t.subject), values[0]);
    }
  }
  return titles;
}

/** The entities of a table, sorted by IRI: typed with one of `include`, and with none of `exclude`. */
function tableMembers(union: Store, include: Set<string>, exclude: Set<string>): RDF.Term[] {
  const members = new Map<string, RDF.Term>();
  const typings = union.getQuads(null, namedNode(RDF_TYPE), null, null);
  for (const t of typings) if (include.has(t.object.value)) members.set(key(t.subject), t.subject);
  for (const t of typings) if (exclude.has(t.object.value)) members.delete(key(t.subject));
  return [...members.values()].sort((a, b) => compare(key(a), key(b)));
}

/** The property columns the rows need: forward (what they state) and reverse (what document subjects state of them), by name. */
function tableColumns(graph: CsvGraph, rows: RDF.Term[]): { forward: Columns; reverse: Columns } {
  const { union, titles, dataSubjects, column } = graph;
  const forward = new Map<string, { linked: boolean }>();
  const reverse = new Map<string, { linked: boolean }>();
  for (const m of rows) {
    for (const t of union.getQuads(m, null, null, null)) {
      // The title column carries the label; a label column appears only for entities with several.
      if (t.predicate.value === RDF_TYPE || (t.predicate.value === `${NS.rdfs}label` && union.countQuads(m, t.predicate, null, null) === 1))
        continue;
      const c = forward.get(t.predicate.value) ?? { linked: false };
      if (t.object.termType !== 'Literal' && titles.has(key(t.object))) c.linked = true;
      forward.set(t.predicate.value, c);
    }
    for (const t of union.getQuads(null, null, m, null)) {
      if (t.predicate.value === RDF_TYPE || !dataSubjects.has(key(t.subject))) continue;
      const c = reverse.get(t.predicate.value) ?? { linked: false };
      if (titles.has(key(t.subject))) c.linked = true;
      reverse.set(t.predicate.value, c);
    }
  }
  const byName = (a: [string, unknown], b: [string, unknown]) => compare(column(a[0]), column(b[0]));
  return { forward: [...forward].sort(byName), reverse: [...reverse].sort(byName) };
}

/** What a column holds, for its CSVW description (csvw.ts). */
export type CsvColumnKind = 'iri' | 'title' | 'type' | 'property' | 'property-title' | 'reverse' | 'reverse-title';

/** A column: its header, what it holds, its property (for property columns and their titles), and what was found in it. */
export interface CsvColumn {
  header: string;
  kind: CsvColumnKind;
  property?: string;
  /** The terms of its cells (for titles: none), each cell's count of values, and how many cells are empty. */
  terms: RDF.Term[];
  mostValues: number;
  empty: number;
}

/** One cell before it is written: its text and the values it joins. */
interface Cell {
  text: string;
  terms: RDF.Term[];
  values: number;
}

const cellOf = (text: string, values: number, terms: RDF.Term[] = []): Cell => ({ text, terms, values });

function columnsOf(column: (iri: string) => string, forward: Columns, reverse: Columns): CsvColumn[] {
  const make = (header: string, kind: CsvColumnKind, property?: string): CsvColumn => ({
    header,
    kind,
    property,
    terms: [],
    mostValues: 0,
    empty: 0,
  });
  const columns = [make('iri', 'iri'), make('title', 'title'), make('type', 'type')];
  for (const [p, c] of forward)
    columns.push(make(column(p), 'property', p), ...(c.linked ? [make(`${column(p)}_title`, 'property-title', p)] : []));
  for (const [p, c] of reverse)
    columns.push(make(`^${column(p)}`, 'reverse', p), ...(c.linked ? [make(`^${column(p)}_title`, 'reverse-title', p)] : []));
  return columns;
}

/** One entity's row: its own cells, then each forward and reverse column (and its `_title` column). */
function rowCells(graph: CsvGraph, m: RDF.Term, forward: Columns, reverse: Columns): Cell[] {
  const { union, titles, dataSubjects, column } = graph;
  const byValue = (a: RDF.Term, b: RDF.Term) => compare(cellValue(a), cellValue(b));
  const types = union.getQuads(m, namedNode(RDF_TYPE), null, null).map((q) => q.object);
  const title = titles.get(key(m));
  const cells = [
    cellOf(cellValue(m), 1, [m]),
    cellOf(title ?? '', title === undefined ? 0 : 1),
    listCell(
      types.map((t) => column(t.value)),
      types,
    ),
  ];
  for (const [p, c] of forward) {
    const objects = union
      .getQuads(m, namedNode(p), null, null)
      .map((q) => q.object)
      .sort(byValue);
    cells.push(listCell(objects.map(cellValue), objects));
    if (c.linked)
      cells.push(
        titlesCell(
          objects.filter((o) => o.termType !== 'Literal'),
          titles,
        ),
      );
  }
  for (const [p, c] of reverse) {
    const subjects = union
      .getQuads(null, namedNode(p), m, null)
      .map((q) => q.subject)
      .filter((s) => dataSubjects.has(key(s)))
      .sort(byValue);
    cells.push(listCell(subjects.map(cellValue), subjects));
    if (c.linked) cells.push(titlesCell(subjects, titles));
  }
  return cells;
}

/** Several values in one cell: distinct, sorted, joined by CSV_SEPARATOR. */
function listCell(texts: string[], terms: RDF.Term[]): Cell {
  const distinct = [...new Set(texts)].sort();
  return cellOf(distinct.join(CSV_SEPARATOR), distinct.length, terms);
}

/** The titles of linked entities, in the order of the column before it. */
function titlesCell(linked: RDF.Term[], titles: Map<string, string>): Cell {
  return cellOf(linked.map((o) => titles.get(key(o)) ?? '').join(CSV_SEPARATOR), linked.length);
}

/** Adds a row's cells to what its columns are known to hold. */
function profile(columns: CsvColumn[], cells: Cell[]): void {
  cells.forEach((cell, i) => {
    const c = columns[i];
    if (c.kind !== 'title' && c.kind !== 'property-title' && c.kind !== 'reverse-title') c.terms.push(...cell.terms);
    c.mostValues = Math.max(c.mostValues, cell.values);
    if (cell.text === '') c.empty++;
  });
}

/** One CSV file: its name (`case`), what its rows are, its text, and its columns. */
export interface CsvTable {
  name: string;
  title: string;
  csv: string;
  rows: number;
  columns: CsvColumn[];
}

/**
 * One CSV per class: `iri`, `title` (its label), `type` (CURIEs), then a column per
 * property it has (IRIs of related entities, or literal values), each IRI column
 * followed by `{column}_title` with the related entities' labels, then `^{property}`
 * columns for the entities that point at it. Several values share a cell,
 * sorted, joined by " | ". Rows are sorted by IRI.
 */
export function csvTables(quads: RDF.Quad[], context: JsonLdContext): CsvTable[] {
  const union = new Store(distinctTriples(quads));
  const graph: CsvGraph = {
    union,
    dataSubjects: new Set(quads.filter((q) => q.graph.value !== ONTOLOGY_GRAPH).map((q) => key(q.subject))),
    titles: entityTitles(union),
    column: columnNames(context),
  };
  const closure = subclassClosure(union);
  return CSV_CLASSES.map((spec) => {
    const rows = tableMembers(union, closure(spec.types), closure(spec.except ?? []));
    const { forward, reverse } = tableColumns(graph, rows);
    const columns = columnsOf(graph.column, forward, reverse);
    const records = [columns.map((c) => c.header)];
    for (const m of rows) {
      const cells = rowCells(graph, m, forward, reverse);
      profile(columns, cells);
      records.push(cells.map((c) => c.text));
    }
    return { name: spec.name, title: spec.title, csv: csvRecords(records), rows: rows.length, columns };
  });
}
