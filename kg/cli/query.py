"""``kg query SOURCE QUERY``: SPARQL over a graph file or a store, printed for people or tools.

Errors are one line on stderr (``kg: query: …``) with exit status 2: a missing SOURCE, a
syntax error with its line and column, an unknown named query or a bad parameter.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from kg.queries import library, run_named
from kg.sparql.engine import ENGINES, open_engine
from kg.sparql.errors import QueryError
from kg.sparql.params import bind_all, parse_assignments
from kg.sparql.results import render

FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "query",
        help="run SPARQL over a graph file or store",
        description=(
            "Run a SPARQL query over a graph file (.ttl .nt .nq .trig .jsonld) or an Oxigraph store "
            "directory. Prefixes zkg: rdf: rdfs: skos: xsd: schema: org: foaf: prov: owl: dcterms: sem: "
            "are predeclared; the default graph is the union of all documents' graphs."
        ),
        epilog="examples:\n  kg query graph.ttl --name person-positions --param person=金锋\n"
        "  kg query graph.ttl 'SELECT ?n WHERE { ?p a zkg:Person ; rdfs:label ?n }' --format csv\n"
        "  kg query --list",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source", nargs="?", metavar="SOURCE", help="graph file or store directory")
    parser.add_argument("query", nargs="?", metavar="QUERY", help="SPARQL text ('-' reads standard input)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--file", "-f", metavar="Q.rq", help="read the query from a file")
    which.add_argument("--name", "-n", metavar="NAME", help="run a named query (see --list)")
    which.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind ?NAME to VALUE as an RDF term (repeatable); never pasted into the query",
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument(
        "--engine", choices=ENGINES, default=None, help="engine for graph files (default: oxigraph)"
    )
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="print at most N rows")
    parser.set_defaults(handler=run)


def list_queries() -> str:
    """The named queries with their parameters, for ``kg query --list``."""
    blocks = []
    for name, query in library().items():
        lines = [name]
        lines += textwrap.wrap(query.description, width=96, initial_indent="    ", subsequent_indent="    ")
        for param in query.params:
            default = "required" if param.required else f"default {param.default}"
            lines.append(f"    --param {param.name}=…  {param.type}, {default}; {param.help}".rstrip("; "))
        for example in query.examples:
            args = " ".join(f"--param {item}" for item in example.split())
            lines.append(f"    e.g. kg query graph.ttl --name {name} {args}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _query_text(args: argparse.Namespace) -> str:
    if args.file:
        try:
            return Path(args.file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{args.file}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    if args.query == "-":
        return sys.stdin.read()
    if not args.query:
        raise QueryError("no query: give QUERY, --file Q.rq or --name NAME (see --list)")
    return args.query


def run(args: argparse.Namespace) -> int:
    if args.list:
        sys.stdout.write(list_queries())
        return 0
    try:
        if not args.source:
            raise QueryError("missing SOURCE (a graph file or a store directory)")
        if args.name and args.query:
            raise QueryError("give either QUERY or --name, not both")
        if args.limit is not None and args.limit < 0:
            raise QueryError("--limit must be 0 or more")
        values = parse_assignments(args.param)
        text = None if args.name else _query_text(args)
        engine = open_engine(args.source, args.engine)
        if args.name:
            result = run_named(engine, args.name, values, max_rows=args.limit)
        else:
            result = engine.query(text or "", bind_all(values), max_rows=args.limit)
    except QueryError as exc:
        print(f"kg: query: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render(result, args.format))
    sys.stdout.flush()
    return 0
