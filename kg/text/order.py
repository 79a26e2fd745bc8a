"""Reading order: put the continuation of a broken paragraph back after it.

Newspaper PDFs flow an article through columns and pages; the extracted text then breaks a
paragraph in mid-sentence and continues it somewhere else, usually just after a headline
("…对园区企业厂区水" ends one paragraph, "系连通提出优化建议…" opens a paragraph four lines
up). Read in file order, the tail lands in the wrong article: its people and places join the
wrong event. :func:`restore_order` moves each continuation to follow the paragraph it
continues, when the evidence is clear:

* the broken paragraph ends without a sentence end (no 。！？);
* the continuation does not open like a news item (a date, 近日, a bullet, a quote) and
  either joins the broken paragraph into a word across the break (水|系, 起|点, 磨|砺), or
  starts with a sentence fragment (实处。), or — after a soft break (a comma) — follows a
  headline, where the columns of these pages resume;
* of several within a few pages, the nearest wins (strong evidence over a headline's position).

Only whole paragraphs move, and every character keeps its offset into the original text, so
evidence still points at the input; the two halves stay two paragraphs.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from kg.text.charclass import BULLET_START_RE, DATE_START_RE, LEAD_START_RE, ends_terminal
from kg.text.cleaning import CleanText
from kg.text.splitting import paragraphs

__all__ = ["restore_order"]

#: openers of a news item besides a date or 近日 (a continuation never starts so)
_OPENING = re.compile(r"^(?:今年以来|近年来|编者按|[“\"「『（(—])")
#: a first sentence this short is the end of someone else's sentence (实处。)
_FRAGMENT = re.compile(r"^[^。！？，；：、“”]{1,6}[。！？]")
_SOFT_BREAK = "，、；"
_MIN_BROKEN = 20  # characters: shorter unfinished lines are titles or captions, not prose
#: how many paragraphs away a continuation may be (a page or two of columns; keeps big files linear)
_REACH = 16


def _opens_item(text: str) -> bool:
    return bool(
        DATE_START_RE.match(text) or LEAD_START_RE.match(text) or BULLET_START_RE.match(text)
    ) or bool(_OPENING.match(text))


def _word_across(left: str, right: str, is_word: Callable[[str], bool]) -> bool:
    """Whether a word of two to four characters spans the break (厂区水|系连通 → 水系)."""
    return any(
        is_word(left[-i:] + right[:j])
        for i in range(1, 3)
        for j in range(1, 3)
        if i + j <= 4 and len(left) >= i and len(right) >= j
    )


def _continuations(texts: list[str], kinds: list[str], is_word: Callable[[str], bool]) -> dict[int, int]:
    """Broken paragraph index → index of the paragraph that continues it."""
    body = [k == "body" for k in kinds]
    candidates = [
        i
        for i, text in enumerate(texts)
        if i > 0 and body[i] and not _opens_item(text) and text[:1] not in "。！？"
    ]
    taken: set[int] = set()
    out: dict[int, int] = {}
    for d, text in enumerate(texts):
        if not body[d] or ends_terminal(text) or len(text) < _MIN_BROKEN or text.endswith(("——", "：")):
            continue
        soft = text[-1] in _SOFT_BREAK
        lo, hi = bisect_left(candidates, d - _REACH), bisect_right(candidates, d + _REACH)
        free = [o for o in candidates[lo:hi] if o != d + 1 and o not in taken]
        strong = [o for o in free if _FRAGMENT.match(texts[o]) or _word_across(text, texts[o], is_word)]
        weak = [o for o in free if soft and not body[o - 1]]
        pool = strong or weak
        if not pool or (d + 1 in candidates and not strong):
            continue  # the next paragraph may well be its continuation already
        best = min(pool, key=lambda o: (abs(o - d), o))
        out[d] = best
        taken.add(best)
    return out


def restore_order(clean: CleanText, is_word: Callable[[str], bool]) -> CleanText:
    """``clean`` with continuations moved after the paragraphs they continue (see module)."""
    text = clean.text
    paras = paragraphs(text)
    if len(paras) < 3:
        return clean
    # the clean text has exactly one newline between paragraphs, so lines are paragraphs
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    if len(spans) != len(paras):
        return clean  # blank or whitespace lines: not a text clean_text produced; leave it
    texts = [text[a:b] for a, b in spans]
    follow = _continuations(texts, [p.kind for p in paras], is_word)
    for d in list(follow):  # a cycle (each the other's continuation) is no evidence at all
        seen, i = {d}, follow[d]
        while i in follow and i not in seen:
            seen.add(i)
            i = follow[i]
        if i in seen:
            follow.pop(d, None)
    if not follow:
        return clean
    moved = set(follow.values())
    order: list[int] = []
    for i in range(len(spans)):
        if i in moved:
            continue
        order.append(i)
        while i in follow:  # a continuation may itself be broken and continued
            i = follow[i]
            order.append(i)
    pieces: list[str] = []
    offsets = array("q")
    for n, i in enumerate(order):
        a, b = spans[i]
        if n:
            end = spans[order[n - 1]][1]  # the newline after the previous paragraph, or just past it
            pieces.append("\n")
            offsets.append(clean.offsets[end] if end < len(text) else clean.offsets[end - 1] + 1)
        pieces.append(text[a:b])
        offsets.extend(clean.offsets[a:b])
    offsets.append(clean.offsets[len(text)])
    return CleanText("".join(pieces), offsets)
