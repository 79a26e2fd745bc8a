"""N-Quads shards: one sorted, duplicate-free file of statements per partition.

Why sorted shards: the serial build writes N-Triples and N-Quads as the sorted set of its lines,
so the whole graph in that exact form is a k-way merge of sorted shards — streamed, with memory
independent of the corpus — and any SPARQL server can bulk-load the shards as they are. Lines
come from rdflib's own N-Quads/N-Triples row writers, so terms are spelled as ``kg build`` spells
them and the merged file is byte-identical to a one-process build.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator

from rdflib import URIRef
from rdflib.plugins.serializers.nquads import _nq_row
from rdflib.plugins.serializers.nt import _nt_row

from kg.facts import DocumentFacts
from kg.rdf import iris
from kg.rdf.mapping import document_triples
from kg.resolve import Resolution
from kg.scale.io import open_text, write_atomic


class _Named:
    """What ``_nq_row`` needs of a context: an ``n3()`` and inequality to the default graph."""

    def __init__(self, identifier: URIRef) -> None:
        self.identifier = identifier

    def n3(self) -> str:
        return self.identifier.n3()

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Named) and other.identifier == self.identifier

    def __hash__(self) -> int:
        return hash(self.identifier)


def quad_lines(triples: Iterable[tuple], graph: URIRef, only: str | None = None) -> tuple[set[str], set[str]]:
    """The N-Quads lines of ``triples`` in ``graph`` and their N-Triples lines (no newline).

    ``only="nquads"`` or ``only="nt"`` leaves the other set empty: spelling a line is most of
    the cost, and a build writing one format should not pay for both.
    """
    context = _Named(graph)
    quads: set[str] = set()
    plain: set[str] = set()
    for triple in triples:
        if only != "nt":
            quads.add(_nq_row(triple, context).rstrip("\n"))
        if only != "nquads":
            plain.add(_nt_row(triple).rstrip("\n"))
    return quads, plain


def document_lines(
    docs: Iterable[DocumentFacts], resolution: Resolution, only: str | None = None
) -> tuple[set[str], set[str]]:
    """N-Quads and N-Triples lines of the documents' own graphs (named by the document IRI)."""
    quads: set[str] = set()
    plain: set[str] = set()
    for doc in docs:
        q, t = quad_lines(document_triples(doc, resolution), iris.document_iri(doc.sha256), only)
        quads |= q
        plain |= t
    return quads, plain


def write_lines(target: str, lines: set[str]) -> None:
    write_atomic(target, "".join(line + "\n" for line in sorted(lines)).encode("utf-8"))


def _lines(target: str) -> Iterator[str]:
    with open_text(target) as handle:
        for line in handle:
            if line.strip():
                yield line.rstrip("\n")


def merged(shards: Iterable[str]) -> Iterator[str]:
    """The sorted union of sorted shard files, each line once (a streaming k-way merge)."""
    last = None
    for line in heapq.merge(*(_lines(s) for s in shards)):
        if line != last:
            yield line + "\n"
            last = line
