"""``kg build`` end to end, through the real CLI entry point, on real and on bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.cli import main

ZKG = rdflib.Namespace("https://w3id.org/zhkg/ontology#")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, example_files) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    for f in example_files[:2]:
        shutil.copy(f, d / f.name)
    return d


def test_build_folder_to_turtle(corpus, tmp_path):
    out = tmp_path / "g.ttl"
    assert main(["build", str(corpus), "--output", str(out), "--quiet", "--no-model"]) == 0
    g = rdflib.Graph().parse(out)
    assert (None, rdflib.RDF.type, ZKG.Document) in g
    names = {str(o) for o in g.objects(None, rdflib.RDFS.label)}
    assert "金锋" in names
    assert len(set(g.subjects(rdflib.RDF.type, ZKG.Document))) == 2


@pytest.mark.parametrize("ext", [".nt", ".nq", ".trig", ".jsonld"])
def test_every_format_holds_the_same_graph(corpus, tmp_path, ext):
    ttl, other = tmp_path / "g.ttl", tmp_path / f"g{ext}"
    assert main(["build", str(corpus), "--output", str(ttl), "--quiet", "--no-model"]) == 0
    assert main(["build", str(corpus), "--output", str(other), "--quiet", "--no-model"]) == 0
    a = rdflib.Graph().parse(ttl)
    ds = rdflib.Dataset()
    ds.parse(other)
    b = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        b.add((s, p, o))
    assert isomorphic(a, b)


def test_same_input_same_bytes(corpus, tmp_path):
    a, b = tmp_path / "a.nt", tmp_path / "b.nt"
    main(["build", str(corpus), "--output", str(a), "--quiet", "--no-model"])
    main(["build", str(corpus), "--output", str(b), "--quiet", "--no-model"])
    assert a.read_bytes() == b.read_bytes()


def test_bad_files_are_reported_and_the_rest_builds(example_files, tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(example_files[0], d / "good.txt")
    (d / "empty.txt").write_bytes(b"")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (d / "gbk.txt").write_bytes("市委书记张利出席会议。".encode("gbk"))
    out = tmp_path / "g.ttl"
    status = main(["build", str(d), "--output", str(out), "--quiet", "--no-model"])
    err = capsys.readouterr().err
    assert status == 1
    assert "empty.txt" in err and "image.txt" in err
    assert len([line for line in err.splitlines() if line.startswith("kg: ")]) == 2
    g = rdflib.Graph().parse(out)
    assert "张利" in {str(o) for o in g.objects(None, rdflib.RDFS.label)}  # the GBK file built


def test_unknown_format_writes_nothing(corpus, tmp_path, capsys):
    out = tmp_path / "g.xyz"
    assert main(["build", str(corpus), "--output", str(out), "--quiet"]) == 2
    assert not out.exists()
    assert "g.xyz" in capsys.readouterr().err


def test_missing_input_is_one_line(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nope.txt"), "--output", str(tmp_path / "g.ttl"), "--quiet"]) == 1
    assert not (tmp_path / "g.ttl").exists()
    assert "nope.txt" in capsys.readouterr().err


def test_graph_of_the_corpus_conforms_to_the_shapes(example_files, tmp_path):
    from kg.rdf.validate import validate

    out = tmp_path / "all.ttl"
    assert main(["build", *map(str, example_files), "--output", str(out), "--quiet", "--no-model"]) == 0
    conforms, report = validate(out)
    assert conforms, report


def test_missing_output_folder_is_one_line_before_any_work(corpus, tmp_path, capsys):
    out = tmp_path / "no" / "such" / "g.ttl"
    assert main(["build", str(corpus), "--output", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not exist" in err[0]


def test_help_does_not_load_spacy():
    import subprocess
    import sys

    code = "import sys, kg.cli; kg.cli.make_parser(); print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
