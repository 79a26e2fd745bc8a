"""Personal names: a surname, then one or two given-name characters.

Where a name ends is the question (张利率队: 张利 or 张利率?). Two kinds of evidence decide it:
the document itself (a three-character reading that is always followed by the same third
character across the document is a name; one that varies is not), and what follows (a cue such
as 主持, 一行, 指出 or punctuation right after the name).
"""

from __future__ import annotations

from kg.nlp import lexicons
from kg.nlp.chars import CLUE_STOP_CHARS, PERSON_CUES, is_han, starts_with_any


def surname_at(text: str, pos: int) -> str | None:
    """The surname (compound first) starting at ``pos``, if any."""
    names = lexicons.surnames()
    two = text[pos : pos + 2]
    if len(two) == 2 and two in names:
        return two
    one = text[pos : pos + 1]
    return one if one in names else None


def _given_ok(ch: str) -> bool:
    return is_han(ch) and ch not in CLUE_STOP_CHARS and lexicons.given_name_chars().get(ch, 0) >= 1


def _boundary_after(text: str, pos: int) -> bool:
    """A name may end here: at punctuation, a cue (指出, 一行) or a title after it (总书记)."""
    return (
        pos >= len(text)
        or not is_han(text[pos])
        or starts_with_any(text, pos, PERSON_CUES) is not None
        or starts_with_any(text, pos, lexicons.roles()) is not None
    )


def read_name(
    text: str, pos: int, counts: dict[str, int] | None = None, *, titled: bool = False
) -> tuple[int, int] | None:
    """The span of a personal name starting at ``pos`` or None.

    ``counts`` maps candidate strings to how often they occur in the document (document-level
    evidence). ``titled``: a title stands right before ``pos`` (南京大学教授李明华团队), which is
    evidence enough of a name that the given-name characters alone may decide where it ends.
    """
    sur = surname_at(text, pos)
    if sur is None:
        return None
    g = pos + len(sur)
    if g >= len(text) or not is_han(text[g]) or text[g] in CLUE_STOP_CHARS:
        return None
    short, long_ = (pos, g + 1), (pos, g + 2)
    common = lexicons.common_words()
    if text[pos : g + 1] in common or text[pos : g + 2] in common:
        return None
    long_ok = g + 1 < len(text) and _given_ok(text[g + 1])
    short_cue = _boundary_after(text, g + 1)
    long_cue = long_ok and _boundary_after(text, g + 2)
    if long_ok and counts is not None:
        c_short = counts.get(text[pos : g + 1], 0)
        c_long = counts.get(text[pos : g + 2], 0)
        if c_short >= 2 and c_long == c_short:
            return long_  # the third character always follows: it belongs to the name
        if c_short >= 2 and c_long < c_short and short_cue:
            return short
    if long_cue and not short_cue:
        return long_
    if short_cue:
        # both readings end at a cue: the third character as a cue word start (张利率队) or as
        # a common given-name character (端武斌、) decides
        if long_cue and starts_with_any(text, g + 1, PERSON_CUES) is None:
            return long_
        return short
    if titled:
        freq = lexicons.given_name_chars()
        if long_ok and freq.get(text[g], 0) >= 3 and freq.get(text[g + 1], 0) >= 3:
            return long_
        if freq.get(text[g], 0) >= 3:
            return short
    return None


def count(text: str, candidate: str, cache: dict[str, int]) -> int:
    if candidate not in cache:
        cache[candidate] = text.count(candidate)
    return cache[candidate]


class NameReader:
    """``read_name`` with document-level counts computed lazily and cached."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._counts: dict[str, int] = {}

    def __call__(self, pos: int, *, titled: bool = False) -> tuple[int, int] | None:
        text = self.text
        sur = surname_at(text, pos)
        if sur is None:
            return None
        g = pos + len(sur)
        for k in (1, 2):
            if g + k <= len(text):
                count(text, text[pos : g + k], self._counts)
        span = read_name(text, pos, self._counts, titled=titled)
        if span is not None and text[pos] in lexicons.FUNCTION_CHARS:
            # 书记向金锋递交: 向 is a preposition before a name the article keeps using alone
            # (or 书记向查来递交, read 向查: the name at the next character is 查来)
            whole = count(text, text[pos : span[1]], self._counts)
            rests = [text[pos + 1 : span[1]]]
            if surname_at(text, pos + 1) and (alt := read_name(text, pos + 1, self._counts, titled=titled)):
                rests.append(text[alt[0] : alt[1]])
            if any(len(r) >= 2 and count(text, r, self._counts) >= 2 * whole for r in rests):
                return None
        return span
