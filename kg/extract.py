"""Per-document extraction: one file's text in, its ``DocumentFacts`` out.

A pure function of the document (and the options), so it parallelises and streams. It cleans the
text, runs the spaCy pipeline, and turns what the components left on the Doc into Facts with
offsets mapped back to the original file. A very long file (an archive of many articles) is read
in chunks of whole paragraphs, so time and memory stay linear in its length.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.facts import DocumentFacts, Entity, Event, Mention, Position, Project
from kg.nlp.pipeline import default_pipeline
from kg.nlp.spans import doc_text
from kg.text.cleaning import CleanText, clean_text
from kg.text.order import restore_order
from kg.text.splitting import document_year

MAX_SENTENCE = 300
CHUNK_CHARS = 60_000  # a few articles; the pipeline's per-Doc work stays small


def extract_text(
    original: str,
    file_name: str,
    *,
    year: int | None = None,
    date: str | None = None,
    nlp: Language | None = None,
) -> DocumentFacts:
    """Facts of one document whose decoded text is ``original``.

    ``year`` places dates that print none (default: inferred from the text); ``date``
    (YYYY-MM-DD) is when the article appeared, which also dates 近日 and 日前.
    """
    nlp = nlp or default_pipeline()
    clean = restore_order(clean_text(original), is_word=_is_word)
    if year is None and date:
        year = int(date[:4])
    if year is None:
        year = document_year(clean.text, file_name)
    collector = FactCollector(clean, file_name, hashlib.sha256(original.encode("utf-8")).hexdigest(), year)
    for offset, chunk in chunks(clean.text, CHUNK_CHARS):
        doc = nlp.make_doc(chunk)
        doc._.year = year
        doc._.pub_date = date
        doc._.file_name = file_name
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        collector.add(doc, offset)
    return collector.facts()


def _is_word(text: str) -> bool:
    from kg.nlp import lexicons

    return text in lexicons.common_words() or text in lexicons.function_words()


def extract_file(
    path: Path, *, year: int | None = None, date: str | None = None, nlp: Language | None = None
) -> DocumentFacts:
    from kg.text.reading import read_text

    return extract_text(read_text(path), path.name, year=year, date=date, nlp=nlp)


def chunks(text: str, size: int) -> list[tuple[int, str]]:
    """``text`` cut at paragraph breaks into pieces of about ``size`` characters."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        cut = cut + 1 if cut > start else start + size
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


