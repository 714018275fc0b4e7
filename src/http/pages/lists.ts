// Browsing by class: /id/ lists the classes with their counts, /classes/{curie}
// the resources of one class.
import type { NextFunction, Request, Response } from 'express';
import { ID, NS, shorten } from '../../namespaces.js';
import { html } from './html.js';
import { labelOf, preferredComment, preferredLabel } from './labels.js';
import { page, sendPage } from './layout.js';
import { compareLabels, firstUpper, link, literal } from './render.js';
import { type Site, sparqlIri } from './site.js';

/** GET /id and /id/: the classes, each with its number of resources (/id redirects to /id/). */
export function browseHandler(site: Site) {
  return async (req: Request, res: Response): Promise<void> => {
    if (req.path !== '/id/') {
      res.redirect(301, '/id/');
      return;
    }
    const [vocab, counts] = await Promise.all([site.vocabulary(), site.classCounts()]);
    const main = html`
<h1>Browse the graph</h1>
<p>Every resource of the graph has an IRI under <code>${ID}</code>, served here under <code>/id/</code>. Choose a class:</p>
<table>
<caption>Classes, with the number of resources of each</caption>
<thead><tr><th scope="col">Class</th><th scope="col" class="num">Resources</th><th scope="col">About the class</th></tr></thead>
<tbody>
${counts.map(
  (c) =>
    html`<tr><td><a href="${`/classes/${shorten(c.iri)}`}">${labelOf(vocab, c.iri)}</a> <code>${shorten(c.iri)}</code></td><td class="num">${c.count}</td><td>${vocab.terms.get(c.iri)?.comment ?? ''}</td></tr>\n`,
)}
</tbody>
</table>`;
    sendPage(res, 200, page({ title: 'Browse', current: 'browse' }, main));
  };
}

/** The class a `prefix:Local` path names, or undefined when it names none. */
function classOfCurie(curie: string): string | undefined {
  const [prefix, local] = curie.split(':');
  const ns = (NS as Record<string, string>)[prefix ?? ''];
  if (!ns || local === undefined || !/^[A-Za-z0-9_.-]+$/.test(local)) return undefined;
  return ns + local;
}

/** GET /classes/{curie}: the resources of the class, by label; a class without resources is left to the 404. */
export function classHandler(site: Site) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const classIri = classOfCurie(String(req.params.curie));
    if (!classIri) return next();
    const [vocab, rows] = await Promise.all([
      site.vocabulary(),
      site.select(`SELECT ?s (MIN(?l) AS ?label) (MIN(?c) AS ?comment) WHERE {
        ?s a ${sparqlIri(classIri)} FILTER(STRSTARTS(STR(?s), "${ID}"))
        ${preferredLabel('?s', 'l')} ${preferredComment('?s', 'c')}
      } GROUP BY ?s ORDER BY LCASE(STR(?label)) ?s`),
    ]);
    if (rows.length === 0) return next();
    // Numbers in labels by value: "Recommendation 124.4" before "Recommendation 124.39", "Article 2" before "Article 19".
    rows.sort((a, b) => compareLabels(a.label?.value ?? a.s.value, b.label?.value ?? b.s.value) || a.s.value.localeCompare(b.s.value));
    const name = labelOf(vocab, classIri);
    const main = html`
<h1>${firstUpper(name)}</h1>
<p>${vocab.terms.get(classIri)?.comment ?? ''} ${link(classIri, `The class ${shorten(classIri)}`)}.</p>
<table>
<caption>${rows.length} resources of the class ${name}</caption>
<thead><tr><th scope="col">Resource</th><th scope="col">Summary</th></tr></thead>
<tbody>
${rows.map((r) => html`<tr><td>${link(r.s.value, r.label?.value)}</td><td>${r.comment ? literal(r.comment) : ''}</td></tr>\n`)}
</tbody>
</table>`;
    sendPage(res, 200, page({ title: firstUpper(name), current: 'browse' }, main));
  };
}
