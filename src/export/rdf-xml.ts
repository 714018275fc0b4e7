// RDF/XML, written here: one rdf:Description per subject, namespaces declared on the root.
import type * as RDF from '@rdfjs/types';
import { NS } from '../namespaces.js';
import { SerializationError } from './serialization-error.js';
import { xml, xmlText } from './xml-escape.js';

const RDF_NS = NS.rdf;
const XSD_STRING = `${NS.xsd}string`;
const RDF_LANG_STRING = `${NS.rdf}langString`;
const NC_NAME_START =
  /[A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NC_NAME_CHAR =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: combining marks are NCName characters on their own, as XML 1.0 lists them
  /[-.0-9\u00B7\u0300-\u036F\u203F-\u2040A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;

/** Splits a predicate IRI into namespace and XML local name (the longest NCName tail), or undefined if it has none. */
export function splitForXml(iri: string): [string, string] | undefined {
  let start = iri.length;
  while (start > 0 && NC_NAME_CHAR.test(iri[start - 1])) start--;
  while (start < iri.length && !NC_NAME_START.test(iri[start])) start++;
  if (start >= iri.length || start === 0) return undefined;
  return [iri.slice(0, start), iri.slice(start)];
}

/** Predicate IRIs as qualified names, declaring a namespace (the given prefix, else `ns{n}`) the first time one is needed. */
function qualifiedNames(prefixes: Record<string, string>): { qname: (iri: string) => string; namespaces: Map<string, string> } {
  const namespaces = new Map<string, string>([[RDF_NS, 'rdf']]);
  for (const [prefix, ns] of Object.entries(prefixes)) {
    if (!namespaces.has(ns) && /^[A-Za-z_][\w.-]*$/.test(prefix) && !/^xml/i.test(prefix)) namespaces.set(ns, prefix);
  }
  const taken = new Set(namespaces.values());
  const qname = (iri: string): string => {
    const split = splitForXml(iri);
    if (!split) throw new SerializationError(`RDF/XML cannot name the predicate <${iri}>; choose Turtle or N-Triples`);
    const [ns, local] = split;
    let prefix = namespaces.get(ns);
    if (!prefix) {
      let n = namespaces.size;
      while (taken.has(`ns${n}`)) n++;
      prefix = `ns${n}`;
      namespaces.set(ns, prefix);
      taken.add(prefix);
    }
    return `${prefix}:${local}`;
  };
  return { qname, namespaces };
}

/** RDF/XML of triples: one rdf:Description per subject, namespaces declared on the root. */
export function rdfXml(triples: RDF.Quad[], prefixes: Record<string, string> = {}): string {
  const { qname, namespaces } = qualifiedNames(prefixes);
  const blankIds = new Map<string, string>();
  const nodeId = (term: RDF.Term) => {
    if (!blankIds.has(term.value)) blankIds.set(term.value, `b${blankIds.size}`);
    return blankIds.get(term.value)!;
  };
  const subjectAttribute = (term: RDF.Term) => {
    if (term.termType === 'NamedNode') return `rdf:about="${xml(term.value)}"`;
    if (term.termType === 'BlankNode') return `rdf:nodeID="${nodeId(term)}"`;
    throw new SerializationError('RDF/XML cannot write quoted triples; choose Turtle or N-Triples');
  };

  const bySubject = new Map<string, { subject: RDF.Term; lines: string[] }>();
  for (const { subject, predicate, object } of triples) {
    const key = `${subject.termType}|${subject.value}`;
    if (!bySubject.has(key)) bySubject.set(key, { subject, lines: [] });
    const name = qname(predicate.value);
    let line: string;
    if (object.termType === 'NamedNode') line = `<${name} rdf:resource="${xml(object.value)}"/>`;
    else if (object.termType === 'BlankNode') line = `<${name} rdf:nodeID="${nodeId(object)}"/>`;
    else if (object.termType === 'Literal') {
      const attribute = object.language
        ? ` xml:lang="${xml(object.language)}"`
        : object.datatype.value === XSD_STRING || object.datatype.value === RDF_LANG_STRING
          ? ''
          : ` rdf:datatype="${xml(object.datatype.value)}"`;
      line = `<${name}${attribute}>${xmlText(object.value)}</${name}>`;
    } else throw new SerializationError('RDF/XML cannot write quoted triples; choose Turtle or N-Triples');
    bySubject.get(key)!.lines.push(line);
  }

  const body: string[] = [];
  for (const { subject, lines } of bySubject.values()) {
    body.push(`  <rdf:Description ${subjectAttribute(subject)}>`, ...lines.map((l) => `    ${l}`), '  </rdf:Description>');
  }
  const declarations = [...namespaces].map(([ns, prefix]) => `\n    xmlns:${prefix}="${xml(ns)}"`).join('');
  return `${['<?xml version="1.0" encoding="UTF-8"?>', `<rdf:RDF${declarations}>`, ...body, '</rdf:RDF>'].join('\n')}\n`;
}
