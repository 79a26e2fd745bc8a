"""Writing graphs: format by extension, byte-identical for the same input, atomic on disk.

Atomic because ``kg build`` is re-run over the same output path: a crash or a serialiser
error must leave the previous file (or nothing), never half a graph that later parses as a
smaller, wrong one. Deterministic because graphs are committed, diffed and cached by hash.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from kg.rdf.load import FORMATS, format_for, union_graph
from kg.rdf.vocab import PREFIXES, bind_prefixes

__all__ = ["FORMATS", "serialize", "write_graph"]


def _as_dataset(graph: Graph) -> Dataset:
    if isinstance(graph, Dataset):
        return graph
    dataset = bind_prefixes(Dataset())
    for triple in graph:
        dataset.default_graph.add(triple)
    return dataset


def _sorted_lines(text: str) -> str:
    """N-Triples/N-Quads are line-per-statement, so sorting lines gives a canonical order."""
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "".join(line + "\n" for line in lines)


def _canonical_json(value: Any) -> Any:
    """Sort every JSON-LD array: rdflib emits them in store order, which is hash-seed dependent.

    Safe because the mapping produces no @list values, the only arrays whose order means
    something in JSON-LD.
    """
    if isinstance(value, dict):
        return {k: _canonical_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _trig(dataset: Dataset) -> str:
    """TriG with graphs in IRI order: rdflib writes graphs in store (hash-seed dependent) order.

    Each graph is serialised on its own (rdflib sorts subjects inside a graph), then the
    prefix lines of all pieces are merged into one header.
    """
    graphs = [g for g in dataset.graphs() if len(g)]
    graphs.sort(key=lambda g: (g.identifier != dataset.default_graph.identifier, str(g.identifier)))
    prefixes: set[str] = set()
    bodies: list[str] = []
    for graph in graphs:
        single = bind_prefixes(Dataset())
        target = (
            single.default_graph
            if graph.identifier == dataset.default_graph.identifier
            else single.graph(graph.identifier)
        )
        for triple in graph:
            target.add(triple)
        lines = single.serialize(format="trig").splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        bodies.append("\n".join(line for line in lines if not line.startswith("@prefix")).strip("\n"))
    header = "".join(line + "\n" for line in sorted(prefixes))
    return header + "".join("\n" + body + "\n" for body in bodies)


def serialize(graph: Graph, fmt: str) -> bytes:
    """``graph`` in rdflib format ``fmt`` as UTF-8 bytes, in a canonical, reproducible order.

    Binds the project prefixes on ``graph`` (so Turtle and TriG stay readable).
    """
    bind_prefixes(graph)
    graph = _as_dataset(graph) if fmt in ("nquads", "trig") else union_graph(graph)
    if fmt == "trig":
        return _trig(graph).encode("utf-8")
    if fmt in ("nt", "nquads"):
        return _sorted_lines(graph.serialize(format=fmt, encoding="utf-8").decode("utf-8")).encode("utf-8")
    if fmt == "json-ld":
        context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        text = graph.serialize(format="json-ld", context=context, auto_compact=True)
        data = _canonical_json(json.loads(text))
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return graph.serialize(format=fmt, encoding="utf-8")


def write_graph(dataset: Graph, path: str | Path) -> Path:
    """Write ``dataset`` to ``path`` in the format its extension names; return the path.

    .ttl/.nt/.jsonld get the union of all named graphs, .nq/.trig the named graphs themselves.
    The bytes go to a temporary file beside the target, are fsynced, then renamed over it, so
    readers see the old file or the new one. On any error the temporary file is removed.
    """
    path = Path(path)
    fmt = format_for(path)  # unknown extension fails before anything touches the disk
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise FileNotFoundError(f"output directory does not exist: {directory}")
    data = serialize(dataset, fmt)
    tmp = directory / f".{path.name}.{secrets.token_hex(6)}.tmp"
    # os.open with 0o666 lets the umask decide permissions, as for any normally created file
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_directory(directory)
    return path


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
