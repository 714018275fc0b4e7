// Federation: SPARQL SERVICE to remote endpoints, safely. The policy is applied
// twice: to the parsed query in the main thread, before a query worker is taken
// (a SERVICE IRI not on the allowlist, or a variable one, is refused without any
// connection), and to every HTTP request Comunica makes for the query, through
// the `fetch` handed to it, which also resolves host names itself and refuses
// private addresses, caps each call's time and response size, refuses redirects
// and names the client with a User-Agent. A failed call of a plain SERVICE
// surfaces as a ServiceFailedError naming the endpoint (a 502); one of a SERVICE
// SILENT answers a single solution without bindings, as SPARQL 1.1 prescribes.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { pipeline, type Transform, Writable } from 'node:stream';
import zlib from 'node:zlib';
import type * as RDF from '@rdfjs/types';
import { DataFactory as RdfDataFactory } from 'rdf-data-factory';
import type sparqljs from 'sparqljs';
import { DEFAULTS, type Config } from './config.js';

/** What federation may do: the endpoints, the private hosts an operator allows, the limits of one remote call. */
export interface FederationSettings {
  /** Endpoint IRIs a SERVICE may name (exactly, after URL normalisation). */
  allowlist: string[];
  /** Host names, addresses or CIDR ranges that listed endpoints may reach although loopback, private or link-local. */
  privateHosts: string[];
  /** The longest one remote call may take, response body included, in ms. */
  timeoutMs: number;
  /** The largest response one remote call may send, in bytes (after decompression). */
  maxResponseBytes: number;
  /** The User-Agent of outgoing requests. */
  userAgent: string;
}

/** The federation settings of a configuration. */
export function federationSettings(config: Config): FederationSettings {
  return {
    allowlist: config.serviceAllowlist,
    privateHosts: config.servicePrivateHosts,
    timeoutMs: config.serviceTimeoutMs,
    maxResponseBytes: config.serviceMaxResponseBytes,
    userAgent: config.serviceUserAgent,
  };
}

/** The settings an engine uses when given none: only Wikidata's query service. */
export const DEFAULT_FEDERATION: FederationSettings = federationSettings(DEFAULTS);

/** A SERVICE the policy refuses (not on the allowlist, or named by a variable): the client's error, a 400. */
export class ServiceForbiddenError extends Error {
  name = 'ServiceForbiddenError';
}

/** A remote endpoint a SERVICE called failed (refused, unreachable, too slow, too large, an error status): a 502. */
export class ServiceFailedError extends Error {
  name = 'ServiceFailedError';
  /** The endpoint, when known (errors rebuilt from a worker's message carry it only in the message). */
  readonly endpoint?: string;
  constructor(message: string, endpoint?: string) {
    super(message);
    if (endpoint) this.endpoint = endpoint;
  }
  /** `The remote endpoint <iri> failed: reason.` */
  static of(endpoint: string, reason: string): ServiceFailedError {
    return new ServiceFailedError(`The remote SPARQL endpoint <${endpoint}> failed: ${reason}.`, endpoint);
  }
}

/** One SERVICE of a query. */
export interface ServiceUse {
  iri: string;
  silent: boolean;
}

/** An http(s) IRI as compared with the allowlist: parsed, without fragment; undefined if not an http(s) IRI. */
export function endpointKey(iri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(iri);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  return url.href;
}

/** The endpoint a request goes to: its URL without query string and fragment. */
function requestEndpoint(url: URL): string {
  const copy = new URL(url.href);
  copy.search = '';
  copy.hash = '';
  return copy.href;
}

/**
 * Every SERVICE of a parsed query, anywhere (subqueries, OPTIONAL, UNION, MINUS, EXISTS…); a variable one has
 * `iri` undefined. Walked with a stack of its own, not by recursion, so that no nesting overflows the call stack.
 */
