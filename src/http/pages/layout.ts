// The frame every page shares (head, landmarks, site navigation, footer), the
// Content-Security-Policy of every page, and sending a page. A change to every
// page's header or footer is made here and nowhere else.
import type { Response } from 'express';
import { Html, html } from './html.js';

/**
 * The Content-Security-Policy of every page. Scripts and styles come only from
 * the server itself: no inline script (the page data travels in JSON blocks,
 * which are not executed), no eval. The one inline style allowed, by its hash,
 * is the constant column-resizing stylesheet YASR's table inserts as a <style>
 * element (yasgui 4.6.2); every other style YASGUI sets goes through the
 * CSSOM, which CSP does not restrict. (Allowing all inline styles would be the
 * alternative; the browser test fails on any CSP violation, so an upgrade of
 * YASGUI that needs more shows there.) connect-src 'self' keeps the editor and
 * the gallery on this server: no query can make the browser call another
 * origin, and YASQE's LOV completers could not reach the internet even if enabled.
 */
export const YASR_TABLE_STYLE_HASH = "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'self' ${YASR_TABLE_STYLE_HASH}`,
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface PageOptions {
  title: string;
  /** Which navigation entry is the current page. */
  current?: 'home' | 'browse' | 'ontology' | 'query';
  /** Extra elements for <head> (alternate links). */
  head?: Html;
  /** Scripts at the end of <body>, served from /assets/. */
  scripts?: string[];
  /** Extra stylesheets, served from /assets/. */
  styles?: string[];
}

/** A whole HTML document: landmarks, navigation, the main content and a footer. */
export function page(options: PageOptions, main: Html): string {
  const nav = (key: PageOptions['current'], href: string, label: string) =>
    html`<li><a href="${href}"${options.current === key ? new Html(' aria-current="page"') : ''}>${label}</a></li>`;
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${options.title} · UPR Graph</title>
${(options.styles ?? []).map((href) => html`<link rel="stylesheet" href="${href}">\n`)}<link rel="stylesheet" href="/assets/site.css">
${options.head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<nav aria-label="Site">
<a class="brand" href="/">UPR Graph</a>
<ul>
${nav('home', '/', 'Home')}
${nav('browse', '/id/', 'Browse')}
${nav('ontology', '/ontology', 'Ontology')}
${nav('query', '/#query', 'Query')}
</ul>
</nav>
</header>
<main id="main">
${main}
</main>
<footer class="site">
<p>UPR Graph: the 2019 ARTICLE 19 / Adil Soz submission on Kazakhstan to the UN Universal Periodic Review, as linked data.
<a href="/sparql">SPARQL endpoint</a> · <a href="/api/queries">saved queries (JSON)</a> · <a href="/dump/">downloads</a> · <a href="/context.jsonld">JSON-LD context</a></p>
</footer>
${(options.scripts ?? []).map((src) => html`<script src="${src}"></script>\n`)}</body>
</html>
`}`;
}

/** Sends a whole page with the headers every page carries (its CSP, nosniff, no referrer). */
export function sendPage(res: Response, status: number, body: string): void {
  res.status(status);
  res.set('Content-Type', 'text/html; charset=utf-8');
  res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'no-referrer');
  res.send(body);
}
