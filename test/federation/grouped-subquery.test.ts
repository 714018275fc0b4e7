// Issue 14: an analyst's query with a sequence path outside an OPTIONAL grouped
// subquery came back with ?themes unbound (or bound to the recommending state's
// IRI) on Comunica 4.5, whose algebra translator reuses generated variable names
// across subqueries (src/engine/comunica-algebra.ts). Held here on the suite's engine
// through /sparql, and through SERVICE, which Comunica always evaluates: with the
// shape in the local part, and inside the SERVICE sent to a second endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../../src/load.js';
import { ROOT, sparql, startServer, values, wikidataFixture, type TestServer } from './support.js';

const PROLOGUE = `PREFIX upr: <https://w3id.org/upr-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
`;
const THEMES = `OPTIONAL { SELECT ?rec (GROUP_CONCAT(DISTINCT ?t; separator="; ") AS ?themes)
             WHERE { ?rec upr:theme/skos:prefLabel ?t } GROUP BY ?rec }`;
/** The query of the issue, as reported. */
const ISSUE = `${PROLOGUE}SELECT ?number ?themes WHERE {
  ?rec upr:recommendationNumber ?number ; upr:recommendingState/rdfs:label ?state .
  ${THEMES} }`;

let ours: TestServer;
let second: TestServer;
let wikidata: TestServer;
/** Each recommendation's themes, from the plainest query there is: no path, no subquery. */
let expected: Map<string, string[]>;

beforeAll(async () => {
  const { store } = await loadGraph({ root: ROOT });
  [wikidata, second] = await Promise.all([
    startServer(wikidataFixture(), { serviceAllowlist: [] }),
    startServer(store, { serviceAllowlist: [] }),
  ]);
  ours = await startServer(store, { serviceAllowlist: [wikidata.endpoint, second.endpoint], servicePrivateHosts: ['127.0.0.1'] });
  const { json } = await sparql(
    ours.endpoint,
    `${PROLOGUE}SELECT ?number ?t WHERE {
    ?rec upr:recommendationNumber ?number ; upr:recommendingState ?s . ?rec upr:theme ?theme . ?theme skos:prefLabel ?t }`,
  );
  expected = new Map();
  for (const row of values(json!.results.bindings)) expected.set(row.number, [...(expected.get(row.number) ?? []), row.t].sort());
}, 60_000);
afterAll(async () => {
  await Promise.all([ours?.close(), second?.close(), wikidata?.close()]);
});

/** Rows as number → its themes, sorted (GROUP_CONCAT's order is open). */
function themesByNumber(rows: Array<Record<string, string>>): Map<string, string[]> {
  return new Map(rows.map((row) => [row.number, row.themes === undefined ? [] : row.themes.split('; ').sort()]));
}

describe('the grouped-subquery query of issue 14', () => {
  it('has recommendations with themes to find (so the checks below can fail)', () => {
    expect(expected.size).toBeGreaterThan(10);
  });

  it('gives every recommendation its own themes through /sparql', async () => {
    const { status, json } = await sparql(ours.endpoint, ISSUE);
    expect(status).toBe(200);
    const found = themesByNumber(values(json!.results.bindings));
    for (const [number, themes] of expected) expect(found.get(number), number).toEqual(themes);
  });

  it('gives the same themes with the shape in the local part of a federated query', async () => {
    const { status, text, json } = await sparql(
      ours.endpoint,
      `${PROLOGUE}SELECT ?number ?themes ?iso WHERE {
      ?rec upr:recommendationNumber ?number ; upr:recommendingState/rdfs:label ?state ; upr:recommendingState ?s .
      ${THEMES}
      ?s owl:sameAs ?wikidata .
      SERVICE <${wikidata.endpoint}> { ?wikidata wdt:P297 ?iso } }`,
    );
    expect(status, text).toBe(200);
    const rows = values(json!.results.bindings);
    expect(rows.every((row) => /^[A-Z]{2}$/.test(row.iso))).toBe(true);
    const found = themesByNumber(rows);
    for (const [number, themes] of expected) expect(found.get(number), number).toEqual(themes);
  });

  it('gives the same themes when the whole shape is sent through SERVICE to a second endpoint', async () => {
    const { status, text, json } = await sparql(
      ours.endpoint,
      `${PROLOGUE}SELECT ?number ?themes WHERE {
      SERVICE <${second.endpoint}> {
        ?rec upr:recommendationNumber ?number ; upr:recommendingState/rdfs:label ?state .
        ${THEMES} } }`,
    );
    expect(status, text).toBe(200);
    const found = themesByNumber(values(json!.results.bindings));
    for (const [number, themes] of expected) expect(found.get(number), number).toEqual(themes);
  });
});
