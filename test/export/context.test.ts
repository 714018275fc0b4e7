// The project's JSON-LD context (ontology/context.jsonld) and the one document
// loader of the app: short, stable, versioned keys with type coercion, and no
// JSON-LD processing that ever reaches the network.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from 'n3';
import { loadFrames, VIEW_KINDS } from '../../src/export/frames.js';
import { NS } from '../../src/namespaces.js';
import {
  CONTEXT_IRI,
  CONTEXT_VERSION,
  contextDocumentLoader,
  jsonLdToQuads,
  loadContext,
  RemoteDocumentRefused,
  VERSIONED_CONTEXT_IRI,
  type JsonLdContext,
} from '../../src/export/json-ld.js';
import { loadedGraph, ROOT } from '../support/graph.js';

let context: JsonLdContext;
let store: Store;

beforeAll(async () => {
  context = await loadContext(ROOT);
  store = (await loadedGraph()).store;
});

/** The IRI a key of the context stands for, and its definition. */
function definitionOf(key: string): { iri: string; type?: string; language?: string } | undefined {
  const d = context[key];
  if (!d || typeof d !== 'object') return undefined;
  const { '@id': id, '@type': type, '@language': language } = d as Record<string, string>;
  const expand = (curie: string) => {
    const [prefix, local] = curie.split(/:(.*)/s);
    return typeof context[prefix] === 'string' ? `${context[prefix] as string}${local}` : curie;
  };
  return { iri: expand(id), type: type && type !== '@id' ? expand(type) : type, language };
}

function keyFor(iri: string): string | undefined {
  return Object.keys(context).find((k) => definitionOf(k)?.iri === iri);
}

