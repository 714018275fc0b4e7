// What a store is known to answer wrongly, found before the query is sent, and
// the store engine's two errors. A known defect is refused with 501 naming the
// feature (UnsupportedFeatureError), never answered: the saved queries are
// written to avoid them (queries/instruments.rq, queries/cases-by-provision.rq).

/** Which store answers: `virtuoso` has known defects and a time-limit parameter; `generic` is any other SPARQL 1.1 store. */
export const STORE_DIALECTS = ['virtuoso', 'generic'] as const;
export type StoreDialect = (typeof STORE_DIALECTS)[number];

/** The query needs a feature the store lacks or gets wrong (HTTP 501). */
export class UnsupportedFeatureError extends Error {
  name = 'UnsupportedFeatureError';
  constructor(feature: string) {
    super(`Not implemented by the triple store behind this endpoint: ${feature}.`);
  }
}

/** The store failed (down, or an internal error): HTTP 502. */
export class StoreFailedError extends Error {
  name = 'StoreFailedError';
}

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** Whether any node under `node` satisfies `test`. */
function some(node: unknown, test: (n: Node) => boolean): boolean {
  if (Array.isArray(node)) return node.some((item) => some(item, test));
  if (!isNode(node) || 'termType' in node) return false;
  return test(node) || Object.values(node).some((value) => some(value, test));
}

/** A one-or-more path (p+), also when inverted (^p+): the shape Virtuoso 7.2 gets wrong. */
function oneOrMorePath(predicate: unknown): boolean {
  if (!isNode(predicate) || predicate.type !== 'path') return false;
  if (predicate.pathType === '+') return true;
  return predicate.pathType === '^' && Array.isArray(predicate.items) && oneOrMorePath(predicate.items[0]);
}

/**
 * OPTIONAL { one triple pattern whose predicate is p+ } (a FILTER or BIND beside it or not):
 * Virtuoso 7.2 drops the rows it should keep unmatched. Measured against Oxigraph: p*, p/p+, a
 * second triple pattern in the OPTIONAL, or the path in a subquery are answered right.
 */
function optionalOfLonePath(n: Node): boolean {
  if (n.type !== 'optional' || !Array.isArray(n.patterns)) return false;
  const patterns = n.patterns as Node[];
  if (!patterns.every((p) => p.type === 'bgp' || p.type === 'filter' || p.type === 'bind' || p.type === 'values')) return false;
  const triples = patterns.flatMap((p) => (p.type === 'bgp' && Array.isArray(p.triples) ? (p.triples as Node[]) : []));
  return triples.length === 1 && oneOrMorePath(triples[0].predicate);
}

const isExists = (m: Node) => m.type === 'operation' && (m.operator === 'exists' || m.operator === 'notexists');

/** IF(…) with EXISTS / NOT EXISTS among its arguments: Virtuoso 7.2 refuses it (SQ074). */
function existsInsideIf(n: Node): boolean {
  return n.type === 'operation' && n.operator === 'if' && some(n.args, isExists);
}

/**
 * In one group: a BIND, later an OPTIONAL, later a BIND whose expression holds EXISTS or NOT EXISTS:
 * Virtuoso 7.2 evaluates that EXISTS as if its pattern never matched (false where it matches, and NOT
 * EXISTS true). Measured against Oxigraph: the same EXISTS in a FILTER or in the SELECT clause, a BIND
 * only after the OPTIONALs, or the first BIND inside a nested group, are answered right.
 */
function existsBoundAfterBindAndOptional(n: Node): boolean {
  const list = Array.isArray(n.where) ? n.where : n.type !== 'union' && Array.isArray(n.patterns) ? n.patterns : undefined;
  if (!list) return false;
  let bind = false;
  let optional = false;
  for (const pattern of list as unknown[]) {
    if (!isNode(pattern)) continue;
    if (pattern.type === 'bind') {
      if (optional && some(pattern.expression, isExists)) return true;
      bind = true;
    } else if (pattern.type === 'optional' && bind) optional = true;
  }
  return false;
}

