// The exports of the repository's data, built in process by src/export/ and
// read back: every JSON-LD export is the store's content again (compared in RDF
// canonical form, URDNA2015), each framed view holds exactly the triples its
// frame claims, the schema.org form adds schema.org readings and takes nothing
// away, the CSVs list every entity by its IRI, and VoID states the real counts
// and checksums.
import { createHash } from 'node:crypto';
import jsonld from 'jsonld';
import { DataFactory, Parser, Store, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSV_CLASSES, CSV_SEPARATOR } from '../../src/export/csv.js';
import { DATASET_IRI } from '../../src/export/description.js';
import { type Exports, exportsFor } from '../../src/export/dumps.js';
import { VIEW_KINDS } from '../../src/export/frames.js';
import { ID, NS, ONTOLOGY_GRAPH } from '../../src/namespaces.js';
import { type JsonLdContext, jsonLdToQuads, loadContext } from '../../src/export/json-ld.js';
import { loadedGraph, ROOT, type TestGraph } from '../support/graph.js';

let graph: TestGraph;
let context: JsonLdContext;
let exported: Exports;
let storeQuads: RDF.Quad[];

beforeAll(async () => {
  graph = await loadedGraph();
  context = await loadContext(ROOT);
  exported = await exportsFor(ROOT, graph.store, { context });
  storeQuads = graph.store.getQuads(null, null, null, null) as RDF.Quad[];
}, 60_000);

let storeCanonical: Promise<string> | undefined;

/** The store's quads in canonical form, computed once. */
function canonicalStore(): Promise<string> {
  storeCanonical ??= canonical(storeQuads);
  return storeCanonical;
}

/** Quads in RDF canonical form (URDNA2015): the same string for isomorphic datasets. */
async function canonical(quads: RDF.Quad[]): Promise<string> {
  const nquads = new Writer({ format: 'N-Quads' }).quadsToString(quads);
  return (jsonld.canonize as unknown as (input: string, options: object) => Promise<string>)(nquads, {
    algorithm: 'URDNA2015',
    inputFormat: 'application/n-quads',
    format: 'application/n-quads',
  });
}

function asTriples(quads: RDF.Quad[]): RDF.Quad[] {
  return quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object) as RDF.Quad);
}

function text(path: string): string {
  const file = exported.byPath.get(path);
  if (!file) throw new Error(`no export ${path}`);
  return file.body.toString('utf8');
}

function parse(path: string, format: string): RDF.Quad[] {
  return new Parser({ format }).parse(text(path)) as RDF.Quad[];
}

/** Triples as comparable strings; blank nodes must not occur (the views and CSVs cover data, which has none). */
function tripleSet(quads: RDF.Quad[]): Set<string> {
  const term = (t: RDF.Term) =>
    t.termType === 'Literal' ? JSON.stringify([t.value, t.language, t.datatype.value]) : `${t.termType}:${t.value}`;
  return new Set(quads.map((q) => `${term(q.subject)} ${q.predicate.value} ${term(q.object)}`));
}

