"""``kg.open(source)``: ask a zhkg graph questions from Python (notebooks, scripts).

    >>> import kg
    >>> g = kg.open("graph.ttl")                      # or a store directory
    >>> for row in g.named("person-positions", person="金锋"):
    ...     print(row.title, row.organization)
    >>> g.to_df("SELECT ?n WHERE { ?p a zkg:Person ; rdfs:label ?n }")

Rows are named tuples of Python values (str, int, Decimal, datetime.date; IRIs as rdflib
URIRef, which is a str). Keyword parameters are bound as RDF terms, never pasted into the
query, so a name taken from an article cannot change what the query does.
"""

from __future__ import annotations

import keyword
import re
from collections import namedtuple
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from kg.queries import get as get_named
from kg.queries import library, run_named
from kg.sparql.engine import Engine, open_engine
from kg.sparql.params import bind_all
from kg.sparql.results import Result
from kg.sparql.terms import to_python

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KnowledgeGraph", "Rows", "open"]


def _field_names(names: list[str]) -> list[str]:
    """SPARQL variable names as namedtuple fields (identifiers, not keywords, no leading _)."""
    out = []
    for i, name in enumerate(names):
        field = re.sub(r"\W", "_", name)
        if not field.isidentifier() or field.startswith("_") or keyword.iskeyword(field) or field in out:
            field = f"col{i}"
        out.append(field)
    return out


class Rows(list):
    """The rows of a SELECT as named tuples of Python values; ``.vars`` names the columns.

    ``.result`` keeps the RDF terms (language tags, datatypes) for callers who need them.
    """

    def __init__(self, result: Result) -> None:
        self.vars = list(result.vars)
        self.result = result
        self.truncated = result.truncated
        row_type = namedtuple("Row", _field_names(self.vars))  # type: ignore[misc]
        super().__init__(row_type(*(to_python(t) for t in row)) for row in result.rows)

    def dicts(self) -> list[dict[str, Any]]:
        """The rows as dicts keyed by the SPARQL variable names."""
        return [dict(zip(self.vars, row, strict=True)) for row in self]


class KnowledgeGraph:
    """A graph file or store opened for querying; see :func:`open`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.engine.source!r} ({self.engine.name})>"

    def __len__(self) -> int:
        return self.engine.triple_count()

    def raw(self, sparql: str, **params: Any) -> Result:
        """The engine's answer as RDF terms (what the CLI and the server serialise)."""
        return self.engine.query(sparql, bind_all(params))

    def query(self, sparql: str, **params: Any) -> Rows | bool | Graph:
        """Run SPARQL: SELECT → :class:`Rows`, ASK → bool, CONSTRUCT/DESCRIBE → rdflib Graph.

        ``params`` bind variables of the query: ``g.query(Q, person="金锋")`` binds ?person to
        ``"金锋"@zh``; dates, numbers and ``https://``/``id:`` IRIs are typed by their shape
        (see kg.sparql.params.infer). Oxigraph binds only variables the SELECT projects.
        """
        return self._shape(self.raw(sparql, **params))

    def named(self, name: str, **params: Any) -> Rows | bool | Graph:
        """Run a named query from kg/queries with typed parameters (see :meth:`queries`)."""
        return self._shape(run_named(self.engine, name, params))

    def to_df(self, sparql_or_result: str | Result | Rows, **params: Any) -> pd.DataFrame:
        """A pandas DataFrame of a SELECT: SPARQL text, a named query's name, or rows.

        Decimal columns (investment amounts) become floats so they sort and plot; text and
        dates stay as they are.
        """
        import pandas as pd

        if isinstance(sparql_or_result, str):
            if sparql_or_result in library():
                rows = self.named(sparql_or_result, **params)
            else:
                rows = self.query(sparql_or_result, **params)
        elif isinstance(sparql_or_result, Result):
            rows = self._shape(sparql_or_result)
        else:
            rows = sparql_or_result
        if not isinstance(rows, Rows):
            raise TypeError("to_df needs a SELECT query")
        frame = pd.DataFrame(list(rows), columns=rows.vars)
        for column in frame.columns:
            values = frame[column].dropna()
            if len(values) and all(isinstance(v, Decimal) for v in values):
                frame[column] = frame[column].astype(float)
        return frame

    @staticmethod
    def queries() -> dict[str, str]:
        """Named query → description, with its parameters."""
        out = {}
        for name, query in library().items():
            usage = query.usage()
            out[name] = query.description + (f"\n{usage}" if usage else "")
        return out

    @staticmethod
    def query_text(name: str) -> str:
        """The SPARQL text of a named query (to copy and adapt)."""
        return get_named(name).text

    @staticmethod
    def _shape(result: Result) -> Rows | bool | Graph:
        if result.kind == "ask":
            return bool(result.boolean)
        if result.kind == "graph":
            return result.graph()
        return Rows(result)


def open(source: str | Path, *, engine: str | None = None) -> KnowledgeGraph:
    """Open a graph file (.ttl .nt .nq .trig .jsonld) or an Oxigraph store directory.

    Files are loaded into an in-memory Oxigraph store (fast); ``engine="rdflib"`` uses rdflib
    instead. Store directories are opened read-only. Raises kg.sparql.errors.SourceError.
    """
    return KnowledgeGraph(open_engine(source, engine))
