"""The persistent store: grows article by article, idempotent, replaceable, removable, crash-safe."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.cli import main
from kg.facts import DocumentFacts
from kg.rdf import iris
from kg.store import (
    StoreError,
    add_documents,
    add_files,
    export_store,
    load_facts,
    open_store,
    remove_files,
    stored_files,
)

ZKG = "https://w3id.org/zhkg/ontology#"


def quads(directory: Path) -> set[tuple[str, ...]]:
    return {
        tuple(str(t) for t in (q.subject, q.predicate, q.object, q.graph_name)) for q in open_store(directory)
    }


def people(directory: Path, name: str) -> list[str]:
    query = f"""SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?p a <{ZKG}Person> }}
                GRAPH ?r {{ ?p <http://www.w3.org/2000/01/rdf-schema#label> "{name}"@zh }} }}"""
    return [row["p"].value for row in open_store(directory).query(query)]


def graphs(directory: Path) -> set[str]:
    return {g.value for g in open_store(directory).named_graphs()}


@pytest.fixture(scope="module")
def full(tmp_path_factory, example_facts) -> Path:
    """A store holding the whole example corpus, built in one step."""
    directory = tmp_path_factory.mktemp("full") / "store"
    report = add_documents(directory, example_facts)
    assert len(report.added) == len(example_facts)
    return directory


def test_store_is_an_oxigraph_store_with_a_graph_per_document(full, example_facts):
    assert full.is_symlink()
    names = graphs(full)
    assert names == {str(iris.document_iri(d.sha256)) for d in example_facts} | {str(iris.RESOLUTION_GRAPH)}
    assert len(ox.Store.read_only(str(full))) == len(open_store(full))
    assert len(people(full, "金锋")) == 1
    assert stored_files(full) == {d.file_name: d.sha256 for d in example_facts}
    assert [d.sha256 for d in load_facts(full)] == sorted(d.sha256 for d in example_facts)


def test_two_steps_equal_one(full, example_facts, tmp_path):
    directory = tmp_path / "store"
    add_documents(directory, example_facts[:2])
    add_documents(directory, example_facts[2:])
    assert quads(directory) == quads(full)
    a, b = export_store(full, tmp_path / "a.ttl"), export_store(directory, tmp_path / "b.ttl")
    assert isomorphic(rdflib.Graph().parse(a), rdflib.Graph().parse(b))


def test_adding_what_is_there_changes_nothing(full, example_facts):
    target, before = os.readlink(full), quads(full)
    report = add_documents(full, example_facts[:2])
    assert not report.changed and len(report.unchanged) == 2
    assert os.readlink(full) == target and quads(full) == before


def _changed(doc: DocumentFacts, drop: str) -> DocumentFacts:
    """The same file with different content: one person fewer."""
    new = copy.deepcopy(doc)
    new.sha256 = "f" * 64
    new.entities = [e for e in new.entities if e.name != drop]
    new.positions = [p for p in new.positions if p.person != f"Person:{drop}"]
    for ev in new.events:
        for role in ("chairs", "speakers", "participants"):
            setattr(ev, role, [k for k in getattr(ev, role) if k != f"Person:{drop}"])
    return new


def _only_in(example_facts: list[DocumentFacts]) -> tuple[DocumentFacts, str]:
    """A document and a person no other document names."""
    for doc in example_facts:
        others = {e.name for d in example_facts if d is not doc for e in d.entities if e.type == "Person"}
        for e in doc.entities:
            if e.type == "Person" and e.name not in others:
                return doc, e.name
    pytest.skip("every person is named twice")


def test_a_changed_article_replaces_its_graph(example_facts, tmp_path):
    directory = tmp_path / "store"
    add_documents(directory, example_facts)
    doc, name = _only_in(example_facts)
    assert people(directory, name)
    report = add_documents(directory, [_changed(doc, name)])
    assert report.replaced == [doc.file_name] and report.documents == len(example_facts)
    names = graphs(directory)
    assert str(iris.document_iri(doc.sha256)) not in names and str(iris.document_iri("f" * 64)) in names
    assert not people(directory, name)
    assert stored_files(directory)[doc.file_name] == "f" * 64


def test_remove_then_add_back(full, example_facts, tmp_path):
    directory = tmp_path / "store"
    add_documents(directory, example_facts)
    doc, name = _only_in(example_facts)
    report = remove_files(directory, [f"some/dir/{doc.file_name}", "nope.txt"])
    assert report.removed == [doc.file_name] and report.missing == ["nope.txt"]
    assert str(iris.document_iri(doc.sha256)) not in graphs(directory)
    assert not people(directory, name)
    add_documents(directory, [doc])
    assert quads(directory) == quads(full)


def test_remove_from_no_store(tmp_path):
    with pytest.raises(StoreError):
        remove_files(tmp_path / "none", ["a.txt"])


# ---------------------------------------------------------------- killed builds

CHILD = textwrap.dedent(
    """
    import json, sys, time
    import kg.store as store
    from kg.facts import DocumentFacts

    docs = [DocumentFacts.from_dict(d) for d in json.load(open(sys.argv[1], encoding="utf-8"))]

    def pause():
        print("PAUSED", flush=True)
        time.sleep(600)

    if sys.argv[3] == "insert":
        real = store._insert
        def insert(target, quads):
            real(target, quads[: len(quads) // 2])
            pause()
        store._insert = insert
    else:
        store._Layout.switch = lambda self, generation: pause()
    store.add_documents(sys.argv[2], docs)
    """
)


@pytest.mark.parametrize("moment", ["insert", "switch"])
def test_a_killed_build_leaves_the_store_as_it_was(example_facts, tmp_path, moment):
    directory = tmp_path / "store"
    add_documents(directory, example_facts[:3])
    before, target = quads(directory), os.readlink(directory)
    facts = tmp_path / "facts.json"
    facts.write_text(
        json.dumps([d.to_dict() for d in example_facts[3:]], ensure_ascii=False), encoding="utf-8"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(facts), str(directory), moment],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "PAUSED"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert os.readlink(directory) == target
    assert quads(directory) == before
    assert len(people(directory, "金锋")) == 1  # still answers queries
    # the next build goes through and clears the half-built generation
    report = add_documents(directory, example_facts[3:])
    assert len(report.added) == len(example_facts) - 3
    generations = sorted(p.name for p in directory.parent.glob(".store.zhkg/gen-*"))
    assert len(generations) == 2 and os.readlink(directory).endswith(generations[-1])


# ---------------------------------------------------------------- files and the CLI


def test_cli_builds_adds_removes_and_explains(example_files, tmp_path, capsys):
    directory, out = tmp_path / "store", tmp_path / "all.nq"
    first, second = example_files[0], example_files[1]
    assert main(["build", str(first), "--store", str(directory), "--quiet", "--no-model"]) == 0
    assert (
        main(
            ["build", str(first), str(second), "--store", str(directory), "--no-model", "-q", "-o", str(out)]
        )
        == 0
    )
    assert set(stored_files(directory)) == {first.name, second.name}
    ds = rdflib.Dataset()
    ds.parse(out)
    assert len({g.identifier for g in ds.graphs() if len(g)}) == 3
    changed = tmp_path / first.name
    changed.write_text(first.read_text(encoding="utf-8") + "\n市委书记张利出席会议。\n", encoding="utf-8")
    report = add_files(directory, [changed, second], model=False)
    assert report.replaced == [first.name] and report.unchanged == [second.name]
    assert main(["remove", "--store", str(directory), second.name, "-q"]) == 0
    assert set(stored_files(directory)) == {first.name}
    capsys.readouterr()
    assert main(["explain", str(directory), "张利"]) == 0
    assert "张利  <https://w3id.org/zhkg/id/person/" in capsys.readouterr().out
    assert main(["explain", str(directory), "没有这个人"]) == 1
