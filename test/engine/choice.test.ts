// Which engine answers: Oxigraph at every size by default, Comunica or a triple store (test/store/) when UPR_ENGINE / --engine asks for it.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { start } from '../../src/server.js';
import { ROOT } from '../support/graph.js';

describe('the engine setting', () => {
  it('is Oxigraph by default, read from UPR_ENGINE, and refused when unknown (auto included: it is gone)', () => {
    expect(loadConfig({}).engine).toBe('oxigraph');
    expect(loadConfig({ UPR_ENGINE: 'comunica' }).engine).toBe('comunica');
    expect(loadConfig({ UPR_ENGINE: 'comunica' }, { engine: 'oxigraph' }).engine).toBe('oxigraph');
    expect(() => loadConfig({ UPR_ENGINE: 'virtuoso' })).toThrow(/UPR_ENGINE must be one of oxigraph, comunica, store, got "virtuoso"/);
    expect(() => loadConfig({ UPR_ENGINE: 'auto' })).toThrow(/UPR_ENGINE must be one of oxigraph, comunica, store, got "auto"/);
  });

  it('puts the repository data on Oxigraph by default, and says which engine answers when the server starts', async () => {
    const logs: string[] = [];
    const server = await start(loadConfig({}, { root: ROOT, host: '127.0.0.1', port: 0, workers: 1 }), { log: (line) => logs.push(line) });
    try {
      expect(logs).toContainEqual('query engine: oxigraph');
      const response = await fetch(`${server.url}/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`, {
        headers: { accept: 'application/sparql-results+json' },
      });
      expect(await response.json()).toMatchObject({ boolean: true });
    } finally {
      await server.close();
    }
    const comunica = await start(loadConfig({ UPR_ENGINE: 'comunica' }, { root: ROOT, host: '127.0.0.1', port: 0, workers: 1 }), {
      log: (line) => logs.push(line),
    });
    await comunica.close();
    expect(logs).toContainEqual(expect.stringMatching(/^query engine: comunica \(known defects/));
  });
});
