"""Place names: administrative places and regions from the lexicon, and villages, towns and
streets by their heads (北太平村, 送桥镇, 马棚街道, 东墩集镇)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.nlp import lexicons
from kg.nlp.chars import after_edge_word, is_name_char, name_start

PLACE_HEADS = (
    "街道",
    "社区",
    "集镇",
    "村",
    "镇",
    "乡",
    "县",
    "支渠",
    "干渠",
    "河",
    "湖",
    "中学",
    "小学",
    "广场",
    "公园",
)
#: 河道, 河堤, 河长(制), 湖岸: after 河/湖 these make an ordinary word, not a water body's name
NOT_WATER_NEXT = ("道", "堤", "长", "段", "岸")
VILLAGE_HEADS = ("村", "镇", "乡", "街道", "社区", "集镇")
GENERIC_PLACE_STEMS = frozenset(lexicons.words("generic_place_stems.txt"))


@lru_cache(maxsize=1)
def _lexicon_pattern() -> re.Pattern[str]:
    words = sorted(lexicons.places(), key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in words))


@dataclass(frozen=True)
class PlaceMatch:
    start: int
    end: int
    by_head: bool  # 北太平村, 送桥镇: named by a village/town head, not from the lexicon


def _water_end(text: str, end: int) -> int:
    """东平河, 高邮湖: a bare place name right before 河/湖 names the river or lake (the county
    of that name is not what 东平河以南 locates); 河道, 河堤, 河长 are ordinary words instead, and
    a name with its administrative suffix (高邮市河道) is the place itself."""
    if (
        end < len(text)
        and text[end] in "河湖"
        and text[end - 1] not in "省市县区镇乡村"
        and text[end + 1 : end + 2] not in (*NOT_WATER_NEXT, "湖", "河")
    ):
        return end + 1
    return end


def find_places(text: str) -> list[PlaceMatch]:
    """Place spans, longest match first, not overlapping one another."""
    common = lexicons.common_words()
    found = [
        (m.start(), _water_end(text, m.end()), _water_end(text, m.end()) > m.end())
        for m in _lexicon_pattern().finditer(text)
        # 畅通城乡 holds 通城: a place name glued into an ordinary word is not one
        if text[max(0, m.start() - 1) : m.start() + 1] not in common
        and text[m.end() - 1 : m.end() + 1] not in common
        # 北太平村 holds 太平: inside a longer village or town name
        and not (
            m.start() > 0 and is_name_char(text[m.start() - 1]) and text.startswith(VILLAGE_HEADS, m.end())
        )
    ]
    heads = re.compile("|".join(PLACE_HEADS))
    for m in heads.finditer(text):
        if m.group() in ("河", "湖") and text[m.end() : m.end() + 1] in NOT_WATER_NEXT:
            continue
        start = name_start(text, m.start(), min_len=0, limit=3)
        if start > 0 and is_name_char(text[start - 1]) and not after_edge_word(text, start):
            continue  # the word goes on further left: 村 ends a longer phrase, not a name
        while start < m.start() and text[start] in "年月日":
            start += 1
        start += lexicons.leading_function_words(text[start : m.start()])
        if text[m.start() - 1 : m.end()] in lexicons.common_words() or any(
            text[m.start() : m.end() + k] in lexicons.common_words() for k in (1, 2)
        ):
            continue  # 家乡, 乡村, 镇上: the head is part of an ordinary word
        stem = text[start : m.start()]
        common = lexicons.common_words()
        if stem in common or stem[:2] in common:
            continue
        if (
            len(stem) < 2
            or stem in GENERIC_PLACE_STEMS
            or not stem.isalnum()
            or any(c in "一二三四五六七八九十两几" for c in stem)
        ):
            continue
        if any(stem.startswith(g) for g in ("各", "全", "该", "本", "每", "挂联")):
            continue
        found.append((start, m.end(), True))
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[PlaceMatch] = []
    for s, e, by_head in found:
        if out and s < out[-1].end:
            continue
        out.append(PlaceMatch(s, e, by_head))
    return out
