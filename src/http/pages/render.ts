// How a page writes a value: links inside the site for the project's IRIs and
// out for others, literals with their language, terms by their labels. One
// Render per page, so values look the same in every section of it.
import type * as RDF from '@rdfjs/types';
import { BASE, ID, NS, shorten } from '../../namespaces.js';
import { html, type Html } from './html.js';
import { labelOf, type Vocabulary } from './labels.js';

const ONTOLOGY_IRI = `${BASE}ontology`;

/** What a page's helpers do, passed to the sections that need them (statements.ts). */
export interface Render {
  value(term: RDF.Term, label?: RDF.Term): Html;
  link(iri: string, label?: string): Html;
  propertyLabel(iri: string): string;
  literal(term: RDF.Term): Html;
}

/** The path this server serves an IRI of the project at, or undefined for an IRI from elsewhere. */
export function localPath(iri: string): string | undefined {
  if (iri.startsWith(ID)) return `/id/${iri.slice(ID.length)}`;
  if (iri.startsWith(NS.upr)) return `/ontology#${iri.slice(NS.upr.length)}`;
  if (iri === ONTOLOGY_IRI || iri.startsWith(`${ONTOLOGY_IRI}/`)) return '/ontology';
  return undefined;
}

export const firstUpper = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const BY_NUMBERS = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Compares labels as people read them: case aside, runs of digits by value ("Recommendation 124.4" before "124.39"). */
export const compareLabels = (a: string, b: string): number => BY_NUMBERS.compare(a, b);

/** A link to a resource: inside the site for the project's IRIs, out for others. */
export function link(iri: string, label?: string): Html {
  const local = localPath(iri);
  if (local) return html`<a href="${local}">${label ?? shorten(iri)}</a>`;
  if (/^https?:\/\//.test(iri)) return html`<a href="${iri}" rel="external noopener noreferrer">${label ?? iri}</a>`;
  return html`<span>${label ?? iri}</span>`;
}

/** A literal as text, with its language tag as lang. */
export function literal(term: RDF.Term): Html {
  if (term.termType !== 'Literal') return html`${term.value}`;
  if (term.language) return html`<span lang="${term.language}">${term.value}</span>`;
  return html`<span>${term.value}</span>`;
}

/** A term as a page shows it: an IRI as a link (by the label given, else the ontology's), a literal as text. */
export function value(vocab: Vocabulary, term: RDF.Term, label?: RDF.Term): Html {
  if (term.termType === 'NamedNode') return link(term.value, label?.value ?? vocab.terms.get(term.value)?.label);
  return literal(term);
}

export function renderer(vocab: Vocabulary): Render {
  return {
    value: (term, label) => value(vocab, term, label),
    link,
    literal,
    propertyLabel: (p) => labelOf(vocab, p),
  };
}
