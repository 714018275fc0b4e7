// A small project root for build tests: an ontology of one class, shapes that
// require a person's name, the project's context, and a data folder of
// documents written by each test (inside the root, or anywhere for --data).
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/graph.js';

export const EX = 'http://example.org/';

export const SHAPES = `@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <http://schema.org/> .
<${EX}shapes/Person> a sh:NodeShape ;
  sh:targetClass schema:Person ;
  sh:property [ sh:path schema:name ; sh:minCount 1 ; sh:message "A person needs a name" ] .
`;

/** A root with ontology/ (terms, shapes, context) and queries/; data/ is left to the test. */
export async function smallRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'upr-graph-build-'));
  await mkdir(path.join(root, 'ontology'));
  await mkdir(path.join(root, 'queries'));
  await writeFile(path.join(root, 'ontology', 'shapes.ttl'), SHAPES);
  await writeFile(
    path.join(root, 'ontology', 'terms.ttl'),
    `<http://schema.org/Person> a <http://www.w3.org/2000/01/rdf-schema#Class> .\n`,
  );
  await copyFile(path.join(ROOT, 'ontology', 'context.jsonld'), path.join(root, 'ontology', 'context.jsonld'));
  return root;
}

/** Turtle of people, each named (valid) unless `nameless`. */
export function people(names: string[], nameless: string[] = []): string {
  const named = names.map((n) => `<${EX}${n}> a <http://schema.org/Person> ; <http://schema.org/name> "${n}" .`);
  const unnamed = nameless.map((n) => `<${EX}${n}> a <http://schema.org/Person> .`);
  return `${[...named, ...unnamed].join('\n')}\n`;
}

/** Writes `files` (name → contents) into dataDir/<slug>/. */
export async function writeDocument(dataDir: string, slug: string, files: Record<string, string | Buffer>): Promise<void> {
  await mkdir(path.join(dataDir, slug), { recursive: true });
  for (const [name, contents] of Object.entries(files)) await writeFile(path.join(dataDir, slug, name), contents);
}
