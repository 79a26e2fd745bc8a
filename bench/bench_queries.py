"""Named queries on a ~1,000,000-triple graph: Oxigraph store vs rdflib in memory, side by side.

    python bench/bench_queries.py [--triples 1000000] [--runs 5] [--rdflib-runs 3] [--no-rdflib]

The graph is the examples corpus (built without the model) replicated: copy k renames every
``https://w3id.org/zhkg/id/`` IRI with a ``-k`` suffix and every name (rdfs:label,
skos:altLabel, zkg:title) with ``·k``, so copies are distinct entities rather than repeats of
the same ones; copy 0 keeps the real names, which the queries' parameters look up. Each
document stays in its own named graph, as ``kg build --store`` lays it out. Prints the median
milliseconds per named query for each engine; the goal is under 100 ms per query on the store.
The store's whole-graph reports are materialized as ``kg build --store`` does it
(``kg.sparql.materialized``: reports, and views for parameters that only select rows); the
"live" column evaluates every query on the same store anyway.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.queries import library, run_named  # noqa: E402
from kg.rdf.stats import table  # noqa: E402
from kg.rdf.vocab import ID_BASE  # noqa: E402
from kg.sparql.engine import OxigraphEngine, RdflibEngine, open_engine  # noqa: E402
from kg.sparql.materialized import materialize  # noqa: E402

# rdflib is measured in forked children (see measure_capped): POSIX only

RENAMED = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "https://w3id.org/zhkg/ontology#title",
}


def corpus_quads(workdir: Path) -> list[ox.Quad]:
    """The examples corpus as quads (one named graph per document)."""
    from kg.build import build_graph

    out = workdir / "corpus.nq"
    report = build_graph(sorted((ROOT / "examples").glob("*.txt")), out, model=False)
    if not report.built:
        raise SystemExit(f"bench: could not build the corpus: {report.errors}")
    return list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))


def _copy_term(term, k: int):
    if isinstance(term, ox.NamedNode) and term.value.startswith(ID_BASE):
        return ox.NamedNode(f"{term.value}-{k}")
    return term


def replicate(quads: list[ox.Quad], target: int) -> tuple[list[ox.Quad], int]:
    """Copies of ``quads`` until about ``target`` triples; returns (quads, copies)."""
    copies = max(1, round(target / len(quads)))
    out: list[ox.Quad] = list(quads)
    for k in range(1, copies):
        for q in quads:
            obj = q.object
            if q.predicate.value in RENAMED and isinstance(obj, ox.Literal):
                obj = ox.Literal(f"{obj.value}·{k}", language=obj.language or None)
            else:
                obj = _copy_term(obj, k)
            out.append(ox.Quad(_copy_term(q.subject, k), q.predicate, obj, _copy_term(q.graph_name, k)))
    return out, copies


def example_params(name: str) -> dict[str, str]:
    query = library()[name]
    if not query.examples:
        return {}
    return dict(item.split("=", 1) for item in query.examples[0].split())


def measure(engine, name: str, runs: int, budget_s: float) -> tuple[float, int, int, float]:
    """(median ms, rows, runs done, first run's ms); stops once ``budget_s`` seconds are spent."""
    params = example_params(name)
    times: list[float] = []
    rows = 0
    spent = 0.0
    for _ in range(runs):
        start = time.perf_counter()
        rows = len(run_named(engine, name, params).rows)
        elapsed = time.perf_counter() - start
        times.append(elapsed * 1000)
        spent += elapsed
        if spent > budget_s:
            break
    return statistics.median(times), rows, len(times), times[0]


def measure_capped(
    engine, name: str, runs: int, budget_s: float, cap_s: float
) -> tuple[float, int, int, float] | None:
    """:func:`measure` in a forked child, killed after ``cap_s`` seconds (None then).

    rdflib evaluates in pure Python and cannot be interrupted; some joins take minutes on a
    million triples. Forking after the load shares the parsed graph copy-on-write.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: measure, report, leave without running the parent's cleanup
        os.close(read_end)
        try:
            payload = json.dumps(measure(engine, name, runs, budget_s)).encode()
        except BaseException as exc:  # report the failure instead of a number
            payload = json.dumps({"error": f"{type(exc).__name__}: {exc}"}).encode()
        os.write(write_end, payload)
        os._exit(0)
    os.close(write_end)
    deadline = time.monotonic() + cap_s
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_end)
        return None
    with os.fdopen(read_end, "rb") as pipe:
        data = json.loads(pipe.read() or b"null")
    if not isinstance(data, list):
        raise SystemExit(f"bench: rdflib {name}: {data}")
    return data[0], data[1], data[2], data[3]


def main(argv: list[str] | None = None) -> int:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--triples", type=int, default=1_000_000, help="approximate size (default 1000000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query on the store (median)")
    parser.add_argument("--rdflib-runs", type=int, default=3, help="runs per query on rdflib (median)")
    parser.add_argument("--no-rdflib", action="store_true", help="measure the store only")
    parser.add_argument(
        "--rdflib-cap", type=float, default=60.0, help="seconds before an rdflib query is given up (60)"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        workdir = Path(tmp)
        t0 = time.perf_counter()
        quads, copies = replicate(corpus_quads(workdir), args.triples)
        made = time.perf_counter() - t0
        print(f"graph: {len(quads):,} quads ({copies} copies of the corpus), made in {made:.1f} s")

        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        del quads  # a million Python objects the collector would walk during every query
        t0 = time.perf_counter()
        store = ox.Store(str(workdir / "store"))
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        store.flush()
        store.optimize()  # compacted, as kg.store seals every generation it publishes
        del store
        loaded = time.perf_counter() - t0
        t0 = time.perf_counter()
        reports = materialize(workdir / "store")
        materialized = time.perf_counter() - t0
        engine_store = open_engine(workdir / "store")  # serves the materialized reports
        engine_live = OxigraphEngine(ox.Store.read_only(str(workdir / "store")), "store")
        print(
            f"oxigraph store: bulk load {loaded:.1f} s, {engine_store.triple_count():,} quads; "
            f"reports ({', '.join(reports)}) materialized in {materialized:.1f} s"
        )

        # the store first, while this process holds nothing else: a parsed rdflib graph of a
        # million quads makes every garbage collection (and so every query) slower
        cells = [["query", "store ms", "first", "rows", "live ms", "rdflib ms", "rows", "runs"]]
        slow = []
        for name in library():
            store_ms, store_rows, store_runs, first_ms = measure(engine_store, name, args.runs, budget_s=30)
            live_ms, _, _, _ = measure(engine_live, name, args.runs, budget_s=30)
            if store_ms >= 100:
                slow.append(name)
            row = [name, f"{store_ms:.1f}", f"{first_ms:.1f}", str(store_rows), f"{live_ms:.1f}"]
            cells.append([*row, "-", "-", f"{store_runs}/-"])
            print(f"  {name}: store {store_ms:.1f} ms, first {first_ms:.1f}, live {live_ms:.1f}", flush=True)

        if not args.no_rdflib:
            from rdflib import Dataset

            t0 = time.perf_counter()
            dataset = Dataset(default_union=True)
            dataset.parse(data=data, format="nquads")
            engine_rdflib = RdflibEngine(dataset, "rdflib")
            print(f"rdflib in memory: parse {time.perf_counter() - t0:.1f} s, {len(dataset):,} quads")
            for row in cells[1:]:
                name, store_runs = row[0], row[7].split("/")[0]
                capped = measure_capped(engine_rdflib, name, args.rdflib_runs, 20, args.rdflib_cap)
                if capped is None:
                    row[5:] = [f"> {args.rdflib_cap * 1000:.0f}", "-", f"{store_runs}/0"]
                else:
                    rdf_ms, rdf_rows, rdf_runs, _ = capped
                    row[5:] = [f"{rdf_ms:.0f}", str(rdf_rows), f"{store_runs}/{rdf_runs}"]
                print(f"  {name}: rdflib {row[5]} ms", flush=True)
        print()
        print(table(cells, right_align={1, 2, 3, 4, 5, 6}))
        print()
        print(
            "median ms per query; parameters from each query's @example line; store: as kg query "
            "answers (materialized reports and views where they apply); first: the store's first "
            "run in this process (reading the report included); live: Oxigraph evaluating every "
            "query on the same store"
        )
        if slow:
            print(f"over 100 ms on the store: {', '.join(slow)}")
            return 1
        print("every named query under 100 ms on the store")
    return 0


if __name__ == "__main__":
    sys.exit(main())
