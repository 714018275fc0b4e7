// Limits on the shape of a query text, checked in one linear pass before any
// parser sees it. sparqljs parses deep nesting in quadratic time on the main
// thread (3,000 nested groups stalled every route for 9.5 s), its recursion and
// that of the code walking its result overflow the stack, and Oxigraph's
// WebAssembly stack traps near 1,000 nested groups, UNIONs or chained operators.
// The limits sit far above any query the project or the W3C suite writes.

/** The structural limits of one query text. */
export interface QueryLimits {
  /** Brackets, braces and parentheses open at once. */
  maxDepth: number;
  /** UNION keywords. */
  maxUnions: number;
  /** Operators of expressions and property paths (`||`, `&&`, `=`, `<`, `+`, `*`, `/`, `|`, `^`, `!`…). */
  maxOperators: number;
  /** Distinct variables, projected or not. */
  maxVariables: number;
  /** Tokens: names, variables, literals, IRIs and punctuation. */
  maxTokens: number;
}

export const QUERY_LIMITS: QueryLimits = {
  maxDepth: 64,
  maxUnions: 256,
  maxOperators: 512,
  maxVariables: 1_000,
  maxTokens: 20_000,
};

/** The environment variable that raises or lowers each limit (README, limits table). */
export const QUERY_LIMIT_ENV: Record<keyof QueryLimits, string> = {
  maxDepth: 'UPR_QUERY_MAX_DEPTH',
  maxUnions: 'UPR_QUERY_MAX_UNIONS',
  maxOperators: 'UPR_QUERY_MAX_OPERATORS',
  maxVariables: 'UPR_QUERY_MAX_VARIABLES',
  maxTokens: 'UPR_QUERY_MAX_TOKENS',
};

/**
 * The limits in force: the defaults, each overridable by its variable. Read here rather than
 * through config.ts because the query workers check every query too and have no Config; a
 * worker's environment is its parent's at its start.
 */
export function queryLimits(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  const limits = { ...QUERY_LIMITS };
  for (const key of Object.keys(QUERY_LIMIT_ENV) as Array<keyof QueryLimits>) {
    const raw = env[QUERY_LIMIT_ENV[key]];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${QUERY_LIMIT_ENV[key]} must be a positive integer, got "${raw}"`);
    limits[key] = n;
  }
  return limits;
}

/** A query over one of the limits: the client's error, a 400 naming the limit. */
export class QueryLimitError extends Error {
  name = 'QueryLimitError';
}

const NAME = /[A-Za-z0-9_\u00B7-\uFFFF:.\-%\\]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the IRI grammar excludes U+0000-U+0020, so the class names them.
const IRI_FORBIDDEN = /[\u0000-\u0020<"{}|^`]/;
const OPERATORS = new Set(['|', '&', '=', '<', '>', '+', '-', '*', '/', '^', '!']);

function refuse(what: string, count: number, limit: number, at?: number): never {
  const where = at === undefined ? '' : ` (at character ${at + 1})`;
  throw new QueryLimitError(`The query is over the limit of ${limit} ${what}: it has ${count}${where}. Split or simplify the query.`);
}

/**
 * Checks `text` against the limits in time linear in its length, skipping
 * strings, IRIs and comments; throws a QueryLimitError naming the first limit
 * passed. Syntax errors are left to the parser.
 */
export function checkQueryLimits(text: string, limits: QueryLimits = queryLimits()): void {
  let depth = 0;
  let unions = 0;
  let operators = 0;
  let tokens = 0;
  const variables = new Set<string>();
  let i = 0;
  const n = text.length;
  const count = (at: number) => {
    if (++tokens > limits.maxTokens) refuse('tokens', tokens, limits.maxTokens, at);
  };
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      count(i);
      const long = text.startsWith(c.repeat(3), i);
      const close = long ? c.repeat(3) : c;
      i += close.length;
      while (i < n && !text.startsWith(close, i)) {
        if (!long && (text[i] === '\n' || text[i] === '\r')) break;
        i += text[i] === '\\' ? 2 : 1;
      }
      i += close.length;
    } else if (c === '<' && iriEnd(text, i) > 0) {
      count(i);
      i = iriEnd(text, i) + 1;
    } else if (c === '?' || c === '$') {
      count(i);
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_\u00B7-\uFFFF]/.test(text[j])) j++;
      if (j > i + 1) {
        variables.add(text.slice(i + 1, j));
        if (variables.size > limits.maxVariables) refuse('distinct variables', variables.size, limits.maxVariables, i);
      } else if (++operators > limits.maxOperators) {
        // A lone `?` is the path modifier.
        refuse('operators', operators, limits.maxOperators, i);
      }
      i = j;
    } else if (c === '(' || c === '{' || c === '[') {
      count(i);
      if (++depth > limits.maxDepth) refuse('nested brackets, braces and parentheses', depth, limits.maxDepth, i);
      i++;
    } else if (c === ')' || c === '}' || c === ']') {
      count(i);
      depth = Math.max(0, depth - 1);
      i++;
    } else if (OPERATORS.has(c)) {
      count(i);
      if (++operators > limits.maxOperators) refuse('operators', operators, limits.maxOperators, i);
      // Two-character operators (||, &&, !=, <=, >=) count once.
      i += ['||', '&&', '!=', '<=', '>='].includes(text.slice(i, i + 2)) ? 2 : 1;
    } else if (NAME.test(c)) {
      count(i);
      let j = i + 1;
      while (j < n && NAME.test(text[j])) j++;
      if (j - i === 5 && text.slice(i, j).toUpperCase() === 'UNION' && ++unions > limits.maxUnions)
        refuse('UNIONs', unions, limits.maxUnions, i);
      i = j;
    } else {
      count(i);
      i++;
    }
  }
}

/**
 * Where the IRI opened by the `<` at `at` ends (its `>`), or -1 when that `<` is
 * "less than". The scan stops at the first character no IRI holds, `<` among
 * them, so that the scans of all `<` together stay linear.
 */
function iriEnd(text: string, at: number): number {
  for (let k = at + 1; k < text.length; k++) {
    if (text[k] === '>') return k;
    if (IRI_FORBIDDEN.test(text[k])) return -1;
  }
  return -1;
}
