"""The example corpus built once per test run, as a .trig file and as an Oxigraph store.

A cached helper rather than conftest fixtures: test_query, test_api and test_serve share one
build (about five seconds) without touching the shared conftest.py.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]


@cache
def _workdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="kg-query-tests-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@cache
def corpus_file() -> Path:
    """``kg build examples --no-model`` into a .trig file: one named graph per document."""
    from kg.build import build_graph

    out = _workdir() / "corpus.trig"
    report = build_graph(sorted((ROOT / "examples").glob("*.txt")), out, model=False)
    assert report.built == 5 and out.exists(), report.errors
    return out


@cache
def corpus_turtle() -> Path:
    """The same graph as Turtle (the union, in the default graph)."""
    from kg.rdf.load import load_graph
    from kg.rdf.output import write_graph

    return write_graph(load_graph(corpus_file()), _workdir() / "corpus.ttl")


@cache
def corpus_store() -> Path:
    """An on-disk Oxigraph store of the corpus, each document in its own named graph."""
    directory = _workdir() / "store"
    store = ox.Store(str(directory))
    store.bulk_load(path=str(corpus_file()), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    return directory