describe(`the JSON-LD context, version ${CONTEXT_VERSION}`, () => {
  it('is the context published as this version, unchanged (a changed context needs a new version and a new golden copy)', async () => {
    const golden = JSON.parse(await readFile(path.join(ROOT, `ontology/contexts/${CONTEXT_VERSION}.jsonld`), 'utf8')) as {
      '@context': unknown;
    };
    expect(context).toEqual(golden['@context']);
    expect(VERSIONED_CONTEXT_IRI).toBe(`https://w3id.org/upr-graph/context/${CONTEXT_VERSION}.jsonld`);
  });

  it('gives every property of the ontology a short key', () => {
    const properties = [
      ...store.getSubjects(`${NS.rdf}type`, `${NS.owl}ObjectProperty`, null),
      ...store.getSubjects(`${NS.rdf}type`, `${NS.owl}DatatypeProperty`, null),
    ].map((s) => s.value);
    expect(properties.length).toBeGreaterThan(60);
    expect(properties.filter((p) => !keyFor(p))).toEqual([]);
  });

  it('coerces links to IRIs and dates and numbers to their datatypes, as the ontology types them', () => {
    const wrong: string[] = [];
    for (const p of store.getSubjects(`${NS.rdf}type`, `${NS.owl}ObjectProperty`, null)) {
      const d = definitionOf(keyFor(p.value)!);
      if (d?.type !== '@id') wrong.push(`${p.value} should be coerced to @id`);
    }
    for (const p of store.getSubjects(`${NS.rdf}type`, `${NS.owl}DatatypeProperty`, null)) {
      const range = store.getObjects(p, `${NS.rdfs}range`, null)[0]?.value;
      if (!range || !/#(date|integer|decimal|boolean)$/.test(range)) continue;
      const d = definitionOf(keyFor(p.value)!);
      if (d?.type !== range) wrong.push(`${p.value} should be coerced to ${range}, is ${d?.type}`);
    }
    expect(wrong).toEqual([]);
    expect(definitionOf('date')).toMatchObject({ iri: `${NS.upr}date`, type: `${NS.xsd}date` });
    expect(definitionOf('partNumber')).toMatchObject({ type: `${NS.xsd}integer` });
  });

  it('declares the prefixes of the controlled lists and of the standard vocabularies it uses', () => {
    for (const prefix of [
      'state',
      'theme',
      'casetype',
      'circumstance',
      'response',
      'status',
      'role',
      'schema',
      'skos',
      'dcterms',
      'void',
      'dcat',
    ]) {
      expect(context[prefix], prefix).toMatch(/^https?:\/\/.*[/#]$/);
    }
    expect(context.theme).toBe(NS.theme);
    expect(context.casetype).toBe(NS.casetype);
  });

  it('is what every frame names, by its versioned IRI', async () => {
    const frames = await loadFrames(ROOT);
    expect([...frames.keys()].sort()).toEqual([...VIEW_KINDS].sort());
    for (const frame of frames.values()) expect(frame['@context']).toBe(VERSIONED_CONTEXT_IRI);
  });
});

describe('JSON-LD processing with the project document loader', () => {
  let server: http.Server;
  let hits = 0;
  let remote: string;

  beforeAll(async () => {
    // A server that would hand out a context, to prove it is never asked.
    server = http.createServer((_req, res) => {
      hits++;
      res.setHeader('Content-Type', 'application/ld+json');
      res.end(JSON.stringify({ '@context': { name: 'http://schema.org/name' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    remote = `http://127.0.0.1:${(server.address() as AddressInfo).port}/context.jsonld`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reads a document naming the project context by either of its IRIs, without fetching it', async () => {
    for (const iri of [CONTEXT_IRI, VERSIONED_CONTEXT_IRI]) {
      const quads = await jsonLdToQuads(
        { '@context': iri, '@id': 'id:case/example', '@type': 'upr:Case', date: '2019-05-01', defendant: 'id:person/someone' },
        context,
      );
      const lines = quads
        .map(
          (q) =>
            `${q.predicate.value} ${q.object.termType === 'Literal' ? `${q.object.value}^^${q.object.datatype.value}` : q.object.value}`,
        )
        .sort();
      expect(lines).toEqual([
        `${NS.rdf}type ${NS.upr}Case`,
        `${NS.upr}date 2019-05-01^^${NS.xsd}date`,
        `${NS.upr}defendant ${NS.id}person/someone`,
      ]);
    }
  });

  it('refuses a document naming a remote context, and the remote server is never asked', async () => {
    const document = { '@context': remote, '@id': 'http://example.org/x', name: 'x' };
    const failure = await jsonLdToQuads(document, context).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeDefined();
    const causes: unknown[] = [];
    for (
      let e: unknown = failure;
      e;
      e = (e as { details?: { cause?: unknown }; cause?: unknown }).details?.cause ?? (e as { cause?: unknown }).cause
    )
      causes.push(e);
    expect(causes.some((e) => e instanceof RemoteDocumentRefused && e.url === remote)).toBe(true);
    expect(hits).toBe(0);
  });

  it('refuses remote contexts however they are named: in a list, scoped to a term, imported, or any other https URL', async () => {
    const documents = [
      { '@context': [VERSIONED_CONTEXT_IRI, remote], '@id': 'http://example.org/x', label: 'x' },
      { '@context': { nested: { '@id': 'http://example.org/nested', '@context': remote } }, nested: { '@id': 'http://example.org/y' } },
      { '@context': { '@version': 1.1, '@import': remote }, '@id': 'http://example.org/x', name: 'x' },
      { '@context': 'https://w3id.org/upr-graph/context/0.0.1.jsonld', '@id': 'http://example.org/x' },
      { '@context': 'https://schema.org/', '@id': 'http://example.org/x', name: 'x' },
    ];
    for (const document of documents) {
      await expect(jsonLdToQuads(document, context), JSON.stringify(document)).rejects.toThrow();
    }
    expect(hits).toBe(0);
  });

  it('the loader itself hands out the context at its IRIs and refuses anything else', async () => {
    const load = contextDocumentLoader(context);
    expect((await load(VERSIONED_CONTEXT_IRI)).document).toEqual({ '@context': context });
    await expect(load(remote)).rejects.toBeInstanceOf(RemoteDocumentRefused);
    expect(hits).toBe(0);
  });
});
