"""Cross-document entity resolution: one identity per real person, body, place and project.

``resolve_entities(docs)`` is a pure function of a list of ``DocumentFacts`` (no spaCy, no
rdflib): the same documents in any order give the same ``Resolution``. It resolves places and
organizations first, then people (whose evidence includes the *resolved* organizations they hold
posts in), then projects (whose evidence includes their resolved investors). The rules and
their weights live in ``kg.resolve_rules``; name keys in ``kg.names``.

Identity ids are stable, readable slugs: ``person/张利``, derived from the cluster's canonical
name (the name most documents use; ties → longer, then code-point order). Namesakes that stay
apart share the name, so all but the earliest-seen one get a disambiguator (a hash of the
organization or title that tells them apart): ``person/王伟~3f09c2aa``. Taking the earliest by
article date keeps the existing node's id when newer articles bring a namesake.

The module also dates articles (``article_date``) and groups the positions documents state into
position identities with the first and last date they are supported, so "who held which title
in March" is one query.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from kg.facts import DocumentFacts, Entity
from kg.names import NameKey, NameKeys, normalize, place_core
from kg.names import capacities as capacities_in
from kg.resolve_rules import (
    GENERIC_ROLES,
    SECTORS,
    ConflictFn,
    Feature,
    FeatureFn,
    Record,
    Ref,
    Verdict,
    candidate_pairs,
    cluster,
    no_conflict,
    org_conflict,
    org_features,
    org_pairs,
    person_conflict,
    person_features,
    place_features,
    project_conflict,
    project_features,
)

__all__ = [
    "Decision",
    "Identity",
    "PositionIdentity",
    "Ref",
    "Resolution",
    "article_date",
    "resolve_entities",
]

_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Identity:
    """One real thing: its id (IRI slug), canonical label, other names and its mentions."""

    id: str
    type: str
    label: str
    alt_labels: tuple[str, ...]
    members: tuple[Ref, ...]
    kind: str | None = None
    also_place: bool = False
    disambiguator: str | None = None


@dataclass(frozen=True)
class Decision:
    """Why two mentions were joined (``merged``) or deliberately not (``kept-apart``)."""

    outcome: str
    rule: str
    score: float
    identity: str  # id of the resulting (or first) identity
    other: str | None  # for kept-apart: the other identity
    labels: tuple[str, str]
    files: tuple[str, str]
    evidence: tuple[str, ...]
    documents: tuple[str, str] = ("", "")  # content hashes of the two documents

    @property
    def id(self) -> str:
        """A stable id for the decision node: a hash of what it decided."""
        text = "\n".join([self.outcome, self.identity, self.other or "", *self.labels, *self.files])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class PositionIdentity:
    """A person's office across documents, with the dates of its first and last support."""

    key: str
    person: str  # identity id
    title: str
    alt_titles: tuple[str, ...]
    role: str | None
    organization: str | None  # identity id
    first_seen: str | None  # xsd:date lexical form
    last_seen: str | None
    documents: tuple[str, ...]  # doc sha256s


@dataclass
class Resolution:
    """The output of ``resolve_entities``: identities, positions, decisions and lookup tables."""

    identities: dict[str, Identity] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    positions: dict[str, PositionIdentity] = field(default_factory=dict)
    entity_index: dict[Ref, str] = field(default_factory=dict)
    position_index: dict[tuple[str, int], str] = field(default_factory=dict)
    article_dates: dict[str, str] = field(default_factory=dict)

    def identity(self, doc_sha: str, key: str) -> Identity | None:
        """The identity an entity key of a document resolved to (None for a dangling key)."""
        found = self.entity_index.get(Ref(doc_sha, key))
        return self.identities[found] if found else None

    def position(self, doc_sha: str, index: int) -> PositionIdentity | None:
        found = self.position_index.get((doc_sha, index))
        return self.positions[found] if found else None

    def counts(self) -> dict[str, int]:
        """Identities per entity type."""
        return dict(sorted(Counter(i.type for i in self.identities.values()).items()))


# ------------------------------------------------------------------------------------- dates


def article_date(doc: DocumentFacts) -> str | None:
    """The date an article speaks for: its latest event date, else its year (ISO, any precision)."""
    dates = [e.date for e in doc.events if e.date and _ISO.match(e.date)]
    if doc.year is not None:  # a stray date years away from the article's own year is misread
        dates = [d for d in dates if abs(int(d[:4]) - doc.year) <= 1]
    if dates:
        return max(dates, key=lambda d: (date_span(d)[0], len(d)))
    return f"{doc.year:04d}" if doc.year is not None else None


