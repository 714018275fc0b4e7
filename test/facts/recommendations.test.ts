// Fact tests on the UPR recommendations and the states of the 2019 ARTICLE 19 /
// Adil Soz submission: Kazakhstan's 21 second-cycle recommendations (paragraph 3,
// footnotes 1-10, 23, 40, 42, 48, 49) and the submission's own 10, answered by
// SPARQL over the loaded graph and checked against the document.
import { describe, expect, it } from 'vitest';
import { selectInDocument, short } from '../support/graph.js';

const num = (value: string | undefined) => (value === undefined ? null : Number(value));
/** Orders recommendation numbers like "124.4" < "124.22" < "126.35". */
const byNumber = (a: string, b: string) => {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
};

const select = selectInDocument;

describe("Kazakhstan's second-cycle recommendations as the 2019 submission assesses them", () => {
  it('counts 21 recommendations, 12 supported and 9 noted, with a plain count: one response each', async () => {
    const rows = await select(`
      SELECT ?response (COUNT(?r) AS ?n) WHERE {
        ?r upr:stateUnderReview state:KZ ; upr:cycle 2 ; upr:response ?response .
      } GROUP BY ?response ORDER BY ?response`);
    expect(rows.map((r) => [short(r.response), num(r.n)])).toEqual([
      ['response/noted', 9],
      ['response/supported', 12],
    ]);
    const [all] = await select(
      `SELECT (COUNT(?response) AS ?responses) (COUNT(DISTINCT ?r) AS ?recs) WHERE { ?r upr:cycle 2 ; upr:response ?response }`,
    );
    expect([num(all.responses), num(all.recs)]).toEqual([21, 21]);
  });

  it('gives the 124 block as supported and the 126 block as noted, as footnotes 1 to 10 group them', async () => {
    const rows = await select(`
      SELECT ?number ?response WHERE { ?r upr:cycle 2 ; upr:recommendationNumber ?number ; upr:response ?response }`);
    for (const r of rows)
      expect([r.number, short(r.response)]).toEqual([r.number, r.number.startsWith('124.') ? 'response/supported' : 'response/noted']);
  });

  it('lists the noted recommendations with the states that made them', async () => {
    const rows = await select(`
      SELECT ?number ?state WHERE {
        ?r upr:cycle 2 ; upr:response response:noted ; upr:recommendationNumber ?number ;
           upr:recommendingState/schema:name ?state .
      }`);
    const pairs = rows.map((r) => [r.number, r.state]).sort((a, b) => byNumber(a[0], b[0]));
    expect(pairs).toEqual([
      ['126.35', 'Czech Republic'],
      ['126.36', 'Estonia'],
      ['126.37', 'Finland'],
      ['126.38', 'Finland'],
      ['126.39', 'Hungary'],
      ['126.40', 'United States of America'],
      ['126.41', 'Ireland'],
      ['126.42', 'Slovenia'],
      ['126.46', 'Belgium'],
    ]);
  });

  it('finds the recommendations on the article formerly numbered 164, now 174, with their states', async () => {
    const rows = await select(`
      SELECT ?number ?state ?article WHERE {
        ?r upr:concerns ?provision ; upr:recommendationNumber ?number ; upr:recommendingState/rdfs:label ?state .
        ?provision upr:formerArticleNumber "164" ; upr:articleNumber ?article .
      } ORDER BY ?number`);
    expect(rows).toEqual([
      { number: '124.4', state: 'Brazil', article: '174' },
      { number: '124.5', state: 'Chile', article: '174' },
    ]);
  });

  it('marks the twelve accepted recommendations as accepted on the claim they were already being implemented, and all 21 as not implemented', async () => {
    const already = await select(`
      SELECT ?number WHERE { ?r upr:acceptedAsAlreadyImplemented true ; upr:recommendationNumber ?number }`);
    expect(already.map((r) => r.number).sort(byNumber)).toEqual([
      '124.4',
      '124.5',
      '124.22',
      '124.24',
      '124.25',
      '124.26',
      '124.27',
      '124.28',
      '124.29',
      '124.30',
      '124.39',
      '124.47',
    ]);
    const statuses = await select(`
      SELECT ?status (COUNT(?r) AS ?n) WHERE { ?r upr:cycle 2 ; upr:implementationStatus ?status } GROUP BY ?status`);
    expect(statuses.map((r) => [short(r.status), num(r.n)])).toEqual([['status/not-implemented', 21]]);
  });

  it('keeps each second reading of a recommendation as a reading naming its paragraph and footnote', async () => {
    const rows = await select(`
      SELECT ?number ?property ?value ?adopted ?paragraph ?footnote WHERE {
        ?reading a upr:Reading ; rdf:subject ?r ; rdf:predicate ?property ; rdf:object ?value ; upr:adopted ?adopted ;
                 upr:describedIn/upr:paragraphNumber ?paragraph ; upr:footnote/upr:footnoteNumber ?footnote .
        ?r upr:recommendationNumber ?number .
      }`);
    const got = rows.map((r) =>
      [
        r.number,
        short(r.property).replace('https://w3id.org/upr-graph/ontology#', 'upr:'),
        short(r.value),
        r.adopted,
        num(r.paragraph),
        num(r.footnote),
      ].join(' '),
    );
    expect(got.sort()).toEqual(
      [
        '124.28 upr:theme theme/media-freedom true 3 2',
        '124.28 upr:theme theme/safety-of-journalists true 27 48',
        '126.36 upr:theme theme/international-standards true 3 9',
        '126.36 upr:theme theme/online-expression true 21 40',
        '126.40 upr:concerns provision/KZ/civil-code/art-143 false 10 23',
        '126.40 upr:concerns provision/KZ/criminal-code-2014/art-130 true 3 7',
        '126.40 upr:concerns provision/KZ/criminal-code-2014/art-131 true 3 7',
        '126.40 upr:response response/noted true 3 7',
        '126.40 upr:response response/supported false 10 23',
        '126.46 upr:response response/noted true 3 10',
        '126.46 upr:response response/rejected false 27 49',
      ].sort(),
    );
  });

  it('asserts for 126.40 the noted response of footnote 7, and not the acceptance paragraph 10 reads into footnote 23', async () => {
    const responses = await select(`SELECT ?response WHERE { <recommendation/KZ/2/126.40> upr:response ?response }`);
    expect(responses.map((r) => short(r.response))).toEqual(['response/noted']);
    const concerns = await select(`SELECT ?law WHERE { <recommendation/KZ/2/126.40> upr:concerns ?law }`);
    expect(concerns.map((r) => short(r.law)).sort()).toEqual([
      'provision/KZ/criminal-code-2014/art-130',
      'provision/KZ/criminal-code-2014/art-131',
    ]);
  });

  it('keeps "rejected" for 126.46 only as paragraph 27\'s wording: no recommendation has it as its response', async () => {
    const [row] = await select(`SELECT (COUNT(?r) AS ?n) WHERE { ?r upr:response response:rejected }`);
    expect(num(row.n)).toBe(0);
  });

  it('keeps both themes of 124.28 (footnotes 2 and 48) and of 126.36 (footnotes 9 and 40)', async () => {
    const rows = await select(`
      SELECT ?number ?theme WHERE {
        VALUES ?number { "124.28" "126.36" }
        ?r upr:recommendationNumber ?number ; upr:theme ?theme .
      } ORDER BY ?number ?theme`);
    const pairs = rows.map((r) => [r.number, short(r.theme)]).sort((a, b) => a.join().localeCompare(b.join()));
    expect(pairs).toEqual([
      ['124.28', 'theme/media-freedom'],
      ['124.28', 'theme/safety-of-journalists'],
      ['126.36', 'theme/international-standards'],
      ['126.36', 'theme/online-expression'],
    ]);
  });

  it('describes each assessment in the paragraphs it draws on (7 for defamation, 14 for Article 174, 25 for blocking)', async () => {
    const rows = await select(`
      SELECT ?number WHERE {
        VALUES (?number ?p) { ("124.47" 7) ("126.35" 7) ("126.38" 7) ("126.39" 7) ("126.40" 7) ("126.41" 7) ("124.4" 14) ("124.5" 14) ("124.26" 25) ("124.39" 25) }
        ?r upr:recommendationNumber ?number ; upr:describedIn/upr:paragraphNumber ?p .
      }`);
    expect(rows.length).toBe(10);
  });

  it('says that its tenth recommendation has a heading but no text, and marks its theme and law as inferred', async () => {
    const [r] = await select(`
      SELECT ?missing (COUNT(DISTINCT ?i) AS ?n) WHERE {
        <recommendation/kz-2019-article19-adilsoz/10> upr:textMissing ?missing .
        ?i a upr:Inference ; rdf:subject <recommendation/kz-2019-article19-adilsoz/10> ; upr:basis basis:inferred .
      } GROUP BY ?missing`);
    expect([r.missing, num(r.n)]).toEqual(['true', 2]);
  });

  it('names the states that made more than one of the recommendations, with their numbers', async () => {
    const rows = await select(`
      SELECT ?state (GROUP_CONCAT(?number; separator=" ") AS ?numbers) WHERE {
        ?r upr:cycle 2 ; upr:recommendingState ?s ; upr:recommendationNumber ?number .
        ?s schema:name ?state .
      } GROUP BY ?state HAVING (COUNT(?r) > 1)`);
    const byState = Object.fromEntries(rows.map((r) => [r.state, r.numbers.split(' ').sort(byNumber)]));
    expect(byState).toEqual({ 'Czech Republic': ['124.27', '126.35'], Finland: ['126.37', '126.38'] });
  });

  it('finds the states whose recommendations paragraph 27 recalls on the protection of journalists, with the response', async () => {
    const rows = await select(`
      SELECT ?state ?response WHERE {
        ?r upr:describedIn para:27 ; upr:recommendingState/rdfs:label ?state ; upr:response ?response .
      }`);
    expect(rows.map((r) => [r.state, short(r.response)]).sort()).toEqual([
      ['Belgium', 'response/noted'],
      ['Czech Republic', 'response/supported'],
      ['Italy', 'response/supported'],
    ]);
  });
});