describe('the whole-dataset dumps', () => {
  it('N-Quads is the store in RDF canonical form, byte for byte', async () => {
    expect(text('upr-graph.nq')).toBe(await canonicalStore());
  });

  it('JSON-LD, expanded back to RDF, is isomorphic to the store, named graphs included', async () => {
    const document = JSON.parse(text('upr-graph.jsonld')) as Record<string, unknown>;
    expect(document['@context']).toEqual(context);
    const graphs = (document['@graph'] as Array<{ '@id': string }>).map((g) => g['@id']);
    expect(graphs.sort()).toEqual(['id:graph/kz-2019-article19-adilsoz', 'id:graph/ontology']);
    expect(await canonical(await jsonLdToQuads(document, context))).toBe(await canonicalStore());
  });

  it('TriG keeps the named graphs and the quads', async () => {
    expect(await canonical(parse('upr-graph.trig', 'application/trig'))).toBe(await canonicalStore());
  });

  it('N-Triples holds each triple of the union once', async () => {
    const triples = parse('upr-graph.nt', 'application/n-triples');
    expect(await canonical(triples)).toBe(await canonical(asTriples(storeQuads)));
    expect(triples.length).toBe(new Store(asTriples(storeQuads)).size);
  });

  it('Turtle is the union of the graphs after the VoID/DCAT description of the dataset', async () => {
    const all = parse('upr-graph.ttl', 'text/turtle');
    // The description: the dataset and the nodes under its IRI, and the blank nodes they lead to.
    const described = new Set<string>();
    const queue = [DATASET_IRI];
    while (queue.length) {
      const node = queue.shift()!;
      if (described.has(node)) continue;
      described.add(node);
      for (const q of all) {
        if (q.subject.value === node && (q.object.termType === 'BlankNode' || q.object.value.startsWith(`${DATASET_IRI}/`)))
          queue.push(q.object.value);
      }
    }
    const description = all.filter((q) => described.has(q.subject.value));
    const data = all.filter((q) => !described.has(q.subject.value));
    expect(description.length).toBeGreaterThan(100);
    expect(await canonical(data)).toBe(await canonical(asTriples(storeQuads)));
    expect(exported.byPath.get('upr-graph.ttl')!.count.value).toBe(all.length);
  });
});

/** What each framed view must hold: every triple of each node ?s that one of these patterns binds. */
const CLAIMS: Record<(typeof VIEW_KINDS)[number], string[]> = {
  cases: [
    '?s a upr:Case',
    '?case a upr:Case ; upr:defendant|upr:claimant|upr:victim|upr:target|upr:prosecutedUnder|upr:suedUnder|upr:impliedProvision|upr:prosecutedUnderInstrument|upr:court|upr:arrestingAuthority|upr:sentence|upr:damages|upr:allegedAmount|dcterms:source ?s',
    '?case a upr:Case ; (upr:damages|upr:allegedAmount)/upr:equivalentAmount ?s',
  ],
  provisions: [
    '?s a upr:Provision',
    '?provision a upr:Provision . ?s upr:partOf ?provision',
    // the readings and inferences of a provision (reified statements about it)
    '?provision a upr:Provision . ?s rdf:subject ?provision',
  ],
  recommendations: [
    '?s a upr:Recommendation',
    '?rec a upr:Recommendation ; upr:recommendingState|upr:stateUnderReview|upr:madeBy|upr:response|upr:implementationStatus|upr:concerns|upr:theme ?s',
  ],
  people: [
    '?s a upr:Person',
    '?person a upr:Person . ?s upr:defendant|upr:claimant|upr:victim|upr:target|upr:sentencedPerson ?person',
    '?person a upr:Person . ?s upr:sentence/upr:sentencedPerson ?person',
  ],
  outlets: ['?s a upr:Outlet', '?outlet a upr:Outlet . ?s upr:defendant|upr:claimant|upr:victim|upr:target ?outlet'],
};

const TOP_TYPES: Record<(typeof VIEW_KINDS)[number], string> = {
  cases: 'upr:Case',
  provisions: 'upr:Provision',
  recommendations: 'upr:Recommendation',
  people: 'upr:Person',
  outlets: 'upr:Outlet',
};

