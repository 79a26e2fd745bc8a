"""Throughput and peak memory of ``kg build`` on the example corpus replicated to ~10 MB.

    python bench/bench_build.py [--mb 10] [--huge]

Prints characters per second and the peak resident memory of the build process. ``--huge`` also
times one single file of the same size (a concatenated archive), the case that must not go
quadratic.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def replicate(dest: Path, megabytes: float) -> int:
    """Copies of the example files until about ``megabytes`` MB; returns the character count."""
    sources = sorted(EXAMPLES.glob("*.txt"))
    chars = size = i = 0
    while size < megabytes * 1e6:
        src = sources[i % len(sources)]
        shutil.copy(src, dest / f"{i:05d}_{src.name}")
        size += src.stat().st_size
        chars += len(src.read_text(encoding="utf-8"))
        i += 1
    return chars


def run(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one ``kg`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", *args], check=False, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--huge", action="store_true")
    ap.add_argument("--model", action="store_true", help="include the trained NER model")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        chars = replicate(folder, a.mb)
        flags = ["--quiet"] + ([] if a.model else ["--no-model"])
        seconds, peak = run(["build", str(folder), "--output", str(Path(tmp) / "g.nt"), *flags])
        print(f"{'input':28} {'chars':>12} {'seconds':>9} {'chars/s':>10} {'peak RSS MB':>12}")
        row("many files", a.mb, chars, seconds, peak)
        if a.huge:
            huge = Path(tmp) / "huge.txt"
            with huge.open("w", encoding="utf-8") as out:
                for f in sorted(folder.iterdir()):
                    out.write(f.read_text(encoding="utf-8") + "\n\n")
            seconds, peak = run(["build", str(huge), "--output", str(Path(tmp) / "h.nt"), *flags])
            row("one file", a.mb, chars, seconds, peak)


def row(what: str, mb: float, chars: int, seconds: float, peak_kib: int) -> None:
    label = f"{what} ({mb:g} MB)"
    print(f"{label:28} {chars:12,d} {seconds:9.1f} {chars / seconds:10,.0f} {peak_kib / 1024:12.0f}")


if __name__ == "__main__":
    main()
