"""The library side of ``kg build``: files in, facts per document, one graph written atomically.

Extraction runs on ``workers`` processes (``kg.scale.pool``) and comes back in input order, so the
graph is the same whatever the number of workers; ``kg.scale.dask_engine`` is the cluster variant.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract import extract_text
from kg.facts import DocumentFacts
from kg.nlp.pipeline import default_pipeline
from kg.rdf.load import format_for
from kg.rdf.mapping import facts_to_dataset
from kg.rdf.output import write_graph
from kg.resolve import resolve_entities
from kg.text.reading import InputError, read_texts


@dataclass
class BuildReport:
    built: int = 0
    triples: int = 0
    errors: list[str] = field(default_factory=list)
    #: wall seconds per stage (extract, resolve, write): extraction scales with workers, the
    #: corpus-level resolution does not, and users sizing a run need to see which one they wait on
    seconds: dict[str, float] = field(default_factory=dict)

    def timing(self) -> str:
        return ", ".join(f"{stage} {s:.1f} s" for stage, s in self.seconds.items())


def extract_files(
    paths: Sequence[Path],
    *,
    year: int | None = None,
    date: str | None = None,
    model: bool = True,
    report: BuildReport | None = None,
    progress: bool = False,
) -> Iterator[DocumentFacts]:
    """Facts of each readable file, in order; unreadable ones are recorded in ``report``."""
    nlp = default_pipeline(model)
    errors = report.errors if report is not None else []
    for path, text in read_texts(paths, errors, progress=progress):
        yield extract_text(text, path.name, year=year, date=date, nlp=nlp)


def extract_sources(
    sources: Sequence[str | Path],
    *,
    year: int | None = None,
    date: str | None = None,
    model: bool = True,
    workers: int | None = None,
    report: BuildReport | None = None,
    progress: bool = False,
) -> Iterator[DocumentFacts]:
    """Facts of each readable source (path or fsspec URL) on ``workers`` processes, in input order."""
    from kg.scale.pool import Options, extract_parallel, facts_of

    outcomes: Iterable = extract_parallel(sources, Options(year, date, model), workers)
    if progress and len(sources) > 1:
        from tqdm import tqdm

        outcomes = tqdm(outcomes, total=len(sources), desc="kg build", unit="doc")
    errors = report.errors if report is not None else []
    yield from facts_of(outcomes, errors)


#: documents between two freezes of the facts kept so far (see _kept)
FREEZE_EVERY = 500


def _kept(docs: Iterable[DocumentFacts]) -> list[DocumentFacts]:
    """The documents' facts as a list, frozen out of the garbage collector's view as they grow.

    Why: every full collection walks every live container, and the kept facts are millions of
    small objects that live until the end of the build, so each collection took longer as the
    corpus grew — extraction of 100 MB ran measurably slower per character than of 10 MB.
    ``gc.freeze()`` moves what is alive now into a generation the collector skips; the facts
    stay alive anyway, and later garbage is collected as usual.
    """
    out = []
    for n, doc in enumerate(docs, 1):
        out.append(doc)
        if n % FREEZE_EVERY == 0:
            gc.freeze()
    return out


def build_graph(
    inputs: Sequence[Path | str],
    output: Path,
    *,
    year: int | None = None,
    date: str | None = None,
    model: bool = True,
    progress: bool = False,
    workers: int | None = 1,
) -> BuildReport:
    """Build ``inputs`` into one graph at ``output``; ``workers=None`` uses every core.

    Only the facts are kept until resolution (what it needs anyway); the files are read by the
    workers as they go. .nt/.nq are written from sorted spill files (``kg.scale.stream``), the
    same bytes rdflib's writer gives without holding every statement in an rdflib graph.
    """
    from kg.scale.io import expand_inputs
    from kg.scale.pool import default_workers

    report = BuildReport()
    workers = workers or default_workers()
    try:
        sources = expand_inputs(inputs)
    except InputError as exc:
        report.errors.append(str(exc))
        return report
    try:
        clock = time.perf_counter()
        docs = _kept(
            extract_sources(
                sources, year=year, date=date, model=model, workers=workers, report=report, progress=progress
            )
        )
        report.built = len(docs)
        if not docs:
            return report
        report.seconds["extract"] = time.perf_counter() - clock
        clock = time.perf_counter()
        gc.freeze()
        resolution = resolve_entities(docs)
        gc.freeze()  # the resolution lives to the end too: writing need not walk it either
        report.seconds["resolve"] = time.perf_counter() - clock
        clock = time.perf_counter()
        if format_for(output) in ("nt", "nquads"):  # line formats stream: no rdflib Dataset
            from kg.scale.stream import write_lines_graph

            if not (output.parent if str(output.parent) else Path(".")).is_dir():
                raise FileNotFoundError(f"output directory does not exist: {output.parent}")
            report.triples = write_lines_graph(docs, resolution, output, format_for(output), workers)
        else:
            dataset = facts_to_dataset(docs, resolution)
            report.triples = len(dataset)
            write_graph(dataset, output)
        report.seconds["write"] = time.perf_counter() - clock
    finally:
        gc.unfreeze()  # hand the facts frozen by _kept back to the collector
    return report
