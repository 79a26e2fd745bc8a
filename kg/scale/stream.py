"""Writing N-Triples/N-Quads without building an rdflib graph of the whole corpus.

Why: for line formats the serial build's output is the sorted set of statement lines, so it can
be written as sorted spill files of a few hundred documents each, merged on the way out. Peak
memory is then the facts and the ``Resolution`` (which resolution needs anyway) plus one block,
instead of an rdflib ``Dataset`` of every statement — several times the size of the facts.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from kg.facts import DocumentFacts
from kg.rdf import iris
from kg.rdf.resolved import resolution_triples
from kg.resolve import Resolution
from kg.scale.io import write_atomic
from kg.scale.shards import document_lines, merged, quad_lines, write_lines

#: documents per spill file: bounds the lines held in memory at once
BLOCK = 500

#: (docs, resolution, format) for forked spill workers: inherited, never pickled
_shared: tuple[Sequence[DocumentFacts], Resolution, str] | None = None


def _spill(start: int, target: str) -> None:
    """Worker task: the sorted lines of documents ``start … start + BLOCK`` into ``target``."""
    assert _shared is not None
    docs, resolution, fmt = _shared
    lines = document_lines(docs[start : start + BLOCK], resolution, fmt)
    write_lines(target, lines[0] if fmt == "nquads" else lines[1])


def _spill_all(jobs: list[tuple[int, str]], workers: int) -> None:
    """Run ``_spill`` for every job: on ``workers`` forked processes where fork exists.

    Fork is what makes this pay: the children see the parent's facts and resolution as they are
    (copy-on-write), where spawning would pickle the whole corpus to every worker.
    """
    if workers > 1 and len(jobs) > 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
            for future in [pool.submit(_spill, start, target) for start, target in jobs]:
                future.result()
    else:
        for start, target in jobs:
            _spill(start, target)


def write_lines_graph(
    docs: Sequence[DocumentFacts], resolution: Resolution, output: Path, fmt: str, workers: int = 1
) -> int:
    """Write the graph of ``docs`` resolved by ``resolution`` to ``output`` as sorted .nt or .nq.

    Blocks of documents are spelled into sorted spill files on ``workers`` processes, then
    merged. Returns the number of lines (statements) written.
    """
    global _shared
    which = 0 if fmt == "nquads" else 1
    directory = output.parent if str(output.parent) else Path(".")
    with tempfile.TemporaryDirectory(prefix=f".{output.name}.", dir=directory) as tmp:
        jobs = [(start, str(Path(tmp) / f"{n:06d}")) for n, start in enumerate(range(0, len(docs), BLOCK))]
        _shared = (docs, resolution, fmt)
        try:
            _spill_all(jobs, workers)
        finally:
            _shared = None
        spills = [target for _, target in jobs] + [str(Path(tmp) / "resolution")]
        resolution_lines = quad_lines(resolution_triples(resolution), iris.RESOLUTION_GRAPH, fmt)
        write_lines(spills[-1], resolution_lines[which])
        count = [0]

        def encoded():
            for line in merged(spills):
                count[0] += 1
                yield line.encode("utf-8")

        write_atomic(output, encoded())
    return count[0]
