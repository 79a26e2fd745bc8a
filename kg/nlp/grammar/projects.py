"""Project names: "新瑞光电12GW新型高效光伏电池项目", and the items of "A、B、C等12个重大项目".

A name ending in 项目 is a project when what precedes 项目 names one thing rather than a kind of
project (重大项目, 技改项目, 30亿元以上项目 are kinds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.nlp import lexicons
from kg.nlp.chars import name_start

GENERIC_PROJECT_WORDS = frozenset(lexicons.words("generic_project_words.txt"))
VERB_ENDINGS = (
    "促进",
    "抢抓",
    "抓",
    "提高",
    "开展",
    "抓好",
    "推进",
    "服务",
    "引进",
    "招引",
    "保障",
    "对接",
    "洽谈",
    "各",
)
AMOUNT_LEAD = re.compile(r"(?:总投资|投资)?[\d.]+(?:亿|万)?(?:美元|元)(?:的)?")
QUOTED = re.compile(r"“[^“”]{4,40}”项目")
#: 签约重大制造业项目10个: a kind of project being counted, never one project
COUNTED = re.compile(r"(?:\d+|[一二三四五六七八九十百两]+)(?:个(?![月小工季百])|项(?!目))")
LIST_TAIL = re.compile(r"等(?:\d+个|[一二三四五六七八九十]+个)?(?:一批)?(?:重大|重点|新兴)?(?:产业)?(?:项目)")


@dataclass(frozen=True)
class ProjectMatch:
    start: int
    end: int


def _generic(stem: str) -> bool:
    lead = lexicons.leading_function_words(stem)
    if lead and (len(stem) - lead < 3 or _generic(stem[lead:])):
        return True  # 持续做大项目, 坚持完善重大项目
    if "以上" in stem or "以下" in stem:
        return True
    rest = stem
    for w in sorted(GENERIC_PROJECT_WORDS, key=len, reverse=True):
        rest = rest.replace(w, "")
    rest = re.sub(r"[\d.]+(?:亿|万)?元?|[一二三四五六七八九十百千]+个|个|级", "", rest)
    return len(rest) < 3


def find_projects(text: str) -> list[ProjectMatch]:
    out: list[ProjectMatch] = []
    for m in re.finditer("项目", text):
        if text.startswith(("项目负责人", "项目办", "项目部"), m.start()):
            continue
        if m.start() > 0 and text[m.start() - 1] == "”":
            continue  # “…”项目: taken whole by QUOTED
        start = name_start(text, m.start(), min_len=0, limit=30)
        while start < m.start() and text[start] in '”“"':
            start += 1
        lead = AMOUNT_LEAD.match(text, start)
        if lead:
            start = lead.end()
        stem = text[start : m.start()]
        if text.startswith("标", m.end()) or stem.endswith(VERB_ENDINGS) or re.search(r"\d+个", stem):
            continue
        if COUNTED.match(text, m.end()):
            continue
        if (
            len(stem) < 3
            or _generic(stem)
            or stem.endswith(("产业", "人才", "制造"))
            or re.search(r"[个批些类]", stem[-2:] or "")
        ):
            continue
        out.append(ProjectMatch(start, m.end()))
    for m in QUOTED.finditer(text):
        out.append(ProjectMatch(m.start() + 1, m.end() - 3))  # the name inside the quotes
    for m in LIST_TAIL.finditer(text):
        pos = m.start()
        while True:
            start = name_start(text, pos, min_len=2, limit=24)
            if pos - start >= 3 and not _generic(text[start:pos]):
                out.append(ProjectMatch(start, pos))
            if start > 0 and text[start - 1] == "、":
                pos = start - 1
                continue
            break
    return sorted(set(out), key=lambda p: p.start)
