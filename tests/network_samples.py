"""A small hand-written graph for the network, viz and export tests.

It holds one of everything the projection treats specially: a position folded into an edge,
a chair who is also stated as participant, a month-precision date, an isolated node, an
alias, and organization names / sentences carrying HTML and script payloads that must reach
the page as text.
"""

from __future__ import annotations

from rdflib import Graph

XSS_ORG = "<img src=x onerror=\"document.title='pwned';window.__kgXss=1\">公司"
XSS_SENTENCE = "</script><script>window.__kgXss=2</script>金锋出席。"

SAMPLE_TTL = """
@prefix zkg: <https://w3id.org/zhkg/ontology#> .
@prefix id: <https://w3id.org/zhkg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:doc-a a zkg:Document ; zkg:fileName "a.txt" .

id:person-jin a zkg:Person ; rdfs:label "金锋"@zh ; zkg:mentionedIn id:doc-a ;
    zkg:holds id:pos-1 ; zkg:evidence id:m1 .
id:m1 a zkg:Mention ; zkg:document id:doc-a ; zkg:startOffset 10 ; zkg:sentence %(sentence)s .
id:pos-1 a zkg:Position ; zkg:title "开发区管委会主任"@zh ; zkg:organization id:org-gwh .

id:person-li a zkg:Person ; rdfs:label "李贵军"@zh ; zkg:holds id:pos-2 .
id:pos-2 a zkg:Position ; zkg:title "区党工委副书记"@zh ; zkg:organization id:org-dgw .

id:org-gwh a zkg:GovernmentAgency ; rdfs:label "开发区管委会"@zh ; skos:altLabel "管委会"@zh .
id:org-dgw a zkg:PartyOrganization ; rdfs:label "开发区党工委"@zh .
id:org-xss a zkg:Company ; rdfs:label %(org)s .
id:place-gy a zkg:Place ; rdfs:label "高邮"@zh .
id:place-lonely a zkg:Place ; rdfs:label "孤立村"@zh .

id:ev-meeting a zkg:Meeting ; rdfs:label "推进会"@zh ; zkg:date "2023-03-10"^^xsd:date ;
    zkg:organizer id:org-dgw ; zkg:chair id:person-li ; zkg:speaker id:person-jin ;
    zkg:participant id:person-li , id:person-jin ; zkg:location id:place-gy .
id:ev-trip a zkg:Trip ; rdfs:label "赴深圳招商"@zh ; zkg:date "2023-05"^^xsd:gYearMonth ;
    zkg:participant id:person-jin ; zkg:site id:org-xss .

id:proj a zkg:Project ; rdfs:label "光伏项目"@zh ; zkg:investmentCNY 10000000000.0 ;
    zkg:investor id:org-xss ; zkg:locatedIn id:place-gy .
"""


def sample_graph() -> Graph:
    """The sample as an rdflib Graph (payloads quoted as Turtle literals)."""
    import json

    text = SAMPLE_TTL % {"sentence": json.dumps(XSS_SENTENCE) + "@zh", "org": json.dumps(XSS_ORG) + "@zh"}
    return Graph().parse(data=text, format="turtle")


#: node and edge counts of the sample's entity network (checked by hand):
#: nodes: 2 persons, 3 organizations, 2 places, 2 events, 1 project = 10
#: edges: 2 positions; meeting organizer, chair, speaker, location (participants restate
#: chair/speaker and are dropped); trip participant, site; project investor, locatedIn = 10
SAMPLE_NODES = 10
SAMPLE_EDGES = 10


_EXAMPLE_CACHE: dict[str, object] = {}


def example_dataset():
    """The five shipped examples built in memory without the model, once per test session."""
    if "dataset" not in _EXAMPLE_CACHE:
        from pathlib import Path

        from kg.build import extract_files
        from kg.rdf.mapping import facts_to_dataset

        paths = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))
        _EXAMPLE_CACHE["dataset"] = facts_to_dataset(extract_files(paths, model=False))
    return _EXAMPLE_CACHE["dataset"]
