"""The library of named queries: ``kg/queries/NAME.rq``, each with a header comment.

Header syntax (comment lines before the query)::

    # What the query answers, in a sentence or two.
    #
    # @param person label              the person's name
    # @param from   date = 0001-01-01  earliest date
    # @example person=金锋

A parameter without ``= DEFAULT`` is required. Types are those of :mod:`kg.sparql.params`.
Parameter variables are projected in the SELECT clause because Oxigraph only substitutes
projected variables; :func:`run_named` drops those columns from the answer again.

``@view COLUMN OP PARAM`` (OP one of ``< <= > >= =``) states that the parameter only selects
rows: the answer for any value is the answer at the defaults, keeping the rows whose COLUMN
compares so with the value (an unbound COLUMN compares as the parameter's default). A store
then serves every value from the report it materialized at the defaults
(:mod:`kg.sparql.materialized`), like a database answering a range query from a materialized
view; ``tests/test_materialized.py`` checks each claim against live evaluation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kg.sparql.engine import Engine
from kg.sparql.errors import QueryError
from kg.sparql.params import coerce
from kg.sparql.results import Result
from kg.sparql.terms import Term

QUERY_DIR = Path(__file__).resolve().parent
_PARAM = re.compile(r"^@param\s+(\w+)\s+(\S+?)(?:\s*=\s*(\S+))?(?:\s+(.*))?$")
_VIEW = re.compile(r"^@view\s+\??(\w+)\s*(<=|>=|<|>|=)\s*(\w+)$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None
    help: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class Selection:
    """``@view column op param``: the parameter keeps the rows where ``column op value``."""

    column: str
    op: str
    param: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str
    params: tuple[Param, ...] = ()
    examples: tuple[str, ...] = field(default_factory=tuple)
    views: tuple[Selection, ...] = ()

    def bindings(self, values: Mapping[str, Any]) -> dict[str, Term]:
        """Typed terms for every parameter: given values coerced, defaults filled in.

        Unknown or missing parameters are errors, so a typo never silently widens a query.
        """
        known = {p.name for p in self.params}
        unknown = sorted(set(values) - known)
        if unknown:
            accepted = ", ".join(sorted(known)) or "none"
            raise QueryError(f"{self.name}: unknown parameter {unknown[0]} (accepted: {accepted})")
        out: dict[str, Term] = {}
        for param in self.params:
            if param.name in values and values[param.name] is not None:
                out[param.name] = coerce(param.name, param.type, values[param.name])
            elif param.default is not None:
                out[param.name] = coerce(param.name, param.type, param.default)
            else:
                raise QueryError(f"{self.name}: missing parameter {param.name} ({param.type}: {param.help})")
        return out

    def usage(self) -> str:
        """One line per parameter, for ``kg query --list`` and the HTML page."""
        lines = []
        for p in self.params:
            default = "required" if p.required else f"default {p.default}"
            lines.append(f"{p.name} ({p.type}, {default}): {p.help}".rstrip(": "))
        return "\n".join(lines)


def parse_header(name: str, text: str) -> NamedQuery:
    """Read the leading comment block of a .rq file into a NamedQuery."""
    description: list[str] = []
    params: list[Param] = []
    examples: list[str] = []
    views: list[Selection] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line.startswith("#"):
            if line:
                break
            continue
        body = line.lstrip("#").strip()
        if body.startswith("@param"):
            match = _PARAM.match(body)
            if not match:
                raise ValueError(f"{name}.rq: bad @param line: {body}")
            pname, ptype, default, help_text = match.groups()
            params.append(Param(pname, ptype, default, (help_text or "").strip()))
        elif body.startswith("@example"):
            examples.append(body[len("@example") :].strip())
        elif body.startswith("@view"):
            match = _VIEW.match(body)
            if not match:
                raise ValueError(f"{name}.rq: bad @view line (want: @view COLUMN OP PARAM): {body}")
            views.append(Selection(*match.groups()))
        elif body:
            description.append(body)
    defaults = {p.name for p in params if not p.required}
    for view in views:
        if view.param not in defaults:
            raise ValueError(f"{name}.rq: @view {view.column}: no parameter {view.param} with a default")
    return NamedQuery(name, " ".join(description), text, tuple(params), tuple(examples), tuple(views))


@cache
def library() -> dict[str, NamedQuery]:
    """All shipped named queries by name (file stem), in name order."""
    return {
        path.stem: parse_header(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(QUERY_DIR.glob("*.rq"), key=lambda p: p.stem)
    }


@cache
def by_text() -> dict[str, NamedQuery]:
    """The shipped named queries by their exact text (how a store recognises a view's query)."""
    return {query.text: query for query in library().values()}


def get(name: str) -> NamedQuery:
    try:
        return library()[name]
    except KeyError:
        names = ", ".join(library())
        raise QueryError(f"no named query {name!r}; known: {names}") from None


def run_named(
    engine: Engine,
    name: str,
    values: Mapping[str, Any] | None = None,
    *,
    max_rows: int | None = None,
    deadline: float | None = None,
) -> Result:
    """Run named query ``name`` with ``values`` bound; the parameter columns are dropped."""
    query = get(name)
    bindings = query.bindings(values or {})
    result = engine.query(query.text, bindings, max_rows=max_rows, deadline=deadline)
    return result.without(set(bindings))
