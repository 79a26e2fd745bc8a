"""``kg stats GRAPH``: how many instances of each class and triples of each property."""

from __future__ import annotations

import argparse
import sys

from kg.rdf.load import GraphFileError, load_graph
from kg.rdf.ontology import ontology_graph
from kg.rdf.stats import format_stats, graph_stats


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="count instances per class and triples per property",
        description="Print counts per class and per property of a graph file (.ttl .nt .nq .trig .jsonld).",
    )
    parser.add_argument("graph", metavar="GRAPH", help="graph file to count")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        dataset = load_graph(args.graph)
    except GraphFileError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(format_stats(graph_stats(dataset), ontology_graph()))
    return 0
