// What every browser test needs: Debian's Chromium driven by playwright-core
// against the real app on port 0 (the 2019 graph plus a hostile fixture), with
// every request to another origin blocked and recorded, and every dialog,
// Content-Security-Policy violation and page error recorded, so that a test
// can fail on any of them.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from '../support/graph.js';
import { startPagesServer, type PagesServer } from '../pages/support.js';

export const CHROMIUM = '/usr/bin/chromium';
export const available = existsSync(CHROMIUM);
export const SCREENSHOTS = path.join(ROOT, 'test/screenshots');
export const README_SCREENSHOTS = path.join(ROOT, 'test/readme-screenshots');

if (!available) console.warn(`browser tests skipped: ${CHROMIUM} is absent (install it with apt-get install -y chromium)`);

export interface BrowserSession {
  server: PagesServer;
  browser: Browser;
  context: BrowserContext;
  /** Requests to another origin, blocked. */
  offsite: string[];
  dialogs: string[];
  violations: string[];
  pageErrors: string[];
  /** A new page of the shared context at a path of the server, watched for dialogs, CSP violations and errors. */
  open(p: string, context?: BrowserContext): Promise<Page>;
  /** A new context (its own storage), with the same off-origin guard. */
  newContext(options?: Parameters<Browser['newContext']>[0]): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startBrowserSession(): Promise<BrowserSession> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const [server, browser] = await Promise.all([
    startPagesServer(),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    }),
  ]);
  const origin = new URL(server.url).origin;
  const session: BrowserSession = {
    server,
    browser,
    context: undefined as unknown as BrowserContext,
    offsite: [],
    dialogs: [],
    violations: [],
    pageErrors: [],
    async newContext(options = { viewport: { width: 1280, height: 900 } }) {
      const context = await browser.newContext(options);
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (new URL(url).origin === origin) return route.continue();
        session.offsite.push(url);
        return route.abort('blockedbyclient');
      });
      return context;
    },
    async open(p, context = session.context) {
      const page = await context.newPage();
      page.on('dialog', (dialog) => {
        session.dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) session.violations.push(message.text());
      });
      page.on('pageerror', (error) => session.pageErrors.push(error.message));
      await page.goto(`${server.url}${p}`);
      return page;
    },
    async close() {
      await session.context?.close();
      await browser.close();
      await server.close();
    },
  };
  session.context = await session.newContext();
  return session;
}

/** The text of the first element a locator finds, once it is there. */
export async function text(locator: ReturnType<Page['locator']>): Promise<string | undefined> {
  await locator.first().waitFor();
  return (await locator.first().textContent())?.trim();
}

/** Where a README screenshot is written: only when it is missing or UPDATE_README_SCREENSHOTS=1. */
export function readmeShot(name: string): string | undefined {
  mkdirSync(README_SCREENSHOTS, { recursive: true });
  const file = path.join(README_SCREENSHOTS, name);
  return process.env.UPDATE_README_SCREENSHOTS === '1' || !existsSync(file) ? file : undefined;
}

/**
 * A browser session for the suite it is called in: started before its tests,
 * closed after them. `session()` is the session, `open(path)` opens a page.
 */
export function suiteSession(): { session: () => BrowserSession; open: (p: string) => Promise<Page> } {
  let current: BrowserSession | undefined;
  beforeAll(async () => {
    current = await startBrowserSession();
  }, 60_000);
  afterAll(() => current?.close(), 60_000);
  const session = () => {
    if (!current) throw new Error('the browser session has not started');
    return current;
  };
  return { session, open: (p) => session().open(p) };
}

/** The suite's last test: no request left the server, no dialog opened, no policy was broken, no script failed. */
export function itNeverLeftTheServer(session: () => BrowserSession): void {
  it('never left the server, fired no dialog and broke no policy', () => {
    expect(session().offsite).toEqual([]);
    expect(session().dialogs).toEqual([]);
    expect(session().violations).toEqual([]);
    expect(session().pageErrors).toEqual([]);
  });
}
