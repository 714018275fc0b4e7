// Comunica's wiring for one federated query: the guarded fetch and a term
// factory in its query context, and the mapping of whatever Comunica throws
// back to the ServiceFailedError naming the endpoint that failed.
import type * as RDF from '@rdfjs/types';
import { DataFactory as RdfDataFactory } from 'rdf-data-factory';
import { ServiceFailedError } from './errors.js';
import { guardedFetch } from './guarded-fetch.js';
import { endpointKey, type FederationSettings, requestEndpoint, type ServiceUse } from './policy.js';

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
  // checkServices let only http(s) IRIs through, so every key is defined.
  const silentKeys = services.filter((s) => s.silent).map((s) => endpointKey(s.iri) as string);
  const silent = new Set(silentKeys.map((key) => requestEndpoint(new URL(key))));
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