const VIRTUOSO_DEFECTS: Array<{ test: (n: Node) => boolean; feature: string }> = [
  {
    test: optionalOfLonePath,
    // Left only where the triple names no variable: rewriteForStore isolates the others.
    feature:
      'OPTIONAL holding a single triple pattern with a p+ property path between two IRIs (Virtuoso 7.2 loses the rows that have no match); add a pattern beside it',
  },
  { test: existsInsideIf, feature: 'EXISTS inside IF (Virtuoso 7.2 refuses it, SQ074); bind the test with OPTIONAL and BOUND instead' },
  {
    test: existsBoundAfterBindAndOptional,
    feature:
      'BIND of an EXISTS or NOT EXISTS after a BIND and then an OPTIONAL in the same group (Virtuoso 7.2 answers it as if the pattern never matched); bind the EXISTS before the OPTIONAL, or test it in a FILTER',
  },
];

/** The defect of the store that this parsed query would meet, named for a 501; undefined when none is known. */
export function storeFeatureProblem(query: unknown, dialect: StoreDialect): string | undefined {
  if (dialect !== 'virtuoso') return undefined;
  const known = VIRTUOSO_DEFECTS.find((d) => some(query, d.test))?.feature;
  if (known) return known;
  // Booleans it computes come back as integers (fixed up in SELECT results), which a CONSTRUCT would write into triples.
  const template = isNode(query) && query.queryType === 'CONSTRUCT' ? query.template : undefined;
  const booleans = template ? booleanVariables(query) : new Set<string>();
  if (
    booleans.size &&
    some(template, (n) => Object.values(n).some((v) => isNode(v) && v.termType === 'Variable' && booleans.has(String(v.value))))
  ) {
    return 'a computed boolean in a CONSTRUCT template (Virtuoso 7.2 writes it as the integer 1 or 0)';
  }
  return undefined;
}

const XSD_BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean';

/** sparqljs's operators whose value is a boolean. */
const BOOLEAN_OPERATORS = new Set(
  '= != < > <= >= && || ! bound isiri isuri isblank isliteral isnumeric regex contains strstarts strends sameterm langmatches in notin exists notexists'.split(
    ' ',
  ),
);

function isBooleanExpression(expression: unknown): boolean {
  if (!isNode(expression)) return false;
  if (expression.termType === 'Literal') return (expression as { datatype?: { value: string } }).datatype?.value === XSD_BOOLEAN;
  // IF(c, a, b) is a boolean when both its branches are (W3C if01).
  if (expression.type === 'operation' && String(expression.operator).toLowerCase() === 'if' && Array.isArray(expression.args))
    return isBooleanExpression(expression.args[1]) && isBooleanExpression(expression.args[2]);
  return expression.type === 'operation' && BOOLEAN_OPERATORS.has(String(expression.operator).toLowerCase());
}

/**
 * The variables a query binds only to boolean values (BIND, SELECT expressions, VALUES): Virtuoso 7.2
 * answers such a value as xsd:integer 1 or 0, which the store engine turns back into true or false.
 */
