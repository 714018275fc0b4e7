// Fact tests on the structure of the 2019 ARTICLE 19 / Adil Soz submission
// (document, paragraphs, footnotes) and on the works its footnotes cite.
// Every expected value was checked against the document.
import { describe, expect, it } from 'vitest';
import { askInDocument, selectInDocument, short } from '../support/graph.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const select = selectInDocument;

describe('the 2019 submission as a document', () => {
  it('is a report by ARTICLE 19 and Adil Soz of 4 April 2019 for the 34th session, third cycle, on Kazakhstan', async () => {
    const rows = await select(`
      SELECT ?date ?cycle ?session ?state (GROUP_CONCAT(?creator; separator="|") AS ?creators) WHERE {
        <document/kz-2019-article19-adilsoz> a schema:Report, upr:Submission ; dcterms:date ?date ;
          upr:cycle ?cycle ; upr:session ?session ; upr:stateUnderReview ?state ;
          dcterms:creator/schema:name ?creator .
      } GROUP BY ?date ?cycle ?session ?state`);
    expect(rows).toHaveLength(1);
    const [r] = rows;
    expect([r.date, r.cycle, r.session, short(r.state)]).toEqual(['2019-04-04', '3', '34', 'state/KZ']);
    expect(r.creators.split('|').sort()).toEqual(['ARTICLE 19', 'Adil Soz']);
  });

  it('has 35 numbered paragraphs under six headings', async () => {
    const rows = await select(`
      SELECT ?section (COUNT(?p) AS ?n) (MIN(?num) AS ?first) (MAX(?num) AS ?last) WHERE {
        ?p a upr:Paragraph ; dcterms:isPartOf <document/kz-2019-article19-adilsoz> ;
           upr:paragraphNumber ?num ; upr:section ?section .
      } GROUP BY ?section ORDER BY ?first`);
    expect(rows.map((r) => [r.section, r.n, r.first, r.last])).toEqual([
      ['Executive Summary', '2', '1', '2'],
      ['Legal Framework for Freedom of Expression', '4', '3', '6'],
      ['Restrictions on freedom of expression in the criminal and civil code', '14', '7', '20'],
      ['Restrictions on Freedom of Expression Online', '5', '21', '25'],
      ['Media Freedom', '7', '26', '32'],
      ['Access to Information', '3', '33', '35'],
    ]);
  });

  it('has every paragraph 1-35 as the upr:describedIn of at least one resource other than itself', async () => {
    const rows = await select(`
      SELECT DISTINCT ?num WHERE {
        ?p a upr:Paragraph ; dcterms:isPartOf <document/kz-2019-article19-adilsoz> ; upr:paragraphNumber ?num .
        ?r upr:describedIn ?p . FILTER(?r != ?p)
      } ORDER BY ?num`);
    expect(rows.map((r) => Number(r.num))).toEqual(range(1, 35));
  });

  it('has all 56 footnotes, each referencing something, except footnote 53 which is flagged as having no text', async () => {
    const rows = await select(`
      SELECT ?num ?refs ?missing WHERE {
        ?f a upr:Footnote ; dcterms:isPartOf <document/kz-2019-article19-adilsoz> ; upr:footnoteNumber ?num .
        BIND(EXISTS { ?f dcterms:references ?ref } AS ?refs)
        OPTIONAL { ?f upr:textMissing ?missing }
      } ORDER BY ?num`);
    expect(rows.map((r) => Number(r.num))).toEqual(range(1, 56));
    expect(rows.filter((r) => r.refs === 'false').map((r) => [r.num, r.missing])).toEqual([['53', 'true']]);
    expect(rows.filter((r) => r.missing !== undefined).map((r) => r.num)).toEqual(['53']);
  });

  it('places each footnote in the paragraph whose text calls it', async () => {
    const rows = await select(`
      SELECT ?para (GROUP_CONCAT(STR(?num); separator=",") AS ?fns) WHERE {
        SELECT ?para ?num WHERE { ?f a upr:Footnote ; upr:footnoteNumber ?num ; upr:inParagraph/upr:paragraphNumber ?para }
        ORDER BY ?num
      } GROUP BY ?para ORDER BY ?para`);
    const byPara = Object.fromEntries(
      rows.map((r) => [
        r.para,
        r.fns
          .split(',')
          .map(Number)
          .sort((a, b) => a - b)
          .join(','),
      ]),
    );
    expect(byPara).toEqual({
      3: '1,2,3,4,5,6,7,8,9,10',
      5: '11',
      7: '12,13',
      8: '14,15,16,17,18,19,20',
      9: '21,22',
      10: '23',
      11: '24',
      12: '25',
      14: '26,27,28',
      16: '29',
      17: '30,31,32,33,34',
      18: '35',
      19: '36,37,38,39',
      21: '40',
      22: '41',
      23: '42,43',
      25: '44,45,46,47',
      27: '48,49,50',
      29: '51',
      30: '52',
      32: '53',
      33: '54,55',
      34: '56',
    });
  });

  it('links the first ten footnotes and footnotes 23, 40, 42, 48 and 49 to the 2014 recommendations they give', async () => {
    const rows = await select(`
      SELECT ?num ?rec WHERE {
        ?f upr:footnoteNumber ?num ; dcterms:references ?rec .
        FILTER(STRSTARTS(STR(?rec), STR(<recommendation/KZ/2/>)))
      }`);
    const byFn: Record<string, string[]> = {};
    for (const r of rows) {
      byFn[r.num] ??= [];
      byFn[r.num].push(short(r.rec).replace('recommendation/KZ/2/', ''));
    }
    for (const k of Object.keys(byFn)) byFn[k].sort((a, b) => Number(a) - Number(b));
    expect(byFn).toEqual({
      1: ['124.4', '124.5'],
      2: ['124.22', '124.28', '124.29', '124.30'],
      3: ['124.24', '124.25'],
      4: ['124.26', '124.39'],
      5: ['124.27'],
      6: ['124.47'],
      7: ['126.35', '126.38', '126.39', '126.40', '126.41'],
      8: ['126.37'],
      9: ['126.36', '126.42'],
      10: ['126.46'],
      23: ['126.40'],
      40: ['126.36'],
      42: ['126.37'],
      48: ['124.27', '124.28'],
      49: ['126.46'],
    });
  });

  it('has the footnotes quoting the Criminal Code reference the article they quote, and no source, since they print none', async () => {
    const rows = await select(`
      SELECT ?num ?article WHERE {
        ?f upr:footnoteNumber ?num ; dcterms:references ?p .
        FILTER(STRSTARTS(STR(?p), STR(<provision/KZ/criminal-code-2014/>)))
        BIND(STRAFTER(STR(?p), "criminal-code-2014/art-") AS ?article)
      } ORDER BY ?num`);
    // Footnote 1 names Article 164 (now 174) for recommendations 124.4 and 124.5; the others quote the law.
    expect(rows.map((r) => [Number(r.num), r.article])).toEqual([
      [1, '174'],
      [14, '376'],
      [15, '378'],
      [16, '373'],
      [17, '375'],
      [19, '274'],
      [27, '174'],
      [37, '256'],
      [39, '180'],
    ]);
    const withSource = await select(`
      SELECT ?num WHERE { VALUES ?num { 14 15 16 17 19 27 37 39 } ?f upr:footnoteNumber ?num ; dcterms:references ?s . ?s a upr:Source }`);
    expect(withSource).toEqual([]);
  });

  it("keeps each footnote's own address and access date on the footnote: one address per source", async () => {
    const urls = await select(`SELECT ?s (COUNT(?u) AS ?n) WHERE { ?s a upr:Source ; schema:url ?u } GROUP BY ?s HAVING (COUNT(?u) > 1)`);
    expect(urls).toEqual([]);
    const [fn12] = await select(`SELECT ?u WHERE { fn:12 schema:url ?u }`);
    expect(fn12.u).toBe('https://online.zakon.kz/m/Document/?doc_id=31575252');
  });

  it("has footnotes 52 and 54 reference the instruments they support, and quoted parts carry their footnote's source", async () => {
    expect(
      await askInDocument(`ASK {
      fn:52 dcterms:references <instrument/KZ/draft-accreditation-order-2019> .
      fn:54 dcterms:references <instrument/KZ/access-to-information-law> .
      <provision/KZ/constitution/art-20/part-1> dcterms:source <source/akorda-constitution> .
      <provision/KZ/civil-code/art-143/part-2> dcterms:source <source/zakon-kz-civil-code> .
      <instrument/KZ/journalist-accreditation-rules> dcterms:source <source/adilsoz-2846> .
      <instrument/KZ/public-assemblies-law> dcterms:source <source/article19-land-reform-protectors> .
    }`),
    ).toBe(true);
  });

  it('marks every publisher read from a bare address as inferred, and gives none for sites the document does not name', async () => {
    const rows = await select(`
      SELECT ?s ?marked WHERE { ?s a upr:Source ; schema:publisher ?p . FILTER NOT EXISTS { ?s schema:name ?n }
        BIND(EXISTS { ?i a upr:Inference ; rdf:subject ?s ; rdf:predicate schema:publisher ; upr:basis basis:inferred } AS ?marked) }`);
    const unmarked = rows.filter((r) => r.marked !== 'true' && !r.s.endsWith('oecd-acn-kazakhstan-2018')).map((r) => r.s);
    expect(unmarked).toEqual([]);
  });

  it('has footnote 24 reference Civil Code Article 143 and the Civil Code text on online.zakon.kz', async () => {
    const rows = await select(`
      SELECT ?ref WHERE { fn:24 dcterms:references ?ref } ORDER BY ?ref`);
    expect(rows.map((r) => short(r.ref))).toEqual([
      'instrument/KZ/civil-code',
      'provision/KZ/civil-code/art-143',
      'source/zakon-kz-civil-code',
    ]);
  });
});

