// A deterministic generator of graphs with the real data's shape. The 2019
// submission (one document graph, ≈3,000 triples) is the template: every
// synthetic document is a copy of it with its own IRIs (document, paragraphs,
// footnotes, cases, people, outlets, organisations, sources, instruments,
// provisions, recommendations), a state under review and recommending states
// drawn from a pool of 190 states, its own UPR cycle, and dates moved with the
// cycle. So the classes, properties, proportions and link patterns per
// document are the real ones, while states, themes and the other concept
// schemes are shared across documents, as they are in practice. Document 0 is
// the real submission unchanged, so that saved queries with their default
// parameters still find their subjects. A seeded PRNG (mulberry32) makes the
// output the same on every run and machine.
//
// The output passes the project's SHACL (ontology/shapes.ttl) whole and one
// document at a time, as the build validates it: copied IRIs follow the IRI
// rules of data/MODELLING.md (a suffix -d{k} on the slug, never a new path
// segment), a UPR recommendation is recommendation/{state}/{cycle}/{number}
// with a number of its own per copy, and every document describes the states
// it names, as the real one does in its states.ttl.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFactory, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import { loadGraph } from '../src/load.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ID = 'https://w3id.org/upr-graph/id/';
const UPR = 'https://w3id.org/upr-graph/ontology#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
/** IRI kinds that belong to one document and are copied with it, slug first: {kind}/{slug}[/…]. */
const SLUG_FIRST = new Set(['person', 'document', 'outlet', 'source', 'org', 'case', 'event']);
/** IRI kinds named in a jurisdiction, slug second: {kind}/{state}/{slug}[/…]. */
const SLUG_SECOND = new Set(['provision', 'instrument']);
const STATE = `${ID}state/`;
/** A state's own IRI (not one of its inference nodes): state/{alpha-2} or state/INT. */
const STATE_IRI = /^https:\/\/w3id\.org\/upr-graph\/id\/state\/([A-Z]{2}|INT)$/;
const DESCRIBED_IN = `${UPR}describedIn`;
const TEMPLATE_SLUG = 'kz-2019-article19-adilsoz';
const TEMPLATE_GRAPH = `${ID}graph/${TEMPLATE_SLUG}`;
const DATED = new Set([`${XSD}date`, `${XSD}gYear`, `${XSD}gYearMonth`]);

/** mulberry32: a small, fast, seeded PRNG with good enough statistics for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedQuads {
  /** Every quad once: the ontology graph, then each document's graph. */
  quads: RDF.Quad[];
  documents: number;
  /** States described (each by every document that names it). */
  states: number;
}

export interface GeneratedDataset {
  nquads: string;
  /** Quads written (each triple sits in one graph, so this is also the number of triples). */
  triples: number;
  documents: number;
  states: number;
}

/** A dataset of about `target` triples as N-Quads: the ontology, the real document, synthetic copies of it. */
export async function generateDataset(target: number, seed = 2019): Promise<GeneratedDataset> {
  const { quads, documents, states } = await generateQuads(target, seed);
  const nquads = new Writer({ format: 'N-Quads' }).quadsToString(quads);
  return { nquads, triples: quads.length, documents, states };
}

/**
 * The documents of a generated dataset, one graph at a time, each quad once: `first` (the ontology
 * and the real document), then `copy(k)` for k = 1, 2, … A quad names its graph, so no two documents
 * share one and duplicates need only be dropped within a document; a graph of any size can be
 * written document by document without holding it whole.
 */
export async function documentSource(seed = 2019): Promise<{
  first: RDF.Quad[];
  copy(k: number): { quads: RDF.Quad[]; states: Set<string> };
  templateStates: string[];
}> {
  const { store } = await loadGraph({ root: ROOT });
  const all = store.getQuads(null, null, null, null);
  const template = all.filter((q) => q.graph.value === TEMPLATE_GRAPH);
  const ontology = all.filter((q) => q.graph.value !== TEMPLATE_GRAPH);
  const pool = statePool(template, prng(seed));
  return {
    first: distinct([...ontology, ...template]),
    copy(k) {
      const copy = copyDocument(template, k, seed, pool);
      return { quads: distinct(copy.quads), states: copy.states };
    },
    templateStates: template.filter((q) => STATE_IRI.test(q.subject.value)).map((q) => q.subject.value),
  };
}

