"""SHACL validation of a zhkg graph against ``ontology/shapes.ttl``.

The ontology is mixed into the data graph so that ``sh:class zkg:Organization`` accepts a
``zkg:Company`` (SHACL follows rdfs:subClassOf in the data graph). RDFS inference is off by
default: the mapping states every type it means, the ontology's union ranges would only add
blank-node types, and inference makes validation several times slower.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pyshacl
from rdflib import Graph

from kg.rdf.load import load_graph, union_graph
from kg.rdf.ontology import ontology_graph, shapes_graph

Inference = Literal["none", "rdfs"]


def validate(graph: str | Path | Graph, inference: Inference = "none") -> tuple[bool, str]:
    """Validate a graph (or a graph file) with the project shapes; return (conforms, report).

    Warnings (shapes with sh:severity sh:Warning) are listed in the report but do not make the
    graph non-conforming. Raises kg.rdf.load.GraphFileError for unreadable files.
    """
    data = load_graph(graph) if isinstance(graph, (str, Path)) else graph
    # validate the union: pySHACL would otherwise check each named graph on its own
    data = union_graph(data)
    conforms, _results, text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference=inference,
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
        inplace=False,
    )
    return bool(conforms), str(text)
