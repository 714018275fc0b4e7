// A small grammar-based generator of SPARQL queries over the fixture graph's
// vocabulary: random valid queries of every form, and near-valid ones (a token
// dropped, doubled or swapped, the text cut short), from a fixed seed.
import { prng } from '../../bench/generate.js';

export function generator(seed: number) {
  const next = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const chance = (p: number) => next() < p;
  const upTo = (n: number) => 1 + Math.floor(next() * n);

  const VARS = ['?a', '?b', '?c', '?d', '?e', '?g'];
  const IRIS = [
    '<http://example.org/alice>',
    '<http://example.org/bob>',
    '<http://example.org/knows>',
    '<http://example.org/name>',
    'rdf:type',
    'rdfs:label',
    'a',
  ];
  const LITERALS = ['"Alice"', '"x"@en', '1', '2.5', '-3', 'true', '"2020-01-01"^^xsd:date', '""', '"\\u0041"', "'''a\nb'''"];
  const FUNCTIONS1 = [
    'STR',
    'LANG',
    'STRLEN',
    'UCASE',
    'LCASE',
    'isIRI',
    'isLiteral',
    'isBlank',
    'DATATYPE',
    'ABS',
    'CEIL',
    'ROUND',
    'ENCODE_FOR_URI',
    'MD5',
    'STRUUID',
    'YEAR',
    'BOUND',
    'IRI',
    'BNODE',
  ];
  const FUNCTIONS2 = [
    'CONCAT',
    'CONTAINS',
    'STRSTARTS',
    'STRENDS',
    'REGEX',
    'LANGMATCHES',
    'SUBSTR',
    'STRBEFORE',
    'STRAFTER',
    'sameTerm',
    'COALESCE',
  ];
  const OPERATORS = ['=', '!=', '<', '>', '<=', '>=', '+', '-', '*', '/', '&&', '||'];

  const variable = () => pick(VARS);
  const iri = () => pick(IRIS.filter((i) => i !== 'a'));
  const term = () => (chance(0.5) ? variable() : chance(0.5) ? iri() : pick(LITERALS));
  const path = (): string => {
    const p = pick(IRIS);
    if (chance(0.7)) return p;
    return pick([`${p}/${iri()}`, `${p}*`, `${p}+`, `^${p}`, `(${p}|${iri()})`, `!${iri()}`, `${p}?`]);
  };

  function expression(depth = 0): string {
    if (depth > 2 || chance(0.3)) return term();
    return pick([
      () => `${expression(depth + 1)} ${pick(OPERATORS)} ${expression(depth + 1)}`,
      () => `${pick(FUNCTIONS1)}(${variable()})`,
      () => `${pick(FUNCTIONS2)}(${expression(depth + 1)}, ${expression(depth + 1)})`,
      () => `IF(${expression(depth + 1)}, ${expression(depth + 1)}, ${expression(depth + 1)})`,
      () => `(${expression(depth + 1)})`,
      () => `!${expression(depth + 1)}`,
      () => `${variable()} IN (${term()}, ${term()})`,
      () => `EXISTS { ${triple()} }`,
    ])();
  }

  const triple = () => `${chance(0.8) ? variable() : iri()} ${path()} ${term()} .`;

  function group(depth = 0): string {
    const parts: string[] = [];
    for (let i = upTo(3); i > 0; i--) {
      if (depth > 2 || chance(0.5)) {
        parts.push(triple());
        continue;
      }
      parts.push(
        pick([
          () => `OPTIONAL { ${group(depth + 1)} }`,
          () => `{ ${group(depth + 1)} } UNION { ${group(depth + 1)} }`,
          () => `MINUS { ${group(depth + 1)} }`,
          () => `FILTER(${expression()})`,
          () => `BIND(${expression()} AS ?z${depth}${i})`,
          () => `GRAPH ${chance(0.5) ? '?g' : iri()} { ${group(depth + 1)} }`,
          () => `VALUES ${variable()} { ${term()} ${term()} UNDEF }`,
          () => `{ SELECT ${variable()} WHERE { ${group(depth + 1)} } LIMIT ${upTo(5)} }`,
          () => `FILTER NOT EXISTS { ${group(depth + 1)} }`,
        ])(),
      );
    }
    return parts.join(' ');
  }

  function modifiers(): string {
    const parts: string[] = [];
    if (chance(0.3)) parts.push(`ORDER BY ${chance(0.5) ? 'DESC' : 'ASC'}(${variable()})`);
    if (chance(0.5)) parts.push(`LIMIT ${Math.floor(next() * 50)}`);
    if (chance(0.2)) parts.push(`OFFSET ${Math.floor(next() * 5)}`);
    return parts.join(' ');
  }

  function query(): string {
    const prefixes =
      'PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n';
    const where = `WHERE { ${group()} }`;
    return (
      prefixes +
      pick([
        () => `SELECT ${chance(0.3) ? 'DISTINCT ' : ''}${chance(0.3) ? '*' : `${variable()} ${variable()}`} ${where} ${modifiers()}`,
        () =>
          `SELECT ${variable()} (${pick(['COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'SAMPLE', 'GROUP_CONCAT'])}(${chance(0.3) ? 'DISTINCT ' : ''}${variable()}) AS ?n) ${where} GROUP BY ${variable()} ${chance(0.3) ? `HAVING(${expression()})` : ''} ${modifiers()}`,
        () => `ASK ${where}`,
        () => `CONSTRUCT { ${variable()} ${iri()} ${variable()} } ${where} ${modifiers()}`,
        () => `DESCRIBE ${chance(0.5) ? variable() : iri()} ${where}`,
      ])()
    );
  }

  /** A valid query made slightly invalid, or left alone. */
  function nearValid(text: string): string {
    const tokens = text.split(/(\s+)/);
    const at = Math.floor(next() * tokens.length);
    return pick([
      () => [...tokens.slice(0, at), ...tokens.slice(at + 1)].join(''),
      () => [...tokens.slice(0, at), tokens[at], tokens[at], ...tokens.slice(at + 1)].join(''),
      () => text.slice(0, Math.floor(next() * text.length)),
      () => text.replace('{', '(').replace('}', ')'),
      () => text.replace(/\?([a-z])/, '?$1-'),
      () => `${text} ${pick(['}', 'LIMIT', 'LIMIT -1', 'UNION', 'SERVICE', '#', '"', '<', 'FROM <x>'])}`,
      () => text.replace(/\./g, ';'),
      () => text.replace('SELECT', 'INSERT DATA { <a:a> <a:b> <a:c> } ; SELECT'),
    ])();
  }

  return { query, nearValid, chance };
}