export function servicesOf(root: unknown, found: Array<{ iri?: string; variable?: string; silent: boolean }> = []) {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) pending.push(node[i]);
    } else if (node !== null && typeof node === 'object') {
      const pattern = node as { type?: unknown; name?: RDF.Term; silent?: boolean };
      if (pattern.type === 'service' && pattern.name) {
        if (pattern.name.termType === 'NamedNode') found.push({ iri: pattern.name.value, silent: pattern.silent === true });
        else found.push({ variable: pattern.name.value, silent: pattern.silent === true });
      }
      const values = Object.values(node as Record<string, unknown>);
      for (let i = values.length - 1; i >= 0; i--) pending.push(values[i]);
    }
  }
  return found;
}

/**
 * Checks every SERVICE of a parsed query against the allowlist, before any
 * connection: a variable SERVICE, or an IRI not on the list, is refused with a
 * ServiceForbiddenError naming it. Returns the services, each once.
 */
export function checkServices(query: sparqljs.SparqlQuery, settings: FederationSettings = DEFAULT_FEDERATION): ServiceUse[] {
  const allowed = new Set(settings.allowlist.map(endpointKey).filter((k): k is string => k !== undefined));
  const uses = new Map<string, ServiceUse>();
  for (const service of servicesOf(query)) {
    if (service.iri === undefined) {
      throw new ServiceForbiddenError(
        `SERVICE ?${service.variable} is refused: a SERVICE must name its endpoint by a constant IRI from this endpoint's allowlist, not by a variable.`,
      );
    }
    const key = endpointKey(service.iri);
    // Comunica appends its ?query= after the fragment, so such an IRI never reaches the endpoint as meant.
    if (key && service.iri.includes('#')) {
      throw new ServiceForbiddenError(
        `SERVICE <${service.iri}> is refused: an endpoint IRI cannot have a fragment (${service.iri.slice(service.iri.indexOf('#'))}); write <${key}>.`,
      );
    }
    if (!key || !allowed.has(key)) {
      throw new ServiceForbiddenError(
        `SERVICE <${service.iri}> is refused: that endpoint is not on this endpoint's allowlist of remote SPARQL endpoints` +
          (allowed.size === 0 ? ' (federation is switched off here).' : '.'),
      );
    }
    const known = uses.get(key);
    uses.set(key, { iri: service.iri, silent: (known?.silent ?? true) && service.silent });
  }
  return [...uses.values()];
}

// ---------------------------------------------------------------------------
// Addresses.

const METADATA_ADDRESSES = new Set(['169.254.169.254', '100.100.100.200', 'fd00:ec2::254']);

