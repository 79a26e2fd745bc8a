"""Reading a graph file back, format chosen by extension, with one-line errors for the CLI."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg.rdf.vocab import bind_prefixes

#: file extension → rdflib format name; shared by the reader and the writer
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
}
QUAD_FORMATS = frozenset({".nq", ".trig"})


class GraphFileError(Exception):
    """A graph file that cannot be read or parsed; ``str()`` is one line naming the file."""


def format_for(path: str | Path) -> str:
    """The rdflib format for ``path``'s extension, or ValueError listing the supported ones."""
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        supported = ", ".join(FORMATS)
        shown = suffix or "(none)"
        raise ValueError(f"unsupported graph file extension {shown}; supported: {supported}") from None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def load_graph(path: str | Path) -> Dataset:
    """Parse ``path`` into a Dataset; triple formats land in the default graph.

    Raises GraphFileError ("FILE: cannot read: …" / "FILE: cannot parse: …") so callers can
    print it as is, whatever went wrong inside the parser.
    """
    path = Path(path)
    try:
        fmt = format_for(path)
    except ValueError as exc:
        raise GraphFileError(f"{path}: cannot parse: {exc}") from exc
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or _one_line(exc)
        raise GraphFileError(f"{path}: cannot read: {reason}") from exc
    dataset = bind_prefixes(Dataset())
    try:
        if path.suffix.lower() in QUAD_FORMATS:
            dataset.parse(data=data, format=fmt)
        else:
            dataset.default_graph.parse(data=data, format=fmt)
    except Exception as exc:  # rdflib parsers raise many unrelated types
        raise GraphFileError(f"{path}: cannot parse: {_one_line(exc)}") from exc
    return dataset


def union_graph(graph: Graph) -> Graph:
    """All triples of a Dataset (every named graph and the default graph) as one plain Graph."""
    if not isinstance(graph, Dataset):
        return graph
    union = bind_prefixes(Graph())
    for s, p, o, _ in graph.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
