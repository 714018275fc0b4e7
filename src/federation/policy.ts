// The federation policy on the parsed query, applied in the main thread before
// a query worker is taken: every SERVICE must name, by a constant IRI, an
// endpoint on the allowlist; anything else is refused without any connection.
// Also the settings federation runs with, read from the configuration.
import type * as RDF from '@rdfjs/types';
import type sparqljs from 'sparqljs';
import { type Config, DEFAULTS } from '../config.js';
import { ServiceForbiddenError } from './errors.js';

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
export function requestEndpoint(url: URL): string {
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
