"""Facts → triples, checked with SPARQL the way users and the scorer read the graph."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdf_samples import CHAIN, MEETING, PROJECT, corpus_file, doc_000, doc_002
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.facts import DocumentFacts, Entity, Event, Mention, Position, Project
from kg.rdf import iris
from kg.rdf.mapping import MAX_ENTITY_MENTIONS, decimal_literal, facts_to_dataset, facts_to_graph
from kg.rdf.ontology import ontology_graph
from kg.rdf.vocab import ZKG

PREFIXES = """
PREFIX zkg: <https://w3id.org/zhkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
ID = "https://w3id.org/zhkg/id/"


@pytest.fixture(scope="module")
def doc() -> DocumentFacts:
    return doc_000()


@pytest.fixture(scope="module")
def graph(doc: DocumentFacts) -> Graph:
    return facts_to_graph([doc])


@pytest.fixture(scope="module")
def with_ontology(graph: Graph) -> Graph:
    g = Graph()
    for triple in graph:
        g.add(triple)
    for triple in ontology_graph():
        g.add(triple)
    return g


def rows(g: Graph, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(v) if v is not None else None for v in row) for row in g.query(PREFIXES + query)}


def names_of_class(g: Graph, cls: str) -> set[str]:
    q = f"SELECT ?n WHERE {{ ?e a/rdfs:subClassOf* zkg:{cls} ; rdfs:label ?n }}"
    return {n for (n,) in rows(g, q)}


# ---------------------------------------------------------------- IRIs


def test_entity_iri_is_type_and_quoted_name():
    assert iris.entity_iri("Person", "张利") == URIRef(ID + "person/%E5%BC%A0%E5%88%A9")
    assert iris.entity_iri("Organization", "a/b") == URIRef(ID + "organization/a%2Fb")


def test_other_iris(doc: DocumentFacts):
    sha = doc.sha256
    assert iris.document_iri(sha) == URIRef(f"{ID}doc/{sha[:16]}")
    assert iris.event_iri(sha, "ev1") == URIRef(f"{ID}event/{sha[:12]}-ev1")
    assert iris.mention_iri(sha, 3, 5) == URIRef(f"{ID}mention/{sha[:12]}-3-5")
    assert iris.role_iri("主任") == URIRef(ID + "role/%E4%B8%BB%E4%BB%BB")
    person = iris.entity_iri("Person", "金锋")
    assert iris.position_iri(person, "开发区管委会主任") == iris.position_iri(person, "开发区管委会主任")
    assert iris.position_iri(person, "开发区管委会主任") != iris.position_iri(person, "管委会主任")


def test_same_input_same_triples():
    assert set(facts_to_graph([doc_000()])) == set(facts_to_graph([doc_000()]))


def test_no_blank_nodes(graph: Graph):
    assert all(isinstance(t, (URIRef, Literal)) for triple in graph for t in triple)


# ---------------------------------------------------------------- entities and documents


def test_entity_classes_as_the_scorer_reads_them(with_ontology: Graph):
    assert names_of_class(with_ontology, "Person") == {"张利", "郑志明", "金锋"}
    assert names_of_class(with_ontology, "Organization") == {
        "市委",
        "开发区党工委",
        "管委会",
        "开发区",
        "新霖飞集团",
    }
    assert names_of_class(with_ontology, "Place") == {"开发区"}
    assert names_of_class(with_ontology, "Project") == {PROJECT}
    assert names_of_class(with_ontology, "Event") == {MEETING}
    # positions carry labels too, but must not be read as people, organizations or events
    assert not names_of_class(with_ontology, "Person") & {"市委书记", "开发区管委会主任"}


def test_org_kind_subclasses(graph: Graph):
    kinds = rows(graph, "SELECT ?n ?c WHERE { ?o rdfs:label ?n ; a ?c . ?o zkg:mentionedIn ?d }")
    assert ("开发区党工委", str(ZKG.PartyOrganization)) in kinds
    assert ("管委会", str(ZKG.GovernmentAgency)) in kinds
    assert ("新霖飞集团", str(ZKG.Company)) in kinds


