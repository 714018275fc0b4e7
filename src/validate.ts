// SHACL validation of the loaded graph against ontology/shapes.ttl, with
// shacl-engine (the default: faster, and half the memory over an N3 store) or
// rdf-validate-shacl; test/shacl-engines.test.ts holds the two to the same reports.
import path from 'node:path';
import rdf from 'rdf-ext';
import SHACLValidator from 'rdf-validate-shacl';
import { Validator as ShaclEngineValidator, type PathStep } from 'shacl-engine';
import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import { DataFactory, Store } from 'n3';
import { loadGraph, parseTurtleFile, type LoadedGraph } from './load.js';
import { shorten } from './namespaces.js';

/** The SHACL engines validate() can run. */
export const SHACL_ENGINES = ['shacl-engine', 'rdf-validate-shacl'] as const;
export type ShaclEngine = (typeof SHACL_ENGINES)[number];
/** Measured on the real data and the generated graphs (README, "Validation"): shacl-engine, with the same reports. */
export const DEFAULT_SHACL_ENGINE: ShaclEngine = 'shacl-engine';

const RDFS_SUBCLASS_OF = DataFactory.namedNode('http://www.w3.org/2000/01/rdf-schema#subClassOf');

export interface Violation {
  focusNode: string;
  path: string | null;
  message: string;
  severity: string;
  constraint: string;
  sourceShape: string;
  value: string | null;
  /** Where the focus node is described (`file:line`), the file that types it first; where known. */
  file?: string;
  /** Every other place that describes it. */
  alsoIn?: string[];
}

export interface ValidationReport {
  conforms: boolean;
  violations: Violation[];
}

/** Reads the SHACL shapes of the project. */
export async function loadShapes(root: string): Promise<Store> {
  return new Store(await parseTurtleFile(path.join(root, 'ontology', 'shapes.ttl')));
}

/** Triples of every graph, once each: SHACL sees the union without counting a triple twice. */
function unionDataset(store: Store): DatasetCore {
  const dataset = rdf.dataset();
  for (const q of store.match(null, null, null, null)) {
    dataset.add(rdf.quad(q.subject, q.predicate, q.object));
  }
  return dataset as unknown as DatasetCore;
}

/** The same union as an N3 store, which shacl-engine walks about twice as fast as an rdf-ext dataset, in half the memory. */
function unionStore(store: Store): Store {
  const union = new Store();
  for (const q of store.getQuads(null, null, null, null)) union.addQuad(DataFactory.quad(q.subject, q.predicate, q.object));
  return union;
}

/** Quads found by a match: what shacl-engine reads of a match's result (its size, its quads). */
class Matches {
  constructor(private readonly quads: Quad[]) {}
  get size(): number {
    return this.quads.length;
  }
  [Symbol.iterator](): Iterator<Quad> {
    return this.quads[Symbol.iterator]();
  }
}

/**
 * An N3 store as the read-only DatasetCore shacl-engine walks, each match an array: N3's own
 * match() builds a readable stream per call, and shacl-engine calls it for every step of every path.
 */
class StoreDataset {
  constructor(private readonly store: Store) {}
  get size(): number {
    return this.store.size;
  }
  match(subject?: Term | null, predicate?: Term | null, object?: Term | null, graph?: Term | null): Matches {
    return new Matches(this.store.getQuads(subject ?? null, predicate ?? null, object ?? null, graph ?? null) as Quad[]);
  }
  has(quad: Quad): boolean {
    return this.store.has(quad);
  }
  [Symbol.iterator](): Iterator<Quad> {
    return (this.store.getQuads(null, null, null, null) as Quad[])[Symbol.iterator]();
  }
}

function termString(term: Term | null | undefined): string | null {
  if (!term) return null;
  return term.value;
}

export interface ValidateOptions {
  /** Subject IRI → where it is described (`file:line`), as LoadedGraph.origins. */
  origins?: Map<string, string[]>;
  engine?: ShaclEngine;
}

/** What both engines say of one result, before it is placed in a file. */
type Finding = Omit<Violation, 'file' | 'alsoIn'>;

/** Validates every graph of `data` (as one union) against `shapes`. */
export async function validate(data: Store, shapes: Store, options: ValidateOptions = {}): Promise<ValidationReport> {
  const findings =
    (options.engine ?? DEFAULT_SHACL_ENGINE) === 'shacl-engine'
      ? await withShaclEngine(data, shapes)
      : await withRdfValidateShacl(data, shapes);
  const violations = findings.map((finding): Violation => {
    const [file, ...alsoIn] = options.origins?.get(finding.focusNode) ?? [];
    return { ...finding, ...(file ? { file } : {}), ...(alsoIn.length ? { alsoIn } : {}) };
  });
  return { conforms: violations.length === 0, violations };
}

