"""The data contract between extraction and the graph: plain dataclasses.

Facts are the seam of zhkg. The NLP side (spaCy) produces them from one document; the RDF side
turns them into triples. Neither side imports the other, so an extractor can be swapped (rules,
a trained model, an LLM) and the output can be tested, serialised (``to_dict``/``from_dict``)
and shipped between processes without either library.

Offsets are character offsets into the *decoded original file* (not the cleaned text), so
evidence can always be shown in the file the user has.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

EntityType = Literal["Person", "Organization", "Place", "Project"]
OrgKind = Literal["party", "government", "company", "research", "other"]
EventKind = Literal["meeting", "inspection", "signing", "ceremony", "trip", "interview", "other"]


@dataclass(frozen=True, order=True)
class Mention:
    """Where a fact was read: a character span of the original file and its sentence."""

    start: int
    end: int
    sentence: str


@dataclass
class Entity:
    """One named thing as it appears in one document (all its mentions folded together).

    ``key`` is unique inside the document ("Person:张利"); the RDF side turns it into an IRI.
    """

    key: str
    type: EntityType
    name: str
    aliases: list[str] = field(default_factory=list)
    org_kind: OrgKind | None = None
    also_place: bool = False
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Position:
    """A person holding a title, e.g. (金锋, "开发区管委会主任", role "主任", org 管委会)."""

    person: str  # Entity.key
    title: str  # full title with the elided prefix restored
    role: str | None = None  # bare role word
    organization: str | None = None  # Entity.key
    title_aliases: list[str] = field(default_factory=list)
    evidence: list[Mention] = field(default_factory=list)


@dataclass
class Event:
    """Something that happened: a meeting, inspection, signing, ceremony, trip or interview."""

    key: str
    label: str
    kind: EventKind = "other"
    date: str | None = None  # YYYY-MM-DD or YYYY-MM
    organizers: list[str] = field(default_factory=list)  # Entity keys
    chairs: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    location: str | None = None
    sites: list[str] = field(default_factory=list)
    evidence: list[Mention] = field(default_factory=list)


@dataclass
class Project:
    """Facts about a project entity (``entity`` is the key of its Entity of type Project)."""

    entity: str
    investment: float | None = None  # amount in ``currency`` units
    currency: str = "CNY"
    capacity: str | None = None
    investors: list[str] = field(default_factory=list)
    located_in: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    status: str | None = None
    evidence: list[Mention] = field(default_factory=list)


@dataclass
class DocumentFacts:
    """Everything extracted from one source file."""

    file_name: str
    sha256: str
    year: int | None = None
    title: str | None = None
    entities: list[Entity] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)

    def entity(self, key: str) -> Entity | None:
        return next((e for e in self.entities if e.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentFacts:
        def mentions(items: list[dict[str, Any]]) -> list[Mention]:
            return [Mention(**m) for m in items]

        return cls(
            file_name=data["file_name"],
            sha256=data["sha256"],
            year=data.get("year"),
            title=data.get("title"),
            entities=[Entity(**{**e, "mentions": mentions(e["mentions"])}) for e in data["entities"]],
            positions=[Position(**{**p, "evidence": mentions(p["evidence"])}) for p in data["positions"]],
            events=[Event(**{**e, "evidence": mentions(e["evidence"])}) for e in data["events"]],
            projects=[Project(**{**p, "evidence": mentions(p["evidence"])}) for p in data["projects"]],
        )
