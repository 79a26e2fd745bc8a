"""The resolution graph: what the corpus as a whole says about its entities.

A canonical name needs every document that names the thing; so do its other names, a position's
full title and the dates of its first and last support, and the decisions that joined (or kept
apart) mentions. These triples live in one named graph (``iris.RESOLUTION_GRAPH``) that is
recomputed whenever a document is added, changed or removed, while each document's own graph
stays as it was. ``kg explain`` reads the decisions back from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.rdf import iris
from kg.rdf.vocab import ZKG
from kg.resolve import Decision, Identity, PositionIdentity, Resolution

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def identity_iri(ident: Identity) -> URIRef:
    return iris.entity_iri(ident.type, ident.label, ident.disambiguator)


def _score(value: float) -> Literal:
    """A score as xsd:decimal with two places ("0.55"), the same in every serialisation."""
    return Literal(str(Decimal(f"{value:.2f}")), datatype=XSD.decimal)


def resolution_triples(resolution: Resolution) -> Iterator[Triple]:
    """Labels, other names, position titles and dates, and decisions of ``resolution``."""
    for ident in resolution.identities.values():
        node = identity_iri(ident)
        yield node, RDFS.label, zh(ident.label)
        for alt in ident.alt_labels:
            yield node, SKOS.altLabel, zh(alt)
    for position in resolution.positions.values():
        yield from _position(resolution, position)
    for decision in resolution.decisions:
        yield from _decision(resolution, decision)


def _position(resolution: Resolution, p: PositionIdentity) -> Iterator[Triple]:
    person = identity_iri(resolution.identities[p.person])
    node = iris.position_iri(person, p.key)
    yield node, ZKG.title, zh(p.title)
    yield node, RDFS.label, zh(p.title)
    for alt in p.alt_titles:
        yield node, SKOS.altLabel, zh(alt)
    if p.first_seen:
        yield node, ZKG.firstSeen, Literal(p.first_seen, datatype=XSD.date)
    if p.last_seen:
        yield node, ZKG.lastSeen, Literal(p.last_seen, datatype=XSD.date)


def _decision(resolution: Resolution, d: Decision) -> Iterator[Triple]:
    node = iris.decision_iri(d.id)
    yield node, RDF.type, ZKG.ResolutionDecision
    yield node, ZKG.outcome, Literal(d.outcome)
    yield node, ZKG.reason, Literal(d.rule)
    yield node, ZKG.score, _score(d.score)
    for ident in (d.identity, d.other):
        if ident:
            yield node, ZKG.resolvedEntity, identity_iri(resolution.identities[ident])
    for label in set(d.labels):
        yield node, ZKG.mergedLabel, zh(label)
    for feature in d.evidence:
        yield node, ZKG.evidenceNote, Literal(feature)
    for doc in set(d.documents):
        if doc:
            yield node, PROV.used, iris.document_iri(doc)
    yield node, RDFS.label, Literal(f"{d.outcome} {d.labels[0]} + {d.labels[1]} ({d.rule})")
