"""Writers: every format round-trips, output is byte-identical, writes are atomic."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdf_samples import doc_000, doc_002
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.rdf import output
from kg.rdf.load import GraphFileError, load_graph, union_graph
from kg.rdf.mapping import facts_to_dataset, facts_to_graph
from kg.rdf.output import FORMATS, write_graph

TRIPLE_EXTS = [".ttl", ".nt", ".jsonld"]
QUAD_EXTS = [".nq", ".trig"]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return facts_to_dataset([doc_000(), doc_002()])


def named_graphs(ds: Dataset) -> dict[str, Graph]:
    return {
        str(g.identifier): g for g in ds.graphs() if len(g) and g.identifier != ds.default_graph.identifier
    }


def test_formats_mapping():
    assert FORMATS == {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld"}


@pytest.mark.parametrize("ext", TRIPLE_EXTS)
def test_triple_formats_round_trip(tmp_path: Path, dataset: Dataset, ext: str):
    path = write_graph(dataset, tmp_path / f"g{ext}")
    back = load_graph(path)
    assert isomorphic(union_graph(back), union_graph(dataset))
    assert len(union_graph(back)) == len(union_graph(dataset))


@pytest.mark.parametrize("ext", QUAD_EXTS)
def test_quad_formats_keep_named_graphs(tmp_path: Path, dataset: Dataset, ext: str):
    back = load_graph(write_graph(dataset, tmp_path / f"g{ext}"))
    want, got = named_graphs(dataset), named_graphs(back)
    assert set(got) == set(want) and len(got) == 3  # two documents and the resolution graph
    for name, graph in want.items():
        assert isomorphic(got[name], graph), name


@pytest.mark.parametrize("ext", TRIPLE_EXTS + QUAD_EXTS)
def test_repeated_output_is_byte_identical(tmp_path: Path, ext: str):
    first = write_graph(facts_to_dataset([doc_000(), doc_002()]), tmp_path / f"a{ext}").read_bytes()
    second = write_graph(facts_to_dataset([doc_000(), doc_002()]), tmp_path / f"b{ext}").read_bytes()
    assert first == second


@pytest.mark.parametrize("ext", TRIPLE_EXTS + QUAD_EXTS)
def test_output_does_not_depend_on_fact_order(tmp_path: Path, ext: str):
    doc = doc_000()
    shuffled = doc_000()
    shuffled.entities.reverse()
    shuffled.positions.reverse()
    a = write_graph(facts_to_dataset([doc]), tmp_path / f"a{ext}").read_bytes()
    b = write_graph(facts_to_dataset([shuffled]), tmp_path / f"b{ext}").read_bytes()
    assert a == b


SCRIPT = """
import hashlib, sys
sys.path.insert(0, {tests!r})
from rdf_samples import doc_000, doc_002
from kg.rdf.mapping import facts_to_dataset
from kg.rdf.output import serialize
ds = facts_to_dataset([doc_000(), doc_002()])
for fmt in ("turtle", "nt", "nquads", "trig", "json-ld"):
    print(fmt, hashlib.sha256(serialize(ds, fmt)).hexdigest())
"""


def test_output_does_not_depend_on_hash_seed():
    """Set and dict order of strings changes with PYTHONHASHSEED; the bytes must not."""
    script = SCRIPT.format(tests=str(Path(__file__).parent))
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_turtle_is_readable(tmp_path: Path, dataset: Dataset):
    text = write_graph(dataset, tmp_path / "g.ttl").read_text(encoding="utf-8")
    assert "@prefix zkg: <https://w3id.org/zhkg/ontology#> ." in text
    assert '"开发区管委会主任"@zh' in text  # UTF-8, not \\u escapes


@pytest.mark.parametrize("ext", QUAD_EXTS)
def test_plain_graph_to_quads(tmp_path: Path, ext: str):
    graph = facts_to_graph([doc_002()])
    back = load_graph(write_graph(graph, tmp_path / f"g{ext}"))
    assert isomorphic(union_graph(back), graph)


def test_unknown_extension(tmp_path: Path, dataset: Dataset):
    with pytest.raises(ValueError, match=r"\.xml.*\.ttl, \.nt, \.nq, \.trig, \.jsonld"):
        write_graph(dataset, tmp_path / "g.xml")
    assert list(tmp_path.iterdir()) == []


def test_missing_directory(tmp_path: Path, dataset: Dataset):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_graph(dataset, tmp_path / "nope" / "g.ttl")


def test_serializer_failure_leaves_nothing(tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch):
    def boom(*args, **kwargs):
        raise RuntimeError("serializer failed")

    monkeypatch.setattr(Graph, "serialize", boom)
    with pytest.raises(RuntimeError):
        write_graph(dataset, tmp_path / "g.ttl")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_failure_while_writing_keeps_old_file(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch, step: str
):
    target = tmp_path / "g.nt"
    target.write_text("old\n", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError(f"{step} failed")

    monkeypatch.setattr(output.os, step, boom)
    with pytest.raises(OSError, match=step):
        write_graph(dataset, target)
    assert [p.name for p in tmp_path.iterdir()] == ["g.nt"]
    assert target.read_text(encoding="utf-8") == "old\n"


def test_overwrite_and_permissions(tmp_path: Path, dataset: Dataset):
    target = tmp_path / "g.ttl"
    target.write_text("old", encoding="utf-8")
    write_graph(dataset, target)
    assert target.read_text(encoding="utf-8") != "old"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def test_load_errors(tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is < not turtle", encoding="utf-8")
    with pytest.raises(GraphFileError, match=r"bad\.ttl: cannot parse: ") as info:
        load_graph(bad)
    assert "\n" not in str(info.value)
    with pytest.raises(GraphFileError, match="cannot read"):
        load_graph(tmp_path / "missing.ttl")
    with pytest.raises(GraphFileError, match="unsupported"):
        load_graph(tmp_path / "g.rdf")


def test_hash_of_turtle_is_stable_within_process(dataset: Dataset):
    assert (
        hashlib.sha256(output.serialize(dataset, "turtle")).digest()
        == hashlib.sha256(output.serialize(dataset, "turtle")).digest()
    )