describe('the states of the 2019 submission', () => {
  it('lists the 20 states involved, each with its ISO code and Wikidata entity', async () => {
    const rows = await select(`
      SELECT ?code ?wikidata WHERE { ?s a schema:Country ; upr:iso3166Alpha2 ?code ; owl:sameAs ?wikidata }`);
    const links = Object.fromEntries(rows.map((r) => [r.code, r.wikidata.replace('http://www.wikidata.org/entity/', '')]));
    expect(links).toEqual({
      KZ: 'Q232',
      BR: 'Q155',
      CL: 'Q298',
      UY: 'Q77',
      IT: 'Q38',
      JP: 'Q17',
      FR: 'Q142',
      LV: 'Q211',
      AT: 'Q40',
      SE: 'Q34',
      NO: 'Q20',
      CZ: 'Q213',
      AU: 'Q408',
      HU: 'Q28',
      US: 'Q30',
      IE: 'Q27',
      FI: 'Q33',
      EE: 'Q191',
      SI: 'Q215',
      BE: 'Q31',
    });
    expect(rows).toHaveLength(20);
  });

  it('has every recommending state made at least one recommendation, and Kazakhstan none', async () => {
    const idle = await select(`
      SELECT ?code WHERE {
        ?s a schema:Country ; upr:iso3166Alpha2 ?code .
        FILTER NOT EXISTS { ?r upr:recommendingState ?s }
      }`);
    expect(idle).toEqual([{ code: 'KZ' }]);
    const international = await select(`SELECT ?label WHERE { state:INT a upr:InternationalJurisdiction ; rdfs:label ?label }`);
    expect(international).toHaveLength(1);
  });
});

