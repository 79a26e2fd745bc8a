"""``kg validate GRAPH``: check a graph file against the project's SHACL shapes.

Exit status: 0 conforms (warnings may be printed), 1 does not conform (report printed),
2 the file cannot be read or parsed (one line on stderr).
"""

from __future__ import annotations

import argparse
import sys

from kg.rdf.load import GraphFileError
from kg.rdf.validate import validate


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a graph against the SHACL shapes",
        description="Validate a graph file (.ttl .nt .nq .trig .jsonld) with ontology/shapes.ttl.",
    )
    parser.add_argument("graph", metavar="GRAPH", help="graph file to check")
    parser.add_argument(
        "--inference",
        choices=["none", "rdfs"],
        default="none",
        help="RDFS inference before validating (slower; default: none)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing, only set the exit status")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        conforms, report = validate(args.graph, inference=args.inference)
    except GraphFileError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        if conforms and "Results (" not in report:
            print(f"{args.graph}: conforms")
        else:
            print(report.rstrip())
    return 0 if conforms else 1
