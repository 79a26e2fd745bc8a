"""Name keys for cross-document resolution: normal forms, jurisdiction prefixes, legal tails.

Chinese news names one body many ways: "高邮经济开发区" / "开发区", "扬州新瑞光电科技有限公司" /
"新瑞光电", "区党工委" / "开发区党工委". Resolution compares *keys* derived here rather than raw
strings: the NFKC form, the jurisdiction prefix (who the body belongs to: 高邮市, 开发区, 送桥镇)
and the core left when that prefix and any legal tail (股份有限公司, 集团, 科技) are removed.

Pure string functions (no spaCy, no rdflib), so they are cheap to test and to reuse.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

#: bare level words: "区招商局", "市委办" name the reader's own district/city, not a named one
GENERIC_JURISDICTIONS = frozenset({"省", "市", "区", "县", "镇", "乡", "街道", "村", "全市", "全区", "本市"})

#: administrative heads that end a place prefix ("送桥镇" + "党委", "马棚街道" + "办事处")
_ADMIN_HEAD = (
    r"(?:经济技术开发区|经济开发区|高新技术产业开发区|开发区|高新区|园区|街道|自治州|自治区"
    r"|省|市|区|县|镇|乡|村)"
)
_ADMIN_PREFIX = re.compile(rf"^([\u4e00-\u9fff]{{1,6}}?{_ADMIN_HEAD})")

#: legal-form and generic trade words at the end of a company name, longest first
LEGAL_TAILS = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "集团股份公司",
    "有限公司",
    "集团公司",
    "股份公司",
    "控股",
    "集团",
    "公司",
    "科技",
    "实业",
    "股份",
)
#: tails that make a name a registered legal name (the long form a short brand abbreviates)
LEGAL_NAME_TAILS = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "股份公司")

#: words that end an organization's name as a *kind of body*; a short form ending in one of
#: these is a body of its own ("开发区党工委" is not a brand "开发区" + "党工委")
ORG_HEADS = (
    "党工委",
    "管委会",
    "委员会",
    "办事处",
    "党委",
    "工委",
    "政府",
    "委",
    "局",
    "办",
    "部",
    "处",
    "厅",
    "所",
    "站",
    "院",
    "会",
    "中心",
    "学校",
    "大学",
)

_PAREN_PLACE = re.compile(r"\([\u4e00-\u9fff]{2,6}\)")
_PUNCT = re.compile(r"[\s\"'“”‘’《》〈〉「」『』·・]")


def normalize(name: str) -> str:
    """NFKC (full-width brackets and digits become ASCII), no spaces or quotes, ASCII lower-cased."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", name)).lower()


@lru_cache(maxsize=1)
def _lexicon_places() -> frozenset[str]:
    """Administrative place names from the NLP lexicon (generic data), if it is installed."""
    try:
        from kg.nlp.lexicons import words
    except ImportError:  # resolution must work without the NLP side
        return frozenset()
    found: set[str] = set()
    for name in ("places_generated.txt", "places_extra.txt"):
        try:
            found.update(w for w in words(name) if len(w) >= 2)
        except OSError:
            continue
    return frozenset(found)


@dataclass(frozen=True)
class NameKey:
    """The keys of one name: ``norm`` (whole), ``jurisdiction`` (short prefix or ""), ``core`` (rest).

    ``prefix`` is the jurisdiction as printed ("高邮市"), kept for containment tests ("市" in "高邮市").
    """

    norm: str
    jurisdiction: str
    core: str
    prefix: str = ""

    @property
    def explicit_jurisdiction(self) -> str:
        """The jurisdiction when it names a place ("高邮", "送桥镇"), "" for bare 区/市 or none."""
        j = self.jurisdiction
        return "" if not j or j in GENERIC_JURISDICTIONS else j


