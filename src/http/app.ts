// The Express app: routes and error handling over dependencies passed in, so a
// test can build it on a small store and listen on port 0.
import express, { type Express, type RequestHandler } from 'express';
import compression from 'compression';
import type { Config } from '../config.js';
import type { Engine } from '../engine/index.js';
import type { JsonLdContext } from '../export/json-ld.js';
import { errorHandler, notFound } from './errors.js';
import type { DatasetInfo } from './service-description.js';
import { sparqlHandler } from './sparql.js';
import { queriesRouter } from './queries.js';
import type { SavedQuery } from '../saved-queries.js';
import { dumpsRouter, linkJsonLdContext, type Downloads } from './dumps.js';
import { pagesRouter } from './pages/router.js';

/** What the app knows about the data, computed once at start. */
export interface AppInfo {
  dataset: DatasetInfo;
  /** The JSON-LD context graphs are compacted with (ontology/context.jsonld). */
  context: JsonLdContext;
}

export interface AppDependencies {
  engine: Engine;
  config: Config;
  info: AppInfo;
  /** Where request lines and internal errors go (default: stdout). */
  log?: (line: string) => void;
  /** The saved queries of queries/*.rq, served under /api (none if absent). */
  queries?: Map<string, SavedQuery>;
  /** The downloads and their description: the build's artefact (src/build/), or built once (src/export/dumps.ts; a function: on first need), served under /dump/ and /.well-known/void (none if absent). */
  exports?: Downloads | Promise<Downloads> | (() => Promise<Downloads>);
}

/** One line per request: method, path, status, time, rows. */
function requestLog(log: (line: string) => void): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const rows = typeof res.locals.rows === 'number' ? String(res.locals.rows) : '-';
      const aborted = res.writableFinished ? '' : ' (client went away)';
      log(`${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)}ms rows=${rows}${aborted}`);
    });
    next();
  };
}

/** Builds the app: /sparql (SPARQL 1.1 Protocol), /health; everything else is a 404. */
export function createApp({
  engine,
  config,
  info,
  queries = new Map(),
  exports,
  log = (line) => console.log(line),
}: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(log));
  // Every response of the app is text; compress whenever the client asks (Accept-Encoding).
  app.use(compression({ filter: () => true }));
  // Every JSON-LD response links the project's context (Link: rel="http://www.w3.org/ns/json-ld#context").
  app.use(linkJsonLdContext());

  // ready: every query worker up; degraded (still 200): some are being replaced, named with why; not ready (503): none is up.
  app.get('/health', (_req, res) => {
    const health = engine.health?.();
    const status = health?.status ?? (engine.isReady && !engine.isReady() ? 'not ready' : 'ready');
    res.status(status === 'not ready' ? 503 : 200).json({
      status,
      triples: info.dataset.triples,
      graphs: info.dataset.graphs.length,
      ...(health ? { workers: health.workers } : {}),
    });
  });

  app.all('/sparql', sparqlHandler({ engine, config, dataset: info.dataset, context: info.context }));
  app.use(queriesRouter({ engine, config, dataset: info.dataset, context: info.context, queries }));
  app.use(dumpsRouter({ exports, context: info.context, config }));
  // Pages: /, /id/… (HTML or RDF by Accept), /classes/…, /ontology and their assets.
  app.use(pagesRouter({ engine, config, dataset: info.dataset, context: info.context, queries }));

  app.use((req) => {
    throw notFound(req.path);
  });
  app.use(errorHandler({ log, serverTimeoutMs: config.queryTimeoutMs }));
  return app;
}
