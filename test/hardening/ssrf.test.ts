// The allowlist never widens what host names may reach (issue 15, case 7): listing an endpoint by its
// address once let every other listed endpoint whose host name resolves to that address reach it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceFailedError } from '../../src/federation/errors.js';
import { guardedFetch } from '../../src/federation/guarded-fetch.js';
import { DEFAULT_FEDERATION } from '../../src/federation/policy.js';
import { httpListener, type Listener } from '../federation/support.js';

const ANSWER = '{"head":{"vars":[]},"boolean":true}';
let listedByAddress: Listener;
let listedByName: Listener;
beforeAll(async () => {
  const answer = (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/sparql-results+json' }).end(ANSWER);
  };
  listedByAddress = await httpListener(answer);
  listedByName = await httpListener(answer);
});
afterAll(async () => {
  await Promise.all([listedByAddress?.close(), listedByName?.close()]);
});

describe('an allowlist holding an address and a host name of the same machine', () => {
  const settings = () => ({
    ...DEFAULT_FEDERATION,
    allowlist: [`http://127.0.0.1:${listedByAddress.port}/sparql`, `http://localhost:${listedByName.port}/sparql`],
  });
  const ask = `?query=${encodeURIComponent('ASK {}')}`;

  it('lets the endpoint listed by its address be reached, at exactly that origin', async () => {
    const response = await guardedFetch(settings())(`http://127.0.0.1:${listedByAddress.port}/sparql${ask}`);
    expect(await response.text()).toBe(ANSWER);
    expect(listedByAddress.requests).toHaveLength(1);
  });

  it('still refuses the host name that resolves to that address, without connecting', async () => {
    const call = guardedFetch(settings())(`http://localhost:${listedByName.port}/sparql${ask}`);
    await expect(call).rejects.toThrow(ServiceFailedError);
    await expect(call).rejects.toThrow(
      /localhost resolves to (127\.0\.0\.1|::1), a loopback address, which is refused unless the operator lists it/,
    );
    expect(listedByName.connections).toBe(0);
  });

  it('lets the host name through once the operator lists it as a private host', async () => {
    const response = await guardedFetch({ ...settings(), privateHosts: ['localhost'] })(
      `http://localhost:${listedByName.port}/sparql${ask}`,
    );
    expect(await response.text()).toBe(ANSWER);
  });
});
