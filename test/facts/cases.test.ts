// Fact tests on the cases, people, outlets and organisations of the 2019
// ARTICLE 19 / Adil Soz submission: questions an analyst would ask, answered
// by SPARQL over the loaded graph, answers checked against the document.
import { describe, expect, it } from 'vitest';
import { selectInDocument, short, askInDocument } from '../support/graph.js';


const select = selectInDocument;

describe('the cases of the 2019 submission', () => {
  it('lists the cases brought under Article 274 with their dates, marking where the article is only implied', async () => {
    const rows = await select(`
      SELECT ?case ?date ?implied WHERE {
        ?case upr:prosecutedUnder <provision/KZ/criminal-code-2014/art-274> ; upr:date ?date .
        BIND(EXISTS { ?case upr:impliedProvision <provision/KZ/criminal-code-2014/art-274> } AS ?implied)
      } ORDER BY ?date`);
    expect(rows.map((r) => [short(r.case), r.date, r.implied])).toEqual([
      ['case/nakanune-kz-baydalina', '2016-05-23', 'false'],
      ['case/ayanov-bokayev-atyrau', '2016-11-28', 'true'],
    ]);
  });

  it('finds the outlets that were both sued and blocked: only Ratel.kz', async () => {
    const rows = await select(`
      SELECT DISTINCT ?name ?suedOn WHERE {
        ?suit upr:caseType casetype:civil-lawsuit ; upr:defendant ?outlet ; upr:date ?suedOn .
        ?block upr:caseType casetype:website-blocking ; upr:target ?outlet .
        ?outlet a upr:Outlet ; schema:name ?name .
      }`);
    expect(rows).toEqual([{ name: 'Ratel.kz', suedOn: '2017-04-04' }]);
  });

  it('gives every sentence per person in months, with the case it was imposed in', async () => {
    const rows = await select(`
      SELECT ?person ?case ?prison ?restricted WHERE {
        ?case upr:sentence ?s .
        ?s upr:sentencedPerson/schema:name ?person .
        OPTIONAL { ?s upr:imprisonmentMonths ?prison }
        OPTIONAL { ?s upr:restrictionOfLibertyMonths ?restricted }
      } ORDER BY ?person`);
    expect(rows.map((r) => [r.person, short(r.case), r.prison ?? null, r.restricted ?? null])).toEqual([
      ['Almat Zhumagulov', 'case/jihadist-case', '96', null],
      ['Guzyal Baydalina', 'case/nakanune-kz-baydalina', '18', null],
      ['Kenzhebek Abishev', 'case/jihadist-case', '84', null],
      ['Max Bokayev', 'case/ayanov-bokayev-atyrau', '60', null],
      ['Oralbek Omyrov', 'case/jihadist-case', '96', null],
      ['Talgat Ayanov', 'case/ayanov-bokayev-atyrau', '60', null],
      ['Zhanbolat Mamay', 'case/mamay-prosecution', null, '36'],
    ]);
  });

  it('gives damages with their currency, the "over" minimum and the equivalent in US dollars', async () => {
    const rows = await select(`
      SELECT ?case ?currency ?min ?value ?eqCurrency ?eqMin WHERE {
        ?case upr:damages ?amount .
        ?amount schema:currency ?currency .
        OPTIONAL { ?amount schema:minValue ?min }
        OPTIONAL { ?amount schema:value ?value }
        OPTIONAL { ?amount upr:equivalentAmount ?eq . ?eq schema:currency ?eqCurrency ; schema:minValue ?eqMin }
      } ORDER BY ?case`);
    expect(rows.map((r) => [short(r.case), r.currency, r.min, r.value ?? null, r.eqCurrency, r.eqMin])).toEqual([
      ['case/nakanune-kz-baydalina', 'KZT', '144000000', null, 'USD', '400000'],
      ['case/ratel-kz-kakimzhanov-lawsuit', 'KZT', '50000000', null, 'USD', '150000'],
    ]);
  });

  it('counts the cases per named court, with the court\'s city', async () => {
    const rows = await select(`
      SELECT ?court ?city (COUNT(?case) AS ?n) (GROUP_CONCAT(STR(?case); separator=" ") AS ?cases) WHERE {
        ?case a upr:Case ; upr:court ?c .
        ?c a upr:Court ; schema:name ?court ; schema:location ?city .
      } GROUP BY ?court ?city ORDER BY ?court`);
    expect(rows.map((r) => [r.court, r.city, r.n, short(r.cases)])).toEqual([
      ['Almaty District Court', 'Almaty', '1', 'case/jihadist-case'],
      ['Court Number Two', 'Atyrau', '1', 'case/ayanov-bokayev-atyrau'],
      ['Medeu Regional Court', 'Almaty', '1', 'case/ratel-kz-kakimzhanov-lawsuit'],
    ]);
  });

  it('puts the dated cases on a timeline with the precision of each date', async () => {
    const rows = await select(`
      SELECT ?case ?date ?precision ?type WHERE {
        ?case a upr:Case ; upr:date ?date ; upr:datePrecision ?precision ; upr:caseType ?type .
      } ORDER BY ?date`);
    expect(rows.map((r) => [short(r.case), r.date, r.precision, short(r.type)])).toEqual([
      ['case/matayev-arrest', '2016-02-22', 'day', 'case-type/arrest-detention'],
      ['case/nakanune-kz-baydalina', '2016-05-23', 'day', 'case-type/criminal-prosecution'],
      ['case/ayanov-bokayev-atyrau', '2016-11-28', 'day', 'case-type/criminal-prosecution'],
      ['case/ratel-kz-kakimzhanov-lawsuit', '2017-04-04', 'day', 'case-type/civil-lawsuit'],
      ['case/yesergepov-stabbing', '2017-05-01', 'month', 'case-type/physical-attack'],
      ['case/mamay-prosecution', '2017-09-01', 'month', 'case-type/criminal-prosecution'],
      ['case/jihadist-case', '2018-10-21', 'day', 'case-type/criminal-prosecution'],
    ]);
  });

  it('records the three website blockings without a date, since the document gives none', async () => {
    const rows = await select(`
      SELECT ?outlet ?dated WHERE {
        ?case upr:caseType casetype:website-blocking ; upr:target/schema:name ?outlet ; rdfs:comment ?c .
        BIND(EXISTS { ?case upr:date ?d } AS ?dated)
        FILTER(CONTAINS(STR(?c), "no date"))
      }`);
    expect(rows.sort((a, b) => (a.outlet < b.outlet ? -1 : 1))).toEqual([
      { outlet: 'ADAM bol', dated: 'false' },
      { outlet: 'Ratel.kz', dated: 'false' },
      { outlet: 'ng.kz', dated: 'false' },
    ]);
  });

  it('names the claimant and court of the Ratel.kz suit and treats Civil Code Article 143 as implied', async () => {
    const rows = await select(`
      SELECT ?claimant ?title ?court ?provision ?basis WHERE {
        <case/ratel-kz-kakimzhanov-lawsuit> upr:claimant [ schema:name ?claimant ; schema:jobTitle ?title ] ;
          upr:court/schema:name ?court ; upr:suedUnder ?provision ; upr:provisionBasis ?basis .
      }`);
    expect(rows.map((r) => [r.claimant, r.title, r.court, short(r.provision), r.basis])).toEqual([
      ['Zeynulla Kakimzhanov', 'former Minister of Finance', 'Medeu Regional Court', 'provision/KZ/civil-code/art-143', 'implied'],
    ]);
  });

  it('keeps the footnote 25 reading of the Ratel.kz suit (Forbes.kz, "the Kakimzhanovs") as a discrepancy, not a second case', async () => {
    const [row] = await select(`
      SELECT ?d (COUNT(DISTINCT ?suit) AS ?suits) WHERE {
        <case/ratel-kz-kakimzhanov-lawsuit> upr:discrepancy ?d .
        ?suit upr:caseType casetype:civil-lawsuit .
      } GROUP BY ?d`);
    expect(row.suits).toBe('1');
    expect(row.d).toMatch(/Forbes\.kz/);
    expect(row.d).toMatch(/Kakimzhanovs/);
    expect(row.d).toMatch(/footnote 25/);
  });

  it('says what Ayanov and Bokayev were charged under: Article 174 named, Article 274 implied, and the public-assemblies law', async () => {
    const rows = await select(`
      SELECT ?law ?how WHERE {
        { <case/ayanov-bokayev-atyrau> upr:prosecutedUnder ?law .
          BIND(IF(EXISTS { <case/ayanov-bokayev-atyrau> upr:impliedProvision ?law }, "implied", "named") AS ?how) }
        UNION
        { <case/ayanov-bokayev-atyrau> upr:prosecutedUnderInstrument ?law . BIND("law, no article" AS ?how) }
      } ORDER BY ?law`);
    expect(rows.map((r) => [short(r.law), r.how])).toEqual([
      ['instrument/KZ/public-assemblies-law', 'law, no article'],
      ['provision/KZ/criminal-code-2014/art-174', 'named'],
      ['provision/KZ/criminal-code-2014/art-274', 'implied'],
    ]);
  });

  it('links the Ayanov and Bokayev case to the 2017 opinion of the UN Working Group on Arbitrary Detention', async () => {
    const rows = await select(`
      SELECT ?author ?year ?fn ?defendant WHERE {
        <case/ayanov-bokayev-atyrau> dcterms:source ?src ; upr:defendant/schema:name ?defendant .
        ?src schema:author/schema:name ?author ; schema:datePublished ?year ; upr:footnoteNumber ?fn ;
             schema:about <case/ayanov-bokayev-atyrau> .
      } ORDER BY ?defendant`);
    expect(rows).toEqual([
      { author: 'UN Working Group on Arbitrary Detention', year: '2017', fn: '34', defendant: 'Max Bokayev' },
      { author: 'UN Working Group on Arbitrary Detention', year: '2017', fn: '34', defendant: 'Talgat Ayanov' },
    ]);
  });

  it('gives the "jihadist case" defendants with their roles, charged under Article 256 after arrests in late 2017', async () => {
    const rows = await select(`
      SELECT ?name ?role ?article ?arrest ?precision WHERE {
        <case/jihadist-case> upr:defendant ?p ; upr:prosecutedUnder/upr:articleNumber ?article ;
          upr:arrestDate ?arrest ; upr:arrestDatePrecision ?precision .
        ?p schema:name ?name ; upr:role ?role .
      } ORDER BY ?name`);
    expect(rows.map((r) => [r.name, short(r.role), r.article, r.arrest, r.precision])).toEqual([
      ['Almat Zhumagulov', 'role/activist', '256', '2017-01-01', 'year'],
      ['Kenzhebek Abishev', 'role/poet', '256', '2017-01-01', 'year'],
      ['Oralbek Omyrov', 'role/journalist', '256', '2017-01-01', 'year'],
    ]);
  });

  it('records Baydalina\'s 18-month sentence as later commuted and the bank she was to compensate', async () => {
    const rows = await select(`
      SELECT ?months ?commuted ?bank ?bankType WHERE {
        <case/nakanune-kz-baydalina> upr:sentence ?s ; upr:claimant ?b .
        ?s upr:sentencedPerson <person/guzyal-baydalina> ; upr:imprisonmentMonths ?months ; upr:commuted ?commuted .
        ?b schema:name ?bank ; a ?bankType .
      }`);
    expect(rows).toEqual([{ months: '18', commuted: 'true', bank: 'KazKommertsbank', bankType: 'http://schema.org/Corporation' }]);
  });

  it('describes the Matayev arrest: who, by whom, where, and the alleged sums with their approximate pound equivalents', async () => {
    const people = await select(`
      SELECT ?name ?parentName WHERE {
        <case/matayev-arrest> upr:defendant ?p ; upr:arrestingAuthority/schema:name "National Anticorruption Bureau" ;
          schema:location "Almaty" ; upr:arrestDate "2016-02-22"^^xsd:date .
        ?p schema:name ?name .
        OPTIONAL { ?p schema:parent/schema:name ?parentName }
      } ORDER BY ?name`);
    expect(people).toEqual([
      { name: 'Aset Matayev', parentName: 'Seytkazy Matayev' },
      { name: 'Seytkazy Matayev' },
    ]);
    const sums = await select(`
      SELECT ?kzt ?gbp ?approx WHERE {
        <case/matayev-arrest> upr:allegedAmount ?a .
        ?a schema:currency "KZT" ; schema:value ?kzt ; upr:equivalentAmount ?e .
        ?e schema:currency "GBP" ; schema:value ?gbp ; upr:approximate ?approx .
      } ORDER BY DESC(?kzt)`);
    expect(sums).toEqual([
      { kzt: '380000000', gbp: '750000', approx: 'true' },
      { kzt: '327000000', gbp: '650000', approx: 'true' },
    ]);
  });

  it('records the Matayev family link in both directions', async () => {
    expect(await askInDocument(`ASK {
      <person/seytkazy-matayev> schema:children <person/aset-matayev> .
      <person/aset-matayev> schema:parent <person/seytkazy-matayev> .
    }`)).toBe(true);
  });

  it('dates Mamay\'s arrest and conviction to the month and ties his charge to Mukhtar Ablyazov', async () => {
    const rows = await select(`
      SELECT ?arrest ?conviction ?charge ?related ?relatedRole ?outlet WHERE {
        <case/mamay-prosecution> upr:arrestDate ?arrest ; upr:arrestDatePrecision "month" ;
          upr:date ?conviction ; upr:datePrecision "month" ; upr:chargeDescription ?charge ;
          dcterms:relation ?r ; upr:defendant/schema:affiliation/schema:name ?outlet .
        ?r schema:name ?related ; upr:role ?relatedRole .
      }`);
    expect(rows.map((r) => [r.arrest, r.conviction, r.related, short(r.relatedRole), r.outlet])).toEqual([
      ['2017-02-01', '2017-09-01', 'Mukhtar Ablyazov', 'role/businessperson', 'Sayasi Qalam-Tribuna'],
    ]);
    expect(rows[0].charge).toMatch(/money laundering/);
  });

  it('records Yesergepov as the victim of a physical attack in May 2017, a journalist and activist', async () => {
    const rows = await select(`
      SELECT ?date ?precision (GROUP_CONCAT(STR(?role); separator=" ") AS ?roles) WHERE {
        ?case upr:caseType casetype:physical-attack ; upr:victim ?v ; upr:date ?date ; upr:datePrecision ?precision .
        ?v schema:name "Ramazan Yesergepov" ; upr:role ?role .
      } GROUP BY ?date ?precision`);
    expect(rows).toHaveLength(1);
    expect(rows[0].date).toBe('2017-05-01');
    expect(rows[0].precision).toBe('month');
    expect(rows[0].roles.split(' ').map(short).sort()).toEqual(['role/activist', 'role/journalist']);
  });

  it('gives every sentenced person as a defendant of the same case', async () => {
    const rows = await select(`
      SELECT ?case ?person WHERE {
        ?case upr:sentence/upr:sentencedPerson ?person .
        FILTER NOT EXISTS { ?case upr:defendant ?person }
      }`);
    expect(rows).toEqual([]);
  });

  it('gives every case a type, an English label, a paragraph and, when dated, a precision', async () => {
    const rows = await select(`
      SELECT ?case ?type ?label ?para ?precisionOk WHERE {
        ?case a upr:Case ; upr:caseType ?type ; rdfs:label ?label ; upr:describedIn/upr:paragraphNumber ?para .
        FILTER(LANG(?label) = "en")
        BIND(NOT EXISTS { ?case upr:date ?d } || EXISTS { ?case upr:datePrecision ?p } AS ?precisionOk)
      } ORDER BY ?case ?para`);
    expect(rows.every((r) => r.precisionOk === 'true')).toBe(true);
    expect([...new Set(rows.map((r) => short(r.case)))]).toEqual([
      'case/adam-bol-blocking',
      'case/ayanov-bokayev-atyrau',
      'case/jihadist-case',
      'case/mamay-prosecution',
      'case/matayev-arrest',
      'case/nakanune-kz-baydalina',
      'case/ng-kz-blocking',
      'case/ratel-kz-blocking',
      'case/ratel-kz-kakimzhanov-lawsuit',
      'case/yesergepov-stabbing',
    ]);
    expect(rows.filter((r) => short(r.case) === 'case/mamay-prosecution').map((r) => r.para)).toEqual(['27', '28']);
  });
});

