"""``zh_aliases``: in-document coreference of organization names.

Articles name a body in full once and then by a short form: 开发区党工委 → 区党工委 → 党工委;
扬州新瑞光电科技有限公司 → 新瑞光电. Two names are one body when, with their jurisdiction prefix
set aside, they have the same core and compatible jurisdictions, or when one is the distinctive
front of a company's name used elsewhere in the text. The longest name is the canonical one.
"""

from __future__ import annotations

import collections
import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp import lexicons
from kg.nlp.extensions import register_extensions
from kg.nlp.spans import doc_text

register_extensions()

JURISDICTION_ENDS = ("经济开发区", "开发区", "高新区", "街道", "市", "区", "县", "镇", "省")
COMPANY_TAILS = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "公司", "集团")


def split_jurisdiction(name: str, places: frozenset[str]) -> tuple[str, str]:
    """("开发区", "党工委") for "开发区党工委"; the prefix is a place or ends like one, maybe
    with its gloss in brackets (开发区（马棚街道）人大工委)."""
    best = ""
    for i in range(1, min(len(name), 13)):
        stem = name[:i]
        glossed = stem.endswith(("）", ")")) and stem[:-1].endswith(JURISDICTION_ENDS) and best
        if (i < 9 and (stem in places or stem.endswith(JURISDICTION_ENDS))) or glossed:
            best = stem
    return best, name[len(best) :]


def compatible(j1: str, j2: str, home: set[str]) -> bool:
    if not j1 or not j2 or j1 == j2:
        return True
    short, long_ = sorted((j1, j2), key=len)
    if short in {"市", "县"}:
        return long_ in home or long_.rstrip("市县") in home
    if short == "区":
        return long_.endswith("区")
    return long_.startswith(short) or long_.endswith(short)


ZONES = ("开发区", "高新区", "经济开发区", "高新技术产业开发区", "园区")
QUOTED_FRONT = re.compile(r"^[省市区县镇]?“([^”]{2,8})”")


def _home_prefix(prefix: str, home: set[str]) -> bool:
    """高邮经济 → 高邮: a home place, maybe followed by the zone's kind."""
    for tail in ("经济技术", "高新技术产业", "经济", "高新技术", "市", "县", "区"):
        prefix = prefix.removesuffix(tail)
    return prefix in home


def company_core(name: str, places: frozenset[str]) -> str:
    core = name
    for tail in COMPANY_TAILS:
        if core.endswith(tail):
            core = core[: -len(tail)]
            break
    _jur, rest = split_jurisdiction(core, places)
    core = rest if len(rest) >= 2 else core
    core = core.split("（")[0].split("(")[0]
    return core


class Aliases:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        places = lexicons.places()
        names: dict[str, str] = {}
        for s in doc.spans.get("orgs", []):
            names.setdefault(s.text, s._.kind or "other")
        for p in doc._.positions or []:
            if p["org"] and p["org"] not in names and _has_org_head(p["org"]):
                names[p["org"]] = _kind_of(p["org"])
        # the document's home: the place named most often, inside other names too (高邮国投)
        counts = {p: text.count(p) for p in {s.text for s in doc.spans.get("places", [])}}
        home = {max(counts, key=lambda p: (counts[p], p))} if counts else set()
        home |= {"开发区", "高新区"}
        canonical: dict[str, str] = {}
        by_core: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
        for name in names:
            jur, core = split_jurisdiction(name, places)
            by_core[core].append((jur, name))
        for _core, members in by_core.items():
            members.sort(key=lambda m: (-len(m[1]), m[1]))
            freq = {n: text.count(n) for _, n in members}
            for jur, name in members:
                # the longer names this one may stand for; the most mentioned wins (党工委 is the
                # 开发区党工委 an article keeps naming, not a committee it names once)
                options = [
                    n
                    for j, n in members
                    if len(n) > len(name)
                    and compatible(jur, j, home)
                    and (not jur or not j or canonical.get(n, n) == n)
                ]
                target = max(options, key=lambda n: (freq[n], len(n)), default=None)
                canonical[name] = canonical.get(target, target) if target else name
        # a bare zone (开发区) is the home zone named in full once (高邮经济开发区)
        for name in names:
            if name in ZONES and canonical.get(name, name) == name:
                full = [
                    n for n in names if n != name and n.endswith(name) and _home_prefix(n[: -len(name)], home)
                ]
                if len(full) == 1:
                    canonical[name] = canonical.get(full[0], full[0])
        # company short forms: the distinctive front of the name, used elsewhere in the text
        common = lexicons.common_words()
        for name, kind in names.items():
            if kind != "company" or canonical.get(name, name) != name:
                continue
            core = company_core(name, places)
            for k in range(len(core), 1, -1):
                short = core[:k]
                if short == name or short in places or short in common:
                    continue
                if text.count(short) > text.count(name):
                    canonical.setdefault(short, name)
                    if canonical.get(short) == short:
                        canonical[short] = name
                    break
        # a body named with a quoted word in front (“园区保”综合金融服务站) goes by that word
        for name in names:
            quoted = QUOTED_FRONT.match(name)
            short = quoted.group(1) if quoted else None
            if short in names and canonical.get(short, short) == short:
                canonical[short] = canonical.get(name, name)
        doc._.aliases = {n: c for n, c in canonical.items() if n != c}
        doc._.place_aliases = place_aliases({s.text for s in doc.spans.get("places", [])})
        doc._.org_kinds = {canonical.get(n, n): k for n, k in sorted(names.items(), key=lambda x: len(x[0]))}
        return doc


ADMIN_SUFFIXES = ("省", "市", "县", "区", "镇", "乡", "街道")


def place_aliases(names: set[str]) -> dict[str, str]:
    """Short forms of places named in full in the same text: 扬州 → 扬州市, 大湾区 → 珠三角大湾区."""
    out: dict[str, str] = {}
    for short in names:
        longer = [
            n
            for n in names
            if n != short
            and (
                (n.startswith(short) and n[len(short) :] in ADMIN_SUFFIXES)
                or (len(short) >= 3 and (n.endswith(short) or n.startswith(short)))
            )
        ]
        if longer:
            out[short] = max(longer, key=lambda n: (len(n), n))
    return out


def _has_org_head(name: str) -> bool:
    return any(name.endswith(s.suffix) for s in lexicons.org_suffixes()) or name.endswith(COMPANY_TAILS)


def _kind_of(name: str) -> str:
    for s in lexicons.org_suffixes():
        if name.endswith(s.suffix):
            return s.kind
    return "other"


@Language.factory("zh_aliases")
def make_aliases(nlp: Language, name: str) -> Aliases:
    return Aliases()
