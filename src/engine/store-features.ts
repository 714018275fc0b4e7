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

const transitivePath = (n: Node) => n.type === 'path' && (n.pathType === '+' || n.pathType === '*');

/** OPTIONAL { one triple pattern whose predicate is a + or * path }: Virtuoso 7.2 drops the rows it should keep unmatched. */
function optionalOfLonePath(n: Node): boolean {
  if (n.type !== 'optional' || !Array.isArray(n.patterns) || n.patterns.length !== 1) return false;
  const bgp = n.patterns[0] as Node;
  return bgp.type === 'bgp' && Array.isArray(bgp.triples) && bgp.triples.length === 1 && some(bgp.triples[0], transitivePath);
}

/** IF(…) with EXISTS / NOT EXISTS among its arguments: Virtuoso 7.2 refuses it (SQ074). */
function existsInsideIf(n: Node): boolean {
  return (
    n.type === 'operation' &&
    n.operator === 'if' &&
    some(n.args, (m) => m.type === 'operation' && (m.operator === 'exists' || m.operator === 'notexists'))
  );
}

const VIRTUOSO_DEFECTS: Array<{ test: (n: Node) => boolean; feature: string }> = [
  {
    test: optionalOfLonePath,
    feature:
      'OPTIONAL holding a single + or * property path (Virtuoso 7.2 loses the rows that have no match); write p+ as p/p* or add a pattern beside it',
  },
  { test: existsInsideIf, feature: 'EXISTS inside IF (Virtuoso 7.2 refuses it, SQ074); bind the test with OPTIONAL and BOUND instead' },
];

/** The defect of the store that this parsed query would meet, named for a 501; undefined when none is known. */
export function storeFeatureProblem(query: unknown, dialect: StoreDialect): string | undefined {
  if (dialect !== 'virtuoso') return undefined;
  return VIRTUOSO_DEFECTS.find((d) => some(query, d.test))?.feature;
}
