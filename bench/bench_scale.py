"""Scale benchmark: whole builds on 1 and 2 workers and on Dask, store bulk load, memory per entity.

    python bench/bench_scale.py [--mb 10] [--with-100mb] [--model] [--resolve-docs 150] [--keep DIR]

On a corpus from ``bench/make_corpus.py`` (recombined examples with fresh names) it runs the
real command, ``kg build CORPUS -o OUT.nq``, with ``--workers 1``, ``--workers 2`` and
``--engine dask --workers 2`` (a local cluster of 2 processes), rules only unless ``--model``.
Per run it prints the whole build's characters per second, the extraction stage's (the part
that scales with workers; resolution is one corpus-level step, so the whole build's speed-up is
bounded by Amdahl), the stage times ``kg build`` reports, and peak RSS (``/usr/bin/time``: the
largest process of the run's tree). It checks the three outputs are the same bytes, bulk-loads
the output into a new Oxigraph store (quads per second), and measures the bytes resolution keeps
per entity record (facts plus ``Resolution``, tracemalloc) on the first ``--resolve-docs``
documents. The machine's load average is printed before and after, since cores are often shared.
"""

from __future__ import annotations

import argparse
import hashlib
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


def timed(command: list[str]) -> tuple[float, float, str]:
    """Seconds, peak RSS (MB) and stderr of a command run under ``/usr/bin/time``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    return seconds, int(re.findall(r"^(\d+)$", done.stderr, flags=re.M)[-1]) / 1024, done.stderr


def stages(stderr: str) -> dict[str, float]:
    """The stage times of ``kg build``'s summary line: ``(extract 46.0 s, resolve 9.1 s, …)``."""
    return {name: float(value) for name, value in re.findall(r"(\w+) ([\d.]+) s\b", stderr)}


def facts(work: Path, limit: int | None = None) -> list:
    from kg.facts import DocumentFacts

    docs = []
    for shard in sorted((work / "facts").glob("*.jsonl")):
        with open(shard, encoding="utf-8") as handle:
            docs.extend(DocumentFacts.from_dict(json.loads(line)) for line in handle if line.strip())
    return docs[:limit]


def bulk_load(graph: Path, base: Path) -> tuple[int, float]:
    """Quads and seconds to bulk-load the N-Quads file ``graph`` into a new Oxigraph store."""
    import pyoxigraph as ox

    store = ox.Store(str(base / "store"))
    start = time.perf_counter()
    store.bulk_load(path=str(graph), format=ox.RdfFormat.N_QUADS)
    store.flush()
    quads, seconds = len(store), time.perf_counter() - start
    del store
    shutil.rmtree(base / "store", ignore_errors=True)
    return quads, seconds


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


def builds(mb: float, base: Path, model: bool) -> dict:
    corpus = base / f"corpus-{mb:g}mb"
    docs, chars = make_corpus(corpus, mb)
    row: dict = {"mb": mb, "docs": docs, "chars": chars}
    print(f"{mb:g} MB: {docs} documents, {chars:,} characters", flush=True)
    digests = {}
    for label, extra in (
        ("w1", ["--workers", "1"]),
        ("w2", ["--workers", "2"]),
        ("dask2", ["--engine", "dask", "--workers", "2", "--work-dir", str(base / f"work-{mb:g}")]),
    ):
        out = base / f"out-{mb:g}-{label}.nq"
        command = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), *extra]
        command += [] if model else ["--no-model"]
        seconds, rss, stderr = timed(command)
        took = stages(stderr)
        digests[label] = hashlib.sha256(out.read_bytes()).hexdigest()
        row[label] = {"seconds": seconds, "stages": took, "peak_rss_mb": rss}
        row[label]["chars_per_s"] = chars / seconds
        row[label]["extract_chars_per_s"] = chars / took["extract"]
        print(
            f"  {label}: {seconds:.1f} s, {chars / seconds:,.0f} chars/s whole, "
            f"{chars / took['extract']:,.0f} chars/s extraction; stages {took}; peak RSS {rss:.0f} MB",
            flush=True,
        )
    row["same_bytes"] = len(set(digests.values())) == 1
    row["speedup"] = row["w1"]["seconds"] / row["w2"]["seconds"]
    row["extract_speedup"] = row["w1"]["stages"]["extract"] / row["w2"]["stages"]["extract"]
    quads, seconds = bulk_load(base / f"out-{mb:g}-w1.nq", base)
    row["bulk"] = quads / seconds
    print(f"  same bytes on every engine: {row['same_bytes']}; bulk load: {quads} quads in {seconds:.1f} s")
    for label in ("w1", "w2", "dask2"):
        (base / f"out-{mb:g}-{label}.nq").unlink()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10)
    parser.add_argument("--with-100mb", action="store_true", help="also 100 MB (about an hour on 2 cores)")
    parser.add_argument("--model", action="store_true", help="with the NER model (default: rules only)")
    parser.add_argument("--resolve-docs", type=int, default=150, help="documents for the memory measure")
    parser.add_argument("--keep", type=Path, help="work here and keep the corpora and work directories")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}; load average: {os.getloadavg()}", flush=True)
    base = args.keep or Path(tempfile.mkdtemp(prefix="zhkg-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for mb in [args.mb] + ([100.0] if args.with_100mb else []):
            rows.append(builds(mb, base, args.model))
        records, kept, per, seconds = resolution_memory(facts(base / f"work-{args.mb:g}", args.resolve_docs))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print(f"load average after: {os.getloadavg()}")
    print(
        "| corpus | docs | whole build chars/s: 1 worker | 2 workers | Dask 2 proc "
        "| extraction chars/s: 1 / 2 / Dask | peak RSS MB (1/2/Dask) | speed-up 1→2 whole (extraction) "
        "| same bytes | bulk load quads/s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        rss = "/".join(f"{r[k]['peak_rss_mb']:.0f}" for k in ("w1", "w2", "dask2"))
        ext = " / ".join(f"{r[k]['extract_chars_per_s']:,.0f}" for k in ("w1", "w2", "dask2"))
        whole = " | ".join(f"{r[k]['chars_per_s']:,.0f}" for k in ("w1", "w2", "dask2"))
        print(
            f"| {r['mb']:g} MB | {r['docs']:,} | {whole} | {ext} | {rss} | {r['speedup']:.2f}× "
            f"({r['extract_speedup']:.2f}×) | {r['same_bytes']} | {r['bulk']:,.0f} |"
        )
    print(
        f"resolution of {args.resolve_docs} documents: {records} entity records, {kept / 1e6:.1f} MB kept "
        f"(facts + Resolution) = {per:,.0f} bytes per entity record; {seconds:.1f}s"
    )
    print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
