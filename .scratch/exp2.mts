import { mkdir, rm, link } from 'node:fs/promises';
import path from 'node:path';
import { bulkLoad, graphContentsOfFile } from '../src/store/load.ts';
import { freePort, startVirtuoso } from '../src/store/virtuoso.ts';
const file = '/tmp/loadexp/graph.nq';
for (const variant of ['files', 'one', 'files', 'one']) {
  const dir = '/tmp/loadexp/db2';
  await rm(dir, { recursive: true, force: true });
  const v = await startVirtuoso({ dir, sqlPort: await freePort(), httpPort: await freePort(), memoryMb: 2048, resultSetMaxRows: 100000000, maxQueryExecutionSeconds: 120 });
  const staging = path.join(dir, 'load'); await mkdir(staging);
  let ms = 0;
  if (variant === 'one') { await link(file, path.join(staging, 'g.nq')); ms = await bulkLoad(v, staging, { pattern: '*.nq' }); }
  else { const t0 = performance.now(); const c = await graphContentsOfFile(file, path.join(dir, 'split')); const s = performance.now() - t0; ms = await bulkLoad(v, path.join(dir, 'split'), { files: c.map((x) => ({ file: (x as any).file, graph: x.graph })) }); console.log('split', (s/1000).toFixed(1)); }
  console.log(variant, (ms / 1000).toFixed(1), 's', (await v.isql('SPARQL SELECT COUNT(*) WHERE { GRAPH ?g { ?s ?p ?o } };')).match(/\n(\d+)\n/)?.[1], new Date().toISOString().slice(11,19));
  await v.stop({ remove: true });
}
