"""Why is a node what it is: the resolution decisions behind an entity, read back from a graph.

``kg explain GRAPH ENTITY`` prints, for every node whose IRI, label or other name is ENTITY, its
names, the documents that mention it, its positions with their dates, and each decision that
joined mentions into it (rule, score, evidence) or kept a namesake apart. It reads only the graph
(``zkg:ResolutionDecision`` nodes in the resolution graph), so it explains a graph file or a
store exactly as built, without re-running resolution.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.rdf.load import load_graph, union_graph
from kg.rdf.vocab import ZKG

#: classes of the nodes resolution makes (positions and events carry labels too, but are not asked)
_TYPES = frozenset(
    ZKG[c]
    for c in (
        "Person",
        "Organization",
        "PartyOrganization",
        "GovernmentAgency",
        "Company",
        "ResearchInstitution",
        "Place",
        "Project",
    )
)


def load_source(source: str | Path) -> Graph:
    """A graph file or a zhkg store directory, as one plain graph (the union of its graphs)."""
    path = Path(source)
    if path.is_dir():
        from kg.store import store_dataset

        return union_graph(store_dataset(path))
    return union_graph(load_graph(path))


def find_entities(graph: Graph, entity: str) -> list[URIRef]:
    """Nodes whose IRI is ``entity`` or whose label or other name is ``entity``, label matches first."""
    if entity.startswith(("http://", "https://")):
        node = URIRef(entity)
        return [node] if (node, None, None) in graph else []
    by_label, by_alt = set(), set()
    for prop, found in ((RDFS.label, by_label), (SKOS.altLabel, by_alt)):
        for lang in ("zh", None):
            found.update(s for s in graph.subjects(prop, Literal(entity, lang=lang)) if _is_entity(graph, s))
    return sorted(by_label) + sorted(by_alt - by_label)


def _is_entity(graph: Graph, node: URIRef) -> bool:
    return any(t in _TYPES for t in graph.objects(node, RDF.type))


def _label(graph: Graph, node: URIRef) -> str:
    return str(graph.value(node, RDFS.label) or node)


def explain(graph: Graph, entity: str) -> str:
    """The explanation of every node matching ``entity`` ("" when none matches)."""
    return "\n\n".join(_explain_one(graph, node) for node in find_entities(graph, entity))


def _explain_one(graph: Graph, node: URIRef) -> str:
    types = sorted(str(t).rsplit("#", 1)[-1] for t in graph.objects(node, RDF.type))
    lines = [f"{_label(graph, node)}  <{node}>  ({', '.join(types)})"]
    alts = sorted(str(a) for a in graph.objects(node, SKOS.altLabel))
    if alts:
        lines.append(f"  other names: {'、'.join(alts)}")
    docs = sorted(str(graph.value(d, ZKG.fileName) or d) for d in graph.objects(node, ZKG.mentionedIn))
    lines.append(f"  mentioned in {len(docs)} document(s): {', '.join(docs)}")
    for position in sorted(graph.objects(node, ZKG.holds)):
        first, last = graph.value(position, ZKG.firstSeen), graph.value(position, ZKG.lastSeen)
        when = f"  ({first} … {last})" if first else ""
        lines.append(f"  holds: {graph.value(position, ZKG.title)}{when}")
    decisions = sorted(graph.subjects(ZKG.resolvedEntity, node), key=lambda d: _decision_order(graph, d))
    if not decisions:
        lines.append("  no resolution decision: named once, or always by the same document")
    for decision in decisions:
        lines.extend(_decision_lines(graph, decision, node))
    return "\n".join(lines)


def _decision_order(graph: Graph, decision: URIRef) -> tuple[bool, str]:
    """Merges first, then the namesakes and short forms kept apart."""
    return (str(graph.value(decision, ZKG.outcome)) != "merged", str(graph.value(decision, RDFS.label)))


def _by_weight(note: str) -> tuple[float, str]:
    """Evidence notes ("rule (+0.50): detail") strongest first."""
    try:
        weight = float(note.split("(", 1)[1].split(")", 1)[0])
    except (IndexError, ValueError):
        weight = 0.0
    return (-abs(weight), note)


def _decision_lines(graph: Graph, decision: URIRef, node: URIRef) -> list[str]:
    outcome = str(graph.value(decision, ZKG.outcome))
    rule, score = graph.value(decision, ZKG.reason), graph.value(decision, ZKG.score)
    names = " + ".join(sorted(str(n) for n in graph.objects(decision, ZKG.mergedLabel)))
    files = ", ".join(
        sorted(str(graph.value(d, ZKG.fileName) or d) for d in graph.objects(decision, PROV.used))
    )
    head = f"  {outcome}: {names}  [{rule}, score {score}]  from {files}"
    others = [o for o in graph.objects(decision, ZKG.resolvedEntity) if o != node]
    if outcome == "kept-apart" and others:
        head += f"  — other node: {_label(graph, others[0])} <{others[0]}>"
    notes = sorted((str(n) for n in graph.objects(decision, ZKG.evidenceNote)), key=_by_weight)
    return [head, *(f"      {n}" for n in notes)]
