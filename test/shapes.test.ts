// The ontology, the concept schemes and the SHACL shapes, proved on examples:
// every test/shapes/valid.*.ttl conforms, every invalid.*.ttl produces exactly
// the violations its .expected.json lists. Each example is validated together
// with ontology/upr.ttl, ontology/concepts.ttl and test/shapes/base.ttl (the
// submission, paragraphs, authors and states the examples refer to), as the
// app validates data and ontology together.
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFactory, Store } from 'n3';
import type { Term } from '@rdfjs/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGraph, parseTurtleFile } from '../src/load.js';
import { loadShapes, validate, type Violation } from '../src/validate.js';
import { NS } from '../src/namespaces.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = path.join(ROOT, 'test', 'shapes');
const BASE_FIXTURE = path.join(EXAMPLES, 'base.ttl');
const ONTOLOGY_FILES = ['upr.ttl', 'concepts.ttl'].map((f) => path.join(ROOT, 'ontology', f));
const ONTOLOGY_IRI = 'https://w3id.org/upr-graph/ontology';
/** The public vocabulary contract, kept with the ontology that implements it. */
const VOCABULARY_CANDIDATES = [path.join(ROOT, 'ontology', 'vocabulary.md')];

const { namedNode, blankNode } = DataFactory;
const iri = (prefix: keyof typeof NS, local: string) => namedNode(NS[prefix] + local);
const RDF_TYPE = iri('rdf', 'type');
const SH = (local: string) => iri('sh', local);

/** A violation as the expected files state it. */
interface ExpectedViolation {
  focusNode: string;
  path: string | null;
  constraint: string;
}

const files = readdirSync(EXAMPLES).sort();
const validExamples = files.filter((f) => /^valid\..+\.ttl$/.test(f));
const invalidExamples = files.filter((f) => /^invalid\..+\.ttl$/.test(f));
const expectedReports = files.filter((f) => /^invalid\..+\.expected\.json$/.test(f));

async function storeOf(...paths: string[]): Promise<Store> {
  const store = new Store();
  for (const file of paths) store.addQuads(await parseTurtleFile(file));
  return store;
}

function exampleStore(example: string): Promise<Store> {
  return storeOf(...ONTOLOGY_FILES, BASE_FIXTURE, path.join(EXAMPLES, example));
}

/** Focus nodes that are blank nodes have no stable name: the expected files call each `_:blank`. */
function normalise(store: Store, violations: Violation[]): string[] {
  const isBlank = (value: string) => {
    const node = blankNode(value);
    return store.countQuads(node, null, null, null) + store.countQuads(null, null, node, null) > 0;
  };
  const keys = violations.map((v) =>
    JSON.stringify({
      focusNode: isBlank(v.focusNode) ? '_:blank' : v.focusNode,
      path: v.path,
      constraint: v.constraint,
    }),
  );
  return [...new Set(keys)].sort();
}

function expectedKeys(expected: ExpectedViolation[]): string[] {
  return [...new Set(expected.map((e) => JSON.stringify({ focusNode: e.focusNode, path: e.path, constraint: e.constraint })))].sort();
}

function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `<${v.focusNode}> ${v.path ?? '(node)'} ${v.constraint.split('#')[1]}: ${v.message}`).join('\n');
}

let shapes: Store;
beforeAll(async () => {
  shapes = await loadShapes(ROOT);
});

