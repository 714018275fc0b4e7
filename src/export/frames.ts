// The framed JSON-LD views (ontology/frames/{kind}.json): which triples a frame
// claims, and the frame applied to exactly those, context inlined.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory, type Store } from 'n3';
import type * as RDF from '@rdfjs/types';
import { BASE, NS } from '../namespaces.js';
import { termKey as key, tripleKey } from '../triples.js';
import { compare, sortQuads } from './canonical.js';
import { contextDocumentLoader, expandedFrom, expandKey, ld, VERSIONED_CONTEXT_IRI, type JsonLdContext } from './json-ld.js';

const { namedNode } = DataFactory;
const RDF_TYPE = `${NS.rdf}type`;

/** The frames of the framed views, as ontology/frames/{kind}.json. */
export const VIEW_KINDS = ['cases', 'provisions', 'recommendations', 'people', 'outlets'] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

/** A JSON-LD frame document. */
export type Frame = Record<string, unknown>;

/** Reads ontology/frames/*.json, keyed by file name without extension. */
export async function loadFrames(root: string): Promise<Map<string, Frame>> {
  const dir = path.join(root, 'ontology', 'frames');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  const frames = new Map<string, Frame>();
  for (const name of names) frames.set(name.slice(0, -'.json'.length), JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Frame);
  return frames;
}

function subframes(value: unknown): Frame | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v && typeof v === 'object' ? (v as Frame) : undefined;
}

/**
 * The triples a framed view claims to hold: every triple of each node the frame
 * matches at the top (by `@type`), and of every node it embeds through a
 * property or `@reverse` property named in the frame, at any depth.
 */
export function frameClaim(union: Store, frame: Frame, context: JsonLdContext): RDF.Quad[] {
  const types = ([] as unknown[]).concat(frame['@type'] ?? []).map((t) => expandKey(String(t), context));
  if (types.length === 0) throw new Error('a view frame must name the @type of its top-level nodes');
  const included = new Map<string, RDF.Quad>();
  const visited = new Set<string>();
  const visit = (node: RDF.Term, sub: Frame) => {
    const mark = `${key(node)} ${JSON.stringify(sub)}`;
    if (visited.has(mark)) return;
    visited.add(mark);
    for (const q of union.getQuads(node, null, null, null)) included.set(tripleKey(q), q);
    for (const [name, value] of Object.entries(sub)) {
      if (name.startsWith('@')) continue;
      const inner = subframes(value);
      if (!inner) continue;
      for (const q of union.getQuads(node, namedNode(expandKey(name, context)), null, null)) {
        if (q.object.termType === 'NamedNode' || q.object.termType === 'BlankNode') visit(q.object, inner);
      }
    }
    for (const [name, value] of Object.entries((sub['@reverse'] as Frame | undefined) ?? {})) {
      const inner = subframes(value);
      if (!inner) continue;
      for (const q of union.getQuads(null, namedNode(expandKey(name, context)), node, null)) {
        included.set(tripleKey(q), q);
        visit(q.subject, inner);
      }
    }
  };
  const tops = new Map<string, RDF.Term>();
  for (const type of types)
    for (const q of union.getQuads(null, namedNode(RDF_TYPE), namedNode(type), null)) tops.set(key(q.subject), q.subject);
  for (const node of [...tops.values()].sort((a, b) => compare(key(a), key(b)))) visit(node, frame);
  return [...included.values()];
}

/** The document's "@context" with the project's context IRI replaced by the context itself, so no reader has to fetch it. */
function inlineContext(document: Record<string, unknown>, context: JsonLdContext): Record<string, unknown> {
  const { '@context': ctx, ...rest } = document;
  const inline = (c: unknown): unknown => (c === VERSIONED_CONTEXT_IRI || c === `${BASE}context.jsonld` ? context : c);
  return { '@context': Array.isArray(ctx) ? ctx.map(inline) : inline(ctx), ...rest };
}

/** A framed view: the frame applied to exactly the triples it claims (so nothing else is embedded), context inlined. */
export async function frameView(
  union: Store,
  frame: Frame,
  context: JsonLdContext,
): Promise<{ document: Record<string, unknown>; triples: RDF.Quad[] }> {
  const triples = sortQuads(frameClaim(union, frame, context));
  const framed = await ld.frame(await expandedFrom(triples), frame, {
    documentLoader: contextDocumentLoader(context),
    embed: '@once',
    omitDefault: true,
    omitGraph: false,
  });
  return { document: inlineContext(framed, context), triples };
}
