#!/usr/bin/env python3
"""Reads the exported files with readers nobody here wrote: rdflib for every RDF
file (quad formats into a ConjunctiveGraph, keeping their named graphs) and
Python's csv module for the CSVs. Request on stdin as JSON:
  {"rdf": [{"path": ..., "file": ..., "format": "nquads|trig|nt|turtle|json-ld"}],
   "csv": [{"path": ..., "file": ...}]}
Answer on stdout: {path: {"triples", "quads", "graphs"} or {"rows", "header", "iris"}},
or {"error": message} for a file that does not parse."""
import csv
import json
import sys

from rdflib import ConjunctiveGraph, URIRef


def read_rdf(item):
    graph = ConjunctiveGraph()
    graph.parse(item["file"], format=item["format"], publicID="urn:x-default")
    quads = 0
    names = []
    for context in graph.contexts():
        size = len(context)
        if size == 0:
            continue
        quads += size
        if isinstance(context.identifier, URIRef) and str(context.identifier) not in ("urn:x-default", "urn:x-rdflib:default"):
            names.append(str(context.identifier))
    distinct = len({(s, p, o) for s, p, o, _ in graph.quads((None, None, None, None))})
    return {"triples": distinct, "quads": quads, "graphs": sorted(names)}


def read_csv(item):
    with open(item["file"], newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    return {"rows": len(body), "header": header, "iris": [row[header.index("iri")] for row in body], "widths": sorted({len(row) for row in body})}


def main():
    request = json.load(sys.stdin)
    answer = {}
    for kind, reader in (("rdf", read_rdf), ("csv", read_csv)):
        for item in request.get(kind, []):
            try:
                answer[item["path"]] = reader(item)
            except Exception as error:  # report, so the test names the file
                answer[item["path"]] = {"error": f"{type(error).__name__}: {error}"}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
