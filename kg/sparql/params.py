"""Query parameters: user text → one RDF term, checked by type, never spliced into SPARQL.

A parameter reaches the engine as a binding (pyoxigraph ``substitutions``, rdflib
``initBindings``), so whatever an article or a user typed can only ever be compared as a
value: ``金锋" } ; DROP ALL ; #`` is just a name nobody has.

Types used in named-query headers:

``label``    a name, ``"金锋"@zh`` (queries match it against rdfs:label and skos:altLabel)
``string``   a plain literal
``date``     ``2023-02-10`` → xsd:date
``amount``   ``5000000000``, ``50亿``, ``50亿元``, ``3000万`` → xsd:decimal yuan
``integer``  xsd:integer
``iri``      ``https://w3id.org/zhkg/id/…`` or the table's short form ``id:person/金锋``
``a|b|c``    one of the listed words, as a plain literal
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote, urlsplit

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.rdf.vocab import ID_BASE
from kg.sparql.errors import QueryError

Term = URIRef | Literal | BNode

#: Chinese multipliers accepted in amounts
_UNITS = {"": Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_AMOUNT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*(万|亿)?\s*元?\s*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: characters that may not appear in an IRI at all (RFC 3987 excludes them; SPARQL's IRIREF too)
_BAD_IRI_CHARS = set('<>"{}|^`\\ \t\r\n')
MAX_PARAM_LENGTH = 1000


def _fail(name: str, value: Any, expected: str) -> QueryError:
    shown = str(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return QueryError(f"parameter {name}: {shown!r} is not {expected}")


def date_term(name: str, value: Any) -> Literal:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    text = str(value).strip()
    if _DATE.match(text):
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return Literal(text, datatype=XSD.date)
    raise _fail(name, value, "a date YYYY-MM-DD")


def amount_term(name: str, value: Any) -> Literal:
    if isinstance(value, bool):
        raise _fail(name, value, "an amount")
    if isinstance(value, (int, float, Decimal)):
        amount = Decimal(str(value))
    else:
        match = _AMOUNT.match(str(value))
        if not match:
            raise _fail(name, value, "an amount such as 5000000000 or 50亿")
        try:
            amount = Decimal(match.group(1)) * _UNITS[match.group(2) or ""]
        except InvalidOperation:
            raise _fail(name, value, "an amount") from None
    if not amount.is_finite():
        raise _fail(name, value, "a finite amount")
    return Literal(format(amount.normalize(), "f"), datatype=XSD.decimal)


def integer_term(name: str, value: Any) -> Literal:
    text = str(value).strip()
    if isinstance(value, bool) or not re.fullmatch(r"[+-]?\d{1,18}", text):
        raise _fail(name, value, "an integer")
    return Literal(str(int(text)), datatype=XSD.integer)


def iri_term(name: str, value: Any) -> URIRef:
    """A checked IRI: absolute http(s)/urn, or ``id:TYPE/NAME`` expanded like kg.rdf.iris does."""
    text = str(value).strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.startswith("id:") and "/" in text:
        kind, _, rest = text[3:].partition("/")
        # names were percent-encoded with safe="" by kg.rdf.iris; encoding is idempotent on ASCII
        text = f"{ID_BASE}{quote(kind, safe='')}/{quote(rest, safe='%-')}"
    scheme = urlsplit(text).scheme if not _BAD_IRI_CHARS & set(text) else ""
    if scheme not in ("http", "https", "urn") or any(ord(ch) < 0x20 for ch in text):
        raise _fail(name, value, "an IRI (https://… or id:type/name)")
    return URIRef(text)


def _text(name: str, value: Any) -> str:
    text = str(value).strip()
    if not text:
        raise QueryError(f"parameter {name}: empty value")
    return text


def coerce(name: str, kind: str, value: Any) -> Term:
    """``value`` (text from the shell or a Python object) as a term of type ``kind``."""
    if isinstance(value, (URIRef, Literal, BNode)):
        return value
    if len(str(value)) > MAX_PARAM_LENGTH:
        raise QueryError(f"parameter {name}: value longer than {MAX_PARAM_LENGTH} characters")
    if kind == "label":
        return Literal(_text(name, value), lang="zh")
    if kind == "string":
        return Literal(_text(name, value))
    if kind == "date":
        return date_term(name, value)
    if kind in ("amount", "decimal"):
        return amount_term(name, value)
    if kind == "integer":
        return integer_term(name, value)
    if kind == "iri":
        return iri_term(name, value)
    if "|" in kind:
        choices = kind.split("|")
        text = str(value).strip()
        if text not in choices:
            raise _fail(name, value, "one of " + ", ".join(choices))
        return Literal(text)
    raise QueryError(f"parameter {name}: unknown type {kind!r}")


def infer(name: str, value: Any) -> Term:
    """A term for an undeclared parameter (ad-hoc queries), guessed from the value's shape.

    Dates → xsd:date, ``http(s)://`` and ``id:`` → IRI, integers → xsd:integer, other
    numbers → xsd:decimal, any other text → an ``@zh`` name (the graph's labels are ``@zh``).
    """
    if isinstance(value, (URIRef, Literal, BNode)):
        return value
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return date_term(name, value)
    if isinstance(value, int):
        return Literal(str(value), datatype=XSD.integer)
    if isinstance(value, (float, Decimal)):
        return amount_term(name, value)
    text = str(value).strip()
    if _DATE.match(text):
        return date_term(name, text)
    if text.startswith(("http://", "https://", "id:", "urn:")):
        return iri_term(name, text)
    if re.fullmatch(r"[+-]?\d{1,18}", text):
        return Literal(str(int(text)), datatype=XSD.integer)
    if re.fullmatch(r"[+-]?\d+\.\d+", text):
        return amount_term(name, text)
    return coerce(name, "label", text)


def parse_assignments(items: list[str]) -> dict[str, str]:
    """``["person=金锋", "from=2023-01-01"]`` → dict; the value may itself contain '='."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise QueryError(f"--param wants NAME=VALUE, got {item!r}")
        out[key] = value
    return out


def bind_all(values: Mapping[str, Any]) -> dict[str, Term]:
    """Infer a term for each undeclared parameter."""
    return {name: infer(name, value) for name, value in values.items()}
