"""The scale options of ``kg build`` (``--workers``, ``--engine dask`` …) and the Dask run.

Kept apart from ``kg.cli.build`` so that module stays about the single-machine build; this is
not a sub-command of its own (it is not in ``kg.cli.COMMANDS``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return n


def add_scale_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--workers",
        "-j",
        type=_positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="extraction processes (default: all cores, %(default)s here); the graph is the same for any N",
    )
    p.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: a process pool; dask: Dask tasks with resumable shards (needs the 'scale' extra)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler (default: a local cluster of --workers processes)",
    )
    p.add_argument(
        "--work-dir",
        metavar="DIR",
        help="Dask intermediate shards and markers; reusing it resumes a killed run "
        "(default: .NAME.zhkg-work next to the output)",
    )
    p.add_argument("--partition-size", type=_positive, default=16, metavar="N", help="files per Dask task")
    p.add_argument(
        "--shards", metavar="DIR", help="with --engine dask: also write the N-Quads shards here (path or URL)"
    )


def _default_work_dir(args: argparse.Namespace) -> str:
    anchor = str(args.output or args.store or args.shards).rstrip("/")
    head, _, name = anchor.rpartition("/")
    return f"{head}/.{name}.zhkg-work" if head else f".{name}.zhkg-work"


def _shard_formats(args: argparse.Namespace) -> tuple[str, ...]:
    """N-Triples shards only for an .nt output; N-Quads for everything else (store, shards, rdflib)."""
    from kg.rdf.load import format_for
    from kg.scale.io import name_of

    needs = set()
    if args.output is not None and args.store is None:
        fmt = format_for(Path(name_of(args.output)))
        needs.add("nt" if fmt == "nt" else "nquads")
    if args.store is not None or args.shards is not None:
        needs.add("nquads")
    return tuple(sorted(needs)) or ("nquads",)


def run_dask(args: argparse.Namespace) -> int:
    """``kg build --engine dask``: extract on Dask, resolve here, write output/store/shards."""
    try:
        from kg.scale import dask_engine
    except ModuleNotFoundError as exc:
        print(
            f"kg: --engine dask needs the 'scale' extra (pip install 'zhkg[scale]'): {exc}", file=sys.stderr
        )
        return 2
    from kg.scale.io import expand_inputs
    from kg.scale.pool import Options
    from kg.text.reading import InputError

    def log(message: str) -> None:
        if not args.quiet:
            print(f"kg: {message}", file=sys.stderr)

    try:
        sources = expand_inputs(args.inputs)
    except InputError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 1
    work = args.work_dir or _default_work_dir(args)
    report, parts, rdir = dask_engine.run(
        sources,
        work,
        Options(args.year, args.date, not args.no_model),
        workers=args.workers,
        scheduler=args.scheduler,
        partition_size=args.partition_size,
        formats=_shard_formats(args),
        log=log,
    )
    for error in report.errors:
        print(f"kg: {error}", file=sys.stderr)
    if report.built == 0:
        print("kg: nothing to build: no readable input", file=sys.stderr)
        return 1
    if args.output is not None and args.store is None:
        clock = time.perf_counter()
        quads = dask_engine.write_output(parts, rdir, args.output)
        report.seconds["write"] = time.perf_counter() - clock
        log(f"{report.built} document(s), {quads} statements → {args.output} ({report.timing()})")
    if args.shards is not None:
        written = dask_engine.copy_shards(parts, rdir, args.shards)
        log(f"{len(written)} N-Quads shard(s) → {args.shards}")
    if args.store is not None:
        from kg.store import StoreError, bulk_load, export_store

        docs = (d for p in parts for d in dask_engine.read_facts(work, p))
        assert report.resolution is not None
        try:
            stored = bulk_load(
                args.store, dask_engine.shard_files(parts, rdir, "nq"), docs, report.resolution
            )
        except StoreError as exc:
            print(f"kg: {exc}", file=sys.stderr)
            return 1
        log(f"{args.store}: bulk-loaded {stored.documents} document(s), {stored.quads} quads")
        if args.output is not None:
            export_store(args.store, Path(args.output))
    return 1 if report.errors else 0
