"""Per-document extraction on every core, results in input order.

Why this shape: spaCy pipelines are expensive to build and not picklable, so each worker process
builds one in its initializer and keeps it; facts travel back as plain dicts (cheap to pickle,
no spaCy objects). Results are yielded in input order, so the corpus-level steps after it see the
same sequence whatever the number of workers and the output is byte-identical. Work in flight is
bounded (a window of chunks), so a corpus of any size streams: files are read by the workers,
never all up front.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kg.facts import DocumentFacts

#: documents per task: enough to amortise the round trip, small enough to balance the cores
CHUNK = 4
#: chunks in flight per worker: keeps every core busy without queueing the whole corpus
WINDOW_PER_WORKER = 3


@dataclass(frozen=True)
class Options:
    """What extraction depends on besides the document itself."""

    year: int | None = None
    date: str | None = None
    model: bool = True


Outcome = tuple[dict | None, str | None]  # (facts as dict, or None and the one-line error)

_worker_nlp = None  # the pipeline of this worker process, built once by _init


def _init(model: bool) -> None:
    global _worker_nlp
    from kg.nlp.pipeline import default_pipeline

    _worker_nlp = default_pipeline(model)


def extract_one(source: str | Path, options: Options, nlp=None) -> Outcome:
    """Read and extract one input (a path or an fsspec URL); errors become a message, not a raise."""
    from kg.extract import extract_text
    from kg.scale.io import name_of, read_source
    from kg.text.reading import InputError

    try:
        text = read_source(source)
    except InputError as exc:
        return None, str(exc)
    facts = extract_text(text, name_of(source), year=options.year, date=options.date, nlp=nlp or _worker_nlp)
    return facts.to_dict(), None


def _extract_chunk(sources: list[str | Path], options: Options) -> list[Outcome]:
    return [extract_one(s, options) for s in sources]


def default_workers() -> int:
    return os.cpu_count() or 1


def extract_parallel(
    sources: Sequence[str | Path], options: Options, workers: int | None = None
) -> Iterator[Outcome]:
    """``extract_one`` over ``sources`` on ``workers`` processes, yielded in input order."""
    workers = workers or default_workers()
    if workers <= 1 or len(sources) <= 1:
        from kg.nlp.pipeline import default_pipeline

        nlp = default_pipeline(options.model)
        for source in sources:
            yield extract_one(source, options, nlp)
        return
    chunks = [list(sources[i : i + CHUNK]) for i in range(0, len(sources), CHUNK)]
    # fork shares the already imported modules with the workers; the pipeline is built per worker
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    with ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)),
        mp_context=context,
        initializer=_init,
        initargs=(options.model,),
    ) as pool:
        yield from _ordered(pool, chunks, options, window=workers * WINDOW_PER_WORKER)


def _ordered(
    pool: ProcessPoolExecutor, chunks: Iterable[list[str | Path]], options: Options, window: int
) -> Iterator[Outcome]:
    pending: deque[Future[list[Outcome]]] = deque()
    for chunk in chunks:
        pending.append(pool.submit(_extract_chunk, chunk, options))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def facts_of(outcomes: Iterable[Outcome], errors: list[str]) -> Iterator[DocumentFacts]:
    """The DocumentFacts of the successful outcomes; error messages appended to ``errors``."""
    for data, error in outcomes:
        if error is not None:
            errors.append(error)
        elif data is not None:
            yield DocumentFacts.from_dict(data)
