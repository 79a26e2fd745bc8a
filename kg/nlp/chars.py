"""Character classes and boundary words shared by the rule components.

Chinese has no spaces, so every rule needs to know where a name may begin and end. These tables
say which characters can sit inside a name and which short words mark the edge of one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.nlp import lexicons

HAN = "\u4e00-\u9fff"
NAME_CHARS = f"[{HAN}A-Za-z0-9（）()·]"
IS_HAN = re.compile(f"[{HAN}]")
# characters that end a clause and can never be inside an entity name
CLAUSE_PUNCT = set("，。；：？！、“”‘’《》「」—…\n ,;:?!\"'")

# Words that stand just before a name and are not part of it. Single characters are kept to those
# that rarely occur inside a name (so 新, 全, 同 are not here: 新材料, 安全技术, 合同).
LEFT_EDGE_WORDS = lexicons.by_length("boundary_words.txt")
_EDGE_SET = frozenset(LEFT_EDGE_WORDS)
_EDGE_MAX = max(len(w) for w in LEFT_EDGE_WORDS)

# cues that follow a person's name (the verb or word after 张利 in 张利指出, 张利一行 …)
PERSON_CUES = lexicons.by_length("person_cues.txt")


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def is_name_char(ch: str) -> bool:
    return is_han(ch) or (ch.isascii() and ch.isalnum()) or ch in "（）()·"


@lru_cache(maxsize=64)
def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in words))


def starts_with_any(text: str, pos: int, words: tuple[str, ...]) -> str | None:
    """The first (longest) word of ``words`` found at ``text[pos:]``, or None."""
    m = _alternation(words).match(text, pos)
    return m.group() if m else None


def after_edge_word(text: str, pos: int, shortest: int = 1) -> bool:
    """True when ``text[:pos]`` ends with a boundary word, so a name may start at ``pos``;
    ``shortest=2`` asks for a whole word (建立), not a lone character (为)."""
    return any(text[max(0, pos - k) : pos] in _EDGE_SET for k in range(shortest, _EDGE_MAX + 1))


def _edge_inside_word(text: str, pos: int) -> bool:
    """Whether the boundary word ending at ``pos`` is one character that ends a place name
    here: the 都 of 成都, the 至 of 东至 are inside a name, not before it. (Ordinary words
    are no such guide: the 为 of 人为 in 负责人为西北大学 is still the verb.)"""
    return pos >= 2 and not after_edge_word(text, pos, shortest=2) and lexicons.is_place(text[pos - 2 : pos])


def name_start(text: str, end: int, min_len: int = 1, limit: int = 30) -> int:
    """Where a name ending at ``end`` begins: walk left over name characters and stop at
    punctuation or just after a boundary word (在, 由, 拜访了 …), keeping at least ``min_len``."""
    start = end - min_len
    while (
        start > 0
        and end - start < limit
        and is_name_char(text[start - 1])
        and (not after_edge_word(text, start) or _edge_inside_word(text, start))
    ):
        start -= 1
    return max(start, 0)


# characters that do not occur in given names (function words, title and place heads)
CLUE_STOP_CHARS = frozenset(
    "的了在和与等是及对向为将把被让请到从至也都已即又再并就均该我你他她们这那之其所而且但或说会上下"
    "市区县镇省局委办书记一个年月日号子体部员门位次些"
)
