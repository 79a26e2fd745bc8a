"""Materialized reports: whole-graph named queries answered from the store generation.

A report must be exactly what the live query answers on the same generation, must follow the
store when it changes (a new generation computes its own), and must only ever be used for the
exact query text and bindings it was computed for.
"""

from __future__ import annotations

import pytest

from kg.queries import get, library, run_named
from kg.sparql.engine import open_engine
from kg.sparql.materialized import REPORTS
from kg.store import add_documents

REPORTED = [q.name for q in library().values() if not any(p.required for p in q.params)]


@pytest.fixture(scope="module")
def kg_store(tmp_path_factory, example_facts):
    directory = tmp_path_factory.mktemp("materialized") / "graphdb"
    add_documents(directory, example_facts[:4])
    return directory


def live(engine):
    engine.generation = None  # the same store, every query evaluated by Oxigraph
    return engine


def test_reports_are_written_with_each_generation(kg_store):
    generation = kg_store.resolve()
    assert len(list((generation / REPORTS).glob("*.json"))) == len(REPORTED)
    assert {"leadership", "timeline"} <= set(REPORTED)


@pytest.mark.parametrize("name", REPORTED)
def test_report_equals_the_live_answer(kg_store, name):
    served = run_named(open_engine(kg_store), name)
    assert served.rows, f"{name}: an empty report proves nothing"
    assert served.rows == run_named(live(open_engine(kg_store)), name).rows


def test_a_new_generation_has_its_own_reports(tmp_path, example_facts):
    directory = tmp_path / "graphdb"
    add_documents(directory, example_facts[:1])
    before = run_named(open_engine(directory), "leadership").rows
    held = open_engine(directory)  # a reader that opened the old generation keeps its answers
    add_documents(directory, example_facts[1:3])
    after = run_named(open_engine(directory), "leadership").rows
    assert len(after) > len(before)
    assert after == run_named(live(open_engine(directory)), "leadership").rows
    assert run_named(held, "leadership").rows == before


def test_only_the_exact_query_and_bindings_are_served(kg_store):
    engine = open_engine(kg_store)
    timeline = get("timeline")
    everything = run_named(engine, "timeline").rows
    february = run_named(engine, "timeline", {"from": "2023-02-01", "to": "2023-02-28"}).rows
    assert 0 < len(february) < len(everything)  # other parameters: evaluated live
    edited = engine.query(timeline.text + "\nLIMIT 2", timeline.bindings({}))
    assert len(edited.rows) == 2  # other text: evaluated live


def test_row_limit_applies_to_reports(kg_store):
    result = run_named(open_engine(kg_store), "leadership", max_rows=3)
    assert len(result.rows) == 3 and result.truncated
