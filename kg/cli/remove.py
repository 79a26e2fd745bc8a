"""``kg remove --store DIR FILE...``: take documents out of a store; entity links are recomputed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("remove", help="remove documents (by file name) from a store built with --store")
    p.add_argument("files", nargs="+", metavar="FILE", help="file names as built (directories are ignored)")
    p.add_argument("--store", required=True, type=Path, metavar="DIR", help="the store directory")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary line")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kg.store import StoreError, remove_files

    try:
        report = remove_files(args.store, args.files)
    except StoreError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 1
    for name in report.missing:
        print(f"kg: {args.store}: {name}: not in the store", file=sys.stderr)
    if not args.quiet:
        print(
            f"kg: {args.store}: {len(report.removed)} removed; "
            f"{report.documents} document(s), {report.quads} quads",
            file=sys.stderr,
        )
    return 1 if report.missing else 0
