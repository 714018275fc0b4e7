// SIGTERM ends the server within a few seconds (issue 15, case 3): a query freezing the main thread once
// kept it from seeing the signal for over two minutes. The real server, with a stalling query in flight.
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../endpoint/support.js';

/** `npm start` on port 0 (the repository's data); resolves with the process and its endpoint once it listens. */
function startServer(): Promise<{ child: ChildProcess; endpoint: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, UPR_WORKERS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start in 50 s:\n${text}`)), 50_000);
    const read = (chunk: Buffer) => {
      text += chunk.toString();
      const url = /SPARQL endpoint at (http:\/\/\S+\/sparql)/.exec(text)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, endpoint: url, output: () => text });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${text}`)));
  });
}

const STALLING = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }';
const DEEP = `SELECT * WHERE { ${'{ '.repeat(10_000)}?s ?p ?o ${'} '.repeat(10_000)}}`;

describe('SIGTERM', () => {
  it('ends the server within a few seconds while a stalling and a deeply nested query are in flight', async () => {
    const { child, endpoint } = await startServer();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const send = (query: string) =>
      fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: query }).then(
        async (r) => ({ status: r.status, text: await r.text() }),
        () => undefined,
      );
    const stalling = send(STALLING);
    expect(await send(DEEP)).toMatchObject({ status: 400 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sent = performance.now();
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 5000))]);
    const ms = performance.now() - sent;
    if (code === 'still running') child.kill('SIGKILL');
    expect(code).not.toBe('still running');
    expect(ms).toBeLessThan(5000);
    // The stalling query got no answer, or an error: never a result.
    expect((await stalling)?.status ?? 0).not.toBe(200);
  }, 90_000);
});
