"""Errors of the query layer; each ``str()`` is one line, fit for ``kg: query: …`` output."""

from __future__ import annotations


class QueryError(Exception):
    """A query that cannot run: bad parameter, unknown named query, engine failure."""


class QuerySyntaxError(QueryError):
    """Malformed SPARQL, with the 1-based position the parser reported (when it reported one)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.message = " ".join(message.split())
        self.line = line
        self.column = column
        where = f" at line {line}, column {column}" if line is not None and column is not None else ""
        super().__init__(f"syntax error{where}: {self.message}")


class QueryRefused(QueryError):
    """A query the read-only endpoint will not run (SPARQL Update, federated SERVICE calls)."""


class QueryTimeout(QueryError):
    """The query ran past its time limit."""


class SourceError(QueryError):
    """A SOURCE that is missing or cannot be loaded; the message names it."""