function distinct(quads: RDF.Quad[]): RDF.Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const key = `${q.subject.value}\0${q.predicate.value}\0${termKey(q.object)}\0${q.graph.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The quads of a dataset of about `target` triples, each once. */
export async function generateQuads(target: number, seed = 2019): Promise<GeneratedQuads> {
  const source = await documentSource(seed);
  const out: RDF.Quad[] = [...source.first];
  const described = new Set<string>(source.templateStates);
  let documents = 1;
  while (out.length < target) {
    const copy = source.copy(documents++);
    for (const q of copy.quads) out.push(q);
    for (const state of copy.states) described.add(state);
  }
  return { quads: out, documents, states: described.size };
}

function termKey(term: RDF.Term): string {
  return term.termType === 'Literal' ? `"${term.value}"@${term.language}^^${term.datatype.value}` : `${term.termType}:${term.value}`;
}

/** The states documents draw from: the real ones (not the international jurisdiction), then two-letter codes not in use. */
interface StatePool {
  iris: string[];
  /** State IRI → its description (no describedIn), in no graph yet. */
  descriptions: Map<string, RDF.Quad[]>;
}

function statePool(template: RDF.Quad[], random: () => number): StatePool {
  const descriptions = new Map<string, RDF.Quad[]>();
  for (const q of template) {
    if (!STATE_IRI.test(q.subject.value) || q.predicate.value === DESCRIBED_IN) continue;
    descriptions.set(q.subject.value, [...(descriptions.get(q.subject.value) ?? []), q]);
  }
  const realCodes = new Set([...descriptions.keys()].map((s) => s.slice(STATE.length)).filter((code) => code !== 'INT'));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const free: string[] = [];
  for (const a of letters) for (const b of letters) if (!realCodes.has(a + b)) free.push(a + b);
  shuffle(free, random);
  // The synthetic states, modelled on Brazil's description.
  const model = descriptions.get(`${STATE}BR`) ?? [];
  free.slice(0, 190 - realCodes.size).forEach((code, i) => {
    const subject = DataFactory.namedNode(`${STATE}${code}`);
    const quads = model.map((q) => {
      let object: RDF.Term = q.object;
      if (q.object.termType === 'Literal') {
        const v = q.object.value === 'BR' ? code : q.object.value.replace(/Brazil/g, `State ${code}`);
        object = DataFactory.literal(v, q.object.language || q.object.datatype);
      } else if (q.predicate.value.endsWith('sameAs')) object = DataFactory.namedNode(`http://www.wikidata.org/entity/Q${900000 + i}`);
      return DataFactory.quad(subject, q.predicate, object as RDF.Quad_Object);
    });
    descriptions.set(subject.value, quads);
  });
  // The international jurisdiction is described where named, never drawn.
  return { iris: [...descriptions.keys()].filter((iri) => iri !== `${STATE}INT`), descriptions };
}

/** Copy `k` of the template: its own IRIs, states, cycle and dates, and the description of every state it names. */
function copyDocument(template: RDF.Quad[], k: number, seed: number, pool: StatePool): { quads: RDF.Quad[]; states: Set<string> } {
  const random = prng(seed * 7919 + k);
  const draw = () => pool.iris[Math.floor(random() * pool.iris.length)].slice(STATE.length);
  const codes = new Map<string, string>([['KZ', draw()]]);
  const stateCode = (code: string) => {
    if (code === 'INT') return code;
    if (!codes.has(code)) codes.set(code, draw());
    return codes.get(code) as string;
  };
  // Cycles 1 to 4; dates move about four and a half years a cycle.
  const cycleShift = Math.floor(random() * 4) - 2;
  const yearShift = Math.round(cycleShift * 4.5) + Math.floor(random() * 3) - 1;
  const cycle = (n: number) => Math.max(1, n + cycleShift);
  // A UN recommendation number of this copy's own: the report paragraph moved by 1000 a copy (124.4 → 7124.4 in copy 7).
  const number = (n: string) => n.replace(/^\d+/, (p) => String(Number(p) + 1000 * k));
  const graph = DataFactory.namedNode(`${ID}graph/synthetic-${k}`);
  const rename = renamer(k, stateCode, cycle, number);
  const quads: RDF.Quad[] = [];
  for (const q of template) {
    // A state's description is added below, once; from the template a copy keeps only its links to paragraphs.
    if (q.subject.value.startsWith(STATE) && q.predicate.value !== DESCRIBED_IN) continue;
    let object = rename(q.object);
    if (object.termType === 'Literal') {
      if (DATED.has(object.datatype.value)) {
        const year = Number(object.value.slice(0, 4)) + yearShift;
        object = DataFactory.literal(`${year}${object.value.slice(4)}`, object.datatype);
      } else if (q.predicate.value === `${UPR}cycle`) {
        object = DataFactory.literal(String(cycle(Number(object.value))), object.datatype);
      } else if (q.predicate.value === `${UPR}recommendationNumber`) {
        object = DataFactory.literal(number(object.value), object.datatype);
      }
    }
    quads.push(DataFactory.quad(rename(q.subject) as RDF.Quad_Subject, q.predicate, object as RDF.Quad_Object, graph));
  }
  const states = new Set<string>();
  for (const q of quads) for (const t of [q.subject, q.object]) if (STATE_IRI.test(t.value)) states.add(t.value);
  for (const state of states)
    for (const q of pool.descriptions.get(state) ?? []) quads.push(DataFactory.quad(q.subject, q.predicate, q.object, graph));
  return { quads, states };
}

/** The IRIs of copy `k`: a suffix -d{k} on each slug of the document's own things, states and UN numbers mapped. */
function renamer(k: number, stateCode: (code: string) => string, cycle: (n: number) => number, number: (n: string) => string) {
  const suffix = `-d${k}`;
  return (term: RDF.Term): RDF.Term => {
    if (term.termType !== 'NamedNode' || !term.value.startsWith(ID)) return term;
    const [kind, ...parts] = term.value.slice(ID.length).split('/');
    if (kind === 'state') parts[0] = stateCode(parts[0]);
    else if (SLUG_FIRST.has(kind)) parts[0] += suffix;
    else if (SLUG_SECOND.has(kind)) {
      parts[0] = stateCode(parts[0]);
      parts[1] += suffix;
    } else if (kind === 'recommendation' && /^[A-Z]{2}$/.test(parts[0])) {
      // recommendation/{state under review}/{cycle}/{number}
      parts[0] = stateCode(parts[0]);
      parts[1] = String(cycle(Number(parts[1])));
      parts[2] = number(parts[2]);
    } else if (kind === 'recommendation') parts[0] += suffix;
    else return term;
    return DataFactory.namedNode(`${ID}${[kind, ...parts].join('/')}`);
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
