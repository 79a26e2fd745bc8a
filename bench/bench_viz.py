"""How long a ``kg viz`` page takes to settle in Chromium, for generated graphs of 500–5,000 nodes.

    python bench/bench_viz.py [--sizes 500 2000 5000] [--keep DIR]

Each graph is generated as RDF in the shape ``kg build`` writes (persons holding positions in
organizations, events with organizers, chairs, participants and places, projects with
investors), projected and rendered exactly as ``kg viz`` does, then opened in headless
Chromium with the network off. Reported per size: render time in Python, the page size, the
time from navigation to vis' ``stabilized`` event (what a user waits for), and the part of it
spent laying out (from the page's first script to that event).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rdflib import Graph, Literal, URIRef  # noqa: E402
from rdflib.namespace import RDF, RDFS, XSD  # noqa: E402

from kg.headless import Browser, find_chromium, wait_stable  # noqa: E402
from kg.networks import to_networkx  # noqa: E402
from kg.rdf.vocab import ZKG  # noqa: E402
from kg.viz import render_html  # noqa: E402

ID = "https://w3id.org/zhkg/id/"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def generate(size: int, seed: int = 0) -> Graph:
    """An RDF graph of about ``size`` entities shaped like a built corpus (about 1.6 edges/node)."""
    rng = random.Random(seed)
    g = Graph()
    counts = {"person": size // 5, "org": size // 4, "place": size // 10, "project": size // 20}
    counts["event"] = size - sum(counts.values())
    orgs_cls = [ZKG.Company, ZKG.GovernmentAgency, ZKG.PartyOrganization, ZKG.ResearchInstitution]
    ev_cls = [ZKG.Meeting, ZKG.Inspection, ZKG.Signing, ZKG.Ceremony, ZKG.Trip]
    ids: dict[str, list[URIRef]] = {k: [URIRef(f"{ID}{k}/{i}") for i in range(n)] for k, n in counts.items()}
    for i, node in enumerate(ids["person"]):
        g.add((node, RDF.type, ZKG.Person))
        g.add((node, RDFS.label, Literal(rng.choice(SURNAMES) + rng.choice(GIVEN) + str(i), lang="zh")))
        position = URIRef(f"{ID}position/{i}")
        g.add((node, ZKG.holds, position))
        g.add((position, RDF.type, ZKG.Position))
        g.add((position, ZKG.title, Literal(f"主任{i}", lang="zh")))
        g.add((position, ZKG.organization, rng.choice(ids["org"])))
    for i, node in enumerate(ids["org"]):
        g.add((node, RDF.type, rng.choice(orgs_cls)))
        g.add((node, RDFS.label, Literal(f"机构{i}有限公司", lang="zh")))
    for i, node in enumerate(ids["place"]):
        g.add((node, RDF.type, ZKG.Place))
        g.add((node, RDFS.label, Literal(f"地点{i}", lang="zh")))
    for i, node in enumerate(ids["project"]):
        g.add((node, RDF.type, ZKG.Project))
        g.add((node, RDFS.label, Literal(f"项目{i}", lang="zh")))
        g.add((node, ZKG.investor, rng.choice(ids["org"])))
    for i, node in enumerate(ids["event"]):
        g.add((node, RDF.type, rng.choice(ev_cls)))
        g.add((node, RDFS.label, Literal(f"会议{i}", lang="zh")))
        day = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        g.add((node, ZKG.date, Literal(day, datatype=XSD.date)))
        g.add((node, ZKG.organizer, rng.choice(ids["org"])))
        g.add((node, ZKG.chair, rng.choice(ids["person"])))
        if rng.random() < 0.5:
            g.add((node, ZKG.location, rng.choice(ids["place"])))
    return g


def measure(size: int, workdir: Path) -> dict[str, float]:
    start = time.perf_counter()
    net = to_networkx(generate(size))
    page = render_html(net, heading=f"bench {size}")
    render_s = time.perf_counter() - start
    path = workdir / f"bench-{size}.html"
    path.write_text(page, encoding="utf-8")
    with Browser(width=1400, height=900) as browser:
        browser.open(path)
        timings = wait_stable(browser, timeout_ms=600_000)
        if browser.requests:
            raise SystemExit(f"page {path} asked the network for {browser.requests[:3]}")
        browser.screenshot(workdir / f"bench-{size}.png")
    if timings is None:
        raise SystemExit(f"{size} nodes: no stabilized event within 10 minutes")
    return {
        "nodes": net.number_of_nodes(),
        "edges": net.number_of_edges(),
        "render_s": render_s,
        "mb": len(page.encode("utf-8")) / 1e6,
        "stable_s": timings["stabilizedAt"] / 1000,
        "layout_s": (timings["stabilizedAt"] - timings["startedAt"]) / 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--keep", type=Path, help="keep pages and screenshots in this directory")
    args = parser.parse_args()
    if find_chromium() is None:
        print("bench_viz: chromium not found (apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        print(f"{'nodes':>6} {'edges':>6} {'render s':>9} {'page MB':>8} {'stable s':>9} {'layout s':>9}")
        for size in args.sizes:
            r = measure(size, workdir)
            print(
                f"{r['nodes']:>6} {r['edges']:>6} {r['render_s']:>9.2f} {r['mb']:>8.2f} "
                f"{r['stable_s']:>9.2f} {r['layout_s']:>9.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
