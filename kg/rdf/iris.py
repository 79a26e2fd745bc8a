"""Stable IRIs for everything the graph names, under ``https://w3id.org/zhkg/id/``.

Every IRI is a pure function of the facts (names, hashes, offsets): rebuilding the same input
gives the same IRIs, so graphs can be diffed, merged and cited. Nothing here is random or
depends on set or dict iteration order.

Entities are keyed by type and their resolved identity's canonical name (``kg.resolve``): one
node per real thing across documents; namesakes kept apart add a disambiguator
(``person/王伟~3f09c2aa``).
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import URIRef

from kg.rdf.vocab import ID_BASE


def _q(text: str) -> str:
    """Percent-encode a path segment (also '/', so a name can never add a path level)."""
    return quote(text, safe="")


#: the named graph holding the corpus-level resolution output (labels, aliases, decisions)
RESOLUTION_GRAPH = URIRef(f"{ID_BASE}graph/resolution")


def entity_iri(entity_type: str, name: str, disambiguator: str | None = None) -> URIRef:
    """``id/{type}/{name}``, e.g. ``id/person/%E5%BC%A0%E5%88%A9`` for Person 张利.

    A namesake kept apart from the first one gets ``~{disambiguator}`` appended.
    """
    suffix = f"~{_q(disambiguator)}" if disambiguator else ""
    return URIRef(f"{ID_BASE}{entity_type.lower()}/{_q(name)}{suffix}")


def decision_iri(decision_id: str) -> URIRef:
    """``id/decision/{hash}``: one resolution decision (a merge or a deliberate split)."""
    return URIRef(f"{ID_BASE}decision/{_q(decision_id)}")


def document_iri(sha256: str) -> URIRef:
    """``id/doc/{sha256[:16]}``: the content, not the file name, identifies a document."""
    return URIRef(f"{ID_BASE}doc/{sha256[:16].lower()}")


def position_iri(person: URIRef | str, title: str) -> URIRef:
    """``id/position/{hash}``: one node per (person, position key), shared across documents.

    The key is the resolved (role, organization) of the office, or its title when no
    organization is known (``kg.resolve.PositionIdentity.key``).
    """
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
