// What every page handler is given: the engine as a `select` of prefixed
// queries, and the answers that do not change while the server runs (the
// vocabulary, the count of each class), asked once and shared by every page.
import type { Config } from '../../config.js';
import type { Engine, Row } from '../../engine/index.js';
import { ID, PREFIXES } from '../../namespaces.js';
import type { SavedQuery } from '../../saved-queries.js';
import type { JsonLdContext } from '../../export/json-ld.js';
import type { DatasetInfo } from '../service-description.js';
import { loadVocabulary, type Vocabulary } from './labels.js';

export interface PagesDependencies {
  engine: Engine;
  config: Config;
  dataset: DatasetInfo;
  context: JsonLdContext;
  queries: Map<string, SavedQuery>;
}

/** A SELECT with the project's prefixes declared, answered as rows. */
export type Select = (query: string) => Promise<Row[]>;

export interface ClassCount {
  iri: string;
  count: number;
}

export interface Site extends PagesDependencies {
  select: Select;
  vocabulary(): Promise<Vocabulary>;
  /** Each class with resources under /id/, most resources first. */
  classCounts(): Promise<ClassCount[]>;
}

/** An IRI as a query term, `<…>`; refuses what would break out of the brackets. */
export function sparqlIri(iri: string): string {
  if (/[\s<>"{}|^`\\]/.test(iri)) throw new Error(`not an IRI: ${iri}`);
  return `<${iri}>`;
}

/** The answer of `load`, asked on first need and kept; a failure is not kept, so the next call asks again. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | undefined;
  return () => {
    answer ??= load();
    return answer.catch((error: unknown) => {
      answer = undefined;
      throw error;
    });
  };
}

export function createSite(dependencies: PagesDependencies): Site {
  const select: Select = async (query) => (await dependencies.engine.select(`${PREFIXES}\n${query}`)).rows;
  const site: Site = {
    ...dependencies,
    select,
    vocabulary: once(() => loadVocabulary(select)),
    classCounts: once(() =>
      select(`SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
        ?s a ?class FILTER(STRSTARTS(STR(?s), "${ID}"))
      } GROUP BY ?class ORDER BY DESC(?n) ?class`).then((rows) => rows.map((r) => ({ iri: r.class.value, count: Number(r.n.value) }))),
    ),
  };
  // Asked at once, so that the home page's first render finds them answered.
  void Promise.all([site.vocabulary(), site.classCounts()]).catch(() => {});
  return site;
}
