"""Runs SPARQL queries against an endpoint with Python clients nobody here wrote
(SPARQLWrapper, rdflib) and prints their answers as JSON, for the interop tests.

Reads {"endpoint": url, "cases": [{"id", "client", "query", ...}]} on stdin;
writes {id: answer} on stdout, where an answer is
  {"type": "bindings", "variables": [...], "rows": [{var: term}]}
  {"type": "boolean", "value": bool}
  {"type": "triples", "triples": [[s, p, o]]}
  {"type": "error", "message": str}
and a term is {"type": "uri"|"bnode"|"literal", "value", "lang"?, "datatype"?}.

Run with Debian's /usr/bin/python3 (python3-sparqlwrapper, python3-rdflib).
"""
import json
import sys
import urllib.request
from urllib.parse import urlencode

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, RDFXML, TURTLE, XML, GET, POST, SPARQLWrapper

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(term):
    if isinstance(term, rdflib.URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, rdflib.BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, rdflib.Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["lang"] = term.language
        elif term.datatype and str(term.datatype) != XSD_STRING:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError("unexpected term %r" % (term,))


def json_term(term):
    """A term of SPARQL JSON results as SPARQLWrapper hands it over."""
    out = {"type": "uri" if term["type"] == "uri" else "bnode" if term["type"] == "bnode" else "literal", "value": term["value"]}
    if "xml:lang" in term:
        out["lang"] = term["xml:lang"]
    elif term.get("datatype") and term["datatype"] != XSD_STRING:
        out["datatype"] = term["datatype"]
    return out


def xml_term(node):
    """A term of SPARQL XML results (a minidom <binding> child)."""
    text = "".join(child.data for child in node.childNodes if child.nodeType == child.TEXT_NODE)
    if node.tagName == "uri":
        return {"type": "uri", "value": text}
    if node.tagName == "bnode":
        return {"type": "bnode", "value": text}
    out = {"type": "literal", "value": text}
    if node.getAttribute("xml:lang"):
        out["lang"] = node.getAttribute("xml:lang")
    elif node.getAttribute("datatype") and node.getAttribute("datatype") != XSD_STRING:
        out["datatype"] = node.getAttribute("datatype")
    return out


def graph_answer(graph):
    return {"type": "triples", "triples": [[rdflib_term(s), rdflib_term(p), rdflib_term(o)] for s, p, o in graph]}


def sparqlwrapper(endpoint, case):
    client = SPARQLWrapper(endpoint)
    client.setQuery(case["query"])
    client.setMethod(POST if case.get("method") == "POST" else GET)
    if case["format"] == "jsonld":
        # SPARQLWrapper 1.8.5 converts JSON-LD only with the old rdflib-jsonld package: ask
        # for it by content negotiation and parse the body with rdflib's own JSON-LD parser.
        client.setOnlyConneg(True)
        client.addCustomHttpHeader("Accept", "application/ld+json")
        response = client.query().response
        if response.headers["Content-Type"].split(";")[0] != "application/ld+json":
            raise ValueError("asked for JSON-LD, got %s" % response.headers["Content-Type"])
        return graph_answer(rdflib.Graph().parse(data=response.read(), format="json-ld"))
    fmt = {"json": JSON, "xml": XML, "turtle": TURTLE, "rdfxml": RDFXML}[case["format"]]
    client.setReturnFormat(fmt)
    result = client.query().convert()
    kind = case["kind"]
    if kind == "construct":
        if isinstance(result, (bytes, str)):  # Turtle comes back unparsed
            result = rdflib.Graph().parse(data=result, format="turtle")
        return graph_answer(result)
    if fmt == JSON:
        if kind == "ask":
            return {"type": "boolean", "value": result["boolean"]}
        return {
            "type": "bindings",
            "variables": result["head"]["vars"],
            "rows": [{k: json_term(v) for k, v in row.items()} for row in result["results"]["bindings"]],
        }
    # XML: a minidom document
    if kind == "ask":
        return {"type": "boolean", "value": result.getElementsByTagName("boolean")[0].firstChild.data == "true"}
    variables = [v.getAttribute("name") for v in result.getElementsByTagName("variable")]
    rows = []
    for r in result.getElementsByTagName("result"):
        row = {}
        for b in r.getElementsByTagName("binding"):
            element = [c for c in b.childNodes if c.nodeType == c.ELEMENT_NODE][0]
            row[b.getAttribute("name")] = xml_term(element)
        rows.append(row)
    return {"type": "bindings", "variables": variables, "rows": rows}


def rdflib_store(endpoint, case):
    graph = rdflib.Graph(SPARQLStore(endpoint, method=case.get("method", "GET")))
    result = graph.query(case["query"])
    if result.type == "ASK":
        return {"type": "boolean", "value": bool(result.askAnswer)}
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return graph_answer(result.graph)
    variables = [str(v) for v in result.vars]
    rows = [{v: rdflib_term(row[v]) for v in variables if row[v] is not None} for row in result]
    return {"type": "bindings", "variables": variables, "rows": rows}


def rdflib_contexts(endpoint, case):
    """The named graphs as rdflib's SPARQLStore lists them: SELECT ?name WHERE { GRAPH ?name {} }."""
    store = SPARQLStore(endpoint)
    return {"type": "bindings", "variables": ["name"], "rows": [{"name": rdflib_term(name)} for name in store.contexts()]}


def rdflib_parse(endpoint, case):
    """Fetches a graph in one RDF format and parses it with rdflib's own parser for that format."""
    url = endpoint + "?" + urlencode({"query": case["query"]})
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": case["accept"]})) as response:
        data = response.read()
        content_type = response.headers["Content-Type"].split(";")[0]
    if content_type != case["accept"]:
        raise ValueError("asked for %s, got %s" % (case["accept"], content_type))
    if case["parser"] in ("nquads", "trig"):
        dataset = rdflib.ConjunctiveGraph()
        dataset.parse(data=data, format=case["parser"])
        return {"type": "triples", "triples": [[rdflib_term(s), rdflib_term(p), rdflib_term(o)] for s, p, o, _ in dataset.quads()]}
    return graph_answer(rdflib.Graph().parse(data=data, format=case["parser"]))


CLIENTS = {"sparqlwrapper": sparqlwrapper, "rdflib": rdflib_store, "rdflib-parse": rdflib_parse, "rdflib-contexts": rdflib_contexts}


def main():
    request = json.load(sys.stdin)
    answers = {}
    for case in request["cases"]:
        try:
            answers[case["id"]] = CLIENTS[case["client"]](request["endpoint"], case)
        except Exception as error:  # reported per case, so that one failure does not hide the others
            answers[case["id"]] = {"type": "error", "message": "%s: %s" % (type(error).__name__, error)}
    json.dump(answers, sys.stdout)


if __name__ == "__main__":
    main()
