"""``kg build INPUT... --output FILE`` / ``--store DIR``: articles in, one RDF graph out.

A file that cannot be read is reported on one line and skipped; the others still build and the
exit status is 1. The output is written to a temporary file and renamed, so an interrupted build
never leaves a half-written graph. With ``--store DIR`` the articles are added to a persistent
Oxigraph store (created if needed; see ``kg.store``): an article already in it is skipped, a
changed one replaces its old version, and a killed build leaves the store as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.rdf.output import FORMATS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build a knowledge graph from Chinese news files or folders")
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="text files or folders of them (paths or fsspec URLs)"
    )
    p.add_argument(
        "--output",
        "-o",
        help=f"graph file or URL; the format follows the extension ({', '.join(sorted(FORMATS))})",
    )
    p.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        help="add the inputs to this persistent store (created if needed); with --output, also "
        "export the whole store there",
    )
    p.add_argument(
        "--year", type=int, help="the year of dates that print none (default: inferred per document)"
    )
    p.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="when the articles appeared: sets the year and dates 近日 / 日前",
    )
    p.add_argument("--no-model", action="store_true", help="rules only, without the trained NER model")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary")
    from kg.cli.build_scale import add_scale_arguments

    add_scale_arguments(p)
    p.set_defaults(handler=run)


def _iso_date(value: str) -> str:
    import datetime

    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _progress(args: argparse.Namespace) -> bool:
    """A progress bar on a terminal only: redrawn bars are noise in a log file or a CI job."""
    return not args.quiet and sys.stderr.isatty()


def run(args: argparse.Namespace) -> int:
    if args.output is None and args.store is None:
        print("kg: build needs --output FILE, --store DIR, or both", file=sys.stderr)
        return 2
    if args.output is not None and Path(args.output).suffix not in FORMATS:
        print(
            f"kg: {args.output}: unknown graph format {Path(args.output).suffix!r} "
            f"(use one of {', '.join(sorted(FORMATS))})",
            file=sys.stderr,
        )
        return 2
    local = args.output is not None and "://" not in str(args.output)
    if local and not Path(args.output).resolve().parent.is_dir():
        # say so before minutes of extraction, not after
        print(f"kg: {args.output}: the folder {Path(args.output).parent} does not exist", file=sys.stderr)
        return 2
    if args.engine == "dask":
        from kg.cli.build_scale import run_dask

        return run_dask(args)
    if args.shards is not None:
        print("kg: --shards needs --engine dask", file=sys.stderr)
        return 2
    if args.store is not None:
        return _run_store(args)
    from kg.build import build_graph  # spaCy loads here, not for `kg --help` or a no-op store build

    try:
        report = build_graph(
            args.inputs,
            Path(args.output),
            year=args.year,
            date=args.date,
            model=not args.no_model,
            progress=_progress(args),
            workers=args.workers,
        )
    except OSError as exc:  # disk full, permissions: one line, and write_graph left no file
        print(f"kg: {args.output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for error in report.errors:
        print(f"kg: {error}", file=sys.stderr)
    if report.built == 0:
        print("kg: nothing to build: no readable input", file=sys.stderr)
        return 1
    if not args.quiet:
        print(
            f"kg: {report.built} document(s), {report.triples} triples → {args.output} ({report.timing()})",
            file=sys.stderr,
        )
    return 1 if report.errors else 0


def _run_store(args: argparse.Namespace) -> int:
    from kg.store import StoreError, add_files, export_store
    from kg.text.reading import InputError, iter_input_files

    try:
        paths = iter_input_files(args.inputs)
        report = add_files(
            args.store,
            paths,
            year=args.year,
            date=args.date,
            model=not args.no_model,
            progress=_progress(args),
        )
    except (InputError, StoreError) as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 1
    for error in report.errors:
        print(f"kg: {error}", file=sys.stderr)
    if not args.quiet:
        print(
            f"kg: {args.store}: {len(report.added)} added, {len(report.replaced)} replaced, "
            f"{len(report.unchanged)} unchanged; {report.documents} document(s), {report.quads} quads",
            file=sys.stderr,
        )
    if args.output is not None and report.documents:
        export_store(args.store, Path(args.output))
        if not args.quiet:
            print(f"kg: exported → {args.output}", file=sys.stderr)
    return 1 if report.errors else 0
