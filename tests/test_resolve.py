"""Cross-document entity resolution: one node per real thing, namesakes apart, reasons recorded."""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, XSD

from kg.explain import explain
from kg.facts import DocumentFacts, Entity, Event, Mention, Position
from kg.names import NameKeys
from kg.rdf import iris
from kg.rdf.mapping import facts_to_graph
from kg.rdf.vocab import ZKG
from kg.resolve import Resolution, article_date, resolve_entities
from kg.resolve_rules import Ref

# ---------------------------------------------------------------- the example corpus


@pytest.fixture(scope="module")
def corpus(example_facts) -> list[DocumentFacts]:
    return example_facts


@pytest.fixture(scope="module")
def resolved(corpus) -> Resolution:
    return resolve_entities(corpus)


@pytest.fixture(scope="module")
def graph(corpus, resolved) -> Graph:
    return facts_to_graph(corpus, resolved)


def _names_in_files(corpus: list[DocumentFacts], entity_type: str) -> dict[str, set[str]]:
    files: dict[str, set[str]] = defaultdict(set)
    for doc in corpus:
        for e in doc.entities:
            if e.type == entity_type:
                files[e.name].add(doc.file_name)
    return files


def _identities_of(
    resolved: Resolution, corpus: list[DocumentFacts], name: str, entity_type: str
) -> set[str]:
    return {
        resolved.entity_index[Ref(d.sha256, e.key)]
        for d in corpus
        for e in d.entities
        if e.name == name and e.type == entity_type
    }


@pytest.mark.parametrize("entity_type", ["Person", "Organization", "Place", "Project"])
def test_a_name_in_several_files_is_one_node(corpus, resolved, entity_type):
    recurring = {n: f for n, f in _names_in_files(corpus, entity_type).items() if len(f) > 1}
    assert recurring or entity_type == "Project"
    for name in recurring:
        assert len(_identities_of(resolved, corpus, name, entity_type)) == 1, name


@pytest.mark.parametrize("name", ["金锋", "张利", "李贵军", "杨海蔚"])
def test_recurring_people_have_one_person_node(corpus, graph, name):
    files = _names_in_files(corpus, "Person")[name]
    assert len(files) > 1
    people = set(graph.subjects(RDFS.label, Literal(name, lang="zh"))) & set(
        graph.subjects(RDF.type, ZKG.Person)
    )
    assert len(people) == 1
    (person,) = people
    assert len(set(graph.objects(person, ZKG.mentionedIn))) == len(files)


def test_no_person_node_joins_two_names(corpus, resolved):
    names: dict[str, set[str]] = defaultdict(set)
    for d in corpus:
        for e in d.entities:
            if e.type == "Person":
                names[resolved.entity_index[Ref(d.sha256, e.key)]].add(e.name)
    assert all(len(n) == 1 for n in names.values())
    assert len(names) == len(_names_in_files(corpus, "Person"))


def test_recurring_organizations(corpus, resolved):
    party = _identities_of(resolved, corpus, "开发区党工委", "Organization")
    assert len(party) == 1
    (party_id,) = party
    assert resolved.identities[party_id].label == "开发区党工委"
    assert {"区党工委", "党工委"} <= set(resolved.identities[party_id].alt_labels)
    assert len(_identities_of(resolved, corpus, "广东英联包装股份有限公司", "Organization")) == 1
    # a short form and the full name in one document are one body
    zone = _identities_of(resolved, corpus, "开发区", "Organization")
    if _names_in_files(corpus, "Organization").get("高邮经济开发区"):
        assert zone == _identities_of(resolved, corpus, "高邮经济开发区", "Organization")


def test_different_bodies_with_the_same_head_stay_apart(corpus, resolved):
    def ident(name: str) -> set[str]:
        return _identities_of(resolved, corpus, name, "Organization")

    party = ident("开发区党工委")
    for other in ("马棚街道党工委", "高新区党工委"):
        assert not ident(other) & party, other
    if ident("扬州市委") and ident("高邮市委"):
        assert ident("扬州市委") != ident("高邮市委")


