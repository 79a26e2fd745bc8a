"""The ``kg`` command: one entry point, sub-commands are thin wrappers over the library.

Each sub-command lives in its own module here and exposes ``register(subparsers)``; the
module's handler returns the process exit status.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# module names under kg.cli, in the order ``kg --help`` lists them
COMMANDS = [
    "build",
    "validate",
    "stats",
    "ner",
    "train_ner",
    "viz",
    "export",
    "query",
    "serve",
    "explain",
    "remove",
    "push",
]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Chinese news text to an RDF knowledge graph")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"kg.cli.{name}")
        except ModuleNotFoundError as exc:  # a command still being written is simply absent
            if exc.name == f"kg.cli.{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
