"""``kg push SOURCE --endpoint URL``: load a graph into a SPARQL server over the Graph Store Protocol.

SOURCE is a graph file, a store directory or a directory of N-Quads shards; see ``kg.scale.push``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("push", help="load a graph, store or shard folder into a SPARQL Graph Store server")
    p.add_argument("source", type=Path, metavar="SOURCE", help="graph file, store directory or *.nq folder")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the server's SPARQL endpoint")
    p.add_argument(
        "--graph-store",
        metavar="URL",
        help="its Graph Store Protocol endpoint (default: the SPARQL endpoint URL; "
        "Virtuoso: http://HOST:8890/sparql-graph-crud)",
    )
    p.add_argument("--batch", type=int, default=50_000, metavar="N", help="triples per request")
    p.add_argument("--state", type=Path, metavar="FILE", help="record batches sent here; a re-run skips them")
    p.add_argument("--quiet", "-q", action="store_true")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kg.scale.push import PushError, push

    if not args.source.exists():
        print(f"kg: {args.source}: no such file or directory", file=sys.stderr)
        return 1
    if args.batch < 1:
        print("kg: --batch must be at least 1", file=sys.stderr)
        return 2

    def log(message: str) -> None:
        if not args.quiet:
            print(f"kg: {message}", file=sys.stderr)

    try:
        report = push(
            args.source, args.graph_store or args.endpoint, batch=args.batch, state=args.state, log=log
        )
    except (PushError, OSError, SyntaxError) as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 1
    log(
        f"{report.triples} triples in {report.graphs} graph(s): {report.sent} batch(es) sent, "
        f"{report.skipped} already there"
    )
    return 0
