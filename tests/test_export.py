"""kg export: GraphML / GEXF for Gephi, RDF for RDF extensions, files or store directories."""

from __future__ import annotations

import networkx as nx
import pytest
from network_samples import SAMPLE_EDGES, SAMPLE_NODES, XSS_ORG, sample_graph
from rdflib import Graph

from kg.cli import main
from kg.rdf.output import write_graph

ID = "https://w3id.org/zhkg/id/"


@pytest.fixture()
def sample_file(tmp_path):
    path = tmp_path / "sample.ttl"
    write_graph(sample_graph(), path)
    return path


def test_graphml_round_trip(sample_file, tmp_path) -> None:
    out = tmp_path / "g.graphml"
    assert main(["export", str(sample_file), "--output", str(out)]) == 0
    back = nx.read_graphml(out)
    assert back.number_of_nodes() == SAMPLE_NODES and back.number_of_edges() == SAMPLE_EDGES
    assert back.nodes[ID + "org-xss"]["label"] == XSS_ORG
    assert back.nodes[ID + "person-jin"]["positions"] == "开发区管委会主任"  # lists are joined
    assert {d["relation"] for *_, d in back.edges(data=True)} >= {"position", "chair", "site"}


def test_gexf_carries_colours(sample_file, tmp_path) -> None:
    out = tmp_path / "g.gexf"
    assert main(["export", str(sample_file), "-o", str(out)]) == 0
    back = nx.read_gexf(out)
    assert back.number_of_nodes() == SAMPLE_NODES and back.number_of_edges() == SAMPLE_EDGES
    assert "viz" in back.nodes[ID + "person-jin"]
    assert "gexf" in out.read_text(encoding="utf-8")[:400]


def test_rdf_extension_writes_rdf(sample_file, tmp_path) -> None:
    out = tmp_path / "g.nt"
    assert main(["export", str(sample_file), "-o", str(out)]) == 0
    assert len(Graph().parse(out, format="nt")) == len(sample_graph())


def test_store_option(sample_file, tmp_path) -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store(str(tmp_path / "store"))
    store.load(path=str(sample_file), format=pyoxigraph.RdfFormat.TURTLE)
    store.flush()
    del store
    out = tmp_path / "s.graphml"
    assert main(["export", "--store", str(tmp_path / "store"), "-o", str(out)]) == 0
    assert nx.read_graphml(out).number_of_nodes() == SAMPLE_NODES
    trig = tmp_path / "s.trig"
    assert main(["export", "--store", str(tmp_path / "store"), "-o", str(trig)]) == 0
    assert trig.stat().st_size > 0


def test_errors_are_one_line(sample_file, tmp_path, capsys) -> None:
    assert main(["export", str(sample_file), "-o", str(tmp_path / "g.png")]) == 2
    assert "unsupported output extension .png" in capsys.readouterr().err
    assert main(["export", "-o", str(tmp_path / "g.gexf")]) == 2
    assert main(["export", str(sample_file), "--store", str(tmp_path), "-o", str(tmp_path / "g.gexf")]) == 2
    assert main(["export", str(tmp_path / "missing.ttl"), "-o", str(tmp_path / "g.gexf")]) == 2
    err = capsys.readouterr().err
    assert "either SOURCE or --store" in err and "missing.ttl: cannot read" in err
