"""The evidence and the rules of cross-document resolution: records, named features, clustering.

Each entity of each document becomes a ``Record`` carrying the evidence resolution may use (its
name keys, aliases, the titles and organizations of a person, the people holding posts in an
organization, a project's capacity and investors). Candidate pairs come from *blocking* on name
keys, so the work grows with the number of plausible pairs, not with n². A pair is scored by
named features (``Feature``) whose weights add up; a pair reaching ``THRESHOLD`` is merged unless
a *conflict* (namesakes in different towns, 扬州市委 vs 高邮市委) separates the two clusters, or
the record fits two clusters that exclude each other equally well (then it stays on its own:
a missing link is cheaper than a false one). Every merge and every refusal is returned as a
``Verdict`` with its rule, score and evidence, for ``kg explain``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from kg.names import NameKey, compatible_jurisdictions, ends_with_org_head, is_legal_name

THRESHOLD = 0.5
#: two candidate links closer than this are "equally good" for the ambiguity test
AMBIGUITY_MARGIN = 0.05
CONFLICT = -1.0

#: role words that say nothing about which office a person holds
GENERIC_ROLES = frozenset({"领导", "负责人", "同志", "代表", "嘉宾", "干部", "成员", "人员", "主要负责人"})
SECTORS = {"party": "public", "government": "public", "company": "company", "research": "research"}


@dataclass(frozen=True, order=True)
class Ref:
    """One entity of one document: the document's content hash and the entity's key in it."""

    doc: str
    key: str


class Feature(NamedTuple):
    """One named piece of evidence for (weight > 0) or against (weight < 0) a merge."""

    name: str
    weight: float
    detail: str

    def __str__(self) -> str:
        return f"{self.name} ({self.weight:+.2f}): {self.detail}"


@dataclass
class Record:
    """An entity as one document states it, with the evidence the rules read."""

    ref: Ref
    type: str
    name: str
    file_name: str
    key: NameKey
    aliases: frozenset[str] = frozenset()
    kind: str | None = None
    also_place: bool = False
    date: str = ""  # the document's article date, for ordering namesakes
    holders: frozenset[str] = frozenset()  # Organization: people holding posts in it (names)
    roles: frozenset[str] = frozenset()  # Person: specific role words
    orgs: frozenset[str] = frozenset()  # Person: organization identities; Project: investors
    org_labels: frozenset[str] = frozenset()  # Person: names of those organizations / titles
    jurisdictions: frozenset[NameKey] = frozenset()  # Person: where the offices are
    sectors: frozenset[str] = frozenset()  # Person: public / company / research
    co_people: frozenset[str] = frozenset()  # Person: other people named in the document
    capacities: frozenset[str] = frozenset()  # Project
    investment: float | None = None  # Project, CNY

    @property
    def specific_kind(self) -> str | None:
        return self.kind if self.kind in SECTORS else None


@dataclass
class Verdict:
    """A decision about two records: ``merged`` or ``kept-apart`` (conflict or ambiguity)."""

    outcome: str
    rule: str
    score: float
    a: Record
    b: Record
    features: list[Feature] = field(default_factory=list)


FeatureFn = Callable[[Record, Record], list[Feature]]
ConflictFn = Callable[[Record, Record], Feature | None]


# ------------------------------------------------------------------------------------- features


def _jurisdiction_conflict(a: NameKey, b: NameKey) -> bool:
    return not compatible_jurisdictions(a, b)


def org_features(x: Record, y: Record) -> list[Feature]:
    """Why two organization records may be one body."""
    out: list[Feature] = []
    kx, ky = x.key, y.key
    if kx.norm == ky.norm:
        out.append(Feature("same-name", 0.7, x.name))
    elif kx.norm in y.aliases or ky.norm in x.aliases:
        short, full = (x, y) if kx.norm in y.aliases else (y, x)
        out.append(Feature("alias", 0.6, f"{short.name} is written for {full.name} in {full.file_name}"))
    elif kx.core == ky.core or kx.core == ky.norm or kx.norm == ky.core:
        out.append(Feature("same-core", 0.55, f"{x.name} / {y.name} → {min(kx.core, ky.core, key=len)}"))
    else:
        for short, full in ((x, y), (y, x)):
            s, f = short.key, full.key
            if (
                len(s.core) >= 2
                and f.core.startswith(s.core)
                and is_legal_name(full.name)
                and not ends_with_org_head(short.name)
                and short.kind in (None, "other", "company")
            ):
                out.append(Feature("brand-prefix", 0.55, f"{short.name} abbreviates {full.name}"))
                break
            if len(s.norm) >= 2 and f.norm.endswith(s.norm) and not ends_with_org_head(s.norm):
                out.append(Feature("short-suffix", 0.45, f"{short.name} ends {full.name}"))
                break
    if not out:
        shared = x.aliases & y.aliases
        if shared:
            out.append(Feature("shared-alias", 0.3, "、".join(sorted(shared))))
    if out and x.specific_kind and x.specific_kind == y.specific_kind:
        out.append(Feature("same-kind", 0.1, x.specific_kind))
    holders = sorted(x.holders & y.holders)
    if out and holders:
        out.append(Feature("shared-people", min(0.3, 0.1 * len(holders)), "、".join(holders)))
    return out


def org_conflict(x: Record, y: Record) -> Feature | None:
    """What proves two organization records are different bodies."""
    if x.specific_kind and y.specific_kind and x.specific_kind != y.specific_kind:
        return Feature("kind-conflict", CONFLICT, f"{x.name} is {x.kind}, {y.name} is {y.kind}")
    if _jurisdiction_conflict(x.key, y.key):
        return Feature(
            "jurisdiction-conflict", CONFLICT, f"{x.name} ({x.key.prefix}) vs {y.name} ({y.key.prefix})"
        )
    cx, cy = x.key.core, y.key.core
    aliased = x.key.norm in y.aliases or y.key.norm in x.aliases
    if (
        cx != cy
        and cx not in cy
        and cy not in cx
        and not aliased
        and min(len(cx), len(cy)) >= 3
        and not x.aliases & y.aliases
    ):
        return Feature("different-core", CONFLICT, f"{cx} vs {cy}")
    return None


def person_features(x: Record, y: Record) -> list[Feature]:
    """Why two namesakes may be one person: the name, then shared offices and company."""
    if x.key.norm != y.key.norm:
        return []
    out = [Feature("same-name", 0.5, x.name)]
    if shared := sorted(x.orgs & y.orgs):
        out.append(
            Feature("shared-organization", 0.2, "、".join(sorted(x.org_labels & y.org_labels)) or shared[0])
        )
    if roles := sorted(x.roles & y.roles):
        out.append(Feature("shared-role", 0.1, "、".join(roles)))
    if people := sorted(x.co_people & y.co_people):
        out.append(Feature("shared-co-mentions", min(0.2, 0.05 * len(people)), "、".join(people[:6])))
    return out


def person_conflict(x: Record, y: Record) -> Feature | None:
    """Namesakes with different offices in different places or sectors are different people."""
    if not (x.roles and y.roles) or x.orgs & y.orgs or x.roles & y.roles:
        return None
    where = [(a, b) for a in x.jurisdictions for b in y.jurisdictions]
    if where and all(_jurisdiction_conflict(a, b) for a, b in where):
        places = f"{'、'.join(sorted(j.prefix for j in x.jurisdictions))} vs " + "、".join(
            sorted(j.prefix for j in y.jurisdictions)
        )
        return Feature(
            "office-conflict",
            CONFLICT,
            f"{'、'.join(sorted(x.roles))} / {'、'.join(sorted(y.roles))} in {places}",
        )
    if x.sectors and y.sectors and not x.sectors & y.sectors:
        return Feature(
            "sector-conflict",
            CONFLICT,
            f"{'、'.join(sorted(x.org_labels))} ({'、'.join(sorted(x.sectors))}) vs "
            f"{'、'.join(sorted(y.org_labels))} ({'、'.join(sorted(y.sectors))})",
        )
    return None


def place_features(x: Record, y: Record) -> list[Feature]:
    if x.key.norm == y.key.norm:
        return [Feature("same-name", 0.7, x.name)]
    if x.key.core == y.key.core:
        return [Feature("same-core", 0.55, f"{x.name} / {y.name} → {x.key.core}")]
    return []


def no_conflict(x: Record, y: Record) -> Feature | None:
    return None


def project_features(x: Record, y: Record) -> list[Feature]:
    out: list[Feature] = []
    if x.key.norm == y.key.norm:
        out.append(Feature("same-name", 0.6, x.name))
    elif x.key.core == y.key.core:
        out.append(Feature("same-core", 0.55, f"{x.name} / {y.name} → {x.key.core}"))
    elif min(len(x.key.core), len(y.key.core)) >= 4 and (
        x.key.core in y.key.core or y.key.core in x.key.core
    ):
        out.append(Feature("contained-name", 0.3, f"{x.name} / {y.name}"))
    if out and x.orgs & y.orgs:
        out.append(Feature("shared-investor", 0.2, "、".join(sorted(x.orgs & y.orgs))))
    return out


def project_conflict(x: Record, y: Record) -> Feature | None:
    if x.capacities and y.capacities and not x.capacities & y.capacities:
        caps = f"{'、'.join(sorted(x.capacities))} vs {'、'.join(sorted(y.capacities))}"
        return Feature("capacity-conflict", CONFLICT, caps)
    if (
        x.investment
        and y.investment
        and abs(x.investment - y.investment) > 0.01 * max(x.investment, y.investment)
    ):
        return Feature("investment-conflict", CONFLICT, f"{x.investment:.0f} vs {y.investment:.0f} CNY")
    return None


# ------------------------------------------------------------------------------------- blocking


def candidate_pairs(records: list[Record], keys: Callable[[Record], Iterable[str]]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of records sharing at least one blocking key."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        for k in set(keys(r)):
            blocks[k].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                pairs.add((i, j) if i < j else (j, i))
    return pairs


def org_pairs(records: list[Record]) -> set[tuple[int, int]]:
    """Organization pairs that share a name, core or alias, or where one is a prefix/suffix form.

    Each record probes an exact-key index with its own prefixes and suffixes, so the cost is
    linear in the total length of the names, not quadratic in their number.
    """
    exact: dict[str, list[int]] = defaultdict(list)
    listed_as_alias: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        for k in {r.key.norm, r.key.core}:
            exact[k].append(i)
        for a in r.aliases:
            listed_as_alias[a].append(i)
    pairs: set[tuple[int, int]] = set()
    for i, r in enumerate(records):
        core, norm = r.key.core, r.key.norm
        probes = {norm, core, *r.aliases}
        probes.update(core[:n] for n in range(2, len(core)))
        probes.update(norm[n:] for n in range(1, len(norm) - 1))
        found = [j for p in probes for j in exact.get(p, ())]
        found += [j for p in (norm, *r.aliases) for j in listed_as_alias.get(p, ())]
        pairs.update((min(i, j), max(i, j)) for j in found if j != i)
    return pairs


# ------------------------------------------------------------------------------------ clustering


class _Clusters:
    """Union-find over record indices that keeps each cluster's members for conflict tests."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = sorted((self.find(a), self.find(b)))
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))