def date_span(value: str) -> tuple[date, date]:
    """The first and last day an ISO date of any precision covers: "2023-03" → Mar 1 … Mar 31."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first, nxt - timedelta(days=1)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


# ------------------------------------------------------------------------------------- records


class _Corpus:
    """The documents, sorted so the result does not depend on their order, with their records."""

    def __init__(self, docs: Iterable[DocumentFacts]) -> None:
        unique = {d.sha256: d for d in docs}
        self.docs = sorted(unique.values(), key=lambda d: (d.file_name, d.sha256))
        self._by_sha = {d.sha256: d for d in self.docs}
        self.dates = {d.sha256: a for d in self.docs if (a := article_date(d))}
        places = {e.name for d in self.docs for e in d.entities if e.type == "Place" or e.also_place}
        self.keys = NameKeys(places)
        self.resolved: dict[Ref, str] = {}  # filled stage by stage: ref → identity id
        self.labels: dict[str, str] = {}  # identity id → label

    def records(self, entity_type: str) -> list[Record]:
        out = []
        for d in self.docs:
            for e in d.entities:
                if e.type == entity_type:
                    out.append(self._record(d, e))
        return out

    def _record(self, d: DocumentFacts, e: Entity) -> Record:
        if e.type == "Place":  # places compare without their level word: 高邮市 = 高邮
            key = NameKey(normalize(e.name), "", place_core(e.name))
        else:
            key = self.keys.key(e.name, company=e.type == "Organization")
        return Record(
            ref=Ref(d.sha256, e.key),
            type=e.type,
            name=e.name,
            file_name=d.file_name,
            key=key,
            aliases=frozenset(self.keys.key(a).norm for a in e.aliases if a and a != e.name),
            kind=e.org_kind,
            also_place=e.also_place,
            date=self.dates.get(d.sha256, ""),
        )

    def org_evidence(self, records: list[Record]) -> None:
        """People holding posts in each organization record (names, before people are resolved)."""
        for r in records:
            d = self.doc(r.ref.doc)
            holders = {
                p.person.split(":", 1)[-1]
                for p in d.positions
                if p.organization == r.ref.key and (p.role or "") not in GENERIC_ROLES
            }
            r.holders = frozenset(holders)

    def person_evidence(self, records: list[Record]) -> None:
        """Specific roles, resolved organizations, their places and sectors; co-mentioned people."""
        for r in records:
            d = self.doc(r.ref.doc)
            roles, orgs, labels, where, sectors = set(), set(), set(), set(), set()
            for p in d.positions:
                if p.person != r.ref.key or not p.role or p.role in GENERIC_ROLES:
                    continue
                roles.add(p.role)
                labels.add(p.title)
                title_key = self.keys.key(p.title)
                if title_key.explicit_jurisdiction:
                    where.add(title_key)
                org = d.entity(p.organization) if p.organization else None
                if org is not None:
                    ident = self.resolved.get(Ref(d.sha256, org.key))
                    if ident:
                        orgs.add(ident)
                    org_key = self.keys.key(org.name, company=True)
                    if org_key.explicit_jurisdiction:
                        where.add(org_key)
                    if org.org_kind in SECTORS:
                        sectors.add(SECTORS[org.org_kind])
                elif any(w in p.title for w in ("公司", "集团", "董事长", "总经理")):
                    sectors.add("company")
            r.roles, r.orgs, r.org_labels = frozenset(roles), frozenset(orgs), frozenset(labels)
            r.jurisdictions, r.sectors = frozenset(where), frozenset(sectors)
            r.co_people = frozenset(e.name for e in d.entities if e.type == "Person" and e.key != r.ref.key)

    def project_evidence(self, records: list[Record]) -> None:
        for r in records:
            d = self.doc(r.ref.doc)
            caps = set(capacities_in(r.name))
            for p in d.projects:
                if p.entity != r.ref.key:
                    continue
                if p.capacity:
                    caps |= capacities_in(p.capacity)
                if p.investment and (p.currency or "CNY").upper() == "CNY":
                    r.investment = p.investment
                r.orgs = frozenset(
                    self.labels.get(i, i) for k in p.investors if (i := self.resolved.get(Ref(d.sha256, k)))
                )
            r.capacities = frozenset(caps)
            core = r.key.core
            if core.endswith("项目") and len(core) > 4:
                r.key = NameKey(r.key.norm, r.key.jurisdiction, core[:-2], r.key.prefix)

    def doc(self, sha: str) -> DocumentFacts:
        return self._by_sha[sha]


# ------------------------------------------------------------------------------------- stages


def _canonical(members: Sequence[Record]) -> str:
    """The name most documents use for the cluster; ties → longer, then code-point order."""
    docs_per_name: dict[str, set[str]] = defaultdict(set)
    for r in members:
        docs_per_name[r.name].add(r.ref.doc)
    return min(docs_per_name, key=lambda n: (-len(docs_per_name[n]), -len(n), n))


def _identities(entity_type: str, clusters: list[list[Record]], corpus: _Corpus) -> list[Identity]:
    """Identities for clusters, with disambiguators for namesakes that stayed apart."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for n, members in enumerate(clusters):
        by_label[_canonical(members)].append(n)
    out: list[Identity] = []
    slug = entity_type.lower()
    for label, group in sorted(by_label.items()):
        # the earliest-seen namesake keeps the plain id; ties → more documents, then refs
        group.sort(
            key=lambda n: (min(r.date or "9999" for r in clusters[n]), -len(clusters[n]), clusters[n][0].ref)
        )
        for rank, n in enumerate(group):
            members = clusters[n]
            disambiguator = None
            if rank:
                telling = Counter(
                    lbl for r in members for lbl in sorted(r.org_labels or {r.key.prefix}) if lbl
                )
                basis = min(telling, key=lambda t: (-telling[t], t)) if telling else members[0].ref.doc
                disambiguator = hashlib.sha256(basis.encode()).hexdigest()[:8]
            ident = f"{slug}/{label}" + (f"~{disambiguator}" if disambiguator else "")
            names = {r.name for r in members} | {a for r in members for a in _raw_aliases(corpus, r)}
            kinds = Counter(r.kind for r in members if r.kind)
            out.append(
                Identity(
                    id=ident,
                    type=entity_type,
                    label=label,
                    alt_labels=tuple(sorted(names - {label})),
                    members=tuple(r.ref for r in members),
                    kind=min(kinds, key=lambda k: (-kinds[k], k)) if kinds else None,
                    also_place=any(r.also_place for r in members),
                    disambiguator=disambiguator,
                )
            )
    return out


