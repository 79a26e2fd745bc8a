"""``kg build INPUT... --output FILE``: articles in, one RDF graph out.

A file that cannot be read is reported on one line and skipped; the others still build and the
exit status is 1. The output is written to a temporary file and renamed, so an interrupted build
never leaves a half-written graph.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.build import build_graph
from kg.rdf.output import FORMATS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build a knowledge graph from Chinese news files or folders")
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="text files or folders of them")
    p.add_argument(
        "--output",
        "-o",
        required=True,
        type=Path,
        help=f"graph file; the format follows the extension ({', '.join(sorted(FORMATS))})",
    )
    p.add_argument(
        "--year", type=int, help="the year of dates that print none (default: inferred per document)"
    )
    p.add_argument("--no-model", action="store_true", help="rules only, without the trained NER model")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.output.suffix not in FORMATS:
        print(
            f"kg: {args.output}: unknown graph format {args.output.suffix!r} "
            f"(use one of {', '.join(sorted(FORMATS))})",
            file=sys.stderr,
        )
        return 2
    report = build_graph(
        args.inputs, args.output, year=args.year, model=not args.no_model, progress=not args.quiet
    )
    for error in report.errors:
        print(f"kg: {error}", file=sys.stderr)
    if report.built == 0:
        print("kg: nothing to build: no readable input", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"kg: {report.built} document(s), {report.triples} triples → {args.output}", file=sys.stderr)
    return 1 if report.errors else 0
