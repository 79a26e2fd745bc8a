"""Throughput and memory of ``kg ner`` on ~N MB of real news text.

    python bench/bench_ner.py [--mb 10] [--processes 1 2]

Builds the input by replicating the lines of ``../shared/corpus`` (or ``examples/``), streams
it through the same code path as ``kg ner`` (kg.cli.ner.annotate) once per process count, and
prints chars/s and the peak RSS of this process and of its children.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def corpus_lines() -> list[str]:
    for d in (ROOT.parent / "shared" / "corpus", ROOT / "examples"):
        files = sorted(d.glob("*.txt")) if d.is_dir() else []
        if files:
            lines = [ln.strip() for f in files for ln in f.read_text(encoding="utf-8").splitlines()]
            return [ln for ln in lines if ln]
    raise SystemExit("no corpus found in ../shared/corpus or examples/")


def make_input(path: Path, mb: float) -> int:
    """Write ~``mb`` MB (UTF-8) of replicated corpus lines; returns the number of characters."""
    target = int(mb * 1024 * 1024)
    size = chars = 0
    with path.open("w", encoding="utf-8") as fh:
        for line in itertools.cycle(corpus_lines()):
            fh.write(line + "\n")
            size += len(line.encode("utf-8")) + 1
            chars += len(line)
            if size >= target:
                break
    return chars


def read(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield {"text": line.rstrip("\n")}


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=10.0, help="input size in MB")
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=256)
    args = ap.parse_args()

    from kg.cli.ner import annotate
    from kg.nlp.ner import load_model

    load_model()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "input.txt"
        chars = make_input(src, args.mb)
        print(f"input: {src.stat().st_size / 1e6:.1f} MB, {chars} chars", flush=True)
        for n in args.processes:
            t0 = time.perf_counter()
            n_ents = 0
            with open(Path(tmp) / f"out{n}.jsonl", "w", encoding="utf-8") as out:
                for rec in annotate(read(src), batch_size=args.batch_size, n_process=n):
                    n_ents += len(rec["entities"])
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            secs = time.perf_counter() - t0
            print(
                f"n_process={n}: {chars / secs:,.0f} chars/s ({secs:.1f} s, {n_ents} entities); "
                f"peak RSS self {peak_rss_mb(resource.RUSAGE_SELF):.0f} MB, "
                f"children {peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