def test_place_levels(corpus, resolved):
    assert len(_identities_of(resolved, corpus, "扬州", "Place")) == 1
    town = _identities_of(resolved, corpus, "高邮镇", "Place")
    if town:  # 高邮镇 is a town of 高邮市, not the city
        assert town != _identities_of(resolved, corpus, "高邮", "Place")


def test_merges_record_their_reasons(resolved):
    merges = [d for d in resolved.decisions if d.outcome == "merged"]
    assert merges
    for d in merges:
        assert d.score >= 0.5 and d.rule and d.evidence
        assert d.rule in " ".join(d.evidence)


def test_result_does_not_depend_on_document_order(corpus, resolved):
    again = resolve_entities(list(reversed(corpus)))
    assert again.identities == resolved.identities
    assert again.decisions == resolved.decisions
    assert again.positions == resolved.positions


def test_positions_are_dated(graph):
    rows = list(
        graph.query(
            """PREFIX zkg: <https://w3id.org/zhkg/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?title ?a ?b WHERE { ?p rdfs:label "金锋"@zh ; zkg:holds ?h .
              ?h zkg:title ?title ; zkg:firstSeen ?a ; zkg:lastSeen ?b }"""
        )
    )
    assert rows
    for _title, first, last in rows:
        assert first.datatype == XSD.date and first.toPython() <= last.toPython()


# ---------------------------------------------------------------- namesakes from real sentences

# 004: "市委常委、高新区党工委书记、送桥镇党委书记马舟" with another name; a company chairman.
TOWN = "市委常委、高新区党工委书记、送桥镇党委书记王伟接受记者采访。"
FIRM = "扬州某公司董事长王伟介绍，项目将于年内投产。"
FIRM2 = "扬州某公司董事长王伟与开发区管委会主任金锋举行会谈。"


def _doc(
    name: str, sentence: str, entities: list[Entity], positions: list[Position], when: str
) -> DocumentFacts:
    sha = (name.encode().hex() * 8)[:64]
    for e in entities:
        start = sentence.find(e.name)
        e.mentions = [Mention(start, start + len(e.name), sentence)] if start >= 0 else []
    event = Event("e1", "采访", "interview", when)
    return DocumentFacts(name, sha, 2023, entities=entities, positions=positions, events=[event])


def town_doc() -> DocumentFacts:
    return _doc(
        "town.txt",
        TOWN,
        [
            Entity("Person:王伟", "Person", "王伟"),
            Entity("Organization:送桥镇党委", "Organization", "送桥镇党委", org_kind="party"),
        ],
        [Position("Person:王伟", "送桥镇党委书记", "书记", "Organization:送桥镇党委")],
        "2023-03-02",
    )


def firm_doc(name: str = "firm.txt", sentence: str = FIRM, when: str = "2023-06-01") -> DocumentFacts:
    entities = [
        Entity("Person:王伟", "Person", "王伟"),
        Entity("Organization:扬州某公司", "Organization", "扬州某公司", org_kind="company"),
    ]
    if "金锋" in sentence:
        entities.append(Entity("Person:金锋", "Person", "金锋"))
    return _doc(
        name,
        sentence,
        entities,
        [Position("Person:王伟", "扬州某公司董事长", "董事长", "Organization:扬州某公司")],
        when,
    )


def _wang_ids(res: Resolution) -> set[str]:
    return {i.id for i in res.identities.values() if i.label == "王伟"}


