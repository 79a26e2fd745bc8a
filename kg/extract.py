"""Per-document extraction: one file's text in, its ``DocumentFacts`` out.

A pure function of the document (and the options), so it parallelises and streams. It cleans the
text, runs the spaCy pipeline, and turns what the components left on the Doc into Facts with
offsets mapped back to the original file.
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

MAX_SENTENCE = 300


def extract_text(
    original: str,
    file_name: str,
    *,
    year: int | None = None,
    nlp: Language | None = None,
) -> DocumentFacts:
    """Facts of one document whose decoded text is ``original``."""
    nlp = nlp or default_pipeline()
    clean = clean_text(original)
    doc = nlp.make_doc(clean.text)
    doc._.year = year
    doc._.file_name = file_name
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    sha = hashlib.sha256(original.encode("utf-8")).hexdigest()
    return doc_to_facts(doc, clean, file_name, sha)


def extract_file(path: Path, *, year: int | None = None, nlp: Language | None = None) -> DocumentFacts:
    from kg.text.reading import read_text

    return extract_text(read_text(path), path.name, year=year, nlp=nlp)


class _Builder:
    """Collects entities by (type, canonical name) while the Doc is read."""

    def __init__(self, doc: Doc, clean: CleanText) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.clean = clean
        self.entities: dict[str, Entity] = {}
        self.aliases: dict[str, str] = doc._.aliases or {}
        self.by_type = {
            "Organization": self.aliases,
            "Place": doc._.place_aliases or {},
            "Project": doc._.project_aliases or {},
        }

    def mention(self, start: int, end: int) -> Mention:
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
        a, b = self.clean.to_original(start, end)
        return Mention(a, b, text[s:e].strip()[:MAX_SENTENCE])

    def entity(self, type_: str, name: str, start: int | None = None, end: int | None = None, **kw) -> str:
        canonical = self.by_type.get(type_, {}).get(name, name)
        key = f"{type_}:{canonical}"
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = Entity(key=key, type=type_, name=canonical, **kw)
        if name != canonical and name not in ent.aliases:
            ent.aliases.append(name)
        if start is not None and end is not None:
            m = self.mention(start, end)
            if m not in ent.mentions:
                ent.mentions.append(m)
        return key

    def find(self, name: str) -> str | None:
        for type_ in ("Person", "Organization", "Place", "Project"):
            canonical = self.by_type.get(type_, {}).get(name, name)
            if f"{type_}:{canonical}" in self.entities:
                return f"{type_}:{canonical}"
        return None


def doc_to_facts(doc: Doc, clean: CleanText, file_name: str, sha256: str) -> DocumentFacts:
    b = _Builder(doc, clean)
    kinds = doc._.org_kinds or {}
    for s in doc.spans.get("persons", []):
        b.entity("Person", s.text, s.start_char, s.end_char)
    for s in doc.spans.get("orgs", []):
        canonical = b.aliases.get(s.text, s.text)
        b.entity(
            "Organization",
            s.text,
            s.start_char,
            s.end_char,
            org_kind=kinds.get(canonical, s._.kind),
            also_place=bool(s._.value),
        )
    for s in doc.spans.get("places", []):
        if f"Organization:{b.aliases.get(s.text, s.text)}" in b.entities:
            continue
        b.entity("Place", s.text, s.start_char, s.end_char)
    for s in doc.spans.get("projects", []):
        b.entity("Project", s.text, s.start_char, s.end_char)

    positions: dict[tuple[str, str], Position] = {}
    for p in doc._.positions or []:
        person = b.entity("Person", p["person"])
        org = None
        if p["org"] and (p["org"] in kinds or p["org"] in b.aliases):
            org = b.entity("Organization", p["org"], org_kind=kinds.get(b.aliases.get(p["org"], p["org"])))
        key = (person, p["role"], org) if org else (person, p["title"])
        pos = positions.get(key)
        if pos is None:
            pos = positions[key] = Position(person=person, title=p["title"], role=p["role"], organization=org)
        for variant in (p["title"], p["printed"]):
            if len(variant) > len(pos.title):
                pos.title_aliases.append(pos.title)
                pos.title = variant
            elif variant != pos.title and variant not in pos.title_aliases:
                pos.title_aliases.append(variant)
        m = b.mention(p["start"], p["end"])
        if m not in pos.evidence:
            pos.evidence.append(m)

    events = []
    for i, ev in enumerate(doc._.events or []):

        def keys(names: list[str]) -> list[str]:
            return [k for n in names if (k := b.find(n))]

        events.append(
            Event(
                key=f"e{i + 1}",
                label=ev["label"],
                kind=ev["kind"],
                date=ev["date"],
                organizers=keys(ev["organizers"]),
                chairs=keys(ev["chairs"]),
                speakers=keys(ev["speakers"]),
                participants=keys(ev["participants"]),
                location=b.find(ev["location"]) if ev["location"] else None,
                sites=keys(ev["sites"]),
                evidence=[b.mention(ev["start"], ev["end"])],
            )
        )

    projects = []
    for name, f in (doc._.projects or {}).items():
        key = b.entity("Project", name)
        projects.append(
            Project(
                entity=key,
                investment=f["investment"],
                currency=f["currency"],
                capacity=f["capacity"],
                investors=[b.entity("Organization", o) for o in f["investors"]],
                located_in=[k for n in f["located_in"] if (k := b.find(n))],
                status=f["status"],
                evidence=[b.mention(f["start"], f["end"])],
            )
        )
    title = next((s.text for s in doc.spans.get("paragraphs", []) if s.label_ == "headline"), None)
    return DocumentFacts(
        file_name=file_name,
        sha256=sha256,
        year=doc._.year,
        title=title,
        entities=sorted(b.entities.values(), key=lambda e: e.key),
        positions=list(positions.values()),
        events=events,
        projects=projects,
    )
