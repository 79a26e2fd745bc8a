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
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from kg.sparql.results import Result, from_json, to_json
from kg.sparql.terms import Term, ntriples

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
    path = generation / REPORTS / f"{report_key(text, bindings)}.json"
    try:
        return from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
