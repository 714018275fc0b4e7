// The command line: build | serve | validate | query | export, thin over the same functions as the server.
// query and export read the build's artefact (src/build/), building it first when the inputs changed.
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { Parser, Store, Writer } from 'n3';
import { buildDirOf, dataDirOf, loadConfig, type Config } from './config.js';
import { LoadError, loadGraph } from './load.js';
import {
  createComunicaEngine,
  QuerySyntaxError,
  QueryTimeoutError,
  ServiceForbiddenError,
  UpdateForbiddenError,
  type Engine,
} from './engine/index.js';
import { ServiceFailedError } from './federation/errors.js';
import { federationSettings } from './federation/policy.js';
import { BASE, NS, PREFIX_LINE } from './namespaces.js';
import { csvTable, textTable } from './format-table.js';
import { ParameterError, SavedQueryError, type SavedQuery } from './saved-queries.js';
import path from 'node:path';
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import type { StoredDump } from './build/downloads.js';
import type { BuildResult } from './build/build.js';
import { mediaTypesFor } from './negotiate.js';

// What only some commands need is imported by them (JSON-LD, YAML, the export code): a query starts faster.

const USAGE = `usage (every command takes --data DIR, the data folder; default data/, or UPR_DATA):
  upr-graph build                              validate the data and build the artefact under .build/ (UPR_BUILD_DIR)
  upr-graph serve [--port N] [--host H] [--engine oxigraph|comunica|store]
                                               start the SPARQL endpoint (building the artefact first if the data changed)
  upr-graph validate                           print the SHACL report; exit 1 on any violation
  upr-graph query '<SPARQL>' [--format table|csv|json] [--engine oxigraph|comunica|store]
                                               run a query (project prefixes are predeclared)
  upr-graph query --saved <name> [--<param> <value> ...] [--format table|csv|json]
                                               run a saved query of queries/ with its parameters
  upr-graph query --list                       list the saved queries and their parameters
  upr-graph export --out <dir>                 write every dump, view, CSV and the description under <dir>
  upr-graph export --format nq|trig|nt|ttl|jsonld|schema|void [--out <file>]
                                               the whole dataset in one format (stdout without --out)
  upr-graph export --frame cases|provisions|recommendations|people|outlets [--out <file>]
                                               a framed JSON-LD view
  upr-graph export --format csv --out <dir>     one CSV per class
  upr-graph export --format csv --class <name> [--out <file>]
                                               the CSV of one class (case, person, outlet, ...)`;

async function validateCommand(config: Config): Promise<number> {
  const { formatReport, loadShapes, validate } = await import('./validate.js');
  const loaded = await loadGraph({ root: config.root, dataDir: dataDirOf(config) });
  const report = await validate(loaded.store, await loadShapes(config.root), { origins: loaded.origins });
  console.log(`${loaded.store.size} triples in ${loaded.graphs.size} graphs`);
  console.log(formatReport(report));
  return report.conforms ? 0 : 1;
}

interface QueryRequest {
  text?: string;
  saved?: string;
  list: boolean;
  params: Record<string, string>;
  format: string;
}

function listSavedQueries(queries: Map<string, SavedQuery>): void {
  for (const q of queries.values()) {
    const params = q.parameters.map((p) => `--${p.name} <${p.type}>${p.required && p.default === undefined ? '' : '?'}`).join(' ');
    console.log(`${q.name}${params ? ` ${params}` : ''}\n    ${q.summary}`);
  }
}

