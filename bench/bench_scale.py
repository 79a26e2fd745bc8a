"""Scale benchmark: extraction on 1 and 2 workers and on Dask, store bulk load, memory per entity.

    python bench/bench_scale.py [--mb 10] [--with-100mb] [--e2e-mb 0.2] [--resolve-docs 150]

On a corpus from ``bench/make_corpus.py`` (recombined examples with fresh names) it prints, per
size: characters per second of per-document extraction with ``--workers 1``, ``--workers 2`` and
Dask on a local cluster of 2 processes, each run's peak RSS (``/usr/bin/time``: the largest
process of the run's tree), Oxigraph bulk-load quads per second over the corpus's N-Quads, and
the 1 → 2 worker speed-up. Why extraction is timed apart from whole builds: entity resolution is
one corpus-level step whose cost is not linear in the corpus (see the README's Scale section),
so whole ``kg build`` runs are timed on a small corpus (``--e2e-mb``) where they finish, and
checked to give the same bytes on every engine. The bytes resolution keeps per entity record
(facts plus ``Resolution``, tracemalloc) are measured on the first ``--resolve-docs`` documents.
The machine's load average is printed before and after, since the cores are often shared.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from make_corpus import make_corpus  # noqa: E402

EXTRACT_LOCAL = """
import sys
from pathlib import Path
from kg.scale.pool import Options, extract_parallel
sources = sorted(Path(sys.argv[1]).glob("*.txt"))
for _ in extract_parallel(sources, Options(model=False), int(sys.argv[2])):
    pass
"""

EXTRACT_DASK = """
import sys
from pathlib import Path
from kg.scale import dask_engine
from kg.scale.pool import Options
sources = sorted(Path(sys.argv[1]).glob("*.txt"))
parts = dask_engine.plan(sources, Options(model=False), 16)
client, cluster = dask_engine._client(None, 2)
dask_engine.extract_all(client, parts, sys.argv[2], Options(model=False))
client.close(); cluster.close()
"""


def timed(command: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of a command run under ``/usr/bin/time``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    return seconds, int(re.findall(r"^(\d+)$", done.stderr, flags=re.M)[-1]) / 1024


def facts(work: Path, limit: int | None = None) -> list:
    from kg.facts import DocumentFacts

    docs = []
    for shard in sorted((work / "facts").glob("*.jsonl")):
        with open(shard, encoding="utf-8") as handle:
            docs.extend(DocumentFacts.from_dict(json.loads(line)) for line in handle if line.strip())
    return docs[:limit]


def bulk_load(work: Path, base: Path) -> tuple[int, float]:
    """Quads and seconds to bulk-load the corpus's N-Quads (each document resolved on its own)."""
    import pyoxigraph as ox

    from kg.scale.shards import document_lines

    shard = base / "corpus.nq"
    with open(shard, "w", encoding="utf-8") as out:
        for doc in facts(work):
            lines = document_lines([doc], _own_resolution(doc))[0]
            out.writelines(line + "\n" for line in lines)
    store = ox.Store(str(base / "store"))
    start = time.perf_counter()
    store.bulk_load(path=str(shard), format=ox.RdfFormat.N_QUADS)
    store.flush()
    return len(store), time.perf_counter() - start


def _own_resolution(doc):
    from kg.resolve import resolve_entities

    return resolve_entities([doc])


def resolution_memory(docs: list) -> tuple[int, int, float, float]:
    """(entity records, bytes kept, bytes per record, seconds) for resolving ``docs``."""
    from kg.facts import DocumentFacts
    from kg.resolve import resolve_entities

    tracemalloc.start()
    start = time.perf_counter()
    copies = [DocumentFacts.from_dict(d.to_dict()) for d in docs]  # the facts, as the build holds them
    resolution = resolve_entities(copies)
    seconds = time.perf_counter() - start
    kept, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    records = sum(len(d.entities) for d in copies)
    del resolution, copies
    return records, kept, kept / max(records, 1), seconds


