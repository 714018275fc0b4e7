// Each unit (the ontology, one document) parsed and SHACL-validated on its
// own, the shapes seeing the ontology and concept schemes beside the document,
// and kept as N-Quads in the cache under its validation key: an unchanged unit
// is neither parsed nor validated again. Every problem of every unit is
// reported before the build stops (LoadError first, else one ValidationError).
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory, type Store, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import { LoadError, loadFiles, type LoadedGraph } from '../load.js';
import type { Violation } from '../validate.js';
import { validationKey, type BuildInputs, type BuildUnit } from './inputs.js';

export interface CheckedUnit {
  unit: BuildUnit;
  /** The unit's validated quads as N-Quads, in the cache. */
  file: string;
  /** Whether it was parsed and validated by this build (else read from the cache). */
  validated: boolean;
}

/** Writes a file whole: aside, then renamed, so that builds side by side never see half of one. */
export async function writeWhole(file: string, text: string | Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
  await writeFile(partial, text);
  await rename(partial, file);
}

/** The unit's quads as N-Quads, its blank nodes labelled after the unit, so that units cached by different runs never share a label. */
function unitNquads(unit: BuildUnit, quads: RDF.Quad[]): string {
  const prefix = `${unit.id.replace(/[^A-Za-z0-9]/g, '_')}_`;
  const relabel = <T extends RDF.Term>(term: T): T =>
    term.termType === 'BlankNode' ? (DataFactory.blankNode(prefix + term.value) as unknown as T) : term;
  const relabelled = quads.map((q) => DataFactory.quad(relabel(q.subject), q.predicate, relabel(q.object), q.graph));
  return new Writer({ format: 'N-Quads' }).quadsToString(relabelled);
}

/** Violations once each (the ontology's own would otherwise repeat with every document). */
function distinct(violations: Violation[]): Violation[] {
  const seen = new Map<string, Violation>();
  for (const v of violations) seen.set(JSON.stringify([v.focusNode, v.path, v.constraint, v.sourceShape, v.value, v.message]), v);
  return [...seen.values()];
}

/** A unit's quads once it loads and conforms, else the problems (load) or violations (SHACL) it has. */
type Outcome = { quads: RDF.Quad[] } | { problems: string[] } | { violations: Violation[] };

/** What checking a unit came to: kept in the cache, or its problems. */
export type UnitResult = { kept: true } | { problems: string[] } | { violations: Violation[] };

/** Checks one unit and, when it conforms, keeps it in the cache as `file`. */
export async function checkAndKeep(check: (unit: BuildUnit) => Promise<Outcome>, unit: BuildUnit, file: string): Promise<UnitResult> {
  const outcome = await check(unit);
  if (!('quads' in outcome)) return outcome;
  await writeWhole(file, unitNquads(unit, outcome.quads));
  return { kept: true };
}

/** Units to check before the work is shared among worker threads (each loads the validator and the ontology first). */
const WORKERS_FROM_UNITS = 4;

/**
 * Checks every unit of `inputs`, from the cache under `cacheDir` where it can, the others in `workers`
 * threads when there are enough of them (unit-pool.ts); throws LoadError or ValidationError with every problem.
 */
export async function checkUnits(inputs: BuildInputs, cacheDir: string, workers = 1): Promise<CheckedUnit[]> {
  const all = [inputs.ontology, ...inputs.documents].map((unit) => ({
    unit,
    file: path.join(cacheDir, `${unit.id}-${validationKey(inputs, unit)}.nq`),
  }));
  const missing = all.filter(({ file }) => !existsSync(file));
  let results: UnitResult[];
  if (workers > 1 && missing.length >= WORKERS_FROM_UNITS) {
    const { checkInWorkers } = await import('./unit-pool.js');
    results = await checkInWorkers(inputs, missing, workers);
  } else {
    const check = unitChecker(inputs);
    results = [];
    for (const { unit, file } of missing) results.push(await checkAndKeep(check, unit, file));
  }
  const problems = results.flatMap((r) => ('problems' in r ? r.problems : []));
  if (problems.length > 0) throw new LoadError(problems);
  const violations = results.flatMap((r) => ('violations' in r ? r.violations : []));
  if (violations.length > 0) {
    const { ValidationError } = await import('../validate.js');
    throw new ValidationError({ conforms: false, violations: distinct(violations) });
  }
  return all.map(({ unit, file }) => ({ unit, file, validated: missing.some((m) => m.file === file) }));
}

/** Parses and validates one unit; the ontology and the validator are loaded once, when first needed. */
export function unitChecker(inputs: BuildInputs): (unit: BuildUnit) => Promise<Outcome> {
  const { root } = inputs;
  const filesOf = (unit: BuildUnit) => unit.files.map((file) => ({ file, graph: unit.graph }));
  let ontology: Promise<LoadedGraph> | undefined;
  let rules: Promise<{ shapes: Store; validate: typeof import('../validate.js').validate }> | undefined;
  const ontologyGraph = () => (ontology ??= loadFiles(filesOf(inputs.ontology), root));
  const validator = () =>
    (rules ??= import('../validate.js').then(async (m) => ({ shapes: await m.loadShapes(root), validate: m.validate })));
  return async (unit) => {
    let loaded: LoadedGraph;
    try {
      loaded = unit === inputs.ontology ? await ontologyGraph() : await loadFiles(filesOf(unit), root);
    } catch (error) {
      if (error instanceof LoadError) return { problems: error.problems };
      throw error;
    }
    const quads = loaded.store.getQuads(null, null, null, null) as RDF.Quad[];
    let origins = loaded.origins;
    if (unit !== inputs.ontology) {
      // The shapes see the ontology and concept schemes beside the document (a broken ontology is reported as its own).
      const base = await ontologyGraph().catch(() => undefined);
      if (base) {
        loaded.store.addQuads(base.store.getQuads(null, null, null, null));
        origins = new Map([...base.origins, ...loaded.origins]);
      }
    }
    const { shapes, validate } = await validator();
    const report = await validate(loaded.store, shapes, { origins });
    return report.conforms ? { quads } : { violations: report.violations };
  };
}