describe("the submission's own recommendations", () => {
  it('numbers the ten recommendations in document order, by section and the paragraph each list follows', async () => {
    const rows = await select(`
      SELECT ?r ?section ?after WHERE {
        ?r upr:madeBy <org/article-19>, <org/adil-soz> ; upr:section ?section ; upr:followsParagraph/upr:paragraphNumber ?after .
      }`);
    const list = rows.map((r) => [Number(short(r.r).split('/').pop()), r.section, num(r.after)] as const).sort((a, b) => a[0] - b[0]);
    expect(list).toEqual([
      [1, 'Restrictions on freedom of expression in the criminal and civil code', 20],
      [2, 'Restrictions on freedom of expression in the criminal and civil code', 20],
      [3, 'Restrictions on freedom of expression in the criminal and civil code', 20],
      [4, 'Restrictions on freedom of expression in the criminal and civil code', 20],
      [5, 'Restrictions on Freedom of Expression Online', 25],
      [6, 'Restrictions on Freedom of Expression Online', 25],
      [7, 'Media Freedom', 32],
      [8, 'Media Freedom', 32],
      [9, 'Media Freedom', 32],
      [10, 'Access to Information', 35],
    ]);
  });

  it('finds the recommendations that concern the ICCPR, directly or through one of its articles or paragraphs', async () => {
    const rows = await select(`
      SELECT DISTINCT ?r ?label WHERE {
        ?r upr:madeBy <org/article-19> ; upr:concerns ?target .
        ?target upr:partOf* <instrument/INT/iccpr> ; rdfs:label ?label .
      }`);
    const pairs = rows.map((r) => [short(r.r), r.label]).sort((a, b) => a.join().localeCompare(b.join()));
    expect(pairs).toEqual([
      ['recommendation/kz-2019-article19-adilsoz/1', 'ICCPR Article 19'],
      ['recommendation/kz-2019-article19-adilsoz/4', 'ICCPR Article 19(3)'],
      ['recommendation/kz-2019-article19-adilsoz/4', 'ICCPR Article 20(2)'],
    ]);
  });

  it('links each of its recommendations to the previous-cycle recommendations that concern the same law', async () => {
    const rows = await select(`
      SELECT ?own (COUNT(DISTINCT ?upr) AS ?n) WHERE {
        ?own upr:madeBy <org/adil-soz> ; upr:concerns ?law .
        ?upr upr:cycle 2 ; upr:concerns ?law .
      } GROUP BY ?own`);
    const counts = Object.fromEntries(rows.map((r) => [Number(short(r.own).split('/').pop()), num(r.n)]));
    // 3 (civil defamation) has none since 126.40 concerns the criminal offences (footnote 7), not Article 143.
    expect(counts).toEqual({ 1: 8, 2: 6, 4: 2, 5: 1, 6: 3 });
  });

  it('asks to repeal the defamation and insult offences, naming the articles that shield officials among them', async () => {
    const rows = await select(`
      SELECT ?article ?shield WHERE {
        <recommendation/kz-2019-article19-adilsoz/2> upr:concerns ?a .
        ?a upr:articleNumber ?article .
        BIND(EXISTS { ?a upr:theme theme:protection-of-officials } AS ?shield)
      }`);
    expect(rows.map((r) => [r.article, r.shield]).sort()).toEqual([
      ['130', 'false'],
      ['131', 'false'],
      ['373', 'true'],
      ['375', 'true'],
      ['376', 'true'],
      ['378', 'true'],
    ]);
  });

  it('marks which of its recommendations concern a law only by implication', async () => {
    const rows = await select(`
      SELECT ?r ?basis WHERE {
        ?r upr:madeBy <org/article-19> .
        OPTIONAL { ?r upr:concernsBasis ?basis }
        OPTIONAL { ?r upr:concerns ?any }
        FILTER (BOUND(?any))
      }`);
    const implied = [...new Set(rows.filter((r) => r.basis === 'implied').map((r) => Number(short(r.r).split('/').pop())))];
    const named = [...new Set(rows.filter((r) => r.basis === undefined).map((r) => Number(short(r.r).split('/').pop())))];
    expect(implied.sort((a, b) => a - b)).toEqual([2, 3, 4, 6, 10]);
    expect(named.sort((a, b) => a - b)).toEqual([1, 5, 7]);
  });
});