describe('the framed JSON-LD views', () => {
  it.each(VIEW_KINDS.map((k) => [k]))('%s holds exactly the triples it claims: its nodes and everything its frame embeds', async (kind) => {
    const view = JSON.parse(text(`views/${kind}.jsonld`)) as { '@context': unknown; '@graph': Array<Record<string, unknown>> };
    expect(view['@context']).toEqual(context);
    const held = tripleSet(await jsonLdToQuads(view, context));
    const nodes = await graph.select(`SELECT DISTINCT ?s WHERE { { ${CLAIMS[kind].join(' } UNION { ')} } }`);
    const claimed = tripleSet(nodes.flatMap(({ s }) => graph.store.getQuads(s, null, null, null) as RDF.Quad[]));
    expect(claimed.size).toBeGreaterThan(50);
    expect(
      [...claimed].filter((t) => !held.has(t)),
      'claimed but missing',
    ).toEqual([]);
    expect(
      [...held].filter((t) => !claimed.has(t)),
      'held but not claimed',
    ).toEqual([]);
    expect(exported.byPath.get(`views/${kind}.jsonld`)!.count.value).toBe(held.size);
  });

  it.each(VIEW_KINDS.map((k) => [k]))('%s lists each node of its kind once at the top', async (kind) => {
    const view = JSON.parse(text(`views/${kind}.jsonld`)) as { '@graph': Array<{ '@id': string; '@type': string | string[] }> };
    const rows = await graph.select(`SELECT ?x WHERE { ?x a ${TOP_TYPES[kind]} }`);
    const ids = view['@graph'].map((n) => n['@id'].replace(/^id:/, ID));
    expect(ids.sort()).toEqual(rows.map((r) => r.x).sort());
    expect(view['@graph'].every((n) => ([] as string[]).concat(n['@type']).includes(TOP_TYPES[kind]))).toBe(true);
  });

  it('embeds a case with its parties, provision, sentence and damages as objects, not bare links', () => {
    const view = JSON.parse(text('views/cases.jsonld')) as { '@graph': Array<Record<string, any>> };
    const baydalina = view['@graph'].find((n) => n['@id'] === 'id:case/nakanune-kz-baydalina')!;
    const defendants = ([] as Array<Record<string, any>>).concat(baydalina.defendant);
    expect(defendants.map((d) => d.label).sort()).toEqual(['Guzyal Baydalina', 'Nakanune.kz']);
    expect(baydalina.prosecutedUnder).toMatchObject({ '@id': 'id:provision/KZ/criminal-code-2014/art-274', '@type': 'upr:Provision' });
    expect(baydalina.sentence).toMatchObject({ imprisonmentMonths: '18', commuted: 'true' });
    expect(baydalina.damages).toMatchObject({ currency: 'KZT', equivalentAmount: { currency: 'USD' } });
  });

  it('embeds under a person the cases brought against them', () => {
    const view = JSON.parse(text('views/people.jsonld')) as { '@graph': Array<Record<string, any>> };
    const person = view['@graph'].find((n) => n['@id'] === 'id:person/guzyal-baydalina')!;
    const cases = ([] as Array<Record<string, any>>).concat(person['@reverse'].defendant);
    expect(cases.map((c) => c['@id'])).toContain('id:case/nakanune-kz-baydalina');
  });

  it('embeds under an article its parts with their penalties', async () => {
    const view = JSON.parse(text('views/provisions.jsonld')) as { '@graph': Array<Record<string, any>> };
    const article = view['@graph'].find((n) => n['@id'] === 'id:provision/KZ/criminal-code-2014/art-174')!;
    const parts = ([] as Array<Record<string, any>>).concat(article['@reverse'].partOf);
    const expected = await graph.select(
      'SELECT ?n WHERE { ?part upr:partOf <https://w3id.org/upr-graph/id/provision/KZ/criminal-code-2014/art-174> ; upr:partNumber ?n }',
    );
    expect(expected.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.partNumber).sort()).toEqual(expected.map((r) => r.n).sort());
    expect(parts.find((p) => p.partNumber === '1')).toMatchObject({ maxImprisonmentYears: '7.0' });
  });
});