describe('the SHACL shapes', () => {
  it('accept the ontology and the concept schemes on their own', async () => {
    const report = await validate(await storeOf(...ONTOLOGY_FILES), shapes);
    expect(report.violations, describeViolations(report.violations)).toEqual([]);
    expect(report.conforms).toBe(true);
  });

  it('accept the shared example fixture (the submission, its paragraphs, authors and states)', async () => {
    const report = await validate(await storeOf(...ONTOLOGY_FILES, BASE_FIXTURE), shapes);
    expect(report.violations, describeViolations(report.violations)).toEqual([]);
  });

  it('accept the repository ontology and data as the app loads them', async () => {
    const { store } = await loadGraph({ root: ROOT });
    const report = await validate(store, shapes);
    expect(report.violations, describeViolations(report.violations)).toEqual([]);
  });

  it('have examples of both kinds, and an expected report for every invalid example and no other', () => {
    expect(validExamples.length).toBeGreaterThan(0);
    expect(invalidExamples.length).toBeGreaterThan(0);
    expect(expectedReports.map((f) => f.replace(/\.expected\.json$/, '.ttl'))).toEqual(invalidExamples);
  });

  describe.each(validExamples)('on the valid example %s', (example) => {
    it('report no violation', async () => {
      const report = await validate(await exampleStore(example), shapes);
      expect(report.violations, describeViolations(report.violations)).toEqual([]);
      expect(report.conforms).toBe(true);
    });
  });

  describe.each(invalidExamples)('on the invalid example %s', (example) => {
    it('report exactly the violations of its expected report, each with a message', async () => {
      const store = await exampleStore(example);
      const report = await validate(store, shapes);
      const expected = JSON.parse(
        await readFile(path.join(EXAMPLES, example.replace(/\.ttl$/, '.expected.json')), 'utf8'),
      ) as ExpectedViolation[];
      expect(expected.length).toBeGreaterThan(0);
      expect(report.conforms).toBe(false);
      expect(normalise(store, report.violations), describeViolations(report.violations)).toEqual(expectedKeys(expected));
      expect(report.violations.filter((v) => v.message.trim() === '')).toEqual([]);
    });
  });

  describe('as a shapes graph', () => {
    it('give every property shape a name and a message naming its rule', () => {
      const propertyShapes = new Map<string, Term>();
      for (const q of shapes.match(null, SH('property'), null)) propertyShapes.set(q.object.value, q.object as Term);
      for (const q of shapes.match(null, RDF_TYPE, SH('PropertyShape'))) propertyShapes.set(q.subject.value, q.subject as Term);
      const lacking = [...propertyShapes.values()]
        .filter((s) => shapes.countQuads(s, SH('name'), null, null) === 0 || shapes.countQuads(s, SH('message'), null, null) === 0)
        .map((s) => shapes.getObjects(s, SH('path'), null)[0]?.value ?? s.value);
      expect(propertyShapes.size).toBeGreaterThan(50);
      expect(lacking).toEqual([]);
    });

    it('give every node shape with a target a message', () => {
      const targeted = new Set(
        ['targetClass', 'targetSubjectsOf', 'targetObjectsOf', 'targetNode'].flatMap((t) =>
          shapes.getSubjects(SH(t), null, null).map((s) => s.value),
        ),
      );
      const silent = [...targeted].filter((s) => shapes.countQuads(namedNode(s), SH('message'), null, null) === 0);
      // Node shapes that only gather property shapes need no message of their own.
      const withNodeConstraints = silent.filter((s) =>
        ['pattern', 'or', 'xone', 'class', 'not', 'and'].some((c) => shapes.countQuads(namedNode(s), SH(c), null, null) > 0),
      );
      expect(withNodeConstraints).toEqual([]);
    });

    it('reach every class of the ontology and every standard class of the contract with sh:targetClass', async () => {
      const ontology = await storeOf(path.join(ROOT, 'ontology', 'upr.ttl'));
      const uprClasses = ontology
        .getSubjects(RDF_TYPE, iri('owl', 'Class'), null)
        .filter((c) => c.termType === 'NamedNode' && c.value.startsWith(NS.upr))
        .map((c) => c.value);
      const standard = [
        'schema:Legislation',
        'schema:Organization',
        'schema:Country',
        'schema:MonetaryAmount',
        'skos:Concept',
        'skos:ConceptScheme',
      ].map((c) => {
        const [p, l] = c.split(':');
        return NS[p as keyof typeof NS] + l;
      });
      const targets = new Set(shapes.getObjects(null, SH('targetClass'), null).map((t) => t.value));
      expect(uprClasses.length).toBeGreaterThanOrEqual(13);
      expect([...uprClasses, ...standard].filter((c) => !targets.has(c))).toEqual([]);
    });

    it('close no shape, so data may use further standard terms', () => {
      expect(shapes.countQuads(null, SH('closed'), null, null)).toBe(0);
    });
  });
});