describe('the works the 2019 submission cites', () => {
  it('has one source node per distinct cited work: thirty, each with a label, a paragraph and its footnotes', async () => {
    const rows = await select(`
      SELECT ?s (GROUP_CONCAT(DISTINCT STR(?fn); separator=",") AS ?fns) WHERE {
        ?s a upr:Source ; rdfs:label ?l ; upr:describedIn ?para ; upr:footnoteNumber ?fn .
      } GROUP BY ?s`);
    expect(rows).toHaveLength(30);
    const shared = rows
      .filter((r) => r.fns.includes(','))
      .map((r) => [
        short(r.s),
        r.fns
          .split(',')
          .map(Number)
          .sort((a, b) => a - b),
      ])
      .sort();
    expect(shared).toEqual([
      ['source/article19-land-reform-protectors', [31, 32, 33]],
      ['source/article19-nakanune-kz-2016', [21, 22]],
      ['source/osce-defamation-insult-laws-2017', [18, 20, 28]],
      ['source/zakon-kz-criminal-code', [12, 13, 26]],
    ]);
  });

  it('gives the sources behind the Baydalina case with their address, footnotes, date and access date', async () => {
    const rows = await select(`
      SELECT ?url ?fn ?name ?published ?accessed ?author WHERE {
        <case/nakanune-kz-baydalina> dcterms:source ?s .
        ?s schema:url ?url ; upr:footnoteNumber ?fn ; schema:name ?name ; schema:datePublished ?published ;
           schema:author/schema:name ?author .
        ?f dcterms:references ?s ; upr:footnoteNumber ?fn . OPTIONAL { ?f upr:accessedDate ?accessed }
      } ORDER BY ?fn`);
    // Only footnote 22 gives an access date.
    expect(rows).toEqual(
      [21, 22].map((fn) => ({
        url: 'http://www.article19.org/resources/kazakhstan-release-head-of-investigative-journalism-website-nakanune-kz/',
        fn: String(fn),
        name: 'Kazakhstan: Release Head of investigative journalism website, Nakanune.kz',
        published: '2016',
        ...(fn === 22 ? { accessed: '2018-01-24' } : {}),
        author: 'ARTICLE 19',
      })),
    );
  });

  it('gives the pages of the OSCE study each footnote cites, and the body that commissioned it', async () => {
    const rows = await select(`
      SELECT ?num ?pages ?para ?sponsor WHERE {
        ?f dcterms:references <source/osce-defamation-insult-laws-2017> ; upr:footnoteNumber ?num ;
           schema:pagination ?pages ; upr:inParagraph/upr:paragraphNumber ?para .
        <source/osce-defamation-insult-laws-2017> schema:sponsor/schema:name ?sponsor .
      } ORDER BY ?num`);
    expect(rows.map((r) => [r.num, r.pages, r.para])).toEqual([
      ['18', 'pp.129-130', '8'],
      ['20', 'p.133', '8'],
      ['28', 'p.132', '14'],
    ]);
    expect(new Set(rows.map((r) => r.sponsor))).toEqual(new Set(['OSCE Representative on Freedom of the Media']));
  });

  it('agrees with the footnotes: each footnote number on a source is a footnote that references it from a paragraph the source is described in', async () => {
    const rows = await select(`
      SELECT ?s ?num WHERE {
        ?s a upr:Source ; upr:footnoteNumber ?num .
        FILTER NOT EXISTS {
          ?f a upr:Footnote ; upr:footnoteNumber ?num ; dcterms:references ?s ; upr:inParagraph ?p .
          ?s upr:describedIn ?p .
        }
      }`);
    expect(rows).toEqual([]);
  });

  it('lists the sources the footnotes mark as Russian-language', async () => {
    const rows = await select(`
      SELECT ?s (GROUP_CONCAT(DISTINCT STR(?fn); separator=",") AS ?fns) WHERE {
        ?s a upr:Source ; schema:inLanguage "ru" ; upr:footnoteNumber ?fn .
      } GROUP BY ?s ORDER BY ?s`);
    expect(rows.map((r) => [short(r.s), r.fns.split(',').sort().join(',')])).toEqual([
      ['source/adilsoz-2313-ratel-forbes-kakimzhanov', '25'],
      ['source/zakon-kz-criminal-code', '12,13,26'],
    ]);
  });

  it('gives titles only to the works the footnotes title', async () => {
    const rows = await select(`SELECT ?name WHERE { ?s a upr:Source ; schema:name ?name } ORDER BY ?name`);
    expect(rows.map((r) => r.name)).toEqual([
      'According to court decision, Ratel.kz and Forbes.kz to pay the Kakimzhanovs over 50 million Tenge',
      'Changes and Additions to Some Legislative Acts of the Republic of Kazakhstan on the Issues of Information and Communication Networks',
      'Criminal Code of the Republic of Kazakhstan',
      'Defamation and Insult Laws in the OSCE Region: A Comparative Study',
      'Kazakhstan: Release Head of investigative journalism website, Nakanune.kz',
      'On the provision of networks and communications by telecoms operators in a state of emergency',
    ]);
  });

  it('gives the access dates the footnotes record', async () => {
    const rows = await select(`
      SELECT ?fn ?accessed WHERE {
        { ?f a upr:Footnote ; upr:accessedDate ?accessed ; upr:footnoteNumber ?fn }
        UNION { ?s a upr:Source ; upr:accessedDate ?accessed ; upr:footnoteNumber ?fn }
      } ORDER BY ?fn`);
    expect(rows.map((r) => [r.fn, r.accessed])).toEqual([
      ['22', '2018-01-24'],
      ['25', '2018-01-16'],
    ]);
  });

  it('traces each website blocking to the Adil Soz and ARTICLE 19 items of footnotes 45-47', async () => {
    const rows = await select(`
      SELECT ?outlet ?fn ?url ?publisher WHERE {
        ?case upr:caseType casetype:website-blocking ; upr:target/schema:name ?outlet ; dcterms:source ?s .
        ?s upr:footnoteNumber ?fn ; schema:url ?url ; schema:publisher/schema:name ?publisher .
      }`);
    expect(rows.map((r) => [r.outlet, r.fn, r.url, r.publisher]).sort()).toEqual([
      ['ADAM bol', '47', 'http://www.adilsoz.kz/news/show/id/1852', 'Adil Soz'],
      ['Ratel.kz', '46', 'http://www.adilsoz.kz/news/show/id/1857', 'Adil Soz'],
      ['Ratel.kz', '46', 'https://www.article19.org/resources/kazakhstan-ratel-kz-journalists-detained-website-blocked/', 'ARTICLE 19'],
      ['ng.kz', '45', 'http://www.adilsoz.kz/news/show/id/2785', 'Adil Soz'],
      ['ng.kz', '45', 'http://www.adilsoz.kz/news/show/id/2816', 'Adil Soz'],
    ]);
  });

  it('finds which people are supported by which footnotes, through the sources', async () => {
    const rows = await select(`
      SELECT ?name (GROUP_CONCAT(DISTINCT STR(?fn); separator=",") AS ?fns) WHERE {
        ?p a upr:Person ; schema:name ?name ; dcterms:source/upr:footnoteNumber ?fn .
      } GROUP BY ?name ORDER BY ?name`);
    const got = rows.map((r) => [
      r.name,
      r.fns
        .split(',')
        .map(Number)
        .sort((a, b) => a - b)
        .join(','),
    ]);
    expect(got).toEqual([
      ['Almat Zhumagulov', '38'],
      ['Aset Matayev', '51'],
      ['B. Sagintayev', '43'],
      ['Guzyal Baydalina', '21,22'],
      ['Kenzhebek Abishev', '38'],
      ['Max Bokayev', '31,32,33,34'],
      ['Nursultan Nazarbayev', '31,32,33'],
      ['Oralbek Omyrov', '38'],
      ['Ramazan Yesergepov', '50'],
      ['Seytkazy Matayev', '51'],
      ['Talgat Ayanov', '31,32,33,34'],
      ['Zeynulla Kakimzhanov', '25'],
    ]);
  });

  it('has no source behind the Human Rights Committee quotation, whose footnote 53 is empty', async () => {
    const rows = await select(`
      SELECT ?para ?missing ?hasSource WHERE {
        fn:53 upr:inParagraph/upr:paragraphNumber ?para ; upr:textMissing ?missing .
        <org/un-human-rights-committee> upr:describedIn para:32 .
        BIND(EXISTS { <org/un-human-rights-committee> dcterms:source ?s } AS ?hasSource)
      }`);
    expect(rows).toEqual([{ para: '32', missing: 'true', hasSource: 'false' }]);
  });

  it('dates the cited works where the footnotes or their paragraphs do', async () => {
    const rows = await select(`
      SELECT ?s ?published WHERE { ?s a upr:Source ; schema:datePublished ?published } ORDER BY ?s`);
    expect(rows.map((r) => [short(r.s), r.published])).toEqual([
      ['source/adilsoz-2313-ratel-forbes-kakimzhanov', '2017'],
      ['source/article19-nakanune-kz-2016', '2016'],
      ['source/internet-law-178-iv-2009', '2009-07-10'],
      ['source/oecd-acn-kazakhstan-2018', '2018-07'],
      ['source/osce-defamation-insult-laws-2017', '2017'],
      ['source/parliament-ruling-1489-2013', '2013-12-31'],
      ['source/wgad-opinion-2017-16', '2017'],
      ['source/zakon-kz-criminal-code', '2019'],
    ]);
  });
});
