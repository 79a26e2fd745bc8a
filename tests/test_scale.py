"""``kg build --workers N`` and ``--engine dask`` give the graph one process gives, and resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("dask.distributed", reason="the 'scale' extra (dask[distributed]) is not installed")
fsspec = pytest.importorskip("fsspec", reason="the 'scale' extra (fsspec) is not installed")


@pytest.fixture(scope="module")
def three(example_files) -> list[str]:
    return [str(f) for f in example_files[:3]]


@pytest.fixture(scope="module")
def serial(three, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial") / "graph.nt"
    assert main(["build", *three, "-o", str(out), "--no-model", "-q", "--workers", "1"]) == 0
    return out


@pytest.mark.parametrize("fmt", ["nt", "nquads"])
def test_streamed_lines_equal_rdflib_serialisation(example_facts, tmp_path, fmt):
    from kg.rdf.mapping import facts_to_dataset
    from kg.rdf.output import serialize
    from kg.resolve import resolve_entities
    from kg.scale import stream

    out = tmp_path / "graph.out"
    stream.BLOCK, block = 2, stream.BLOCK  # several spill files even for the examples
    try:
        stream.write_lines_graph(example_facts, resolve_entities(example_facts), out, fmt)
    finally:
        stream.BLOCK = block
    assert out.read_bytes() == serialize(facts_to_dataset(example_facts), fmt)


def test_two_workers_same_bytes(three, serial, tmp_path):
    out = tmp_path / "graph.nt"
    assert main(["build", *three, "-o", str(out), "--no-model", "-q", "--workers", "2"]) == 0
    assert out.read_bytes() == serial.read_bytes()


def test_dask_same_bytes_shards_and_store(three, serial, tmp_path):
    out, shards, store = tmp_path / "graph.nt", tmp_path / "shards", tmp_path / "db"
    args = ["build", *three, "--no-model", "-q", "--engine", "dask", "--workers", "2"]
    args += ["--partition-size", "1", "--work-dir", str(tmp_path / "work")]
    assert main([*args, "-o", str(out), "--shards", str(shards)]) == 0
    assert out.read_bytes() == serial.read_bytes()
    assert len(list(shards.glob("*.nq"))) == 4  # three partitions and the resolution graph
    # same work dir: everything is reused, then bulk-loaded into a store that holds what a
    # document-by-document store build holds
    assert main([*args, "--store", str(store), "-o", str(tmp_path / "bulk.nq")]) == 0
    plain = ["build", *three, "--no-model", "-q", "--store", str(tmp_path / "db1")]
    assert main([*plain, "-o", str(tmp_path / "added.nq")]) == 0
    assert (tmp_path / "bulk.nq").read_bytes() == (tmp_path / "added.nq").read_bytes()


def test_fsspec_memory_input(three, serial, tmp_path):
    fs = fsspec.filesystem("memory")
    for f in three:
        fs.pipe(f"/corpus/{Path(f).name}", Path(f).read_bytes())
    out = tmp_path / "graph.nt"
    assert main(["build", "memory://corpus", "-o", str(out), "--no-model", "-q", "--workers", "1"]) == 0
    assert out.read_bytes() == serial.read_bytes()


def test_file_url_input_and_output_with_dask(three, serial, tmp_path):
    urls = [f"file://{f}" for f in three]
    out = f"file://{tmp_path}/graph.nt"
    args = ["build", *urls, "-o", out, "--no-model", "-q", "--engine", "dask", "--workers", "1"]
    assert main([*args, "--work-dir", f"file://{tmp_path}/work"]) == 0
    assert (tmp_path / "graph.nt").read_bytes() == serial.read_bytes()


def test_killed_dask_run_resumes_to_the_same_graph(example_files, tmp_path):
    files = [str(f) for f in example_files]
    work, out = tmp_path / "work", tmp_path / "graph.nt"
    command = [sys.executable, "-m", "kg", "build", *files, "-o", str(out), "--no-model"]
    command += ["--engine", "dask", "--workers", "2", "--partition-size", "1", "--work-dir", str(work)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(command, env=env, start_new_session=True, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while not list((work / "done").glob("*.json")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its cluster's worker processes
    proc.wait()
    finished = len(list((work / "done").glob("*.json")))
    assert finished >= 1 and not out.exists()
    done = subprocess.run(command, env=env, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"{finished} already done" in done.stderr
    reference = tmp_path / "serial.nt"
    assert main(["build", *files, "-o", str(reference), "--no-model", "-q", "--workers", "1"]) == 0
    assert out.read_bytes() == reference.read_bytes()


def test_make_corpus_is_deterministic_and_renames_people(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from make_corpus import make_corpus, original_names

    a, b = tmp_path / "a", tmp_path / "b"
    assert make_corpus(a, 0.03, seed=7) == make_corpus(b, 0.03, seed=7)
    texts = [p.read_text(encoding="utf-8") for p in sorted(a.glob("*.txt"))]
    assert texts == [p.read_text(encoding="utf-8") for p in sorted(b.glob("*.txt"))]
    originals = original_names(sorted((ROOT / "examples").glob("*.txt")))
    assert "张利" in originals
    assert not any(name in text for name in originals for text in texts)
