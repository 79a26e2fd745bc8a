"""``zh_titles`` and ``zh_persons``: people and the positions they hold.

Title chains are the strongest evidence of a name (市委书记张利); names without a title are
accepted when a cue follows them (张利指出, 郑志明一行) or the trained model proposes them and they
look like a Chinese name. Every occurrence of an accepted name becomes a mention.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp import lexicons
from kg.nlp.chars import CLAUSE_PUNCT, PERSON_CUES, after_edge_word, starts_with_any
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


PLACE_AFTER = re.compile(r"[一二三四五六七八九十\d]*[村组庄镇乡街河湾桥路巷屯寨港队]")
COUNTED_ROLE = re.compile(r"(?:两|三|四|五|六|几|多)位")
LEADER_OF = re.compile(r"“(?P<project>[^“”]{4,40})”项目负责人(?:为|是)")


def _titles_after_names(text: str) -> list[tuple[str, str, str, int, int]]:
    """(name, role, title, start, end) for titles printed after a name: 习近平总书记, 金锋主任, and
    shared ones: 张策、王宝两位教授. The name must stand after a boundary (punctuation, 与, a verb)."""
    reader = NameReader(text)
    out = []
    for m in _role_pattern().finditer(text):
        role_start = m.start()
        counted = COUNTED_ROLE.search(text, max(0, role_start - 2), role_start)
        end = counted.start() if counted else role_start
        names = []
        while True:
            span = next((sp for k in (3, 2, 4) if (sp := reader(end - k)) and sp[1] == end), None)
            if span is None:
                break
            names.append(span)
            if not counted or span[0] == 0 or text[span[0] - 1] != "、":
                break
            end = span[0] - 1
        if not names or not _boundary_before(text, names[-1][0]):
            continue
        role = m.group()
        out += [(text[a:b], role, role, a, m.end()) for a, b in names]
    return out


def _boundary_before(text: str, pos: int) -> bool:
    if pos == 0 or text[pos - 1] in "，。；：、\n“（与和及同对向":
        return True
    return after_edge_word(text, pos) or text[max(0, pos - 2) : pos] in lexicons.function_words()


@lru_cache(maxsize=1)
def _role_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(r) for r in lexicons.roles()))


def _project_leaders(text: str, positions: list[dict]) -> list[tuple[str, str, str, int, int]]:
    """“X”项目负责人为…教授张策: the person the next title chain names leads project X."""
    out = []
    for m in LEADER_OF.finditer(text):
        chain = next((p for p in positions if m.end() <= p["start"] <= m.end() + 40), None)
        if chain is not None:
            title = m.group("project") + "项目负责人"
            name = chain["person"]
            out.append((name, "项目负责人", title, chain["end"] - len(name), chain["end"]))
    return out


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
        held = {(p["person"], p["role"]) for p in positions}
        for name, role, title, a, b in [*_titles_after_names(text), *_project_leaders(text, positions)]:
            if (name, role) in held or any(
                r.endswith(role) and role != "项目负责人" for n, r in held if n == name
            ):
                continue
            ps = char_span(doc, a, a + len(name), "PERSON")
            if ps is not None:
                persons.append(ps)
                held.add((name, role))
                positions.append(
                    {
                        "person": name,
                        "title": title,
                        "printed": title,
                        "role": role,
                        "org": None,
                        "start": a,
                        "end": b,
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
        # evidence rank of each name: 0 after a title, 1 before a speech cue, 2 from the model
        rank = {s.text: 0 for s in doc.spans.get("persons", [])}
        names = set(rank)
        reader = NameReader(text)
        # a name at the start of a clause followed by a speech or presence cue
        for m in re.finditer(r"(?:^|[，。；：、\n“])(?:会上，|随后，|同时，|其中，)?", text):
            pos = m.end()
            span = reader(pos)
            if span and starts_with_any(text, span[1], SPEECH_CUES):
                names.add(text[span[0] : span[1]])
                rank.setdefault(text[span[0] : span[1]], 1)
        known = set(names)
        for s in doc.spans.get("ner", []):
            plausible = 2 <= len(s.text) <= 4 and surname_at(s.text, 0) is not None
            # the model sometimes runs a known name into the next word (张利率, 金锋代表)
            # 张利率 runs a known name into the next word; 向金锋 takes in the preposition before it
            overlong = any(s.text != n and (s.text.startswith(n) or s.text.endswith(n)) for n in known)
            # 倪家四组, 张庄村: a name-like word that heads a place is the place's name
            overlong = overlong or PLACE_AFTER.match(text, s.end_char) is not None
            if s.label_ == "PERSON" and plausible and not overlong and s.text not in lexicons.common_words():
                names.add(s.text)
        orgs = [(s.start_char, s.end_char) for s in doc.spans.get("orgs", [])]
        spans = []
        # where two names overlap (查来 and 向查 in 书记向查来递交) the first placed wins: the
        # better evidenced, then the longer, then the earlier one — never the order of a set,
        # which changes with the hash seed and made builds differ from run to run
        order = {name: (rank.get(name, 2), -len(name), text.find(name), name) for name in names}
        for name in sorted(names, key=order.__getitem__):
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
