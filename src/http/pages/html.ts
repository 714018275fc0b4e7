// HTML written safely by default: the `html` template escapes every value it
// is given unless the value is itself Html, so markup is only ever built from
// the literal parts of templates. The page frame is in layout.ts.

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
