"""Writing N-Triples/N-Quads without building an rdflib graph of the whole corpus.

Why: for line formats the serial build's output is the sorted set of statement lines, so it can
be written as sorted spill files of a few hundred documents each, merged on the way out. Peak
memory is then the facts and the ``Resolution`` (which resolution needs anyway) plus one block,
instead of an rdflib ``Dataset`` of every statement — several times the size of the facts.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from kg.facts import DocumentFacts
from kg.rdf import iris
from kg.rdf.resolved import resolution_triples
from kg.resolve import Resolution, resolve_entities
from kg.scale.io import write_atomic
from kg.scale.shards import document_lines, merged, quad_lines, write_lines

#: documents per spill file: bounds the lines held in memory at once
BLOCK = 500


def write_lines_graph(docs: Sequence[DocumentFacts], output: Path, fmt: str) -> int:
    """Resolve ``docs`` and write their graph to ``output`` as sorted .nt or .nq; return the lines."""
    resolution: Resolution = resolve_entities(docs)
    which = 0 if fmt == "nquads" else 1
    directory = output.parent if str(output.parent) else Path(".")
    with tempfile.TemporaryDirectory(prefix=f".{output.name}.", dir=directory) as tmp:
        spills = []
        for n, start in enumerate(range(0, len(docs), BLOCK)):
            lines = document_lines(docs[start : start + BLOCK], resolution)[which]
            spills.append(str(Path(tmp) / f"{n:06d}"))
            write_lines(spills[-1], lines)
        spills.append(str(Path(tmp) / "resolution"))
        write_lines(spills[-1], quad_lines(resolution_triples(resolution), iris.RESOLUTION_GRAPH)[which])
        count = [0]

        def encoded():
            for line in merged(spills):
                count[0] += 1
                yield line.encode("utf-8")

        write_atomic(output, encoded())
    return count[0]