def _raw_aliases(corpus: _Corpus, r: Record) -> list[str]:
    e = corpus.doc(r.ref.doc).entity(r.ref.key)
    return [a for a in e.aliases if a] if e else []


def _statement(r: Record) -> tuple:
    """What the rules read of a record, less the document it is in: records with the same
    statement are twins (开发区 as every article of an archive names it) and are compared once."""
    return (
        r.type,
        r.name,
        r.key,
        r.aliases,
        r.kind,
        r.also_place,
        r.roles,
        r.orgs,
        r.jurisdictions,
        r.sectors,
        r.capacities,
        r.investment,
    )


def _stage(
    corpus: _Corpus,
    result: Resolution,
    entity_type: str,
    records: list[Record],
    pairs_of: Callable[[list[Record]], Iterable[tuple[int, int]]],
    features: FeatureFn,
    conflict: ConflictFn,
) -> None:
    """Cluster one entity type and record its identities and decisions.

    Blocking and pairwise rules run on one representative per statement, so a name stated the
    same way in thousands of documents costs one record, not a quadratic number of pairs; the
    twins then join their representative's cluster with one ``same-statement`` decision.
    """
    twins: dict[tuple, list[Record]] = {}
    for r in records:
        twins.setdefault(_statement(r), []).append(r)
    reps = [group[0] for group in twins.values()]
    rep_clusters, verdicts = cluster(reps, pairs_of(reps), features, conflict)
    by_rep = {id(group[0]): group for group in twins.values()}
    clusters = [sorted((t for r in c for t in by_rep[id(r)]), key=lambda t: t.ref) for c in rep_clusters]
    clusters.sort(key=lambda c: c[0].ref)
    for group in twins.values():
        if len(group) > 1:  # one decision for all twins, with the evidence the rules see
            alike = Feature("same-statement", 0.0, f"{group[0].name} stated alike in {len(group)} documents")
            feats = [*features(group[0], group[-1]), alike]
            score = round(sum(f.weight for f in feats), 4)
            verdicts.append(Verdict("merged", "same-statement", score, group[0], group[-1], feats))
    identities = _identities(entity_type, clusters, corpus)
    for ident in identities:
        result.identities[ident.id] = ident
        corpus.labels[ident.id] = ident.label
        for ref in ident.members:
            result.entity_index[ref] = ident.id
            corpus.resolved[ref] = ident.id
    seen: set[tuple[str, ...]] = set()
    for v in verdicts:  # one kept-apart verdict per pair of identities is enough to explain it
        decision = _decision(v, result)
        pair = (decision.outcome, *sorted((decision.identity, decision.other or "")))
        if decision.outcome == "merged" or pair not in seen:
            seen.add(pair)
            result.decisions.append(decision)


