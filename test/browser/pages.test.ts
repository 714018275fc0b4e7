// The pages in a real browser: Debian's Chromium driven by playwright-core,
// against the real app on port 0 (the 2019 graph plus a hostile fixture).
// Every request to another origin is blocked and recorded, and the test fails
// if any was attempted; so does any dialog (an alert() from the data) and any
// Content-Security-Policy violation.
//
// Screenshots land in test/screenshots/ (git-ignored). The README
// screenshots in test/readme-screenshots/ are written when missing or when
// UPDATE_README_SCREENSHOTS=1. The query side (forms, permalinks, results) is
// tested in workbench.test.ts.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOSTILE_LABEL, HOSTILE_NAME } from '../pages/support.js';
import { available, CHROMIUM, readmeShot, SCREENSHOTS, itNeverLeftTheServer, suiteSession, text } from './support.js';

describe.skipIf(!available)(
  available ? 'the pages in Chromium' : `the pages in Chromium (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`,
  () => {
    /** The text in the editor. */
    const editorText = () => (window as unknown as { uprYasqe: { getValue(): string } }).uprYasqe.getValue();
    const { session: current, open } = suiteSession();

    it('runs a saved query from the home gallery and shows its rows', async () => {
      const page = await open('/');
      expect(await text(page.locator('h1'))).toBe('UPR Graph');
      const card = page.locator('.card[data-query="penalty-ladder"]');
      await card.getByRole('button', { name: 'Run' }).click();
      const table = card.locator('.result table');
      await table.waitFor();
      // The caption says which article: the query's default, since the form was left empty.
      expect(await text(table.locator('caption'))).toBe('4 rows (article = id:provision/KZ/criminal-code-2014/art-274, the default)');
      const rows = table.locator('tbody tr');
      expect(await rows.count()).toBe(4);
      // Article 274's parts, each linking to its page on this site.
      expect(await rows.first().locator('a').first().getAttribute('href')).toMatch(
        /^\/id\/provision\/KZ\/criminal-code-2014\/art-274\/part-1$/,
      );
      await page.screenshot({ path: path.join(SCREENSHOTS, 'home-gallery.png'), fullPage: true });
      await page.close();
    });

    it('goes from a case to the provision it was prosecuted under, to a recommendation about that provision', async () => {
      const page = await open('/id/case/ayanov-bokayev-atyrau');
      expect(await text(page.locator('h1'))).toBe('Prosecution of Talgat Ayanov and Max Bokayev, Atyrau (2016)');
      const prosecutedUnder = page.locator('tr', { has: page.locator('th', { hasText: /^prosecuted under$/ }) });
      await prosecutedUnder.getByRole('link', { name: 'Criminal Code Article 174' }).click();
      await page.waitForURL('**/id/provision/KZ/criminal-code-2014/art-174');
      expect(await text(page.locator('h1'))).toBe('Criminal Code Article 174');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'provision.png'), fullPage: true });
      const recommendations = page.locator('table', { has: page.locator('caption', { hasText: 'Recommendations about it' }) });
      await recommendations.getByRole('link', { name: /^Recommendation 124\.4 \(Brazil\)/ }).click();
      await page.waitForURL('**/id/recommendation/KZ/2/124.4');
      expect(await text(page.locator('h1'))).toBe('Recommendation 124.4 (Brazil) to Kazakhstan, second UPR cycle');
      const concerns = page.locator('tr', { has: page.locator('th', { hasText: /^concerns$/ }) });
      expect(await concerns.locator('td a').getAttribute('href')).toBe('/id/provision/KZ/criminal-code-2014/art-174');
      // The README's picture of an entity page: this recommendation, whole.
      const shot = readmeShot('entity-page.png');
      if (shot) await page.screenshot({ path: shot, fullPage: true });
      await page.close();
    });

    it('goes from a value read two ways to its readings, and from the other reading to the paragraph that gives it', async () => {
      const page = await open('/id/recommendation/KZ/2/126.40');
      const response = page.locator('tr', { has: page.locator('th', { hasText: /^response$/ }) });
      await response.getByRole('link', { name: 'read two ways' }).click();
      await page.waitForURL('**/id/recommendation/KZ/2/126.40#readings-heading');
      const heading = page.locator('#readings-heading');
      expect(await heading.isVisible()).toBe(true);
      const other = page.locator('.readings li', { hasText: 'the submission also says supported' });
      expect((await other.textContent())?.replace(/\s+/g, ' ')).toContain('(paragraph 10, footnote 23)');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'readings.png'), fullPage: true });
      await other.getByRole('link', { name: 'paragraph 10' }).click();
      await page.waitForURL('**/id/document/kz-2019-article19-adilsoz/para/10');
      const given = page.locator('section', { has: page.locator('h2', { hasText: 'Readings this paragraph gives' }) });
      expect(await given.locator('li', { hasText: 'response supported (the other reading' }).count()).toBe(1);
      await page.close();
    });

    it('reads on a phone without sideways scrolling', async () => {
      const phone = await current().newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      const page = await phone.newPage();
      // A provision, and a recommendation with readings and inferences (the widest tables).
      for (const [p, shot] of [
        ['/id/provision/KZ/criminal-code-2014/art-174', 'provision-phone.png'],
        ['/id/recommendation/KZ/2/126.40', 'readings-phone.png'],
        // The home page with its forms and the search page, the header's search box on both.
        ['/', 'home-phone.png'],
        ['/search?q=Ratel', 'search-phone.png'],
        // A wide result: its table scrolls inside its box.
        ['/?run=recommendations#q-recommendations', 'result-phone.png'],
      ]) {
        await page.goto(`${current().server.url}${p}`);
        if (p.includes('?run=')) await page.locator('.card.has-result .result table').waitFor();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, p).toBeLessThanOrEqual(390);
        await page.screenshot({ path: path.join(SCREENSHOTS, shot), fullPage: true });
      }
      await phone.close();
    });

    it('runs a query typed into the editor and shows the results', async () => {
      const page = await open('/#query');
      const editor = page.locator('#editor .CodeMirror');
      await editor.waitFor();
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(
        'PREFIX upr: <https://w3id.org/upr-graph/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?person ?name WHERE {\n  ?person a ',
      );
      // The class is completed from the ontology's terms the page carries (YASQE's own class and property completers ask LOV on the internet).
      await page.keyboard.type('upr:Pers');
      await page.keyboard.press('Control+Space');
      const hints = page.locator('.CodeMirror-hints li');
      await hints.first().waitFor();
      expect(await hints.allTextContents()).toContain('upr:Person');
      await page.keyboard.press('Enter');
      await page.keyboard.insertText(' ; rdfs:label ?name .\n}\nORDER BY ?name\n');
      const typed = await page.evaluate(editorText);
      expect(typed).toContain('?person a upr:Person ; rdfs:label ?name .');
      await page.locator('#editor .yasqe_queryButton').click();
      const results = page.locator('#editor-results table tbody tr');
      await results.filter({ hasText: 'Max Bokayev' }).first().waitFor({ timeout: 20_000 });
      expect(await results.filter({ hasText: 'Max Bokayev' }).count()).toBe(1);
      // The hostile label comes back as a result too, and is shown as text.
      expect(await page.locator('#editor-results').getByText(HOSTILE_LABEL, { exact: false }).first().isVisible()).toBe(true);
      await page.locator('#query').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'query-ui.png'), fullPage: true });
      await page.close();
    });

    it('loads a saved query into the editor from the picker and runs it', async () => {
      const page = await open('/#query');
      await page.locator('#editor .CodeMirror').waitFor();
      await page.getByLabel('Start from a saved query').selectOption('penalty-ladder');
      const text = await page.evaluate(editorText);
      expect(text).toContain('maxImprisonmentYears');
      // The README's picture of the query UI: a saved query on the real data.
      await page.getByLabel('Start from a saved query').selectOption('cases-by-provision');
      await page.locator('#editor .yasqe_queryButton').click();
      const rows = page.locator('#editor-results table tbody tr');
      await rows.filter({ hasText: 'Prosecution of Talgat Ayanov and Max Bokayev' }).first().waitFor({ timeout: 20_000 });
      const api = (await (await fetch(`${current().server.url}/api/queries/cases-by-provision`)).json()) as {
        results: { bindings: unknown[] };
      };
      expect(await rows.count()).toBe(api.results.bindings.length);
      await page.close();
    });

    it('shows a hostile label as text and runs nothing from it', async () => {
      const page = await open('/id/person/hostile-fixture');
      expect(await text(page.locator('h1'))).toBe(HOSTILE_LABEL);
      expect(await page.getByText(HOSTILE_NAME, { exact: true }).isVisible()).toBe(true);
      expect(await page.locator('img').count()).toBe(0);
      const list = await open('/classes/upr:Person');
      expect(await list.getByRole('link', { name: HOSTILE_LABEL }).isVisible()).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'hostile.png'), fullPage: true });
      await page.close();
      await list.close();
    });

    itNeverLeftTheServer(current);
  },
);