async function withRdfValidateShacl(data: Store, shapes: Store): Promise<Finding[]> {
  const validator = new SHACLValidator(shapes as unknown as DatasetCore);
  const report = await validator.validate(unionDataset(data));
  return report.results.map((r) => ({
    focusNode: termString(r.focusNode) ?? '',
    path: termString(r.path as Term | null),
    message: r.message.map((m) => m.value).join('; '),
    severity: shorten(termString(r.severity) ?? ''),
    constraint: termString(r.sourceConstraintComponent) ?? '',
    sourceShape: termString(r.sourceShape) ?? '',
    value: termString(r.value),
  }));
}

/**
 * SHACL 1.0 finds the subclasses of sh:class and sh:targetClass in the data graph
 * (§2.1.3.3, §4.1.3: a "SHACL instance" is rdf:type/rdfs:subClassOf* there), where the
 * ontology sits; shacl-engine looks in the shapes graph (rdf-ext/shacl-engine#42, by design).
 * So its shapes graph gets the data's rdfs:subClassOf triples too: the same answers.
 */
async function withShaclEngine(data: Store, shapes: Store): Promise<Finding[]> {
  const union = unionStore(data);
  const validator = shaclEngineFor(shapes, union.getQuads(null, RDFS_SUBCLASS_OF, null, null) as Quad[]);
  const report = await validator.validate({ dataset: new StoreDataset(union) as unknown as DatasetCore });
  return report.results.map((r) => ({
    focusNode: termString(r.focusNode.term) ?? '',
    path: pathString(r.path),
    message: r.message.map((m) => m.value).join('; '),
    severity: shorten(termString(r.severity) ?? ''),
    constraint: termString(r.constraintComponent) ?? '',
    sourceShape: termString(r.shape.ptr.term) ?? '',
    value: termString(r.value?.term),
  }));
}

/** Validators already made, per shapes graph and class hierarchy: shacl-engine compiles each shape once per validator. */
const shaclEngines = new WeakMap<Store, Map<string, ShaclEngineValidator>>();

/** The validator of `shapes` with the data's `subClassOf` triples, made once for each hierarchy (a build validates many documents under one ontology). */
function shaclEngineFor(shapes: Store, subClassOf: Quad[]): ShaclEngineValidator {
  const key = subClassOf
    .map((q) => `${q.subject.termType}:${q.subject.value} ${q.object.termType}:${q.object.value}`)
    .sort()
    .join('\n');
  const made = shaclEngines.get(shapes) ?? new Map<string, ShaclEngineValidator>();
  shaclEngines.set(shapes, made);
  let validator = made.get(key);
  if (!validator) {
    const shapesGraph = new Store(shapes.getQuads(null, null, null, null) as Quad[]);
    shapesGraph.addQuads(subClassOf);
    validator = new ShaclEngineValidator(new StoreDataset(shapesGraph) as unknown as DatasetCore, { factory: rdf });
    // Kept for a few hierarchies only: a caller validating under ever new ones should not pile them up.
    if (made.size >= 4) made.clear();
    made.set(key, validator);
  }
  return validator;
}

/** A predicate path as its IRI (as rdf-validate-shacl gives it); any other path in SPARQL's syntax. */
function pathString(steps: PathStep[] | null | undefined): string | null {
  if (!steps || steps.length === 0) return null;
  const [first] = steps;
  if (steps.length === 1 && first.quantifier === 'one' && first.start === 'subject' && first.predicates.length === 1)
    return first.predicates[0].value;
  const suffix = { one: '', zeroOrOne: '?', zeroOrMore: '*', oneOrMore: '+' } as const;
  return steps
    .map((step) => {
      const alternatives = step.predicates.map((p) => `<${p.value}>`).join('|');
      const inverse = step.start === 'object' ? '^' : '';
      return `${inverse}${step.predicates.length > 1 ? `(${alternatives})` : alternatives}${suffix[step.quantifier]}`;
    })
    .join('/');
}

/** One line per violation: where, what, and why. */
export function formatReport(report: ValidationReport): string {
  if (report.conforms) return 'SHACL: 0 violations';
  const lines = report.violations.map((v) => {
    const where = v.file ? `${v.file}: ` : '';
    const pathPart = v.path ? ` ${shorten(v.path)}` : '';
    const value = v.value ? ` (value ${v.value})` : '';
    return `${where}${v.severity} <${v.focusNode}>${pathPart}: ${v.message || shorten(v.constraint)}${value}`;
  });
  return `SHACL: ${report.violations.length} violation(s)\n${lines.join('\n')}`;
}

/** The loaded graph failed SHACL validation; the message is the report. */
export class ValidationError extends Error {
  name = 'ValidationError';
  constructor(readonly report: ValidationReport) {
    super(formatReport(report));
  }
}

/** Loads ontology and data and validates them; throws LoadError or ValidationError, never returns bad data. */
export async function loadValidatedGraph(root: string): Promise<LoadedGraph & { report: ValidationReport }> {
  const loaded = await loadGraph({ root });
  const report = await validate(loaded.store, await loadShapes(root), { origins: loaded.origins });
  if (!report.conforms) throw new ValidationError(report);
  return { ...loaded, report };
}
