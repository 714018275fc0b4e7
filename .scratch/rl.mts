import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { splitQuadLine } from '../src/store/split.ts';
let t0 = performance.now(); let n = 0;
for await (const line of createInterface({ input: createReadStream('/tmp/loadexp/graph.nq', 'utf8'), crlfDelay: Infinity })) n++;
console.log('readline', n, ((performance.now() - t0) / 1000).toFixed(1));
t0 = performance.now(); n = 0;
const lines: string[] = [];
for await (const line of createInterface({ input: createReadStream('/tmp/loadexp/graph.nq', 'utf8'), crlfDelay: Infinity })) { lines.push(line); }
console.log('collect', ((performance.now() - t0) / 1000).toFixed(1));
t0 = performance.now();
for (const l of lines) splitQuadLine(l);
console.log('scan', ((performance.now() - t0) / 1000).toFixed(1));
