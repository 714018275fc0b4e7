// Saved-query parameters substituted into a parsed query (sparqljs's form),
// the way Comunica materialises initial bindings: for the engines to evaluate
// the parsed query itself (Comunica, as its algebra) or a text written from it
// (Oxigraph, whose JavaScript API takes no bindings).
import { DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';
import { QuerySyntaxError } from './engine.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';

/** A node of sparqljs's parsed query. */
export type Node = Record<string, unknown>;

const isVariable = (node: unknown): node is RDF.Variable =>
  typeof node === 'object' && node !== null && (node as RDF.Term).termType === 'Variable';

/** The variables a parsed fragment mentions (for SELECT *). */
function mentionedVariables(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) mentionedVariables(item, into);
  else if (isVariable(node)) into.add(node.value);
  else if (node && typeof node === 'object' && !('termType' in node))
    for (const value of Object.values(node)) mentionedVariables(value, into);
  return into;
}

/**
 * Substitutes bound variables in a parsed query, mirroring Comunica's
 * materialisation of initial bindings: every mention becomes the term,
 * BOUND(?x) becomes true, a SELECT that projects ?x gets a VALUES row binding
 * it, and binding a variable a BIND, VALUES or GROUP BY assigns is an error.
 */
function substitute(node: unknown, bindings: Map<string, RDF.Term>): unknown {
  if (Array.isArray(node)) return node.map((item) => substitute(item, bindings));
  if (!node || typeof node !== 'object') return node;
  if (isVariable(node)) return bindings.get(node.value) ?? node;
  if ('termType' in node) return node;
  const n = node as Node;
  if (n.type === 'operation' && n.operator === 'bound' && Array.isArray(n.args) && isVariable(n.args[0]) && bindings.has(n.args[0].value)) {
    return DataFactory.literal('true', DataFactory.namedNode(`${XSD}boolean`));
  }
  if (n.type === 'bind' && isVariable(n.variable) && bindings.has(n.variable.value)) {
    throw new QuerySyntaxError(`Tried to bind variable ?${n.variable.value} in a BIND operator.`);
  }
  if (n.type === 'values') {
    for (const row of n.values as Array<Record<string, unknown>>) {
      for (const key of Object.keys(row))
        if (bindings.has(key.slice(1))) throw new QuerySyntaxError(`Tried to bind variable ${key} in a VALUES operator.`);
    }
    return node;
  }
  if (n.type === 'query') return substituteQuery(n, bindings);
  const out: Node = {};
  for (const [key, value] of Object.entries(n)) out[key] = substitute(value, bindings);
  return out;
}

export function substituteQuery(query: Node, bindings: Map<string, RDF.Term>): Node {
  for (const group of (query.group as Array<{ expression: unknown }> | undefined) ?? []) {
    if (isVariable(group.expression) && bindings.has(group.expression.value)) {
      throw new QuerySyntaxError(`Tried to bind variable ?${group.expression.value} in a GROUP BY operator.`);
    }
  }
  // The variables this SELECT returns that are bound: they keep their name and get their value from a VALUES row.
  const projected: string[] = [];
  if (query.queryType === 'SELECT') {
    for (const item of query.variables as unknown[]) {
      if (isVariable(item)) {
        if (bindings.has(item.value)) projected.push(item.value);
      } else if ((item as { termType?: string }).termType === 'Wildcard') {
        for (const name of mentionedVariables(query.where)) if (bindings.has(name)) projected.push(name);
      } else if (isVariable((item as Node).variable) && bindings.has(((item as Node).variable as RDF.Variable).value)) {
        throw new QuerySyntaxError(`Tried to bind variable ?${((item as Node).variable as RDF.Variable).value} in a SELECT expression.`);
      }
    }
  }
  const out: Node = {};
  for (const [key, value] of Object.entries(query)) {
    // The projection keeps its variables; everything else is substituted.
    out[key] = key === 'variables' && query.queryType === 'SELECT' ? value : key === 'prefixes' ? value : substitute(value, bindings);
  }
  if (projected.length > 0) {
    const values = { type: 'values', values: [Object.fromEntries(projected.map((name) => [`?${name}`, bindings.get(name)]))] };
    out.where = [values, ...((out.where as unknown[]) ?? [])];
  }
  return out;
}