describe('the people, outlets and organisations of the 2019 submission', () => {
  it('lists the people with their affiliations', async () => {
    const rows = await select(`
      SELECT ?person ?affiliation WHERE {
        ?p a upr:Person ; schema:name ?person ; schema:affiliation/schema:name ?affiliation .
      } ORDER BY ?person`);
    expect(rows.map((r) => [r.person, r.affiliation])).toEqual([
      ['Aset Matayev', 'KazTAG'],
      ['B. Sagintayev', 'Government of Kazakhstan'],
      ['Guzyal Baydalina', 'Nakanune.kz'],
      ['Seytkazy Matayev', 'Press Club'],
      ['Zhanbolat Mamay', 'Sayasi Qalam-Tribuna'],
    ]);
  });

  it('names the fourteen people exactly as the document does, the Prime Minister by his initial only', async () => {
    const rows = await select(`SELECT ?name WHERE { ?p a upr:Person ; schema:name ?name } ORDER BY ?name`);
    expect(rows.map((r) => r.name)).toEqual([
      'Almat Zhumagulov', 'Aset Matayev', 'B. Sagintayev', 'Guzyal Baydalina', 'Kenzhebek Abishev',
      'Max Bokayev', 'Mukhtar Ablyazov', 'Nursultan Nazarbayev', 'Oralbek Omyrov', 'Ramazan Yesergepov',
      'Seytkazy Matayev', 'Talgat Ayanov', 'Zeynulla Kakimzhanov', 'Zhanbolat Mamay',
    ]);
    const [pm] = await select(`SELECT ?title ?para WHERE { <person/b-sagintayev> schema:jobTitle ?title ; upr:describedIn/upr:paragraphNumber ?para }`);
    expect(pm).toEqual({ title: 'Prime Minister of Kazakhstan', para: '23' });
  });

  it('lists the agencies empowered by the October 2018 decree as parts of the government, all described in paragraph 23', async () => {
    const rows = await select(`
      SELECT ?name WHERE {
        ?o schema:parentOrganization <org/government-kz> ; schema:name ?name ; upr:describedIn para:23 .
      } ORDER BY ?name`);
    expect(rows.map((r) => r.name)).toEqual([
      "General Prosecutor's Office of the Republic of Kazakhstan",
      'Ministry of Defense of the Republic of Kazakhstan',
      'Ministry of Internal Affairs of the Republic of Kazakhstan',
      'National Security Committee of the Republic of Kazakhstan',
    ]);
  });

  it('gives a web address only to the outlets whose domain the document names', async () => {
    const rows = await select(`
      SELECT ?name ?url WHERE { ?o a upr:Outlet ; schema:name ?name . OPTIONAL { ?o schema:url ?url } }`);
    expect(rows.map((r) => [r.name, r.url ?? null]).sort()).toEqual([
      ['ADAM bol', null],
      ['Forbes.kz', 'http://forbes.kz/'],
      ['KazTAG', null],
      ['Nakanune.kz', 'http://nakanune.kz/'],
      ['Ratel.kz', 'http://ratel.kz/'],
      ['Sayasi Qalam-Tribuna', null],
      ['ng.kz', 'http://ng.kz/'],
    ]);
  });
});
