"""Splitting clean text into paragraphs and sentences, and dating a document.

Works on the output of :func:`kg.text.cleaning.clean_text`, where every line is
one paragraph.  All offsets are into the clean text; map them back with
:meth:`kg.text.cleaning.CleanText.to_original`.

Paragraphs are classified because a file holds several articles whose headlines
(often placed *after* the article body by the PDF extraction), bylines and app
banners must not be mistaken for sentences with facts in them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.text.charclass import BANNER_RE, BYLINE_RE, headline_like

__all__ = ["Paragraph", "document_year", "paragraphs", "sentences"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph ``clean[start:end]`` (without its newline).

    ``kind`` is "body", "headline", "byline" or "banner"; ``headline`` is True
    exactly for kind "headline" (bylines and banners are short and unpunctuated
    too, but they are not titles of anything).
    """

    start: int
    end: int
    headline: bool
    kind: str = "body"


def _kind(text: str) -> str:
    """Classify one paragraph's text (see :class:`Paragraph`)."""
    if not headline_like(text):
        return "body"
    if BYLINE_RE.match(text):
        return "byline"
    if BANNER_RE.search(text):
        return "banner"
    return "headline"


def paragraphs(clean: str) -> list[Paragraph]:
    """The paragraphs (lines) of *clean*, classified; empty lines are skipped."""
    result: list[Paragraph] = []
    pos = 0
    for line in clean.split("\n"):
        end = pos + len(line)
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            trail = len(line) - len(line.rstrip())
            kind = _kind(stripped)
            result.append(Paragraph(pos + lead, end - trail, kind == "headline", kind))
        pos = end + 1
    return result


# --------------------------------------------------------------------------- sentences
_TERMINAL_RUN_RE = re.compile(r"[。！？]+[”’」』）》】]*")
_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_CLOSING_QUOTES = frozenset(_QUOTE_PAIRS.values())
_QUOTE_RE = re.compile("[“”‘’「」『』]")
#: Quotations at least this long are treated as running text: sentences inside
#: them are split (long quoted speeches in interviews contain many sentences).
LONG_QUOTE = 100


def _top_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Top-level, properly closed quotations in ``text[start:end]`` as
    (open index, close index).  Unclosed or stray quotes are ignored so that
    one missing ” in PDF text does not swallow the rest of the paragraph."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for m in _QUOTE_RE.finditer(text, start, end):
        ch, i = m.group(), m.start()
        if ch in _QUOTE_PAIRS:
            stack.append((ch, i))
        elif stack and _QUOTE_PAIRS[stack[-1][0]] == ch:
            _, j = stack.pop()
            if not stack:
                spans.append((j, i))
        elif any(_QUOTE_PAIRS[o] == ch for o, _ in stack):
            # a closer for an outer quote: the inner ones were never closed
            while stack and _QUOTE_PAIRS[stack[-1][0]] != ch:
                stack.pop()
            _, j = stack.pop()
            if not stack:
                spans.append((j, i))
    return spans


def _split_points(text: str, start: int, end: int) -> list[int]:
    """Sentence ends inside one paragraph ``text[start:end]``."""
    quotes = _top_quotes(text, start, end)
    points: list[int] = []
    qi = 0
    for m in _TERMINAL_RUN_RE.finditer(text, start, end):
        p = m.start()
        while qi < len(quotes) and quotes[qi][1] < p:
            qi += 1
        if qi < len(quotes) and quotes[qi][0] < p <= quotes[qi][1]:
            q_open, q_close = quotes[qi]
            if q_close - q_open + 1 < LONG_QUOTE:
                # Inside a short quotation: only "…。”" ends the sentence, and then
                # after the closing quote.  "“加油！”他说。" stays one sentence.
                closes_here = m.end() > q_close and "。" in text[p:q_close]
                if not closes_here:
                    continue
        points.append(m.end())
    return points


