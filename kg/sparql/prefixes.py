"""Prefixes predeclared for every query, so users write ``zkg:holds`` without a PREFIX line.

They are handed to the engines as parser options (pyoxigraph ``prefixes=``, rdflib ``initNs=``),
never pasted into the query text, so line and column numbers in syntax errors are the user's.
A PREFIX declared in the query itself wins.
"""

from __future__ import annotations

from kg.rdf.vocab import PREFIXES as GRAPH_PREFIXES
from kg.rdf.vocab import SEM

PREFIXES: dict[str, str] = {
    **{name: str(ns) for name, ns in GRAPH_PREFIXES.items()},
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
    "sem": str(SEM),
}


def prologue() -> str:
    """The prefixes as SPARQL PREFIX lines, for showing to users (the HTML page, docs)."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