def _decision(v: Verdict, result: Resolution) -> Decision:
    a, b = result.entity_index[v.a.ref], result.entity_index[v.b.ref]
    return Decision(
        outcome=v.outcome,
        rule=v.rule,
        score=v.score,
        identity=a,
        other=None if a == b else b,
        labels=(v.a.name, v.b.name),
        files=(v.a.file_name, v.b.file_name),
        evidence=tuple(str(f) for f in v.features),
        documents=(v.a.ref.doc, v.b.ref.doc),
    )


def resolve_entities(docs: Iterable[DocumentFacts]) -> Resolution:
    """Resolve the entities of ``docs`` into corpus-wide identities, with the reasons."""
    corpus = _Corpus(docs)
    result = Resolution(article_dates=dict(corpus.dates))

    places = corpus.records("Place")
    by_name_or_core = partial(candidate_pairs, keys=lambda r: (r.key.norm, r.key.core))
    _stage(corpus, result, "Place", places, by_name_or_core, place_features, no_conflict)

    orgs = corpus.records("Organization")
    corpus.org_evidence(orgs)
    _stage(corpus, result, "Organization", orgs, org_pairs, org_features, org_conflict)

    people = corpus.records("Person")
    corpus.person_evidence(people)
    by_name = partial(candidate_pairs, keys=lambda r: (r.key.norm,))
    _stage(corpus, result, "Person", people, by_name, person_features, person_conflict)

    projects = corpus.records("Project")
    corpus.project_evidence(projects)
    _stage(corpus, result, "Project", projects, by_name_or_core, project_features, project_conflict)

    result.decisions.sort(key=lambda d: (d.identity, d.outcome, d.labels, d.files, d.rule))
    _positions(corpus, result)
    return result


# ------------------------------------------------------------------------------------- positions


def _positions(corpus: _Corpus, result: Resolution) -> None:
    """Group stated positions by (person, role, organization) — or (person, title) without an org."""
    groups: dict[str, list[tuple[DocumentFacts, int]]] = defaultdict(list)
    keys: dict[str, tuple[str, str | None, str | None]] = {}
    for d in corpus.docs:
        for n, p in enumerate(d.positions):
            person = result.entity_index.get(Ref(d.sha256, p.person))
            if person is None or not p.title:
                continue
            org = result.entity_index.get(Ref(d.sha256, p.organization)) if p.organization else None
            key = f"{person}\n{p.role}\n{org}" if org and p.role else f"{person}\n{p.title}"
            groups[key].append((d, n))
            keys[key] = (person, p.role, org)
            result.position_index[(d.sha256, n)] = key
    for key, stated in groups.items():
        titles: Counter[str] = Counter()
        aliases: set[str] = set()
        dated = []
        for d, n in stated:
            p = d.positions[n]
            titles[p.title] += 1
            aliases.update(a for a in p.title_aliases if a)
            if d.sha256 in corpus.dates:
                dated.append(corpus.dates[d.sha256])
        # an article dated only by its year would stretch the span to the whole year: it counts
        # only when no supporting article has a month or a day
        precise = [a for a in dated if len(a) > 4]
        spans = [date_span(a) for a in (precise or dated)]
        title = min(titles, key=lambda t: (-len(t), -titles[t], t))
        person, role, org = keys[key]
        result.positions[key] = PositionIdentity(
            key=key,
            person=person,
            title=title,
            alt_titles=tuple(sorted((set(titles) | aliases) - {title})),
            role=role,
            organization=org,
            first_seen=min(s[0] for s in spans).isoformat() if spans else None,
            last_seen=max(s[1] for s in spans).isoformat() if spans else None,
            documents=tuple(sorted({d.sha256 for d, _ in stated})),
        )