def sentences(clean: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``clean[start:end]``.

    Splits after 。！？ (closing quotes/brackets right after them belong to the
    sentence) and at paragraph breaks.  Inside “…” quotations shorter than
    :data:`LONG_QUOTE` characters nothing is split, except that "。”" ends the
    sentence after the quote.  Not split on ；: clauses joined by ； share their
    subject, which relation extraction needs.  Spans exclude surrounding
    whitespace; empty sentences are dropped.
    """
    if end is None:
        end = len(clean)
    start = max(0, start)
    end = min(len(clean), end)
    spans: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = clean.find("\n", pos, end)
        para_end = end if nl < 0 else nl
        cut = pos
        for point in [*_split_points(clean, pos, para_end), para_end]:
            s, e = cut, point
            while s < e and clean[s].isspace():
                s += 1
            while e > s and clean[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
            cut = point
        pos = para_end + 1
    return spans


# --------------------------------------------------------------------------- dating
#: Range of years considered at all (earlier/later four-digit numbers followed
#: by 年 are amounts, not years).
YEAR_MIN, YEAR_MAX = 1990, 2099

_YEAR_RE = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*(?:年(?!代)|[-./]\d{1,2}[-./]\d{1,2}(?!\d))")
_CLAUSE_END_RE = re.compile(r"[，。；！？、\n]")
#: A mention of year Y whose clause contains these reports Y's results, so the
#: report itself was written after Y ("2022年北太平村集体经营性收入73.46万元").
_PAST_CLAUSE_RE = re.compile(r"收入|取得|实现了|完成了|成绩|执行情况|决算|先进|增长了")
_PAST_BEFORE_RE = re.compile(r"(?:总结|回顾|表彰)[^，。；]{0,8}$")
#: "到2025年", "至2035年": targets in the future, not the document's year.
_FUTURE_BEFORE_RE = re.compile(r"(?<![截迄])(?:到|至)\s*$")
_FUTURE_AFTER_RE = re.compile(r"^\s*年\s*(?:前|底前|远景|愿景)")
#: "since YEAR": history, not the present ("从2008年开始", "2019年以来").
_HISTORY_BEFORE_RE = re.compile(r"(?:从|自)\s*$")
_HISTORY_AFTER_RE = re.compile(r"^\s*年\s*(?:以来|开始|起|至今)")
#: Words showing that the text looks back at a previous year from the current one.
_LOOKBACK_RE = re.compile(r"去年|上年|上一年|新的一年|过去一年|过去的一年")
_FILE_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def document_year(clean: str, file_name: str | None = None) -> int | None:
    """The year the document is about, or None when nothing indicates it.

    Each explicit year mention ("2023年", "2022年度", "2022年12月29日",
    "2023-02-10") is classified by its context as *current* (plain mentions,
    event dates, "2023年是…", "2023年度目标"), *past* (the clause reports that
    year's results: 收入/取得/完成了/先进/…, or follows 总结/表彰), *future*
    ("到2025年", "2035年远景目标") or *history* ("从2008年开始").

    * If there are current mentions not older than the past ones, the latest
      current year wins: reports say "2022年…" for last year and "2023年…" for
      this one.
    * Otherwise, if only past results are mentioned and the text also looks back
      explicitly (上年度, 去年, 新的一年), the document is from the year after the
      latest past year; without such a word, from the latest past year itself.
    * Future targets and history say nothing about the document's own year and
      are ignored.
    * With no year in the text, a four-digit year in *file_name* is used.
    """
    current: list[int] = []
    past: list[int] = []
    for m in _YEAR_RE.finditer(clean):
        year = int(m.group(1))
        if not YEAR_MIN <= year <= YEAR_MAX:
            continue
        before = clean[max(0, m.start() - 12) : m.start()]
        after_year = clean[m.end(1) : m.end(1) + 40]
        clause = _CLAUSE_END_RE.split(clean[m.end() : m.end() + 40], maxsplit=1)[0]
        if (
            _FUTURE_BEFORE_RE.search(before)
            or _FUTURE_AFTER_RE.match(after_year)
            or _HISTORY_BEFORE_RE.search(before)
            or _HISTORY_AFTER_RE.match(after_year)
        ):
            continue
        if _PAST_CLAUSE_RE.search(clause) or _PAST_BEFORE_RE.search(before):
            past.append(year)
        else:
            current.append(year)

    latest_past = max(past) if past else None
    if current and (latest_past is None or max(current) >= latest_past):
        return max(current)
    if latest_past is not None:
        return latest_past + 1 if _LOOKBACK_RE.search(clean) else latest_past
    if file_name:
        years = [int(y) for y in _FILE_YEAR_RE.findall(file_name) if YEAR_MIN <= int(y) <= YEAR_MAX]
        if years:
            return years[-1]
    return None
