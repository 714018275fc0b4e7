// Which engine answers: UPR_ENGINE / --engine, and `auto` by the graph's size.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { chooseEngine } from '../../src/engine.js';
import { start } from '../../src/server.js';
import { ROOT } from '../support/graph.js';

describe('the engine setting', () => {
  it('is auto by default: Comunica up to the threshold, Oxigraph above it', () => {
    const config = loadConfig({});
    expect(config.engine).toBe('auto');
    expect(chooseEngine(config.engine, config.engineAutoTriples, config.engineAutoTriples)).toBe('comunica');
    expect(chooseEngine(config.engine, config.engineAutoTriples + 1, config.engineAutoTriples)).toBe('oxigraph');
    expect(chooseEngine('comunica', 10_000_000, 1_000)).toBe('comunica');
    expect(chooseEngine('oxigraph', 10, 1_000)).toBe('oxigraph');
  });

  it('is read from UPR_ENGINE and UPR_ENGINE_AUTO_TRIPLES, and refused when unknown', () => {
    expect(loadConfig({ UPR_ENGINE: 'oxigraph' }).engine).toBe('oxigraph');
    expect(loadConfig({ UPR_ENGINE_AUTO_TRIPLES: '5000' }).engineAutoTriples).toBe(5000);
    expect(() => loadConfig({ UPR_ENGINE: 'virtuoso' })).toThrow(/UPR_ENGINE must be one of comunica, oxigraph, auto/);
  });

  it('picks Comunica for the repository data under auto, Oxigraph when the threshold is below its size, and says so when the server starts', async () => {
    const logs: string[] = [];
    const small = await start(loadConfig({}, { root: ROOT, host: '127.0.0.1', port: 0, workers: 1 }), { log: (line) => logs.push(line) });
    await small.close();
    expect(logs).toContainEqual(expect.stringMatching(/^query engine: comunica \(auto, \d+ triples\)$/));
    const server = await start(loadConfig({}, { root: ROOT, host: '127.0.0.1', port: 0, workers: 1, engineAutoTriples: 1_000 }), { log: (line) => logs.push(line) });
    try {
      expect(logs).toContainEqual(expect.stringMatching(/^query engine: oxigraph \(auto, \d+ triples\)$/));
      const response = await fetch(`${server.url}/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`, { headers: { accept: 'application/sparql-results+json' } });
      expect(await response.json()).toMatchObject({ boolean: true });
    } finally {
      await server.close();
    }
  });
});
