// Where a browser lands (issue 17), in Debian's Chromium driven by
// playwright-core against the real server (start(): the repository's data, its
// downloads and saved queries) on port 0: the downloads page, /sparql opening
// the editor, the ontology as a reference with its class diagram, and numbers
// in order. Every request to another origin is blocked and recorded; the test
// fails on any, and on any Content-Security-Policy violation or page error.
// Screenshots land in test/screenshots/ (git-ignored).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { start, type RunningServer } from '../../src/server.js';
import { ROOT } from '../support/graph.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const SCREENSHOTS = path.join(ROOT, 'test/screenshots');

describe.skipIf(!available)(
  available ? 'where a browser lands, in Chromium' : `where a browser lands (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`,
  () => {
    let server: RunningServer;
    let browser: Browser;
    let context: BrowserContext;
    const offsite: string[] = [];
    const violations: string[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      [server, browser] = await Promise.all([
        start(loadConfig({}, { root: ROOT, host: '127.0.0.1', port: 0, workers: 1 }), { log: () => {} }),
        chromium.launch({
          executablePath: CHROMIUM,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        }),
      ]);
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const origin = new URL(server.url).origin;
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (new URL(url).origin === origin) return route.continue();
        offsite.push(url);
        return route.abort('blockedbyclient');
      });
    }, 120_000);

    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await server?.close();
    }, 60_000);

    async function open(p: string): Promise<Page> {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
      });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${server.url}${p}`);
      return page;
    }

    it('follows the footer’s “downloads” to a page listing each file with its size, count, checksum and format', async () => {
      const page = await open('/');
      await page.getByRole('contentinfo').getByRole('link', { name: 'downloads' }).click();
      await page.waitForURL('**/dump/');
      expect(await page.locator('h1').textContent()).toBe('Downloads');
      const listing = (await (await fetch(`${server.url}/dump/`)).json()) as {
        files: Array<{ path: string; sha256: string; count: number; countOf: string }>;
      };
      const rows = page.locator('table.downloads tbody tr');
      expect(await rows.count()).toBe(listing.files.length);
      const nquads = listing.files.find((f) => f.path === 'upr-graph.nq');
      expect(nquads).toBeDefined();
      const row = rows.filter({ has: page.getByRole('link', { name: 'upr-graph.nq', exact: true }) });
      const cells = (await row.locator('td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
      expect(cells[1]).toBe('N-Quads application/n-quads');
      expect(cells[2]).toMatch(/^\d+(\.\d)? (KiB|MiB) [\d,]+ bytes gzip \d+(\.\d)? (KiB|MiB)$/);
      expect(cells[3]).toBe(`${nquads?.count.toLocaleString('en-GB')} quads`);
      expect(await row.locator('code.checksum').textContent()).toBe(nquads?.sha256);
      // Every value is read whole on one line (no word broken), and the table fits the page: nothing to scroll sideways.
      const checksum = await row.locator('code.checksum').boundingBox();
      expect(checksum?.height).toBeLessThan(20);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'downloads.png'), fullPage: true });
      await page.close();
    });

    it('opens the query editor from /sparql, and the footer’s “SPARQL endpoint” too', async () => {
      const page = await open('/sparql');
      await page.waitForURL('**/#query');
      await page.locator('#yasgui .CodeMirror').waitFor();
      expect(await page.locator('#query-heading').isVisible()).toBe(true);
      await page.getByRole('contentinfo').getByRole('link', { name: 'SPARQL endpoint' }).click();
      await page.waitForURL('**/#query');
      await page.close();
    });

    it('shows the ontology as a reference: the class diagram, each class with its properties, each scheme with its slugs', async () => {
      const page = await open('/ontology');
      const diagram = page.locator('figure.diagram img');
      await diagram.scrollIntoViewIfNeeded();
      await expect.poll(() => diagram.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(960);
      const caseClass = page.locator('article#Case');
      const properties = caseClass.locator('table.properties tbody tr');
      expect(await properties.filter({ has: page.getByRole('link', { name: 'upr:prosecutedUnder', exact: true }) }).count()).toBe(1);
      const source = properties.filter({ has: page.getByRole('link', { name: 'dcterms:source', exact: true }) });
      expect((await source.textContent())?.replace(/\s+/g, ' ')).toMatch(/Dublin Core \(reused\)/);
      // A property leads to its entry, whose domain leads back to the class.
      await properties.getByRole('link', { name: 'upr:prosecutedUnder', exact: true }).click();
      await page.waitForURL('**/ontology#prosecutedUnder');
      const entry = page.locator('article#prosecutedUnder');
      expect(await entry.isVisible()).toBe(true);
      await entry.getByRole('link', { name: 'upr:Case', exact: true }).click();
      await page.waitForURL('**/ontology#Case');
      // Concept schemes list their concepts by slug.
      const status = page.locator('article.scheme', { has: page.locator('h3', { hasText: 'status:' }) });
      const notImplemented = status.locator('tr', { hasText: 'status:not-implemented' });
      expect(await notImplemented.count()).toBe(1);
      expect(await notImplemented.getByRole('link').getAttribute('href')).toBe('/id/status/not-implemented');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'ontology.png'), fullPage: true });
      await page.close();
    });

    it('draws the diagram with a box per card class and an arrow per link', async () => {
      const page = await open('/ontology/diagram.svg');
      const boxes = await page.locator('svg > a > text').allTextContents();
      expect(boxes.sort()).toEqual(['Case', 'Media outlet', 'Person', 'Provision', 'Recommendation', 'Source']);
      expect(await page.locator('svg line[marker-end]').count()).toBeGreaterThan(8);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'class-diagram.png') });
      await page.close();
    });

    it('lists recommendations by number as people read them: 124.4 before 124.39', async () => {
      const page = await open('/classes/upr:Recommendation');
      const links = await page.locator('table tbody tr td:first-child a').allTextContents();
      const at = (n: string) => links.findIndex((l) => l.startsWith(`Recommendation ${n} `));
      expect(at('124.4')).toBeGreaterThanOrEqual(0);
      expect(at('124.4')).toBeLessThan(at('124.5'));
      expect(at('124.5')).toBeLessThan(at('124.39'));
      await page.close();
    });

    it('reads on a phone without the page scrolling sideways (wide tables scroll in their own box)', async () => {
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      await phone.route('**/*', (route) => {
        if (new URL(route.request().url()).origin === new URL(server.url).origin) return route.continue();
        offsite.push(route.request().url());
        return route.abort('blockedbyclient');
      });
      const page = await phone.newPage();
      for (const p of ['/dump/', '/ontology']) {
        await page.goto(`${server.url}${p}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), p).toBeLessThanOrEqual(390);
      }
      await phone.close();
    });

    it('never left the server and broke no policy', () => {
      expect(offsite).toEqual([]);
      expect(violations).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  },
);
