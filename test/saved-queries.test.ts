import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFactory, Store } from 'n3';
import { bindParameters, loadSavedQueries, ParameterError, parseSavedQuery, SavedQueryError } from '../src/saved-queries.js';
import { createComunicaEngine } from '../src/engine/index.js';
import { ROOT } from './support/graph.js';

const fixtures = path.join(ROOT, 'test/fixtures/queries');

describe('a saved query file', () => {
  it('describes itself and its typed parameters from the #+ header and the ?_ / ?__ variables', async () => {
    const q = (await loadSavedQueries(fixtures)).get('typed-params')!;
    expect(q.summary).toBe('Fixture with one parameter of each type');
    expect(q.queryType).toBe('SELECT');
    expect(q.parameters.map((p) => [p.name, p.type, p.required, p.default, p.example])).toEqual([
      ['thing', 'iri', true, undefined, 'https://w3id.org/upr-graph/id/state/KZ'],
      ['n', 'integer', true, '2', '3'],
      ['when', 'date', false, undefined, undefined],
      ['label', 'en', false, undefined, undefined],
      ['note', 'string', false, undefined, undefined],
    ]);
  });

  it('is refused with file and line when its SPARQL is malformed or its header lacks a summary', () => {
    expect(() => parseSavedQuery('bad', '#+ summary: x\nSELECT * WHERE {\n ?s ?p \n}', 'queries/bad.rq')).toThrow(
      /queries\/bad\.rq:\d+: Parse error/,
    );
    expect(() => parseSavedQuery('bad', 'SELECT * WHERE { ?s ?p ?o }', 'queries/bad.rq')).toThrow(SavedQueryError);
    expect(() => parseSavedQuery('bad', '#+ summary: x\nINSERT DATA { <http://a> <http://b> <http://c> }', 'queries/bad.rq')).toThrow(
      /cannot be an update/,
    );
  });
});

describe('binding request values to a saved query', () => {
  const queries = loadSavedQueries(fixtures);

  it('turns each value into a term of the declared type and fills defaults', async () => {
    const q = (await queries).get('typed-params')!;
    const b = bindParameters(q, { thing: 'state:KZ', when: '2016-05-23', label: 'Ratel', note: 'x' });
    expect(b._thing_iri).toEqual(DataFactory.namedNode('https://w3id.org/upr-graph/id/state/KZ'));
    expect(b._n_integer).toEqual(DataFactory.literal('2', DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#integer')));
    expect(b.__when_date).toEqual(DataFactory.literal('2016-05-23', DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#date')));
    expect(b.__label_en).toEqual(DataFactory.literal('Ratel', 'en'));
    expect(b.__note).toEqual(DataFactory.literal('x'));
  });

  it('names the parameter that is missing, mistyped or unknown', async () => {
    const q = (await queries).get('typed-params')!;
    const error = (values: Record<string, string>) => {
      try {
        bindParameters(q, values);
      } catch (e) {
        return e as ParameterError;
      }
      throw new Error('no error');
    };
    expect(error({}).parameter).toBe('thing');
    expect(error({}).message).toMatch(/"thing" is required/);
    expect(error({ thing: 'state:KZ', n: 'ten' }).message).toMatch(/"n" must be an integer/);
    expect(error({ thing: 'state:KZ', when: '2016-02-30' }).parameter).toBe('when');
    expect(error({ thing: 'not an iri' }).parameter).toBe('thing');
    expect(error({ thing: 'state:KZ', colour: 'red' }).parameter).toBe('colour');
  });

  it('matches an injection attempt as a plain value and never executes it', async () => {
    const q = parseSavedQuery(
      'by-label',
      '#+ summary: by label\nSELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?_label }',
      'x.rq',
    );
    const store = new Store();
    const label = DataFactory.namedNode('http://www.w3.org/2000/01/rdf-schema#label');
    store.addQuad(DataFactory.namedNode('http://ex/a'), label, DataFactory.literal('A'));
    store.addQuad(DataFactory.namedNode('http://ex/b'), label, DataFactory.literal('"> } ; DROP ALL #'));
    const engine = createComunicaEngine(store);
    for (const attack of ['"> } ; DROP ALL #', '<x> } UNION { ?s ?p ?o']) {
      const { rows } = await engine.select(q.text, { bindings: bindParameters(q, { label: attack }) });
      expect(rows.map((r) => r.s.value)).toEqual(attack.startsWith('"') ? ['http://ex/b'] : []);
    }
    expect(store.size).toBe(2);
    expect(() =>
      bindParameters(parseSavedQuery('i', '#+ summary: i\nSELECT ?s WHERE { ?s ?p ?_t_iri }', 'i.rq'), { t: '<x> } UNION { ?s ?p ?o' }),
    ).toThrow(ParameterError);
  });
});
