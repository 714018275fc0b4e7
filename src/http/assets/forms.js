// The saved queries' parameter forms (rendered by src/http/pages/forms.ts) made
// live: an IRI field searches the graph's labels as you type (the `search`
// saved query, on this server) and offers the matches; "e.g." buttons fill in
// the example; reading a form says which required values are missing, so
// nothing runs with a required parameter unbound.
(() => {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script (not a module), so strict mode must be asked for.
  'use strict';
  const SEARCH = '/api/queries/search';
  const WAIT_MS = 250;

  /** Offers the resources whose label, name or number contains the text typed into an IRI field. */
  function picker(input, prefixes) {
    const list = document.getElementById(input.getAttribute('list'));
    const picked = input.parentElement.querySelector('.picked');
    const labels = new Map();
    let timer = null;
    let asked = '';
    const showPicked = () => {
      if (picked) picked.textContent = labels.get(input.value) || '';
    };
    async function search(text) {
      asked = text;
      const response = await fetch(`${SEARCH}?text=${encodeURIComponent(text)}`, {
        headers: { Accept: 'application/sparql-results+json' },
      });
      if (!response.ok || asked !== text) return;
      const json = await response.json();
      const options = [];
      for (const b of json.results.bindings) {
        const value = window.UprResults.shorten(prefixes, b.resource.value);
        if (labels.has(value) && options.some((o) => o.value === value)) continue;
        labels.set(value, b.label.value);
        const option = document.createElement('option');
        option.value = value;
        option.textContent = b.label.value;
        options.push(option);
      }
      list.replaceChildren(...options.slice(0, 50));
      showPicked();
    }
    input.addEventListener('input', () => {
      showPicked();
      clearTimeout(timer);
      const text = input.value.trim();
      // A prefixed name or an IRI is a value already, not a text to look for.
      if (text.length < 2 || /^[a-z][a-z0-9+.-]*:/i.test(text)) return;
      timer = setTimeout(() => search(text).catch(() => {}), WAIT_MS);
    });
  }

  /** Wires one form: its IRI pickers and its example buttons. */
  function enhance(form, prefixes) {
    for (const input of form.querySelectorAll('input[data-type="iri"][list]')) picker(input, prefixes);
    for (const button of form.querySelectorAll('button.example')) {
      button.addEventListener('click', () => {
        const target = form.querySelector(`#${CSS.escape(button.dataset.for)}`);
        target.value = button.dataset.value;
        target.dispatchEvent(new Event('input', { bubbles: true }));
      });
    }
  }

  /** The form's values (empty fields left out), the defaults the empty fields fall back to, and the required fields left empty. */
  function read(form) {
    const values = {};
    const defaults = {};
    const missing = [];
    for (const field of form.querySelectorAll('[data-type]')) {
      const value = field.value.trim();
      if (value) values[field.name] = value;
      else if (field.dataset.default !== undefined) defaults[field.name] = field.dataset.default;
      else if (field.required) missing.push(field.name);
    }
    return { values, defaults, missing };
  }

  /** Puts values into a form's fields (the others are emptied). */
  function fill(form, values) {
    for (const field of form.querySelectorAll('[data-type]')) {
      field.value = values[field.name] || '';
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }

  window.UprForms = { enhance, read, fill };
})();
