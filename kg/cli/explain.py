"""``kg explain GRAPH ENTITY``: why these mentions were joined into one node (or kept apart)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("explain", help="show the resolution decisions behind an entity")
    p.add_argument("graph", metavar="GRAPH", help="graph file or store directory")
    p.add_argument("entity", metavar="ENTITY", help="a name (label or other name) or an entity IRI")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kg.explain import explain, load_source
    from kg.rdf.load import GraphFileError
    from kg.store import StoreError

    try:
        graph = load_source(args.graph)
    except (GraphFileError, StoreError, OSError) as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 1
    text = explain(graph, args.entity)
    if not text:
        print(
            f"kg: {args.graph}: no person, organization, place or project named {args.entity!r}",
            file=sys.stderr,
        )
        return 1
    print(text)
    return 0
