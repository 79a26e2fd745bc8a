"""Organization names by their heads: 公司, 集团, 党工委, 管委会, 局, 大学 …

A Chinese organization name ends in a head word that says what kind of body it is; the hard part
is where it begins. ``name_start`` walks left to punctuation or a boundary word, and the weak
one-character heads (局, 办, 委) must also be followed by something an organization is followed
by, so that 格局 or 举办 never become bodies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.nlp import lexicons
from kg.nlp.chars import after_edge_word, is_name_char, name_start, starts_with_any
from kg.nlp.grammar.persons import read_name

# two-character words ending in a weak head that are ordinary vocabulary, not bodies
NOT_ORG_ENDINGS = frozenset(lexicons.words("not_org_endings.txt"))
# words that begin with a head but are not one (党组织, 大学生)
NOT_ORG_HEADS = lexicons.by_length("not_org_heads.txt")
# what may follow a body named by a weak head
ZONE_HEADS = ("开发区", "高新区", "园区", "产业园", "工业园")
# bodies that are also sites one visits or stands in (a zone, a school, a hospital)
SITE_HEADS = (*ZONE_HEADS, "中学", "小学", "幼儿园", "医院", "卫生院")


@dataclass(frozen=True)
class OrgMatch:
    start: int
    end: int
    kind: str
    also_place: bool = False


@lru_cache(maxsize=1)
def _head_pattern() -> re.Pattern[str]:
    heads = [s.suffix for s in lexicons.org_suffixes()]
    return re.compile("|".join(re.escape(h) for h in heads))


@lru_cache(maxsize=1)
def _heads() -> dict[str, lexicons.OrgSuffix]:
    return {s.suffix: s for s in lexicons.org_suffixes()}


ADMIN_ENDINGS = ("市", "区", "县", "镇", "省", "乡", "村", "街道", "）", ")", "开发区", "高新区", "园区")


def _jurisdiction_start(text: str, start: int, head_start: int) -> int:
    """For heads that name a body by its jurisdiction (市委, 开发区, 党工委), keep only a prefix
    that is a place or a zone ("高邮市委", "开发区党工委"), never stray words before it."""
    start += lexicons.ordinary_prefix(text[start:head_start], ADMIN_ENDINGS)
    for s in range(start, head_start):
        stem = text[s:head_start]
        ending = next((e for e in ADMIN_ENDINGS if stem.endswith(e)), "")
        # a place (射阳, 高邮市), or a name ending like one whose own name is not a lone character
        if lexicons.is_place(stem) or (ending and len(stem) <= 12 and len(stem) - len(ending) != 1):
            return s
        if lexicons.is_place(stem[:-1]) and stem[-1] in "市区县镇省乡":
            return s
    # a zone named after a place the lexicon does not know (射阳经济开发区): a short proper stem
    stem = text[max(start, head_start - 3) : head_start]
    zone = text.startswith(("经济开发区", "经济技术开发区", *ZONE_HEADS), head_start)
    proper = len(stem) >= 2 and not _ordinary_words(stem) and stem[:2] not in _ordinary_vocabulary()
    if zone and proper and not lexicons.leading_function_words(stem):
        return head_start - len(stem)
    return head_start


NUMERALS = set("0123456789一二三四五六七八九十百千万亿两几多数")
GENERIC_STEMS = frozenset(lexicons.words("generic_org_stems.txt"))


def _generic(name: str, head: str) -> bool:
    """Names that only describe a kind of body (上市公司, 三个分公司, 千亿园区), not one body."""
    stem = name[: len(name) - len(head)]
    return (
        name[0] in NUMERALS
        or name.startswith(("第", "各", "全"))
        or re.search("[十百千万]亿|[0-9]+个", stem) is not None
        or stem in GENERIC_STEMS
        or (any(ch in NUMERALS for ch in stem[:2]) and not stem[:1].isascii())
    )


INDUSTRY_WORDS = lexicons.by_length("industry_words.txt")


def _only_trade_words(stem: str) -> bool:
    i = 0
    while i < len(stem):
        w = starts_with_any(stem, i, INDUSTRY_WORDS)
        if w is None:
            return False
        i += len(w)
    return True


def _past_lone_edge(text: str, start: int, head_start: int, limit: int) -> int:
    """华为技术有限公司: the walk stopped at 为, leaving only trade words (技术) before the legal
    form; a company has a name of its own, so step over that one character and walk on."""
    if start < 2 or not _only_trade_words(text[start:head_start]) or not text[start - 1].strip():
        return start
    if not is_name_char(text[start - 1]) or not is_name_char(text[start - 2]):
        return start
    if after_edge_word(text, start, shortest=2) and not text[:start].endswith(INDUSTRY_WORDS):
        return start  # 加快建立科技产业基金: a verb (建立), though 长江实业地产投资 goes on
    return name_start(text, start - 1, min_len=1, limit=limit)


QUOTED_NAME = re.compile(r"(?:(?<![\w（）()·])[省市区县镇])?“[\w·]{2,8}”$")


def over_quoted(text: str, start: int) -> int:
    """Extend a name back over a short quoted word that leads it, with a one-character
    jurisdiction before the quote: “园区保”综合金融服务站, 省“八五”普法中期评估组 are the
    bodies' full names (the walk stopped at the closing quote)."""
    if start < 3 or text[start - 1] != "”":
        return start
    m = QUOTED_NAME.search(text, max(0, start - 12), start)
    return m.start() if m else start


