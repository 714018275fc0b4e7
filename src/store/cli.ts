// npm run store:start / store:stop: a local Virtuoso with the project's
// configuration under .store/virtuoso/ (git-ignored; UPR_STORE_DIR moves it),
// loaded with the validated graph, left running for `UPR_ENGINE=store npm start`.
//   store:start [--http-port 8890] [--sql-port 1111] [--memory-mb N]
//   store:stop
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureArtefact } from '../build/build.js';
import { buildDirOf, dataDirOf, loadConfig, PROJECT_ROOT } from '../config.js';
import { loadFileIntoVirtuoso } from './load.js';
import { runningVirtuoso, startVirtuoso, storeLimits, virtuosoInstalled } from './virtuoso.js';

async function start(argv: string[], dir: string): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'http-port': { type: 'string', default: '8890' },
      'sql-port': { type: 'string', default: '1111' },
      'memory-mb': { type: 'string' },
    },
  });
  if (!virtuosoInstalled()) throw new Error('Virtuoso is not installed: apt-get install virtuoso-opensource (Debian, Ubuntu)');
  const config = loadConfig();
  let virtuoso = await runningVirtuoso(dir);
  if (virtuoso) console.log(`Virtuoso already runs in ${dir} (pid ${virtuoso.pid})`);
  else {
    virtuoso = await startVirtuoso(
      {
        dir,
        httpPort: Number(values['http-port']),
        sqlPort: Number(values['sql-port']),
        ...(values['memory-mb'] ? { memoryMb: Number(values['memory-mb']) } : {}),
        ...storeLimits(config),
      },
      { detached: true },
    );
    console.log(`Virtuoso started in ${dir} (pid ${virtuoso.pid}); its configuration: ${path.join(dir, 'virtuoso.ini')}`);
  }
  // The built artefact (validated; built now if the data changed), as the server serves it.
  const { artefact } = await ensureArtefact({
    root: config.root,
    dataDir: dataDirOf(config),
    buildDir: buildDirOf(config),
    publicBase: config.publicBase,
    allowEmptyData: config.allowEmptyData,
    log: (line) => console.log(line),
  });
  const done = await loadFileIntoVirtuoso(virtuoso, artefact.graphFile);
  console.log(
    `loaded ${done.triples} triples in ${(done.ms / 1000).toFixed(1)} s: ${done.added.length} graphs added, ${done.replaced.length} replaced, ${done.removed.length} removed, ${done.unchanged} unchanged`,
  );
  // The union default graph (src/store/union.ts): a merged graph when documents share triples.
  if (done.union.union !== 'none') console.log(`merged union graph ${done.union.union} in ${(done.union.ms / 1000).toFixed(1)} s`);
  console.log(`serve it with: UPR_ENGINE=store UPR_STORE_QUERY_URL=${virtuoso.endpoint} npm start`);
}

async function main(argv: string[]): Promise<void> {
  const dir = path.resolve(process.env.UPR_STORE_DIR ?? path.join(PROJECT_ROOT, '.store', 'virtuoso'));
  const [command, ...rest] = argv;
  if (command === 'start') return start(rest, dir);
  if (command === 'stop') {
    const virtuoso = await runningVirtuoso(dir);
    if (!virtuoso) return void console.log(`no Virtuoso runs in ${dir}`);
    await virtuoso.stop();
    return void console.log(`Virtuoso stopped (its database stays in ${dir})`);
  }
  throw new Error('usage: tsx src/store/cli.ts start [--http-port N] [--sql-port N] [--memory-mb N] | stop');
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
