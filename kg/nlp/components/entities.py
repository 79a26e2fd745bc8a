"""``zh_dates``, ``zh_money``, ``zh_organizations``, ``zh_places``: spans found by grammar.

Each component writes one span group; none of them decides identity (that is ``zh_aliases``).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import register_extensions
from kg.nlp.grammar.dates import find_dates
from kg.nlp.grammar.money import find_capacities, find_money
from kg.nlp.grammar.organizations import find_listed_companies, find_organizations
from kg.nlp.grammar.places import find_places
from kg.nlp.spans import char_span, doc_text

register_extensions()


class Dates:
    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for d in find_dates(doc_text(doc), doc._.year):
            span = char_span(doc, d.start, d.end, "DATE")
            if span is not None:
                # 近日 / 日前 are the publication date when the user gave one (--date)
                span._.value = d.value if d.value is not None or not d.relative else doc._.pub_date
                spans.append(span)
        doc.spans["dates"] = spans
        return doc


class Money:
    def __call__(self, doc: Doc) -> Doc:
        money = []
        for m in find_money(doc_text(doc)):
            span = char_span(doc, m.start, m.end, "MONEY")
            if span is not None:
                span._.value = m.amount
                span._.currency = m.currency
                money.append(span)
        doc.spans["money"] = money
        doc.spans["capacities"] = [
            s
            for a, b in find_capacities(doc_text(doc))
            if (s := char_span(doc, a, b, "QUANTITY")) is not None
        ]
        return doc


class Organizations:
    def __call__(self, doc: Doc) -> Doc:
        spans = []
        seen: set[tuple[int, int]] = set()
        for m in [*find_organizations(doc_text(doc)), *find_listed_companies(doc_text(doc))]:
            if (m.start, m.end) in seen:
                continue
            seen.add((m.start, m.end))
            span = char_span(doc, m.start, m.end, "ORG")
            if span is not None:
                span._.kind = m.kind
                span._.value = m.also_place
                spans.append(span)
        doc.spans["orgs"] = spans
        return doc


class Places:
    def __call__(self, doc: Doc) -> Doc:
        orgs = [(s.start_char, s.end_char) for s in doc.spans.get("orgs", [])]
        spans = []
        for p in find_places(doc_text(doc)):
            outer = next(((s, e) for s, e in orgs if s <= p.start and p.end <= e), None)
            # 高邮 inside 神鹭食品(高邮)有限公司 is part of a name; a village that names its body
            # (花王村新时代文明实践站, 送桥镇党委) is also the place
            if outer is not None and not (p.by_head and p.start == outer[0] and p.end < outer[1]):
                continue
            span = char_span(doc, p.start, p.end, "PLACE")
            if span is not None:
                spans.append(span)
        doc.spans["places"] = spans
        return doc


@Language.factory("zh_dates")
def make_dates(nlp: Language, name: str) -> Dates:
    return Dates()


@Language.factory("zh_money")
def make_money(nlp: Language, name: str) -> Money:
    return Money()


@Language.factory("zh_organizations")
def make_organizations(nlp: Language, name: str) -> Organizations:
    return Organizations()


@Language.factory("zh_places")
def make_places(nlp: Language, name: str) -> Places:
    return Places()
