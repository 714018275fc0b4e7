// Each unit (the ontology, one document) parsed and SHACL-validated on its
// own, the shapes seeing the ontology and concept schemes beside the document,
// and kept as N-Quads in the cache under its validation key: an unchanged unit
// is neither parsed nor validated again. Every problem of every unit is
// reported before the build stops (LoadError first, else one ValidationError).
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory, Store, Writer } from 'n3';
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
  const relabel = <T extends RDF.Term>(term: T): T => (term.termType === 'BlankNode' ? (DataFactory.blankNode(prefix + term.value) as unknown as T) : term);
  const relabelled = quads.map((q) => DataFactory.quad(relabel(q.subject), q.predicate, relabel(q.object), q.graph));
  return new Writer({ format: 'N-Quads' }).quadsToString(relabelled);
}

/** Violations once each (the ontology's own would otherwise repeat with every document). */
function distinct(violations: Violation[]): Violation[] {
  const seen = new Map<string, Violation>();
  for (const v of violations) seen.set(JSON.stringify([v.focusNode, v.path, v.constraint, v.sourceShape, v.value, v.message]), v);
  return [...seen.values()];
}

/** Checks every unit of `inputs`, from the cache under `cacheDir` where it can; throws LoadError or ValidationError with every problem. */
export async function checkUnits(inputs: BuildInputs, cacheDir: string): Promise<CheckedUnit[]> {
  const { root } = inputs;
  let ontology: Promise<LoadedGraph> | undefined;
  let rules: Promise<{ shapes: Store; validate: typeof import('../validate.js').validate }> | undefined;
  // Loaded only when some unit has to be validated.
  const ontologyGraph = () => (ontology ??= loadFiles(inputs.ontology.files.map((file) => ({ file, graph: inputs.ontology.graph })), root));
  const validator = () =>
    (rules ??= import('../validate.js').then(async (m) => ({ shapes: await m.loadShapes(root), validate: m.validate })));

  const problems: string[] = [];
  const violations: Violation[] = [];
  const checked: CheckedUnit[] = [];
  for (const unit of [inputs.ontology, ...inputs.documents]) {
    const file = path.join(cacheDir, `${unit.id}-${validationKey(inputs, unit)}.nq`);
    if (existsSync(file)) {
      checked.push({ unit, file, validated: false });
      continue;
    }
    let loaded: LoadedGraph;
    try {
      loaded = unit === inputs.ontology ? await ontologyGraph() : await loadFiles(unit.files.map((f) => ({ file: f, graph: unit.graph })), root);
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      problems.push(...error.problems);
      continue;
    }
    const { shapes, validate } = await validator();
    const own = loaded.store.getQuads(null, null, null, null) as RDF.Quad[];
    let data = loaded.store;
    let origins = loaded.origins;
    if (unit !== inputs.ontology) {
      const base = await ontologyGraph().catch(() => undefined);
      // The ontology's problems are reported as its own; the document is checked against what loads of it.
      if (base) {
        data = new Store([...base.store.getQuads(null, null, null, null), ...own]);
        origins = new Map([...base.origins, ...loaded.origins]);
      }
    }
    const report = await validate(data, shapes, { origins });
    if (!report.conforms) {
      violations.push(...report.violations);
      continue;
    }
    await writeWhole(file, unitNquads(unit, own));
    checked.push({ unit, file, validated: true });
  }
  if (problems.length > 0) throw new LoadError(problems);
  if (violations.length > 0) {
    const { ValidationError } = await import('../validate.js');
    throw new ValidationError({ conforms: false, violations: distinct(violations) });
  }
  return checked;
}
