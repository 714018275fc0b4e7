// The two SHACL engines give the same reports: shacl-engine (the default) and
// rdf-validate-shacl, on every example of test/shapes (each with the ontology,
// the concept schemes and base.ttl, as test/shapes.test.ts validates them), on
// the repository's data, and on the point where they differ by design (where
// rdfs:subClassOf is looked up), so a regression in either engine shows here.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DataFactory, Parser, Store } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGraph, parseTurtleFile } from '../src/load.js';
import { DEFAULT_SHACL_ENGINE, loadShapes, SHACL_ENGINES, validate, type ValidationReport, type Violation } from '../src/validate.js';
import { ROOT } from './support/graph.js';

const { namedNode, blankNode } = DataFactory;
const SH_MESSAGE = namedNode('http://www.w3.org/ns/shacl#message');
const EXAMPLES = path.join(ROOT, 'test', 'shapes');
const BASE = ['ontology/upr.ttl', 'ontology/concepts.ttl', 'test/shapes/base.ttl'].map((f) => path.join(ROOT, f));
const examples = readdirSync(EXAMPLES)
  .filter((f) => /^(valid|invalid)\..+\.ttl$/.test(f))
  .sort();

async function storeOf(files: string[]): Promise<Store> {
  const store = new Store();
  for (const file of files) store.addQuads(await parseTurtleFile(file));
  return store;
}

/** A report as a sorted list of lines, everything either engine says of each result but its message. */
function lines(report: ValidationReport): string[] {
  return report.violations.map(key).sort();
}

function key(v: Violation): string {
  return JSON.stringify([v.focusNode, v.path, v.constraint, v.sourceShape, v.value, v.severity, v.file ?? null]);
}

/**
 * The messages of both engines' results, which must agree, but for one known deviation: for
 * sh:uniqueLang rdf-validate-shacl puts its own words where the shape has an sh:message, which
 * SHACL says a result carries ("Declaring Messages for a Shape"); shacl-engine gives the shape's.
 */
function messageDifferences(engine: ValidationReport, reference: ValidationReport, shapes: Store): string[] {
  const theirs = new Map(reference.violations.map((v) => [key(v), v.message]));
  return engine.violations.flatMap((v) => {
    const other = theirs.get(key(v));
    if (other === v.message) return [];
    const shapeMessage = shapes.getObjects(
      v.sourceShape.startsWith('http') ? namedNode(v.sourceShape) : blankNode(v.sourceShape),
      SH_MESSAGE,
      null,
    );
    const deviation = v.constraint.endsWith('#UniqueLangConstraintComponent') && shapeMessage.some((m) => m.value === v.message);
    return deviation ? [] : [`${key(v)}: ${v.message} / ${other}`];
  });
}

/** Both engines' reports on `data`, which must agree; returns shacl-engine's. */
async function bothAgree(data: Store, shapes: Store, origins?: Map<string, string[]>): Promise<ValidationReport> {
  const [engine, reference] = await Promise.all(SHACL_ENGINES.map((name) => validate(data, shapes, { engine: name, origins })));
  expect(lines(engine)).toEqual(lines(reference));
  expect(messageDifferences(engine, reference, shapes)).toEqual([]);
  expect(engine.conforms).toBe(reference.conforms);
  return engine;
}

let shapes: Store;
beforeAll(async () => {
  shapes = await loadShapes(ROOT);
});

describe('shacl-engine and rdf-validate-shacl', () => {
  it('are both available, and shacl-engine is the default', () => {
    expect([...SHACL_ENGINES]).toEqual(['shacl-engine', 'rdf-validate-shacl']);
    expect(DEFAULT_SHACL_ENGINE).toBe('shacl-engine');
  });

  describe.each(examples)('on the example %s', (example) => {
    it('give the same report, empty exactly for a valid example', async () => {
      const report = await bothAgree(await storeOf([...BASE, path.join(EXAMPLES, example)]), shapes);
      expect(report.conforms).toBe(example.startsWith('valid.'));
    });
  });

  it('give the same empty report on the repository ontology and data', async () => {
    const { store, origins } = await loadGraph({ root: ROOT });
    const report = await bothAgree(store, shapes, origins);
    expect(report.violations).toEqual([]);
  });

  it('give the same file:line for a violation in the repository data', async () => {
    const { store, origins } = await loadGraph({ root: ROOT });
    // A provision's instrument removed: its upr:partOf is missing (sh:minCount) and sh:class fails nowhere else.
    const provision = 'https://w3id.org/upr-graph/id/provision/KZ/criminal-code-2014/art-174';
    store.removeQuads(store.getQuads(provision, 'https://w3id.org/upr-graph/ontology#partOf', null, null));
    const report = await bothAgree(store, shapes, origins);
    const mine = report.violations.filter((v) => v.focusNode === provision);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((v) => /^data\/kz-2019-article19-adilsoz\/law\.ttl:\d+$/.test(v.file ?? ''))).toBe(true);
  });

  describe('find the subclasses of sh:class and sh:targetClass in the data graph, as SHACL 1.0 says', () => {
    const prefixes = `
      @prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
      @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .`;
    const rules = new Store(
      new Parser().parse(`${prefixes}
        ex:Owned a sh:NodeShape ; sh:targetClass ex:Pet ;
          sh:property [ sh:path ex:owner ; sh:minCount 1 ; sh:class ex:Person ; sh:message "A pet has a person as owner." ] .`),
    );
    // The hierarchy is only in the data graph (as our ontology is): ex:Dog ⊑ ex:Pet, ex:Child ⊑ ex:Person.
    const data = (body: string) =>
      new Store(new Parser().parse(`${prefixes} ex:Dog rdfs:subClassOf ex:Pet . ex:Child rdfs:subClassOf ex:Person . ${body}`));

    it('accept an instance of a subclass as a value of sh:class', async () => {
      const report = await bothAgree(data('ex:rex a ex:Pet ; ex:owner ex:ann . ex:ann a ex:Child .'), rules);
      expect(report.violations).toEqual([]);
    });

    it('target an instance of a subclass, and refuse a value of another class', async () => {
      const report = await bothAgree(data('ex:rex a ex:Dog ; ex:owner ex:box . ex:box a ex:Thing .'), rules);
      expect(report.violations.map((v) => [v.focusNode, v.constraint.split('#')[1], v.value])).toEqual([
        ['http://example.org/rex', 'ClassConstraintComponent', 'http://example.org/box'],
      ]);
    });

    it('target an instance of a subclass that lacks a required value', async () => {
      const report = await bothAgree(data('ex:rex a ex:Dog .'), rules);
      expect(report.violations.map((v) => [v.focusNode, v.constraint.split('#')[1], v.message])).toEqual([
        ['http://example.org/rex', 'MinCountConstraintComponent', 'A pet has a person as owner.'],
      ]);
    });
  });
});
