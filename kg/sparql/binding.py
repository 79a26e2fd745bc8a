"""Parameter bindings as VALUES blocks opening the query's WHERE groups.

Oxigraph applies ``substitutions`` after planning, so a bound name does not steer the join
order: a lookup by name on a million-triple store took seconds instead of milliseconds. A
VALUES block inside the WHERE group is planned like a constant. The block is built from terms
serialised by pyoxigraph (``str()`` of a term is its N-Triples form, with quotes, backslashes
and newlines escaped, and IRIs validated when the term was made) and variable names checked
as SPARQL names, so parameter text can never become query syntax.

The insertion point is found on a copy of the query with comments, strings and IRIs blanked
out (same length), so a ``WHERE {`` inside a literal or a comment is never taken for the
real one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kg.sparql.guard import TOKENS

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def where_offsets(text: str) -> list[int]:
    """Indices just after the ``{`` of every ``WHERE {`` outside comments, strings and IRIs."""
    masked = TOKENS.sub(_blank, text)
    return [match.end() for match in _WHERE.finditer(masked)]


def values_block(substitutions: Mapping[Any, Any]) -> str:
    """``VALUES (?a ?b) { (t1 t2) }`` from pyoxigraph Variables → terms (one row)."""
    names = []
    for variable in substitutions:
        name = getattr(variable, "value", str(variable))
        if not _VARNAME.match(name):
            raise ValueError(f"not a variable name: {name!r}")
        names.append(f"?{name}")
    terms = " ".join(str(term) for term in substitutions.values())
    return f" VALUES ({' '.join(names)}) {{ ({terms}) }} "


def with_values(text: str, substitutions: Mapping[Any, Any]) -> str | None:
    """``text`` with the bindings opening every WHERE group (subqueries too), or None.

    In every group, like a substitution: a subquery that uses a bound name is restricted by
    it, so DISTINCT subqueries anchored on a parameter stay small; one that does not use the
    name only gains an unrelated constant column that its projection drops. Kept on the same
    line, so line numbers in errors still match the user's text.
    """
    offsets = where_offsets(text)
    if not offsets or not substitutions:
        return None
    block = values_block(substitutions)
    pieces, last = [], 0
    for offset in offsets:
        pieces += [text[last:offset], block]
        last = offset
    return "".join(pieces) + text[last:]
