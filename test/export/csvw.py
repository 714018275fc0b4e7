#!/usr/bin/env python3
"""Reads each exported CSV as its CSVW metadata says (Python's csv module, the
dialect, the columns' titles, separators, datatypes and required flags) and
writes the triples a CSVW processor would make of it, for csvw.test.ts.

Request on stdin: {"tables": [{"metadata": path}]}; the CSV is the metadata's
"url", relative to it. Answer on stdout: {metadata path: {"rows", "errors",
"triples"}}, a triple being [subject, property, {"iri"} or {"value",
"datatype", "lang"?}]. Run with Debian's /usr/bin/python3 (standard library only).
"""
import csv
import datetime
import io
import json
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from urllib.parse import urlparse

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

PATTERNS = {
    "integer": r"[+-]?\d+",
    "boolean": r"true|false|1|0",
    "gYear": r"-?\d{4,}",
    "gYearMonth": r"-?\d{4,}-(0[1-9]|1[0-2])",
}


def date(value):
    datetime.date.fromisoformat(value)
    return True


def decimal(value):
    try:
        Decimal(value)
    except InvalidOperation:
        return False
    return re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", value) is not None


CHECKS = {
    "string": lambda value: True,
    "anyURI": lambda value: bool(urlparse(value).scheme),
    "decimal": decimal,
    "date": date,
}


def fits(value, datatype):
    """Whether a value is in the lexical space of a CSVW datatype (a name, or {"base", "@id"})."""
    name = datatype["base"] if isinstance(datatype, dict) else datatype
    if name in PATTERNS:
        return re.fullmatch(PATTERNS[name], value) is not None
    if name not in CHECKS:
        raise ValueError("no check for datatype %s" % name)
    try:
        return CHECKS[name](value)
    except ValueError:
        return False


def literal(value, column):
    datatype = column.get("datatype", "string")
    if isinstance(datatype, dict):
        return {"value": value, "datatype": datatype["@id"]}
    if datatype == "string" and column.get("lang"):
        return {"value": value, "datatype": RDF_LANG_STRING, "lang": column["lang"]}
    return {"value": value, "datatype": XSD + datatype}


def read_table(metadata_path):
    with open(metadata_path, encoding="utf-8") as handle:
        metadata = json.load(handle)
    dialect = metadata["dialect"]
    columns = metadata["tableSchema"]["columns"]
    csv_path = os.path.join(os.path.dirname(metadata_path), metadata["url"])
    errors = []
    with open(csv_path, newline="", encoding=dialect["encoding"]) as handle:
        text = handle.read()
    if not text.endswith(dialect["lineTerminators"][0]):
        errors.append("the last record does not end with the line terminator")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect["delimiter"], quotechar=dialect["quoteChar"], doublequote=dialect["doubleQuote"]))
    header, rows = records[0], records[1:]
    if header != [c["titles"] for c in columns]:
        errors.append("header %r is not the columns' titles" % header)
    about = metadata["tableSchema"]["aboutUrl"]
    triples = []
    for number, row in enumerate(rows, start=2):
        if len(row) != len(columns):
            errors.append("row %d has %d cells for %d columns" % (number, len(row), len(columns)))
            continue
        cells = {c["name"]: cell for c, cell in zip(columns, row)}
        subject = about.replace("{+iri}", cells["iri"])
        for column, cell in zip(columns, row):
            where = "%s row %d column %s" % (metadata["url"], number, column["titles"])
            if cell == "":
                if column.get("required"):
                    errors.append("%s: required, and empty" % where)
                continue
            values = cell.split(column["separator"]) if "separator" in column else [cell]
            for value in values:
                if not fits(value, column.get("datatype", "string")):
                    errors.append("%s: %r is not a %s" % (where, value, column.get("datatype")))
                elif not column.get("suppressOutput"):
                    value_url = column.get("valueUrl")
                    term = {"iri": value_url.replace("{+%s}" % column["name"], value)} if value_url else literal(value, column)
                    triples.append([subject, column["propertyUrl"], term])
    return {"rows": len(rows), "errors": errors, "triples": triples}


def main():
    request = json.load(sys.stdin)
    answer = {}
    for table in request["tables"]:
        try:
            answer[table["metadata"]] = read_table(table["metadata"])
        except Exception as error:  # report, so that the test names the file
            answer[table["metadata"]] = {"rows": 0, "errors": ["%s: %s" % (type(error).__name__, error)], "triples": []}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
