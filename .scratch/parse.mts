import { createReadStream } from 'node:fs';
import { StreamParser } from 'n3';
const t0 = performance.now();
let n = 0;
const p = createReadStream('/tmp/loadexp/graph.nq').pipe(new StreamParser({ format: 'N-Quads' }));
p.on('data', () => n++);
p.on('end', () => console.log('n3', n, ((performance.now() - t0) / 1000).toFixed(1), 's'));
