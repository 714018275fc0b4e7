// The command line: serve | validate | query, thin over the same functions as the server.
import { parseArgs } from 'node:util';
import { Writer } from 'n3';
import { loadConfig, type Config } from './config.js';
import { LoadError, loadGraph } from './load.js';
import { formatReport, loadShapes, validate, ValidationError } from './validate.js';
import { createComunicaEngine, QuerySyntaxError, UpdateForbiddenError } from './engine.js';
import { NS, PREFIXES } from './namespaces.js';
import { csvTable, textTable } from './format-table.js';

const USAGE = `usage:
  upr-graph serve [--port N] [--host H]        start the SPARQL endpoint on the embedded data
  upr-graph validate                           print the SHACL report; exit 1 on any violation
  upr-graph query '<SPARQL>' [--format table|csv|json]
                                               run a query (project prefixes are predeclared)`;

async function validateCommand(config: Config): Promise<number> {
  const loaded = await loadGraph({ root: config.root });
  const report = await validate(loaded.store, await loadShapes(config.root), { origins: loaded.origins });
  console.log(`${loaded.store.size} triples in ${loaded.graphs.size} graphs`);
  console.log(formatReport(report));
  return report.conforms ? 0 : 1;
}

async function queryCommand(config: Config, text: string | undefined, format: string): Promise<number> {
  if (!text) {
    console.error(USAGE);
    return 2;
  }
  const { store } = await loadGraph({ root: config.root });
  const engine = createComunicaEngine(store);
  const result = await engine.query(`${PREFIXES}\n${text}`, { maxRows: config.maxRows });
  if (result.type === 'boolean') {
    console.log(format === 'json' ? JSON.stringify({ boolean: result.value }) : String(result.value));
  } else if (result.type === 'quads') {
    console.log(new Writer({ prefixes: NS }).quadsToString(result.quads));
  } else if (format === 'csv') {
    process.stdout.write(csvTable(result.variables, result.rows));
  } else if (format === 'json') {
    const rows = result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, t]) => [k, t.value])));
    console.log(JSON.stringify(rows, null, 2));
  } else {
    console.log(textTable(result.variables, result.rows));
    console.log(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'}${result.truncated ? ', truncated' : ''})`);
  }
  return 0;
}

async function serveCommand(config: Config): Promise<number> {
  const { start } = await import('./server.js');
  const server = await start(config);
  console.log(`UPR Graph: SPARQL endpoint at ${server.url}/sparql`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}

/** Runs the command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      format: { type: 'string', default: 'table' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const overrides: Partial<Config> = {};
  if (values.port !== undefined) overrides.port = Number(values.port);
  if (values.host !== undefined) overrides.host = values.host;
  const config = loadConfig(process.env, overrides);
  try {
    if (command === 'validate') return await validateCommand(config);
    if (command === 'query') return await queryCommand(config, rest.join(' '), values.format ?? 'table');
    if (command === 'serve') return await serveCommand(config);
  } catch (error) {
    if (error instanceof LoadError || error instanceof ValidationError || error instanceof QuerySyntaxError || error instanceof UpdateForbiddenError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  console.error(`unknown command "${command}"\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
