// Fact tests on the cases, people, outlets and organisations of the 2019
// ARTICLE 19 / Adil Soz submission: questions an analyst would ask, answered
// by SPARQL over the loaded graph, answers checked against the document.
import { describe, expect, it } from 'vitest';
import { selectInDocument, short, askInDocument } from '../support/graph.js';

const select = selectInDocument;
const ask = askInDocument;
const num = (value: string | undefined) => (value === undefined ? null : Number(value));

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

  it("counts the cases per named court, with the court's city", async () => {
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

  it('keeps the footnote 25 reading of the Ratel.kz suit (Forbes.kz also paying) as a reading, not a second party or case', async () => {
    const rows = await select(`
      SELECT ?value ?adopted ?footnote WHERE {
        ?reading rdf:subject <case/ratel-kz-kakimzhanov-lawsuit> ; rdf:predicate upr:defendant ; rdf:object ?value ;
                 upr:adopted ?adopted ; upr:describedIn para:12 .
        OPTIONAL { ?reading upr:footnote/upr:footnoteNumber ?footnote }
      }`);
    expect(rows.map((r) => [short(r.value), r.adopted, r.footnote ?? null]).sort()).toEqual([
      ['outlet/forbes-kz', 'false', '25'],
      ['outlet/ratel-kz', 'true', null],
    ]);
    const defendants = await select(`SELECT ?d WHERE { <case/ratel-kz-kakimzhanov-lawsuit> upr:defendant ?d }`);
    expect(defendants.map((r) => short(r.d))).toEqual(['outlet/ratel-kz']);
    const [suits] = await select(`SELECT (COUNT(?suit) AS ?n) WHERE { ?suit upr:caseType casetype:civil-lawsuit }`);
    expect(suits.n).toBe('1');
  });

  it('records that paragraph 9 frames the Nakanune.kz case as criminal defamation while the conviction was under Article 274', async () => {
    const rows = await select(`
      SELECT ?property ?value ?adopted WHERE {
        ?reading rdf:subject <case/nakanune-kz-baydalina> ; rdf:predicate ?property ; rdf:object ?value ;
                 upr:adopted ?adopted ; upr:describedIn para:9 .
      }`);
    expect(rows.map((r) => [short(r.property).replace(/.*#/, ''), short(r.value), r.adopted]).sort()).toEqual([
      ['chargeDescription', 'criminal defamation', 'false'],
      ['prosecutedUnder', 'provision/KZ/criminal-code-2014/art-274', 'true'],
    ]);
  });

  it("dates Mamay's conviction to September 2017, saying the year is inferred from his arrest in paragraph 28", async () => {
    const [row] = await select(`
      SELECT ?date ?precision ?basis ?from WHERE {
        <case/mamay-prosecution> upr:date ?date ; upr:datePrecision ?precision .
        ?i a upr:Inference ; rdf:subject <case/mamay-prosecution> ; rdf:predicate upr:date ; rdf:object ?date ;
           upr:basis ?basis ; prov:wasDerivedFrom ?from .
      }`);
    expect([row.date, row.precision, short(row.basis), short(row.from)]).toEqual([
      '2017-09-01',
      'month',
      'basis/inferred',
      'document/kz-2019-article19-adilsoz/para/28',
    ]);
  });

  it('has no event with two dates', async () => {
    const rows = await select(`SELECT ?e WHERE { ?e upr:date ?a , ?b FILTER(?a != ?b) }`);
    expect(rows).toEqual([]);
  });

  it('fines Ayanov and Bokayev besides their five years, as paragraph 17 says', async () => {
    const rows = await select(`
      SELECT ?name ?months ?fine WHERE {
        <case/ayanov-bokayev-atyrau> upr:sentence ?s . ?s upr:sentencedPerson/schema:name ?name ; upr:imprisonmentMonths ?months ; upr:fine ?fine .
      } ORDER BY ?name`);
    expect(rows.map((r) => [r.name, num(r.months), r.fine])).toEqual([
      ['Max Bokayev', 60, 'true'],
      ['Talgat Ayanov', 60, 'true'],
    ]);
  });

  it('records the 2016 land protests in Atyrau, the nationwide protests they were part of, and the arrests after them', async () => {
    const rows = await select(`
      SELECT ?start ?end ?attendee ?arrests WHERE {
        <event/atyrau-protests-2016> schema:superEvent <event/land-code-protests-2016> ; schema:startDate ?start ; schema:endDate ?end ;
          schema:attendee ?attendee ; upr:describedIn para:17 .
        ?arrests schema:about <event/land-code-protests-2016> ; upr:describedIn para:17 .
        <case/ayanov-bokayev-atyrau> dcterms:relation <event/atyrau-protests-2016> .
      } ORDER BY ?attendee`);
    expect(rows.map((r) => [r.start, r.end, short(r.attendee), short(r.arrests)])).toEqual([
      ['2016-04', '2016-05', 'person/max-bokayev', 'event/land-protest-arrests-2016'],
      ['2016-04', '2016-05', 'person/talgat-ayanov', 'event/land-protest-arrests-2016'],
    ]);
  });

  it('links the Yesergepov stabbing to the Mamay case he was travelling to discuss (paragraph 27)', async () => {
    expect(await ask(`ASK { <case/yesergepov-stabbing> dcterms:relation <case/mamay-prosecution> }`)).toBe(true);
  });

  it('says the accused embezzled funds were paid to the Press Club and KazTAG (paragraph 29)', async () => {
    const rows = await select(`SELECT ?to WHERE { <case/matayev-arrest/alleged/embezzlement-kzt> upr:transferredTo ?to } ORDER BY ?to`);
    expect(rows.map((r) => short(r.to))).toEqual(['org/press-club', 'outlet/kaztag']);
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

  it("records Baydalina's 18-month sentence as later commuted and the bank she was to compensate", async () => {
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
    expect(people).toEqual([{ name: 'Aset Matayev', parentName: 'Seytkazy Matayev' }, { name: 'Seytkazy Matayev' }]);
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
    expect(
      await askInDocument(`ASK {
      <person/seytkazy-matayev> schema:children <person/aset-matayev> .
      <person/aset-matayev> schema:parent <person/seytkazy-matayev> .
    }`),
    ).toBe(true);
  });

  it("dates Mamay's arrest and conviction to the month and ties his charge to Mukhtar Ablyazov", async () => {
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
      'Almat Zhumagulov',
      'Aset Matayev',
      'B. Sagintayev',
      'Guzyal Baydalina',
      'Kenzhebek Abishev',
      'Max Bokayev',
      'Mukhtar Ablyazov',
      'Nursultan Nazarbayev',
      'Oralbek Omyrov',
      'Ramazan Yesergepov',
      'Seytkazy Matayev',
      'Talgat Ayanov',
      'Zeynulla Kakimzhanov',
      'Zhanbolat Mamay',
    ]);
    const [pm] = await select(
      `SELECT ?title ?para WHERE { <person/b-sagintayev> schema:jobTitle ?title ; upr:describedIn/upr:paragraphNumber ?para }`,
    );
    expect(pm).toEqual({ title: 'Prime Minister of Kazakhstan', para: '23' });
  });

  it('names the agencies Decree No 347 empowers and the Prime Minister who signed it, placing the agencies under no one (paragraph 23)', async () => {
    const rows = await select(`
      SELECT ?name WHERE { <instrument/KZ/decree-347-2018> upr:empowers ?o . ?o schema:name ?name ; upr:describedIn para:23 } ORDER BY ?name`);
    expect(rows.map((r) => r.name)).toEqual([
      "General Prosecutor's Office of the Republic of Kazakhstan",
      'Ministry of Defense of the Republic of Kazakhstan',
      'Ministry of Internal Affairs of the Republic of Kazakhstan',
      'National Security Committee of the Republic of Kazakhstan',
    ]);
    const [signed] = await select(`SELECT ?who WHERE { <instrument/KZ/decree-347-2018> schema:legislationPassedBy ?who }`);
    expect(short(signed.who)).toBe('person/b-sagintayev');
    expect(await ask(`ASK { ?o schema:parentOrganization ?parent }`)).toBe(false);
  });

  it("marks every outlet web address as inferred from the outlet's name", async () => {
    const rows = await select(`
      SELECT ?o ?basis WHERE { ?o a upr:Outlet ; schema:url ?url .
        OPTIONAL { ?i a upr:Inference ; rdf:subject ?o ; rdf:predicate schema:url ; rdf:object ?url ; upr:basis ?basis } }`);
    expect(rows.length).toBe(4);
    for (const r of rows) expect([short(r.o), short(r.basis)]).toEqual([short(r.o), 'basis/inferred']);
  });

  it("marks Seytkazy Matayev's role and Press Club tie as inferred from the address in footnote 51", async () => {
    const rows = await select(`
      SELECT ?property ?from WHERE { ?i a upr:Inference ; rdf:subject <person/seytkazy-matayev> ; rdf:predicate ?property ;
        upr:basis basis:inferred ; prov:wasDerivedFrom ?from . FILTER(?from = fn:51) }`);
    expect(rows.map((r) => r.property.replace(/.*[#/]/, '')).sort()).toEqual(['affiliation', 'role']);
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