def over_conjunction(text: str, start: int) -> int:
    """Extend a name back over 和/与 when the part before it is a fragment of the same name
    (西北大学光子学与光子技术研究所, 市文化广电和旅游局), not a body or person of its own."""
    if start < 3 or text[start - 1] not in "和与":
        return start
    left = name_start(text, start - 1, min_len=0, limit=14)
    fragment = text[left : start - 1]
    if (
        len(fragment) < 2
        or fragment.endswith(tuple(_heads()))
        or any(r in fragment for r in lexicons.roles())
    ):
        return start  # 管委会主任金锋和退役军人事务局: a title and a person, then another body
    name = read_name(fragment, 0)
    if name is not None and name[1] == len(fragment):
        return start  # 田醒民与投资方负责人: a person, then another party
    verb_first = lexicons.leading_function_words(fragment) and not fragment.startswith(tuple(_heads()))
    if verb_first or fragment in _ordinary_vocabulary():
        return start
    return left


def skip_function_words(text: str, start: int, head_start: int) -> int:
    """Drop verbs and adverbs that the boundary walk took in (希望区…服务站, 贯彻落实市文明委,
    发挥厦门大学), unless they begin a head or a place themselves (开发区党工委)."""
    lead = lexicons.leading_function_words(text[start:head_start])
    if lead == 0:
        return start
    protected = any(
        text[start : start + k] in _heads() or text[start : start + k] in lexicons.places()
        for k in range(lead + 1, min(head_start - start, 8) + 1)
    ) or text.startswith(tuple(_heads()), start)
    rest = text[start + lead : head_start]
    jurisdiction_follows = lexicons.starts_with_place(rest) or rest[:1] in {"市", "区", "县", "省", "镇"}
    return start + lead if jurisdiction_follows and not protected else start


def _not_in_brackets(text: str, start: int, head_start: int) -> int:
    """A name never begins with an opening bracket. 开发区(马棚街道)人大工委: the bracket
    glosses the zone before it, which belongs to the name; with no such name before it, the
    name starts after the closing bracket."""
    if text[start : start + 1] not in ("(", "（"):
        return start
    before = name_start(text, start, min_len=0, limit=10)
    stem = text[before:start]
    if stem and (lexicons.is_place(stem) or stem.endswith(ADMIN_ENDINGS)):
        return before
    close = next((i for i in range(start + 1, head_start) if text[i] in ")）"), None)
    return close + 1 if close is not None else start


def _ends_with_role(name: str) -> bool:
    return any(name.endswith(r) for r in lexicons.roles())


