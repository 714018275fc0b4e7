// Comparing results across engines. SPARQL leaves the order of GROUP_CONCAT's
// values undefined, so Comunica and Oxigraph may concatenate the same values in
// different orders: those variables compare as sorted lists of their parts.
import sparqljs from 'sparqljs';

/** The variables bound by one kind of aggregate (at any depth), with the aggregate's separator. */
function aggregateVariables(text: string, aggregation: 'group_concat' | 'count'): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as { expression?: { type?: string; aggregation?: string; separator?: string }; variable?: { value?: string } };
    if (n.variable?.value && n.expression?.type === 'aggregate' && n.expression.aggregation?.toLowerCase() === aggregation) {
      found.set(n.variable.value, n.expression.separator ?? ' ');
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(new sparqljs.Parser({ baseIRI: 'urn:upr-graph:base/' }).parse(text));
  return found;
}

/** The variables a query's GROUP_CONCATs bind, with their separators. */
export function groupConcatVariables(text: string): Map<string, string> {
  return aggregateVariables(text, 'group_concat');
}

/** The variables a query's COUNTs bind. */
export function countVariables(text: string): Set<string> {
  return new Set(aggregateVariables(text, 'count').keys());
}

/** A GROUP_CONCAT value with its parts in a fixed order. */
export function sortedConcat(value: string, separator: string): string {
  return value.split(separator).sort().join(separator);
}

const NUMERIC =
  /#(decimal|double|float|integer|int|long|short|byte|nonNegativeInteger|positiveInteger|negativeInteger|nonPositiveInteger|unsignedInt|unsignedLong)$/;

/**
 * A literal's lexical form as both engines agree on it: Oxigraph stores numbers
 * by value and writes them back canonically ("7.0"^^xsd:decimal comes back as
 * "7"), so numeric literals compare by value.
 */
export function comparableLexical(value: string, datatype: string | undefined): string {
  if (datatype && NUMERIC.test(datatype) && value.trim() !== '' && Number.isFinite(Number(value))) return String(Number(value));
  return value;
}
