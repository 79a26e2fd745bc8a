"""``kg build --engine dask``: extraction as Dask tasks, resumable through a work directory.

Stages, each partition (a run of consecutive input files) being one task:

1. extract — the partition's ``DocumentFacts`` as JSON lines in ``WORK/facts/``; then a marker
   in ``WORK/done/`` written atomically. A partition whose marker exists is not run again, so a
   killed run restarted with the same work directory redoes only unfinished partitions.
2. resolve — entity resolution over all facts shards, in this (the client) process: the one step
   that needs the whole corpus. Only the facts are held, which is what resolution keeps anyway.
3. map — each partition's N-Quads (and N-Triples) shard under ``WORK/nq/RKEY/``, RKEY naming the
   set of finished partitions, since document graphs carry the resolved IRIs. Also resumable.
4. write — the output as a streamed merge of the sorted shards (.nt/.nq: byte-identical to a
   one-process build), a bulk load into a store, or a copy of the shards for any SPARQL server.

Partition ids hash the sources (with size and mtime for local files) and the options, so a
changed input or option is never served from a stale shard.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.facts import DocumentFacts
from kg.rdf import iris
from kg.resolve import Resolution, resolve_entities
from kg.scale import io
from kg.scale.pool import Options, extract_one
from kg.scale.shards import document_lines, merged, quad_lines, write_lines

#: files per partition when not given: enough for a few seconds of work per task
DEFAULT_PARTITION = 16


@dataclass(frozen=True)
class Partition:
    index: int
    sources: tuple[str, ...]
    id: str

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}-{self.id}"


@dataclass
class DaskReport:
    built: int = 0
    quads: int = 0
    partitions: int = 0
    reused: int = 0
    errors: list[str] = field(default_factory=list)
    resolution: Resolution | None = None  # kept for the store's manifest (graph keys)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage, as BuildReport

    def timing(self) -> str:
        return ", ".join(f"{stage} {s:.1f} s" for stage, s in self.seconds.items())


def _fingerprint(source: str | Path) -> list:
    if io.is_url(source):
        return [str(source)]
    stat = os.stat(source)
    return [str(Path(source).resolve()), stat.st_size, stat.st_mtime_ns]


def plan(sources: Sequence[str | Path], options: Options, size: int) -> list[Partition]:
    """Consecutive runs of ``size`` sources, each with an id that changes when its inputs do."""
    out = []
    for index, start in enumerate(range(0, len(sources), size)):
        chunk = tuple(str(s) for s in sources[start : start + size])
        material = [[_fingerprint(s) for s in chunk], [options.year, options.date, options.model]]
        digest = hashlib.sha256(json.dumps(material).encode()).hexdigest()[:12]
        out.append(Partition(index, chunk, digest))
    return out


# ----------------------------------------------------------------------------- tasks (workers)


def extract_partition(partition: Partition, work: str, options: Options) -> dict:
    """Task: extract one partition into its facts shard, then write its marker. Returns the marker."""
    from kg.nlp.pipeline import default_pipeline

    nlp = default_pipeline(options.model)  # cached per process: built by the first task on a worker
    lines, errors = [], []
    for source in partition.sources:
        data, error = extract_one(source, options, nlp)
        if error is not None:
            errors.append(error)
        else:
            lines.append(json.dumps(data, ensure_ascii=False, sort_keys=True))
    io.write_atomic(
        io.join(work, "facts", f"{partition.name}.jsonl"), "".join(x + "\n" for x in lines).encode()
    )
    marker = {"documents": len(lines), "errors": errors}
    io.write_atomic(io.join(work, "done", f"{partition.name}.json"), json.dumps(marker).encode())
    return marker


def read_facts(work: str, partition: Partition) -> Iterator[DocumentFacts]:
    with io.open_text(io.join(work, "facts", f"{partition.name}.jsonl")) as handle:
        for line in handle:
            if line.strip():
                yield DocumentFacts.from_dict(json.loads(line))


#: shard extension per line format
EXTENSIONS = {"nquads": "nq", "nt": "nt"}


def _marker(rdir: str, partition: Partition, ext: str) -> str:
    return io.join(rdir, "done", f"{partition.name}.{ext}")


def map_partition(
    partition: Partition, work: str, rdir: str, resolution: Resolution, exts: tuple[str, ...]
) -> str:
    """Task: the partition's documents as sorted shards (``exts``: nq and/or nt), then markers.

    Only the formats the run writes are spelled: spelling lines is most of this stage's cost.
    """
    # the resolution lives on this worker for the whole stage: keep the collector's full walks
    # off it (millions of small objects), as the local build does (kg.build._kept)
    gc.freeze()
    only = None if len(exts) > 1 else {v: k for k, v in EXTENSIONS.items()}[exts[0]]
    spelled = document_lines(read_facts(work, partition), resolution, only)
    lines = dict(zip(("nq", "nt"), spelled, strict=True))
    for ext in exts:
        write_lines(io.join(rdir, f"{partition.name}.{ext}"), lines[ext])
        io.write_atomic(_marker(rdir, partition, ext), b"ok\n")
    return partition.name


# ----------------------------------------------------------------------------- driver (client)


def _client(scheduler: str | None, workers: int):
    """A client of ``scheduler``, or of a LocalCluster of ``workers`` one-thread processes.

    The local workers are spawned without the ``MALLOC_TRIM_THRESHOLD_`` that Dask's nanny sets
    by default: setting it freezes glibc's mmap threshold, so the parser's many short-lived
    buffers each become an mmap/munmap pair — extraction measured 60 % slower, a third of it in
    the kernel. Workers of an external scheduler are the cluster owner's to configure (README).
    """
    import dask
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        )
    return Client(cluster), cluster


def extract_all(client, parts: Sequence[Partition], work: str, options: Options) -> dict[str, dict]:
    """Stage 1 on the cluster: run ``extract_partition`` for ``parts``; their markers by name."""
    futures = [client.submit(extract_partition, p, work, options, key=f"extract-{p.name}") for p in parts]
    return {p.name: m for p, m in zip(parts, client.gather(futures), strict=True)}


def _read_marker(work: str, partition: Partition) -> dict | None:
    target = io.join(work, "done", f"{partition.name}.json")
    if not io.exists(target):
        return None
    with io.open_text(target) as handle:
        return json.load(handle)


def run(
    sources: Sequence[str | Path],
    work: str,
    options: Options,
    *,
    workers: int,
    scheduler: str | None = None,
    partition_size: int = DEFAULT_PARTITION,
    formats: Sequence[str] = ("nquads", "nt"),
    log: Callable[[str], None] = lambda _: None,
) -> tuple[DaskReport, list[Partition], str]:
    """Stages 1–3. Returns the report, the partitions and the directory of their shards.

    ``formats`` are the shard formats stage 3 writes ("nquads", "nt"): only what the output needs.
    """
    exts = tuple(EXTENSIONS[f] for f in formats)
    report = DaskReport()
    parts = plan(sources, options, max(1, partition_size))
    report.partitions = len(parts)
    markers: dict[str, dict] = {}
    for p in parts:
        if (m := _read_marker(work, p)) is not None:
            markers[p.name] = m
    report.reused = len(markers)
    log(f"{len(parts)} partition(s), {len(markers)} already done in {work}")
    clock = time.perf_counter()
    client, cluster = _client(scheduler, workers)
    try:
        markers.update(extract_all(client, [p for p in parts if p.name not in markers], work, options))
        for p in parts:
            report.errors.extend(markers[p.name]["errors"])
            report.built += markers[p.name]["documents"]
        report.seconds["extract"] = time.perf_counter() - clock
        clock = time.perf_counter()
        gc.freeze()
        resolution = resolve_entities(d for p in parts for d in read_facts(work, p))
        gc.freeze()
        report.resolution = resolution
        report.seconds["resolve"] = time.perf_counter() - clock
        clock = time.perf_counter()
        rkey = hashlib.sha256("\n".join(p.name for p in parts).encode()).hexdigest()[:12]
        rdir = io.join(work, "nq", rkey)
        resolution_lines = dict(
            zip(("nq", "nt"), quad_lines(_resolution_triples(resolution), iris.RESOLUTION_GRAPH), strict=True)
        )
        for ext in exts:
            write_lines(io.join(rdir, f"resolution.{ext}"), resolution_lines[ext])
        todo = [p for p in parts if not all(io.exists(_marker(rdir, p, ext)) for ext in exts)]
        if todo:
            shared = client.scatter(resolution, broadcast=True)
            tag = "-".join(exts)
            futures = [
                client.submit(map_partition, p, work, rdir, shared, exts, key=f"map-{p.name}-{tag}")
                for p in todo
            ]
            client.gather(futures)
        report.seconds["map"] = time.perf_counter() - clock
    finally:
        gc.unfreeze()
        client.close()
        if cluster is not None:
            cluster.close()
    return report, parts, rdir


def _resolution_triples(resolution: Resolution):
    from kg.rdf.resolved import resolution_triples

    return resolution_triples(resolution)


def shard_files(parts: Sequence[Partition], rdir: str, ext: str) -> list[str]:
    """The shards of the run in partition order, the resolution graph's last."""
    return [io.join(rdir, f"{p.name}.{ext}") for p in parts] + [io.join(rdir, f"resolution.{ext}")]


