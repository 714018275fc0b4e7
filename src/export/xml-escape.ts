// Text as XML 1.0 content or attribute values, for SPARQL XML results and RDF/XML.
import { SerializationError } from './serialization-error.js';

/** Escapes text for XML content or a double-quoted attribute; refuses characters XML 1.0 cannot carry. */
export function xml(text: string): string {
  if (
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 cannot carry
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)
  ) {
    throw new SerializationError('the result holds a character that XML 1.0 cannot represent; choose another format');
  }
  return text.replace(
    /[&<>"\r\t\n]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\t': '&#9;', '\n': '&#10;' })[c]!,
  );
}

/** Like xml(), but keeps tabs and line breaks literal: for element content, where they are data. */
export function xmlText(text: string): string {
  return xml(text).replace(/&#9;/g, '\t').replace(/&#10;/g, '\n');
}
