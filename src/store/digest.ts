// HTTP authentication for the store's protected endpoints: Digest (RFC 7616:
// MD5, SHA-256, SHA-512-256 and their -sess forms, qop=auth), as Virtuoso's
// /sparql-graph-crud-auth and /sparql-auth ask for it, and Basic for stores that
// ask for Basic. Nothing is sent before the store asks: an Authenticator learns
// the scheme from the first 401's WWW-Authenticate, then answers every later
// request at once (Digest: the same nonce, its count raised). The password
// never leaves this file but as a digest or in the Basic header the store asked for.
import { createHash, getHashes, randomBytes } from 'node:crypto';

export interface Credentials {
  user: string;
  password: string;
}

/** One challenge of a WWW-Authenticate header: the scheme (lower case) and its parameters (names in lower case). */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** The store asks for a way of authenticating we do not speak; the message names the scheme, never a credential. */
export class UnsupportedAuthenticationError extends Error {
  name = 'UnsupportedAuthenticationError';
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*(?=\s*(,|$))/;

/**
 * The challenges of a WWW-Authenticate value (RFC 9110 §11.6.1). Several may share one header, separated by
 * commas as their parameters are: a token followed by `=` is a parameter of the challenge before it, any
 * other token starts a challenge (which may carry one token68, kept as the parameter `token68`).
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let rest = header;
  const skip = () => {
    rest = rest.replace(/^[\s,]+/, '');
  };
  for (skip(); rest; skip()) {
    const token = TOKEN.exec(rest)?.[0];
    if (!token) {
      rest = rest.slice(1); // not a token: skipped
      continue;
    }
    rest = rest.slice(token.length).trimStart();
    const current = challenges.at(-1);
    if (current && rest.startsWith('=')) {
      const [value, remaining] = parameterValue(rest.slice(1).trimStart());
      current.params[token.toLowerCase()] = value;
      rest = remaining;
      continue;
    }
    const challenge: Challenge = { scheme: token.toLowerCase(), params: {} };
    challenges.push(challenge);
    const token68 = TOKEN68.exec(rest)?.[0];
    if (token68) {
      challenge.params.token68 = token68;
      rest = rest.slice(token68.length);
    }
  }
  return challenges;
}

/** A quoted-string (backslash escapes undone) or a token, and what follows it. */
function parameterValue(text: string): [string, string] {
  if (!text.startsWith('"')) {
    const token = TOKEN.exec(text)?.[0] ?? '';
    return [token, text.slice(token.length)];
  }
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) value += text[++i];
    else if (c === '"') return [value, text.slice(i + 1)];
    else value += c;
  }
  return [value, ''];
}

/** Digest's algorithms, most preferred first, with node's name for each hash. */
const ALGORITHMS: Array<{ name: string; hash: string }> = [
  { name: 'SHA-512-256', hash: 'sha512-256' },
  { name: 'SHA-256', hash: 'sha256' },
  { name: 'MD5', hash: 'md5' },
];

function algorithmOf(challenge: Challenge): { name: string; hash: string; session: boolean } | undefined {
  const named = (challenge.params.algorithm ?? 'MD5').toUpperCase();
  const session = named.endsWith('-SESS');
  const found = ALGORITHMS.find((a) => a.name === (session ? named.slice(0, -'-SESS'.length) : named));
  return found && getHashes().includes(found.hash) ? { ...found, name: challenge.params.algorithm ?? 'MD5', session } : undefined;
}

/** Whether we can answer the challenge: Digest with an algorithm we know and qop auth (or none, RFC 2069). */
function usableDigest(challenge: Challenge): boolean {
  if (challenge.scheme !== 'digest' || !challenge.params.nonce || !algorithmOf(challenge)) return false;
  const qop = challenge.params.qop;
  return qop === undefined || qop.split(',').some((q) => q.trim() === 'auth');
}

export interface DigestRequest {
  method: string;
  /** The request-target: the URL's path and query. */
  uri: string;
  /** The nonce count, 1 for the first request with this nonce. */
  nc: number;
  /** The client nonce (random per request, or given, for the RFC's examples). */
  cnonce: string;
}

