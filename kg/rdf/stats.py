"""Counts of a graph: instances per class and triples per property, as an aligned table.

The table shows each zkg term's Chinese label from the ontology beside its CURIE. Chinese
characters take two terminal columns, so padding is computed from display width
(unicodedata.east_asian_width), not from len(), or the columns would drift.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.rdf.load import union_graph
from kg.rdf.vocab import bind_prefixes


@dataclass
class GraphStats:
    """What ``kg stats`` reports; counts are over the union of all named graphs."""

    triples: int
    named_graphs: int
    subjects: int
    classes: list[tuple[URIRef, int]] = field(default_factory=list)  # (class, instances)
    properties: list[tuple[URIRef, int]] = field(default_factory=list)  # (property, triples)


def _ranked(counter: Counter[URIRef]) -> list[tuple[URIRef, int]]:
    # most frequent first, ties by IRI so the table is stable
    return sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))


def graph_stats(graph: Graph) -> GraphStats:
    """Count direct rdf:type instances per class and triples per predicate."""
    named = 0
    if isinstance(graph, Dataset):
        named = sum(1 for g in graph.graphs() if g.identifier != graph.default_graph.identifier and len(g))
    union = union_graph(graph)
    classes: Counter[URIRef] = Counter()
    properties: Counter[URIRef] = Counter()
    subjects = set()
    for s, p, o in union:
        properties[p] += 1
        subjects.add(s)
        if p == RDF.type and isinstance(o, URIRef):
            classes[o] += 1
    return GraphStats(
        triples=len(union),
        named_graphs=named,
        subjects=len(subjects),
        classes=_ranked(classes),
        properties=_ranked(properties),
    )


def display_width(text: str) -> int:
    """Terminal columns of ``text``: wide and full-width characters count two."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def table(rows: list[list[str]], right_align: set[int] | None = None) -> str:
    """Rows of cells as lines padded by display width; column indices in right_align go right."""
    right_align = right_align or set()
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [_pad(cell, widths[i], i in right_align) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _zh_label(term: URIRef, vocabulary: Graph | None) -> str:
    if vocabulary is None:
        return ""
    zh = sorted(
        str(o) for o in vocabulary.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == "zh"
    )
    return zh[0] if zh else ""


def format_stats(stats: GraphStats, vocabulary: Graph | None = None) -> str:
    """The stats as text: a summary line, then a class table and a property table.

    ``vocabulary`` (normally the ontology) supplies Chinese labels for the terms.
    """
    names = bind_prefixes(Graph()).namespace_manager

    def curie(term: URIRef) -> str:
        try:
            return names.normalizeUri(term)
        except Exception:  # a term no prefix fits is shown whole
            return f"<{term}>"

    out = [
        f"{stats.triples} triples, {stats.subjects} subjects"
        + (
            f", {stats.named_graphs} named graph{'s' if stats.named_graphs != 1 else ''}"
            if stats.named_graphs
            else ""
        )
    ]
    for title, rows, unit in (
        ("class", stats.classes, "instances"),
        ("property", stats.properties, "triples"),
    ):
        out.append("")
        if not rows:
            out.append(f"(no {title} found)")
            continue
        cells = [[title, "名称", unit]]
        cells += [[curie(t), _zh_label(t, vocabulary), str(n)] for t, n in rows]
        out.append(table(cells, right_align={2}))
    return "\n".join(out) + "\n"