def cluster(
    records: list[Record],
    pairs: Iterable[tuple[int, int]],
    features: FeatureFn,
    conflict: ConflictFn,
    *,
    threshold: float = THRESHOLD,
) -> tuple[list[list[Record]], list[Verdict]]:
    """Greedy agglomeration, best-scored pairs first, under cannot-link constraints.

    Deterministic: pairs are visited by (score desc, record refs), so the input order of the
    records does not change the result.
    """
    scored: list[tuple[float, int, int, list[Feature]]] = []
    links: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, j in pairs:
        feats = features(records[i], records[j])
        score = round(sum(f.weight for f in feats), 4)
        if score >= threshold:
            scored.append((score, i, j, feats))
            links[i].append((score, j))
            links[j].append((score, i))
    scored.sort(key=lambda t: (-t[0], records[t[1]].ref, records[t[2]].ref))
    uf = _Clusters(len(records))
    verdicts: list[Verdict] = []

    def clash(ca: int, cb: int) -> Feature | None:
        """The first conflict between a member of one cluster and a member of the other."""
        for x in uf.members[ca]:
            for y in uf.members[cb]:
                if records[x].ref.doc == records[y].ref.doc:
                    # one article's own coreference already told these apart (市委 / 扬州市委)
                    return Feature("same-document", -1.0, f"both named in {records[x].file_name}")
                if (f := conflict(records[x], records[y])) is not None:
                    return f
        return None

    def ambiguous(i: int, j: int, score: float) -> int | None:
        """Another cluster that fits ``i`` as well as ``j``'s does, and excludes it."""
        cj = uf.find(j)
        for s, k in sorted(links[i], key=lambda t: (-t[0], records[t[1]].ref)):
            ck = uf.find(k)
            ci = uf.find(i)
            if s >= score - AMBIGUITY_MARGIN and ck not in (ci, cj) and not clash(ck, ci) and clash(ck, cj):
                return k
        return None

    for score, i, j, feats in scored:
        ci, cj = uf.find(i), uf.find(j)
        if ci == cj:
            continue
        rule = max(feats, key=lambda f: f.weight).name
        if (why := clash(ci, cj)) is not None:
            verdicts.append(
                Verdict(
                    "kept-apart",
                    why.name,
                    round(score + why.weight, 4),
                    records[i],
                    records[j],
                    [*feats, why],
                )
            )
            continue
        other = next((k for k in (ambiguous(i, j, score), ambiguous(j, i, score)) if k is not None), None)
        if other is not None:
            why = Feature(
                "ambiguous", 0.0, f"fits {records[other].name} ({records[other].file_name}) as well"
            )
            verdicts.append(Verdict("kept-apart", "ambiguous", score, records[i], records[j], [*feats, why]))
            continue
        uf.union(i, j)
        verdicts.append(Verdict("merged", rule, score, records[i], records[j], feats))
    clusters = [[records[i] for i in sorted(m, key=lambda i: records[i].ref)] for m in uf.members.values()]
    clusters.sort(key=lambda c: c[0].ref)
    return clusters, verdicts
