"""Stable IRIs for everything the graph names, under ``https://w3id.org/zhkg/id/``.

Every IRI is a pure function of the facts (names, hashes, offsets): rebuilding the same input
gives the same IRIs, so graphs can be diffed, merged and cited. Nothing here is random or
depends on set or dict iteration order.

Entities are keyed by type and name only, so the same name of the same type in two documents
is one node; cross-document resolution may later merge or split nodes on better evidence.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import URIRef

from kg.rdf.vocab import ID_BASE


def _q(text: str) -> str:
    """Percent-encode a path segment (also '/', so a name can never add a path level)."""
    return quote(text, safe="")


def entity_iri(entity_type: str, name: str) -> URIRef:
    """``id/{type}/{name}``, e.g. ``id/person/%E5%BC%A0%E5%88%A9`` for Person 张利."""
    return URIRef(f"{ID_BASE}{entity_type.lower()}/{_q(name)}")


def document_iri(sha256: str) -> URIRef:
    """``id/doc/{sha256[:16]}``: the content, not the file name, identifies a document."""
    return URIRef(f"{ID_BASE}doc/{sha256[:16].lower()}")


def position_iri(person: URIRef | str, title: str) -> URIRef:
    """``id/position/{hash}``: one node per (person, full title), shared across documents."""
    digest = hashlib.sha256(f"{person}\n{title}".encode()).hexdigest()[:16]
    return URIRef(f"{ID_BASE}position/{digest}")


def event_iri(sha256: str, key: str) -> URIRef:
    """``id/event/{doc sha[:12]}-{key}``: events are per document until resolution merges them."""
    return URIRef(f"{ID_BASE}event/{sha256[:12].lower()}-{_q(key)}")


def mention_iri(sha256: str, start: int, end: int) -> URIRef:
    """``id/mention/{doc sha[:12]}-{start}-{end}``: a span of one file is one node."""
    return URIRef(f"{ID_BASE}mention/{sha256[:12].lower()}-{start}-{end}")


def role_iri(role: str) -> URIRef:
    """``id/role/{role word}``: one node per bare role word (书记, 主任 …) for the whole graph."""
    return URIRef(f"{ID_BASE}role/{_q(role)}")
