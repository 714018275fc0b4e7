// The analyst's workbench in Chromium (issue 17): saved queries as forms,
// permalinks that reopen a result, the back button, the recent-queries list,
// readable results (local links, values, chart, timeline, downloads) and the
// search box, against the real app on port 0. Like pages.test.ts, it fails on
// any request to another origin, any dialog, CSP violation or page error.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { available, CHROMIUM, readmeShot, SCREENSHOTS, itNeverLeftTheServer, suiteSession, text } from './support.js';

const BAYDALINA_CASE = 'id:case/nakanune-kz-baydalina';

describe.skipIf(!available)(
  available ? 'the workbench in Chromium' : `the workbench in Chromium (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`,
  () => {
    const { session: current, open } = suiteSession();

    /** The rows of a result table as text, cell by cell. */
    const rowsOf = (page: Page, scope: string) =>
      page
        .locator(`${scope} table tbody tr`)
        .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));

    it('refuses to run a query without its required value, and says which value is needed', async () => {
      const page = await open('/');
      const card = page.locator('.card[data-query="sources-of"]');
      expect(await card.locator('label', { hasText: 'resource' }).textContent()).toContain('(required)');
      await card.getByRole('button', { name: 'Run' }).click();
      expect(await text(card.locator('.form-error'))).toContain('Give a value for resource (required)');
      expect(await card.locator('.result table').count()).toBe(0);
      await page.close();
    });

    it('finds the Baydalina case by typing its name, runs sources-of for it, and the URL reopens the same rows', async () => {
      const page = await open('/');
      const card = page.locator('.card[data-query="sources-of"]');
      const field = card.getByLabel('resource');
      await field.pressSequentially('Baydalina', { delay: 20 });
      // The picker offers the resources whose labels match, the case among them.
      const option = card.locator(`datalist option[value="${BAYDALINA_CASE}"]`);
      await option.waitFor({ state: 'attached' });
      expect(await option.textContent()).toBe('Criminal case against Guzyal Baydalina of Nakanune.kz (2016)');
      await field.fill(BAYDALINA_CASE);
      expect(await text(card.locator('.picked'))).toBe('Criminal case against Guzyal Baydalina of Nakanune.kz (2016)');
      await card.getByRole('button', { name: 'Run' }).click();
      await card.locator('.result table tbody tr').first().waitFor();
      const rows = await rowsOf(page, '.card[data-query="sources-of"] .result');
      expect(rows.some((r) => r[0] === 'paragraph' && r[2] === '9')).toBe(true);
      expect(rows.some((r) => r[0] === 'source')).toBe(true);
      // The same rows as the API gives for the case.
      const api = (await (
        await fetch(`${current().server.url}/api/queries/sources-of?resource=${encodeURIComponent(BAYDALINA_CASE)}`)
      ).json()) as { results: { bindings: unknown[] } };
      expect(rows.length).toBe(api.results.bindings.length);
      const url = new URL(page.url());
      expect(url.searchParams.get('run')).toBe('sources-of');
      expect(url.searchParams.get('resource')).toBe(BAYDALINA_CASE);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'form-sources-of.png'), fullPage: true });
      // The README's picture of a saved query as a form, filled in and run.
      const formShot = readmeShot('saved-query-form.png');
      if (formShot) await card.screenshot({ path: formShot });

      // A fresh browser (no history, no storage) opening the link sees the same rows.
      const fresh = await current().newContext();
      const shared = await current().open(url.pathname + url.search + url.hash, fresh);
      await shared.locator('.card[data-query="sources-of"] .result table tbody tr').first().waitFor();
      expect(await rowsOf(shared, '.card[data-query="sources-of"] .result')).toEqual(rows);
      expect(await shared.locator('.card[data-query="sources-of"]').getByLabel('resource').inputValue()).toBe(BAYDALINA_CASE);
      await fresh.close();

      // A reload keeps it too.
      await page.reload();
      await page.locator('.card[data-query="sources-of"] .result table tbody tr').first().waitFor();
      expect(await rowsOf(page, '.card[data-query="sources-of"] .result')).toEqual(rows);
      await page.close();
    });

    it('answers "which accepted recommendations were not implemented?" with two selects, and goes back to the previous answer', async () => {
      const page = await open('/');
      const card = page.locator('.card[data-query="recommendations"]');
      await card.getByLabel('response').selectOption({ label: 'supported' });
      await card.getByRole('button', { name: 'Run' }).click();
      await card.locator('.result table tbody tr').first().waitFor();
      const supported = await rowsOf(page, '.card[data-query="recommendations"] .result');
      await card.getByLabel('status').selectOption({ label: 'not implemented' });
      await card.getByRole('button', { name: 'Run' }).click();
      await page.waitForURL(/status=/);
      await card.locator('.result caption', { hasText: 'status' }).waitFor();
      const notImplemented = await rowsOf(page, '.card[data-query="recommendations"] .result');
      expect(notImplemented.length).toBeGreaterThan(0);
      expect(notImplemented.length).toBeLessThanOrEqual(supported.length);
      // The table shows the response and status columns as values: every row says supported and not implemented.
      const head = await card.locator('.result thead th').allTextContents();
      for (const row of notImplemented) {
        expect(row[head.indexOf('responseLabel')]).toBe('supported');
        expect(row[head.indexOf('statusLabel')]).toBe('not implemented');
      }
      // Back: the previous state (supported only) is shown again, from its URL.
      await page.goBack();
      await page.waitForURL((u) => !u.search.includes('status='));
      await card.locator('.result caption', { hasText: /^\d+ rows \(response = [^,]+\)$/ }).waitFor();
      expect(await rowsOf(page, '.card[data-query="recommendations"] .result')).toEqual(supported);
      expect(await card.getByLabel('status').inputValue()).toBe('');
      await page.close();
    });

    it('counts cases per theme as a chart, and shows dated rows as a timeline', async () => {
      const page = await open('/?run=theme-counts#q-theme-counts');
      const card = page.locator('.card[data-query="theme-counts"]');
      await card.locator('.result table tbody tr').first().waitFor();
      const rows = await card.locator('.result table tbody tr').count();
      await card.getByRole('button', { name: 'Chart: cases' }).click();
      const chart = card.locator('svg.chart');
      await chart.waitFor();
      expect(await chart.locator('rect').count()).toBe(rows);
      expect(await chart.locator('text.chart-label').allTextContents()).toContain('defamation');
      // Largest first, each bar's number the cases column's value for its theme.
      const values = (await chart.locator('text.chart-value').allTextContents()).map(Number);
      expect(values).toEqual([...values].sort((a, b) => b - a));
      const api = (await (await fetch(`${current().server.url}/api/queries/theme-counts`)).json()) as {
        results: { bindings: Array<{ cases: { value: string } }> };
      };
      expect([...values].sort()).toEqual(api.results.bindings.map((b) => Number(b.cases.value)).sort());
      await page.screenshot({ path: path.join(SCREENSHOTS, 'chart-theme-counts.png'), fullPage: true });
      const chartShot = readmeShot('chart.png');
      if (chartShot) await card.screenshot({ path: chartShot });

      const timeline = await open('/?run=timeline&from=2016-01-01&to=2017-12-31#q-timeline');
      const events = timeline.locator('.card[data-query="timeline"]');
      await events.locator('.result table').waitFor();
      expect(await events.getByLabel('from').inputValue()).toBe('2016-01-01');
      await events.getByRole('button', { name: 'Timeline' }).click();
      const years = await events.locator('ol.timeline li.year').allTextContents();
      expect(years).toEqual(['2016', '2017']);
      const first = events.locator('ol.timeline li.event').first();
      expect(await first.locator('time').getAttribute('datetime')).toMatch(/^2016-/);
      expect(await first.locator('a').getAttribute('href')).toMatch(/^\/id\//);
      await timeline.close();
      await page.close();
    });

    it('shows IRIs by label linking to the local page, literals as values, and a wide table scrolling in its box', async () => {
      const page = await open('/?run=recommendations#q-recommendations');
      const card = page.locator('.card[data-query="recommendations"]');
      const first = card.locator('.result table tbody tr').first();
      await first.waitFor();
      const link = first.locator('td a').first();
      expect(await link.getAttribute('href')).toMatch(/^\/id\/recommendation\/KZ\/2\//);
      // The number is shown as a value, never as "124.4"^^xsd:string.
      expect(await card.locator('.result table').textContent()).not.toMatch(/\^\^|xsd:/);
      // The table is wider than the box on a narrow window, and the box scrolls rather than the page.
      await page.setViewportSize({ width: 600, height: 900 });
      const box = card.locator('.table-scroll');
      const [scroll, client] = await box.evaluate((e) => [e.scrollWidth, e.clientWidth]);
      expect(scroll).toBeGreaterThan(client);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(600);
      await link.click();
      await page.waitForURL(/\/id\/recommendation\/KZ\/2\//);
      expect(await text(page.locator('h1'))).toMatch(/^Recommendation /);
      await page.close();
    });

    it("names the ontology's terms and concepts by their labels, and a row's resource by the row's label", async () => {
      const page = await open('/?run=search&text=Ratel#q-search');
      const row = page.locator('.card[data-query="search"] .result tbody tr', { hasText: 'Blocking of the Ratel.kz website' });
      await row.waitFor();
      const [resource, , type] = await row.locator('td').all();
      expect(await resource.locator('a').textContent()).toBe('Blocking of the Ratel.kz website');
      expect(await resource.locator('a').getAttribute('href')).toBe('/id/case/ratel-kz-blocking');
      expect(await type.locator('a').textContent()).toBe('case');
      expect(await type.locator('a').getAttribute('href')).toBe('/ontology#Case');
      await page.close();
    });

    it('offers CSV, TSV and JSON downloads of the same result', async () => {
      const page = await open(`/?run=sources-of&resource=${encodeURIComponent(BAYDALINA_CASE)}#q-sources-of`);
      const card = page.locator('.card[data-query="sources-of"]');
      await card.locator('.result table tbody tr').first().waitFor();
      const rows = await card.locator('.result table tbody tr').count();
      const links = card.locator('.downloads a');
      expect(await links.allTextContents()).toEqual(['CSV', 'TSV', 'JSON']);
      const csv = await fetch(new URL((await links.nth(0).getAttribute('href')) ?? '', current().server.url));
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect((await csv.text()).trim().split('\r\n').length).toBe(rows + 1);
      const tsv = await fetch(new URL((await links.nth(1).getAttribute('href')) ?? '', current().server.url));
      expect(tsv.headers.get('content-type')).toMatch(/^text\/tab-separated-values/);
      await page.close();
    });

    it('runs a saved query from the editor with its form, refusing without the required value, and reopens it from the URL', async () => {
      const page = await open('/#query');
      await page.locator('#editor .CodeMirror').waitFor();
      await page.getByLabel('Start from a saved query').selectOption('sources-of');
      const form = page.locator('#editor-form form.params');
      await page.locator('#editor .yasqe_queryButton').click();
      expect(await text(form.locator('.form-error'))).toContain('Give a value for resource (required)');
      expect(await page.locator('#editor-results table').count()).toBe(0);
      await form.getByRole('button', { name: `e.g. id:person/guzyal-baydalina` }).click();
      await page.locator('#editor .yasqe_queryButton').click();
      await page.locator('#editor-results table tbody tr').first().waitFor();
      const rows = await rowsOf(page, '#editor-results');
      expect(new URL(page.url()).hash).toBe('#query');
      const reopened = await open(`${new URL(page.url()).pathname + new URL(page.url()).search}#query`);
      await reopened.locator('#editor-results table tbody tr').first().waitFor();
      expect(await rowsOf(reopened, '#editor-results')).toEqual(rows);
      expect(await reopened.getByLabel('Start from a saved query').inputValue()).toBe('sources-of');
      await reopened.close();
      await page.close();
    });

    it('gives typed SPARQL a link that reopens it, and lists it among the recent queries', async () => {
      const page = await open('/#query');
      await page.locator('#editor .CodeMirror').waitFor();
      const query = 'PREFIX upr: <https://w3id.org/upr-graph/ontology#>\nSELECT (COUNT(?c) AS ?cases) WHERE { ?c a upr:Case }';
      await page.evaluate((q) => (window as unknown as { uprYasqe: { setValue(t: string): void } }).uprYasqe.setValue(q), query);
      await page.locator('#editor .yasqe_queryButton').click();
      await page.locator('#editor-results table tbody tr').first().waitFor();
      const count = await text(page.locator('#editor-results td'));
      expect(count).toMatch(/^\d+$/);
      expect(new URL(page.url()).searchParams.get('query')).toBe(query);
      await page.locator('#history summary').click();
      const recent = page.locator('#history li a').first();
      expect(await recent.textContent()).toBe('SPARQL: SELECT (COUNT(?c) AS ?cases) WHERE { ?c a upr:Case }');
      const fresh = await current().newContext();
      const shared = await current().open(`${new URL(page.url()).pathname + new URL(page.url()).search}#query`, fresh);
      await shared.locator('#editor-results table tbody tr').first().waitFor();
      expect(await text(shared.locator('#editor-results td'))).toBe(count);
      expect(await shared.evaluate(() => (window as unknown as { uprYasqe: { getValue(): string } }).uprYasqe.getValue())).toBe(query);
      const shot = readmeShot('query-ui.png');
      if (shot) await page.locator('#query').screenshot({ path: shot });
      // The editor's share button gives the same permalink.
      await page.locator('#editor .yasqe_share').click();
      const shareLink = await page.locator('#editor .yasqe_sharePopup input, #editor .yasqe_sharePopup textarea').first().inputValue();
      expect(new URL(shareLink).searchParams.get('query')).toBe(query);
      await fresh.close();
      await page.close();
    });

    it('says why a query failed, in the words of the parser, and answers an ASK as yes or no', async () => {
      const page = await open('/#query');
      await page.locator('#editor .CodeMirror').waitFor();
      const setText = (q: string) =>
        page.evaluate((t) => (window as unknown as { uprYasqe: { setValue(t: string): void } }).uprYasqe.setValue(t), q);
      await setText('SELECT * WHERE { ?s ?p }');
      await page.locator('#editor .yasqe_queryButton').click();
      expect(await text(page.locator('#editor-results', { hasText: 'The query failed' }))).toMatch(
        /^The query failed: .*(Parse error|expected|Unexpected)/is,
      );
      await setText('ASK { ?s a <https://w3id.org/upr-graph/ontology#Case> }');
      await page.locator('#editor .yasqe_queryButton').click();
      expect(await text(page.locator('#editor-results .caption'))).toBe('Answer: yes');
      expect(await page.locator('#editor-results .downloads a').allTextContents()).toEqual(['JSON']);
      await page.close();
    });

    it('searches from the header of any page for a recommendation number and lands on its page', async () => {
      const page = await open('/id/');
      await page.getByRole('searchbox', { name: 'Search' }).fill('124.4');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/\/search\?q=124\.4/);
      await page.getByRole('link', { name: 'Recommendation 124.4 (Brazil) to Kazakhstan, second UPR cycle' }).click();
      await page.waitForURL('**/id/recommendation/KZ/2/124.4');
      expect(await text(page.locator('h1'))).toBe('Recommendation 124.4 (Brazil) to Kazakhstan, second UPR cycle');
      await page.close();
    });

    itNeverLeftTheServer(current);
  },
);
