import { createReadStream } from 'node:fs';
import { splitQuadLine, graphDigest } from '../src/store/split.ts';
async function* linesOf(file: string) {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n'); rest = lines.pop() ?? ''; yield* lines;
  }
}
let t0 = performance.now(); let n = 0;
for await (const l of linesOf('/tmp/loadexp/graph.nq')) n++;
console.log('lines', n, (performance.now() - t0).toFixed(0));
t0 = performance.now(); const all: string[] = [];
let rest = '';
for await (const chunk of createReadStream('/tmp/loadexp/graph.nq', { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
  const lines = (rest + chunk).split('\n'); rest = lines.pop() ?? ''; for (const l of lines) all.push(l);
}
console.log('chunks no yield*', (performance.now() - t0).toFixed(0));
t0 = performance.now(); const tr = all.map((l) => splitQuadLine(l)!.triple); console.log('scan', (performance.now() - t0).toFixed(0));
t0 = performance.now(); for (let i = 0; i < tr.length; i += 4000) tr.slice(i, i + 4000).sort(); console.log('sort', (performance.now() - t0).toFixed(0));
t0 = performance.now(); for (let i = 0; i < tr.length; i += 4000) graphDigest(tr.slice(i, i + 4000)); console.log('digest', (performance.now() - t0).toFixed(0));
