"""Facts to triples: the one place that knows how ``kg.facts`` becomes RDF.

Each document's statements go into a named graph whose name is the document IRI, so .trig and
.nq output keep track of which file said what. Entity and position nodes are the *resolved*
identities of ``kg.resolve`` (one node per real thing, shared across documents); what depends on
more than one document — canonical labels, other names, position titles and dates, the merge
decisions — goes to the separate resolution graph (``kg.rdf.resolved``), so a document's graph
says only what that document says and can be replaced on its own. The mapping emits no blank
nodes, so graphs compare and diff by IRI and serialise deterministically.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.facts import DocumentFacts, Entity, Event, Mention, Position, Project
from kg.rdf import iris
from kg.rdf.vocab import ZKG, bind_prefixes
from kg.resolve import Resolution, date_span, resolve_entities

Triple = tuple[URIRef, URIRef, URIRef | Literal]

#: Mentions kept per entity: enough to show where a name occurs, without one node per mention
#: of a name repeated forty times in a long article.
MAX_ENTITY_MENTIONS = 5

ORG_CLASSES: dict[str | None, URIRef] = {
    "party": ZKG.PartyOrganization,
    "government": ZKG.GovernmentAgency,
    "company": ZKG.Company,
    "research": ZKG.ResearchInstitution,
    "other": ZKG.Organization,
    None: ZKG.Organization,
}

EVENT_CLASSES: dict[str, URIRef] = {
    "meeting": ZKG.Meeting,
    "inspection": ZKG.Inspection,
    "signing": ZKG.Signing,
    "ceremony": ZKG.Ceremony,
    "trip": ZKG.Trip,
    "interview": ZKG.Interview,
    "other": ZKG.Event,
}


def zh(text: str) -> Literal:
    """Chinese text as a ``@zh`` literal (names, titles, sentences)."""
    return Literal(text, lang="zh")


def date_literal(value: str) -> Literal | None:
    """``YYYY-MM-DD`` → xsd:date, ``YYYY-MM`` → xsd:gYearMonth, anything else → None."""
    parts = value.split("-")
    if not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None
    if len(parts) == 3 and len(parts[1]) == len(parts[2]) == 2:
        return Literal(value, datatype=XSD.date)
    if len(parts) == 2 and len(parts[1]) == 2:
        return Literal(value, datatype=XSD.gYearMonth)
    return None


def decimal_literal(amount: float, integral: bool) -> Literal:
    """An amount as xsd:decimal in the lexical form Turtle itself writes ("10000000000.0").

    rdflib's Turtle writer prints decimals as bare numbers and appends ".0" to integral ones;
    emitting that form everywhere keeps .ttl, .nt and .jsonld output of one graph identical
    term for term (no "1e10" either: the form is plain positional digits).
    """
    value = Decimal(round(amount)) if integral else Decimal(repr(float(amount)))
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0")
    else:
        text += "."
    if text.endswith("."):
        text += "0"
    return Literal(text, datatype=XSD.decimal)


class _DocumentMapper:
    """Maps one DocumentFacts; holds the key → IRI table so dangling keys are dropped silently."""

    def __init__(self, doc: DocumentFacts, resolution: Resolution) -> None:
        self.doc = doc
        self.resolution = resolution
        self.doc_iri = iris.document_iri(doc.sha256)
        self.entity_iris: dict[str, URIRef] = {}
        for e in doc.entities:
            ident = resolution.identity(doc.sha256, e.key)
            if ident is not None:
                self.entity_iris[e.key] = iris.entity_iri(ident.type, ident.label, ident.disambiguator)

    def triples(self) -> Iterator[Triple]:
        yield from self._document()
        for entity in self.doc.entities:
            yield from self._entity(entity)
        for n, position in enumerate(self.doc.positions):
            yield from self._position(n, position)
        for event in self.doc.events:
            yield from self._event(event)
        for project in self.doc.projects:
            yield from self._project(project)

    # -- helpers ---------------------------------------------------------------------------

    def _refs(self, keys: Iterable[str | None]) -> list[URIRef]:
        return [self.entity_iris[k] for k in keys if k is not None and k in self.entity_iris]

    def _evidence(self, subject: URIRef, mentions: Iterable[Mention]) -> Iterator[Triple]:
        for m in mentions:
            node = iris.mention_iri(self.doc.sha256, m.start, m.end)
            yield subject, ZKG.evidence, node
            yield node, RDF.type, ZKG.Mention
            yield node, ZKG.document, self.doc_iri
            yield node, ZKG.startOffset, Literal(m.start, datatype=XSD.integer)
            yield node, ZKG.endOffset, Literal(m.end, datatype=XSD.integer)
            yield node, ZKG.sentence, zh(m.sentence)

    # -- one method per fact kind -----------------------------------------------------------

    def _document(self) -> Iterator[Triple]:
        d, node = self.doc, self.doc_iri
        yield node, RDF.type, ZKG.Document
        yield node, RDFS.label, Literal(d.file_name)
        yield node, ZKG.fileName, Literal(d.file_name)
        yield node, ZKG.contentHash, Literal(d.sha256.lower())
        if d.year is not None:
            yield node, ZKG.year, Literal(f"{d.year:04d}", datatype=XSD.gYear)
        if d.title:
            yield node, ZKG.headline, zh(d.title)
        when = self.resolution.article_dates.get(d.sha256)
        if when and (literal := date_literal(when) or _year_literal(when)) is not None:
            yield node, ZKG.articleDate, literal

    def _entity(self, e: Entity) -> Iterator[Triple]:
        # names (rdfs:label, skos:altLabel) are corpus-level: kg.rdf.resolved writes them
        node = self.entity_iris.get(e.key)
        if node is None:
            return
        if e.type == "Organization":
            yield node, RDF.type, ORG_CLASSES.get(e.org_kind, ZKG.Organization)
        else:
            yield node, RDF.type, ZKG[e.type]
        if e.also_place:
            yield node, RDF.type, ZKG.Place
        yield node, ZKG.mentionedIn, self.doc_iri
        yield from self._evidence(node, sorted(set(e.mentions))[:MAX_ENTITY_MENTIONS])

    def _position(self, n: int, p: Position) -> Iterator[Triple]:
        # the title, its variants and the dates are corpus-level: kg.rdf.resolved writes them
        person = self.entity_iris.get(p.person)
        resolved = self.resolution.position(self.doc.sha256, n)
        if person is None or resolved is None:
            return
        node = iris.position_iri(person, resolved.key)
        yield person, ZKG.holds, node
        yield node, RDF.type, ZKG.Position
        if p.role:
            role = iris.role_iri(p.role)
            yield node, ZKG.role, role
            yield role, RDF.type, ZKG.Role
            yield role, RDFS.label, zh(p.role)
        for org in self._refs([p.organization]):
            yield node, ZKG.organization, org
        yield node, ZKG.mentionedIn, self.doc_iri
        yield from self._evidence(node, p.evidence)

    def _event(self, ev: Event) -> Iterator[Triple]:
        node = iris.event_iri(self.doc.sha256, ev.key)
        date = None
        yield node, RDF.type, EVENT_CLASSES.get(ev.kind, ZKG.Event)
        yield node, RDFS.label, zh(ev.label)
        if ev.date and (date := date_literal(ev.date)) is not None:
            yield node, ZKG.date, date
        yield from self._period(node, ev.date if date is not None else None)
        for org in self._refs(ev.organizers):
            yield node, ZKG.organizer, org
        for person in self._refs(ev.chairs):
            yield node, ZKG.chair, person
        for person in self._refs(ev.speakers):
            yield node, ZKG.speaker, person
        # the scorer and simple queries read chairs and speakers as participants: say so
        for who in self._refs([*ev.participants, *ev.chairs, *ev.speakers]):
            yield node, ZKG.participant, who
        for place in self._refs([ev.location]):
            yield node, ZKG.location, place
        for site in self._refs(ev.sites):
            yield node, ZKG.site, site
        yield node, ZKG.mentionedIn, self.doc_iri
        yield from self._evidence(node, ev.evidence)

    def _period(self, node: URIRef, when: str | None) -> Iterator[Triple]:
        """zkg:periodStart/End: the days the event's date covers (its article's year if undated).

        Why derived triples: a range question over dates of mixed precision (2023-03-05,
        2023-03, 2023) otherwise needs string arithmetic in SPARQL on every event, which is the
        slowest part of a timeline on a large store; two typed dates compare natively.
        """
        if when is None and self.doc.year is not None:
            when = f"{self.doc.year:04d}"
        if when is None:
            return
        try:
            first, last = date_span(when)
        except (ValueError, TypeError):
            return
        yield node, ZKG.periodStart, Literal(first.isoformat(), datatype=XSD.date)
        yield node, ZKG.periodEnd, Literal(last.isoformat(), datatype=XSD.date)

    def _project(self, p: Project) -> Iterator[Triple]:
        node = self.entity_iris.get(p.entity)
        if node is None:
            return
        if p.investment is not None and math.isfinite(p.investment):
            currency = (p.currency or "CNY").upper()
            if currency == "CNY":
                yield node, ZKG.investmentCNY, decimal_literal(p.investment, integral=True)
            else:
                yield node, ZKG.investmentAmount, decimal_literal(p.investment, integral=False)
                yield node, ZKG.investmentCurrency, Literal(currency)
        if p.capacity:
            yield node, ZKG.capacity, Literal(p.capacity)
        if p.status:
            yield node, ZKG.status, zh(p.status)
        for org in self._refs(p.investors):
            yield node, ZKG.investor, org
        for where in self._refs(p.located_in):
            yield node, ZKG.locatedIn, where
        for person in self._refs(p.leaders):
            yield node, ZKG.leader, person
        yield from self._evidence(node, p.evidence)


def _year_literal(value: str) -> Literal | None:
    return Literal(value, datatype=XSD.gYear) if len(value) == 4 and value.isdigit() else None


def document_triples(doc: DocumentFacts, resolution: Resolution | None = None) -> Iterator[Triple]:
    """All triples stated by one document, with entity IRIs from ``resolution``.

    Without a resolution the document is resolved on its own (its entities are then keyed by
    their own names). May repeat a triple; graphs deduplicate.
    """
    return _DocumentMapper(doc, resolution or resolve_entities([doc])).triples()


def facts_to_dataset(docs: Iterable[DocumentFacts], resolution: Resolution | None = None) -> Dataset:
    """One named graph per document (named by the document IRI) plus the resolution graph.

    ``resolution`` defaults to ``resolve_entities(docs)``; the default graph stays empty.
    """
    from kg.rdf.resolved import resolution_triples

    docs = list(docs)
    resolution = resolution or resolve_entities(docs)
    dataset = bind_prefixes(Dataset())
    for doc in docs:
        graph = dataset.graph(iris.document_iri(doc.sha256))
        for triple in document_triples(doc, resolution):
            graph.add(triple)
    graph = dataset.graph(iris.RESOLUTION_GRAPH)
    for triple in resolution_triples(resolution):
        graph.add(triple)
    return dataset


def facts_to_graph(docs: Iterable[DocumentFacts], resolution: Resolution | None = None) -> Graph:
    """The union of all documents' statements and the resolution's in one plain graph."""
    graph = bind_prefixes(Graph())
    for s, p, o, _ in facts_to_dataset(docs, resolution).quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph
