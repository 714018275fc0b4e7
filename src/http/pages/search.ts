// The search box's answer, /search?q=…: the `search` saved query run through
// the engine with the text bound as a typed parameter (never spliced into the
// query), its rows listed as links to the local pages. No saved query, no page.
import type { Request, Response } from 'express';
import { negotiate } from '../../negotiate.js';
import { bindParameters, ParameterError } from '../../saved-queries.js';
import { badRequest, notAcceptable, notFound } from '../errors.js';
import { formValue } from './forms.js';
import { html } from './html.js';
import { labelOf, type Vocabulary } from './labels.js';
import { page, sendPage } from './layout.js';
import { link } from './render.js';
import type { Site } from './site.js';

/** The saved query that answers the search box. */
export const SEARCH_QUERY = 'search';
/** Longer texts are refused: nobody types them, and CONTAINS over every label pays for each character. */
export const MAX_SEARCH_LENGTH = 200;

interface Hit {
  iri: string;
  label: string;
  types: string[];
}

/** The rows of the search query, one hit per resource with all its types, in the query's order. */
function hitsOf(rows: Array<Record<string, { value: string }>>): Hit[] {
  const hits = new Map<string, Hit>();
  for (const row of rows) {
    const hit = hits.get(row.resource.value) ?? { iri: row.resource.value, label: row.label.value, types: [] };
    if (row.type && !hit.types.includes(row.type.value)) hit.types.push(row.type.value);
    hits.set(hit.iri, hit);
  }
  return [...hits.values()];
}

function resultsMain(text: string, hits: Hit[], vocab: Vocabulary, truncated: boolean) {
  if (!text)
    return html`<h1>Search</h1>
<p>Type a label, a name or a number (such as <code>124.4</code>) into the search box above.</p>`;
  const found = hits.length === 0 ? 'Nothing found' : `${hits.length} ${hits.length === 1 ? 'resource' : 'resources'} found`;
  return html`<h1>Search: “${text}”</h1>
<p class="search-summary">${found}${truncated ? ' (the first ones only: narrow the search)' : ''}. Labels, names, other names, identifiers and recommendation numbers are searched, ignoring case.
The same answer comes from the saved query <a href="${`/?run=${SEARCH_QUERY}&text=${encodeURIComponent(text)}#q-${SEARCH_QUERY}`}">${SEARCH_QUERY}</a>.</p>
${
  hits.length
    ? html`<ol class="search-results">
${hits.map((h) => html`<li>${link(h.iri, h.label)} <span class="types">${h.types.map((t) => labelOf(vocab, t)).join(', ')}</span> <code>${formValue(h.iri)}</code></li>\n`)}
</ol>`
    : ''
}`;
}

/** GET /search?q=…: HTML only (406 otherwise); a 400 page for a text that is too long. */
export function searchHandler(site: Site) {
  return async (req: Request, res: Response): Promise<void> => {
    if (!negotiate('page', { accept: req.get('Accept') })) throw notAcceptable(['text/html']);
    const query = site.queries.get(SEARCH_QUERY);
    if (!query) throw notFound(req.path);
    const raw = req.query.q;
    const text = (Array.isArray(raw) ? String(raw[0] ?? '') : String(raw ?? '')).trim();
    if (text.length > MAX_SEARCH_LENGTH)
      throw badRequest(`the search text is ${text.length} characters long; at most ${MAX_SEARCH_LENGTH} are searched.`);
    let hits: Hit[] = [];
    let truncated = false;
    if (text) {
      const bindings = (() => {
        try {
          return bindParameters(query, { text });
        } catch (error) {
          throw error instanceof ParameterError ? badRequest(error.message) : error;
        }
      })();
      const result = await site.engine.select(query.text, { bindings, maxRows: site.config.maxRows });
      hits = hitsOf(result.rows);
      truncated = result.truncated;
    }
    const vocab = await site.vocabulary();
    res.vary('Accept');
    sendPage(res, 200, page({ title: text ? `Search: ${text}` : 'Search', search: text }, resultsMain(text, hits, vocab, truncated)));
  };
}