def write_output(parts: Sequence[Partition], rdir: str, output: str) -> int:
    """Write the graph to ``output`` (path or URL) in the format its extension names; return quads.

    .nt/.nq stream from the shards; other formats need rdflib's writers and so the whole graph.
    """
    from kg.rdf.load import format_for

    fmt = format_for(Path(io.name_of(output)))
    if fmt in ("nt", "nquads"):
        count = [0]

        def lines() -> Iterator[bytes]:
            for line in merged(shard_files(parts, rdir, "nt" if fmt == "nt" else "nq")):
                count[0] += 1
                yield line.encode("utf-8")

        io.write_atomic(output, lines())
        return count[0]
    from rdflib import Dataset

    from kg.rdf.output import serialize

    dataset = Dataset()
    for shard in shard_files(parts, rdir, "nq"):
        with io.open_text(shard) as handle:
            dataset.parse(data=handle.read(), format="nquads")
    io.write_atomic(output, serialize(dataset, fmt))
    return len(dataset)


def copy_shards(parts: Sequence[Partition], rdir: str, target: str) -> list[str]:
    """Copy the N-Quads shards to ``target`` (path or URL) for any SPARQL server's bulk loader."""
    out = []
    for shard in shard_files(parts, rdir, "nq"):
        dest = io.join(target, io.name_of(shard))
        with io.open_text(shard) as handle:
            io.write_atomic(dest, handle.read().encode("utf-8"))
        out.append(dest)
    return out