def test_namesakes_with_different_offices_stay_apart():
    res = resolve_entities([town_doc(), firm_doc()])
    assert len(_wang_ids(res)) == 2
    (apart,) = [d for d in res.decisions if d.outcome == "kept-apart"]
    assert apart.rule == "office-conflict" and apart.score < 0.5
    # the earlier one keeps the plain IRI; the namesake gets a disambiguator
    town = res.identity(town_doc().sha256, "Person:王伟")
    firm = res.identity(firm_doc().sha256, "Person:王伟")
    assert town.disambiguator is None and firm.disambiguator
    assert iris.entity_iri("Person", "王伟") == iris.entity_iri(town.type, town.label, town.disambiguator)


def test_same_office_joins_namesakes():
    res = resolve_entities([town_doc(), firm_doc(), firm_doc("firm2.txt", FIRM2, "2023-07-01")])
    assert len(_wang_ids(res)) == 2
    firm = res.identity(firm_doc().sha256, "Person:王伟")
    assert len(firm.members) == 2
    (merge,) = [d for d in res.decisions if d.outcome == "merged" and d.identity == firm.id]
    assert "shared-organization" in " ".join(merge.evidence)


def test_a_namesake_added_later_leaves_the_first_iri_alone():
    before = resolve_entities([town_doc()]).identity(town_doc().sha256, "Person:王伟")
    after = resolve_entities([town_doc(), firm_doc()]).identity(town_doc().sha256, "Person:王伟")
    assert before.id == after.id == "person/王伟"


def _org_doc(file_name: str, name: str, kind: str | None) -> DocumentFacts:
    return _doc(
        file_name,
        f"{name}投资建设的项目落户开发区。",
        [Entity(f"Organization:{name}", "Organization", name, org_kind=kind)],
        [],
        "2023-05",
    )


@pytest.mark.parametrize(
    ("short", "full", "kind", "rule"),
    [
        ("英联", "广东英联包装股份有限公司", "company", "brand-prefix"),
        ("新瑞光电", "扬州新瑞光电科技有限公司", None, "same-core"),
        ("开发区", "高邮经济开发区", "government", "short-suffix"),
        ("区党工委", "开发区党工委", "party", "same-core"),
    ],
)
def test_short_forms_join_the_full_name(short, full, kind, rule):
    res = resolve_entities([_org_doc("a.txt", short, kind), _org_doc("b.txt", full, kind)])
    (ident,) = res.identities.values()
    assert {ident.label, *ident.alt_labels} == {short, full}
    (merge,) = res.decisions
    assert merge.rule == rule


def test_different_jurisdictions_do_not_join():
    res = resolve_entities([_org_doc("a.txt", "扬州市委", "party"), _org_doc("b.txt", "高邮市委", "party")])
    assert len(res.identities) == 2
    assert [d.rule for d in res.decisions] == ["jurisdiction-conflict"]


def test_explain_prints_the_rule():
    docs = [town_doc(), firm_doc(), firm_doc("firm2.txt", FIRM2, "2023-07-01")]
    text = explain(facts_to_graph(docs), "王伟")
    assert text.count("王伟  <") == 2
    assert "office-conflict" in text and "same-name" in text and "shared-organization" in text


# ---------------------------------------------------------------- keys and dates


def test_name_keys():
    keys = NameKeys()
    assert keys.key("扬州新瑞光电科技有限公司", company=True).core == "新瑞光电"
    assert keys.key("广东英联包装股份有限公司", company=True).core == "英联包装"
    k = keys.key("高邮市委")
    assert (k.jurisdiction, k.core) == ("高邮", "市委")
    assert keys.key("马棚街道党工委").jurisdiction == "马棚街道"


def test_article_date_is_the_latest_event_date_or_the_year():
    doc = DocumentFacts(
        "x.txt",
        "0" * 64,
        2023,
        events=[Event("a", "会", date="2023-02-10"), Event("b", "会", date="2023-03")],
    )
    assert article_date(doc) == "2023-03"
    assert article_date(DocumentFacts("y.txt", "1" * 64, 2023)) == "2023"
    assert article_date(DocumentFacts("z.txt", "2" * 64)) is None
