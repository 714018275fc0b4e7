// Saved queries as a REST API: GET /api/queries lists them, GET /api/queries/{name}
// runs one with its parameters bound as typed terms (same formats and negotiation
// as /sparql, with ETag/304), GET /api/openapi.json describes it all in OpenAPI 3.1.
import { createHash } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Config } from '../config.js';
import type { Engine } from '../engine/index.js';
import { mediaTypesFor, type NegotiationRequest } from '../negotiate.js';
import { bindParameters, ParameterError, RESERVED_PARAMETERS, type ParameterSpec, type SavedQuery } from '../saved-queries.js';
import type { JsonLdContext } from '../export/json-ld.js';
import { badRequest, notFound } from './errors.js';
import { publicBase } from './public-base.js';
import type { DatasetInfo } from './service-description.js';
import { clientGone, clientOf, cors, parseParameters, requestTimeout, respondWithResult, TIMEOUT_HEADER } from './sparql.js';

export interface QueriesDependencies {
  engine: Engine;
  config: Config;
  dataset: DatasetInfo;
  context: JsonLdContext;
  queries: Map<string, SavedQuery>;
}

/** What GET /api/queries says of one query. */
export function describeQuery(query: SavedQuery) {
  return {
    name: query.name,
    path: `/api/queries/${query.name}`,
    summary: query.summary,
    description: query.description,
    tags: query.tags,
    queryType: query.queryType,
    needsNetwork: query.needsNetwork,
    parameters: query.parameters.map((p) => ({
      name: p.name,
      type: p.type,
      required: p.required && p.default === undefined,
      ...(p.default !== undefined ? { default: p.default } : {}),
      ...(p.example !== undefined ? { example: p.example } : {}),
      ...(p.enum ? { enum: p.enum } : {}),
      ...(p.description ? { description: p.description } : {}),
    })),
    text: query.text,
  };
}

function singleValues(req: Request, query: SavedQuery): Record<string, string> {
  const search = req.originalUrl.indexOf('?');
  const params = parseParameters(search < 0 ? '' : req.originalUrl.slice(search + 1));
  const values: Record<string, string> = {};
  for (const [name, list] of params) {
    if (RESERVED_PARAMETERS.includes(name)) continue;
    if (list.length > 1) throw badRequest(`parameter "${name}" of "${query.name}" is given ${list.length} times; give it once.`);
    values[name] = list[0];
  }
  return values;
}

/** The routes of the saved-query API. */
export function queriesRouter({ engine, config, dataset, context, queries }: QueriesDependencies): Router {
  const router = Router();
  const etag = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

  router.use('/api', (req, res, next) => {
    cors(req, res);
    next();
  });

  router.get('/api/queries', (_req, res) => {
    res.json([...queries.values()].map(describeQuery));
  });

  router.get('/api/openapi.json', (req, res) => {
    res.json(openApiDocument(queries, { serverUrl: publicBase(req, res, config).replace(/\/$/, '') }));
  });

  router.get('/api/queries/:name', async (req, res) => {
    const query = queries.get(req.params.name);
    if (!query) throw notFound(req.path);
    res.vary('Accept');
    const search = req.originalUrl.indexOf('?');
    const params = parseParameters(search < 0 ? '' : req.originalUrl.slice(search + 1));
    let bindings: ReturnType<typeof bindParameters>;
    try {
      bindings = bindParameters(query, singleValues(req, query));
    } catch (error) {
      if (error instanceof ParameterError) throw badRequest(error.message);
      throw error;
    }
    const negotiation: NegotiationRequest = { accept: req.get('accept'), format: params.get('format') };
    const result = await engine.query(query.text, {
      bindings,
      maxRows: config.maxRows,
      timeoutMs: requestTimeout(params, req.get(TIMEOUT_HEADER), config.queryTimeoutMs),
      signal: clientGone(res),
      client: clientOf(req),
    });
    await respondWithResult(res, result, negotiation, { context, config, dataset }, etag);
  });

  return router;
}

const SCHEMAS: Record<ParameterSpec['type'], Record<string, unknown>> = {
  iri: { type: 'string', format: 'iri' },
  integer: { type: 'integer' },
  decimal: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  en: { type: 'string' },
  string: { type: 'string' },
};

function parameterSchema(p: ParameterSpec): Record<string, unknown> {
  const schema: Record<string, unknown> = { ...SCHEMAS[p.type] };
  const typed = (value: string) =>
    p.type === 'integer' || p.type === 'decimal' ? Number(value) : p.type === 'boolean' ? value === 'true' : value;
  if (p.default !== undefined) schema.default = typed(p.default);
  if (p.enum) schema.enum = p.enum.map(typed);
  if (p.example !== undefined) schema.examples = [typed(p.example)];
  return schema;
}

function contentFor(kind: 'bindings' | 'boolean' | 'quads'): Record<string, object> {
  return Object.fromEntries(mediaTypesFor(kind).map((m) => [m.type, {}]));
}

const ERROR_RESPONSES = {
  '400': {
    description: 'A parameter is missing, unknown, or not a valid value of its type; the message names it.',
    content: { 'text/plain': {} },
  },
  '406': { description: 'None of the accepted media types fits the result.', content: { 'text/plain': {} } },
  '503': { description: 'The query ran out of time, or the server is busy.', content: { 'text/plain': {} } },
};

/** An OpenAPI 3.1 document generated from the saved queries' headers. */
export function openApiDocument(queries: Map<string, SavedQuery>, options: { serverUrl: string }): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    '/api/queries': {
      get: {
        operationId: 'listSavedQueries',
        summary: 'The saved queries, their parameters and their SPARQL',
        responses: { '200': { description: 'The saved queries', content: { 'application/json': {} } } },
      },
    },
  };
  for (const q of queries.values()) {
    const kind = q.queryType === 'ASK' ? 'boolean' : q.queryType === 'SELECT' ? 'bindings' : 'quads';
    paths[`/api/queries/${q.name}`] = {
      get: {
        operationId: q.name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase()),
        summary: q.summary,
        description: `${q.description}\n\nThe query (SPARQL ${q.queryType}):\n\n\`\`\`sparql\n${q.text.replace(/^#\+.*\n/gm, '')}\`\`\``,
        tags: q.tags,
        parameters: [
          ...q.parameters.map((p) => ({
            name: p.name,
            in: 'query',
            required: p.required && p.default === undefined,
            description: `${p.description ?? p.name} (${p.type}${p.type === 'iri' ? ': an absolute IRI or a project prefixed name such as state:KZ' : ''})`,
            schema: parameterSchema(p),
          })),
          {
            name: 'format',
            in: 'query',
            required: false,
            description:
              'A media type or short name (json, xml, csv, tsv, turtle, ntriples, nquads, trig, jsonld, rdfxml); overrides Accept.',
            schema: { type: 'string' },
          },
          {
            name: 'timeout',
            in: 'query',
            required: false,
            description: 'Seconds; lowers the server time limit.',
            schema: { type: 'number', exclusiveMinimum: 0 },
          },
        ],
        responses: {
          '200': { description: q.summary, content: contentFor(kind) },
          '304': { description: 'Not modified (If-None-Match matched the ETag).' },
          ...ERROR_RESPONSES,
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'UPR Graph saved queries',
      version: '0.1.0',
      description: 'The analysts’ question library of UPR Graph, generated from the #+ headers of queries/*.rq.',
      license: { name: 'CC-BY-4.0', identifier: 'CC-BY-4.0' },
    },
    servers: [{ url: options.serverUrl }],
    paths,
  };
}
