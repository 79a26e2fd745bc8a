"""Push a graph into any SPARQL 1.1 Graph Store Protocol server, in resumable batches.

Why batches over GSP rather than one big upload or SPARQL UPDATE: servers cap request sizes and
time out on huge bodies, and GSP ``POST ?graph=IRI`` (merge into that graph) is the one write
every store implements the same way. Each batch is N-Triples (sent as Turtle, of which it is a
subset, because every server parses Turtle) for one named graph. A batch's key is a hash of its
graph and content; the state file lists the keys sent, appended and fsynced after each success,
so a re-run after a failure skips what arrived and POST never duplicates (RDF graphs are sets).

Sources: a graph file (any format Oxigraph parses, by extension), an Oxigraph store directory
(e.g. one ``kg build --store`` made), or a directory of ``*.nq`` shards (``kg build --shards``).
Quads are read with pyoxigraph, which streams large files.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

DEFAULT_BATCH = 50_000
CONTENT_TYPE = "text/turtle; charset=utf-8"


class PushError(Exception):
    """The server refused a batch (the message has its status and the start of its answer)."""


@dataclass
class PushReport:
    sent: int = 0
    skipped: int = 0
    triples: int = 0
    graphs: int = 0


Batch = tuple[str | None, list[ox.Triple]]  # (graph IRI or None for the default graph, triples)


def _batches_of(graph: str | None, triples: Iterable[ox.Triple], size: int) -> Iterator[Batch]:
    chunk: list[ox.Triple] = []
    for triple in triples:
        chunk.append(triple)
        if len(chunk) >= size:
            yield graph, chunk
            chunk = []
    if chunk:
        yield graph, chunk


def _graph_name(g: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str | None:
    return g.value if isinstance(g, ox.NamedNode) else None


def _grouped(quads: Iterable[ox.Quad], size: int) -> Iterator[Batch]:
    """Batches per graph from quads in any order: a full batch goes out as soon as it fills."""
    buffers: dict[str | None, list[ox.Triple]] = {}
    for q in quads:
        name = _graph_name(q.graph_name)
        buf = buffers.setdefault(name, [])
        buf.append(q.triple)
        if len(buf) >= size:
            yield name, buf
            buffers[name] = []
    for name in sorted(buffers, key=lambda n: n or ""):
        if buffers[name]:
            yield name, buffers[name]


def batches(source: str | Path, size: int = DEFAULT_BATCH) -> Iterator[Batch]:
    """The triples of ``source`` in batches of at most ``size``, one named graph per batch."""
    path = Path(source)
    if path.is_dir() and ((path / "zhkg").exists() or any(path.glob("*.sst"))):
        store = ox.Store.read_only(str(path))
        yield from _batches_of(
            None, (q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())), size
        )
        for g in sorted(store.named_graphs(), key=lambda n: str(n)):
            quads = store.quads_for_pattern(None, None, None, g)
            yield from _batches_of(_graph_name(g), (q.triple for q in quads), size)
        return
    if path.is_dir():
        shards = sorted(path.glob("*.nq"))
        if not shards:
            raise PushError(f"{path}: neither a store nor a directory of *.nq shards")
        for shard in shards:
            yield from _grouped(ox.parse(path=str(shard), format=ox.RdfFormat.N_QUADS), size)
        return
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    if fmt is None:
        raise PushError(f"{path}: unknown graph format {path.suffix!r}")
    yield from _grouped(_as_quads(ox.parse(path=str(path), format=fmt)), size)


def _as_quads(items: Iterable[ox.Quad | ox.Triple]) -> Iterator[ox.Quad]:
    for item in items:
        yield item if isinstance(item, ox.Quad) else ox.Quad(item.subject, item.predicate, item.object)


def _body(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def batch_key(graph: str | None, body: bytes) -> str:
    return hashlib.sha256((graph or "").encode() + b"\n" + body).hexdigest()


class _State:
    """The keys of batches already accepted, persisted one per line."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.done: set[str] = set()
        if path is not None and path.exists():
            self.done = {line.strip() for line in path.read_text().splitlines() if line.strip()}

    def add(self, key: str) -> None:
        self.done.add(key)
        if self.path is not None:
            with open(self.path, "a", encoding="utf-8") as out:
                out.write(key + "\n")
                out.flush()
                os.fsync(out.fileno())


def post(graph_store: str, graph: str | None, body: bytes, timeout: float = 300) -> None:
    """GSP ``POST``: merge ``body`` into ``graph`` (the default graph when None)."""
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    url = f"{graph_store}{'&' if '?' in graph_store else '?'}{query}"
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": CONTENT_TYPE})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read(300).decode("utf-8", "replace").split())
        raise PushError(f"{url}: HTTP {exc.code}: {detail}") from None
    except urllib.error.URLError as exc:
        raise PushError(f"{url}: {exc.reason}") from None


def push(
    source: str | Path,
    graph_store: str,
    *,
    batch: int = DEFAULT_BATCH,
    state: Path | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> PushReport:
    """Send ``source`` to the GSP endpoint ``graph_store``; batches listed in ``state`` are skipped."""
    report, done, graphs = PushReport(), _State(state), set()
    for graph, triples in batches(source, batch):
        body = _body(triples)
        key = batch_key(graph, body)
        graphs.add(graph)
        report.triples += len(triples)
        if key in done.done:
            report.skipped += 1
            continue
        post(graph_store, graph, body)
        done.add(key)
        report.sent += 1
        log(f"{graph or 'default graph'}: {len(triples)} triples")
    report.graphs = len(graphs)
    return report
