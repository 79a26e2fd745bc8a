"""The library side of ``kg build``: files in, facts per document, one graph written atomically."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract import extract_text
from kg.facts import DocumentFacts
from kg.nlp.pipeline import default_pipeline
from kg.rdf.mapping import facts_to_dataset
from kg.rdf.output import write_graph
from kg.text.reading import InputError, iter_input_files, read_text


@dataclass
class BuildReport:
    built: int = 0
    triples: int = 0
    errors: list[str] = field(default_factory=list)


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
    items: Iterable[Path] = paths
    if progress and len(paths) > 1:
        from tqdm import tqdm

        items = tqdm(paths, desc="kg build", unit="doc")
    for path in items:
        try:
            text = read_text(path)
        except InputError as exc:
            if report is not None:
                report.errors.append(str(exc))
            continue
        yield extract_text(text, path.name, year=year, date=date, nlp=nlp)


def build_graph(
    inputs: Sequence[Path],
    output: Path,
    *,
    year: int | None = None,
    date: str | None = None,
    model: bool = True,
    progress: bool = False,
) -> BuildReport:
    report = BuildReport()
    try:
        paths = iter_input_files(inputs)
    except InputError as exc:
        report.errors.append(str(exc))
        return report
    docs = list(extract_files(paths, year=year, date=date, model=model, report=report, progress=progress))
    report.built = len(docs)
    if docs:
        dataset = facts_to_dataset(docs)
        report.triples = len(dataset)
        write_graph(dataset, output)
    return report
