// The loader over a real Virtuoso's authenticated Graph Store Protocol endpoint
// (/sparql-graph-crud-auth, which asks for HTTP Digest): a user of our own with
// the SPARQL_UPDATE role loads the repository's graphs and they read back
// whole; a wrong password is an error naming the URL, not the password.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadGraph } from '../../src/load.js';
import { type GraphContent, graphContents, loadOverGraphStore } from '../../src/store/load.js';
import { putGraph, sparqlQuery } from '../../src/store/protocol.js';
import { freePort, startVirtuoso, storeLimits, type Virtuoso } from '../../src/store/virtuoso.js';
import { ROOT } from '../support/graph.js';
import { SKIP_REASON } from './support.js';

const USER = 'upr_loader';
const PASSWORD = 'Digest-only-5ecret';

describe.skipIf(SKIP_REASON)(
  `the Graph Store loader over Virtuoso's Digest endpoint${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`,
  () => {
    let virtuoso: Virtuoso;
    let gsp: string;
    let contents: GraphContent[];
    let scratch: string;
    beforeAll(async () => {
      scratch = await mkdtemp(path.join(os.tmpdir(), 'upr-test-digest-'));
      virtuoso = await startVirtuoso({
        dir: path.join(scratch, 'db'),
        sqlPort: await freePort(),
        httpPort: await freePort(),
        memoryMb: 256,
        ...storeLimits(loadConfig({})),
      });
      // A user of the loader's own: SPARQL_UPDATE is what /sparql-graph-crud-auth asks of it (Virtuoso 7.2).
      await virtuoso.isql(`DB.DBA.USER_CREATE('${USER}', '${PASSWORD}'); GRANT SPARQL_UPDATE TO "${USER}";`);
      gsp = virtuoso.endpoint.replace(/\/sparql$/, '/sparql-graph-crud-auth');
      contents = graphContents((await loadGraph({ root: ROOT })).store);
    }, 120_000);
    afterAll(async () => {
      await virtuoso?.stop({ remove: true });
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }, 60_000);

    /** The triples of each graph, as the store counts them. */
    async function countsInStore(): Promise<Record<string, number>> {
      const query = 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g';
      const response = await fetch(`${virtuoso.endpoint}?query=${encodeURIComponent(query)}`, {
        headers: { Accept: 'application/sparql-results+json' },
      });
      const { results } = (await response.json()) as { results: { bindings: Array<{ g: { value: string }; n: { value: string } }> } };
      return Object.fromEntries(results.bindings.map((b) => [b.g.value, Number(b.n.value)]));
    }

    it('refuses the request without credentials: the endpoint asks for Digest', async () => {
      const response = await fetch(`${gsp}?graph=urn:probe`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/n-triples' },
        body: '',
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Digest .*qop="auth"/);
    });

    it('loads every graph through it with Digest, and the store then holds each graph whole', async () => {
      const endpoints = { queryUrl: virtuoso.endpoint, graphStoreUrl: gsp, credentials: { user: USER, password: PASSWORD } };
      const report = await loadOverGraphStore(endpoints, contents, path.join(scratch, 'manifest.json'));
      expect(report.added.sort()).toEqual(contents.map((c) => c.graph).sort());
      expect(await countsInStore()).toEqual(Object.fromEntries(contents.map((c) => [c.graph, c.triples])));
      // A changed graph is replaced (PUT), a dropped one deleted, on the same Digest session.
      const [first, ...others] = contents;
      const smaller = {
        ...first,
        ntriples: (first as { ntriples: string }).ntriples.split('\n').slice(0, 3).join('\n'),
        triples: 3,
        digest: 'changed',
      };
      const again = await loadOverGraphStore(endpoints, [smaller, ...others.slice(1)], path.join(scratch, 'manifest.json'));
      expect(again.replaced).toEqual([first.graph]);
      expect(again.removed).toEqual(others.slice(0, 1).map((c) => c.graph));
      expect(await countsInStore()).toEqual(Object.fromEntries([smaller, ...others.slice(1)].map((c) => [c.graph, c.triples])));
    }, 120_000);

    it('asks the Digest-protected query endpoint (/sparql-auth) with the same credentials, and names the URL on a wrong password', async () => {
      const queryUrl = virtuoso.endpoint.replace(/\/sparql$/, '/sparql-auth');
      const text = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }';
      const ask = (password: string) =>
        sparqlQuery(
          { queryUrl, credentials: { user: USER, password } },
          { text, accept: 'application/sparql-results+json', timeoutMs: 10_000 },
        );
      const reply = await ask(PASSWORD);
      expect(Number(JSON.parse(reply.text).results.bindings[0].n.value)).toBeGreaterThan(0);
      // A second query reuses the nonce: answered as well.
      expect((await ask(PASSWORD)).text).toBe(reply.text);
      const wrong = 'not-the-Pa55word';
      const error = await ask(wrong).catch((e: Error) => e);
      expect((error as Error).message).toContain(`the store at ${queryUrl} answered 401`);
      expect((error as Error).message).not.toContain(wrong);
    }, 60_000);

    it('fails on a wrong password with an error naming the endpoint, not the password', async () => {
      const wrong = 'not-the-Pa55word';
      const endpoints = { queryUrl: virtuoso.endpoint, graphStoreUrl: gsp, credentials: { user: USER, password: wrong } };
      const error = await putGraph(endpoints, 'urn:upr-test:wrong', '<urn:a> <urn:b> <urn:c> .\n', 10_000).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toContain(`the store at ${gsp} answered 401`);
      expect(message).toMatch(/credentials .* were refused/);
      expect(message).not.toContain(wrong);
      expect(message).not.toContain(PASSWORD);
      expect(await countsInStore()).not.toHaveProperty('urn:upr-test:wrong');
    }, 60_000);
  },
);