def find_organizations(text: str) -> list[OrgMatch]:
    """All organization names in ``text``, outermost first where they nest."""
    found: list[OrgMatch] = []
    roles = lexicons.roles()
    for m in _head_pattern().finditer(text):
        head = _heads()[m.group()]
        end = m.end()
        weak = len(head.suffix) == 1 or head.suffix in {"中心", "委员会", "中学", "小学"}
        if len(head.suffix) == 1 and starts_with_any(text, m.start(), roles):
            continue  # 委员, 局长: the head character starts a role word instead
        if starts_with_any(text, m.start(), NOT_ORG_HEADS):
            continue  # 基层党组织: the head starts a longer, ordinary word
        limit = 30 if head.kind in {"company", "research", "other"} else 14
        start = name_start(text, end, min_len=len(head.suffix), limit=limit)
        if head.kind == "company":
            start = _past_lone_edge(text, start, m.start(), limit)
        trade_only = (
            head.kind == "company" and start < m.start() and _only_trade_words(text[start : m.start()])
        )
        if _generic(text[start:end], head.suffix) or trade_only:
            continue  # 上市公司 stays generic even after 和: …发展和上市公司
        start = over_conjunction(text, over_quoted(text, start))
        if head.min_stem == 0:
            start = _jurisdiction_start(text, start, m.start())
        start = skip_function_words(text, start, m.start())
        start = _not_in_brackets(text, start, m.start())
        verb_first = lexicons.leading_function_words(text[start : m.start()]) > 0
        public = head.kind in {"government", "party"}
        if public and verb_first and not text.startswith(tuple(_heads()), start):
            continue  # 要解决基层党组: a verb phrase, not a body's name
        name = text[start:end]
        stem = len(name) - len(head.suffix)
        ordinary_ending = len(head.suffix) < 3 and name[-2:] in NOT_ORG_ENDINGS  # not 普查办's 查办
        if stem < head.min_stem or _ends_with_role(name) or ordinary_ending:
            continue
        if _generic(name, head.suffix):
            continue
        if weak and end < len(text) and text[end - 1 : end + 1] in _ordinary_vocabulary():
            continue  # 局面, 办法, 委托: the head character starts an ordinary word instead
        found.append(OrgMatch(start, end, head.kind, also_place=name.endswith(SITE_HEADS)))
    return _outermost(found)


def _outermost(matches: list[OrgMatch]) -> list[OrgMatch]:
    """Drop names nested in a longer one, except parents a reader would list on their own
    (a university inside its institute, a zone inside its party committee)."""
    matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[OrgMatch] = []
    for m in matches:
        outer = next((o for o in out if o.start <= m.start and m.end <= o.end and o != m), None)
        if outer is None or m.kind == "research" or (m.also_place and m.start == outer.start):
            out.append(m)
    # of parents nested at one start, only the shortest is a name of its own: 厦门大学 inside
    # 厦门大学国家大学科技园, not the run-on 厦门大学国家大学
    nested = [m for m in out if any(o.start <= m.start and m.end < o.end for o in out)]
    shorter = {(n.start, n.end) for n in nested}
    out = [m for m in out if m not in nested or not any(a == m.start and b < m.end for a, b in shorter)]
    # a later, longer match may contain an earlier short one (same start handled by sort)
    return [
        m
        for m in out
        if not any(
            o.start < m.start and m.end <= o.end and m.kind not in {"research"} and not m.also_place
            for o in out
        )
    ]


LIST_TAIL = re.compile(
    r"等(?:一批|多家|\d+家|一些|部分|知名)?(?:(?!方面|领域|成绩|工作)[^，。；、]){0,12}?(?:企业|公司|单位)"
)


def find_listed_companies(text: str) -> list[OrgMatch]:
    """Names in a list closed by 等…企业 ("对铭讯电子、城市漫步、品颜科技等多家…企业"): companies
    even without a 公司 head, because the sentence says what they are."""
    out: list[OrgMatch] = []
    for m in LIST_TAIL.finditer(text):
        pos = m.start()
        while True:
            start = name_start(text, pos, min_len=2, limit=20)
            start += lexicons.leading_function_words(text[start:pos]) if pos - start > 3 else 0
            if pos - start >= 2 and not _ordinary_words(text[start:pos]):
                out.append(OrgMatch(start, pos, "company"))
            if start > 0 and text[start - 1] == "、":
                pos = start - 1
                continue
            break
    return out


@lru_cache(maxsize=1)
def _ordinary_vocabulary() -> frozenset[str]:
    return lexicons.common_words() | lexicons.function_words()


def _ordinary_words(name: str) -> bool:
    """Whether a name is just ordinary words (成果转化, 绿色发展), not a trade name."""
    common = _ordinary_vocabulary()
    if name in common:
        return True
    return len(name) % 2 == 0 and all(name[i : i + 2] in common for i in range(0, len(name), 2))
