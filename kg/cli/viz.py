"""``kg viz SOURCE --output graph.html``: an interactive, offline view of the graph."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kg.networks import SourceError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "viz",
        help="draw the graph as an interactive HTML page (works offline)",
        description=(
            "Write a self-contained HTML page (pyvis / vis-network) of the entity network: persons, "
            "organizations, places, projects and events, coloured by type, sized by degree, with "
            "tooltips giving aliases, positions and evidence. SOURCE is a graph file (.ttl .nt .nq "
            ".trig .jsonld) or an Oxigraph store directory. Filters combine: --query first, then "
            "--types, then --from/--to, then --focus."
        ),
    )
    parser.add_argument("source", metavar="SOURCE", help="graph file or Oxigraph store directory")
    parser.add_argument("--output", "-o", required=True, type=Path, help="HTML file to write")
    parser.add_argument("--focus", metavar="NAME", help="ego network of the node(s) with this label or alias")
    parser.add_argument("--depth", type=int, default=1, help="steps around --focus (default 1)")
    parser.add_argument(
        "--query", metavar="FILE.rq", type=Path, help="draw the graph a CONSTRUCT query returns"
    )
    parser.add_argument("--types", metavar="T1,T2", help="keep these classes, e.g. Person,Organization,Event")
    parser.add_argument(
        "--from", dest="date_from", type=_date, metavar="YYYY-MM-DD", help="events on or after"
    )
    parser.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD", help="events on or before")
    parser.add_argument("--title", help="page heading")
    parser.add_argument("--screenshot", metavar="PNG", type=Path, help="also save a PNG (needs chromium)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kg.viz import VizOptions, write_viz

    if args.depth < 0:
        print("kg: --depth must be 0 or more", file=sys.stderr)
        return 2
    query = None
    if args.query:
        try:
            query = args.query.read_text(encoding="utf-8")
        except OSError as exc:
            print(f"kg: {args.query}: cannot read: {exc.strerror or exc}", file=sys.stderr)
            return 2
    types = [t.strip() for t in args.types.split(",") if t.strip()] if args.types else None
    opts = VizOptions(
        focus=args.focus,
        depth=args.depth,
        query=query,
        types=types,
        date_from=args.date_from,
        date_to=args.date_to,
        heading=args.title,
    )
    try:
        net = write_viz(args.source, args.output, opts)
    except SourceError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 2
    except LookupError as exc:
        print(f"kg: {exc.args[0]}", file=sys.stderr)
        return 1
    except ValueError as exc:  # a query that is not CONSTRUCT, or does not parse
        print(f"kg: {args.query}: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"kg: {args.output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(
        f"kg: {net.number_of_nodes()} nodes, {net.number_of_edges()} edges → {args.output}", file=sys.stderr
    )
    if args.screenshot:
        from kg.headless import BrowserError, screenshot_page

        try:
            screenshot_page(args.output, args.screenshot)
        except BrowserError as exc:
            print(f"kg: screenshot: {exc}", file=sys.stderr)
            return 1
        print(f"kg: screenshot → {args.screenshot}", file=sys.stderr)
    return 0
