// HTTP Digest as RFC 7616 computes it (its worked examples, §3.9.1, and RFC
// 2617's), the WWW-Authenticate parser, and the Authenticator's choices: nothing
// sent before the store asks, Digest preferred to Basic, the nonce count raised,
// a stale nonce answered again, refused credentials not retried.
import { describe, expect, it } from 'vitest';
import { Authenticator, type Challenge, digestAuthorization, parseChallenges } from '../../src/store/digest.js';

const MUFASA = { user: 'Mufasa', password: 'Circle of Life' };
const RFC7616 = {
  realm: 'http-auth@example.org',
  qop: 'auth, auth-int',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
};
const REQUEST = { method: 'GET', uri: '/dir/index.html', nc: 1, cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' };

/** The parameters of an Authorization value, as a server reads them. */
const fields = (authorization: string) => parseChallenges(authorization)[0].params;

describe('Digest as RFC 7616 computes it', () => {
  it('gives the response of the RFC 7616 example with MD5', () => {
    const challenge: Challenge = { scheme: 'digest', params: { ...RFC7616, algorithm: 'MD5' } };
    const header = digestAuthorization(challenge, MUFASA, REQUEST);
    expect(header.startsWith('Digest ')).toBe(true);
    expect(fields(header)).toMatchObject({
      username: 'Mufasa',
      realm: 'http-auth@example.org',
      uri: '/dir/index.html',
      algorithm: 'MD5',
      nc: '00000001',
      qop: 'auth',
      response: '8ca523f5e9506fed4657c9700eebdbec',
      opaque: RFC7616.opaque,
    });
  });

  it('gives the response of the RFC 7616 example with SHA-256', () => {
    const challenge: Challenge = { scheme: 'digest', params: { ...RFC7616, algorithm: 'SHA-256' } };
    expect(fields(digestAuthorization(challenge, MUFASA, REQUEST)).response).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it('gives the response of the RFC 2617 example (MD5 by default, its own nonce and client nonce)', () => {
    const challenge: Challenge = {
      scheme: 'digest',
      params: {
        realm: 'testrealm@host.com',
        qop: 'auth,auth-int',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        opaque: '5ccc069c403ebaf9f0171e9517f40e41',
      },
    };
    const header = digestAuthorization(challenge, { user: 'Mufasa', password: 'Circle Of Life' }, { ...REQUEST, cnonce: '0a4f113b' });
    expect(fields(header).response).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('hashes the user name when the challenge says userhash, and writes the nonce count in hexadecimal', () => {
    const challenge: Challenge = { scheme: 'digest', params: { ...RFC7616, algorithm: 'MD5', userhash: 'true' } };
    const header = fields(digestAuthorization(challenge, MUFASA, { ...REQUEST, nc: 26 }));
    expect(header.username).toMatch(/^[0-9a-f]{32}$/);
    expect(header.username).not.toContain('Mufasa');
    expect(header.userhash).toBe('true');
    expect(header.nc).toBe('0000001a');
  });
});

describe('the WWW-Authenticate parser', () => {
  it("reads Virtuoso's challenge", () => {
    const header =
      'Digest realm="SPARQL", domain="/sparql-graph-crud-auth", nonce="29c61e107a289d9371eeefdca5453932", opaque="5ebe2294ecd0e0f08eab7690d2a6ee69", stale="false", qop="auth", algorithm="MD5"';
    expect(parseChallenges(header)).toEqual([
      {
        scheme: 'digest',
        params: {
          realm: 'SPARQL',
          domain: '/sparql-graph-crud-auth',
          nonce: '29c61e107a289d9371eeefdca5453932',
          opaque: '5ebe2294ecd0e0f08eab7690d2a6ee69',
          stale: 'false',
          qop: 'auth',
          algorithm: 'MD5',
        },
      },
    ]);
  });

  it('splits several challenges in one header, with quoted commas, escapes and token68', () => {
    const header = 'Newauth realm="apps", type=1, title="Login to \\"apps\\", now", Basic realm="simple", Negotiate abc+/==';
    expect(parseChallenges(header)).toEqual([
      { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps", now' } },
      { scheme: 'basic', params: { realm: 'simple' } },
      { scheme: 'negotiate', params: { token68: 'abc+/==' } },
    ]);
  });
});

describe('the Authenticator', () => {
  const URL = 'http://store.example/sparql-graph-crud-auth?graph=urn%3Ag';
  const digest = (extra = '') => `Digest realm="SPARQL", nonce="n1", qop="auth", algorithm="MD5"${extra}`;

  it('sends nothing before the store asks, then answers its Digest challenge with a rising nonce count', () => {
    const auth = new Authenticator(MUFASA, () => 'c');
    expect(auth.authorization('PUT', URL)).toBeUndefined();
    expect(auth.challenged(digest(), false)).toBe(true);
    const first = fields(auth.authorization('PUT', URL) ?? '');
    expect(first).toMatchObject({ username: 'Mufasa', uri: '/sparql-graph-crud-auth?graph=urn%3Ag', nc: '00000001', nonce: 'n1' });
    expect(fields(auth.authorization('DELETE', URL) ?? '').nc).toBe('00000002');
  });

  it('prefers Digest to Basic, and the strongest Digest algorithm offered', () => {
    const auth = new Authenticator(MUFASA, () => 'c');
    auth.challenged(`Basic realm="x", ${digest()}, Digest realm="SPARQL", nonce="n2", qop="auth", algorithm=SHA-256`, false);
    expect(fields(auth.authorization('PUT', URL) ?? '')).toMatchObject({ algorithm: 'SHA-256', nonce: 'n2' });
  });

  it('answers Basic only to a store that asks for Basic', () => {
    const auth = new Authenticator(MUFASA);
    expect(auth.challenged('Basic realm="store"', false)).toBe(true);
    expect(auth.authorization('PUT', URL)).toBe(`Basic ${Buffer.from('Mufasa:Circle of Life').toString('base64')}`);
  });

  it('sends again for a stale nonce, not for refused credentials', () => {
    const auth = new Authenticator(MUFASA);
    auth.challenged(digest(), false);
    auth.authorization('PUT', URL);
    expect(auth.challenged(digest(', stale=true'), true)).toBe(true);
    auth.authorization('PUT', URL);
    expect(auth.challenged(digest(), true)).toBe(false);
  });

  it('refuses a scheme it cannot answer, naming the scheme and no credential', () => {
    const auth = new Authenticator(MUFASA);
    expect(() => auth.challenged('Negotiate abc==', false)).toThrow(/asks for negotiate authentication, which is not supported/);
    expect(() => auth.challenged('Digest realm="x", nonce="n", qop="auth-int"', false)).toThrow(/not supported/);
  });
});
