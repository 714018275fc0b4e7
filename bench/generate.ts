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
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFactory, Writer } from 'n3';
import type * as RDF from '@rdfjs/types';
import { loadGraph } from '../src/load.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ID = 'https://w3id.org/upr-graph/id/';
const UPR = 'https://w3id.org/upr-graph/ontology#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
/** IRI kinds that belong to one document and are copied with it. */
const PER_DOCUMENT = new Set([
  'person',
  'document',
  'outlet',
  'source',
  'org',
  'case',
  'event',
  'provision',
  'instrument',
  'recommendation',
]);
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

export interface GeneratedDataset {
  nquads: string;
  /** Quads written (each triple sits in one graph, so this is also the number of triples). */
  triples: number;
  documents: number;
  states: number;
}

/** A dataset of about `target` triples: the ontology, the real document, synthetic copies of it, and the synthetic states. */
export async function generateDataset(target: number, seed = 2019): Promise<GeneratedDataset> {
  const { store } = await loadGraph({ root: ROOT });
  const all = store.getQuads(null, null, null, null);
  const documentGraph = `${ID}graph/kz-2019-article19-adilsoz`;
  const template = all.filter((q) => q.graph.value === documentGraph);
  const fixed = all.filter((q) => q.graph.value !== documentGraph);
  const random = prng(seed);

  // The state pool: the 20 real states, then two-letter codes not in use, in a seeded order.
  const realStates = [...new Set(template.filter((q) => q.subject.value.startsWith(`${ID}state/`)).map((q) => q.subject.value))];
  const realCodes = new Set(realStates.map((s) => s.slice(`${ID}state/`.length)));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const free: string[] = [];
  for (const a of letters) for (const b of letters) if (!realCodes.has(a + b)) free.push(a + b);
  shuffle(free, random);
  const syntheticCodes = free.slice(0, 190 - realStates.length);
  const pool = [...realStates, ...syntheticCodes.map((code) => `${ID}state/${code}`)];

  const out: RDF.Quad[] = [...fixed, ...template];
  // The synthetic states, modelled on Brazil's description, in a graph of their own.
  const model = template.filter((q) => q.subject.value === `${ID}state/BR` && q.predicate.value !== `${UPR}describedIn`);
  const statesGraph = DataFactory.namedNode(`${ID}graph/synthetic-states`);
  syntheticCodes.forEach((code, i) => {
    const subject = DataFactory.namedNode(`${ID}state/${code}`);
    for (const q of model) {
      let object: RDF.Term = q.object;
      if (q.object.termType === 'Literal') {
        const v =
          q.object.value === 'BR'
            ? code
            : q.object.value === 'Brazil'
              ? `State ${code}`
              : q.object.value.replace(/Brazil/g, `State ${code}`);
        object = DataFactory.literal(v, q.object.language || q.object.datatype);
      } else if (q.predicate.value.endsWith('sameAs')) object = DataFactory.namedNode(`http://www.wikidata.org/entity/Q${900000 + i}`);
      out.push(DataFactory.quad(subject, q.predicate, object as RDF.Quad_Object, statesGraph));
    }
  });

  let documents = 1;
  while (out.length < target) {
    const k = documents++;
    const docRandom = prng(seed * 7919 + k);
    const underReview = pool[Math.floor(docRandom() * pool.length)];
    const stateMap = new Map<string, string>([[`${ID}state/KZ`, underReview]]);
    const stateFor = (iri: string) => {
      let mapped = stateMap.get(iri);
      if (!mapped) {
        mapped = pool[Math.floor(docRandom() * pool.length)];
        stateMap.set(iri, mapped);
      }
      return mapped;
    };
    // Cycles 1 to 4; dates move about four and a half years a cycle.
    const cycleShift = Math.floor(docRandom() * 4) - 2;
    const yearShift = Math.round(cycleShift * 4.5) + Math.floor(docRandom() * 3) - 1;
    const graph = DataFactory.namedNode(`${ID}graph/synthetic-${k}`);
    const iri = (term: RDF.Term): RDF.Term => {
      if (term.termType !== 'NamedNode' || !term.value.startsWith(ID)) return term;
      const rest = term.value.slice(ID.length);
      const kind = rest.slice(0, rest.indexOf('/'));
      if (kind === 'state') return DataFactory.namedNode(stateFor(term.value));
      if (PER_DOCUMENT.has(kind)) return DataFactory.namedNode(`${ID}${kind}/d${k}/${rest.slice(kind.length + 1)}`);
      return term;
    };
    for (const q of template) {
      // A state is described once (by the real document or the synthetic states); a copy only links it to its paragraphs.
      if (q.subject.value.startsWith(`${ID}state/`) && q.predicate.value !== `${UPR}describedIn`) continue;
      let object = iri(q.object);
      if (object.termType === 'Literal') {
        if (DATED.has(object.datatype.value)) {
          const year = Number(object.value.slice(0, 4)) + yearShift;
          object = DataFactory.literal(`${year}${object.value.slice(4)}`, object.datatype);
        } else if (q.predicate.value === `${UPR}cycle`) {
          object = DataFactory.literal(String(Math.max(1, Number(object.value) + cycleShift)), object.datatype);
        }
      }
      out.push(DataFactory.quad(iri(q.subject) as RDF.Quad_Subject, q.predicate, object as RDF.Quad_Object, graph));
    }
  }
  // A state mapped twice within a copy can repeat a describedIn link: written once.
  const lines = [...new Set(new Writer({ format: 'N-Quads' }).quadsToString(out).split('\n').filter(Boolean))];
  return { nquads: `${lines.join('\n')}\n`, triples: lines.length, documents, states: pool.length };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