const SPECIAL_V4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const SPECIAL_V6: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'reserved (IPv4-compatible)'],
  ['100::', 64, 'discard'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'private (unique local)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

/** The 16 bytes of an IPv6 address (which must be valid). */
function ipv6Bytes(address: string): number[] {
  let text = address.toLowerCase();
  const bytes: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let tail: number[] = [];
  if (v4) {
    tail = v4[1].split('.').map(Number);
    text = `${text.slice(0, -v4[1].length)}0:0`;
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const groups =
    rest === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - restGroups.length).fill('0'), ...restGroups];
  for (const group of groups) {
    const n = parseInt(group, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  if (v4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
function embeddedIpv4(address: string): string | undefined {
  const b = ipv6Bytes(address);
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12).join('.');
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return b.slice(12).join('.');
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6).join('.');
  return undefined;
}

/** What kind of non-public address this is ("loopback", "private", "link-local", "cloud metadata"…), or undefined for a public one. */
export function specialAddressKind(address: string): string | undefined {
  const family = net.isIP(address);
  if (family === 0) return 'invalid';
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return specialAddressKind(v4);
  }
  const canonical = family === 6 ? ipv6Bytes(address).join(',') : address;
  for (const metadata of METADATA_ADDRESSES) {
    if ((net.isIP(metadata) === 6 ? ipv6Bytes(metadata).join(',') : metadata) === canonical) return 'cloud metadata';
  }
  for (const [network, prefix, kind] of family === 4 ? SPECIAL_V4 : SPECIAL_V6) {
    const list = new net.BlockList();
    list.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
    if (list.check(address, family === 4 ? 'ipv4' : 'ipv6')) return kind;
  }
  return undefined;
}

/** A host name as written in a URL, without IPv6 brackets, lower-case. */
function bareHost(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/**
 * The operator's explicit permissions for non-public addresses: hosts, addresses and ranges
 * (UPR_SERVICE_PRIVATE_HOSTS), which any listed endpoint may reach; and the origins of listed
 * endpoints written with an address (http://10.0.0.5:7878/sparql), which permit that address
 * for requests to exactly that origin, never for a host name that resolves to it.
 */
class PrivatePermissions {
  private readonly hosts = new Set<string>();
  private readonly ranges = new net.BlockList();
  private readonly addressOrigins = new Set<string>();

  constructor(settings: FederationSettings) {
    for (const iri of settings.allowlist) {
      try {
        const url = new URL(iri);
        if (net.isIP(bareHost(url.hostname)) !== 0) this.addressOrigins.add(url.origin);
      } catch {
        // Not a URL: the allowlist check refuses every request to it anyway.
      }
    }
    for (const entry of settings.privateHosts) {
      const text = entry.trim().toLowerCase();
      if (!text) continue;
      const [address, prefix] = text.split('/');
      const family = net.isIP(bareHost(address));
      if (family === 0) {
        this.hosts.add(text);
      } else if (prefix !== undefined) {
        this.ranges.addSubnet(bareHost(address), Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
      } else {
        this.ranges.addAddress(bareHost(address), family === 4 ? 'ipv4' : 'ipv6');
      }
    }
  }

  /** Whether the operator allows `address`, reached for `host`. */
  allows(address: string, host: string): boolean {
    if (this.hosts.has(bareHost(host))) return true;
    const family = net.isIP(address);
    if (family === 0) return false;
    if (this.ranges.check(address, family === 4 ? 'ipv4' : 'ipv6')) return true;
    const v4 = family === 6 ? embeddedIpv4(address) : undefined;
    return v4 !== undefined && this.ranges.check(v4, 'ipv4');
  }

  /** Whether `url` is written with an address and its origin is that of an endpoint listed so. */
  listsOriginOf(url: URL): boolean {
    return net.isIP(bareHost(url.hostname)) !== 0 && this.addressOrigins.has(url.origin);
  }
}

/** Why connecting to `address` (for `host`) is refused, or undefined when it is allowed. */
function addressRefusal(address: string, host: string, permissions: PrivatePermissions): string | undefined {
  const kind = specialAddressKind(address);
  if (!kind || permissions.allows(address, host)) return undefined;
  const where = net.isIP(bareHost(host)) ? '' : `${host} resolves to ${address}, `;
  return `${where}${where ? 'a' : `${address} is a`} ${kind} address, which is refused unless the operator lists it (UPR_SERVICE_PRIVATE_HOSTS)`;
}

// ---------------------------------------------------------------------------
// The fetch Comunica makes its requests with.

/** `1.5 s`, `250 ms`. */
function duration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(3))} s` : `${ms} ms`;
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  new Headers(headers ?? {}).forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

function bodyBuffer(body: RequestInit['body']): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), 'utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('a remote SPARQL request with this kind of body is not supported');
}

interface RemoteAnswer {
  status: number;
  statusText: string;
  headers: Headers;
  body: Buffer;
}

interface RemoteRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  signal?: AbortSignal;
  settings: FederationSettings;
  permissions: PrivatePermissions;
  fail: (reason: string) => ServiceFailedError;
}

/**
 * One HTTP exchange, whole: the host name resolved here and each address checked
 * before connecting, a 3xx refused, the body read in full (decompressed) within
 * the time limit and the size cap. Every failure is a ServiceFailedError.
 */
function exchange({ url, method, headers, body, signal, settings, permissions, fail }: RemoteRequest): Promise<RemoteAnswer> {
  const host = bareHost(url.hostname);
  if (net.isIP(host) && !permissions.listsOriginOf(url)) {
    const refusal = addressRefusal(host, host, permissions);
    if (refusal) return Promise.reject(fail(refusal));
  }
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      if (addresses.length === 0) return callback(new Error(`${hostname} has no address`), '', 0);
      for (const { address } of addresses) {
        const refusal = addressRefusal(address, hostname, permissions);
        if (refusal) return callback(fail(refusal), '', 0);
      }
      if ((options as dns.LookupOptions).all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };

  return new Promise<RemoteAnswer>((resolve, reject) => {
    let settled = false;
    const request = (url.protocol === 'https:' ? https : http).request(url, { method, headers, lookup, agent: false });
    const finish = (error: Error | undefined, answer?: RemoteAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        request.destroy();
        reject(error instanceof ServiceFailedError ? error : fail(`it could not be reached (${error.message})`));
      } else resolve(answer!);
    };
    const timer = setTimeout(
      () => finish(fail(`it did not answer within ${duration(settings.timeoutMs)}, the limit of one remote call`)),
      settings.timeoutMs,
    );
    const onAbort = () => finish(fail('the request was abandoned'));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    request.on('error', (error) => finish(error));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        const location = response.headers.location;
        response.resume();
        finish(fail(`it answered with a redirect (HTTP ${status}${location ? ` to ${location}` : ''}), which is not followed`));
        return;
      }
      const encoding = String(response.headers['content-encoding'] ?? 'identity')
        .trim()
        .toLowerCase();
      const decoders: Record<string, () => Transform> = {
        gzip: () => zlib.createGunzip(),
        'x-gzip': () => zlib.createGunzip(),
        deflate: () => zlib.createInflate(),
        br: () => zlib.createBrotliDecompress(),
      };
      if (encoding !== 'identity' && !decoders[encoding]) {
        response.resume();
        finish(fail(`it sent its response in an encoding this client does not read (${encoding})`));
        return;
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      const collect = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          bytes += chunk.length;
          if (bytes > settings.maxResponseBytes) {
            callback(fail(`its response was larger than ${settings.maxResponseBytes} bytes, the limit of one remote call`));
            return;
          }
          chunks.push(chunk);
          callback();
        },
      });
      const done = (error?: Error | null) => {
        if (error) {
          finish(error instanceof ServiceFailedError ? error : fail(`its response broke off (${error.message})`));
          return;
        }
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value === undefined || name === 'content-encoding' || name === 'content-length' || name === 'transfer-encoding') continue;
          try {
            for (const v of Array.isArray(value) ? value : [value]) answerHeaders.append(name, v);
          } catch {
            // A header value fetch would not accept: left out.
          }
        }
        finish(undefined, { status, statusText: response.statusMessage ?? '', headers: answerHeaders, body: Buffer.concat(chunks) });
      };
      if (encoding === 'identity') pipeline(response, collect, done);
      else pipeline(response, decoders[encoding](), collect, done);
    });
    if (body) request.end(body);
    else request.end();
  });
}

const SD = 'http://www.w3.org/ns/sparql-service-description#';
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** What a failed SERVICE SILENT request answers: one solution without bindings (SPARQL 1.1 Federated Query, section 4). */
function emptySolution(): Response {
  return new Response('{"head":{"vars":[]},"results":{"bindings":[{}]}}', {
    status: 200,
    headers: { 'content-type': 'application/sparql-results+json' },
  });
}

export interface GuardHooks {
  /** Called with every failure, including those a SERVICE SILENT hides. */
  onFailure?: (failure: ServiceFailedError) => void;
  /** Whether the query calls this endpoint only with SERVICE SILENT: its failures then answer one empty solution. */
  silent?: (endpoint: string) => boolean;
}

/**
 * A `fetch` that only reaches allowlisted endpoints. The request's URL (without
 * query string) must be one of them; host names are resolved here and every
 * address checked before connecting; a 3xx is a failure, not followed; the
 * whole call must end within the time limit and its response stay within the
 * size cap (it is read whole before Comunica sees it, so that a failure is
 * never half-way through a result). Comunica's probe for a service description
 * (a GET without a query) is answered here, without a request: every listed
 * endpoint is a SPARQL endpoint at exactly its listed IRI.
 */
export function guardedFetch(settings: FederationSettings, hooks: GuardHooks = {}): typeof fetch {
  const allowed = new Set(
    settings.allowlist
      .map((iri) => endpointKey(iri))
      .filter((k): k is string => !!k)
      .map((k) => requestEndpoint(new URL(k))),
  );
  const permissions = new PrivatePermissions(settings);

  return (async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const endpoint = requestEndpoint(url);
    const fail = (reason: string) => {
      const failure = ServiceFailedError.of(endpoint, reason);
      hooks.onFailure?.(failure);
      return failure;
    };
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !allowed.has(endpoint)) {
      throw fail('the request went to an address that is not on the allowlist of remote endpoints');
    }
    const method = ((input instanceof Request ? input.method : init.method) ?? 'GET').toUpperCase();
    if (method === 'GET' && !url.searchParams.has('query')) {
      return new Response(`[] <${SD}endpoint> <${url.href}> .\n`, { status: 200, headers: { 'content-type': 'text/turtle' } });
    }
    const headers = headerRecord(input instanceof Request ? input.headers : init.headers);
    const body = input instanceof Request ? undefined : bodyBuffer(init.body);
    headers['user-agent'] = settings.userAgent;
    headers['accept-encoding'] = 'gzip, deflate, br';
    delete headers['content-length'];
    if (body) headers['content-length'] = String(body.length);
    const silent = hooks.silent?.(endpoint) ?? false;
    let answer: RemoteAnswer;
    try {
      answer = await exchange({ url, method, headers, body, signal: init.signal ?? undefined, settings, permissions, fail });
    } catch (error) {
      if (silent) return emptySolution();
      throw error;
    }
    if (answer.status >= 400) {
      fail(`it answered HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`);
      if (silent) return emptySolution();
    }
    return new Response(NULL_BODY_STATUSES.has(answer.status) || method === 'HEAD' ? null : (answer.body as unknown as BodyInit), {
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
    });
  }) as typeof fetch;
}

// ---------------------------------------------------------------------------
// Terms read from remote endpoints.

/**
 * Comunica 4.5 builds terms with rdf-data-factory 1.1, whose literal() does not
 * read the `{ language, direction }` argument the SPARQL results parsers it uses
 * pass: a language-tagged literal from a remote endpoint would lose its tag (and
 * get a broken datatype). This factory reads that argument (the direction, an
 * RDF 1.2 matter, is dropped) and is otherwise Comunica's own.
 */
export class LanguageAwareDataFactory extends RdfDataFactory {
  override literal(value: string, languageOrDatatype?: string | RDF.NamedNode | { language: string; direction?: string }) {
    if (languageOrDatatype && typeof languageOrDatatype === 'object' && !('termType' in languageOrDatatype)) {
      return super.literal(value, languageOrDatatype.language);
    }
    return super.literal(value, languageOrDatatype as string | RDF.NamedNode | undefined);
  }
}

// ---------------------------------------------------------------------------
// One federated query.

export interface FederationSession {
  /** Entries for Comunica's query context: the guarded fetch and the term factory. */
  context: Record<string, unknown>;
  /** The error a failed federated query should surface: a ServiceFailedError naming the endpoint when a remote call failed. */
  explain(error: unknown): unknown;
}

/** Short, one-line text of an error message (remote error pages can be long). */
function summary(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** The context and error mapping for one query that calls `services`. */
export function federationSession(settings: FederationSettings, services: ServiceUse[]): FederationSession {
  const failures: ServiceFailedError[] = [];
  const silent = new Set(services.filter((s) => s.silent).map((s) => requestEndpoint(new URL(endpointKey(s.iri)!))));
  const fetch = guardedFetch(settings, { onFailure: (failure) => failures.push(failure), silent: (endpoint) => silent.has(endpoint) });
  return {
    context: { fetch, dataFactory: new LanguageAwareDataFactory() },
    explain(error) {
      let cause: unknown = error;
      for (let depth = 0; cause && depth < 5; depth++) {
        if (cause instanceof ServiceFailedError) return cause;
        cause = (cause as { cause?: unknown }).cause;
      }
      const failure = failures.find((f) => !f.endpoint || !silent.has(f.endpoint));
      if (failure) return failure;
      const message = (error as Error)?.message ?? String(error);
      const named = services.find((s) => message.includes(s.iri));
      if (named) return ServiceFailedError.of(named.iri, summary(message));
      return error;
    },
  };
}
