"""Writing the graph for other tools: GraphML / GEXF networks, or RDF in another syntax.

GraphML and GEXF hold the entity network of ``kg.networks`` (what Gephi, yEd and Cytoscape
lay out), not the RDF triples: a Gephi user wants persons and organizations as nodes, not
mention and position nodes. Both formats take only scalar attributes, so list attributes
(aliases, positions, documents, evidence) are joined with "；". GEXF nodes also carry the viz
colour and shape of ``kg viz`` so the two pictures match.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset, URIRef

from kg.networks import Source, SourceError, _from_oxigraph, to_networkx
from kg.rdf.load import FORMATS, GraphFileError, load_graph
from kg.rdf.output import write_graph
from kg.rdf.vocab import bind_prefixes

NETWORK_FORMATS = (".graphml", ".gexf")
SEPARATOR = "；"
_GEXF_SHAPES = {
    "dot": "disc",
    "square": "square",
    "triangle": "triangle",
    "diamond": "diamond",
    "star": "disc",
}


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        return SEPARATOR.join(str(v) for v in value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def flat_network(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``net`` whose attributes are all scalars (GraphML/GEXF cannot store lists)."""
    flat = nx.MultiDiGraph()
    for node, data in net.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items() if v is not None})
    for u, v, key, data in net.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _scalar(val) for k, val in data.items() if val is not None})
    return flat


def _gexf_viz(net: nx.MultiDiGraph) -> None:
    from kg.viz import _style

    for _, data in net.nodes(data=True):
        color, shape, _ = _style(data)
        r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
        data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "shape": _GEXF_SHAPES.get(shape, "disc")}


def load_dataset(source: Source) -> Dataset:
    """The source with its named graphs kept, for RDF output (.nq/.trig stay per document)."""
    if isinstance(source, Dataset):
        return source
    path = Path(str(source))
    if not path.is_dir():
        try:
            return load_graph(path)
        except GraphFileError as exc:
            raise SourceError(str(exc)) from exc
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(str(path))
    except OSError as exc:
        raise SourceError(f"{path}: cannot open store: {exc}") from exc
    dataset = bind_prefixes(Dataset())
    for quad in store.quads_for_pattern(None, None, None, None):
        triple = (_from_oxigraph(quad.subject), _from_oxigraph(quad.predicate), _from_oxigraph(quad.object))
        if isinstance(quad.graph_name, ox.DefaultGraph):
            dataset.default_graph.add(triple)
        else:
            dataset.graph(URIRef(quad.graph_name.value)).add(triple)
    return dataset


def export(source: Source, output: str | Path) -> str:
    """Write ``source`` to ``output`` in the format its extension names; a one-line summary."""
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix in FORMATS:
        dataset = load_dataset(source)
        write_graph(dataset, output)
        return f"{len(dataset)} triples"
    if suffix not in NETWORK_FORMATS:
        known = ", ".join([*NETWORK_FORMATS, *FORMATS])
        raise ValueError(f"unsupported output extension {suffix or '(none)'}; supported: {known}")
    net = flat_network(to_networkx(source))
    if suffix == ".graphml":
        nx.write_graphml(net, output, encoding="utf-8")
    else:
        _gexf_viz(net)
        nx.write_gexf(net, output, encoding="utf-8")
    return f"{net.number_of_nodes()} nodes, {net.number_of_edges()} edges"


__all__ = ["NETWORK_FORMATS", "export", "flat_network", "load_dataset"]
