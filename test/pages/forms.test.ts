// The saved queries' forms on the home page, as the server writes them from
// the `#+` headers (real app, port 0): one typed field per parameter, required
// ones marked, concept schemes and enums as selects, IRI fields as pickers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPagesServer, type PagesServer } from './support.js';

let server: PagesServer;
let home: string;

beforeAll(async () => {
  server = await startPagesServer();
  home = await (await fetch(`${server.url}/`, { headers: { Accept: 'text/html' } })).text();
}, 60_000);
afterAll(() => server?.close());

/** The form of one gallery card. */
function formOf(name: string): string {
  const card = new RegExp(`<article class="card" data-query="${name}">([\\s\\S]*?)</article>`).exec(home);
  if (!card) throw new Error(`no card for ${name}`);
  const form = /<form class="params"[\s\S]*?<\/form>/.exec(card[1]);
  if (!form) throw new Error(`no form in the card of ${name}`);
  return form[0];
}

/** The field (input or select, with its options) named `name` in a form. */
function fieldOf(form: string, name: string): string {
  const field = new RegExp(`<(input|select) [^>]*name="${name}"[^>]*>(?:[\\s\\S]*?</select>)?`).exec(form);
  if (!field) throw new Error(`no field ${name} in ${form}`);
  return field[0];
}

describe('saved queries as forms', () => {
  it('gives every card a form that runs its query by its permalink, with one field per parameter', async () => {
    const listed = (await (await fetch(`${server.url}/api/queries`)).json()) as Array<{
      name: string;
      needsNetwork: boolean;
      parameters: Array<{ name: string }>;
    }>;
    for (const q of listed.filter((q) => !q.needsNetwork)) {
      const form = formOf(q.name);
      expect(form).toContain(`<form class="params" action="/" method="get" novalidate data-query="${q.name}">`);
      expect(form).toContain(`<input type="hidden" name="run" value="${q.name}">`);
      expect(form.match(/ data-type="/g)?.length ?? 0, q.name).toBe(q.parameters.length);
      for (const p of q.parameters) fieldOf(form, p.name);
    }
  });

  it('marks a required IRI parameter and makes it a picker, with its example to fill in', () => {
    const form = formOf('sources-of');
    expect(form).toMatch(/<label for="p-sources-of-resource">resource <span class="required">\(required\)<\/span><\/label>/);
    const field = fieldOf(form, 'resource');
    expect(field).toContain('data-type="iri"');
    expect(field).toContain('list="p-sources-of-resource-options"');
    expect(field).toContain('required aria-required="true"');
    expect(form).toContain('data-value="id:person/guzyal-baydalina">e.g. id:person/guzyal-baydalina</button>');
  });

  it('offers a concept scheme as a select of its concepts, by label', () => {
    const response = fieldOf(formOf('recommendations'), 'response');
    expect(response).toMatch(/^<select /);
    expect(response).toContain('<option value="">any</option>');
    expect(response).toContain('<option value="response:supported">supported</option>');
    expect(response).toContain('<option value="response:noted">noted</option>');
    const status = fieldOf(formOf('recommendations'), 'status');
    expect(status).toContain('<option value="status:not-implemented">not implemented</option>');
  });

  it('types dates, numbers and booleans, and says what an empty field falls back to', () => {
    expect(fieldOf(formOf('timeline'), 'from')).toContain('type="date"');
    const number = fieldOf(formOf('paragraph'), 'number');
    expect(number).toContain('type="number"');
    expect(number).toContain('data-default="9"');
    expect(number).not.toContain('required');
    expect(fieldOf(formOf('officials-shield'), 'exemption')).toContain('<option value="true">yes</option>');
    expect(fieldOf(formOf('penalty-ladder'), 'article')).toContain('placeholder="default: id:provision/KZ/criminal-code-2014/art-274"');
  });

  it('gives values the API accepts: a concept as the form writes it selects the same rows as its full IRI', async () => {
    const rows = async (value: string) =>
      (
        (await (await fetch(`${server.url}/api/queries/recommendations?status=${encodeURIComponent(value)}`)).json()) as {
          results: { bindings: unknown[] };
        }
      ).results.bindings;
    const short = await rows('status:not-implemented');
    expect(short.length).toBeGreaterThan(0);
    expect(short).toEqual(await rows('https://w3id.org/upr-graph/id/status/not-implemented'));
  });
});