def extraction(mb: float, base: Path) -> dict:
    corpus = base / f"corpus-{mb:g}mb"
    docs, chars = make_corpus(corpus, mb)
    row: dict = {"mb": mb, "docs": docs, "chars": chars}
    py = sys.executable
    work = base / f"work-{mb:g}"
    for label, command in (
        ("w1", [py, "-c", EXTRACT_LOCAL, str(corpus), "1"]),
        ("w2", [py, "-c", EXTRACT_LOCAL, str(corpus), "2"]),
        ("dask2", [py, "-c", EXTRACT_DASK, str(corpus), str(work)]),
    ):
        seconds, rss = timed(command)
        row[label] = {"chars_per_s": chars / seconds, "seconds": seconds, "peak_rss_mb": rss}
        print(f"  {mb:g} MB {label}: {seconds:.1f}s, {chars / seconds:,.0f} chars/s, peak RSS {rss:.0f} MB")
    row["speedup"] = row["w1"]["seconds"] / row["w2"]["seconds"]
    quads, seconds = bulk_load(work, base)
    row["bulk"] = quads / seconds
    print(f"  bulk load: {quads} quads in {seconds:.1f}s", flush=True)
    return row


def end_to_end(mb: float, base: Path) -> None:
    corpus = base / "corpus-e2e"
    docs, chars = make_corpus(corpus, mb, seed=1)
    outputs = []
    for label, extra in (
        ("1 worker", ["--workers", "1"]),
        ("2 workers", ["--workers", "2"]),
        ("dask, 2 processes", ["--engine", "dask", "--workers", "2", "--work-dir", str(base / "work-e2e")]),
    ):
        out = base / f"e2e-{len(outputs)}.nt"
        command = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--no-model", "-q"]
        command += extra
        seconds, rss = timed(command)
        outputs.append(out.read_bytes())
        speed = chars / seconds
        print(f"  whole build, {docs} docs, {label}: {seconds:.1f}s, {speed:,.0f} chars/s, {rss:.0f} MB")
    print(f"  same bytes on every engine: {outputs[0] == outputs[1] == outputs[2]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10)
    parser.add_argument("--with-100mb", action="store_true", help="also 100 MB (long on 2 cores)")
    parser.add_argument("--e2e-mb", type=float, default=0.2, help="corpus size for whole builds")
    parser.add_argument("--resolve-docs", type=int, default=150, help="documents for the memory measure")
    parser.add_argument("--keep", type=Path, help="work here and keep the corpora and outputs")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}; load average: {os.getloadavg()}", flush=True)
    base = args.keep or Path(tempfile.mkdtemp(prefix="zhkg-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        end_to_end(args.e2e_mb, base)
        for mb in [args.mb] + ([100.0] if args.with_100mb else []):
            rows.append(extraction(mb, base))
        records, kept, per, seconds = resolution_memory(facts(base / f"work-{args.mb:g}", args.resolve_docs))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print(f"load average after: {os.getloadavg()}")
    print(
        "| corpus | docs | extraction chars/s: 1 worker | 2 workers | Dask 2 proc "
        "| peak RSS MB (1/2/Dask) | speed-up 1→2 | bulk load quads/s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        rss = "/".join(f"{r[k]['peak_rss_mb']:.0f}" for k in ("w1", "w2", "dask2"))
        print(
            f"| {r['mb']:g} MB | {r['docs']} | {r['w1']['chars_per_s']:,.0f} | {r['w2']['chars_per_s']:,.0f} "
            f"| {r['dask2']['chars_per_s']:,.0f} | {rss} | {r['speedup']:.2f}× | {r['bulk']:,.0f} |"
        )
    print(
        f"resolution of {args.resolve_docs} documents: {records} entity records, {kept / 1e6:.1f} MB kept "
        f"(facts + Resolution) = {per:,.0f} bytes per entity record; {seconds:.1f}s"
    )


if __name__ == "__main__":
    main()
