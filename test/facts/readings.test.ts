// Fact tests on readings and inferences (data/MODELLING.md, "Readings and bases"):
// each upr:Reading and upr:Inference is a reified statement that must agree with
// the graph — an adopted reading and an inference are asserted, another reading is
// not — so that a plain query counts right and the other reading is one query away.
import { describe, expect, it } from 'vitest';
import { selectInDocument, short } from '../support/graph.js';

const select = selectInDocument;

describe('the readings and inferences of the 2019 submission, against the graph', () => {
  it('asserts the statement of every adopted reading and of no other reading', async () => {
    const rows = await select(`
      SELECT ?reading ?adopted ?inGraph WHERE {
        ?reading a upr:Reading ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; upr:adopted ?adopted .
        BIND(EXISTS { ?s ?p ?o } AS ?inGraph)
      }`);
    expect(rows.length).toBeGreaterThan(30);
    const wrong = rows.filter((r) => r.adopted !== r.inGraph).map((r) => short(r.reading));
    expect(wrong).toEqual([]);
  });

  it('asserts the statement of every inference', async () => {
    const rows = await select(`
      SELECT ?inference WHERE {
        ?inference a upr:Inference ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        FILTER NOT EXISTS { ?s ?p ?o }
      }`);
    expect(rows.map((r) => short(r.inference))).toEqual([]);
  });

  it('gives every fact read two ways one adopted value, or several where the property holds a set (themes, grounds, laws concerned)', async () => {
    const rows = await select(`
      SELECT ?s ?p (COUNT(?r) AS ?adopted) WHERE {
        ?r a upr:Reading ; rdf:subject ?s ; rdf:predicate ?p ; upr:adopted true .
        FILTER(?p NOT IN (upr:theme, upr:protectedGround, upr:concerns))
      } GROUP BY ?s ?p HAVING (COUNT(?r) > 1)`);
    expect(rows).toEqual([]);
  });

  it('marks every link to Wikidata, every ISO code and every cycle number as outside knowledge', async () => {
    const rows = await select(`
      SELECT ?p (COUNT(?o) AS ?values) (COUNT(?i) AS ?marked) WHERE {
        VALUES ?p { owl:sameAs upr:iso3166Alpha2 upr:cycle }
        ?s ?p ?o .
        OPTIONAL { ?i a upr:Inference ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; upr:basis basis:outside-knowledge }
      } GROUP BY ?p`);
    expect(rows.length).toBe(3);
    for (const r of rows) expect(r.marked).toBe(r.values);
  });

  it('marks each recommendation link that the document only implies, value by value', async () => {
    const rows = await select(`
      SELECT ?r ?law WHERE {
        ?r upr:concernsBasis "implied" ; upr:concerns ?law .
        FILTER NOT EXISTS { ?i a upr:Inference ; rdf:subject ?r ; rdf:predicate upr:concerns ; rdf:object ?law }
      }`);
    // The laws these recommendations name outright: no inference for them.
    expect(rows.map((r) => `${short(r.r)} ${short(r.law)}`).sort()).toEqual([
      'recommendation/kz-2019-article19-adilsoz/2 instrument/KZ/criminal-code-2014',
      'recommendation/kz-2019-article19-adilsoz/3 instrument/KZ/civil-code',
      'recommendation/kz-2019-article19-adilsoz/4 instrument/INT/rabat-plan-of-action',
      'recommendation/kz-2019-article19-adilsoz/4 provision/INT/iccpr/art-19/part-3',
      'recommendation/kz-2019-article19-adilsoz/4 provision/INT/iccpr/art-20/part-2',
    ]);
  });

  it('ties the Rabat Plan to paragraph 16 only as an inference, the Plan being named in recommendation 4 alone', async () => {
    const rows = await select(`
      SELECT ?from WHERE { ?i a upr:Inference ; rdf:subject <instrument/INT/rabat-plan-of-action> ; rdf:predicate upr:describedIn ;
        rdf:object para:16 ; prov:wasDerivedFrom ?from }`);
    expect(rows.map((r) => short(r.from)).sort()).toEqual([
      'document/kz-2019-article19-adilsoz/para/16',
      'recommendation/kz-2019-article19-adilsoz/4',
    ]);
  });

  it("reads Article 274 out of the officials-shield list of paragraph 8, and Article 174's 'ethnic' as the body's word for the law's 'generic'", async () => {
    const rows = await select(`
      SELECT ?s ?o ?adopted WHERE {
        ?r a upr:Reading ; rdf:subject ?s ; rdf:object ?o ; upr:adopted ?adopted .
        VALUES ?s { cc:art-274 cc:art-174 } FILTER(?o IN (theme:protection-of-officials, "ethnic", "generic"))
      }`);
    expect(rows.map((r) => [short(r.s).replace(/.*\//, ''), short(r.o), r.adopted]).sort()).toEqual([
      ['art-174', 'ethnic', 'false'],
      ['art-174', 'generic', 'true'],
      ['art-274', 'theme/protection-of-officials', 'false'],
    ]);
  });
});

describe("the read-through's findings on wording and provenance", () => {
  it('dates the session the submission is for: the 34th, November 2019 (title page)', async () => {
    const [row] = await select(
      `SELECT ?session ?month WHERE { <document/kz-2019-article19-adilsoz> upr:session ?session ; upr:sessionMonth ?month }`,
    );
    expect([row.session, row.month]).toEqual(['34', '2019-11']);
  });

  it('cites Parliament only to the paragraphs that name it (8 and 23), not to paragraph 29, which names only elections', async () => {
    const rows = await select(`SELECT ?p WHERE { <org/parliament-kz> upr:describedIn/upr:paragraphNumber ?p } ORDER BY ?p`);
    expect(rows.map((r) => Number(r.p))).toEqual([8, 23]);
  });

  it('does not say Ratel.kz was blocked after the damages order, which paragraph 25 does not say', async () => {
    const [row] = await select(`SELECT ?c WHERE { <outlet/ratel-kz> rdfs:comment ?c }`);
    expect(row.c).not.toMatch(/later blocked/);
  });

  it("does not count Article 274 among the provisions that shield officials in paragraph 8's summary", async () => {
    const [row] = await select(`SELECT ?c WHERE { para:8 rdfs:comment ?c }`);
    expect(row.c).toMatch(/protects no office/);
    expect(row.c).not.toMatch(/shield officials from criticism: [^.]*Art 274/);
  });
});
