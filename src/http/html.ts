// HTML written safely by default: the `html` template escapes every value it
// is given unless the value is itself Html, so markup is only ever built from
// the literal parts of templates. The page frame (head, landmarks, navigation)
// and the Content-Security-Policy of every page are here too.

/** Markup that is already safe to write. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = Html | string | number | boolean | null | undefined | Value[];

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function write(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(write).join('');
  return escapeHtml(String(value));
}

/** A template of markup: the literal parts are kept, every interpolated value is escaped (Html passes as is). */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0];
  values.forEach((value, i) => {
    out += write(value) + strings[i + 1];
  });
  return new Html(out);
}

/**
 * JSON for a <script type="application/ld+json"> (or application/json) block:
 * `<` is escaped so no value can close the script element, `>` and `&` so none
 * can open a comment or character reference, and U+2028/9 for old parsers.
 */
export function jsonForScript(value: unknown): Html {
  return new Html(
    JSON.stringify(value, null, 2)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}

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
