"""``kg stats GRAPH``: how many instances of each class and triples of each property.

With ``--central``: the most central people and organizations of the entity network (degree,
betweenness) and its communities, from ``kg.networks``.
"""

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
    parser.add_argument(
        "graph", metavar="GRAPH", help="graph file to count (or a store directory with --central)"
    )
    parser.add_argument(
        "--central",
        action="store_true",
        help="also list the most central persons and organizations and the communities",
    )
    parser.add_argument("--top", type=int, default=10, help="rows per group with --central (default 10)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    if args.central and Path(args.graph).is_dir():
        from kg.networks import SourceError, load_source

        try:
            dataset = load_source(args.graph)
        except SourceError as exc:
            print(f"kg: {exc}", file=sys.stderr)
            return 2
    else:
        try:
            dataset = load_graph(args.graph)
        except GraphFileError as exc:
            print(f"kg: {exc}", file=sys.stderr)
            return 2
    sys.stdout.write(format_stats(graph_stats(dataset), ontology_graph()))
    if args.central:
        sys.stdout.write(format_central(dataset, top=args.top))
    return 0


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_central(dataset: object, top: int = 10) -> str:
    """Centrality tables and communities as text, widths computed for Chinese labels."""
    from kg.networks import centrality_table, communities, to_networkx
    from kg.rdf.stats import display_width

    net = to_networkx(dataset)  # type: ignore[arg-type]
    lines = [f"\nentity network: {net.number_of_nodes()} nodes, {net.number_of_edges()} edges\n"]
    rows = centrality_table(net, top=top)
    for group, heading in (("Person", "人物"), ("Organization", "组织机构")):
        chosen = [r for r in rows if r["group"] == group]
        if not chosen:
            continue
        width = max(display_width(r["label"]) for r in chosen)
        lines.append(f"\nmost central {group.lower()}s ({heading}), by betweenness\n")
        lines.append(f"{'name'.ljust(width)}  degree  betweenness  type\n")
        for r in chosen:
            pad = " " * (width - display_width(r["label"]))
            lines.append(f"{r['label']}{pad}  {r['degree']:>6}  {r['betweenness']:>11.4f}  {r['type']}\n")
    groups = [c for c in communities(net) if len(c) > 1]
    lines.append(f"\ncommunities (Louvain, {len(groups)} with 2+ members; largest first)\n")
    for i, members in enumerate(groups[:top], 1):
        ranked = sorted(members, key=lambda n: (-net.degree(n), net.nodes[n]["label"]))
        names = "、".join(_short(net.nodes[n]["label"]) for n in ranked[:8])
        more = f" … (+{len(members) - 8})" if len(members) > 8 else ""
        lines.append(f"{i:>3}. [{len(members)}] {names}{more}\n")
    return "".join(lines)