async function queryCommand(config: Config, request: QueryRequest): Promise<number> {
  const { bindParameters, loadSavedQueries } = await import('./saved-queries.js');
  const queries = request.list || request.saved ? await loadSavedQueries(path.join(config.root, 'queries')) : new Map<string, SavedQuery>();
  if (request.list) {
    listSavedQueries(queries);
    return 0;
  }
  let text: string;
  let bindings = {};
  if (request.saved) {
    const saved = queries.get(request.saved);
    if (!saved) {
      console.error(`no saved query "${request.saved}"; run with --list to see them`);
      return 2;
    }
    text = saved.text;
    bindings = bindParameters(saved, request.params);
  } else if (request.text) {
    // On the query's first line, so that an error's line number is the query's own.
    text = PREFIX_LINE + request.text;
  } else {
    console.error(USAGE);
    return 2;
  }
  const format = request.format;
  const engine = await cliEngine(config);
  const result = await engine.query(text, { maxRows: config.maxRows, bindings });
  if (result.type === 'boolean') {
    console.log(format === 'json' ? JSON.stringify({ boolean: result.value }) : String(result.value));
  } else if (result.type === 'quads') {
    // Turtle with its prefix declarations (quadsToString would leave them out).
    const writer = new Writer({ prefixes: NS });
    writer.addQuads(result.quads);
    console.log(await new Promise<string>((resolve, reject) => writer.end((error, text) => (error ? reject(error) : resolve(text)))));
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

/** The build's artefact for the configuration, built if the inputs changed; progress and a fallback go to stderr (stdout is the answer). */
async function cliArtefact(config: Config, publicBase = config.publicBase): Promise<BuildResult> {
  const { ensureArtefact } = await import('./build/build.js');
  const log = (line: string) => console.error(line);
  const options = {
    root: config.root,
    dataDir: dataDirOf(config),
    buildDir: buildDirOf(config),
    publicBase,
    allowEmptyData: config.allowEmptyData,
    log,
  };
  const ensured = await ensureArtefact(options);
  if (ensured.failed)
    console.error(`${ensured.failed.message}\nthe build failed: using the last good artefact, built ${ensured.artefact.manifest.builtAt}`);
  return ensured;
}

/** build: the artefact of the current inputs (nothing done when it exists). */
async function buildCommand(config: Config): Promise<number> {
  const { build } = await import('./build/build.js');
  const options = { root: config.root, dataDir: dataDirOf(config), buildDir: buildDirOf(config), publicBase: config.publicBase };
  const result = await build({ ...options, allowEmptyData: config.allowEmptyData, log: (line) => console.log(line) });
  if (!result.built) console.log(`up to date: ${result.artefact.dir}`);
  return 0;
}

/** The configured engine, in this process (a one-shot command has no use for worker threads), on the artefact's graph. */
async function cliEngine(config: Config): Promise<Engine> {
  const federation = federationSettings(config);
  if (config.engine === 'store') return (await import('./store/serve.js')).cliStoreEngine(config);
  const { artefact } = await cliArtefact(config);
  const nquads = await readFile(artefact.graphFile, 'utf8');
  if (config.engine === 'comunica') return createComunicaEngine(new Store(new Parser({ format: 'N-Quads' }).parse(nquads)), { federation });
  const { createOxigraphEngine, loadOxigraphStore } = await import('./engine/oxigraph.js');
  return createOxigraphEngine(loadOxigraphStore(nquads), { federation });
}

interface ExportRequest {
  format?: string;
  frame?: string;
  out?: string;
  csvClass?: string;
  base?: string;
}

/** Writes bytes, or a file's bytes, to a file (its folder made), or to stdout without one. */
async function emit(bytes: Buffer | string | { file: string }, out: string | undefined, name: string): Promise<void> {
  if (!out) {
    // Wait until the bytes are handed on: the command line exits right after.
    const write = (chunk: Buffer | string) =>
      new Promise<void>((resolve, reject) => process.stdout.write(chunk, (error) => (error ? reject(error) : resolve())));
    if (typeof bytes === 'object' && 'file' in bytes) for await (const chunk of createReadStream(bytes.file)) await write(chunk as Buffer);
    else await write(bytes);
    return;
  }
  const isDir =
    out.endsWith('/') ||
    (await stat(out).then(
      (s) => s.isDirectory(),
      () => false,
    ));
  const target = isDir ? path.join(out, name) : out;
  await mkdir(path.dirname(path.resolve(target)), { recursive: true });
  if (typeof bytes === 'object' && 'file' in bytes) await copyFile(bytes.file, target);
  else await writeFile(target, bytes);
  console.error(`wrote ${target} (${(await stat(target)).size} bytes)`);
}

/** The download one export request names, or the reason there is none. */
function chosenFile(files: StoredDump[], format: string | undefined, request: ExportRequest): StoredDump | string {
  if (request.frame) {
    return (
      files.find((f) => f.path === `views/${request.frame}.jsonld`) ??
      `no view "${request.frame}" in this build (a large graph has none: README, "Downloads")`
    );
  }
  if (format === 'csv') {
    const csvs = files.filter((f) => f.path.startsWith('csv/') && f.path.endsWith('.csv'));
    const names = csvs.map((f) => path.basename(f.path, '.csv')).join(', ') || 'none in this build';
    return files.find((f) => f.path === `csv/${request.csvClass}.csv`) ?? `no CSV "${request.csvClass}"; classes: ${names}`;
  }
  const file =
    format === 'schema' || format === 'schema.org'
      ? files.find((f) => f.path === 'upr-graph.schema.jsonld')
      : files.find((f) => f.dataDump && mediaTypesFor('quads').some((m) => m === f.media && m.names.includes(format ?? '')));
  return (
    file ??
    `unknown export format "${request.format}", or one this build did not make; formats: ${files
      .filter((f) => f.dataDump)
      .map((f) => path.extname(f.path).slice(1))
      .join(', ')}, schema, csv, void, all`
  );
}

/** export: the same files as /dump/, copied from the build's artefact (built first if the data changed). */
async function exportCommand(config: Config, request: ExportRequest): Promise<number> {
  const format = request.format?.toLowerCase();
  if (!format && !request.frame && !request.out) {
    console.error(`export needs --out <dir>, --format or --frame\n${USAGE}`);
    return 2;
  }
  const { VIEW_KINDS } = await import('./export/frames.js');
  const { EXPORT_PREFIXES } = await import('./export/description.js');
  if (request.frame && !(VIEW_KINDS as readonly string[]).includes(request.frame)) {
    console.error(`no frame "${request.frame}"; frames: ${VIEW_KINDS.join(', ')}`);
    return 2;
  }
  const { artefactDownloads } = await import('./build/downloads.js');
  const { loadContext } = await import('./export/json-ld.js');
  const { serializeQuads } = await import('./export/serialize.js');
  const { artefact } = await cliArtefact(config, request.base ?? config.publicBase);
  const downloads = artefactDownloads(artefact);
  const base = request.base ?? config.publicBase ?? BASE;
  const voidText = async () =>
    serializeQuads(downloads.description(base), mediaTypesFor('quads')[0], {
      context: await loadContext(config.root),
      prefixes: EXPORT_PREFIXES,
    });
  if (!format || format === 'all') {
    if (!request.out) {
      console.error('--format all writes many files: give --out <dir>');
      return 2;
    }
    for (const f of downloads.files) {
      const target = path.join(request.out, f.path);
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(f.file, target);
      console.error(`${f.path}\t${f.bytes} bytes\t${f.count.value} ${f.count.unit}\tsha256 ${f.sha256}`);
    }
    await writeFile(path.join(request.out, 'void.ttl'), await voidText());
    console.error(`wrote ${downloads.files.length} files and void.ttl under ${request.out}`);
    return 0;
  }
  if (format === 'void') {
    await emit(await voidText(), request.out, 'void.ttl');
    return 0;
  }
  if (format === 'csv' && !request.csvClass) {
    if (!request.out) {
      console.error('--format csv writes one file per class: give --out <dir>, or --class <name>');
      return 2;
    }
    for (const f of downloads.files.filter((f) => f.path.startsWith('csv/'))) {
      await emit({ file: f.file }, request.out.endsWith('/') ? request.out : `${request.out}/`, path.basename(f.path));
    }
    return 0;
  }
  const file = chosenFile(downloads.files, format, request);
  if (typeof file === 'string') {
    console.error(file);
    return 2;
  }
  await emit({ file: file.file }, request.out, path.basename(file.path));
  return 0;
}

/** The longest closing may take after SIGTERM or SIGINT before the process exits regardless. */
const SHUTDOWN_MS = 3000;

async function serveCommand(config: Config): Promise<number> {
  const { start } = await import('./server.js');
  const server = await start(config);
  // The process's age: what a start costs, Node's own start and the imports included.
  console.log(`UPR Graph: SPARQL endpoint at ${server.url}/sparql (ready ${process.uptime().toFixed(1)} s after the process started)`);
  // A signal ends the process within a few seconds, whatever is still running: closing gets that long.
  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: stopping`);
    setTimeout(() => {
      console.error(`${signal}: the server did not close within ${SHUTDOWN_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_MS).unref();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}

/** Runs the command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  // Unknown --options are a saved query's parameters, so parsing is not strict.
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    tokens: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      format: { type: 'string', default: 'table' },
      saved: { type: 'string' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      frame: { type: 'string' },
      out: { type: 'string' },
      class: { type: 'string' },
      base: { type: 'string' },
      engine: { type: 'string' },
      data: { type: 'string' },
    },
  });
  const known = new Set(['port', 'host', 'format', 'saved', 'list', 'help', 'h', 'frame', 'out', 'class', 'base', 'engine', 'data']);
  const params: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'option' && !known.has(token.name)) {
      const next = tokens[i + 1];
      if (token.value !== undefined) params[token.name] = token.value;
      else if (next?.kind === 'positional') {
        params[token.name] = next.value;
        i++;
      } else params[token.name] = 'true';
    } else if (token.kind === 'positional') rest.push(token.value);
  }
  void positionals;
  const [command, ...args] = rest;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const overrides: Partial<Config> = {};
  if (typeof values.port === 'string') overrides.port = Number(values.port);
  if (typeof values.host === 'string') overrides.host = values.host;
  if (typeof values.engine === 'string') overrides.engine = values.engine as Config['engine'];
  if (typeof values.data === 'string') overrides.dataDir = path.resolve(values.data);
  const config = loadConfig(process.env, overrides);
  try {
    if (command === 'build') return await buildCommand(config);
    if (command === 'validate') return await validateCommand(config);
    if (command === 'query') {
      const format = typeof values.format === 'string' ? values.format : 'table';
      const saved = typeof values.saved === 'string' ? values.saved : undefined;
      return await queryCommand(config, { text: args.join(' '), saved, list: values.list === true, params, format });
    }
    if (command === 'serve') return await serveCommand(config);
    if (command === 'export') {
      const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
      // --format defaults to "table" for queries; for export, no --format means every file.
      const format = tokens.some((t) => t.kind === 'option' && t.name === 'format') ? text(values.format) : undefined;
      return await exportCommand(config, {
        format,
        frame: text(values.frame),
        out: text(values.out),
        csvClass: text(values.class),
        base: text(values.base),
      });
    }
  } catch (error) {
    const known = [
      LoadError,
      QuerySyntaxError,
      UpdateForbiddenError,
      ServiceForbiddenError,
      ServiceFailedError,
      QueryTimeoutError,
      ParameterError,
      SavedQueryError,
    ];
    // ValidationError by name: its module (and the SHACL validator) is loaded only when validation runs.
    if (known.some((kind) => error instanceof kind) || (error as Error)?.name === 'ValidationError') {
      console.error((error as Error).message);
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
