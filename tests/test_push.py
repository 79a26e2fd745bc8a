"""``kg push`` into a real Graph Store Protocol server: Virtuoso on loopback, started here.

Skips only when Debian's virtuoso-opensource is not installed (``make system-deps`` installs it).
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.cli import main

SYSTEM_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")

pytestmark = pytest.mark.skipif(
    not (VIRTUOSO and ISQL and SYSTEM_INI.exists()),
    reason="Virtuoso is not installed (apt-get install virtuoso-opensource, or make system-deps)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ini(directory: Path, sql_port: int, http_port: int) -> Path:
    """The packaged configuration with its own database directory, loopback ports and no plugins."""
    text = SYSTEM_INI.read_text()
    text = text.replace("/var/lib/virtuoso-opensource-7/db", str(directory))
    text = re.sub(
        r"(\[Parameters\][^\[]*?ServerPort\s*=\s*)\S+", rf"\g<1>127.0.0.1:{sql_port}", text, flags=re.S
    )
    text = re.sub(
        r"(\[HTTPServer\][^\[]*?ServerPort\s*=\s*)\S+", rf"\g<1>127.0.0.1:{http_port}", text, flags=re.S
    )
    text = re.sub(r"^(Load\d+\s*=.*)$", r";\1", text, flags=re.M)
    path = directory / "virtuoso.ini"
    path.write_text(text)
    return path


def _select(endpoint: str, query: str) -> list[dict]:
    params = {"query": query, "format": "application/sparql-results+json"}
    url = f"{endpoint}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)["results"]["bindings"]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    directory = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_port(), _free_port()
    ini = _ini(directory, sql_port, http_port)
    proc = subprocess.Popen(
        [VIRTUOSO, "-f", "-c", str(ini)], cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _select(endpoint, "SELECT (1 AS ?x) WHERE {}")
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(f"Virtuoso did not start: {(directory / 'virtuoso.log').read_text()[-2000:]}")
                time.sleep(0.3)
        # the anonymous SPARQL user may write through /sparql-graph-crud once granted updates
        subprocess.run(
            [ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=grant SPARQL_UPDATE to "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield endpoint
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_push_example_graph_resumably(virtuoso, example_files, tmp_path):
    graph = tmp_path / "graph.nq"
    two = [str(f) for f in example_files[:2]]
    assert main(["build", *two, "-o", str(graph), "--no-model", "-q", "--workers", "1"]) == 0
    expected = sum(1 for line in graph.read_text(encoding="utf-8").splitlines() if line.strip())
    state = tmp_path / "push.state"
    args = ["push", str(graph), "--endpoint", virtuoso, "--graph-store", virtuoso + "-graph-crud"]
    args += ["--batch", "700", "--state", str(state), "-q"]
    assert main(args) == 0
    batches = len(state.read_text().split())
    assert batches > 1
    count = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/zhkg/')) }"
    )
    assert int(_select(virtuoso, count)[0]["n"]["value"]) == expected
    # a re-run sends nothing: every batch is in the state file
    assert main(args) == 0
    assert len(state.read_text().split()) == batches
    people = _select(
        virtuoso,
        "SELECT DISTINCT ?name WHERE { GRAPH ?g { ?p a <https://w3id.org/zhkg/ontology#Person> } "
        "GRAPH <https://w3id.org/zhkg/id/graph/resolution> "
        "{ ?p <http://www.w3.org/2000/01/rdf-schema#label> ?name } }",
    )
    names = {b["name"]["value"] for b in people}
    assert "张利" in names
