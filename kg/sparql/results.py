"""One result type for every engine, and its serialisations.

SELECT rows, ASK booleans and CONSTRUCT/DESCRIBE triples are held as rdflib terms. The writers
follow the W3C result formats (SPARQL 1.1 Query Results JSON, XML, CSV and TSV), so that
SPARQLWrapper, rdflib's SPARQLStore, pandas and spreadsheets read them back; ``table`` is the
terminal view, padded by display width so Chinese columns line up.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from typing import Literal as Kind
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.rdf.stats import table
from kg.rdf.vocab import bind_prefixes
from kg.sparql.prefixes import PREFIXES
from kg.sparql.terms import Term, display, ntriples

Row = tuple[Term | None, ...]
Triple = tuple[Term, Term, Term]

#: output format name → media type (used by the CLI's --format and the server's negotiation)
MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
}


@dataclass
class Result:
    """What a query returned. ``truncated`` is set when a row limit cut the answer short."""

    kind: Kind["select", "ask", "graph"]
    vars: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    truncated: bool = False

    def without(self, names: set[str]) -> Result:
        """The same result with columns ``names`` removed (bound parameters of named queries)."""
        keep = [i for i, v in enumerate(self.vars) if v not in names]
        if len(keep) == len(self.vars) or self.kind != "select":
            return self
        rows = [tuple(row[i] for i in keep) for row in self.rows]
        return Result("select", [self.vars[i] for i in keep], rows, truncated=self.truncated)

    def graph(self) -> Graph:
        """CONSTRUCT/DESCRIBE triples as an rdflib Graph with the project's prefixes bound."""
        graph = bind_prefixes(Graph())
        for name, iri in PREFIXES.items():
            graph.bind(name, iri, override=False)
        for triple in self.triples:
            graph.add(triple)
        return graph


# -- SELECT / ASK ------------------------------------------------------------------------------


def json_term(term: Term) -> dict[str, str]:
    """One rdflib term in the SPARQL 1.1 JSON results format."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    bindings = [
        {var: json_term(term) for var, term in zip(result.vars, row, strict=True) if term is not None}
        for row in result.rows
    ]
    return json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}}, ensure_ascii=False)


@lru_cache(maxsize=1 << 16)
def _term(kind: str, value: str, lang: str | None, datatype: str | None) -> Term:
    # cached like kg.sparql.terms.from_oxigraph: building rdflib terms (a typed Literal parses
    # its value) costs more than reading a report, and labels, dates and classes repeat
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if lang:
        return Literal(value, lang=lang)
    return Literal(value, datatype=URIRef(datatype) if datatype else None)


def from_json_term(term: dict[str, str]) -> Term:
    """One term of the SPARQL 1.1 JSON results format as an rdflib term."""
    return _term(term["type"], term["value"], term.get("xml:lang"), term.get("datatype"))


def from_json_data(data: dict[str, Any]) -> Result:
    """A SELECT or ASK result from parsed SPARQL 1.1 JSON results (which it does not change)."""
    if "boolean" in data:
        return Result("ask", boolean=bool(data["boolean"]))
    names = list(data["head"]["vars"])
    rows = [
        tuple(from_json_term(b[v]) if v in b else None for v in names) for b in data["results"]["bindings"]
    ]
    return Result("select", names, rows)


def _xml_term(term: Term) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attrs = ""
    if isinstance(term, Literal) and term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif isinstance(term, Literal) and term.datatype is not None:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def to_xml(result: Result) -> str:
    """SPARQL Query Results XML Format."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
    ]
    if result.kind == "ask":
        out += ["<head/>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.vars) + "</head>")
    out.append("<results>")
    for row in result.rows:
        cells = "".join(
            f"<binding name={quoteattr(var)}>{_xml_term(term)}</binding>"
            for var, term in zip(result.vars, row, strict=True)
            if term is not None
        )
        out.append(f"<result>{cells}</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def to_csv(result: Result) -> str:
    """SPARQL 1.1 CSV: plain values (IRIs bare, literals' lexical form), CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow(["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row])
    return buffer.getvalue()


def to_tsv(result: Result) -> str:
    """SPARQL 1.1 TSV: ``?var`` header, terms in N-Triples syntax, tabs and newlines escaped."""
    if result.kind == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    lines += ["\t".join("" if t is None else ntriples(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def to_table(result: Result) -> str:
    """Aligned columns for a terminal; numbers right-aligned; a row count at the end."""
    if result.kind == "ask":
        return ("yes" if result.boolean else "no") + "\n"
    if result.kind == "graph":
        return to_turtle(result)
    count = f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''}"
    count += ", truncated)" if result.truncated else ")"
    if not result.vars:
        return count + "\n"
    cells = [list(result.vars)] + [[display(t) for t in row] for row in result.rows]
    numeric = {
        i
        for i in range(len(result.vars))
        if result.rows and all(t is None or _is_number(t) for t in (row[i] for row in result.rows))
    }
    return table(cells, right_align=numeric) + "\n" + count + "\n"


_NUMERIC = {str(XSD[name]) for name in ("integer", "decimal", "double", "float", "int", "long")}


def _is_number(term: Term | None) -> bool:
    return isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in _NUMERIC


def to_turtle(result: Result) -> str:
    return result.graph().serialize(format="turtle")


def to_ntriples(result: Result) -> str:
    return "".join(" ".join(ntriples(t) for t in triple) + " .\n" for triple in result.triples)


WRITERS = {
    "json": to_json,
    "xml": to_xml,
    "csv": to_csv,
    "tsv": to_tsv,
    "table": to_table,
    "turtle": to_turtle,
    "ntriples": to_ntriples,
}


def render(result: Result, fmt: str) -> str:
    """``result`` as text in ``fmt``; graph results are Turtle unless N-Triples is asked for."""
    if result.kind == "graph" and fmt not in ("turtle", "ntriples"):
        fmt = "turtle"
    if result.kind != "graph" and fmt in ("turtle", "ntriples"):
        fmt = "table"
    return WRITERS[fmt](result)
