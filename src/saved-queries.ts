// Saved queries: queries/*.rq files that describe themselves with a `#+` YAML
// header (the grlc convention) and name their parameters ?_name (required) or
// ?__name (optional) with an optional type suffix. Values are bound as typed
// RDF terms, substituted into the parsed query (src/engine/substitute.ts), never spliced into text.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory } from 'n3';
import sparqljs from 'sparqljs';
import YAML from 'yaml';
import type * as RDF from '@rdfjs/types';
import { expand, NS } from './namespaces.js';

export const PARAMETER_TYPES = ['iri', 'integer', 'decimal', 'date', 'boolean', 'en', 'string'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export interface ParameterSpec {
  /** The name used in URLs and on the command line. */
  name: string;
  /** The query variable it binds, without `?`. */
  variable: string;
  required: boolean;
  type: ParameterType;
  description?: string;
  default?: string;
  example?: string;
  /** Allowed values, where the header lists them. */
  enum?: string[];
}

export interface SavedQuery {
  name: string;
  file: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: ParameterSpec[];
  /** SELECT, ASK, CONSTRUCT or DESCRIBE, from the parsed query. */
  queryType: 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';
  /** True for queries that call remote SERVICEs and need the network. */
  needsNetwork: boolean;
  text: string;
}

/** A saved query file is malformed; the message is `file:line: problem`. */
export class SavedQueryError extends Error {
  name = 'SavedQueryError';
}

/** A request's parameter value is missing or not a valid term of its type. */
export class ParameterError extends Error {
  name = 'ParameterError';
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/** Request parameters that steer the response (`?format=`, `?timeout=`), so no query parameter may take their names. */
export const RESERVED_PARAMETERS = ['format', 'timeout'];

const PARAM_VARIABLE = /\?(__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)/g;

/** `_provision_iri` → { name: provision, type: iri }; no known suffix → a plain string. */
function parameterOf(prefix: string, rest: string): Omit<ParameterSpec, 'description' | 'default' | 'example' | 'enum'> {
  const parts = rest.split('_');
  const last = parts[parts.length - 1] as ParameterType;
  const typed = parts.length > 1 && (PARAMETER_TYPES as readonly string[]).includes(last);
  return {
    name: typed ? parts.slice(0, -1).join('_') : rest,
    variable: `${prefix}${rest}`,
    required: prefix === '_',
    type: typed ? last : 'string',
  };
}

interface Header {
  summary?: string;
  description?: string;
  tags?: string[];
  params?: Record<string, { description?: string; example?: string | number; enum?: Array<string | number> }>;
  defaults?: Array<Record<string, string | number>>;
  network?: boolean;
}

/** Parses one saved query file's text. */
export function parseSavedQuery(name: string, text: string, file: string): SavedQuery {
  const headerLines = text.split('\n').filter((line) => line.startsWith('#+'));
  let header: Header;
  try {
    header = (YAML.parse(headerLines.map((line) => line.replace(/^#\+ ?/, '')).join('\n')) ?? {}) as Header;
  } catch (error) {
    throw new SavedQueryError(`${file}:1: the #+ header is not valid YAML: ${(error as Error).message}`);
  }
  if (!header.summary) throw new SavedQueryError(`${file}:1: the #+ header needs a summary`);
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = new sparqljs.Parser().parse(text);
  } catch (error) {
    const line = /line (\d+)/.exec((error as Error).message)?.[1] ?? '1';
    throw new SavedQueryError(`${file}:${line}: ${(error as Error).message}`);
  }
  if (parsed.type !== 'query') throw new SavedQueryError(`${file}:1: a saved query cannot be an update`);

  const defaults = Object.assign({}, ...(header.defaults ?? [])) as Record<string, string | number>;
  const seen = new Map<string, ParameterSpec>();
  for (const [, prefix, rest] of text.replace(/^#.*$/gm, '').matchAll(PARAM_VARIABLE)) {
    const base = parameterOf(prefix, rest);
    if (seen.has(base.name)) continue;
    if (RESERVED_PARAMETERS.includes(base.name))
      throw new SavedQueryError(`${file}:1: parameter name "${base.name}" is reserved (${RESERVED_PARAMETERS.join(', ')})`);
    const meta = header.params?.[base.name] ?? {};
    const spec: ParameterSpec = { ...base };
    if (meta.description) spec.description = meta.description;
    if (defaults[base.name] !== undefined) spec.default = String(defaults[base.name]);
    if (meta.example !== undefined) spec.example = String(meta.example);
    if (meta.enum) spec.enum = meta.enum.map(String);
    seen.set(base.name, spec);
  }
  for (const declared of Object.keys(header.params ?? {})) {
    if (!seen.has(declared))
      throw new SavedQueryError(`${file}:1: the header describes parameter "${declared}", which the query does not use`);
  }
  return {
    name,
    file,
    summary: header.summary,
    description: header.description ?? header.summary,
    tags: header.tags ?? [],
    parameters: [...seen.values()],
    queryType: parsed.queryType,
    needsNetwork: header.network === true,
    text,
  };
}

/** Reads every `*.rq` file of `dir`, by name (the file name without `.rq`). */
export async function loadSavedQueries(dir: string): Promise<Map<string, SavedQuery>> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.rq')).sort();
  const queries = new Map<string, SavedQuery>();
  for (const f of files) {
    const file = path.join(dir, f);
    queries.set(f.slice(0, -3), parseSavedQuery(f.slice(0, -3), await readFile(file, 'utf8'), path.relative(process.cwd(), file)));
  }
  return queries;
}

const XSD = NS.xsd;
const IRI_FORBIDDEN = /[\s<>"{}|^`\\]/;

/** The value as an RDF term of the parameter's type; throws ParameterError naming the parameter. */
export function parameterTerm(spec: ParameterSpec, raw: string): RDF.Term {
  const fail = (why: string) => new ParameterError(spec.name, `parameter "${spec.name}" ${why}, got ${JSON.stringify(raw.slice(0, 200))}`);
  if (spec.enum && !spec.enum.includes(raw)) throw fail(`must be one of ${spec.enum.join(', ')}`);
  switch (spec.type) {
    case 'iri': {
      const iri = expand(raw);
      if (!/^[a-z][a-z0-9+.-]*:/i.test(iri) || IRI_FORBIDDEN.test(iri))
        throw fail('must be an absolute IRI (or a project prefixed name such as state:KZ)');
      return DataFactory.namedNode(iri);
    }
    case 'integer':
      if (!/^[+-]?\d{1,15}$/.test(raw)) throw fail('must be an integer');
      return DataFactory.literal(String(Number(raw)), DataFactory.namedNode(`${XSD}integer`));
    case 'decimal':
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(raw)) throw fail('must be a decimal number');
      return DataFactory.literal(raw, DataFactory.namedNode(`${XSD}decimal`));
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw fail('must be true or false');
      return DataFactory.literal(raw, DataFactory.namedNode(`${XSD}boolean`));
    case 'date': {
      const valid =
        /^\d{4}-\d{2}-\d{2}$/.test(raw) &&
        !Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) &&
        new Date(`${raw}T00:00:00Z`).toISOString().startsWith(raw);
      if (!valid) throw fail('must be a date YYYY-MM-DD');
      return DataFactory.literal(raw, DataFactory.namedNode(`${XSD}date`));
    }
    case 'en':
      return DataFactory.literal(raw, 'en');
    default:
      return DataFactory.literal(raw);
  }
}

/** Binds request values (falling back to defaults) as terms; missing required parameters → ParameterError. */
export function bindParameters(query: SavedQuery, values: Record<string, string | undefined>): Record<string, RDF.Term> {
  const known = new Set(query.parameters.map((p) => p.name));
  for (const given of Object.keys(values)) {
    if (!known.has(given))
      throw new ParameterError(given, `"${query.name}" has no parameter "${given}"; it takes: ${[...known].join(', ') || 'none'}`);
  }
  const bindings: Record<string, RDF.Term> = {};
  for (const spec of query.parameters) {
    const raw = values[spec.name] ?? spec.default;
    if (raw === undefined || raw === '') {
      if (spec.required)
        throw new ParameterError(
          spec.name,
          `parameter "${spec.name}" is required (${spec.type})${spec.example ? `, e.g. ${spec.example}` : ''}`,
        );
      continue;
    }
    bindings[spec.variable] = parameterTerm(spec, raw);
  }
  return bindings;
}
