// The ontology at /ontology (and /ontology/{version}): a page with an entry
// for each upr: class and property, which their IRIs lead to, or the
// ontology's Turtle file and its triples in the other RDF formats.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { Parser } from 'n3';
import { NS, ONTOLOGY_GRAPH, shorten } from '../../namespaces.js';
import { contentType } from '../../negotiate.js';
import { html, type Html } from './html.js';
import type { Term, Vocabulary } from './labels.js';
import { page, sendPage } from './layout.js';
import { link } from './render.js';
import { pageOrRdf, sendRdf } from './respond.js';
import type { Select, Site } from './site.js';

interface OntologyTerm extends Term {
  kind: 'class' | 'object property' | 'datatype property';
  domain: string[];
  range: string[];
  broader: string[];
}

const KINDS: Record<string, OntologyTerm['kind']> = {
  [`${NS.owl}Class`]: 'class',
  [`${NS.owl}ObjectProperty`]: 'object property',
};

/** The upr: classes and properties with their domains, ranges and what they specialise (members of a union listed one by one). */
async function loadOntologyTerms(select: Select, vocab: Vocabulary): Promise<OntologyTerm[]> {
  const rows = await select(`SELECT ?term ?type ?rel ?target WHERE {
      GRAPH <${ONTOLOGY_GRAPH}> {
        ?term a ?type FILTER(?type IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty)) FILTER(STRSTARTS(STR(?term), "${NS.upr}"))
        OPTIONAL {
          ?term ?rel ?x FILTER(?rel IN (rdfs:domain, rdfs:range, rdfs:subClassOf, rdfs:subPropertyOf))
          OPTIONAL { ?x owl:unionOf/rdf:rest*/rdf:first ?member }
          BIND(COALESCE(?member, ?x) AS ?target)
        }
      }
    }`);
  const terms = new Map<string, OntologyTerm>();
  for (const row of rows) {
    const iri = row.term.value;
    let term = terms.get(iri);
    if (!term) {
      const known = vocab.terms.get(iri);
      const kind = KINDS[row.type.value] ?? 'datatype property';
      term = { iri, label: known?.label ?? shorten(iri), comment: known?.comment, kind, domain: [], range: [], broader: [] };
      terms.set(iri, term);
    }
    const target = row.target;
    if (!row.rel || !target || target.termType !== 'NamedNode') continue;
    const list = row.rel.value === `${NS.rdfs}domain` ? term.domain : row.rel.value === `${NS.rdfs}range` ? term.range : term.broader;
    if (!list.includes(target.value)) list.push(target.value);
  }
  return [...terms.values()].sort((a, b) => a.iri.localeCompare(b.iri));
}

const termList = (iris: string[]) =>
  iris.length ? iris.map((iri, i) => html`${i ? ', ' : ''}${link(iri, shorten(iri))}`) : html`<span class="none">—</span>`;

const entry = (t: OntologyTerm) => html`<article class="term" id="${t.iri.slice(NS.upr.length)}">
<h3><code>${shorten(t.iri)}</code> <span class="term-label" lang="en">${t.label}</span></h3>
<p lang="en">${t.comment ?? ''}</p>
<dl>
<dt>IRI</dt><dd><code>${t.iri}</code></dd>
<dt>Kind</dt><dd>${t.kind}</dd>
${t.kind !== 'class' ? html`<dt>Domain</dt><dd>${termList(t.domain)}</dd><dt>Range</dt><dd>${termList(t.range)}</dd>` : ''}
<dt>${t.kind === 'class' ? 'Subclass of' : 'Subproperty of'} (alignment)</dt><dd>${termList(t.broader)}</dd>
</dl>
</article>
`;

function ontologyMain(terms: OntologyTerm[]): Html {
  const classes = terms.filter((t) => t.kind === 'class');
  const properties = terms.filter((t) => t.kind !== 'class');
  return html`
<h1>UPR Graph ontology</h1>
<p class="lead">The classes and properties of the graph, namespace <code>${NS.upr}</code> (prefix <code>upr:</code>). Each term's IRI leads to its entry on this page.
The same ontology in Turtle: <a href="/ontology?format=ttl">upr.ttl</a>.</p>
<nav aria-label="Contents"><p><a href="#classes">${classes.length} classes</a> · <a href="#properties">${properties.length} properties</a></p></nav>
<section aria-labelledby="classes"><h2 id="classes">Classes</h2>
${classes.map(entry)}
</section>
<section aria-labelledby="properties"><h2 id="properties">Properties</h2>
${properties.map(entry)}
</section>`;
}

/** GET /ontology: the page, or the ontology as RDF. */
export function ontologyHandler(site: Site) {
  return async (req: Request, res: Response): Promise<void> => {
    res.vary('Accept');
    const media = pageOrRdf(req);
    if (media.type !== 'text/html') {
      // ontology/upr.ttl is the ontology: the file itself, with its comments, is the Turtle form, and the other formats are its triples.
      const turtle = await readFile(path.join(site.config.root, 'ontology', 'upr.ttl'), 'utf8');
      if (media.type === 'text/turtle') {
        res.set('Content-Type', contentType(media));
        res.send(turtle);
      } else {
        await sendRdf(res, media, new Parser({ format: 'text/turtle' }).parse(turtle), site.context);
      }
      return;
    }
    const terms = await loadOntologyTerms(site.select, await site.vocabulary());
    const head = html`<link rel="alternate" type="text/turtle" href="/ontology?format=ttl">`;
    sendPage(res, 200, page({ title: 'Ontology', current: 'ontology', head }, ontologyMain(terms)));
  };
}

/** GET /ontology/{major.minor.patch}: the same as /ontology; any other path is left to the 404. */
export function ontologyVersionHandler(site: Site) {
  const handler = ontologyHandler(site);
  return (req: Request, res: Response, next: NextFunction) =>
    /^\d+\.\d+\.\d+$/.test(String(req.params.version)) ? handler(req, res) : next();
}