export function booleanVariables(query: unknown): Set<string> {
  const kinds = new Map<string, Set<boolean>>();
  const note = (variable: unknown, boolean: boolean) => {
    if (!isNode(variable) || variable.termType !== 'Variable') return;
    const name = String(variable.value);
    const seen = kinds.get(name) ?? new Set<boolean>();
    seen.add(boolean);
    kinds.set(name, seen);
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isNode(node) || 'termType' in node) return;
    if (node.type === 'bind') note(node.variable, isBooleanExpression(node.expression));
    if ('expression' in node && 'variable' in node && node.type === undefined) note(node.variable, isBooleanExpression(node.expression));
    if (node.type === 'values' && Array.isArray(node.values)) {
      for (const row of node.values as Array<Record<string, unknown>>) {
        for (const [key, value] of Object.entries(row))
          if (value) note({ termType: 'Variable', value: key.replace(/^\?/, '') }, isBooleanExpression(value));
      }
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(query);
  return new Set([...kinds].filter(([, k]) => k.size === 1 && k.has(true)).map(([name]) => name));
}

/** The variables of a triple pattern's subject and object. */
function tripleVariables(triple: Node): Node[] {
  return [triple.subject, triple.object].filter((t): t is Node => isNode(t) && t.termType === 'Variable');
}

/**
 * Every OPTIONAL { ?s p+ ?o … } with the path's triple as a subquery of its distinct solutions
 * instead: the same solutions (a path's are distinct pairs), which Virtuoso 7.2 answers right.
 * A triple without variables is left as it is (and refused: storeFeatureProblem).
 */
function isolateLonePaths(node: unknown): { node: unknown; changed: boolean } {
  if (Array.isArray(node)) {
    const items = node.map(isolateLonePaths);
    return { node: items.map((i) => i.node), changed: items.some((i) => i.changed) };
  }
  if (!isNode(node) || 'termType' in node) return { node, changed: false };
  if (optionalOfLonePath(node)) {
    const patterns = (node.patterns as Node[]).map((p) => {
      if (p.type !== 'bgp') return p;
      const triple = (p.triples as Node[])[0];
      const variables = tripleVariables(triple);
      if (variables.length === 0) return p;
      const subquery = { type: 'query', queryType: 'SELECT', distinct: true, variables, where: [p], prefixes: {} };
      return { type: 'group', patterns: [subquery] };
    });
    const changed = patterns.some((p, i) => p !== (node.patterns as Node[])[i]);
    return { node: changed ? { ...node, patterns } : node, changed };
  }
  let changed = false;
  const copy: Node = {};
  for (const [key, value] of Object.entries(node)) {
    const inner = isolateLonePaths(value);
    copy[key] = inner.node;
    changed ||= inner.changed;
  }
  return { node: changed ? copy : node, changed };
}

/**
 * The query as Virtuoso 7.2 can take it, or undefined when it can as it is: OPTIONAL { ?s p+ ?o }
 * as a subquery (isolateLonePaths); and a grouped SELECT whose ORDER BY uses a projected alias
 * inside an expression (ORDER BY LCASE(STR(?label)) with (SAMPLE(?l) AS ?label)), which it
 * refuses (SP031), as a subquery ordered, cut and given its VALUES outside: the same query; and
 * any query with GROUP_CONCAT as written out by sparqljs, with its separator.
 */
export function rewriteForStore(query: Node, dialect: StoreDialect): Node | undefined {
  if (dialect !== 'virtuoso') return undefined;
  const isolated = isolateLonePaths(query);
  const source = isolated.node as Node;
  const ordered = orderedByAlias(source);
  // GROUP_CONCAT without SEPARATOR is refused (SR183): the written text always states it (sparqljs gives the default, " ").
  return ordered ?? (isolated.changed || some(source, groupConcat) ? source : undefined);
}

const groupConcat = (n: Node) => n.type === 'aggregate' && String(n.aggregation).toLowerCase() === 'group_concat';

function orderedByAlias(query: Node): Node | undefined {
  if (query.queryType !== 'SELECT' || !Array.isArray(query.order) || !Array.isArray(query.variables)) return undefined;
  const aliases = new Set(
    (query.variables as Node[]).filter((v) => isNode(v.variable) && 'expression' in v).map((v) => String((v.variable as Node).value)),
  );
  const usesAlias = (query.order as Node[]).some((o) =>
    some([o.expression], (n) =>
      Object.values(n).some(
        (v) => Array.isArray(v) && v.some((a) => isNode(a) && a.termType === 'Variable' && aliases.has(String(a.value))),
      ),
    ),
  );
  if (aliases.size === 0 || !usesAlias) return undefined;
  const { order, limit, offset, values, prefixes, base, from, ...rest } = query;
  const inner = { ...rest, prefixes: {} };
  return {
    type: 'query',
    queryType: 'SELECT',
    prefixes: prefixes ?? {},
    ...(base ? { base } : {}),
    ...(from ? { from } : {}),
    variables: (query.variables as Node[]).map((v) => (isNode(v.variable) ? v.variable : v)),
    where: [{ type: 'group', patterns: [inner] }],
    order,
    ...(limit !== undefined ? { limit } : {}),
    ...(offset !== undefined ? { offset } : {}),
    ...(values !== undefined ? { values } : {}),
  };
}
