"""RDF terms between pyoxigraph and rdflib, and out to Python values and display text.

Results are normalised to rdflib terms whatever the engine, so the serialisers, the Python API
and the tests see one representation. Plain literals come back from Oxigraph typed
``xsd:string``; they become rdflib's untyped ``Literal`` so both engines compare equal.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.rdf.vocab import ID_BASE
from kg.sparql.prefixes import PREFIXES

Term = URIRef | Literal | BNode
XSD_STRING = str(XSD.string)


@lru_cache(maxsize=1 << 16)
def from_oxigraph(term: Any) -> Term:
    """An Oxigraph term as the equal rdflib term (RDF-star triples are shown as text).

    Cached: building an rdflib Literal costs more than the query for large results, and the
    same labels and classes come back on many rows and in many queries (terms are immutable)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    return Literal(str(term))


def to_oxigraph(term: Node) -> Any:
    """An rdflib term as an Oxigraph term; invalid IRIs raise ValueError in pyoxigraph."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_python(term: Node | None) -> Any:
    """A Python value for notebooks: numbers, ``datetime.date``, ``str`` (IRIs stay URIRef).

    xsd:decimal becomes Decimal (investment amounts stay exact); partial dates such as
    xsd:gYearMonth stay strings ("2023-03") instead of turning into the first of the month.
    """
    if term is None or not isinstance(term, Literal):
        return term
    datatype = str(term.datatype) if term.datatype is not None else None
    text = str(term)
    try:
        if datatype == str(XSD.decimal):
            return Decimal(text)
        if datatype in (str(XSD.integer), str(XSD.int), str(XSD.long)):
            return int(text)
        if datatype in (str(XSD.double), str(XSD.float)):
            return float(text)
        if datatype == str(XSD.boolean):
            return text in ("true", "1")
        if datatype == str(XSD.date):
            return datetime.date.fromisoformat(text)
    except (ValueError, InvalidOperation):
        return text
    return text


def display(term: Node | None) -> str:
    """Short text for a table cell: CURIEs for known vocabularies, ``id:type/名称`` for instances.

    Instance IRIs are shown percent-decoded after ``id:`` (``id:person/金锋``); the ``iri``
    parameter type accepts that form back, so a cell can be pasted into ``--param``.
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        if iri.startswith(ID_BASE):
            return "id:" + unquote(iri[len(ID_BASE) :])
        for name, base in PREFIXES.items():
            if iri.startswith(base) and _plain_local(iri[len(base) :]):
                return f"{name}:{iri[len(base) :]}"
        return f"<{iri}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


def _plain_local(local: str) -> bool:
    return bool(local) and all(ch.isalnum() or ch in "_-." for ch in local)


def ntriples(term: Node) -> str:
    """N-Triples form of a term with tab, newline and quote escaped (for TSV results)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = (
        str(term)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if isinstance(term, Literal) and term.language:
        return f'"{text}"@{term.language}'
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) != XSD_STRING:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'
