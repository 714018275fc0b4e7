// The two SHACL engines on the same data, as the build runs them: the real data
// (ontology + its document, as one unit) and a generated graph validated one
// document at a time, each with the ontology. Per engine: validation time (the
// first run, then the median of the warm ones for the real data) and violations.
// Takes minutes at 100k (rdf-validate-shacl), so it
// is not part of `npm run bench`:
//   npx tsx bench/shacl.ts [--triples=100000] [--runs=3]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from 'n3';
import { loadGraph } from '../src/load.js';
import { ONTOLOGY_GRAPH } from '../src/namespaces.js';
import { loadShapes, SHACL_ENGINES, type ShaclEngine, validate } from '../src/validate.js';
import { generateQuads } from './generate.js';
import { median } from './queries.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argument = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const TRIPLES = argument('triples', 100_000);
const RUNS = argument('runs', 3);

interface Row {
  data: string;
  engine: ShaclEngine;
  firstMs: number;
  warmMs: number;
  violations: number;
}

async function timed(engine: ShaclEngine, stores: Store[], shapes: Store): Promise<{ ms: number; violations: number }> {
  const t0 = performance.now();
  let violations = 0;
  for (const store of stores) violations += (await validate(store, shapes, { engine })).violations.length;
  return { ms: performance.now() - t0, violations };
}

async function measure(data: string, engine: ShaclEngine, stores: Store[], shapes: Store, runs: number): Promise<Row> {
  const first = await timed(engine, stores, shapes);
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push((await timed(engine, stores, shapes)).ms);
  return { data, engine, firstMs: first.ms, warmMs: runs ? median(warm) : first.ms, violations: first.violations };
}

const shapes = await loadShapes(ROOT);
const { store: real } = await loadGraph({ root: ROOT });
const { quads } = await generateQuads(TRIPLES);
const ontology = quads.filter((q) => q.graph.value === ONTOLOGY_GRAPH);
const graphs = [...new Set(quads.map((q) => q.graph.value))].filter((g) => g !== ONTOLOGY_GRAPH);
const documents = graphs.map((g) => new Store([...ontology, ...quads.filter((q) => q.graph.value === g)]));
const rows: Row[] = [];
// Each engine in turn, the real data first; the generated graph once (its first run is its measure).
for (const engine of SHACL_ENGINES) rows.push(await measure(`real data (${real.size} quads)`, engine, [real], shapes, RUNS));
for (const engine of SHACL_ENGINES)
  rows.push(await measure(`generated, ${quads.length} quads, ${graphs.length} documents one by one`, engine, documents, shapes, 0));
console.log('| data | engine | first run | warm (median) | violations |\n|---|---|---|---|---|');
for (const r of rows)
  console.log(`| ${r.data} | ${r.engine} | ${(r.firstMs / 1000).toFixed(2)} s | ${(r.warmMs / 1000).toFixed(2)} s | ${r.violations} |`);
