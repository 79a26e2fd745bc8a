"""``kg serve``: the SPARQL 1.1 Protocol endpoint, spoken to by real clients on 127.0.0.1."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from query_fixtures import ROOT, corpus_file, corpus_store
from rdflib import Graph, Literal
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from kg.sparql.engine import open_engine
from kg.sparql.server import KGServer, make_server, negotiate

PERSONS = "SELECT DISTINCT ?name WHERE { ?p a zkg:Person ; rdfs:label ?name } ORDER BY ?name"
#: a cross product (about 4 million solutions): some 0.7 s of work, several times the limit the
#: time-limit test sets, yet short enough not to keep a shared core busy after the test
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d zkg:startOffset ?s }"


def start(server: KGServer) -> str:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = make_server(open_engine(corpus_store()), "127.0.0.1", 0, timeout=1.0, max_rows=50, quiet=True)
    yield start(server)
    server.shutdown()
    server.server_close()


def fetch(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


def get(base: str, query: str, accept: str = "", **extra: str) -> tuple[int, dict, str]:
    params = urllib.parse.urlencode({"query": query, **extra})
    return fetch(f"{base}/sparql?{params}", headers={"Accept": accept} if accept else None)


# -- real clients ------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_json(base, method):
    client = SPARQLWrapper(f"{base}/sparql")
    client.setMethod(method)
    client.setQuery("PREFIX zkg: <https://w3id.org/zhkg/ontology#>\n" + PERSONS)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    names = {b["name"]["value"] for b in data["results"]["bindings"]}
    assert {"金锋", "张利", "杨海蔚"} <= names


def test_sparqlwrapper_xml_csv_turtle(base):
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery(PERSONS)
    client.setReturnFormat(XML)
    assert "金锋" in client.query().convert().toxml()
    client.setReturnFormat(CSV)
    assert client.query().convert().decode("utf-8").startswith("name\r\n")
    client.setQuery("CONSTRUCT { ?p a zkg:Person } WHERE { ?p a zkg:Person }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) >= 20


def test_rdflib_sparqlstore(base):
    graph = Graph(store=SPARQLStore(f"{base}/sparql", returnFormat="json"))
    rows = list(graph.query('SELECT ?p WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> "金锋"@zh }'))
    assert rows and str(rows[0][0]).endswith("/person/%E9%87%91%E9%94%8B")
    xml_graph = Graph(store=SPARQLStore(f"{base}/sparql"))
    assert xml_graph.query('ASK { ?p <http://www.w3.org/2000/01/rdf-schema#label> "张利"@zh }').askAnswer


# -- the protocol -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
        ("", "application/sparql-results+json"),
    ],
)
def test_content_negotiation(base, accept, media):
    status, headers, body = get(base, PERSONS, accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    assert "金锋" in body


def test_construct_is_turtle(base):
    status, headers, body = get(base, "CONSTRUCT { ?p a zkg:Person } WHERE { ?p a zkg:Person }", "*/*")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) >= 20


def test_post_bodies(base):
    for data, media in [
        (PERSONS.encode(), "application/sparql-query"),
        (urllib.parse.urlencode({"query": PERSONS}).encode(), "application/x-www-form-urlencoded"),
    ]:
        status, _, body = fetch(f"{base}/sparql", data, {"Content-Type": media, "Accept": "text/csv"})
        assert status == 200 and "金锋" in body


def test_updates_are_forbidden(base):
    assert get(base, "DROP ALL")[0] == 403
    assert fetch(f"{base}/sparql", b"DROP ALL", {"Content-Type": "application/sparql-update"})[0] == 403
    form = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    assert fetch(f"{base}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert "金锋" in get(base, PERSONS)[2]  # still all there


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(base, query):
    status, _, body = get(base, query)
    assert status == 403 and "SERVICE" in body


def test_syntax_error_is_400_with_position(base):
    status, _, body = get(base, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and body.startswith("syntax error at line 1, column 19")


def test_time_limit():
    server = make_server(open_engine(corpus_store()), "127.0.0.1", 0, timeout=0.1, workers=1, quiet=True)
    base = start(server)
    try:
        status, headers, body = get(base, SLOW)
        assert status == 503 and "within 0.1 s" in body and headers.get("Retry-After")
        # the one worker is still busy with it: the next query is turned away at once, not queued
        status, _, body = get(base, PERSONS)
        assert status == 503 and "busy" in body
    finally:
        server.shutdown()
        server.server_close()


def test_row_limit(base):
    status, headers, body = get(base, "SELECT ?s WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 50
    assert headers["X-KG-Truncated"] == "50"


def test_named_query_over_http(base):
    params = urllib.parse.urlencode({"person": "金锋"})
    status, _, body = fetch(f"{base}/named/person-positions?{params}", headers={"Accept": "text/csv"})
    assert status == 200 and "开发区管委会主任" in body
    evil = urllib.parse.urlencode({"person": '金锋" } ; DROP ALL ; #'})
    status, _, body = fetch(f"{base}/named/person-positions?{evil}", headers={"Accept": "text/csv"})
    assert status == 200 and body.count("\r\n") == 1  # header only
    assert fetch(f"{base}/named/nope")[0] == 400


def test_index_page(base):
    status, headers, body = fetch(f"{base}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in body and "person-positions" in body and 'action="/named/timeline"' in body
    assert "<script" not in body and "http://" not in body.split("<details>")[0].replace("http://127", "")
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_html_results_escape_graph_text(tmp_path):
    graph = tmp_path / "evil.ttl"
    graph.write_text(
        "<https://w3id.org/zhkg/id/person/x> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"<script>alert(1)</script>"@zh .\n',
        encoding="utf-8",
    )
    server = make_server(open_engine(graph), "127.0.0.1", 0, quiet=True)
    base = start(server)
    try:
        status, _, body = get(base, "SELECT ?n WHERE { ?p rdfs:label ?n }", format="html")
        assert status == 200 and "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>" not in body
    finally:
        server.shutdown()
        server.server_close()


def test_negotiate_unit():
    assert negotiate("text/html,application/xhtml+xml,*/*;q=0.8", "select", None) == "html"
    assert negotiate("application/rdf+xml", "graph", None) == "rdfxml"
    assert negotiate("image/png", "select", None) == "json"
    assert negotiate("", "graph", "ntriples") == "ntriples"


def test_cli_serve_subprocess():
    """``kg serve`` itself: binds 127.0.0.1 on a free port and answers a query."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(corpus_file()), "--port", "0", "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        line = process.stderr.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+)/", line)
        assert match, line
        status, _, body = get(match.group(1), 'ASK { ?p rdfs:label "金锋"@zh }')
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_literal_language_roundtrip(base):
    status, _, body = get(base, "SELECT ?t WHERE { ?p zkg:title ?t } LIMIT 1", "text/csv;q=0.1, */*")
    assert status == 200
    binding = json.loads(body)["results"]["bindings"][0]["t"]
    assert Literal(binding["value"], lang=binding["xml:lang"]).language == "zh"
