"""kg viz: the page is self-contained, escapes article text, and works in a real browser.

The browser tests open the page in headless Chromium with every network load failing, read
the node and edge counts from the page's vis DataSets, check that no payload from the graph
ran, and save a screenshot. They are skipped only when no Chromium is installed (CI installs
it through ``make test``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from network_samples import SAMPLE_EDGES, SAMPLE_NODES, XSS_ORG, example_dataset, sample_graph

from kg.cli import main
from kg.headless import Browser, find_chromium, wait_stable
from kg.networks import to_networkx
from kg.rdf.output import write_graph
from kg.viz import LARGE_GRAPH, VizOptions, render_html, write_viz

needs_chromium = pytest.mark.skipif(
    find_chromium() is None, reason="chromium is not installed (make system-deps / apt-get install chromium)"
)

REMOTE = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("viz") / "sample.ttl"
    write_graph(sample_graph(), path)
    return path


@pytest.fixture(scope="module")
def sample_html(sample_file, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("viz") / "sample.html"
    write_viz(sample_file, out)
    return out


def test_page_is_self_contained(sample_html: Path) -> None:
    page = sample_html.read_text(encoding="utf-8")
    assert not REMOTE.search(page)
    assert "cdnjs.cloudflare" not in page and "cdn.jsdelivr" not in page
    assert "bootstrap" not in page.lower()
    assert "vis.Network" in page and "TomSelect" in page  # inlined, not linked
    assert "sourceMappingURL" not in page


def test_article_text_is_escaped(sample_html: Path) -> None:
    page = sample_html.read_text(encoding="utf-8")
    assert "<img src=x" not in page
    assert "<script>window.__kgXss" not in page
    assert "&lt;img src=x" in page  # shown as text in the select menu


def test_nodes_carry_type_style_and_tooltip() -> None:
    net = to_networkx(sample_graph())
    page = render_html(net)
    assert "开发区管委会主任" in page  # position edge label
    for verb in ("主持", "发言", "主办", "投资", "位于", "考察"):
        assert verb in page
    assert '"shape": "diamond"' in page and '"shape": "star"' in page
    assert "企业" in page and "出访招商" in page  # legend in Chinese


def test_large_graph_settings() -> None:
    import networkx as nx

    big = nx.MultiDiGraph()
    for i in range(LARGE_GRAPH + 10):
        big.add_node(
            f"n{i}",
            type="Person",
            type_zh="人物",
            group="Person",
            label=f"人{i}",
            aliases=[],
            documents=[],
            evidence=[],
        )
        if i:
            big.add_edge(f"n{i}", f"n{i // 2}", relation="participant", label="出席")
    page = render_html(big)
    assert '"improvedLayout": false' in page
    assert '"iterations": 80' in page
    assert "physics: { enabled: false }" in page


def test_cli_views(sample_file: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "v.html"
    assert main(["viz", str(sample_file), "-o", str(out), "--focus", "金锋", "--depth", "1"]) == 0
    # 金锋, the body he heads, the meeting he spoke at, the trip he joined
    assert "4 nodes, 3 edges" in capsys.readouterr().err
    assert main(["viz", str(sample_file), "-o", str(out), "--types", "Person,Organization"]) == 0
    assert "5 nodes, 2 edges" in capsys.readouterr().err  # persons, organizations, positions
    assert main(["viz", str(sample_file), "-o", str(out), "--from", "2023-03-01", "--to", "2023-03-31"]) == 0
    # the March meeting, its organizer, chair, speaker and place, and the chair's position
    assert "5 nodes, 5 edges" in capsys.readouterr().err
    query = tmp_path / "q.rq"
    query.write_text(
        "PREFIX zkg: <https://w3id.org/zhkg/ontology#>\n"
        "CONSTRUCT { ?p zkg:investor ?o } WHERE { ?p zkg:investor ?o }",
        encoding="utf-8",
    )
    assert main(["viz", str(sample_file), "-o", str(out), "--query", str(query)]) == 0
    assert "2 nodes, 1 edges" in capsys.readouterr().err
    query.write_text("SELEC nonsense", encoding="utf-8")
    assert main(["viz", str(sample_file), "-o", str(out), "--query", str(query)]) == 2
    assert "cannot run the query" in capsys.readouterr().err
    assert main(["viz", str(sample_file), "-o", str(out), "--focus", "无此人"]) == 1
    assert "no node is named" in capsys.readouterr().err
    assert main(["viz", str(tmp_path / "missing.ttl"), "-o", str(out)]) == 2
    assert "cannot read" in capsys.readouterr().err


def _inspect(browser: Browser) -> dict:
    return browser.evaluate(
        """({nodes: nodes.length, edges: edges.length, title: document.title,
             xss: window.__kgXss === undefined ? null : window.__kgXss,
             tips: document.querySelectorAll('.kg-tip').length,
             tipText: nodes.get().map(function (n) { return n.title.textContent; }).join('\\n')})"""
    )


@needs_chromium
def test_browser_offline_counts_and_no_script_runs(sample_html: Path, tmp_path: Path) -> None:
    with Browser(width=1200, height=800) as browser:
        browser.open(sample_html)
        title_before = browser.evaluate("document.title")
        assert wait_stable(browser, 60_000) is not None
        # hover every node so the tooltip element is shown, as a user would
        browser.evaluate("nodes.getIds().forEach(function (id) { network.selectNodes([id]); }); 1")
        browser.evaluate("new Promise(function (r) { setTimeout(r, 300); })")
        page = _inspect(browser)
        shot = browser.screenshot(tmp_path / "sample.png")
        assert browser.requests == []  # nothing asked of the network
        assert not [c for c in browser.console if c.startswith("exception")]
    assert page["nodes"] == SAMPLE_NODES and page["edges"] == SAMPLE_EDGES
    assert page["xss"] is None
    assert page["title"] == title_before == "zhkg 知识图谱"
    assert XSS_ORG in page["tipText"]  # shown as text
    assert shot.stat().st_size > 10_000


@needs_chromium
def test_browser_whole_example_corpus(tmp_path: Path) -> None:
    dataset = example_dataset()
    net = to_networkx(dataset)
    html = tmp_path / "corpus.html"
    write_viz(dataset, html, VizOptions())
    with Browser(width=1600, height=1000) as browser:
        browser.open(html)
        timings = wait_stable(browser, 90_000)
        counts = browser.evaluate("[nodes.length, edges.length]")
        png = browser.screenshot(tmp_path / "corpus.png")
        assert browser.requests == []
    assert timings is not None
    assert counts == [net.number_of_nodes(), net.number_of_edges()]
    assert png.stat().st_size > 50_000
    print(f"screenshot: {png}")
