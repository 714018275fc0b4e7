// The two federation errors the HTTP layer maps: a SERVICE the policy refuses
// (the client's error) and a remote call that failed (the remote side's).

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
