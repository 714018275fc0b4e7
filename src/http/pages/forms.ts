// A saved query's parameters as a form, generated from its `#+` header: one
// typed input per parameter (an IRI picker, a date, a number, a select for an
// enum or a concept scheme), required ones marked. The form is a GET to the
// home page's permalink (`/?run=NAME&…`); assets/workbench.js runs it through
// /api/queries/NAME, so the values go through the API's typed binding.
import { NS } from '../../namespaces.js';
import { PERMALINK_PARAMETERS, type ParameterSpec, type SavedQuery } from '../../saved-queries.js';
import { html, type Html } from './html.js';
import type { Vocabulary } from './labels.js';

/** The permalink parameter naming the saved query to run (reserved: no saved query has a parameter of this name). */
const [RUN_PARAMETER] = PERMALINK_PARAMETERS;

/**
 * An IRI as a form writes it: the longest project prefix and the rest, slashes
 * and all (`id:person/guzyal-baydalina`), which the API expands back; the IRI
 * itself when no prefix fits. The picker (assets/forms.js) writes values alike.
 */
export function formValue(iri: string): string {
  const prefix = Object.entries(NS)
    .filter(([, ns]) => iri.startsWith(ns))
    .sort((a, b) => b[1].length - a[1].length)[0];
  return prefix ? `${prefix[0]}:${iri.slice(prefix[1].length)}` : iri;
}

interface Choice {
  value: string;
  label: string;
}

/**
 * The values a parameter may take, when they are few and known: the header's
 * `enum`, else, for an IRI parameter named after one of the project's concept
 * prefixes (`theme`, `response`, `status`, `role`, `casetype`, `basis`…), the
 * ontology's concepts under that prefix. Undefined means "any value of the type".
 */
export function choicesOf(spec: ParameterSpec, vocab: Vocabulary): Choice[] | undefined {
  const label = (value: string) => vocab.terms.get(value)?.label ?? value;
  if (spec.enum) return spec.enum.map((value) => ({ value, label: spec.type === 'iri' ? label(value) : value }));
  if (spec.type === 'boolean') return ['true', 'false'].map((value) => ({ value, label: value === 'true' ? 'yes' : 'no' }));
  const ns = (NS as Record<string, string>)[spec.name];
  if (spec.type !== 'iri' || !ns || !ns.startsWith(NS.id)) return undefined;
  const concepts = [...vocab.terms.values()].filter((t) => t.iri.startsWith(ns) && !t.iri.slice(ns.length).includes('/'));
  if (concepts.length === 0) return undefined;
  return concepts.map((t) => ({ value: formValue(t.iri), label: t.label })).sort((a, b) => a.label.localeCompare(b.label));
}

const INPUT_TYPES: Partial<Record<ParameterSpec['type'], string>> = { integer: 'number', decimal: 'number', date: 'date' };

function input(spec: ParameterSpec, id: string, choices: Choice[] | undefined): Html {
  const required = spec.required && spec.default === undefined;
  // The value the API uses when the field is left empty, said in the field and in the result's caption.
  const fallback = spec.default !== undefined && spec.type === 'iri' ? formValue(spec.default) : spec.default;
  const defaultAttribute = fallback !== undefined ? html` data-default="${fallback}"` : '';
  if (choices) {
    const empty = required ? 'Choose…' : fallback !== undefined ? `default: ${fallback}` : 'any';
    return html`<select id="${id}" name="${spec.name}" data-type="${spec.type}"${defaultAttribute}${required ? html` required aria-required="true"` : ''}>
<option value="">${empty}</option>${choices.map((c) => html`<option value="${c.value}">${c.label}</option>`)}
</select>`;
  }
  const type = INPUT_TYPES[spec.type] ?? 'text';
  const placeholder = fallback !== undefined ? `default: ${fallback}` : spec.type === 'iri' ? 'type a name to search' : '';
  const picker = spec.type === 'iri' ? html` list="${`${id}-options`}" autocomplete="off" spellcheck="false"` : '';
  const step = spec.type === 'decimal' ? html` step="any"` : spec.type === 'integer' ? html` step="1"` : '';
  return html`<input id="${id}" name="${spec.name}" type="${type}" data-type="${spec.type}"${defaultAttribute}${step}${picker}${
    placeholder ? html` placeholder="${placeholder}"` : ''
  }${required ? html` required aria-required="true"` : ''}>${
    spec.type === 'iri' ? html`<datalist id="${`${id}-options`}"></datalist><span class="picked" aria-live="polite"></span>` : ''
  }`;
}

/** One field: the label (with "required"), the typed input, what it is and an example to fill in. */
function field(query: SavedQuery, spec: ParameterSpec, vocab: Vocabulary): Html {
  const id = `p-${query.name}-${spec.name}`;
  const required = spec.required && spec.default === undefined;
  const example = spec.example !== undefined ? (spec.type === 'iri' ? formValue(spec.example) : spec.example) : undefined;
  return html`<div class="field">
<label for="${id}">${spec.name}${required ? html` <span class="required">(required)</span>` : ''}</label>
${input(spec, id, choicesOf(spec, vocab))}
<small>${spec.description ?? spec.type}${example ? html` · <button type="button" class="example" data-for="${id}" data-value="${example}">e.g. ${example}</button>` : ''}</small>
</div>`;
}

/** The form of a saved query: its fields (none for a query without parameters) and a Run button. */
export function parameterForm(query: SavedQuery, vocab: Vocabulary): Html {
  return html`<form class="params" action="/" method="get" novalidate data-query="${query.name}">
<input type="hidden" name="${RUN_PARAMETER}" value="${query.name}">
${query.parameters.map((p) => field(query, p, vocab))}
<p class="actions"><button type="submit" class="run">Run</button> <span class="form-error" role="alert"></span></p>
</form>`;
}
