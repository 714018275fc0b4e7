// Summaries are for readers: the rdfs:comment a page shows under a resource's
// name says what it is or what happened, and how the graph models it (a
// property's absence, a precision, an inference, a reading, a class chosen)
// is a skos:editorialNote, which pages list as a note, not as the summary
// (data/MODELLING.md, "Authoring rules"). Readings and inferences are
// modelling by nature, and keep their notes as comments.
import { describe, expect, it } from 'vitest';
import { ONTOLOGY_GRAPH } from '../../src/namespaces.js';
import { selectInDocument as select, short } from '../support/graph.js';

/** Words of modelling rather than of the story: vocabulary terms, precisions, inferences, readings, the graph itself. */
const MODELLING =
  /\b(?:upr|schema|rdfs|dcterms|skos|prov|xsd):[A-Za-z]|\bprecision\b|\binferred\b|\binference|\breadings?\b|\bmodell?ed\b|\brecorded here\b|\bthe graph\b|\bnot a case\b|\bhas no target\b/i;

describe('the summaries pages show', () => {
  it('say nothing of how the data is modelled, on any resource of the documents but readings and inferences', async () => {
    const rows = await select(`
      SELECT ?s ?summary WHERE {
        GRAPH ?g { ?s rdfs:comment|skos:definition ?summary }
        FILTER(?g != <${ONTOLOGY_GRAPH}>)
        FILTER NOT EXISTS { ?s a upr:Reading } FILTER NOT EXISTS { ?s a upr:Inference }
      }`);
    expect(rows.length).toBeGreaterThan(200);
    expect(rows.filter((r) => MODELLING.test(r.summary)).map((r) => `${short(r.s)}: ${r.summary}`)).toEqual([]);
  });

  it('keep the modelling remarks as editorial notes, each beside a summary', async () => {
    const rows = await select(`
      SELECT ?s ?note ?summary WHERE { ?s skos:editorialNote ?note OPTIONAL { ?s rdfs:comment ?summary } }`);
    const notes = Object.fromEntries(rows.map((r) => [short(r.s), r.note]));
    expect(notes['person/seytkazy-matayev']).toMatch(/inferred from the web address in footnote 51/);
    expect(notes['case/jihadist-case']).toMatch(/year precision/);
    expect(notes['event/land-protest-arrests-2016']).toMatch(/not a case/);
    expect(notes['provision/KZ/criminal-code-2014/art-130']).toMatch(/gravest form/);
    expect(rows.every((r) => r.summary)).toBe(true);
  });

  it('still tell what the document leaves out, which readers need: the blockings have no date', async () => {
    const rows = await select(`
      SELECT ?summary WHERE { ?case upr:caseType casetype:website-blocking ; rdfs:comment ?summary }`);
    expect(rows.map((r) => r.summary).filter((s) => /gives no date/.test(s))).toHaveLength(3);
  });
});
