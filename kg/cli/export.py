"""``kg export SOURCE --output F.graphml|F.gexf|F.ttl…``: the graph for Gephi and friends."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.networks import SourceError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the entity network as GraphML/GEXF (Gephi), or the graph as RDF",
        description=(
            "Write the entity network (persons, organizations, places, projects, events; positions "
            "as person→organization edges) as .graphml or .gexf for Gephi, yEd or Cytoscape; or, "
            "for an RDF extension (.ttl .nt .nq .trig .jsonld), the whole graph as RDF."
        ),
    )
    parser.add_argument("source", nargs="?", metavar="SOURCE", help="graph file or Oxigraph store directory")
    parser.add_argument("--store", metavar="DIR", type=Path, help="read an Oxigraph store directory")
    parser.add_argument("--output", "-o", required=True, type=Path, help="file to write; format by extension")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kg.export import export

    if (args.source is None) == (args.store is None):
        print("kg: give either SOURCE or --store DIR", file=sys.stderr)
        return 2
    source = args.store if args.store is not None else args.source
    try:
        summary = export(source, args.output)
    except SourceError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"kg: {args.output}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"kg: {args.output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"kg: {summary} → {args.output}", file=sys.stderr)
    return 0
