"""``kg serve SOURCE``: a read-only SPARQL endpoint and query page over HTTP (see kg.sparql.server)."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from kg.sparql.engine import open_engine
from kg.sparql.errors import QueryError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve a graph as a read-only SPARQL endpoint",
        description=(
            "Serve a graph file or an Oxigraph store over HTTP: a SPARQL 1.1 Protocol endpoint at "
            "/sparql (read-only), named queries at /named/NAME, and a query page at /."
        ),
    )
    parser.add_argument("source", metavar="SOURCE", help="graph file or store directory")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per query (default: 10)")
    parser.add_argument("--max-rows", type=int, default=10_000, help="rows per answer (default: 10000)")
    parser.add_argument("--workers", type=int, default=4, help="queries running at once (default: 4)")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    parser.set_defaults(handler=run)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    from kg.sparql.server import make_server

    if args.timeout <= 0 or args.max_rows < 1 or args.workers < 1 or not 0 <= args.port <= 65535:
        print("kg: serve: --timeout, --max-rows, --workers must be > 0, --port 0-65535", file=sys.stderr)
        return 2
    try:
        engine = open_engine(args.source)
    except QueryError as exc:
        print(f"kg: serve: {exc}", file=sys.stderr)
        return 2
    try:
        server = make_server(
            engine,
            args.host,
            args.port,
            timeout=args.timeout,
            max_rows=args.max_rows,
            workers=args.workers,
            quiet=args.quiet,
        )
    except OSError as exc:
        print(f"kg: serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    host, port = server.server_address[:2]
    if not _is_loopback(args.host):
        print(f"kg: serve: warning: listening on {host}, reachable from other machines", file=sys.stderr)
    print(f"kg: serving {engine.source} at http://{host}:{port}/ (SPARQL endpoint /sparql)", file=sys.stderr)
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