def test_labels_are_zh_and_aliases_alt_labels(graph: Graph):
    org = iris.entity_iri("Organization", "开发区党工委")
    assert Literal("开发区党工委", lang="zh") in set(
        graph.objects(org, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    )
    assert rows(graph, f"SELECT ?a WHERE {{ <{org}> skos:altLabel ?a }}") == {("党工委",), ("区党工委",)}


def test_document_node(graph: Graph, doc: DocumentFacts):
    found = rows(
        graph,
        """SELECT ?f ?h ?y ?t ?l WHERE {
        ?d a zkg:Document ; zkg:fileName ?f ; zkg:contentHash ?h ; zkg:year ?y ;
           zkg:headline ?t ; rdfs:label ?l }""",
    )
    assert found == {(doc.file_name, doc.sha256, "2023", MEETING, doc.file_name)}
    year = next(graph.objects(iris.document_iri(doc.sha256), ZKG.year))
    assert year.datatype == XSD.gYear


def test_evidence_points_at_the_original_text(graph: Graph, doc: DocumentFacts):
    text = corpus_file(doc.file_name).read_text(encoding="utf-8")
    found = rows(
        graph,
        """SELECT ?name ?s ?e ?sent ?f WHERE {
        ?x rdfs:label ?name ; zkg:evidence ?m . ?x a zkg:Person .
        ?m a zkg:Mention ; zkg:startOffset ?s ; zkg:endOffset ?e ; zkg:sentence ?sent ;
           zkg:document/zkg:fileName ?f }""",
    )
    assert found
    for name, start, end, sentence, file_name in found:
        assert text[int(start) : int(end)] == name
        assert name in sentence
        assert file_name == doc.file_name


def test_entity_mentions_are_capped():
    many = [Mention(i * 10, i * 10 + 2, f"第{i}句") for i in range(12, 0, -1)]
    doc = DocumentFacts("x.txt", "0" * 64, entities=[Entity("P", "Person", "张利", mentions=many)])
    g = facts_to_graph([doc])
    starts = sorted(int(s) for s in g.objects(None, ZKG.startOffset))
    assert len(starts) == MAX_ENTITY_MENTIONS
    assert starts == [10, 20, 30, 40, 50]  # the first five in the file, whatever the input order


# ---------------------------------------------------------------- positions


def test_title_chain_gives_two_positions(graph: Graph):
    found = rows(
        graph,
        """SELECT ?title ?role ?org ?alias WHERE {
        ?p rdfs:label "金锋"@zh ; zkg:holds ?h .
        ?h a zkg:Position ; zkg:title ?title ; rdfs:label ?title ; skos:altLabel ?alias ;
           zkg:role/rdfs:label ?role ; zkg:organization/rdfs:label ?org }""",
    )
    assert found == {
        ("开发区党工委副书记", "副书记", "开发区党工委", "党工委副书记"),
        ("开发区管委会主任", "主任", "管委会", "管委会主任"),
    }


def test_position_evidence_is_the_chain(graph: Graph):
    sentences = rows(
        graph,
        """SELECT DISTINCT ?s WHERE {
        ?p rdfs:label "金锋"@zh ; zkg:holds/zkg:evidence/zkg:sentence ?s }""",
    )
    assert len(sentences) == 1 and CHAIN in next(iter(sentences))[0]


def test_role_nodes_are_shared(graph: Graph):
    holders = rows(
        graph,
        """SELECT ?n WHERE { ?p zkg:holds/zkg:role ?r ; rdfs:label ?n .
                               ?r a zkg:Role ; rdfs:label "副书记"@zh }""",
    )
    assert holders == {("郑志明",), ("金锋",)}


def test_dangling_keys_are_skipped():
    doc = DocumentFacts(
        "x.txt",
        "1" * 64,
        entities=[Entity("P", "Person", "张利")],
        positions=[
            Position("nobody", "市委书记", "书记"),
            Position("P", "市委书记", "书记", organization="missing-org"),
        ],
        events=[Event("e", "会议", "meeting", chairs=["ghost"], participants=["P"], location="nowhere")],
        projects=[Project("no-such-project", investment=1.0)],
    )
    g = facts_to_graph([doc])
    assert len(set(g.subjects(RDF.type, ZKG.Position))) == 1
    assert not list(g.triples((None, ZKG.organization, None)))
    assert not list(g.triples((None, ZKG.chair, None)))
    assert not list(g.triples((None, ZKG.location, None)))
    assert not list(g.triples((None, ZKG.investmentCNY, None)))
    assert len(list(g.triples((None, ZKG.participant, None)))) == 1


# ---------------------------------------------------------------- events


def test_meeting(graph: Graph):
    found = rows(
        graph,
        """SELECT ?date ?dt ?org WHERE {
        ?e a zkg:Meeting ; zkg:date ?date ; zkg:organizer/rdfs:label ?org ; zkg:mentionedIn ?d .
        BIND(DATATYPE(?date) AS ?dt) }""",
    )
    assert found == {("2023-02-10", str(XSD.date), "开发区")}
    chairs = rows(graph, "SELECT ?n WHERE { ?e zkg:chair/rdfs:label ?n }")
    assert chairs == {("郑志明",)}


def test_chairs_and_speakers_are_participants(graph: Graph):
    people = rows(graph, "SELECT ?n WHERE { ?e a zkg:Meeting ; zkg:participant/rdfs:label ?n }")
    assert people == {("张利",), ("郑志明",), ("金锋",)}


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("meeting", "Meeting"),
        ("inspection", "Inspection"),
        ("signing", "Signing"),
        ("ceremony", "Ceremony"),
        ("trip", "Trip"),
        ("interview", "Interview"),
        ("other", "Event"),
    ],
)
def test_event_kinds(kind: str, cls: str):
    doc = DocumentFacts("x.txt", "2" * 64, events=[Event("e", "活动", kind)])
    assert set(facts_to_graph([doc]).objects(None, RDF.type)) >= {ZKG[cls]}