class FactCollector:
    """Folds what the pipeline left on one or more Docs of a file into its DocumentFacts.

    Entities are keyed by type and canonical name ("Person:张利"), so mentions from every chunk
    land on one Entity.
    """

    def __init__(self, clean: CleanText, file_name: str, sha256: str, year: int | None) -> None:
        self.clean = clean
        self.result = DocumentFacts(file_name=file_name, sha256=sha256, year=year)
        self.entities: dict[str, Entity] = {}
        self.positions: dict[tuple, Position] = {}
        self.projects: dict[str, Project] = {}
        self.by_type: dict[str, dict[str, str]] = {}
        self.seen: set[tuple[str, int, int]] = set()  # (key, start, end) already recorded
        self.text = ""
        self.offset = 0

    # ------------------------------------------------------------------ helpers

    def mention(self, start: int, end: int) -> Mention:
        """Evidence for ``text[start:end]`` of the current Doc: original offsets and sentence."""
        text = self.text
        s = text.rfind("\n", 0, start) + 1
        for stop in "。！？":
            k = text.rfind(stop, s, start)
            if k >= 0:
                s = max(s, k + 1)
        e = len(text)
        for stop in "。！？\n":
            k = text.find(stop, end)
            if k >= 0:
                e = min(e, k + 1)
        a, b = self.clean.to_original(start + self.offset, end + self.offset)
        return Mention(a, b, text[s:e].strip()[:MAX_SENTENCE])

    def entity(self, type_: str, name: str, start: int | None = None, end: int | None = None, **kw) -> str:
        canonical = self.by_type.get(type_, {}).get(name, name)
        key = f"{type_}:{canonical}"
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = Entity(key=key, type=type_, name=canonical, **kw)
        if name != canonical and name not in ent.aliases:
            ent.aliases.append(name)
        if start is not None and end is not None and (key, start + self.offset, end) not in self.seen:
            self.seen.add((key, start + self.offset, end))
            ent.mentions.append(self.mention(start, end))
        return key

    def find(self, name: str) -> str | None:
        for type_ in ("Person", "Organization", "Place", "Project"):
            key = f"{type_}:{self.by_type.get(type_, {}).get(name, name)}"
            if key in self.entities:
                return key
        return None

    def keys(self, names: list[str]) -> list[str]:
        return [k for n in names if (k := self.find(n))]

    # ------------------------------------------------------------------ reading a Doc

    def add(self, doc: Doc, offset: int = 0) -> None:
        """Take in one processed Doc whose text starts at ``offset`` in the cleaned file text."""
        self.text, self.offset = doc_text(doc), offset
        orgs = doc._.aliases or {}
        self.by_type = {
            "Organization": orgs,
            "Place": doc._.place_aliases or {},
            "Project": doc._.project_aliases or {},
        }
        kinds = doc._.org_kinds or {}
        for s in doc.spans.get("persons", []):
            self.entity("Person", s.text, s.start_char, s.end_char)
        for s in doc.spans.get("pronouns", []):  # 他 is a mention of the person it stands for
            self.entity("Person", s._.value, s.start_char, s.end_char)
        for s in doc.spans.get("orgs", []):
            kind = kinds.get(orgs.get(s.text, s.text), s._.kind)
            self.entity(
                "Organization", s.text, s.start_char, s.end_char, org_kind=kind, also_place=bool(s._.value)
            )
        for s in doc.spans.get("places", []):
            if f"Organization:{orgs.get(s.text, s.text)}" not in self.entities:
                self.entity("Place", s.text, s.start_char, s.end_char)
        for s in doc.spans.get("projects", []):
            self.entity("Project", s.text, s.start_char, s.end_char)
        for p in doc._.positions or []:
            self._position(p, kinds, orgs)
        for ev in doc._.events or []:
            self._event(ev)
        for name, f in (doc._.projects or {}).items():
            self._project(name, f)
        if self.result.title is None:
            self.result.title = next(
                (s.text for s in doc.spans.get("paragraphs", []) if s.label_ == "headline"), None
            )

    def _position(self, p: dict, kinds: dict[str, str], orgs: dict[str, str]) -> None:
        person = self.entity("Person", p["person"])
        org = None
        if p["org"] and (p["org"] in kinds or p["org"] in orgs):
            org = self.entity("Organization", p["org"], org_kind=kinds.get(orgs.get(p["org"], p["org"])))
        # one post however it is printed: 开发区党工委副书记 and 区党工委副书记 of the same person
        key = (person, p["role"], org) if org else (person, p["title"])
        pos = self.positions.get(key)
        if pos is None:
            pos = self.positions[key] = Position(
                person=person, title=p["title"], role=p["role"], organization=org
            )
        for variant in (p["title"], p["printed"]):
            if len(variant) > len(pos.title):
                pos.title_aliases.append(pos.title)
                pos.title = variant
            elif variant != pos.title and variant not in pos.title_aliases:
                pos.title_aliases.append(variant)
        if (str(key), p["start"] + self.offset, p["end"]) not in self.seen:
            self.seen.add((str(key), p["start"] + self.offset, p["end"]))
            pos.evidence.append(self.mention(p["start"], p["end"]))

    def _event(self, ev: dict) -> None:
        self.result.events.append(
            Event(
                key=f"e{len(self.result.events) + 1}",
                label=ev["label"],
                kind=ev["kind"],
                date=ev["date"],
                organizers=self.keys(ev["organizers"]),
                chairs=self.keys(ev["chairs"]),
                speakers=self.keys(ev["speakers"]),
                participants=self.keys(ev["participants"]),
                location=self.find(ev["location"]) if ev["location"] else None,
                sites=self.keys(ev["sites"]),
                evidence=[self.mention(ev["start"], ev["end"])],
            )
        )

    def _project(self, name: str, f: dict) -> None:
        key = self.entity("Project", name)
        investors = [self.entity("Organization", o) for o in f["investors"]]
        located = self.keys(f["located_in"])
        pr = self.projects.get(key)
        if pr is None:
            self.projects[key] = Project(
                entity=key,
                investment=f["investment"],
                currency=f["currency"],
                capacity=f["capacity"],
                investors=investors,
                located_in=located,
                status=f["status"],
                evidence=[self.mention(f["start"], f["end"])],
            )
            return
        if pr.investment is None:
            pr.investment, pr.currency = f["investment"], f["currency"]
        pr.capacity = pr.capacity or f["capacity"]
        pr.status = pr.status or f["status"]
        pr.investors += [i for i in investors if i not in pr.investors]
        pr.located_in += [p for p in located if p not in pr.located_in]
        pr.evidence.append(self.mention(f["start"], f["end"]))

    def facts(self) -> DocumentFacts:
        self.result.entities = sorted(self.entities.values(), key=lambda e: e.key)
        self.result.positions = list(self.positions.values())
        self.result.projects = list(self.projects.values())
        return self.result
