"""The knowledge graph as a networkx graph of entities, for centrality, communities and drawing.

RDF is the right shape for storing and querying facts, but the questions people ask of a
network (who is central, which bodies cluster together, what is two steps from 金锋) are graph
algorithms over *entities*. This module projects the RDF graph onto that network:

- nodes are the named entities: persons, organizations (every subclass), places, projects and
  events; documents, mentions, positions and roles are not nodes but attributes;
- a zkg:Position is folded into a person → organization edge (``relation="position"``) that
  carries the title, because a position node between them would double every path length and
  make a person look no closer to their own organization than to any other neighbour;
- every other object property between two entity nodes becomes an edge in RDF direction
  (subject → object) whose ``relation`` is the property's local name (``chair``, ``site`` …);
- a zkg:participant that only restates a zkg:chair or zkg:speaker between the same pair is
  dropped: the mapping states it for the scorer's sake, and here it would count twice in every
  degree and centrality.

The same projection feeds ``kg viz``, ``kg stats --central`` and ``kg export``, so a number in
the statistics is always something one can see in the picture.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.rdf.load import GraphFileError, load_graph, union_graph
from kg.rdf.vocab import ZKG, bind_prefixes

__all__ = [
    "GROUPS",
    "RELATION_LABELS",
    "Source",
    "centrality_table",
    "communities",
    "construct_subgraph",
    "date_range_subgraph",
    "ego_subgraph",
    "find_nodes",
    "load_source",
    "to_networkx",
    "type_subgraph",
]

Source = str | Path | Graph

#: The coarse groups a node belongs to, in the order a node with several types is assigned
#: (an organization that is also a place is an organization: that is what it acts as).
GROUPS = ("Person", "Event", "Project", "Organization", "Place")

#: Chinese verb for each relation, read from the actor's side (金锋 主持 会议); the viz draws
#: the arrows of REVERSED relations from object to subject so the label reads that way.
RELATION_LABELS: dict[str, str] = {
    "position": "任职",
    "chair": "主持",
    "speaker": "发言",
    "participant": "出席",
    "organizer": "主办",
    "location": "地点",
    "site": "考察",
    "investor": "投资",
    "locatedIn": "位于",
    "leader": "负责",
}
REVERSED = frozenset({"chair", "speaker", "participant", "organizer", "investor", "leader"})

#: Properties that are bookkeeping rather than relations between entities.
_NOT_RELATIONS = frozenset({RDF.type, ZKG.holds, ZKG.mentionedIn, ZKG.evidence, ZKG.role, ZKG.organization})

#: Evidence sentences kept per node: enough to judge a node, small enough for a tooltip.
MAX_EVIDENCE = 5


class SourceError(Exception):
    """A source that is neither a readable graph file nor an Oxigraph store directory."""


# -- loading ---------------------------------------------------------------------------------


def _from_oxigraph(term: Any) -> URIRef | BNode | Literal:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def load_store(directory: str | Path) -> Graph:
    """All quads of an on-disk Oxigraph store as one rdflib Graph (the union of its graphs).

    Opened read-only so a server holding the store open (``kg serve``) is not disturbed and
    the store cannot be modified by a viewer.
    """
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(str(directory))
    except OSError as exc:
        raise SourceError(f"{directory}: cannot open store: {exc}") from exc
    graph = bind_prefixes(Graph())
    for quad in store.quads_for_pattern(None, None, None, None):
        graph.add((_from_oxigraph(quad.subject), _from_oxigraph(quad.predicate), _from_oxigraph(quad.object)))
    return graph


def load_source(source: Source) -> Graph:
    """A plain rdflib Graph from a graph object, a graph file, or an Oxigraph store directory.

    Named graphs are merged: every view here is of the whole knowledge graph, and an entity
    mentioned in five documents must be one node, not five.
    """
    if isinstance(source, Graph):
        return union_graph(source) if isinstance(source, Dataset) else source
    path = Path(source)
    if path.is_dir():
        return load_store(path)
    try:
        return union_graph(load_graph(path))
    except GraphFileError as exc:
        raise SourceError(str(exc)) from exc


# -- the ontology's class tree ---------------------------------------------------------------


@lru_cache(maxsize=1)
def _class_groups() -> dict[URIRef, str]:
    """Every zkg class that is an entity class → its group, read from the ontology.

    Read from the ontology rather than listed here so an event kind added there later is drawn
    as an event without touching this module.
    """
    from kg.rdf.ontology import ontology_graph

    onto = ontology_graph()
    groups: dict[URIRef, str] = {}
    for group in GROUPS:
        root = ZKG[group]
        for cls in onto.transitive_subjects(RDFS.subClassOf, root):
            if isinstance(cls, URIRef):
                groups.setdefault(cls, group)
    return groups


@lru_cache(maxsize=1)
def class_labels() -> dict[str, str]:
    """zkg class local name → its Chinese label (Company → 企业), for legends and tooltips."""
    from kg.rdf.ontology import ontology_graph

    onto = ontology_graph()
    out: dict[str, str] = {}
    for cls in _class_groups():
        for label in onto.objects(cls, RDFS.label):
            if isinstance(label, Literal) and label.language == "zh":
                out[_local(cls)] = str(label)
    return out


def _local(iri: URIRef) -> str:
    text = str(iri)
    if text.startswith(str(ZKG)):
        return text[len(str(ZKG)) :]
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text


def _zh_first(values: Iterable[Any]) -> str | None:
    """The @zh literal if there is one, else any literal; sorted so the choice is stable."""
    literals = sorted(
        (v for v in values if isinstance(v, Literal)), key=lambda v: (v.language != "zh", str(v))
    )
    return str(literals[0]) if literals else None


# -- the projection --------------------------------------------------------------------------


def _node_type(classes: set[URIRef]) -> tuple[str, str] | None:
    """(group, most specific type) of a node with these rdf:types, or None if not an entity."""
    groups = _class_groups()
    for group in GROUPS:
        members = [c for c in classes if groups.get(c) == group]
        if members:
            specific = [c for c in members if c != ZKG[group]]
            return group, _local(sorted(specific or members, key=str)[0])
    return None


def _evidence(graph: Graph, node: URIRef) -> list[str]:
    mentions = []
    for mention in graph.objects(node, ZKG.evidence):
        sentence = graph.value(mention, ZKG.sentence)
        if sentence is None:
            continue
        doc = str(graph.value(mention, ZKG.document) or "")
        start = graph.value(mention, ZKG.startOffset)
        mentions.append((doc, int(start) if start is not None else 0, str(sentence)))
    seen: list[str] = []
    for _, _, sentence in sorted(mentions):
        if sentence not in seen:
            seen.append(sentence)
    return seen[:MAX_EVIDENCE]


def _documents(graph: Graph, node: URIRef) -> list[str]:
    names = set()
    for doc in graph.objects(node, ZKG.mentionedIn):
        names.update(str(n) for n in graph.objects(doc, ZKG.fileName))
    return sorted(names)


def _relation_name(predicate: URIRef) -> str:
    if str(predicate).startswith(str(ZKG)):
        return _local(predicate)
    return graph_curie(predicate)


@lru_cache(maxsize=1)
def _prefixed() -> Graph:
    return bind_prefixes(Graph())


def graph_curie(iri: URIRef) -> str:
    """A short name for a foreign predicate (skos:related), for edges the ontology did not name."""
    try:
        return _prefixed().namespace_manager.normalizeUri(iri)
    except Exception:  # rdflib raises on IRIs it cannot split
        return str(iri)


def to_networkx(source: Source) -> nx.MultiDiGraph:
    """The entity network of ``source`` (graph, file or store directory) as a MultiDiGraph.

    Node keys are IRIs (strings). Node attributes: ``type`` (most specific zkg class, e.g.
    ``Company``), ``group`` (Person / Organization / Place / Project / Event), ``label``,
    ``aliases``, ``positions`` (full titles held, persons only), ``documents`` (file names),
    ``evidence`` (a few sentences), ``date`` (ISO, events only), and for projects
    ``investmentCNY``, ``status``, ``capacity`` when stated. Edge attributes: ``relation``
    (property local name, or ``position`` for folded positions), ``label`` (Chinese verb, or
    the title for positions), ``title`` (the full title, positions only).
    """
    graph = load_source(source)
    net = nx.MultiDiGraph()

    classes: dict[URIRef, set[URIRef]] = defaultdict(set)
    for subject, cls in graph.subject_objects(RDF.type):
        if isinstance(subject, URIRef) and isinstance(cls, URIRef):
            classes[subject].add(cls)
    labels = class_labels()
    for node in sorted(classes, key=str):
        typed = _node_type(classes[node])
        if typed is None:
            continue
        group, kind = typed
        label = _zh_first(graph.objects(node, RDFS.label)) or _local(node)
        aliases = sorted({str(a) for a in graph.objects(node, SKOS.altLabel)} - {label})
        attrs: dict[str, Any] = {
            "type": kind,
            "type_zh": labels.get(kind, kind),
            "group": group,
            "label": label,
            "aliases": aliases,
            "classes": sorted(_local(c) for c in classes[node] if c in _class_groups()),
            "documents": _documents(graph, node),
            "evidence": _evidence(graph, node),
        }
        if group == "Person":
            attrs["positions"] = []
        if group == "Event" and (date := graph.value(node, ZKG.date)) is not None:
            attrs["date"] = str(date)
        if group == "Project":
            for prop in ("investmentCNY", "status", "capacity"):
                value = graph.value(node, ZKG[prop])
                if value is not None:
                    attrs[prop] = value.toPython() if prop == "investmentCNY" else str(value)
        net.add_node(str(node), **attrs)

    # positions, folded into person → organization edges
    for person, position in sorted(graph.subject_objects(ZKG.holds), key=lambda t: (str(t[0]), str(t[1]))):
        pid = str(person)
        if pid not in net:
            continue
        title = _zh_first(graph.objects(position, ZKG.title)) or _zh_first(
            graph.objects(position, RDFS.label)
        )
        if not title:
            continue
        if title not in net.nodes[pid]["positions"]:
            net.nodes[pid]["positions"].append(title)
        for org in sorted(graph.objects(position, ZKG.organization), key=str):
            if str(org) in net:
                net.add_edge(
                    pid, str(org), key=f"position:{title}", relation="position", label=title, title=title
                )

    # every other relation between two entity nodes
    stated: set[tuple[str, str, str]] = set()
    for s, p, o in graph:
        if p in _NOT_RELATIONS or not isinstance(o, URIRef) or str(s) not in net or str(o) not in net:
            continue
        stated.add((str(s), _relation_name(p), str(o)))
    for s, rel, o in sorted(stated):
        if rel == "participant" and ((s, "chair", o) in stated or (s, "speaker", o) in stated):
            continue
        net.add_edge(s, o, key=rel, relation=rel, label=RELATION_LABELS.get(rel, rel))
    return net


# -- focus views -----------------------------------------------------------------------------


def find_nodes(net: nx.MultiDiGraph, name: str) -> list[str]:
    """Nodes whose label or an alias is ``name``; failing that, whose label contains it.

    Exact first so that 金锋 does not also pick up 金锋同志's namesakes; containment is the
    fallback a user typing part of a long event name expects.
    """
    exact = [n for n, d in net.nodes(data=True) if d.get("label") == name or name in d.get("aliases", ())]
    if exact:
        return sorted(exact)
    return sorted(n for n, d in net.nodes(data=True) if name in d.get("label", ""))


def ego_subgraph(net: nx.MultiDiGraph, centers: Iterable[str], depth: int = 1) -> nx.MultiDiGraph:
    """Everything within ``depth`` steps of any of ``centers``, edge direction ignored."""
    undirected = net.to_undirected(as_view=True)
    keep: set[str] = set()
    for center in centers:
        keep.update(nx.single_source_shortest_path_length(undirected, center, cutoff=depth))
    return net.subgraph(keep).copy()


def type_subgraph(net: nx.MultiDiGraph, types: Iterable[str]) -> nx.MultiDiGraph:
    """Nodes whose group or specific type is one of ``types`` (Organization takes Company too)."""
    wanted = {t.strip() for t in types if t.strip()}
    keep = [n for n, d in net.nodes(data=True) if d["group"] in wanted or d["type"] in wanted]
    return net.subgraph(keep).copy()


def _date_bounds(value: str) -> tuple[_dt.date, _dt.date] | None:
    """First and last day an xsd:date or xsd:gYearMonth value covers."""
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            day = _dt.date(*parts)
            return day, day
        if len(parts) == 2:
            first = _dt.date(parts[0], parts[1], 1)
            following = _dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first, following - _dt.timedelta(days=1)
    except ValueError:
        return None
    return None


def date_range_subgraph(
    net: nx.MultiDiGraph, start: _dt.date | None = None, end: _dt.date | None = None
) -> nx.MultiDiGraph:
    """Events dated in [start, end] and everything they link to directly.

    A month-precision date (2023-03) counts when the month overlaps the range: the event
    happened some time in it, and hiding it would lose more than showing it.
    """
    low, high = start or _dt.date.min, end or _dt.date.max
    events = []
    for node, data in net.nodes(data=True):
        bounds = _date_bounds(data.get("date", "")) if data["group"] == "Event" else None
        if bounds and bounds[0] <= high and bounds[1] >= low:
            events.append(node)
    return ego_subgraph(net, events, depth=1)


def construct_subgraph(source: Source, query: str) -> Graph:
    """The graph a CONSTRUCT (or DESCRIBE) query returns, with what is needed to draw it.

    A CONSTRUCT usually returns only the relations asked for; the types, names, dates,
    positions and evidence of the resources in the answer are copied from the source so the
    nodes can be typed, labelled and explained. Relations come only from the answer.
    """
    graph = load_source(source)
    try:
        result = graph.query(query)  # the project prefixes (zkg:, rdfs: …) are predeclared
    except Exception as exc:  # pyparsing and rdflib raise many unrelated types
        raise ValueError(f"cannot run the query: {' '.join(str(exc).split())[:300]}") from exc
    if result.type not in ("CONSTRUCT", "DESCRIBE") or result.graph is None:
        raise ValueError(f"the query must be a CONSTRUCT or DESCRIBE query, not {result.type}")
    answer = bind_prefixes(Graph())
    for triple in result.graph:
        answer.add(triple)
    nodes = {t for triple in answer for t in (triple[0], triple[2]) if isinstance(t, URIRef)}
    describe = (RDF.type, RDFS.label, SKOS.altLabel, ZKG.title, ZKG.date, ZKG.investmentCNY, ZKG.status)
    for node in nodes:
        for prop in describe:
            for value in graph.objects(node, prop):
                answer.add((node, prop, value))
        for doc in graph.objects(node, ZKG.mentionedIn):
            answer.add((node, ZKG.mentionedIn, doc))
            for name in graph.objects(doc, ZKG.fileName):
                answer.add((doc, ZKG.fileName, name))
        for mention in graph.objects(node, ZKG.evidence):
            answer.add((node, ZKG.evidence, mention))
            for prop in (ZKG.sentence, ZKG.document, ZKG.startOffset):
                for value in graph.objects(mention, prop):
                    answer.add((mention, prop, value))
    return answer


# -- analysis --------------------------------------------------------------------------------


def _simple(net: nx.MultiDiGraph) -> nx.Graph:
    """Undirected, one edge per linked pair: centrality and communities are about who is
    connected to whom, not how many properties say so."""
    simple = nx.Graph()
    simple.add_nodes_from(net.nodes(data=True))
    simple.add_edges_from((u, v) for u, v in net.edges() if u != v)
    return simple


def centrality_table(
    net: nx.MultiDiGraph, groups: Iterable[str] = ("Person", "Organization"), top: int = 10
) -> list[dict[str, Any]]:
    """The ``top`` nodes of each group by betweenness, then degree: the brokers first.

    Betweenness is exact up to 2,000 nodes and sampled (k=500, fixed seed) beyond, which keeps
    ``kg stats --central`` interactive on a large store while ranking the top the same way.
    """
    simple = _simple(net)
    size = simple.number_of_nodes()
    if size > 2000:
        between = nx.betweenness_centrality(simple, k=500, seed=0)
    else:
        between = nx.betweenness_centrality(simple)
    rows = []
    for group in groups:
        members = [n for n, d in simple.nodes(data=True) if d["group"] == group]
        members.sort(key=lambda n: (-between[n], -simple.degree(n), simple.nodes[n]["label"]))
        for node in members[:top]:
            data = simple.nodes[node]
            rows.append(
                {
                    "group": group,
                    "label": data["label"],
                    "type": data["type"],
                    "degree": simple.degree(node),
                    "betweenness": round(between[node], 4),
                    "iri": node,
                }
            )
    return rows


def communities(net: nx.MultiDiGraph, seed: int = 0) -> list[list[str]]:
    """Louvain communities of the entity network, largest first, each as sorted node IRIs.

    Louvain with a fixed seed, so the same graph always gives the same grouping.
    """
    simple = _simple(net)
    if simple.number_of_edges() == 0:
        return [[n] for n in sorted(simple)]
    found = nx.community.louvain_communities(simple, seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
