"""Engines: Oxigraph (a store directory, or a graph file loaded into memory) and rdflib.

Both take SPARQL text plus parameter *bindings* (RDF terms) and return a
:class:`kg.sparql.results.Result` of rdflib terms. Bindings reach rdflib as ``initBindings``;
for Oxigraph they become a VALUES block opening the outermost WHERE group, written from
pyoxigraph-serialised terms (see kg.sparql.binding: that is what lets Oxigraph plan around a
bound name), with ``substitutions`` as the fallback for queries without a ``WHERE {``. User
text is never formatted into SPARQL.

Oxigraph is the default for files too: loading the example graph takes milliseconds and its
queries run one to three orders of magnitude faster than rdflib's (see bench/bench_queries.py).
``engine="rdflib"`` stays available for callers who want rdflib's evaluation.

The default graph of every query is the union of all named graphs (``kg build`` puts each
document in its own graph). With Oxigraph that union is a multiset: a triple stated by three
documents matches three times, so counting queries should use DISTINCT.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from kg.rdf.load import FORMATS, GraphFileError, load_graph
from kg.sparql.binding import values_block, with_values
from kg.sparql.errors import QueryError, QueryRefused, QuerySyntaxError, QueryTimeout, SourceError
from kg.sparql.guard import is_update
from kg.sparql.prefixes import PREFIXES
from kg.sparql.results import Result, Row
from kg.sparql.terms import Term, from_oxigraph, to_oxigraph

ENGINES = ("oxigraph", "rdflib")
#: rows between two looks at the clock while streaming results
_CHECK_EVERY = 256
#: longest query text re-parsed by rdflib only to explain a syntax error better
_EXPLAIN_LIMIT = 20_000


class Engine(Protocol):
    """What the API, the CLI and the server need from a backend."""

    name: str
    source: str

    def query(
        self,
        text: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        max_rows: int | None = None,
        deadline: float | None = None,
    ) -> Result: ...

    def triple_count(self) -> int: ...


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def explain_syntax_error(text: str, fallback: str = "") -> QueryError:
    """A one-line error for a text that failed to parse, positioned where possible.

    rdflib's parser reports the offending token and its line and column clearly; Oxigraph's
    messages list character classes. So rdflib explains, Oxigraph's text is the fallback. An
    update sent as a query is refused (read-only) instead of being called a syntax error.
    """
    if len(text) <= _EXPLAIN_LIMIT:
        try:
            parsed = parseQuery(text)
        except Exception as exc:  # pyparsing.ParseException and friends
            if is_update(text):
                return QueryRefused("SPARQL Update is not allowed: queries are read-only")
            line, column = getattr(exc, "lineno", None), getattr(exc, "col", None)
            message = str(exc).split("  (at char")[0].split(" (at char")[0]
            return QuerySyntaxError(_one_line(message), line, column)
    match = re.match(r"error at (\d+):(\d+): (.*)", fallback, re.DOTALL)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
    if len(text) <= _EXPLAIN_LIMIT:
        try:
            translateQuery(parsed, initNs=PREFIXES)
        except Exception as exc:  # e.g. "Unknown namespace prefix : nope"
            return QuerySyntaxError(_one_line(str(exc)), line, column)
    if match:
        return QuerySyntaxError(_one_line(match.group(3), 160), line, column)
    return QuerySyntaxError(_one_line(fallback or "cannot parse the query"))


def _check_clock(count: int, deadline: float | None) -> None:
    if deadline is not None and count % _CHECK_EVERY == 0 and time.monotonic() > deadline:
        raise QueryTimeout("query ran past its time limit")


def _collect_rows(
    rows: Iterable[Row], max_rows: int | None, deadline: float | None
) -> tuple[list[Row], bool]:
    out: list[Row] = []
    for count, row in enumerate(rows):
        _check_clock(count, deadline)
        if max_rows is not None and len(out) >= max_rows:
            return out, True
        out.append(row)
    return out, False


class OxigraphEngine:
    """pyoxigraph Store: an on-disk store opened read-only, or a file loaded in memory."""

    name = "oxigraph"

    def __init__(self, store: ox.Store, source: str, generation: Path | None = None) -> None:
        self.store = store
        self.source = source
        #: the store generation opened, when it has materialized reports (kg.sparql.materialized)
        self.generation = generation

    def triple_count(self) -> int:
        return len(self.store)

    def query(
        self,
        text: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        max_rows: int | None = None,
        deadline: float | None = None,
    ) -> Result:
        if self.generation is not None:
            from kg.sparql.materialized import lookup

            if (report := lookup(self.generation, text, bindings)) is not None:
                if max_rows is not None and len(report.rows) > max_rows:
                    report.rows, report.truncated = report.rows[:max_rows], True
                return report
        try:
            substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        except ValueError as exc:
            raise QueryError(f"bad parameter value: {_one_line(str(exc))}") from None
        rewritten = with_values(text, substitutions) if substitutions else None
        if rewritten is not None:
            try:
                answer = self.store.query(rewritten, prefixes=PREFIXES, use_default_graph_as_union=True)
            except SyntaxError:
                pass  # report the error against the user's own text, below
            except (RuntimeError, OSError) as exc:
                raise QueryError(f"query failed: {_one_line(str(exc))}") from None
            else:
                return self._result_or_error(answer, max_rows, deadline)
        try:
            answer = self.store.query(
                text, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=substitutions
            )
            return self._result(answer, max_rows, deadline)
        except SyntaxError as exc:
            raise explain_syntax_error(text, str(exc)) from None
        except RuntimeError as exc:
            if substitutions and "SELECT projection" in str(exc):
                return self._query_with_values(text, substitutions, max_rows, deadline)
            raise QueryError(_one_line(str(exc))) from None
        except OSError as exc:
            raise QueryError(f"query failed: {_one_line(str(exc))}") from None

    def _result_or_error(self, answer: Any, max_rows: int | None, deadline: float | None) -> Result:
        try:
            return self._result(answer, max_rows, deadline)
        except (RuntimeError, OSError) as exc:
            raise QueryError(f"query failed: {_one_line(str(exc))}") from None

    def _query_with_values(
        self, text: str, substitutions: dict[Any, Any], max_rows: int | None, deadline: float | None
    ) -> Result:
        """Bind variables the SELECT does not project with a trailing VALUES clause.

        Oxigraph substitutes only projected variables. A trailing VALUES joins the bindings
        with the WHERE pattern before projection, so ``SELECT ?title … ?p rdfs:label ?person``
        still works with person bound; a FILTER inside the pattern does not see them, though.
        The terms are written by Oxigraph's own N-Triples serialiser (``str()`` of a term),
        which escapes quotes and newlines and has already validated IRIs: user text is never
        formatted into the query.
        """
        clause = "\n" + values_block(substitutions) + "\n"
        try:
            answer = self.store.query(text + clause, prefixes=PREFIXES, use_default_graph_as_union=True)
            return self._result(answer, max_rows, deadline)
        except SyntaxError:
            raise QueryError(
                "parameters can be bound only to variables of the query (this one may already end in VALUES)"
            ) from None
        except (RuntimeError, OSError) as exc:
            raise QueryError(_one_line(str(exc))) from None

    @staticmethod
    def _result(answer: Any, max_rows: int | None, deadline: float | None) -> Result:
        if isinstance(answer, ox.QueryBoolean):
            return Result("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = list(answer.variables)
            names = [v.value for v in variables]
            rows = (
                tuple(None if (t := solution[v]) is None else from_oxigraph(t) for v in variables)
                for solution in answer
            )
            collected, truncated = _collect_rows(rows, max_rows, deadline)
            return Result("select", names, collected, truncated=truncated)
        triples = (tuple(from_oxigraph(t) for t in (tr.subject, tr.predicate, tr.object)) for tr in answer)
        collected, truncated = _collect_rows(triples, max_rows, deadline)
        return Result("graph", triples=collected, truncated=truncated)  # type: ignore[arg-type]


class RdflibEngine:
    """rdflib in memory: the file parsed by kg.rdf.load into a Dataset (union default graph)."""

    name = "rdflib"

    def __init__(self, dataset: Dataset, source: str) -> None:
        self.dataset = dataset
        self.source = source
        self._prepared: dict[str, Any] = {}

    def triple_count(self) -> int:
        return len(self.dataset)

    def _prepare(self, text: str) -> Any:
        if text not in self._prepared:
            try:
                prepared = prepareQuery(text, initNs=PREFIXES)
            except Exception as exc:
                raise explain_syntax_error(text, str(exc)) from None
            if len(self._prepared) > 256:
                self._prepared.clear()
            self._prepared[text] = prepared
        return self._prepared[text]

    def query(
        self,
        text: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        max_rows: int | None = None,
        deadline: float | None = None,
    ) -> Result:
        prepared = self._prepare(text)
        try:
            answer = self.dataset.query(prepared, initBindings=dict(bindings or {}))
            if answer.type == "ASK":
                return Result("ask", boolean=bool(answer.askAnswer))
            if answer.type == "SELECT":
                names = [str(v) for v in answer.vars or []]
                rows = (tuple(row) for row in answer)
                collected, truncated = _collect_rows(rows, max_rows, deadline)
                return Result("select", names, collected, truncated=truncated)  # type: ignore[arg-type]
            collected, truncated = _collect_rows(iter(answer), max_rows, deadline)  # type: ignore[arg-type]
            return Result("graph", triples=collected, truncated=truncated)  # type: ignore[arg-type]
        except QueryError:
            raise
        except Exception as exc:  # rdflib evaluation raises many types
            raise QueryError(f"query failed: {_one_line(str(exc) or type(exc).__name__)}") from None


def _load_file_into_oxigraph(path: Path) -> ox.Store:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise SourceError(f"{path}: cannot parse: unsupported extension; supported: {', '.join(FORMATS)}")
    store = ox.Store()
    try:
        store.load(path=str(path), format=fmt)
    except SyntaxError as exc:
        raise SourceError(f"{path}: cannot parse: {_one_line(str(exc))}") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {_one_line(exc.strerror or str(exc))}") from None
    return store


def open_engine(source: str | Path, engine: str | None = None) -> Engine:
    """An engine over ``source``: a store directory (Oxigraph, read-only) or a graph file.

    ``engine`` picks the backend for files ("oxigraph" default, or "rdflib"); a store directory
    is always Oxigraph. Problems raise SourceError with a one-line message naming the source.
    """
    path = Path(source)
    if engine is not None and engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if not path.exists():
        raise SourceError(f"{path}: no such file or directory")
    if path.is_dir():
        if engine == "rdflib":
            raise SourceError(f"{path}: a store directory is queried with Oxigraph, not rdflib")
        generation = path.resolve()  # a kg store is a symlink to its current generation: pin it
        try:
            store = ox.Store.read_only(str(generation))
        except OSError as exc:
            raise SourceError(f"{path}: not an Oxigraph store ({_one_line(str(exc), 120)})") from None
        from kg.sparql.materialized import REPORTS

        reports = generation if (generation / REPORTS).is_dir() else None
        return OxigraphEngine(store, str(path), reports)
    if path.suffix.lower() not in FORMATS:
        raise SourceError(f"{path}: cannot parse: unsupported extension; supported: {', '.join(FORMATS)}")
    if engine == "rdflib":
        try:
            dataset = load_graph(path)
        except GraphFileError as exc:
            raise SourceError(str(exc)) from None
        dataset.default_union = True  # the default graph is the union of the documents' graphs
        return RdflibEngine(dataset, str(path))
    return OxigraphEngine(_load_file_into_oxigraph(path), str(path))
