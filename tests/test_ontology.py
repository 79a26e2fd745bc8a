"""The ontology and shapes files: parse, carry the core terms, and keep the scorer's reading safe."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH

from kg.rdf.ontology import ontology_graph, ontology_path, shapes_graph, shapes_path
from kg.rdf.vocab import ONTOLOGY_IRI, ZKG

REPO = Path(__file__).resolve().parents[1]

CORE_CLASSES = [
    "Document",
    "Person",
    "Organization",
    "PartyOrganization",
    "GovernmentAgency",
    "Company",
    "ResearchInstitution",
    "Place",
    "Project",
    "Event",
    "Position",
    "Role",
]
EVENT_CLASSES = ["Meeting", "Inspection", "Signing", "Ceremony", "Trip", "Interview"]
ORG_CLASSES = ["PartyOrganization", "GovernmentAgency", "Company", "ResearchInstitution"]
EXTRA_CLASSES = ["Mention", "ResolutionDecision"]
CORE_OBJECT_PROPERTIES = [
    "mentionedIn",
    "holds",
    "role",
    "organization",
    "participant",
    "chair",
    "speaker",
    "organizer",
    "location",
    "site",
    "investor",
    "locatedIn",
    "leader",
    "evidence",
]
CORE_DATA_PROPERTIES = ["fileName", "title", "date", "investmentCNY", "capacity", "status"]
EXTRA_OBJECT_PROPERTIES = ["document", "resolvedEntity"]
EXTRA_DATA_PROPERTIES = [
    "startOffset",
    "endOffset",
    "sentence",
    "contentHash",
    "year",
    "headline",
    "periodStart",
    "periodEnd",
    "investmentAmount",
    "investmentCurrency",
    # cross-document resolution and position dates (kg.resolve)
    "outcome",
    "reason",
    "score",
    "mergedLabel",
    "evidenceNote",
    "articleDate",
    "firstSeen",
    "lastSeen",
]
# classes no instance may belong to two of (a Position must never read as an Event, …)
TOP_CLASSES = [
    "Person",
    "Organization",
    "Place",
    "Project",
    "Event",
    "Position",
    "Role",
    "Document",
    "Mention",
    "ResolutionDecision",
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def zkg_terms(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects() if isinstance(s, URIRef) and s.startswith(str(ZKG))}


def superclasses(g: Graph, cls: URIRef) -> set[URIRef]:
    return set(g.transitive_objects(cls, RDFS.subClassOf))


def test_files_are_found_through_the_package():
    assert ontology_path().name == "zhkg.ttl" and ontology_path().is_file()
    assert shapes_path().name == "shapes.ttl" and shapes_path().is_file()


def test_package_symlink_is_relative():
    link = REPO / "kg" / "ontology"
    if not link.is_symlink():
        pytest.skip("checkout without symlinks")
    assert os.readlink(link) == "../ontology"
    assert (link / "zhkg.ttl").resolve() == (REPO / "ontology" / "zhkg.ttl").resolve()


def test_ontology_header(onto: Graph):
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in onto
    assert onto.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo) is not None


@pytest.mark.parametrize("name", CORE_CLASSES + EVENT_CLASSES + EXTRA_CLASSES)
def test_class_declared(onto: Graph, name: str):
    assert (ZKG[name], RDF.type, OWL.Class) in onto


@pytest.mark.parametrize("name", CORE_OBJECT_PROPERTIES + EXTRA_OBJECT_PROPERTIES)
def test_object_property_declared(onto: Graph, name: str):
    assert (ZKG[name], RDF.type, OWL.ObjectProperty) in onto
    assert onto.value(ZKG[name], RDFS.range) is not None


@pytest.mark.parametrize("name", CORE_DATA_PROPERTIES + EXTRA_DATA_PROPERTIES)
def test_datatype_property_declared(onto: Graph, name: str):
    assert (ZKG[name], RDF.type, OWL.DatatypeProperty) in onto
    assert onto.value(ZKG[name], RDFS.domain) is not None


def test_every_term_has_zh_en_labels_and_comment(onto: Graph):
    missing = []
    for term in sorted(zkg_terms(onto)):
        langs = {o.language for o in onto.objects(term, RDFS.label) if isinstance(o, Literal)}
        if not {"zh", "en"} <= langs or onto.value(term, RDFS.comment) is None:
            missing.append(term)
    assert not missing
    assert len(zkg_terms(onto)) == len(
        CORE_CLASSES
        + EVENT_CLASSES
        + EXTRA_CLASSES
        + CORE_OBJECT_PROPERTIES
        + CORE_DATA_PROPERTIES
        + EXTRA_OBJECT_PROPERTIES
        + EXTRA_DATA_PROPERTIES
    )


def test_subclass_hierarchy(onto: Graph):
    for name in EVENT_CLASSES:
        assert ZKG.Event in superclasses(onto, ZKG[name])
    for name in ORG_CLASSES:
        assert ZKG.Organization in superclasses(onto, ZKG[name])


def test_no_class_reads_as_two_core_classes(onto: Graph):
    """The scorer asks ?e a/rdfs:subClassOf* zkg:X: a Position must not also count as an Event."""
    for cls in zkg_terms(onto):
        if (cls, RDF.type, OWL.Class) not in onto:
            continue
        tops = {t for t in TOP_CLASSES if ZKG[t] in superclasses(onto, cls)}
        assert len(tops) == 1, (cls, tops)


def test_no_foreign_class_is_a_zkg_subclass(onto: Graph):
    for sub, sup in onto.subject_objects(RDFS.subClassOf):
        if isinstance(sup, URIRef) and sup.startswith(str(ZKG)):
            assert sub.startswith(str(ZKG)), sub


def test_core_classes_are_aligned_outside(onto: Graph):
    for name in ["Document", "Person", "Organization", "Place", "Project", "Event", "Position", "Role"]:
        outside = {c for c in superclasses(onto, ZKG[name]) if not c.startswith(str(ZKG))}
        assert outside, name


def test_loading_the_ontology_adds_no_instances(onto: Graph):
    q = """PREFIX zkg: <https://w3id.org/zhkg/ontology#>
           PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
           SELECT ?e WHERE { ?e a/rdfs:subClassOf* ?c . FILTER(STRSTARTS(STR(?c), STR(zkg:))) }"""
    assert list(onto.query(q)) == []


def test_chair_and_speaker_are_participants(onto: Graph):
    assert (ZKG.chair, RDFS.subPropertyOf, ZKG.participant) in onto
    assert (ZKG.speaker, RDFS.subPropertyOf, ZKG.participant) in onto


def test_shapes_target_declared_classes(onto: Graph):
    shapes = shapes_graph()
    targets = set(shapes.objects(None, SH.targetClass))
    assert {ZKG[n] for n in TOP_CLASSES} <= targets
    for target in targets:
        assert (target, RDF.type, OWL.Class) in onto
    used = {p for p in shapes.objects(None, SH.path) if isinstance(p, URIRef) and p.startswith(str(ZKG))}
    assert used <= zkg_terms(onto)
