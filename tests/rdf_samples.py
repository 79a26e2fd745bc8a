"""Hand-built DocumentFacts from real sentences of the shipped corpus, for the RDF tests.

Offsets are found in the decoded original file, as the extractor would report them, so tests
can check that evidence points at the right characters.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.facts import DocumentFacts, Entity, Event, Mention, Position, Project

REPO = Path(__file__).resolve().parents[1]
DOC_000 = "000_eeaf08693531673b.txt"
DOC_002 = "002_77b1440a6166d121.txt"


def corpus_file(name: str) -> Path:
    """A corpus file from examples/ (shipped) or ../shared/corpus (beside the repo in CI)."""
    for directory in (REPO / "examples", REPO.parent / "shared" / "corpus"):
        if (directory / name).is_file():
            return directory / name
    pytest.skip(f"corpus file {name} not available")


def _sentence_of(text: str, start: int) -> str:
    """The sentence around offset ``start`` (between 。 or line breaks)."""
    left = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [i for i in (text.find("。", start), text.find("\n", start)) if i != -1]
    right = min(ends) + 1 if ends else len(text)
    return text[left:right].strip()


class _Text:
    def __init__(self, path: Path) -> None:
        raw = path.read_bytes()
        self.sha256 = hashlib.sha256(raw).hexdigest()
        self.text = raw.decode("utf-8")

    def mention(self, surface: str, context: str | None = None) -> Mention:
        """The first mention of ``surface`` (inside ``context`` when given)."""
        base = self.text.index(context) if context else 0
        start = self.text.index(surface, base)
        return Mention(start, start + len(surface), _sentence_of(self.text, start))

    def all_mentions(self, surface: str) -> list[Mention]:
        out, start = [], self.text.find(surface)
        while start != -1:
            out.append(Mention(start, start + len(surface), _sentence_of(self.text, start)))
            start = self.text.find(surface, start + 1)
        return out


CHAIN = "开发区党工委副书记、管委会主任金锋"
MEETING = "“奋进千亿园区 建设未来之城”推进会暨“二次创业”高质量发展大会"
PROJECT = "新瑞光电12GW新型高效光伏电池项目"


def doc_000() -> DocumentFacts:
    """Facts a careful reader takes from 000 (a subset of the gold file)."""
    t = _Text(corpus_file(DOC_000))
    chain = t.mention(CHAIN)
    entities = [
        Entity("Person:张利", "Person", "张利", mentions=t.all_mentions("张利")),
        Entity("Person:郑志明", "Person", "郑志明", mentions=t.all_mentions("郑志明")),
        Entity("Person:金锋", "Person", "金锋", mentions=t.all_mentions("金锋")),
        Entity(
            "Org:市委", "Organization", "市委", org_kind="party", mentions=[t.mention("市委", "市委书记张利")]
        ),
        Entity(
            "Org:开发区党工委",
            "Organization",
            "开发区党工委",
            aliases=["党工委", "区党工委"],
            org_kind="party",
            mentions=[t.mention("开发区党工委", CHAIN)],
        ),
        Entity(
            "Org:管委会",
            "Organization",
            "管委会",
            org_kind="government",
            mentions=[t.mention("管委会", CHAIN)],
        ),
        Entity(
            "Org:开发区",
            "Organization",
            "开发区",
            org_kind="government",
            also_place=True,
            mentions=t.all_mentions("开发区")[:3],
        ),
        Entity(
            "Org:新霖飞集团",
            "Organization",
            "新霖飞集团",
            org_kind="company",
            mentions=t.all_mentions("新霖飞集团"),
        ),
        Entity("Project:新瑞光电", "Project", PROJECT, mentions=[t.mention(PROJECT)]),
    ]
    positions = [
        Position("Person:张利", "市委书记", "书记", "Org:市委", evidence=[t.mention("市委书记张利")]),
        Position(
            "Person:郑志明", "市委副书记", "副书记", "Org:市委", evidence=[t.mention("市委副书记郑志明")]
        ),
        Position(
            "Person:金锋",
            "开发区党工委副书记",
            "副书记",
            "Org:开发区党工委",
            title_aliases=["党工委副书记"],
            evidence=[chain],
        ),
        Position(
            "Person:金锋",
            "开发区管委会主任",
            "主任",
            "Org:管委会",
            title_aliases=["管委会主任"],
            evidence=[chain],
        ),
    ]
    events = [
        Event(
            "ev1",
            MEETING,
            "meeting",
            "2023-02-10",
            organizers=["Org:开发区"],
            chairs=["Person:郑志明"],
            speakers=["Person:张利", "Person:郑志明", "Person:金锋"],
            participants=["Person:张利"],
            evidence=[t.mention("开发区召开" + MEETING, "2月10日上午")],
        )
    ]
    projects = [
        Project(
            "Project:新瑞光电",
            investment=1e10,
            capacity="12GW",
            investors=["Org:新霖飞集团"],
            located_in=["Org:开发区"],
            status="开工",
            evidence=[t.mention("计划总投资100亿元")],
        )
    ]
    return DocumentFacts(
        file_name=DOC_000,
        sha256=t.sha256,
        year=2023,
        title=MEETING,
        entities=entities,
        positions=positions,
        events=events,
        projects=projects,
    )


def doc_002() -> DocumentFacts:
    """A second document sharing 金锋 and 开发区 with 000, plus a month-only event."""
    t = _Text(corpus_file(DOC_002))
    return DocumentFacts(
        file_name=DOC_002,
        sha256=t.sha256,
        year=2023,
        entities=[
            Entity("P1", "Person", "金锋", mentions=t.all_mentions("金锋")[:2]),
            Entity("O1", "Organization", "开发区", org_kind="government", also_place=True),
        ],
        events=[Event("e1", "集中开工仪式", "ceremony", "2023-03", organizers=["O1"], participants=["P1"])],
    )