describe('the ontology', () => {
  let ontology: Store;
  beforeAll(async () => {
    ontology = await storeOf(path.join(ROOT, 'ontology', 'upr.ttl'));
  });

  const english = (subject: string, predicate: Term) =>
    ontology
      .getObjects(namedNode(subject), predicate, null)
      .filter((o) => o.termType === 'Literal' && (o as { language?: string }).language === 'en');

  /** What a upr: term lacks of its definition: English label and comment, isDefinedBy, typing, domain and range (properties) or a superclass (classes). */
  function missing(term: string): string[] {
    const node = namedNode(term);
    const problems: string[] = [];
    const types = ontology.getObjects(node, RDF_TYPE, null).map((t) => t.value);
    if (english(term, iri('rdfs', 'label')).length !== 1) problems.push('one English rdfs:label');
    if (english(term, iri('rdfs', 'comment')).length === 0) problems.push('an English rdfs:comment');
    if (ontology.countQuads(node, iri('rdfs', 'isDefinedBy'), namedNode(ONTOLOGY_IRI), null) === 0) problems.push('rdfs:isDefinedBy');
    if (types.includes(`${NS.owl}Class`)) {
      if (ontology.countQuads(node, iri('rdfs', 'subClassOf'), null, null) === 0) problems.push('rdfs:subClassOf');
    } else if (types.includes(`${NS.owl}ObjectProperty`) || types.includes(`${NS.owl}DatatypeProperty`)) {
      if (ontology.countQuads(node, iri('rdfs', 'domain'), null, null) === 0) problems.push('rdfs:domain');
      if (ontology.countQuads(node, iri('rdfs', 'range'), null, null) === 0) problems.push('rdfs:range');
    } else {
      problems.push('typing as owl:Class, owl:ObjectProperty or owl:DatatypeProperty');
    }
    return problems;
  }

  function undefinedTerms(terms: string[]): Record<string, string[]> {
    return Object.fromEntries(
      terms.map((t) => [t, missing(NS.upr + t.slice('upr:'.length))] as const).filter(([, problems]) => problems.length > 0),
    );
  }

  it('is a versioned, licensed owl:Ontology with title, description and creation date', () => {
    const header = namedNode(ONTOLOGY_IRI);
    expect(ontology.countQuads(header, RDF_TYPE, iri('owl', 'Ontology'), null)).toBe(1);
    expect(ontology.getObjects(header, iri('owl', 'versionInfo'), null).map((o) => o.value)).toEqual(['0.1.0']);
    expect(ontology.getObjects(header, iri('owl', 'versionIRI'), null).map((o) => o.value)).toEqual([`${ONTOLOGY_IRI}/0.1.0`]);
    expect(ontology.getObjects(header, iri('dcterms', 'license'), null).map((o) => o.value)).toEqual([
      'https://creativecommons.org/licenses/by/4.0/',
    ]);
    for (const p of ['title', 'description', 'created']) {
      expect(ontology.countQuads(header, iri('dcterms', p), null, null), `dcterms:${p}`).toBeGreaterThan(0);
    }
  });

  it('defines every upr: term named in the vocabulary contract with label, comment, domain and range', async () => {
    const spec = VOCABULARY_CANDIDATES.find((f) => existsSync(f));
    expect(spec, `vocabulary.md not found at any of ${VOCABULARY_CANDIDATES.join(', ')}`).toBeDefined();
    const text = await readFile(spec!, 'utf8');
    // Digits too: upr:iso3166Alpha2 would otherwise be read as "upr:iso".
    const terms = [...new Set(text.match(/upr:[A-Za-z][A-Za-z0-9]*/g) ?? [])].sort();
    expect(terms).toContain('upr:Provision');
    expect(terms).toContain('upr:iso3166Alpha2');
    expect(terms.length).toBeGreaterThan(50);
    expect(undefinedTerms(terms)).toEqual({});
  });

  it('defines every term of the "Terms we added" table of MODELLING.md', async () => {
    const modelling = await readFile(path.join(ROOT, 'data', 'MODELLING.md'), 'utf8');
    const table = modelling.split(/^## Terms we added/m)[1]?.split(/^## /m)[0] ?? '';
    const terms = [
      ...new Set(
        table
          .split('\n')
          .filter((line) => line.startsWith('| `upr:'))
          .flatMap((line) => line.split('|')[1].match(/upr:[A-Za-z][A-Za-z0-9]*/g) ?? []),
      ),
    ].sort();
    expect(terms).toContain('upr:Footnote');
    expect(terms).toContain('upr:maxPositionBanYears');
    expect(terms.length).toBeGreaterThan(20);
    expect(undefinedTerms(terms)).toEqual({});
  });

  it('defines every upr: term the data files use', async () => {
    const { store } = await loadGraph({ root: ROOT });
    const used = new Set<string>();
    for (const q of store.match(null, null, null, null)) {
      for (const t of [q.predicate, q.object]) {
        if (t.termType === 'NamedNode' && t.value.startsWith(NS.upr)) used.add(`upr:${t.value.slice(NS.upr.length)}`);
      }
    }
    expect(used.size).toBeGreaterThan(0);
    expect(undefinedTerms([...used].sort())).toEqual({});
  });

  it('aligns the classes of the card with schema.org and PROV', () => {
    const superclasses = (c: string) =>
      ontology
        .getObjects(iri('upr', c), iri('rdfs', 'subClassOf'), null)
        .map((o) => o.value)
        .sort();
    expect(superclasses('Provision')).toEqual([`${NS.schema}Legislation`]);
    expect(superclasses('Case')).toEqual([`${NS.schema}Event`]);
    expect(superclasses('Person')).toEqual([`${NS.schema}Person`]);
    expect(superclasses('Outlet')).toEqual([`${NS.schema}NewsMediaOrganization`]);
    expect(superclasses('Source')).toEqual([`${NS.schema}CreativeWork`, `${NS.prov}Entity`]);
    expect(superclasses('Submission')).toEqual([`${NS.schema}Report`]);
    expect(superclasses('Court')).toEqual([`${NS.schema}GovernmentOrganization`]);
    expect(ontology.getObjects(iri('upr', 'partOf'), iri('rdfs', 'subPropertyOf'), null).map((o) => o.value)).toContain(
      `${NS.dcterms}isPartOf`,
    );
  });

  it('gives a property on several classes a union of them as its domain', () => {
    const domainMembers = (p: string) => {
      const [domain] = ontology.getObjects(iri('upr', p), iri('rdfs', 'domain'), null);
      const [list] = ontology.getObjects(domain, iri('owl', 'unionOf'), null);
      const members: string[] = [];
      for (let node = list; node && node.value !== `${NS.rdf}nil`; node = ontology.getObjects(node, iri('rdf', 'rest'), null)[0]) {
        members.push(ontology.getObjects(node, iri('rdf', 'first'), null)[0].value);
      }
      return members;
    };
    expect(domainMembers('accessedDate')).toEqual([`${NS.upr}Source`, `${NS.upr}Footnote`]);
    expect(domainMembers('footnoteNumber')).toEqual([`${NS.upr}Source`, `${NS.upr}Footnote`]);
    expect(domainMembers('theme')).toEqual(expect.arrayContaining([`${NS.upr}Provision`, `${NS.upr}Case`, `${NS.upr}Recommendation`]));
  });

  it('gives the properties that point at controlled lists skos:Concept as their range', () => {
    for (const p of ['theme', 'caseType', 'aggravatingCircumstance', 'response', 'implementationStatus', 'role']) {
      expect(
        ontology.getObjects(iri('upr', p), iri('rdfs', 'range'), null).map((o) => o.value),
        p,
      ).toEqual([`${NS.skos}Concept`]);
    }
  });
});

describe('the concept schemes', () => {
  let concepts: Store;
  beforeAll(async () => {
    concepts = await storeOf(path.join(ROOT, 'ontology', 'concepts.ttl'));
  });

  /** The controlled lists of MODELLING.md: prefix → concept slugs. */
  async function controlledLists(): Promise<Map<keyof typeof NS, string[]>> {
    const modelling = await readFile(path.join(ROOT, 'data', 'MODELLING.md'), 'utf8');
    const section = modelling.split(/^## Controlled lists/m)[1]?.split(/^## /m)[0] ?? '';
    const lists = new Map<keyof typeof NS, string[]>();
    for (const line of section.split('\n')) {
      const row = /^\| `([a-z]+):` \| (.+) \|$/.exec(line.trim());
      if (row)
        lists.set(
          row[1] as keyof typeof NS,
          row[2].split(',').map((s) => s.trim()),
        );
    }
    return lists;
  }

  const enLiterals = (s: Term, p: Term) =>
    concepts.getObjects(s, p, null).filter((o) => o.termType === 'Literal' && (o as { language?: string }).language === 'en');

  it('hold every concept of the controlled lists of MODELLING.md, and no other, each with an English prefLabel and rdfs:label', async () => {
    const lists = await controlledLists();
    expect([...lists.keys()].sort()).toEqual(['basis', 'casetype', 'circumstance', 'response', 'role', 'status', 'theme']);
    const expected: string[] = [];
    const lacking: string[] = [];
    for (const [prefix, slugs] of lists) {
      const scheme = namedNode(NS[prefix].replace(/\/$/, ''));
      for (const slug of slugs) {
        const concept = namedNode(NS[prefix] + slug);
        expected.push(concept.value);
        if (concepts.countQuads(concept, RDF_TYPE, iri('skos', 'Concept'), null) === 0) lacking.push(`${prefix}:${slug} type`);
        if (enLiterals(concept, iri('skos', 'prefLabel')).length !== 1) lacking.push(`${prefix}:${slug} prefLabel`);
        if (enLiterals(concept, iri('rdfs', 'label')).length !== 1) lacking.push(`${prefix}:${slug} rdfs:label`);
        if (enLiterals(concept, iri('skos', 'definition')).length !== 1) lacking.push(`${prefix}:${slug} definition`);
        if (concepts.countQuads(concept, iri('skos', 'inScheme'), scheme, null) === 0) lacking.push(`${prefix}:${slug} inScheme`);
        if (concepts.countQuads(concept, iri('skos', 'topConceptOf'), scheme, null) === 0) lacking.push(`${prefix}:${slug} topConceptOf`);
        if (concepts.countQuads(scheme, iri('skos', 'hasTopConcept'), concept, null) === 0) lacking.push(`${prefix}:${slug} hasTopConcept`);
      }
    }
    expect(lacking).toEqual([]);
    const defined = concepts.getSubjects(RDF_TYPE, iri('skos', 'Concept'), null).map((c) => c.value);
    expect(defined.sort()).toEqual(expected.sort());
  });

  it('are one labelled skos:ConceptScheme per list, named by the list prefix without its trailing slash', async () => {
    const schemes = concepts.getSubjects(RDF_TYPE, iri('skos', 'ConceptScheme'), null);
    expect(schemes.map((s) => s.value).sort()).toEqual(
      ['basis', 'case-type', 'circumstance', 'response', 'role', 'status', 'theme'].map((s) => NS.id + s),
    );
    for (const scheme of schemes) expect(enLiterals(scheme, iri('rdfs', 'label')), scheme.value).toHaveLength(1);
  });
});
