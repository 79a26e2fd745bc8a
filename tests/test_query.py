"""Named queries, parameters, output formats and the ``kg query`` command on the example corpus.

Every named query is checked for real answers on the graph built from examples/, on the
Oxigraph store, on the file (Oxigraph in memory) and with rdflib, which must agree.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from query_fixtures import corpus_file, corpus_store
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.cli import main
from kg.queries import library, parse_header, run_named
from kg.sparql.engine import open_engine
from kg.sparql.errors import QueryError, QueryRefused, QuerySyntaxError, SourceError
from kg.sparql.params import coerce, infer
from kg.sparql.results import render
from kg.sparql.terms import to_python

ENGINES = ["store", "oxigraph", "rdflib"]


@pytest.fixture(scope="module", params=ENGINES)
def engine(request):
    if request.param == "store":
        return open_engine(corpus_store())
    return open_engine(corpus_file(), request.param)


@pytest.fixture(scope="module")
def store():
    return open_engine(corpus_store())


def rows(engine, name: str, **params) -> list[dict]:
    result = run_named(engine, name, params)
    return [{v: to_python(t) for v, t in zip(result.vars, row, strict=True)} for row in result.rows]


# -- the library --------------------------------------------------------------------------------


def test_library_has_every_query_with_a_header():
    expected = {
        "person-positions",
        "organization-members",
        "leadership",
        "person-events",
        "co-attendees",
        "projects-by-investment",
        "timeline",
        "evidence",
        "evidence-of",
    }
    assert expected <= set(library())
    for query in library().values():
        assert query.description, query.name
        for param in query.params:
            assert param.help, (query.name, param.name)


def test_header_parsing():
    text = (
        "# Says what.\n#\n# @param who label  a name\n"
        "# @param from date = 2020-01-01 start\nSELECT ?who ?from {}\n"
    )
    query = parse_header("x", text)
    assert query.description == "Says what."
    assert [(p.name, p.type, p.default, p.help) for p in query.params] == [
        ("who", "label", None, "a name"),
        ("from", "date", "2020-01-01", "start"),
    ]


# -- every named query, real answers ------------------------------------------------------------


def test_person_positions(engine):
    found = rows(engine, "person-positions", person="金锋")
    titles = {r["title"] for r in found}
    assert {"开发区党工委副书记", "开发区管委会主任"} <= titles
    chief = next(r for r in found if r["title"] == "开发区管委会主任")
    assert chief["organization"] == "开发区管委会" and chief["role"] == "主任"
    assert chief["documents"] >= 2 and str(chief["position"]).startswith("https://w3id.org/zhkg/id/position/")
    assert "person" not in found[0]  # bound parameters are not echoed as columns


def test_person_positions_by_alias(engine):
    # skos:altLabel matches too: 管委会主任 is a short form of 开发区管委会主任, not a person, so nothing
    assert rows(engine, "person-positions", person="管委会主任") == []


def test_organization_members(engine):
    found = rows(engine, "organization-members", org="开发区管委会")
    assert found[0]["rank"] == "正职" and found[0]["person"] == "金锋"
    assert {"端武斌", "李贵军"} <= {r["person"] for r in found if r["rank"] == "副职"}
    # the short form 管委会 (skos:altLabel) finds the same body
    assert {r["person"] for r in rows(engine, "organization-members", org="管委会")} >= {"金锋"}


def test_leadership(engine):
    found = rows(engine, "leadership")
    committee = [r for r in found if r["organization"] == "开发区党工委"]
    ranks = [r["rank"] for r in committee]
    assert ranks == sorted(ranks, key=["正职", "副职", "委员", "其他"].index)
    deputies = next(r for r in committee if r["rank"] == "副职")
    assert "金锋（开发区党工委副书记）" in deputies["holders"] and deputies["people"] >= 3


def test_person_events_chaired_in_date_order(engine):
    found = rows(engine, "person-events", person="杨海蔚", **{"as": "chaired"})
    assert len(found) >= 4 and {r["role"] for r in found} == {"chaired"}
    dates = [r["when"] for r in found]
    assert dates == sorted(dates) and dates[0] == "2023-02-18"


def test_person_events_date_range_and_roles(engine):
    found = rows(engine, "person-events", person="郑志明", to="2023-02-28")
    meeting = next(r for r in found if r["when"] == "2023-02-10")
    assert meeting["role"] == "chaired" and meeting["type"] == "Meeting"
    assert all(r["when"] <= "2023-02-28" for r in found)
    # 2023-03 is a month: inside March, outside a range that ends mid-March
    march = rows(engine, "person-events", person="杨海蔚", **{"from": "2023-03-01", "to": "2023-03-31"})
    assert "2023-03" in {r["when"] for r in march}
    assert "2023-03" not in {
        r["when"] for r in rows(engine, "person-events", person="杨海蔚", to="2023-03-15")
    }


def test_co_attendees(engine):
    found = rows(engine, "co-attendees", person="张利", **{"from": "2023-01-01", "to": "2023-12-31"})
    people = {r["other"]: r for r in found}
    assert {"金锋", "郑志明", "史美山"} <= set(people)
    assert people["郑志明"]["first"] == "2023-02-10" and people["金锋"]["events"] >= 3
    assert "张利" not in people
    assert rows(engine, "co-attendees", person="张利", **{"from": "2024-01-01"}) == []


def test_projects_by_investment(engine):
    found = rows(engine, "projects-by-investment", min="50亿")
    assert found and all(r["investment"] >= Decimal("5e9") for r in found)
    amounts = [r["investment"] for r in found]
    assert amounts == sorted(amounts, reverse=True)
    xinrui = [r for r in found if r["investment"] == Decimal("1e10") and r["investors"]]
    assert any("新霖飞集团" in r["investors"] or "新瑞光电" in r["investors"] for r in xinrui)
    assert all(r["yi"] == r["investment"] / 100_000_000 for r in found)
    everything = rows(engine, "projects-by-investment")
    assert len(everything) > len(found)


def test_timeline(engine):
    found = rows(engine, "timeline", **{"from": "2023-02-01", "to": "2023-02-28"})
    assert found and all("2023-02-01" <= r["when"] <= "2023-02-28" or r["when"] == "2023-02" for r in found)
    first = found[0]
    assert first["when"] == "2023-02-10" and first["chairs"] == "郑志明" and first["type"] == "Meeting"
    # an event dated only by month lies in February when the range covers the whole month
    # (February has 28 days: a range ending on the 28th covers it), and sorts after the days
    assert found[-1]["when"] == "2023-02" and found[-1]["type"] == "Ceremony"
    # the period each row stands for: a day is its own period, the month spans the month
    assert (str(first["start"]), str(first["end"])) == ("2023-02-10", "2023-02-10")
    assert (str(found[-1]["start"]), str(found[-1]["end"])) == ("2023-02-01", "2023-02-28")
    assert all(r["when"] != "2023-02" for r in rows(engine, "timeline", **{"from": "2023-02-02"}))


def test_evidence_by_label(engine):
    found = rows(engine, "evidence", label="开发区管委会主任")
    assert found
    for r in found:
        assert "管委会主任" in r["sentence"] and r["file"].endswith(".txt")
        assert 0 <= r["start"] < r["end"]


def test_evidence_of_node(engine):
    found = rows(engine, "evidence-of", node="id:person/张利")
    # every sentence names him, or refers to him as 他 (zh_pronouns)
    assert found and all("张利" in r["sentence"] or "他" in r["sentence"] for r in found)
    assert any("张利" in r["sentence"] for r in found)
    same = rows(engine, "evidence-of", node="https://w3id.org/zhkg/id/person/%E5%BC%A0%E5%88%A9")
    assert same == found


# -- parameters are values, never query text ----------------------------------------------------

INJECTIONS = [
    '金锋" } ; DROP ALL ; #',
    '金锋"@zh } UNION { ?who ?p ?person } #',
    "金锋'> } SELECT * WHERE { ?s ?p ?o",
]


@pytest.mark.parametrize("evil", INJECTIONS)
def test_injection_in_parameter_is_just_a_name(store, evil):
    before = store.triple_count()
    assert run_named(store, "person-positions", {"person": evil}).rows == []
    assert run_named(store, "evidence", {"label": evil}).rows == []
    assert store.triple_count() == before


def test_injection_in_ad_hoc_parameter(engine):
    result = engine.query("SELECT ?p ?n WHERE { ?p rdfs:label ?n }", {"n": infer("n", INJECTIONS[1])})
    assert result.rows == []


def test_parameter_types():
    assert coerce("d", "date", "2023-02-10") == Literal("2023-02-10", datatype=XSD.date)
    assert coerce("m", "amount", "50亿元") == Literal("5000000000", datatype=XSD.decimal)
    assert coerce("m", "amount", "3000万") == Literal("30000000", datatype=XSD.decimal)
    assert coerce("p", "label", " 金锋 ") == Literal("金锋", lang="zh")
    assert coerce("n", "iri", "id:person/金锋") == URIRef(
        "https://w3id.org/zhkg/id/person/%E9%87%91%E9%94%8B"
    )
    assert infer("x", "2023-01-01").datatype == XSD.date
    for kind, bad in [
        ("date", "2023-13-01"),
        ("date", "yesterday"),
        ("amount", "lots"),
        ("iri", "javascript:x"),
    ]:
        with pytest.raises(QueryError):
            coerce("x", kind, bad)
    with pytest.raises(QueryError):
        coerce("x", "iri", "http://a/b> } DROP ALL {")


def test_named_query_parameter_errors(store):
    with pytest.raises(QueryError, match="missing parameter person"):
        run_named(store, "person-positions", {})
    with pytest.raises(QueryError, match="unknown parameter nme"):
        run_named(store, "person-positions", {"person": "金锋", "nme": "x"})
    with pytest.raises(QueryError, match="one of any, chaired"):
        run_named(store, "person-events", {"person": "金锋", "as": "sang"})


# -- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ENGINES)
def test_syntax_error_has_position(kind):
    engine = open_engine(corpus_store()) if kind == "store" else open_engine(corpus_file(), kind)
    with pytest.raises(QuerySyntaxError) as info:
        engine.query("SELECT ?x WHERE {\n  ?x ?y }")
    assert (info.value.line, info.value.column) == (2, 3)  # the triple pattern that cannot be read
    assert str(info.value).startswith("syntax error at line 2, column 3: ")
    with pytest.raises(QueryRefused):
        engine.query("DROP ALL")


def test_missing_source():
    with pytest.raises(SourceError, match="no such file"):
        open_engine("/nonexistent/graph.ttl")


# -- formats ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def positions(store):
    return run_named(store, "person-positions", {"person": "金锋"})


def test_csv_parses_back(positions):
    text = render(positions, "csv")
    assert "\r\n" in text
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == positions.vars and len(table) == len(positions.rows) + 1
    assert "开发区管委会主任" in {r[0] for r in table[1:]}


def test_tsv_parses_back(positions):
    lines = render(positions, "tsv").splitlines()
    assert lines[0].split("\t") == [f"?{v}" for v in positions.vars]
    assert any('"开发区管委会主任"@zh' in line.split("\t") for line in lines[1:])


def test_json_parses_back(positions):
    data = json.loads(render(positions, "json"))
    assert data["head"]["vars"] == positions.vars
    titles = {b["title"]["value"] for b in data["results"]["bindings"]}
    assert "开发区党工委副书记" in titles
    first = data["results"]["bindings"][0]
    assert first["title"]["xml:lang"] == "zh" and first["position"]["type"] == "uri"
    assert first["documents"]["datatype"] == str(XSD.integer)


def test_ask_and_construct_formats(store):
    ask = store.query('ASK { ?p rdfs:label "金锋"@zh }')
    assert json.loads(render(ask, "json")) == {"head": {}, "boolean": True}
    graph = store.query("CONSTRUCT { ?p a zkg:Person } WHERE { ?p a zkg:Person }")
    text = render(graph, "table")
    assert "zkg:Person" in text and "@prefix zkg:" in text


def test_table_aligns_cjk_columns(positions):
    from kg.rdf.stats import display_width

    lines = render(positions, "table").splitlines()[:-1]
    assert len(lines) == len(positions.rows) + 1

    def edges(line: str) -> list[tuple[int, int]]:
        # (start, end) display columns of each cell; cells are separated by two or more spaces
        spans = [m.span() for m in re.finditer(r"\S+(?: \S+)*", line)]
        return [(display_width(line[:a]), display_width(line[:b])) for a, b in spans]

    header = edges(lines[0])
    numeric = positions.vars.index("documents")  # right-aligned: cells end where the header ends
    assert len(header) == len(positions.vars)
    for line in lines[1:]:
        cells = edges(line)
        assert [c[0] for i, c in enumerate(cells) if i != numeric] == [
            c[0] for i, c in enumerate(header) if i != numeric
        ], line
        assert cells[numeric][1] == header[numeric][1], line
    assert any(display_width(line) != len(line) for line in lines)  # there is Chinese to align


# -- the command ------------------------------------------------------------------------------------


def test_cli_named_query_table(capsys):
    assert main(["query", str(corpus_file()), "--name", "person-positions", "--param", "person=金锋"]) == 0
    out = capsys.readouterr().out
    assert "开发区管委会主任" in out and out.rstrip().endswith("rows)")


def test_cli_file_query_and_formats(tmp_path, capsys):
    rq = tmp_path / "q.rq"
    rq.write_text(
        "SELECT ?name WHERE { ?p a zkg:Person ; rdfs:label ?name } ORDER BY ?name", encoding="utf-8"
    )
    assert main(["query", str(corpus_store()), "--file", str(rq), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "金锋" in {b["name"]["value"] for b in data["results"]["bindings"]}
    assert main(["query", str(corpus_file()), "--file", str(rq), "--format", "tsv", "--limit", "2"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_cli_ad_hoc_param(capsys):
    query = "SELECT ?person ?t WHERE { ?p rdfs:label ?person ; zkg:holds/zkg:title ?t }"
    assert main(["query", str(corpus_file()), query, "--param", "person=金锋", "--format", "csv"]) == 0
    assert "开发区管委会主任" in capsys.readouterr().out


def test_cli_syntax_error_is_one_line_exit_2(capsys):
    assert main(["query", str(corpus_file()), "SELECT ?x WHERE { ?x ?y }"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("kg: query: syntax error at line 1, column 19: ")


def test_cli_missing_source_is_one_line(capsys, tmp_path):
    assert main(["query", str(tmp_path / "missing.ttl"), "ASK {}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.ttl: no such file or directory" in err


def test_cli_list(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for name in library():
        assert name in out
    assert "--param person=" in out


def test_values_block_goes_into_real_where_groups_only():
    import pyoxigraph as ox

    from kg.sparql.binding import with_values

    text = '# WHERE { in a comment\nSELECT ?n WHERE { ?p rdfs:label "WHERE { x" ; ?q ?n }'
    evil = ox.Literal('金锋" } ; DROP ALL ; #\n', language="zh")
    out = with_values(text, {ox.Variable("n"): evil})
    assert out is not None and out.count("VALUES") == 1
    assert out.index("VALUES") > out.index("SELECT")
    assert '"金锋\\" } ; DROP ALL ; #\\n"@zh' in out  # escaped by pyoxigraph, still one literal
    assert out.splitlines()[0] == "# WHERE { in a comment"
    assert with_values("ASK { ?s ?p ?o }", {ox.Variable("n"): evil}) is None


def test_binding_without_where_keyword(engine):
    # no "WHERE {" to open with VALUES, ?n not projected: Oxigraph falls back to a trailing VALUES
    result = engine.query(
        "SELECT ?t { ?p rdfs:label ?n ; zkg:holds/zkg:title ?t }", {"n": Literal("金锋", lang="zh")}
    )
    assert "开发区管委会主任" in {str(row[0]) for row in result.rows}
