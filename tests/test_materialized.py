"""Materialized reports: whole-graph named queries answered from the store generation.

A report must be exactly what the live query answers on the same generation, must follow the
store when it changes (a new generation computes its own), and must only ever be used for the
exact query text and bindings it was computed for.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.queries import get, library, parse_header, run_named
from kg.sparql.engine import open_engine
from kg.sparql.materialized import REPORTS
from kg.sparql.terms import display
from kg.store import add_documents

REPORTED = [q.name for q in library().values() if not any(p.required for p in q.params)]
VIEWS = [q for q in library().values() if q.views]
#: a meeting in an article without any date or year: an event with no period at all
UNDATED = "本报讯 日前，市委书记张三主持召开市委常委会会议，研究部署安全生产工作。市长李四出席会议并讲话。\n"


@pytest.fixture(scope="module")
def kg_store(tmp_path_factory, example_facts, nlp):
    from kg.extract import extract_text

    directory = tmp_path_factory.mktemp("materialized") / "graphdb"
    add_documents(directory, [*example_facts[:4], extract_text(UNDATED, "undated.txt", nlp=nlp)])
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


# -- views: parameters that only select rows of a report ----------------------------------------


def view_values(query, directory) -> list[dict[str, str]]:
    """Values to bind: the examples, and each selected column's own first, middle and last
    values in the full answer (the boundaries, where inclusive and exclusive differ)."""
    values = [dict(item.split("=", 1) for item in example.split()) for example in query.examples]
    full = run_named(live(open_engine(directory)), query.name)
    for view in query.views:
        column = full.vars.index(view.column)
        seen = sorted({display(row[column]) for row in full.rows if row[column] is not None})
        values += [{view.param: seen[i]} for i in sorted({0, len(seen) // 2, len(seen) - 1})]
    return values


@pytest.mark.parametrize("query", VIEWS, ids=lambda q: q.name)
def test_a_view_answers_any_selection_as_live_evaluation_does(kg_store, query):
    reports_only = open_engine(kg_store)
    reports_only.store = ox.Store()  # empty: an answer that is not served from a view is wrong
    for values in view_values(query, kg_store):
        served = run_named(reports_only, query.name, values)
        assert served.rows == run_named(live(open_engine(kg_store)), query.name, values).rows, values


def test_the_timeline_view_serves_ranges_from_the_report(kg_store):
    engine = open_engine(kg_store)
    engine.store = ox.Store()  # nothing to evaluate on: the answer must come from the report
    february = run_named(engine, "timeline", {"from": "2023-02-01", "to": "2023-02-28"})
    when = february.vars.index("when")
    assert february.rows and {str(row[when])[:7] for row in february.rows} == {"2023-02"}
    # an event without any period is kept only by the unbounded range, as the query's COALESCE
    everything = run_named(engine, "timeline")
    assert "市委常委会会议" in {str(row[everything.vars.index("event")]) for row in everything.rows}
    after = run_named(engine, "timeline", {"from": "2023-01-01"})
    assert "市委常委会会议" not in {str(row[after.vars.index("event")]) for row in after.rows}
    # parameters that are not selections, or other text, are not served from a view
    assert run_named(engine, "co-attendees", {"person": "金锋"}).rows == []


def test_view_lines_are_checked():
    head = "# Q.\n# @param from date = 0001-01-01  start\n"
    query = parse_header("q", head + "# @view start >= from\nSELECT ?from ?start {}\n")
    assert [(v.column, v.op, v.param) for v in query.views] == [("start", ">=", "from")]
    with pytest.raises(ValueError, match="bad @view"):
        parse_header("q", head + "# @view start ~ from\nSELECT ?from {}\n")
    with pytest.raises(ValueError, match="no parameter until"):
        parse_header("q", head + "# @view end <= until\nSELECT ?from {}\n")