describe('the schema.org-readable form', () => {
  let held: RDF.Quad[];
  let store: Store;
  beforeAll(async () => {
    const document = JSON.parse(text('upr-graph.schema.jsonld')) as Record<string, unknown>;
    held = await jsonLdToQuads(document, context);
    store = new Store(held);
  });

  it('keeps every triple of the document graphs', () => {
    const keep = tripleSet(held);
    const data = storeQuads.filter((q) => q.graph.value !== ONTOLOGY_GRAPH);
    expect(data.length).toBeGreaterThan(2000);
    expect([...tripleSet(data)].filter((t) => !keep.has(t))).toEqual([]);
  });

  it('adds only schema.org statements to what the store holds', () => {
    const original = tripleSet(storeQuads);
    const added = held.filter((q) => !original.has([...tripleSet([q])][0]));
    expect(added.length).toBeGreaterThan(500);
    const notSchema = added.filter(
      (q) => !(q.predicate.value.startsWith(NS.schema) || (q.predicate.value === `${NS.rdf}type` && q.object.value.startsWith(NS.schema))),
    );
    expect(notSchema).toEqual([]);
  });

  it('gives every case a schema.org type, name and start date a schema.org reader can use', async () => {
    const cases = await graph.select('SELECT ?case ?date WHERE { ?case a upr:Case OPTIONAL { ?case upr:date ?date } }');
    expect(cases.length).toBeGreaterThan(5);
    for (const { case: c, date } of cases) {
      expect(
        store.has(
          DataFactory.quad(DataFactory.namedNode(c), DataFactory.namedNode(`${NS.rdf}type`), DataFactory.namedNode(`${NS.schema}Event`)),
        ),
        c,
      ).toBe(true);
      expect(store.getObjects(c, `${NS.schema}name`, null).length, c).toBe(1);
      if (date)
        expect(
          store.getObjects(c, `${NS.schema}startDate`, null).map((o) => o.value),
          c,
        ).toEqual([date]);
      expect(store.getObjects(c, `${NS.schema}about`, null).length, c).toBeGreaterThan(0);
    }
  });

  it('gives every node it describes a schema.org type, and names every node that has a label', () => {
    const subjects = new Set(held.map((q) => q.subject.value));
    for (const s of subjects) {
      const types = store.getObjects(s, `${NS.rdf}type`, null).map((o) => o.value);
      expect(
        types.some((t) => t.startsWith(NS.schema)),
        s,
      ).toBe(true);
      if (store.getObjects(s, `${NS.rdfs}label`, null).length)
        expect(store.getObjects(s, `${NS.schema}name`, null).length, s).toBeGreaterThan(0);
    }
  });
});

