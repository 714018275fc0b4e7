// Fact tests on the laws and provisions of the 2019 ARTICLE 19 / Adil Soz
// submission: questions an analyst would ask, answered by SPARQL over the
// loaded graph, answers checked against the document (footnotes 14-19, 24,
// 27, 37, 39 and paragraphs 5-8, 11, 14-19, 22-24, 30-33).
import { describe, expect, it } from 'vitest';
import { selectInDocument, short, askInDocument } from '../support/graph.js';

/** A numeric literal as a number (decimals come back as "3.0"), or null when unbound. */
const num = (value: string | undefined) => (value === undefined ? null : Number(value));

const select = selectInDocument;

describe('the Criminal Code provisions of the 2019 submission', () => {
  it('finds the articles whose maximum imprisonment rises when committed through mass media or ICT networks, and by how much', async () => {
    const rows = await select(`
      SELECT ?article ?basic ?aggravated ((?aggravated - ?basic) AS ?rise) WHERE {
        ?media upr:aggravatingCircumstance circumstance:mass-media-or-ict-networks ;
               upr:partOf ?art ; upr:maxImprisonmentYears ?aggravated .
        ?first upr:partOf ?art ; upr:partNumber 1 ; upr:maxImprisonmentYears ?basic .
        ?art upr:articleNumber ?article .
      } ORDER BY ?article`);
    expect(rows.map((r) => [r.article, num(r.basic), num(r.aggravated), num(r.rise)])).toEqual([
      ['180', 7, 10, 3],
      ['274', 1, 3, 2],
      ['373', 2, 3, 1],
      ['375', 2, 3, 1],
    ]);
  });

  it('gives the penalty ladder of Article 274 part by part, as footnote 19 quotes it', async () => {
    const rows = await select(`
      SELECT ?part ?minPrison ?maxPrison ?maxRestriction ?maxFine ?hours WHERE {
        ?p upr:partOf cc:art-274 ; upr:partNumber ?part .
        OPTIONAL { ?p upr:minImprisonmentYears ?minPrison }
        OPTIONAL { ?p upr:maxImprisonmentYears ?maxPrison }
        OPTIONAL { ?p upr:maxRestrictionOfLibertyYears ?maxRestriction }
        OPTIONAL { ?p upr:maxFineMCI ?maxFine }
        OPTIONAL { ?p upr:maxCommunityServiceHours ?hours }
      } ORDER BY ?part`);
    expect(rows.map((r) => [num(r.part), num(r.minPrison), num(r.maxPrison), num(r.maxRestriction), num(r.maxFine), num(r.hours)])).toEqual(
      [
        [1, null, 1, 1, 1000, 400],
        [2, null, 3, 3, 5000, 800],
        [3, null, 5, 5, 5000, 1200],
        [4, 3, 7, null, null, null],
      ],
    );
  });

  it('lists the aggravating circumstances of each part of Article 274', async () => {
    const rows = await select(`
      SELECT ?part ?circumstance WHERE {
        ?p upr:partOf cc:art-274 ; upr:partNumber ?part ; upr:aggravatingCircumstance ?circumstance .
      } ORDER BY ?part ?circumstance`);
    expect(rows.map((r) => [num(r.part), short(r.circumstance)])).toEqual([
      [2, 'circumstance/group-of-persons'],
      [2, 'circumstance/mass-media-or-ict-networks'],
      [2, 'circumstance/official-position'],
      [3, 'circumstance/grave-consequences'],
      [4, 'circumstance/criminal-group'],
      [4, 'circumstance/emergency-or-wartime'],
    ]);
  });

  it('names the articles that shield officials from criticism and whether a Note exempts public criticism', async () => {
    const rows = await select(`
      SELECT ?article ?name ?exempt WHERE {
        ?a upr:partOf <instrument/KZ/criminal-code-2014> ; upr:theme theme:protection-of-officials ;
           upr:articleNumber ?article ; schema:name ?name ; upr:criticismExemption ?exempt .
      } ORDER BY ?article`);
    expect(rows.map((r) => [r.article, r.exempt])).toEqual([
      ['373', 'false'],
      ['375', 'true'],
      ['376', 'true'],
      ['378', 'true'],
    ]);
    expect(rows.find((r) => r.article === '378')?.name).toBe('Insult of representative of authority');
  });

  it("keeps the body's penalties apart as readings on exactly the articles whose penalties body and footnote state differently", async () => {
    const rows = await select(`
      SELECT ?article (MIN(?p) AS ?paragraph) (SAMPLE(?n) AS ?note) WHERE {
        ?r a upr:Reading ; upr:adopted false ; rdf:subject ?x ; upr:describedIn/upr:paragraphNumber ?p ; rdfs:comment ?n .
        VALUES ?property { upr:maxImprisonmentYears upr:minImprisonmentYears upr:maxImprisonmentDays upr:fine upr:confiscation upr:positionBanOptional upr:maxRestrictionOfLibertyYears }
        ?r rdf:predicate ?property .
        ?x upr:partOf* ?a . ?a upr:partOf <instrument/KZ/criminal-code-2014> ; upr:articleNumber ?article .
      } GROUP BY ?article ORDER BY ?article`);
    expect(rows.map((r) => [r.article, num(r.paragraph)])).toEqual([
      ['174', 15],
      ['180', 19],
      ['256', 19],
      ['274', 8],
      ['373', 8],
      ['375', 8],
      ['378', 8],
    ]);
    const footnoteOf: Record<string, number> = { '180': 39, '256': 37, '274': 19, '373': 16, '375': 17, '378': 15 };
    for (const r of rows.filter((row) => footnoteOf[row.article])) expect(r.note).toContain(`footnote ${footnoteOf[r.article]}`);
    // And no provision carries a penalty the body alone gives: a plain query sees the law as quoted.
    expect(await askInDocument(`ASK { cc:art-274 upr:maxImprisonmentYears ?y }`)).toBe(false);
  });

  it('keeps both readings of Article 274: five years for the basic offence in the body, one year in footnote 19', async () => {
    const rows = await select(`
      SELECT ?where ?max WHERE {
        { ?r rdf:subject cc:art-274 ; rdf:predicate upr:maxImprisonmentYears ; rdf:object ?max ; upr:adopted false ; upr:footnote fn:20 . BIND("body, basic offence" AS ?where) }
        UNION { ?r rdf:subject <provision/KZ/criminal-code-2014/art-274/part-1> ; rdf:predicate upr:maxImprisonmentYears ; rdf:object ?max ; upr:adopted false . BIND("body, danger or harm" AS ?where) }
        UNION { <provision/KZ/criminal-code-2014/art-274/part-1> upr:maxImprisonmentYears ?max . BIND("footnote, part 1" AS ?where) }
        UNION { <provision/KZ/criminal-code-2014/art-274/part-4> upr:maxImprisonmentYears ?max . BIND("footnote, part 4" AS ?where) }
      } ORDER BY ?where`);
    expect(rows.map((r) => [r.where, num(r.max)])).toEqual([
      ['body, basic offence', 5],
      ['body, danger or harm', 7],
      ['footnote, part 1', 1],
      ['footnote, part 4', 7],
    ]);
  });

  it('keeps both readings of Article 256: five to ten years with confiscation in paragraph 19, confiscation alone and then seven to twelve years in footnote 37', async () => {
    const body = await select(`
      SELECT ?property ?value WHERE { ?r rdf:subject cc:art-256 ; rdf:predicate ?property ; rdf:object ?value ; upr:adopted false ; upr:describedIn para:19 }`);
    // Numbers compared as numbers: Oxigraph writes 10.0 back as 10.
    expect(body.map((r) => [r.property.replace(/.*#/, ''), r.value === 'true' ? true : Number(r.value)]).sort()).toEqual(
      [
        ['confiscation', true],
        ['maxImprisonmentYears', 10],
        ['minImprisonmentYears', 5],
      ].sort(),
    );
    const rows = await select(`
      SELECT ?reading ?min ?max ?confiscation WHERE {
        ?r upr:partOf cc:art-256 ; upr:partNumber ?n . BIND(CONCAT("part ", STR(?n)) AS ?reading)
        OPTIONAL { ?r upr:minImprisonmentYears ?min }
        OPTIONAL { ?r upr:maxImprisonmentYears ?max }
        OPTIONAL { ?r upr:confiscation ?confiscation }
      } ORDER BY ?reading`);
    expect(rows.map((r) => [r.reading, num(r.min), num(r.max), r.confiscation])).toEqual([
      ['part 1', null, null, 'true'],
      ['part 2', 7, 12, 'true'],
    ]);
  });

  it('tells imprisonment in the body of paragraph 8 from arrest in footnote 15 for insulting a representative of authority', async () => {
    const rows = await select(`
      SELECT ?part ?arrest ?bodyImprisonment WHERE {
        ?p upr:partOf cc:art-378 ; upr:partNumber ?part ; upr:maxArrestDays ?arrest .
        OPTIONAL { ?r1 rdf:subject ?p ; rdf:predicate upr:maxImprisonmentDays ; rdf:object ?partBody }
        OPTIONAL { ?r2 rdf:subject cc:art-378 ; rdf:predicate upr:maxImprisonmentDays ; rdf:object ?articleBody }
        BIND(IF(?part = 1, ?articleBody, ?partBody) AS ?bodyImprisonment)
      } ORDER BY ?part`);
    expect(rows.map((r) => [num(r.part), num(r.arrest), num(r.bodyImprisonment)])).toEqual([
      [1, 20, 20],
      [2, 40, 40],
    ]);
    const anyImprisonmentYears = await askInDocument(`ASK { ?p upr:partOf cc:art-378 ; upr:maxImprisonmentYears ?y }`);
    expect(anyImprisonmentYears).toBe(false);
  });

  it("gives Article 174 the grounds of the law in footnote 27 and its optional ban on posts, with paragraph 15's mandatory ban as a reading", async () => {
    const grounds = await select(`SELECT ?g WHERE { cc:art-174 upr:protectedGround ?g }`);
    expect(grounds.map((r) => r.g).sort()).toEqual(['class', 'generic', 'national', 'racial', 'religious', 'social']);
    const bans = await select(
      `SELECT ?part ?optional WHERE { ?p upr:partOf cc:art-174 ; upr:partNumber ?part ; upr:positionBanOptional ?optional } ORDER BY ?part`,
    );
    expect(bans.map((r) => [num(r.part), r.optional])).toEqual([
      [2, 'true'],
      [3, 'true'],
    ]);
  });

  it("records Decree 347's signatory, the draft accreditation order's ministry, the rules it amends and the article it cites, and the land law's postponement", async () => {
    expect(
      await askInDocument(`ASK {
      <instrument/KZ/draft-accreditation-order-2019> schema:legislationResponsible <org/ministry-of-information-and-communication-kz> ;
        schema:legislationChanges <instrument/KZ/journalist-accreditation-rules> ; dcterms:references <provision/KZ/mass-media-law/art-22/part-4> .
      ?discussion schema:about <instrument/KZ/draft-accreditation-order-2019> ; schema:startDate "2019-03"^^xsd:gYearMonth ; upr:describedIn para:31 .
      <instrument/KZ/land-code-amendments-2015> upr:plannedEntryIntoForce "2016-07-01"^^xsd:date ; upr:postponedUntil "2017"^^xsd:gYear ;
        upr:postponedBy <person/nursultan-nazarbayev> .
      ?a2015 schema:legislationChanges <instrument/KZ/criminal-code-2014> ; schema:legislationDate "2015"^^xsd:gYear ; upr:describedIn para:7 .
      ?a2018 schema:legislationChanges <instrument/KZ/criminal-code-2014> ; schema:legislationDate "2018"^^xsd:gYear ; upr:describedIn para:7 .
    }`),
    ).toBe(true);
    expect(await askInDocument(`ASK { <instrument/KZ/land-code-amendments-2015> upr:theme theme:freedom-of-assembly }`)).toBe(false);
  });

  it('ranks the criminal offences by the heaviest prison term any of their parts allows', async () => {
    const rows = await select(`
      SELECT ?article (MAX(?years) AS ?heaviest) WHERE {
        ?a upr:partOf <instrument/KZ/criminal-code-2014> ; upr:articleNumber ?article .
        { ?a upr:maxImprisonmentYears ?years } UNION { ?part upr:partOf ?a ; upr:maxImprisonmentYears ?years }
      } GROUP BY ?article ORDER BY DESC(?heaviest) ?article`);
    expect(rows.map((r) => [r.article, num(r.heaviest)])).toEqual([
      ['174', 20],
      ['180', 15],
      ['256', 12],
      ['274', 7],
      ['373', 5],
      ['375', 5],
      ['130', 3],
      ['376', 3],
    ]);
  });

  it('finds the parts that punish leaders of public associations more heavily, with their prison ranges', async () => {
    const rows = await select(`
      SELECT ?label ?min ?max WHERE {
        ?p a upr:Provision ; upr:aggravatingCircumstance circumstance:leader-of-public-association ;
           rdfs:label ?label ; upr:minImprisonmentYears ?min ; upr:maxImprisonmentYears ?max .
      } ORDER BY ?label`);
    expect(rows.map((r) => [r.label, num(r.min), num(r.max)])).toEqual([
      ['Criminal Code Article 174(2)', 5, 10],
      ['Criminal Code Article 180(2)', 5, 10],
      ['Criminal Code Article 256(2)', 7, 12],
    ]);
  });

  it('records Article 174 as the former Article 164, with a ban on holding posts of up to three years in parts 2 and 3', async () => {
    const rows = await select(`
      SELECT ?former ?part ?ban WHERE {
        ?a upr:articleNumber "174" ; upr:formerArticleNumber ?former .
        ?p upr:partOf ?a ; upr:partNumber ?part ; upr:maxPositionBanYears ?ban .
      } ORDER BY ?part`);
    expect(rows.map((r) => [r.former, num(r.part), num(r.ban)])).toEqual([
      ['164', 2, 3],
      ['164', 3, 3],
    ]);
  });

  it('finds the only provision that allows deprivation of citizenship, and the fine range of Article 180(1)', async () => {
    const citizenship = await select(`SELECT ?label WHERE { ?p upr:deprivationOfCitizenship true ; rdfs:label ?label }`);
    expect(citizenship).toEqual([{ label: 'Criminal Code Article 180(3)' }]);
    const fines = await select(
      `SELECT ?min ?max WHERE { <provision/KZ/criminal-code-2014/art-180/part-1> upr:minFineMCI ?min ; upr:maxFineMCI ?max }`,
    );
    expect(fines.map((r) => [num(r.min), num(r.max)])).toEqual([[1000, 5000]]);
  });
});

describe('the instruments and other provisions of the 2019 submission', () => {
  it('gives the number and date of each law the document identifies by number', async () => {
    const rows = await select(`
      SELECT ?instrument ?identifier ?date WHERE {
        ?instrument a schema:Legislation ; schema:legislationIdentifier ?identifier ; schema:legislationDate ?date .
      } ORDER BY ?date`);
    expect(rows.map((r) => [short(r.instrument), r.identifier, r.date])).toEqual([
      ['instrument/KZ/internet-law-2009', 'No 178-IV', '2009-07-10'],
      ['instrument/KZ/communications-ruling-2013', 'No 1489', '2013-12-31'],
      ['instrument/KZ/criminal-code-2014', 'No 226-V', '2014-07-03'],
      ['instrument/KZ/decree-347-2018', 'No 347', '2018-10-25'],
    ]);
  });

  it('lists the ICCPR provisions the submission discusses in the same paragraphs as Criminal Code Article 174', async () => {
    const rows = await select(`
      SELECT DISTINCT ?label WHERE {
        ?p upr:partOf+ <instrument/INT/iccpr> ; rdfs:label ?label ; upr:describedIn ?para .
        cc:art-174 upr:describedIn ?para .
      } ORDER BY ?label`);
    expect(rows.map((r) => r.label)).toEqual([
      'ICCPR Article 19',
      'ICCPR Article 19(3)',
      'ICCPR Article 2',
      'ICCPR Article 2(1)',
      'ICCPR Article 20',
      'ICCPR Article 20(2)',
      'ICCPR Article 26',
    ]);
  });

  it('splits Constitution Article 20 and Civil Code Article 143 into the parts the document quotes', async () => {
    const rows = await select(`
      SELECT ?article ?part WHERE {
        ?p upr:partOf ?a ; upr:partNumber ?part .
        ?a rdfs:label ?article ; upr:partOf ?instrument .
        VALUES ?instrument { <instrument/KZ/constitution> <instrument/KZ/civil-code> }
      }`);
    const parts = rows.map((r) => [r.article, num(r.part)] as const);
    parts.sort((a, b) => a[0].localeCompare(b[0]) || (a[1] ?? 0) - (b[1] ?? 0));
    expect(parts).toEqual([
      ['Civil Code Article 143', 1],
      ['Civil Code Article 143', 2],
      ['Constitution Article 20', 1],
      ['Constitution Article 20', 2],
      ['Constitution Article 20', 3],
    ]);
  });

  it('describes every provision and instrument in at least one paragraph, and hangs every part on an article of an instrument', async () => {
    const undescribed = await select(`
      SELECT ?x WHERE {
        { ?x a upr:Provision } UNION { ?x a schema:Legislation }
        FILTER NOT EXISTS { ?x upr:describedIn ?p . ?p a upr:Paragraph }
      }`);
    expect(undescribed).toEqual([]);
    const orphans = await select(`
      SELECT ?part WHERE {
        ?part a upr:Provision ; upr:partNumber ?n .
        FILTER NOT EXISTS { ?part upr:partOf/upr:partOf ?i . ?i a schema:Legislation . FILTER NOT EXISTS { ?i a upr:Provision } }
      }`);
    expect(orphans).toEqual([]);
    const provisions = await select(`SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a upr:Provision }`);
    const instruments = await select(`
      SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a schema:Legislation FILTER NOT EXISTS { ?i a upr:Provision } }`);
    // 17 named in the body and footnotes, plus the Criminal Code amendments of 2015 and 2018 (paragraph 7).
    expect([num(provisions[0]?.n), num(instruments[0]?.n)]).toEqual([49, 19]);
  });
});
