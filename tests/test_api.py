"""``kg.open``: rows of Python values, named queries and DataFrames for notebooks."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from query_fixtures import corpus_file, corpus_store, corpus_turtle
from rdflib import Graph

import kg
from kg.api import KnowledgeGraph, Rows
from kg.sparql.errors import QueryError, SourceError


@pytest.fixture(scope="module", params=["store", "file", "rdflib"])
def graph(request) -> KnowledgeGraph:
    if request.param == "store":
        return kg.open(corpus_store())
    if request.param == "file":
        return kg.open(corpus_turtle())
    return kg.open(corpus_file(), engine="rdflib")


def test_open_is_lazy_top_level_name(graph):
    assert isinstance(graph, KnowledgeGraph) and len(graph) > 1000


def test_query_rows_are_named_tuples_of_python_values(graph):
    rows = graph.query(
        "SELECT ?title ?n WHERE { ?p rdfs:label ?person ; zkg:holds ?x . ?x zkg:title ?title "
        "BIND(STRLEN(?title) AS ?n) } ORDER BY ?title",
        person="金锋",
    )
    assert isinstance(rows, Rows)
    titles = [row.title for row in rows]
    assert "开发区管委会主任" in titles and isinstance(titles[0], str)
    assert all(isinstance(row.n, int) for row in rows)
    assert rows.dicts()[0].keys() >= {"title", "n"}


def test_dates_and_decimals(graph):
    rows = graph.query(
        "SELECT DISTINCT ?d WHERE { ?e zkg:chair/rdfs:label ?who ; zkg:date ?d }", who="郑志明"
    )
    assert datetime.date(2023, 2, 10) in {row.d for row in rows}
    amounts = graph.named("projects-by-investment", min=10_000_000_000)
    assert amounts and all(isinstance(r.investment, Decimal) for r in amounts)


def test_named(graph):
    rows = graph.named("person-events", person="郑志明", to=datetime.date(2023, 2, 28))
    assert ("2023-02-10", "chaired") in {(r.when, r.role) for r in rows}
    with pytest.raises(QueryError):
        graph.named("no-such-query")


def test_ask_and_construct(graph):
    assert graph.query('ASK { ?p rdfs:label "张利"@zh }') is True
    assert graph.query("ASK { ?p rdfs:label ?n }", n='张利" } #') is False
    built = graph.query("CONSTRUCT { ?p a zkg:Person } WHERE { ?p a zkg:Person }")
    assert isinstance(built, Graph) and len(built) >= 20


def test_to_df(graph):
    frame = graph.to_df("projects-by-investment", min="50亿")
    assert list(frame.columns[:3]) == ["project", "investment", "yi"]
    assert frame["investment"].dtype == float and frame["investment"].min() >= 5e9
    people = graph.to_df("SELECT DISTINCT ?name WHERE { ?p a zkg:Person ; rdfs:label ?name }")
    assert "金锋" in set(people["name"])
    rows = graph.named("person-positions", person="金锋")
    assert len(graph.to_df(rows)) == len(rows)


def test_queries_catalogue():
    catalogue = KnowledgeGraph.queries()
    assert "person (label, required)" in catalogue["person-positions"]
    assert "SELECT" in KnowledgeGraph.query_text("timeline")


def test_open_missing_source(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        kg.open(tmp_path / "nothing.ttl")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError, match="not an Oxigraph store"):
        kg.open(tmp_path / "empty")
