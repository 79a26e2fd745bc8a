"""Materialized reports: whole-graph answers computed once, when a store generation is written.

Why: a report over the whole graph — every organization's leadership, the full timeline — is
an aggregation over every position or event, with strings built per row. On a store of a
million triples Oxigraph needs a few hundred milliseconds for it however the query is written,
and the answer only changes when the store does. A store generation never changes after it is
written (``kg.store`` writes a new one for every update), so its reports can be computed right
then and kept beside it, like a database's materialized views.

What is materialized: every named query whose parameters all have defaults, at those defaults
(``leadership``, ``timeline`` …). The answer is stored as SPARQL 1.1 JSON results under the
generation's ``zhkg/reports/``, keyed by a hash of the exact query text and bound terms, so any
query with that text and those bindings is served from it — ``kg query --name``, ``kg.open()``,
``kg serve`` — and anything else (other parameters, edited queries) runs live. A report is
written by the same engine and query that would answer live, so the two cannot disagree.

A report is also a view: a named query whose parameters only select rows (``@view`` lines in
its header, see :mod:`kg.queries`) is answered for any values of them by filtering the report,
as a database answers a range query from a materialized view. Why: the timeline of one month
on a million triples is a thousand events with five attributes each, and Oxigraph's RocksDB
store pays tens of microseconds per attribute lookup, ~150 ms however the query is written;
filtering the materialized timeline takes a few milliseconds. The view's claim is tested
against live evaluation (``tests/test_materialized.py``).
"""

from __future__ import annotations

import hashlib
import json
import operator
import os
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.sparql.results import Result, from_json_data, from_json_term, json_term, to_json
from kg.sparql.terms import Term, ntriples

#: the comparisons a ``@view`` line may state
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
}

#: where a generation keeps its reports, relative to the store directory
REPORTS = Path("zhkg") / "reports"


def report_key(text: str, bindings: Mapping[str, Term] | None) -> str:
    """A name for (query text, bindings): any change to either is another report."""
    material = text + "\0" + "\0".join(f"{k}={ntriples(v)}" for k, v in sorted((bindings or {}).items()))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def materialize(generation: str | Path) -> list[str]:
    """Compute the reports of the store at ``generation`` (closed for writing); their names."""
    import pyoxigraph as ox

    from kg.queries import library
    from kg.sparql.engine import OxigraphEngine

    directory = Path(generation) / REPORTS
    directory.mkdir(parents=True, exist_ok=True)
    engine = OxigraphEngine(ox.Store.read_only(str(generation)), str(generation))
    done = []
    for query in library().values():
        if any(p.required for p in query.params):
            continue
        bindings = query.bindings({})
        result = engine.query(query.text, bindings)
        target = directory / f"{report_key(query.text, bindings)}.json"
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(to_json(result), encoding="utf-8")
        os.replace(tmp, target)
        done.append(query.name)
    return done


def lookup(generation: Path, text: str, bindings: Mapping[str, Term] | None) -> Result | None:
    """The materialized answer to ``text`` with ``bindings`` in ``generation``, if there is one."""
    data = _report(generation, text, bindings)
    if data is not None:
        return from_json_data(data)
    return _from_view(generation, text, bindings or {})


def _report(generation: Path, text: str, bindings: Mapping[str, Term] | None) -> dict[str, Any] | None:
    path = generation / REPORTS / f"{report_key(text, bindings)}.json"
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return _parsed(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _parsed(path: str, mtime_ns: int, size: int) -> dict[str, Any]:
    """A report's JSON, parsed once per process (keyed by its file's identity; never mutated)."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _from_view(generation: Path, text: str, bindings: Mapping[str, Term]) -> Result | None:
    """``text`` with ``bindings`` answered by filtering its all-defaults report, when it may be.

    It may when ``text`` is a named query with ``@view`` selections, every bound value that
    differs from its default belongs to a selection, and the report has the selected columns.
    """
    from kg.queries import by_text

    query = by_text().get(text)
    if query is None or not query.views:
        return None
    defaults = query.bindings({})
    selected = {view.param for view in query.views}
    if set(bindings) != set(defaults) or any(
        bindings[name] != term for name, term in defaults.items() if name not in selected
    ):
        return None
    data = _report(generation, text, defaults)
    if data is None or "boolean" in data:
        return None
    names = data["head"]["vars"]
    if any(view.column not in names for view in query.views):
        return None
    tests = [
        (view.column, OPERATORS[view.op], bindings[view.param].toPython(), defaults[view.param].toPython())
        for view in query.views
    ]
    # a parameter's own column shows the value bound, as live evaluation shows it
    shown = {name: json_term(term) for name, term in bindings.items() if name in names}
    rows = [
        {**row, **shown}
        for row in data["results"]["bindings"]
        if all(_holds(row.get(column), test, value, default) for column, test, value, default in tests)
    ]
    return from_json_data({"head": {"vars": names}, "results": {"bindings": rows}})


def _holds(cell: dict[str, str] | None, test: Callable[[Any, Any], bool], value: Any, default: Any) -> bool:
    """``cell test value``; an unbound cell compares as the default, an incomparable one fails
    (as a SPARQL FILTER drops a row whose comparison is an error)."""
    left = default if cell is None else from_json_term(cell).toPython()
    try:
        return bool(test(left, value))
    except TypeError:
        return False