/** A minimal RFC 4180 reader: rows of fields. */
function readCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && csv[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

function records(name: string): Array<Record<string, string>> {
  const [header, ...rows] = readCsv(text(`csv/${name}.csv`));
  expect(
    header.filter((h, i) => header.indexOf(h) !== i),
    `${name}: repeated columns`,
  ).toEqual([]);
  for (const row of rows) expect(row.length, `${name}: a row of ${row.length} fields under ${header.length} columns`).toBe(header.length);
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
}

describe('the CSV files', () => {
  it('has one per class, including the ten the issue asks for', () => {
    const names = CSV_CLASSES.map((c) => c.name);
    for (const name of [
      'case',
      'provision',
      'recommendation',
      'person',
      'outlet',
      'organization',
      'source',
      'footnote',
      'paragraph',
      'country',
    ]) {
      expect(names).toContain(name);
      expect(exported.byPath.get(`csv/${name}.csv`)?.media.type).toBe('text/csv');
    }
  });

  it.each([
    ['case', 'upr:Case'],
    ['person', 'upr:Person'],
    ['outlet', 'upr:Outlet'],
    ['provision', 'upr:Provision'],
    ['recommendation', 'upr:Recommendation'],
    ['source', 'upr:Source'],
    ['footnote', 'upr:Footnote'],
    ['paragraph', 'upr:Paragraph'],
    ['country', 'schema:Country'],
  ])('%s.csv has a row per %s, keyed by its IRI, in IRI order', async (name, type) => {
    const rows = records(name);
    const expected = (await graph.select(`SELECT ?x WHERE { ?x a ${type} }`)).map((r) => r.x);
    const iris = rows.map((r) => r.iri);
    expect(iris.filter((iri) => !iri.startsWith(ID))).toEqual([]);
    expect(new Set(iris).size).toBe(iris.length);
    expect(iris).toEqual([...iris].sort());
    for (const iri of expected) expect(iris, iri).toContain(iri);
    for (const row of rows) expect(row.title, row.iri).not.toBe('');
  });

  it('organization.csv lists courts, ministries and companies, and leaves outlets to outlet.csv', async () => {
    const iris = records('organization').map((r) => r.iri);
    const courts = (await graph.select('SELECT ?x WHERE { ?x a upr:Court }')).map((r) => r.x);
    expect(courts.length).toBeGreaterThan(0);
    for (const court of courts) expect(iris).toContain(court);
    const outlets = (await graph.select('SELECT ?x WHERE { ?x a upr:Outlet }')).map((r) => r.x);
    expect(iris.filter((iri) => outlets.includes(iri))).toEqual([]);
  });

  it('puts the IRIs of related entities in their column and their titles beside them, several joined by " | "', () => {
    const row = records('case').find((r) => r.iri === `${ID}case/nakanune-kz-baydalina`)!;
    expect(CSV_SEPARATOR).toBe(' | ');
    expect(row.defendant).toBe(`${ID}outlet/nakanune-kz | ${ID}person/guzyal-baydalina`);
    expect(row.defendant_title).toBe('Nakanune.kz | Guzyal Baydalina');
    expect(row.prosecutedUnder).toBe(`${ID}provision/KZ/criminal-code-2014/art-274`);
    expect(row.date).toBe('2016-05-23');
    expect(row.type).toBe('upr:Case');
  });

  it('every IRI in a link column names something the graph describes', () => {
    const subjects = new Set(storeQuads.map((q) => q.subject.value));
    const missing: string[] = [];
    for (const { name } of CSV_CLASSES) {
      for (const row of records(name)) {
        for (const [column, cell] of Object.entries(row)) {
          if (column === 'iri' || column.endsWith('_title') || !cell.startsWith(ID)) continue;
          for (const iri of cell.split(CSV_SEPARATOR)) if (!subjects.has(iri)) missing.push(`${name}.csv ${row.iri} ${column}: ${iri}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('titles each link with the title of the row that describes its entity, so that titles can join the files (as Uwazi relationships do)', () => {
    const titleOf = new Map<string, string>();
    for (const { name } of CSV_CLASSES) for (const row of records(name)) titleOf.set(row.iri, row.title);
    let checked = 0;
    const wrong: string[] = [];
    for (const { name } of CSV_CLASSES) {
      for (const row of records(name)) {
        for (const [column, cell] of Object.entries(row)) {
          if (!column.endsWith('_title') || !cell) continue;
          const iris = row[column.slice(0, -'_title'.length)].split(CSV_SEPARATOR);
          const titles = cell.split(CSV_SEPARATOR);
          iris.forEach((iri, i) => {
            if (!titleOf.has(iri)) return;
            checked++;
            if (titles[i] !== titleOf.get(iri))
              wrong.push(`${name}.csv ${row.iri} ${column}: "${titles[i]}" but ${iri} is titled "${titleOf.get(iri)}"`);
          });
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(wrong).toEqual([]);
  });

  it('lists under a person, in ^ columns, the cases that name them', () => {
    const row = records('person').find((r) => r.iri === `${ID}person/guzyal-baydalina`)!;
    expect(row['^defendant']).toContain(`${ID}case/nakanune-kz-baydalina`);
    expect(row['^sentencedPerson']).toContain(`${ID}case/nakanune-kz-baydalina/sentence/guzyal-baydalina`);
  });
});

/** The VoID description as a store, with its download URLs under a test base. */
function description(): Store {
  return new Store(exported.description('http://downloads.example/'));
}

function value(store: Store, subject: RDF.Term | string, predicate: string): string | undefined {
  return store.getObjects(subject, predicate, null)[0]?.value;
}

const VOID = 'http://rdfs.org/ns/void#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const SPDX = 'http://spdx.org/rdf/terms#';

describe('the VoID and DCAT description', () => {
  it('counts the distinct triples of the union, and the quads of each named graph', async () => {
    const store = description();
    expect(Number(value(store, DATASET_IRI, `${VOID}triples`))).toBe(new Store(asTriples(storeQuads)).size);
    const subsets = store.getObjects(DATASET_IRI, `${VOID}subset`, null);
    const graphs = graph.store
      .getGraphs(null, null, null)
      .map((g) => g.value)
      .sort();
    expect(subsets.map((s) => value(store, s, 'http://www.w3.org/ns/sparql-service-description#name')).sort()).toEqual(graphs);
    for (const subset of subsets) {
      const name = value(store, subset, 'http://www.w3.org/ns/sparql-service-description#name')!;
      expect(Number(value(store, subset, `${VOID}triples`)), name).toBe(graph.store.countQuads(null, null, null, name));
    }
  });

  it('partitions by class and by property with the counts SPARQL gives', async () => {
    const store = description();
    const classes = await graph.select('SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c');
    const partitions = store.getObjects(DATASET_IRI, `${VOID}classPartition`, null);
    expect(partitions.length).toBe(classes.length);
    const stated = new Map(partitions.map((p) => [value(store, p, `${VOID}class`), Number(value(store, p, `${VOID}entities`))]));
    for (const { c, n } of classes) expect(stated.get(c), c).toBe(Number(n));
    const properties = await graph.select('SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p');
    const byProperty = new Map(
      store
        .getObjects(DATASET_IRI, `${VOID}propertyPartition`, null)
        .map((p) => [value(store, p, `${VOID}property`), Number(value(store, p, `${VOID}triples`))]),
    );
    expect(byProperty.size).toBe(properties.length);
    for (const { p, n } of properties) expect(byProperty.get(p), p).toBe(Number(n));
    expect(stated.get(`${NS.upr}Case`)).toBe((await graph.select('SELECT ?c WHERE { ?c a upr:Case }')).length);
  });

  it('describes each file with its media type, real byte size, SHA-256 and statement count', () => {
    const store = description();
    const distributions = store.getObjects(DATASET_IRI, `${DCAT}distribution`, null);
    expect(distributions.length).toBe(exported.files.length + 1);
    for (const file of exported.files) {
      const url = `http://downloads.example/dump/${file.path}`;
      const [distribution] = store.getSubjects(`${DCAT}downloadURL`, url, null);
      expect(distribution, file.path).toBeDefined();
      expect(value(store, distribution, `${DCAT}mediaType`)).toBe(`https://www.iana.org/assignments/media-types/${file.media.type}`);
      expect(Number(value(store, distribution, `${DCAT}byteSize`))).toBe(file.body.length);
      const checksum = store.getObjects(distribution, `${SPDX}checksum`, null)[0];
      expect(value(store, checksum, `${SPDX}algorithm`)).toBe(`${SPDX}checksumAlgorithm_sha256`);
      expect(value(store, checksum, `${SPDX}checksumValue`)).toBe(createHash('sha256').update(file.body).digest('hex'));
      const extent = store.getObjects(distribution, `${NS.dcterms}extent`, null)[0];
      expect(Number(value(store, extent, `${NS.rdf}value`))).toBe(file.count.value);
    }
  });

  it('states the quad and triple counts the dump files really hold', async () => {
    const count = (path: string) => exported.byPath.get(path)!.count;
    expect(count('upr-graph.nq')).toEqual({ value: parse('upr-graph.nq', 'application/n-quads').length, unit: 'quads' });
    expect(count('upr-graph.trig')).toEqual({ value: parse('upr-graph.trig', 'application/trig').length, unit: 'quads' });
    expect(count('upr-graph.nt')).toEqual({ value: parse('upr-graph.nt', 'application/n-triples').length, unit: 'triples' });
    expect(count('upr-graph.jsonld')).toEqual({
      value: (await jsonLdToQuads(JSON.parse(text('upr-graph.jsonld')), context)).length,
      unit: 'quads',
    });
    expect(count('csv/case.csv')).toEqual({ value: records('case').length, unit: 'rows' });
  });

  it('names the licence, version, dates, SPARQL endpoint and a data dump per RDF format', () => {
    const store = description();
    expect(value(store, DATASET_IRI, `${NS.dcterms}license`)).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(value(store, DATASET_IRI, `${DCAT}version`)).toMatch(/^\d+\.\d+\.\d+/);
    expect(value(store, DATASET_IRI, `${NS.dcterms}modified`)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(value(store, DATASET_IRI, `${NS.dcterms}issued`)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(value(store, DATASET_IRI, `${VOID}sparqlEndpoint`)).toBe('http://downloads.example/sparql');
    expect(
      store
        .getObjects(DATASET_IRI, `${VOID}dataDump`, null)
        .map((o) => o.value.split('/').pop())
        .sort(),
    ).toEqual(['upr-graph.jsonld', 'upr-graph.nq', 'upr-graph.nt', 'upr-graph.trig', 'upr-graph.ttl']);
  });
});
