"""``zh_projects``: investment projects with amount, capacity, investor, place and status.

The facts of a project are spread over its sentence and the ones after it ("该项目计划总投资
100亿元"), so a sentence that opens with 该项目 / 项目 / 其 speaks of the last project named.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import register_extensions
from kg.nlp.grammar.projects import find_projects
from kg.nlp.spans import char_span, doc_text

register_extensions()

STATUS_WORDS = ("开工", "签约", "落户", "竣工", "投产", "下线", "建成", "达产")
ANAPHORA = re.compile(r"^(?:[^，。]{0,6}，)?(?:该项目|项目|其|此次开工的|这个项目)")
COMPANY_ANAPHORA = re.compile(
    r"(?:该|此|这家)?(?P<head>企业|公司|集团)(?:先后|计划|将|拟|累计)?(?:投资|出资)"
)


INVESTS_AFTER = re.compile(r"^(?:计划|将|拟|先后)?(?:投资|出资|投建|全资|控股)")
LOCATED = re.compile(r"(?:在|落户|位于|落地)(?P<place>[^，。；、]{2,8}?)(?:实施|建设|投资|的|，|。|并)")


def _new_facts(start: int, end: int) -> dict:
    return {
        "investment": None,
        "currency": "CNY",
        "capacity": None,
        "investors": [],
        "located_in": [],
        "status": None,
        "start": start,
        "end": end,
    }


class Projects:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        spans = [
            s for p in find_projects(text) if (s := char_span(doc, p.start, p.end, "PROJECT")) is not None
        ]
        doc.spans["projects"] = spans
        orgs = list(doc.spans.get("orgs", []))
        facts: dict[str, dict] = {}
        last: str | None = None
        for sent in doc.spans.get("sentences", []):
            s, e = sent.start_char, sent.end_char
            targets = [p.text for p in spans if s <= p.start_char < e]
            if not targets and last and ANAPHORA.match(text[s:e]):
                targets = [last]
            for name in targets:
                f = facts.setdefault(name, _new_facts(s, e))
                self._read_sentence(doc, text, s, e, name, f, alone=len(set(targets)) == 1)
                self._investors(text, orgs, s, e, name, f)
            last = targets[-1] if targets else last
        doc._.project_aliases = project_aliases([p.text for p in spans], doc._.aliases or {})
        doc._.projects = _merge(facts, doc._.project_aliases)
        # a project named after a company ("双鹏…有限公司20GW…项目") is that company's when nothing
        # else, under any of its names, says who invests
        for canonical, f in doc._.projects.items():
            names = [canonical, *(n for n, c in doc._.project_aliases.items() if c == canonical)]
            if not f["investors"]:
                owners = [
                    o.text for o in orgs if o._.kind == "company" and any(n.startswith(o.text) for n in names)
                ]
                f["investors"] += owners[:1]
        return doc

    @staticmethod
    def _read_sentence(doc: Doc, text: str, s: int, e: int, name: str, f: dict, *, alone: bool) -> None:
        """Amount, capacity, status and place that one sentence states about project ``name``."""
        money = [
            m
            for m in doc.spans.get("money", [])
            if s <= m.start_char < e and "投资" in text[max(s, m.start_char - 8) : m.start_char]
        ]
        # an amount in a sentence naming several projects is their total, not one's
        if money and f["investment"] is None and alone:
            f["investment"], f["currency"] = money[0]._.value, money[0]._.currency
        caps = [c.text for c in doc.spans.get("capacities", []) if s <= c.start_char < e]
        if f["capacity"] is None and caps:
            f["capacity"] = next((c for c in caps if c in name), caps[0])
        status = next((w for w in STATUS_WORDS if w in text[s:e]), None)
        f["status"] = f["status"] or status
        loc = LOCATED.search(text, s, e)
        if loc and loc.group("place") not in f["located_in"]:
            f["located_in"].append(loc.group("place"))

    @staticmethod
    def _investors(text: str, orgs: list, s: int, e: int, name: str, f: dict) -> None:
        """Companies the sentence says invest: 由X投资, X计划投资…, X在…实施Y项目, or an
        anaphor (集团先后投资 / 该企业计划投资) for the last company of that kind named before."""
        for o in orgs:
            if not (s <= o.start_char < e and o._.kind == "company") or o.text in f["investors"]:
                continue
            invests = (
                INVESTS_AFTER.match(text[o.end_char : o.end_char + 12]) or text[o.start_char - 1] == "由"
            )
            if (invests and o.text not in name) or (
                name in text[o.end_char : e]
                and "是" + o.text not in text[s:e]
                and text.startswith("在", o.end_char)
            ):
                f["investors"].append(o.text)
        anaphor = COMPANY_ANAPHORA.search(text, s, e)
        if not f["investors"] and anaphor:
            head = anaphor.group("head")
            before = [
                o
                for o in orgs
                if o.end_char <= s and o._.kind == "company" and (head == "企业" or o.text.endswith(head))
            ]
            if before:
                f["investors"].append(before[-1].text)


def _merge(facts: dict[str, dict], names: dict[str, str]) -> dict[str, dict]:
    """Facts of the names of one project folded onto its canonical name."""
    merged: dict[str, dict] = {}
    for name, f in facts.items():
        target = merged.setdefault(names.get(name, name), f)
        if target is f:
            continue
        for key in ("investment", "capacity", "status"):
            target[key] = target[key] if target[key] is not None else f[key]
        for key in ("investors", "located_in"):
            target[key] += [x for x in f[key] if x not in target[key]]
    return merged


def _core(name: str, org_aliases: dict[str, str]) -> str:
    """A project name reduced for comparison: no trailing 项目, no jurisdiction or company prefix,
    company names by their short form, capacities dropped."""
    core = name.removesuffix("项目")
    for short, full in org_aliases.items():
        if full in core and len(short) < len(full):
            core = core.replace(full, short)
    core = re.sub(r"^(?:.{0,6}?(?:开发区|高新区|园区))", "", core)
    return re.sub(r"[\d.]+\s*(?:GWh|MWh|GW|MW|万吨|吨)", "", core)


def _subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(ch in it for ch in short)


def project_aliases(names: list[str], org_aliases: dict[str, str]) -> dict[str, str]:
    """Which project names in one document name the same project.

    One name's core inside the other's ("太阳能超薄单晶硅片" in "20GWN型太阳能超薄单晶硅片项目"), or
    the same words with a capacity or a company's short form between them ("扬州新瑞光电科技有限公司
    高效光伏电池项目" ~ "新瑞光电12GW新型高效光伏电池项目"). The canonical name ends in 项目 and
    has no jurisdiction prefix when such a name exists.
    """
    unique = sorted(set(names), key=lambda n: (len(n), n))
    parent = {n: n for n in unique}

    def find(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    cores = {n: _core(n, org_aliases) for n in unique}
    for i, a in enumerate(unique):
        for b in unique[i + 1 :]:
            ca, cb = cores[a], cores[b]
            same = len(ca) >= 4 and (ca in cb or cb in ca)
            if not same and len(ca) >= 6 and ca[:2] == cb[:2] and ca[-4:] == cb[-4:]:
                same = _subsequence(ca, cb) or _subsequence(cb, ca)
            if same:
                parent[find(b)] = find(a)
    groups: dict[str, list[str]] = {}
    for n in unique:
        groups.setdefault(find(n), []).append(n)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        canonical = min(
            members, key=lambda n: (not n.endswith("项目"), cores[n] != n.removesuffix("项目"), len(n), n)
        )
        out.update({n: canonical for n in members if n != canonical})
    return out


@Language.factory("zh_projects")
def make_projects(nlp: Language, name: str) -> Projects:
    return Projects()
