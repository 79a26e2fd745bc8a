"""Namespaces of the zhkg graph and the prefixes every serialisation binds.

Kept in one place so that the mapping, the writers and the tools agree on prefixes: a
Turtle file written by ``kg build`` and one written by a test then read the same.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import FOAF, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

ZKG = Namespace("https://w3id.org/zhkg/ontology#")
ONTOLOGY_IRI = "https://w3id.org/zhkg/ontology"
ID_BASE = "https://w3id.org/zhkg/id/"
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")

PREFIXES: dict[str, Namespace] = {
    "zkg": ZKG,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "skos": Namespace(str(SKOS)),
    "xsd": Namespace(str(XSD)),
    "schema": Namespace(str(SDO)),
    "org": Namespace(str(ORG)),
    "foaf": Namespace(str(FOAF)),
    "prov": Namespace(str(PROV)),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