@pytest.mark.parametrize(
    ("date", "datatype"),
    [("2023-02-10", XSD.date), ("2023-03", XSD.gYearMonth), ("2月", None), ("2023", None)],
)
def test_event_dates(date: str, datatype: URIRef | None):
    doc = DocumentFacts("x.txt", "3" * 64, events=[Event("e", "活动", "meeting", date)])
    dates = list(facts_to_graph([doc]).objects(None, ZKG.date))
    assert [d.datatype for d in dates] == ([datatype] if datatype else [])


# ---------------------------------------------------------------- projects


def test_project_facts(graph: Graph):
    found = rows(
        graph,
        """SELECT ?amount ?dt ?cap ?status ?inv ?where WHERE {
        ?p a zkg:Project ; zkg:investmentCNY ?amount ; zkg:capacity ?cap ; zkg:status ?status ;
           zkg:investor/rdfs:label ?inv ; zkg:locatedIn/rdfs:label ?where .
        BIND(DATATYPE(?amount) AS ?dt) }""",
    )
    assert found == {("10000000000.0", str(XSD.decimal), "12GW", "开工", "新霖飞集团", "开发区")}
    amount = next(graph.objects(None, ZKG.investmentCNY))
    assert float(amount) == 1e10


def test_foreign_currency_is_kept_apart():
    doc = DocumentFacts(
        "x.txt",
        "4" * 64,
        entities=[Entity("J", "Project", "复合集流体项目")],
        projects=[Project("J", investment=1.5e8, currency="usd")],
    )
    g = facts_to_graph([doc])
    assert not list(g.objects(None, ZKG.investmentCNY))
    assert list(g.objects(None, ZKG.investmentAmount)) == [Literal("150000000.0", datatype=XSD.decimal)]
    assert list(g.objects(None, ZKG.investmentCurrency)) == [Literal("USD")]


def test_decimal_lexical_forms():
    assert str(decimal_literal(1e10, integral=True)) == "10000000000.0"
    assert str(decimal_literal(28.4e8, integral=True)) == "2840000000.0"
    assert str(decimal_literal(2.25, integral=False)) == "2.25"


# ---------------------------------------------------------------- datasets


def test_named_graph_per_document():
    a, b = doc_000(), doc_002()
    ds = facts_to_dataset([a, b])
    names = {g.identifier for g in ds.graphs() if len(g)}
    # one graph per document, plus the corpus-level resolution graph (labels, decisions)
    assert names == {iris.document_iri(a.sha256), iris.document_iri(b.sha256), iris.RESOLUTION_GRAPH}
    person = iris.entity_iri("Person", "金锋")
    in_b = ds.graph(iris.document_iri(b.sha256))
    assert (person, ZKG.mentionedIn, iris.document_iri(b.sha256)) in in_b
    assert (person, ZKG.mentionedIn, iris.document_iri(a.sha256)) not in in_b
    # one node for 金锋, mentioned in both documents
    union = facts_to_graph([a, b])
    assert set(union.objects(person, ZKG.mentionedIn)) == {
        iris.document_iri(a.sha256),
        iris.document_iri(b.sha256),
    }
    month = next(union.objects(iris.event_iri(b.sha256, "e1"), ZKG.date))
    assert month.datatype == XSD.gYearMonth
    flat = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    assert flat == set(union)


# ---------------------------------------------------------------- the scorer's own reading


def _score_module():
    path = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
    if not path.is_file():
        pytest.skip("shared/eval/score.py not beside the repository")
    spec = importlib.util.spec_from_file_location("zhkg_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scorer_reads_the_graph(with_ontology: Graph):
    score = _score_module()
    positions = score.positions(with_ontology)
    assert {p["title"] for p in positions if "金锋" in p["person"]} == {
        "开发区党工委副书记",
        "开发区管委会主任",
    }
    assert any("主任" in p["role"] and "管委会" in p["org"] for p in positions)
    (event,) = score.events(with_ontology)
    assert event["date"] == "2023-02-10" and len(event["participants"]) == 3
    (project,) = score.projects(with_ontology)
    assert project["investment"] == 1e10 and project["investors"] == [{"新霖飞集团"}]