class NameKeys:
    """Computes ``NameKey``s with a set of known place names (the lexicon plus the corpus's own)."""

    def __init__(self, places: Iterable[str] = ()) -> None:
        known = set(_lexicon_places())
        known.update(normalize(p) for p in places if len(normalize(p)) >= 2)
        # "高邮市" is also known as "高邮": jurisdictions compare by their short form
        self.places = tuple(sorted(known, key=lambda w: (-len(w), w)))
        self._first = {}
        for p in self.places:
            self._first.setdefault(p[0], []).append(p)
        self._cache: dict[tuple[str, bool], NameKey] = {}

    def _strip_place(self, text: str) -> tuple[str, str]:
        """Split one leading jurisdiction off ``text``; the rest must keep two characters."""
        for p in self._first.get(text[:1], ()):
            if text.startswith(p) and len(text) - len(p) >= 2:
                return p, text[len(p) :]
        m = _ADMIN_PREFIX.match(text)
        if m and len(text) - m.end() >= 2:
            return m.group(1), text[m.end() :]
        for generic in ("市", "区", "县", "镇"):
            if text.startswith(generic) and len(text) >= 3:
                return generic, text[1:]
        return "", text

    def key(self, name: str, *, company: bool = False) -> NameKey:
        """Keys of ``name``; ``company`` also strips legal tails (股份有限公司, 集团, 科技 …)."""
        cached = self._cache.get((name, company))
        if cached is not None:
            return cached
        norm = normalize(name)
        text = _PAREN_PLACE.sub("", norm) if company else norm
        parts: list[str] = []
        for _ in range(3):  # "江苏省扬州市高邮市…" nests a few levels at most
            prefix, text = self._strip_place(text)
            if not prefix:
                break
            parts.append(prefix)
        if company:
            changed = True
            while changed:
                changed = False
                for tail in LEGAL_TAILS:
                    if text.endswith(tail) and len(text) - len(tail) >= 2:
                        text, changed = text[: -len(tail)], True
                        break
        jurisdiction = short_place(parts[-1]) if parts else ""
        result = NameKey(norm, jurisdiction, text, "".join(parts))
        self._cache[(name, company)] = result
        return result


def short_place(place: str) -> str:
    """ "高邮市" → "高邮", "江苏省" → "江苏"; a bare level word or a 镇/街道 name is kept whole."""
    for tail in ("省", "市", "县"):
        if place.endswith(tail) and len(place) >= 3:
            return place[: -len(tail)]
    return place


def compatible_jurisdictions(a: NameKey, b: NameKey) -> bool:
    """Can both names belong to the same body? "区" fits "开发区", "高邮市" fits "高邮"; 市 ≠ 区."""
    if not a.jurisdiction or not b.jurisdiction or a.jurisdiction == b.jurisdiction:
        return True
    return a.prefix in b.prefix or b.prefix in a.prefix


def place_core(name: str) -> str:
    """A place without a province/city/county word: "高邮市" → "高邮", "江苏省" → "江苏".

    Town and district words stay: "高邮镇" is a town of 高邮市, not the city.
    """
    norm = normalize(name)
    for tail in ("省", "市", "县"):
        if norm.endswith(tail) and len(norm) - len(tail) >= 2:
            return norm[: -len(tail)]
    return norm


def is_legal_name(name: str) -> bool:
    """True for a registered company name ("广东英联包装股份有限公司"), the form brands abbreviate."""
    return normalize(name).endswith(LEGAL_NAME_TAILS)


def ends_with_org_head(name: str) -> bool:
    """True when ``name`` names a kind of body ("党工委", "招商局"), not a brand ("英联")."""
    return normalize(name).endswith(ORG_HEADS)


def capacities(text: str) -> frozenset[str]:
    """Capacity figures written in a name or fact ("12GW", "年产600吨"), to tell projects apart."""
    return frozenset(
        m.group(0).lower()
        for m in re.finditer(r"\d+(?:\.\d+)?\s*(?:gw|mw|kw|万吨|吨|万台|万套|亿片)", normalize(text))
    )
