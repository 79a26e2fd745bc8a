"""kg.networks: the RDF graph projected onto an entity network, its views and its analysis."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from network_samples import SAMPLE_EDGES, SAMPLE_NODES, XSS_ORG, example_dataset, sample_graph

import kg
from kg.cli import main
from kg.networks import (
    centrality_table,
    communities,
    construct_subgraph,
    date_range_subgraph,
    ego_subgraph,
    find_nodes,
    load_source,
    to_networkx,
    type_subgraph,
)
from kg.rdf.output import write_graph

ID = "https://w3id.org/zhkg/id/"


@pytest.fixture(scope="module")
def net() -> nx.MultiDiGraph:
    return to_networkx(sample_graph())


def test_lazy_top_level_name() -> None:
    assert kg.to_networkx is to_networkx


def test_nodes_are_typed_entities(net: nx.MultiDiGraph) -> None:
    assert net.number_of_nodes() == SAMPLE_NODES
    assert net.nodes[ID + "org-xss"]["type"] == "Company"
    assert net.nodes[ID + "org-xss"]["group"] == "Organization"
    assert net.nodes[ID + "org-xss"]["label"] == XSS_ORG
    assert net.nodes[ID + "ev-trip"]["type"] == "Trip"
    assert net.nodes[ID + "ev-trip"]["date"] == "2023-05"
    assert net.nodes[ID + "org-gwh"]["aliases"] == ["管委会"]
    assert net.nodes[ID + "proj"]["investmentCNY"] == 10_000_000_000
    # documents, mentions and positions are attributes, never nodes
    assert not any("doc-" in n or "pos-" in n or "m1" in n for n in net)


def test_positions_fold_into_person_org_edges(net: nx.MultiDiGraph) -> None:
    jin = ID + "person-jin"
    assert net.nodes[jin]["positions"] == ["开发区管委会主任"]
    edges = net.get_edge_data(jin, ID + "org-gwh")
    assert [e["relation"] for e in edges.values()] == ["position"]
    assert next(iter(edges.values()))["label"] == "开发区管委会主任"
    assert net.nodes[jin]["documents"] == ["a.txt"]
    assert net.nodes[jin]["evidence"][0].endswith("金锋出席。")


def test_participant_restating_chair_is_dropped(net: nx.MultiDiGraph) -> None:
    assert net.number_of_edges() == SAMPLE_EDGES
    relations = {d["relation"] for d in net.get_edge_data(ID + "ev-meeting", ID + "person-li").values()}
    assert relations == {"chair"}
    trip = {d["relation"] for d in net.get_edge_data(ID + "ev-trip", ID + "person-jin").values()}
    assert trip == {"participant"}


def test_focus_type_and_date_views(net: nx.MultiDiGraph) -> None:
    assert find_nodes(net, "管委会") == [ID + "org-gwh"]  # an alias matches exactly
    assert find_nodes(net, "深圳") == [ID + "ev-trip"]  # else containment
    one = ego_subgraph(net, [ID + "person-jin"], depth=1)
    assert ID + "ev-meeting" in one and ID + "place-gy" not in one
    assert ID + "place-gy" in ego_subgraph(net, [ID + "person-jin"], depth=2)
    people_orgs = type_subgraph(net, ["Person", "Organization"])
    assert {d["group"] for _, d in people_orgs.nodes(data=True)} == {"Person", "Organization"}
    assert set(type_subgraph(net, ["Company"])) == {ID + "org-xss"}
    march = date_range_subgraph(net, dt.date(2023, 3, 1), dt.date(2023, 3, 31))
    assert ID + "ev-meeting" in march and ID + "ev-trip" not in march
    assert ID + "place-gy" in march  # what the event links to
    may = date_range_subgraph(net, dt.date(2023, 5, 20), None)  # month precision overlaps
    assert ID + "ev-trip" in may and ID + "ev-meeting" not in may


def test_construct_subgraph_keeps_labels_of_the_answer() -> None:
    query = """PREFIX zkg: <https://w3id.org/zhkg/ontology#>
    CONSTRUCT { ?e zkg:chair ?p } WHERE { ?e zkg:chair ?p }"""
    sub = to_networkx(construct_subgraph(sample_graph(), query))
    assert set(sub) == {ID + "ev-meeting", ID + "person-li"}
    assert sub.nodes[ID + "person-li"]["label"] == "李贵军"
    with pytest.raises(ValueError, match="CONSTRUCT"):
        construct_subgraph(sample_graph(), "SELECT * WHERE { ?s ?p ?o }")


def test_centrality_and_communities_on_the_examples() -> None:
    net = to_networkx(example_dataset())
    assert net.number_of_nodes() > 100
    rows = centrality_table(net, top=3)
    people = [r["label"] for r in rows if r["group"] == "Person"]
    assert people[0] == "金锋"  # the zone director links most of the corpus
    assert {r["group"] for r in rows} == {"Person", "Organization"}
    found = communities(net)
    assert sum(len(c) for c in found) == net.number_of_nodes()
    assert found == communities(net)  # seeded: stable


def test_store_directory_source(tmp_path) -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    ttl = tmp_path / "g.ttl"
    write_graph(sample_graph(), ttl)
    store = pyoxigraph.Store(str(tmp_path / "store"))
    store.load(path=str(ttl), format=pyoxigraph.RdfFormat.TURTLE)
    store.flush()
    del store
    from_store = to_networkx(tmp_path / "store")
    assert from_store.number_of_nodes() == SAMPLE_NODES
    assert from_store.number_of_edges() == SAMPLE_EDGES
    assert len(load_source(tmp_path / "store")) == len(sample_graph())


def test_stats_central(tmp_path, capsys) -> None:
    path = tmp_path / "examples.ttl"
    write_graph(example_dataset(), path)
    assert main(["stats", str(path), "--central", "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "most central persons" in out and "金锋" in out
    assert "most central organizations" in out and "communities (Louvain" in out