/** The Authorization value answering a Digest challenge (RFC 7616 §3.4). */
export function digestAuthorization(challenge: Challenge, credentials: Credentials, request: DigestRequest): string {
  const algorithm = algorithmOf(challenge);
  if (challenge.scheme !== 'digest' || !algorithm)
    throw new UnsupportedAuthenticationError(`the Digest algorithm ${challenge.params.algorithm} is not supported`);
  const h = (text: string) => createHash(algorithm.hash).update(text, 'utf8').digest('hex');
  const { realm = '', nonce = '', opaque } = challenge.params;
  const qop = challenge.params.qop === undefined ? undefined : 'auth';
  const nc = request.nc.toString(16).padStart(8, '0');
  let ha1 = h(`${credentials.user}:${realm}:${credentials.password}`);
  if (algorithm.session) ha1 = h(`${ha1}:${nonce}:${request.cnonce}`);
  const ha2 = h(`${request.method}:${request.uri}`);
  const response = qop ? h(`${ha1}:${nonce}:${nc}:${request.cnonce}:${qop}:${ha2}`) : h(`${ha1}:${nonce}:${ha2}`);
  const userhash = challenge.params.userhash?.toLowerCase() === 'true';
  const quote = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  const parts = [
    `username=${quote(userhash ? h(`${credentials.user}:${realm}`) : credentials.user)}`,
    `realm=${quote(realm)}`,
    `uri=${quote(request.uri)}`,
    `algorithm=${algorithm.name}`,
    `nonce=${quote(nonce)}`,
    ...(qop ? [`nc=${nc}`, `cnonce=${quote(request.cnonce)}`, `qop=${qop}`] : []),
    `response=${quote(response)}`,
    ...(opaque !== undefined ? [`opaque=${quote(opaque)}`] : []),
    ...(userhash ? ['userhash=true'] : []),
  ];
  return `Digest ${parts.join(', ')}`;
}

export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
}

/**
 * The authentication of one set of credentials with one store, learnt from its challenges. `authorization`
 * gives the header for a request (none until the store has asked); `challenged` takes a 401's
 * WWW-Authenticate and says whether to send the request again (a first challenge, or a stale nonce).
 */
export class Authenticator {
  private scheme: { kind: 'basic' } | { kind: 'digest'; challenge: Challenge; nc: number } | undefined;

  constructor(
    private readonly credentials: Credentials,
    private readonly cnonce = () => randomBytes(16).toString('hex'),
  ) {}

  authorization(method: string, url: string): string | undefined {
    if (!this.scheme) return undefined;
    if (this.scheme.kind === 'basic') return basicAuthorization(this.credentials);
    const { pathname, search } = new URL(url);
    this.scheme.nc += 1;
    return digestAuthorization(this.scheme.challenge, this.credentials, {
      method,
      uri: `${pathname}${search}`,
      nc: this.scheme.nc,
      cnonce: this.cnonce(),
    });
  }

  /** `sent`: whether the refused request carried our authorization. Throws when the store asks only for what we cannot answer. */
  challenged(header: string | null, sent: boolean): boolean {
    const challenges = parseChallenges(header ?? '');
    const digests = challenges.filter(usableDigest);
    const digest = ALGORITHMS.map((a) => digests.find((c) => algorithmOf(c)?.hash === a.hash)).find(Boolean);
    const previous = this.scheme;
    if (digest) this.scheme = { kind: 'digest', challenge: digest, nc: 0 };
    else if (challenges.some((c) => c.scheme === 'basic')) this.scheme = { kind: 'basic' };
    else if (challenges.length)
      throw new UnsupportedAuthenticationError(
        `the store asks for ${challenges.map((c) => c.scheme).join(' or ')} authentication, which is not supported (Digest with qop=auth, or Basic)`,
      );
    else return false;
    // Sent once unasked; again with our credentials only when the nonce had gone stale, else they were refused.
    return !sent || (previous?.kind === 'digest' && digest?.params.stale?.toLowerCase() === 'true');
  }
}
