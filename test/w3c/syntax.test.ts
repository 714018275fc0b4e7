// The W3C SPARQL 1.1 query syntax tests, and every query of the evaluation
// tests, against what the project does with query text: sparqljs's refusals
// come out as clean syntax errors, the row cap appended as a LIMIT never makes
// a query Oxigraph reads unreadable, and the valid queries sparqljs cannot read
// are answered by the Oxigraph engine.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import oxigraph from 'oxigraph';
import { describe, expect, it } from 'vitest';
import { createComunicaEngine, planQuery, QuerySyntaxError, UpdateForbiddenError } from '../../src/engine/index.js';
import { createOxigraphEngine, planOxigraphQuery } from '../../src/engine/oxigraph.js';
import { DEFAULT_FEDERATION } from '../../src/federation/policy.js';
import { DataFactory, Store } from 'n3';
import { loadSuite } from './manifest.js';

const suite = loadSuite();
const queries = [
  ...suite.syntax.map((t) => ({ id: t.id, file: t.query, positive: t.positive })),
  ...suite.evaluation.map((t) => ({ id: t.id, file: t.query, positive: true })),
].map((q) => ({ ...q, text: readFileSync(q.file, 'utf8'), baseIri: pathToFileURL(q.file).href }));

/** Valid queries sparqljs cannot read (none of the W3C syntax tests here is one): it fails inside on the first, refuses the second. */
const unreadable = [
  {
    id: 'blank-node property list as a CONSTRUCT template subject',
    text: 'PREFIX : <http://e/> CONSTRUCT { [ :q ?o ] } WHERE { ?s :p ?o }',
    baseIri: 'http://e/',
  },
  { id: '\\u escape in an IRI', text: 'SELECT * WHERE { <http://e/\\u0041> ?p ?o }', baseIri: 'http://e/' },
];

/** Whether Oxigraph's own parser reads the text (evaluated on an empty store). */
function oxigraphReads(text: string, baseIri: string): boolean {
  try {
    new oxigraph.Store().query(text, { base_iri: baseIri });
    return true;
  } catch {
    return false;
  }
}

/** What sparqljs makes of the text: undefined when it reads it, else the error planQuery throws. */
function sparqljsRefusal(text: string, baseIri: string): Error | undefined {
  try {
    planQuery(text, { baseIri });
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

const JAVASCRIPT_ERROR = /Cannot read propert|is not a function|is not iterable|undefined|TypeError/;

describe('W3C query texts', () => {
  it('are over 600, syntax and evaluation tests together', () => expect(queries.length).toBeGreaterThan(600));

  it("that sparqljs refuses come out as syntax errors with the parser's message, never a JavaScript error text", () => {
    const refused = queries.map((q) => ({ id: q.id, error: sparqljsRefusal(q.text, q.baseIri) })).filter((r) => r.error);
    expect(refused.length).toBeGreaterThan(10);
    for (const { id, error } of refused) {
      expect(error instanceof QuerySyntaxError || error instanceof UpdateForbiddenError, id).toBe(true);
      expect(error!.message, id).not.toMatch(JAVASCRIPT_ERROR);
    }
  });

  it('keep every query Oxigraph reads readable when the row cap is appended as a LIMIT', () => {
    let capped = 0;
    for (const q of queries.filter((q) => q.positive && !sparqljsRefusal(q.text, q.baseIri))) {
      const plan = planOxigraphQuery(q.text, { baseIri: q.baseIri }, 10, DEFAULT_FEDERATION);
      if (plan.text === q.text) continue;
      capped++;
      expect(plan.text, q.id).toBe(`${q.text}\nLIMIT 11`);
      expect(oxigraphReads(plan.text, q.baseIri), q.id).toBe(oxigraphReads(q.text, q.baseIri));
    }
    expect(capped).toBeGreaterThan(300);
  });

  it('re-generated for a bound parameter, read back as themselves, except the four sparqljs writes wrongly, which Comunica answers instead', () => {
    const bindings = { uprGraphUnmentioned: DataFactory.literal('never used') };
    const unfaithful = new Set<string>();
    for (const q of queries.filter((q) => q.positive && !sparqljsRefusal(q.text, q.baseIri))) {
      const plan = planOxigraphQuery(q.text, { baseIri: q.baseIri, bindings }, 10, DEFAULT_FEDERATION);
      expect(plan.regenerated, q.id).toBe(true);
      if (plan.unfaithful) unfaithful.add(q.id);
    }
    expect([...unfaithful].sort()).toEqual([
      'sparql11/aggregates#agg-multiple-having',
      'sparql11/syntax-query#test_pn_05',
      'sparql11/syntax-query#test_pn_06',
      'sparql11/syntax-query#test_pn_07',
    ]);
  });

  it('that are valid, and that sparqljs cannot read but Oxigraph can, are answered by the Oxigraph engine and refused cleanly by Comunica', async () => {
    const oxigraphEngine = createOxigraphEngine(new oxigraph.Store(), { maxRows: 10 });
    const comunica = createComunicaEngine(new Store(), { maxRows: 10 });
    const unread = [...queries, ...unreadable.map((q) => ({ ...q, positive: true }))].filter(
      (q) => q.positive && sparqljsRefusal(q.text, q.baseIri) instanceof QuerySyntaxError && oxigraphReads(q.text, q.baseIri),
    );
    expect(unread.map((q) => q.id)).toEqual(expect.arrayContaining(unreadable.map((q) => q.id)));
    for (const q of unread) {
      await expect(oxigraphEngine.query(q.text, { baseIri: q.baseIri }), q.id).resolves.toHaveProperty('type');
      const refusal = await comunica.query(q.text, { baseIri: q.baseIri }).catch((e: Error) => e);
      expect(refusal, q.id).toBeInstanceOf(QuerySyntaxError);
      expect((refusal as Error).message, q.id).not.toMatch(JAVASCRIPT_ERROR);
    }
  });
});
