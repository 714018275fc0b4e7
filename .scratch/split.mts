import { splitByGraph } from '../src/store/split.ts';
const t0 = performance.now();
const r = await splitByGraph('/tmp/loadexp/graph.nq', '/tmp/loadexp/split');
console.log(r.length, r.reduce((n, g) => n + g.triples, 0), ((performance.now() - t0) / 1000).toFixed(1), 's');
