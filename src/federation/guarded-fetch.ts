// The one `fetch` Comunica gets for SERVICE: it only reaches allowlisted
// endpoints (the exchange itself, with its address checks and limits, is
// exchange.ts), answers Comunica's service-description probe itself, and turns
// a failed call of a SERVICE SILENT into the one empty solution SPARQL prescribes.
import { PrivatePermissions } from './address.js';
import { ServiceFailedError } from './errors.js';
import { exchange, type RemoteAnswer } from './exchange.js';
import { endpointKey, type FederationSettings, requestEndpoint } from './policy.js';

const SD = 'http://www.w3.org/ns/sparql-service-description#';
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

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
