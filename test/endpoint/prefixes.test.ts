// /sparql predeclares the project prefixes (as Wikidata's query service does):
// a query may use upr:, rdfs:, schema: … without PREFIX lines, its own PREFIX wins,
// and errors still name the query's own line.
import { describe, expect, it } from 'vitest';
import { fixtureServerForTests } from './support.js';

const server = fixtureServerForTests();

async function ask(query: string): Promise<Response> {
  return fetch(`${server().endpoint}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
}

describe('the prefixes /sparql predeclares', () => {
  it('let a query use upr:, rdfs: and casetype: without declaring them', async () => {
    const response = await ask('SELECT ?label WHERE { ?case a upr:Case ; upr:caseType casetype:civil-lawsuit ; rdfs:label ?label }');
    expect(response.status).toBe(200);
    const json = await response.json();
    expect(json.results.bindings.map((b: Record<string, { value: string }>) => b.label.value)).toEqual(['An example lawsuit']);
  });

  it("give way to the query's own PREFIX of the same name", async () => {
    const own = await ask('PREFIX upr: <http://example.org/> ASK { ?x a upr:Case }');
    expect(await own.json()).toMatchObject({ boolean: false });
    const theirs = await ask('PREFIX schema: <http://example.org/> ASK { ex:alice ?p ?o } ');
    expect(theirs.status).toBe(400);
    expect(await theirs.text()).toMatch(/Unknown prefix: ex/);
  });

  it("keep a syntax error on the query's own line", async () => {
    const response = await ask('SELECT ?x\nWHERE {\n  ?x a upr:Case .\n  FILTER( }\n}');
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/line 4:/);
  });

  it('leave an update an update (403) and an empty query empty (400)', async () => {
    expect((await ask('INSERT DATA { upr:x upr:y upr:z }')).status).toBe(403);
    const empty = await ask('   ');
    expect(empty.status).toBe(400);
    expect(await empty.text()).toMatch(/empty/);
  });
});
