// SHACL validation of the loaded graph against ontology/shapes.ttl.
import path from 'node:path';
import rdf from 'rdf-ext';
import SHACLValidator from 'rdf-validate-shacl';
import type { DatasetCore, Term } from '@rdfjs/types';
import { Store } from 'n3';
import { loadGraph, parseTurtleFile, type LoadedGraph } from './load.js';
import { shorten } from './namespaces.js';

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

function termString(term: Term | null | undefined): string | null {
  if (!term) return null;
  return term.value;
}

/** Validates every graph of `data` (as one union) against `shapes`. */
export async function validate(data: Store, shapes: Store, options: { origins?: Map<string, string[]> } = {}): Promise<ValidationReport> {
  const validator = new SHACLValidator(shapes as unknown as DatasetCore);
  const report = await validator.validate(unionDataset(data));
  const violations = report.results.map((r): Violation => {
    const focusNode = termString(r.focusNode) ?? '';
    const [file, ...alsoIn] = options.origins?.get(focusNode) ?? [];
    const message = r.message.map((m) => m.value).join('; ');
    return {
      focusNode,
      path: termString(r.path as Term | null),
      message,
      severity: shorten(termString(r.severity) ?? ''),
      constraint: termString(r.sourceConstraintComponent) ?? '',
      sourceShape: termString(r.sourceShape) ?? '',
      value: termString(r.value),
      ...(file ? { file } : {}),
      ...(alsoIn.length ? { alsoIn } : {}),
    };
  });
  return { conforms: report.conforms, violations };
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
