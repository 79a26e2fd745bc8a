"""``zh_titles`` and ``zh_persons``: people and the positions they hold.

Title chains are the strongest evidence of a name (市委书记张利); names without a title are
accepted when a cue follows them (张利指出, 郑志明一行) or the trained model proposes them and they
look like a Chinese name. Every occurrence of an accepted name becomes a mention.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp import lexicons
from kg.nlp.chars import CLAUSE_PUNCT, PERSON_CUES, starts_with_any
from kg.nlp.extensions import register_extensions
from kg.nlp.grammar.persons import NameReader, surname_at
from kg.nlp.grammar.titles import find_title_chains
from kg.nlp.spans import char_span, doc_text

register_extensions()

SPEECH_CUES = (
    "指出",
    "强调",
    "要求",
    "表示",
    "说",
    "讲话",
    "致辞",
    "一行",
    "主持",
    "出席",
    "陪同",
    "率队",
    "带队",
    "介绍",
)
# titles that name a trade, not a post (记者 is how bylines sign), kept out of positions
BYLINE_ROLES = ("记者", "通讯员", "摄影")


class Titles:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        persons, titles, positions = [], [], []
        for chain in find_title_chains(text):
            for a, b in chain.people:
                name = text[a:b]
                span = char_span(doc, a, b, "PERSON")
                if span is None:
                    continue
                persons.append(span)
                for t in chain.titles:
                    tspan = char_span(doc, t.start, t.end, "TITLE")
                    if tspan is not None:
                        titles.append(tspan)
                    positions.append(
                        {
                            "person": name,
                            "title": t.full,
                            "printed": t.text,
                            "role": t.role,
                            "org": t.org,
                            "start": t.start,
                            "end": b,
                        }
                    )
        # a title after the name (习近平总书记, 金锋主任) at the start of a clause
        reader = NameReader(text)
        held = {(p["person"], p["role"]) for p in positions}
        roles = lexicons.roles()
        for m in re.finditer(r"(?:^|[，。；：、\n“])", text):
            span = reader(m.end())
            if span is None:
                continue
            role = starts_with_any(text, span[1], roles)
            name = text[span[0] : span[1]]
            if role and (name, role) not in held and not any(r.endswith(role) for n, r in held if n == name):
                ps = char_span(doc, span[0], span[1], "PERSON")
                if ps is not None:
                    persons.append(ps)
                    held.add((name, role))
                    positions.append(
                        {
                            "person": name,
                            "title": role,
                            "printed": role,
                            "role": role,
                            "org": None,
                            "start": span[0],
                            "end": span[1] + len(role),
                        }
                    )
        doc.spans["persons"] = persons
        doc.spans["titles"] = titles
        doc._.positions = positions
        return doc


class Persons:
    """Names without a title before them, then every occurrence of every accepted name."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        names = {s.text for s in doc.spans.get("persons", [])}
        reader = NameReader(text)
        # a name at the start of a clause followed by a speech or presence cue
        for m in re.finditer(r"(?:^|[，。；：、\n“])(?:会上，|随后，|同时，|其中，)?", text):
            pos = m.end()
            span = reader(pos)
            if span and starts_with_any(text, span[1], SPEECH_CUES):
                names.add(text[span[0] : span[1]])
        for s in doc.spans.get("ner", []):
            plausible = 2 <= len(s.text) <= 4 and surname_at(s.text, 0) is not None
            if s.label_ == "PERSON" and plausible and s.text not in lexicons.common_words():
                names.add(s.text)
        orgs = [(s.start_char, s.end_char) for s in doc.spans.get("orgs", [])]
        spans = []
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(name), text):
                a, b = m.start(), m.end()
                if any(s <= a and b <= e for s, e in orgs):
                    continue
                if (
                    b < len(text)
                    and text[b] not in CLAUSE_PUNCT
                    and not starts_with_any(text, b, PERSON_CUES)
                ):
                    # 李贵军 inside 李贵军某: only a whole name counts, unless the next word is a cue
                    longer = reader(a)
                    if longer and longer[1] > b:
                        continue
                span = char_span(doc, a, b, "PERSON")
                if span is not None and not any(span.start < o.end and o.start < span.end for o in spans):
                    spans.append(span)
        doc.spans["persons"] = sorted(spans, key=lambda s: s.start)
        return doc


@Language.factory("zh_titles")
def make_titles(nlp: Language, name: str) -> Titles:
    return Titles()


@Language.factory("zh_persons")
def make_persons(nlp: Language, name: str) -> Persons:
    return Persons()
