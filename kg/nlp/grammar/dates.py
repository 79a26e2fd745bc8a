"""Dates as Chinese news prints them: 2月10日上午, 2月11日至17日, 3月下旬, 5月初, 2023年9月.

Articles rarely print the year; the caller passes the document's year, and a date without one is
placed in it. Relative words (近日, 日前) carry no date of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE = re.compile(
    rf"(?<![\d年])(?:(?P<year>\d{{4}}|二〇[一二三四五六七八九〇]{{2}})年)?(?P<month>{NUM})月"
    rf"(?:(?P<day>{NUM})日(?:(?:至|到|—|-|~)(?:{NUM}月)?{NUM}日)?"
    r"|(?P<part>上旬|中旬|下旬|初|底|末|中下旬|上中旬))?"
    r"(?:(?:上午|下午|晚上|晚间|早上|中午|傍晚|晚))?"
)
RELATIVE = re.compile(r"近日|日前|近期|日前|当天|当日|同日")


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    value: str | None  # ISO date, ISO year-month, or None for relative words
    relative: bool = False  # 近日, 日前: "about now", resolved against the publication date


def cn_number(s: str) -> int:
    """'12' or '十二' → 12."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return int("".join(str(CN_DIGITS[c]) for c in s))


def find_dates(text: str, year: int | None) -> list[DateMatch]:
    """Every date expression in ``text``; ``value`` is None when the year is unknown."""
    out: list[DateMatch] = []
    for m in DATE.finditer(text):
        if not m.group("day") and not m.group("part") and not m.group("year"):
            # a bare "3月" is too often a duration or a statistic ("1-3月") to be an event date
            continue
        y = m.group("year")
        yy = cn_number(y.replace("〇", "零")) if y and not y.isdigit() else (int(y) if y else year)
        month = cn_number(m.group("month"))
        if not 1 <= month <= 12:
            continue
        value: str | None = None
        if yy:
            if m.group("day"):
                day = cn_number(m.group("day"))
                value = f"{yy:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None
            else:
                value = f"{yy:04d}-{month:02d}"
        out.append(DateMatch(m.start(), m.end(), value))
    for m in RELATIVE.finditer(text):
        out.append(DateMatch(m.start(), m.end(), None, relative=True))
    return sorted(out, key=lambda d: d.start)
