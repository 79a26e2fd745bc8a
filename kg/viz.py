"""Interactive HTML views of the knowledge graph: pyvis networks that work offline.

The network is built with pyvis (nodes, edges, vis-network options) from the entity projection
of ``kg.networks``, then rendered with our own template (``kg/viz_assets/template.html``)
rather than pyvis' own, because pyvis links vis-network, Bootstrap and tom-select from CDNs
(even with ``cdn_resources="in_line"`` Bootstrap stays remote) and these pages are opened on
machines without network access and inside notebooks. The vendored vis-network and tom-select
builds (``kg/viz_assets/vendor``, with their licences) are inlined into every page, so a page is
one self-contained file.

Article text reaches the page in three places and is made inert in each: tooltips are HTML
assembled here from ``html.escape``d pieces (the template sets them with innerHTML); labels are
drawn on a canvas; the select menu's option texts go through Jinja autoescaping; and the data
is embedded with Jinja's ``tojson``, which escapes ``<``, ``>`` and ``&`` so no name can close
the script element.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from kg.networks import (
    RELATION_LABELS,
    REVERSED,
    Source,
    construct_subgraph,
    date_range_subgraph,
    ego_subgraph,
    find_nodes,
    to_networkx,
    type_subgraph,
)

ASSETS = Path(__file__).with_name("viz_assets")

#: Above this many nodes the page switches to the large-graph settings: no improved layout,
#: a capped stabilisation, straight edges, no edge labels, physics frozen once laid out.
LARGE_GRAPH = 1500
#: Above this many nodes the layout starts from community-seeded positions (seed_positions).
SEED_ABOVE = 400

#: (colour, vis shape, legend symbol) per type. Shape follows the group, colour the type, so
#: the eye finds "all organizations" by shape and "the companies" by colour.
STYLES: dict[str, tuple[str, str, str]] = {
    "Person": ("#e4572e", "dot", "●"),
    "PartyOrganization": ("#c9184a", "square", "■"),
    "GovernmentAgency": ("#3a86ff", "square", "■"),
    "Company": ("#2a9d8f", "square", "■"),
    "ResearchInstitution": ("#8338ec", "square", "■"),
    "Organization": ("#6c757d", "square", "■"),
    "Place": ("#70a83b", "triangle", "▲"),
    "Project": ("#f4a261", "star", "★"),
    "Meeting": ("#e9c46a", "diamond", "◆"),
    "Inspection": ("#fb8500", "diamond", "◆"),
    "Signing": ("#06d6a0", "diamond", "◆"),
    "Ceremony": ("#ef476f", "diamond", "◆"),
    "Trip": ("#118ab2", "diamond", "◆"),
    "Interview": ("#9c6644", "diamond", "◆"),
    "Event": ("#adb5bd", "diamond", "◆"),
}
GROUP_FALLBACK = {"Person": "Person", "Organization": "Organization", "Place": "Place", "Project": "Project"}
LEGEND_ORDER = list(STYLES)

#: Properties the filter menu offers, as (DataSet field, Chinese name).
FILTER_PROPS = {
    "node": [["type", "类型"], ["kind", "大类"], ["name", "名称"]],
    "edge": [["relation", "关系"], ["label", "标签"]],
}

GROUP_ZH = {"Person": "人物", "Organization": "组织机构", "Place": "地点", "Project": "项目", "Event": "事件"}


@dataclass
class VizOptions:
    """What to show: the view filters applied to the whole graph, in the order listed."""

    focus: str | None = None
    depth: int = 1
    query: str | None = None
    types: list[str] | None = None
    date_from: _dt.date | None = None
    date_to: _dt.date | None = None
    heading: str | None = None
    height: str = "100%"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _style(data: dict[str, Any]) -> tuple[str, str, str]:
    kind = data["type"]
    if kind in STYLES:
        return STYLES[kind]
    return STYLES.get(GROUP_FALLBACK.get(data["group"], "Event"), STYLES["Event"])


def tooltip_html(data: dict[str, Any], max_sentences: int = 3) -> str:
    """The tooltip of one node as HTML; every piece of graph text is escaped first."""
    e = html.escape
    parts = [
        f'<div class="kg-name">{e(data["label"])}<span class="kg-kind">{e(data["type_zh"])}</span></div>'
    ]

    def row(key: str, value: str) -> None:
        parts.append(f'<div><span class="kg-k">{e(key)}：</span>{e(value)}</div>')

    if data.get("aliases"):
        row("别名", "、".join(data["aliases"]))
    if data.get("positions"):
        row("职务", "、".join(data["positions"]))
    if data.get("date"):
        row("日期", data["date"])
    if data.get("investmentCNY") is not None:
        row("计划总投资", f"{float(data['investmentCNY']) / 1e8:g} 亿元")
    for key, name in (("capacity", "产能"), ("status", "状态")):
        if data.get(key):
            row(name, str(data[key]))
    if data.get("documents"):
        row("文档", "、".join(data["documents"][:4]) + (" …" if len(data["documents"]) > 4 else ""))
    sentences = data.get("evidence", [])[:max_sentences]
    if sentences:
        items = "".join(f"<li>{e(_short(s, 120))}</li>" for s in sentences)
        parts.append(f'<div class="kg-k">证据：</div><ul>{items}</ul>')
    return "".join(parts)


def _options(size: int) -> dict[str, Any]:
    """vis-network options; large graphs trade polish for a page that settles in seconds.

    The iteration cap shrinks with size because each costs O(n log n): past a few hundred
    nodes the graph starts from community-seeded positions and needs fewer of them.
    """
    large = size > LARGE_GRAPH
    font = {"size": 14, "face": "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"}
    options: dict[str, Any] = {
        # size and label size follow degree (value), so hubs stay labelled when zoomed out
        "nodes": {
            "font": {**font, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
            "scaling": {
                "min": 8,
                "max": 40,
                "label": {"enabled": True, "min": 13, "max": 30, "maxVisible": 30, "drawThreshold": 6},
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#b4b4b4", "highlight": "#333333", "hover": "#666666", "inherit": False},
            "font": {**font, "size": 11, "color": "#555555", "strokeWidth": 3, "align": "middle"},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
            "width": 1,
        },
        # forceAtlas2's gravity does not weaken with distance, so small components stay near
        # the main one instead of drifting to the edges and shrinking the fitted view
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -90,
                "centralGravity": 0.012,
                "springLength": 90,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0.6,
            },
            "stabilization": {
                "enabled": True,
                "iterations": 800 if size <= SEED_ABOVE else 300,
                "updateInterval": 25,
                "fit": True,
            },
            "minVelocity": 1.0,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": True, "keyboard": True},
        # improvedLayout gives up (with a console warning) on graphs with many components
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }
    if large:
        options["nodes"]["scaling"].update({"min": 5, "max": 30})
        options["edges"]["smooth"] = False
        options["physics"] = {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -40,
                "centralGravity": 0.01,
                "springLength": 60,
                "springConstant": 0.08,
                "damping": 0.6,
                "avoidOverlap": 0,
            },
            "stabilization": {"enabled": True, "iterations": 80, "updateInterval": 10, "fit": True},
            "minVelocity": 2.0,
            "timestep": 0.5,
        }
        options["interaction"].update({"hideEdgesOnDrag": True, "hideEdgesOnZoom": True})
        options["layout"] = {"improvedLayout": False, "randomSeed": 7}
    return options


def select_view(source: Source, opts: VizOptions) -> nx.MultiDiGraph:
    """The network ``opts`` asks for: a CONSTRUCT's answer or the whole graph, then filters.

    Raises LookupError when ``--focus`` names nothing, so the CLI can say so rather than draw
    an empty page.
    """
    net = to_networkx(construct_subgraph(source, opts.query) if opts.query else source)
    if opts.types:
        net = type_subgraph(net, opts.types)
    if opts.date_from or opts.date_to:
        net = date_range_subgraph(net, opts.date_from, opts.date_to)
    if opts.focus:
        centers = find_nodes(net, opts.focus)
        if not centers:
            raise LookupError(f"no node is named {opts.focus!r}")
        net = ego_subgraph(net, centers, depth=opts.depth)
    return net


GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def seed_positions(net: nx.MultiDiGraph, spacing: float = 14.0) -> dict[str, tuple[float, float]]:
    """Starting positions for a large graph: each Louvain community a sunflower-packed disc.

    vis-network's physics costs O(n log n) per iteration, so a 5,000-node page can afford only
    a few dozen iterations; starting from random positions that leaves a hairball, starting
    with communities already apart it leaves a readable map. Deterministic (seeded Louvain).
    """
    from kg.networks import communities

    positions: dict[str, tuple[float, float]] = {}
    placed = 0
    for k, members in enumerate(communities(net)):
        members = sorted(members, key=lambda n: -net.degree(n))
        radius = spacing * 1.35 * math.sqrt(placed + len(members) / 2)
        cx, cy = radius * math.cos(k * GOLDEN_ANGLE), radius * math.sin(k * GOLDEN_ANGLE)
        for j, node in enumerate(members):
            r = spacing * math.sqrt(j)
            positions[node] = (cx + r * math.cos(j * GOLDEN_ANGLE), cy + r * math.sin(j * GOLDEN_ANGLE))
        placed += len(members)
    return positions


def build_network(net: nx.MultiDiGraph, *, heading: str = "", height: str = "100%") -> Any:
    """A pyvis Network for ``net``: typed, sized by degree, with tooltips and edge labels."""
    from pyvis.network import Network

    large = net.number_of_nodes() > LARGE_GRAPH
    pv = Network(
        height=height,
        width="100%",
        directed=True,
        heading=heading,
        select_menu=True,
        filter_menu=True,
        cdn_resources="in_line",
    )
    degree = dict(net.degree())
    seeds = seed_positions(net) if net.number_of_nodes() > SEED_ABOVE else {}
    for node, data in sorted(net.nodes(data=True)):
        color, shape, _ = _style(data)
        isolated = not degree.get(node)
        limit = 9 if isolated else 10 if data["group"] == "Event" else 14
        label = _short(data["label"], limit)
        if data.get("date") and not isolated:
            label += "\n" + data["date"]
        extra: dict[str, Any] = {}
        if isolated:
            # unlinked nodes stay out of the simulation (they would be flung to a wide ring and
            # shrink everything else); the page lines them up beside the laid-out graph
            extra = {"physics": False, "isolated": True}
        elif node in seeds:
            extra = {"x": round(seeds[node][0], 1), "y": round(seeds[node][1], 1)}
        pv.add_node(
            node,
            label=label,
            name=data["label"],
            title=tooltip_html(data),
            type=data["type_zh"],
            kind=GROUP_ZH.get(data["group"], data["group"]),  # not "group": vis would restyle it
            shape=shape,
            color={
                "background": color,
                "border": "#444444",
                "highlight": {"background": color, "border": "#000000"},
                "hover": {"background": color, "border": "#000000"},
            },
            value=1 + degree.get(node, 0),
            **extra,
        )
    ordered = sorted(net.edges(data=True), key=lambda t: (t[0], t[1], t[2]["relation"], t[2]["label"]))
    for edge_id, (u, v, data) in enumerate(ordered, 1):
        relation = data["relation"]
        verb = RELATION_LABELS.get(relation, relation)
        source, target = (v, u) if relation in REVERSED else (u, v)
        title = f"{net.nodes[source]['label']} {verb} {net.nodes[target]['label']}"
        if relation == "position":
            title = f"{net.nodes[source]['label']} 任职：{data.get('title', data['label'])}"
        label: dict[str, Any] = {} if large else {"label": _short(data["label"], 12)}
        pv.add_edge(source, target, id=f"e{edge_id}", relation=verb, title=title, **label)
    pv.options = _options(net.number_of_nodes())
    return pv


@lru_cache(maxsize=1)
def _assets() -> dict[str, Markup]:
    """The vendored scripts and styles, read once; Markup so autoescaping leaves them alone."""
    import pyvis

    vendor = ASSETS / "vendor"
    utils = Path(pyvis.__file__).parent / "templates" / "lib" / "bindings" / "utils.js"
    return {
        "vis_js": Markup((vendor / "vis-network.min.js").read_text(encoding="utf-8")),
        "tom_select_js": Markup((vendor / "tom-select.complete.min.js").read_text(encoding="utf-8")),
        "tom_select_css": Markup((vendor / "tom-select.default.min.css").read_text(encoding="utf-8")),
        "utils_js": Markup(utils.read_text(encoding="utf-8")),
    }


def _legend(net: nx.MultiDiGraph) -> dict[str, Any]:
    counts = Counter(d["type"] for _, d in net.nodes(data=True))
    names = {d["type"]: d["type_zh"] for _, d in net.nodes(data=True)}
    order = {k: i for i, k in enumerate(LEGEND_ORDER)}
    classes = []
    for kind in sorted(counts, key=lambda k: (order.get(k, len(order)), k)):
        color, _, symbol = _style(next(d for _, d in net.nodes(data=True) if d["type"] == kind))
        classes.append({"name": names[kind], "color": color, "symbol": symbol, "count": counts[kind]})
    relations = sorted({RELATION_LABELS.get(d["relation"], d["relation"]) for *_, d in net.edges(data=True)})
    return {"classes": classes, "relations": relations}


def render_html(net: nx.MultiDiGraph, *, heading: str | None = None, height: str = "100%") -> str:
    """The self-contained HTML page of ``net`` (no network access needed to open it)."""
    heading = heading or "zhkg 知识图谱"
    status = f"{net.number_of_nodes()} 个节点 · {net.number_of_edges()} 条关系"
    pv = build_network(net, heading=heading, height=height)
    nodes, edges, _, _, _, options = pv.get_network_data()
    env = Environment(loader=FileSystemLoader(str(ASSETS)), autoescape=select_autoescape(["html"]))
    # tojson still escapes < > & ' (no name can end the script element); keeping Chinese as
    # is makes the page a third smaller and greppable
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    template = env.get_template("template.html")
    return template.render(
        heading=heading,
        status=status,
        nodes=nodes,
        edges=edges,
        options=Markup(json.dumps(json.loads(options))),
        bgcolor="#ffffff",
        select_menu=True,
        filter_menu=True,
        legend=_legend(net),
        filter_props=FILTER_PROPS,
        freeze_after_layout=net.number_of_nodes() > LARGE_GRAPH,
        **_assets(),
    )


def write_viz(source: Source, output: str | Path, opts: VizOptions | None = None) -> nx.MultiDiGraph:
    """Render the view ``opts`` selects from ``source`` to ``output``; return the drawn network."""
    opts = opts or VizOptions()
    net = select_view(source, opts)
    heading = opts.heading or _heading(opts)
    Path(output).write_text(render_html(net, heading=heading, height=opts.height), encoding="utf-8")
    return net


def _heading(opts: VizOptions) -> str:
    parts = ["zhkg 知识图谱"]
    if opts.focus:
        parts.append(f"{opts.focus}（{opts.depth} 步内）")
    if opts.types:
        parts.append("、".join(opts.types))
    if opts.date_from or opts.date_to:
        parts.append(f"{opts.date_from or '…'} 至 {opts.date_to or '…'}")
    if opts.query:
        parts.append("查询结果")
    return " · ".join(parts)
