"""SHACL validation and graph statistics, as library functions and as ``kg`` sub-commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdf_samples import doc_000, doc_002
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.cli import main
from kg.rdf import iris
from kg.rdf.mapping import facts_to_dataset, facts_to_graph
from kg.rdf.output import write_graph
from kg.rdf.stats import display_width, format_stats, graph_stats, table
from kg.rdf.validate import validate
from kg.rdf.vocab import ZKG

EXTS = [".ttl", ".nt", ".nq", ".trig", ".jsonld"]


@pytest.fixture(scope="module")
def good() -> Graph:
    return facts_to_graph([doc_000(), doc_002()])


def broken(good: Graph) -> Graph:
    g = Graph()
    for triple in good:
        g.add(triple)
    return g


def first_position(g: Graph) -> URIRef:
    return sorted(g.subjects(RDF.type, ZKG.Position))[0]


# ---------------------------------------------------------------- validate


def test_good_graph_conforms(good: Graph):
    conforms, report = validate(good)
    assert conforms, report


def test_rdfs_inference_agrees(good: Graph):
    conforms, report = validate(good, inference="rdfs")
    assert conforms, report


def test_position_without_title(good: Graph):
    g = broken(good)
    g.remove((first_position(g), ZKG.title, None))
    conforms, report = validate(g)
    assert not conforms
    assert "zkg:title" in report and "MinCount" in report


def test_position_with_two_titles(good: Graph):
    g = broken(good)
    g.add((first_position(g), ZKG.title, Literal("另一个职务", lang="zh")))
    assert not validate(g)[0]


def test_untyped_date_and_amount(good: Graph):
    g = broken(good)
    event = next(g.subjects(RDF.type, ZKG.Meeting))
    g.remove((event, ZKG.date, None))
    g.add((event, ZKG.date, Literal("2023年2月10日")))
    project = next(g.subjects(RDF.type, ZKG.Project))
    g.remove((project, ZKG.investmentCNY, None))
    g.add((project, ZKG.investmentCNY, Literal("100亿元")))
    conforms, report = validate(g)
    assert not conforms
    assert "zkg:date" in report and "zkg:investmentCNY" in report


def test_label_without_zh(good: Graph):
    g = broken(good)
    person = iris.entity_iri("Person", "张利")
    g.remove((person, RDFS.label, None))
    g.add((person, RDFS.label, Literal("Zhang Li")))
    conforms, report = validate(g)
    assert not conforms and "LanguageIn" in report


def test_mention_without_offsets(good: Graph):
    g = broken(good)
    mention = sorted(g.subjects(RDF.type, ZKG.Mention))[0]
    g.remove((mention, ZKG.startOffset, None))
    g.set((mention, ZKG.endOffset, Literal("12")))
    conforms, report = validate(g)
    assert not conforms and "zkg:startOffset" in report and "zkg:endOffset" in report


def test_evidence_must_be_a_mention(good: Graph):
    g = broken(good)
    g.add((iris.entity_iri("Person", "张利"), ZKG.evidence, URIRef("https://example.org/not-a-mention")))
    assert not validate(g)[0]


def test_mentioned_in_needs_a_document_with_file_name(good: Graph):
    g = broken(good)
    doc = next(g.subjects(RDF.type, ZKG.Document))
    g.remove((doc, ZKG.fileName, None))
    conforms, report = validate(g)
    assert not conforms and "zkg:fileName" in report


def test_chair_must_be_participant(good: Graph):
    g = broken(good)
    event = next(g.subjects(RDF.type, ZKG.Meeting))
    g.remove((event, ZKG.participant, iris.entity_iri("Person", "郑志明")))
    conforms, report = validate(g)
    assert not conforms and "not stated as zkg:participant" in report


def test_foreign_amount_without_currency(good: Graph):
    g = broken(good)
    project = next(g.subjects(RDF.type, ZKG.Project))
    g.add((project, ZKG.investmentAmount, Literal("5.0", datatype=XSD.decimal)))
    assert not validate(g)[0]


def test_class_mismatch_is_only_a_warning(good: Graph):
    g = broken(good)
    event = next(g.subjects(RDF.type, ZKG.Meeting))
    g.add((event, ZKG.organizer, iris.entity_iri("Person", "张利")))
    conforms, report = validate(g)
    assert conforms
    assert "sh:Warning" in report


@pytest.mark.parametrize("ext", EXTS)
def test_validate_files(tmp_path: Path, ext: str):
    path = write_graph(facts_to_dataset([doc_000()]), tmp_path / f"g{ext}")
    conforms, report = validate(path)
    assert conforms, report


# ---------------------------------------------------------------- kg validate


def test_cli_validate_ok(tmp_path: Path, good: Graph, capsys: pytest.CaptureFixture[str]):
    path = write_graph(good, tmp_path / "g.ttl")
    assert main(["validate", str(path)]) == 0
    assert "conforms" in capsys.readouterr().out


def test_cli_validate_broken(tmp_path: Path, good: Graph, capsys: pytest.CaptureFixture[str]):
    g = broken(good)
    g.remove((first_position(g), ZKG.title, None))
    path = write_graph(g, tmp_path / "g.nt")
    assert main(["validate", str(path)]) == 1
    assert "Conforms: False" in capsys.readouterr().out


def test_cli_validate_unparsable(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "bad.ttl"
    path.write_text("<a> <b> .\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kg: {path}: cannot parse: ") and err.count("\n") == 1


def test_cli_validate_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["validate", str(tmp_path / "none.trig")]) == 2
    assert "cannot read" in capsys.readouterr().err


# ---------------------------------------------------------------- stats


def test_graph_stats_counts():
    ds = facts_to_dataset([doc_000(), doc_002()])
    stats = graph_stats(ds)
    classes = dict(stats.classes)
    assert classes[ZKG.Person] == 3  # 金锋 is one node across both documents
    assert classes[ZKG.Position] == 4
    assert classes[ZKG.Document] == 2
    assert classes[ZKG.Place] == 1
    properties = dict(stats.properties)
    assert properties[ZKG.holds] == 4
    assert properties[RDF.type] == sum(classes.values())
    assert stats.named_graphs == 3  # two documents and the resolution graph
    assert stats.triples == len(facts_to_graph([doc_000(), doc_002()]))


def test_display_width():
    assert display_width("张利") == 4
    assert display_width("zkg:Person") == 10
    assert display_width("（元）") == 6


def test_table_aligns_chinese():
    text = table(
        [["term", "名称", "n"], ["zkg:Person", "人物", "3"], ["zkg:investmentCNY", "计划总投资（元）", "12"]],
        right_align={2},
    )
    lines = text.splitlines()
    assert len({display_width(line) for line in lines}) == 1


@pytest.mark.parametrize("ext", EXTS)
def test_cli_stats(tmp_path: Path, ext: str, capsys: pytest.CaptureFixture[str]):
    path = write_graph(facts_to_dataset([doc_000(), doc_002()]), tmp_path / f"g{ext}")
    assert main(["stats", str(path)]) == 0
    out = capsys.readouterr().out
    assert "zkg:Person" in out and "人物" in out
    person_line = next(line for line in out.splitlines() if line.startswith("zkg:Person "))
    assert person_line.split()[-1] == "3"


def test_cli_stats_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "g.jsonld"
    path.write_text("{not json", encoding="utf-8")
    assert main(["stats", str(path)]) == 2
    assert "cannot parse" in capsys.readouterr().err


def test_format_stats_without_vocabulary(good: Graph):
    text = format_stats(graph_stats(good))
    assert text.splitlines()[0].endswith("subjects")
