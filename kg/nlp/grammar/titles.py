"""Title chains: "开发区党工委副书记、管委会主任金锋" → two positions of 金锋.

A chain is a run of titles joined by 、 and closed by a name (or a list of names: 区领导杨海蔚、
端武斌). Each title is an organization part plus a role word. Later titles in a chain often drop
the jurisdiction that an earlier one gave ("管委会主任" after "开发区党工委副书记" is the
开发区's 管委会), so the chain carries the last jurisdiction forward and restores it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.nlp import lexicons
from kg.nlp.chars import CLAUSE_PUNCT, PERSON_CUES, after_edge_word, is_name_char, starts_with_any
from kg.nlp.grammar.organizations import over_conjunction
from kg.nlp.grammar.persons import NameReader

ADMIN_HEADS = ("经济开发区", "开发区", "高新区", "街道", "市", "区", "县", "镇", "省", "乡", "村")
NAME_LIST_ENDERS = ("及", "等", "和", "与", "、", "，", "。", "；")


@dataclass
class Title:
    start: int  # where the title's text starts
    end: int
    text: str  # as printed
    full: str  # with the elided jurisdiction restored
    role: str
    org: str | None  # organization part as restored ("开发区管委会"), None for bare roles


@dataclass
class TitleChain:
    titles: list[Title]
    people: list[tuple[int, int]] = field(default_factory=list)  # name spans


def jurisdiction(org: str) -> str:
    """The place part at the front of an organization name ("开发区党工委" → "开发区")."""
    places = lexicons.places()
    best = ""
    for i in range(1, len(org)):
        stem = org[:i]
        if stem in places or (stem.endswith(ADMIN_HEADS) and (i < len(org))):
            best = stem
    return best


def _segment_start(text: str, end: int, limit: int = 24) -> int:
    role = _role_at_end(text, end) or ""
    start = end - len(role)
    while (
        start > 0
        and end - start < limit
        and is_name_char(text[start - 1])
        and not after_edge_word(text, start)
    ):
        start -= 1
    start = over_conjunction(text, start)
    # 记者专访开发区党工委副书记 → 开发区党工委副书记
    return start + lexicons.ordinary_prefix(text[start:end], ADMIN_HEADS)


def _role_at_end(text: str, end: int) -> str | None:
    for role in lexicons.roles():
        if text.endswith(role, 0, end):
            return role
    return None


def _split(text: str, start: int, end: int) -> tuple[str, str | None]:
    seg = text[start:end]
    role = _role_at_end(text, end) or ""
    org = seg[: len(seg) - len(role)]
    return role, org or None


def find_title_chains(text: str) -> list[TitleChain]:
    """Every title chain in ``text`` with the people it names."""
    reader = NameReader(text)
    chains: list[TitleChain] = []
    roles = lexicons.roles()
    pos = 0
    n = len(text)
    while pos < n:
        role = starts_with_any(text, pos, roles)
        if role is None:
            pos += 1
            continue
        end = pos + len(role)
        # prefer the longest role ending here (副书记 over 书记 when 副 precedes)
        # "管委会主任 金锋": a space may stand between a title and the name in headlines
        at = end + 1 if end < n and text[end] == " " else end
        name = reader(at, titled=True) if at < n else None
        if name is None:
            pos += 1
            continue
        titles = _titles_before(text, end)
        if not titles:
            pos += 1
            continue
        chain = TitleChain(titles, [name])
        # a list of names sharing the chain: 区领导杨海蔚、端武斌、李贵军
        cur = name[1]
        while cur < n and text[cur] == "、":
            nxt = reader(cur + 1)
            if nxt is None or starts_with_any(text, nxt[1], roles):
                break
            if nxt[1] < n and not (
                text.startswith(NAME_LIST_ENDERS, nxt[1])
                or not text[nxt[1]].strip()
                or starts_with_any(text, nxt[1], PERSON_CUES)
            ):
                break
            chain.people.append(nxt)
            cur = nxt[1]
        chains.append(chain)
        pos = cur
    return chains


def _starts_title(text: str, pos: int) -> bool:
    """Whether a title (org part + role) starts at ``pos`` before the next name."""
    for j in range(pos + 1, min(len(text), pos + 24)):
        if text[j] in CLAUSE_PUNCT:
            return False
        if _role_at_end(text, j) and j - pos >= 2:
            return True
    return False


def _titles_before(text: str, role_end: int) -> list[Title]:
    """The titles of the chain that ends at ``role_end``, first to last, with jurisdictions restored."""
    spans: list[tuple[int, int]] = []
    end = role_end
    while True:
        start = _segment_start(text, end)
        if start >= end or _role_at_end(text, end) is None:
            break
        spans.append((start, end))
        if start > 0 and text[start - 1] == "、" and _role_at_end(text, start - 1):
            end = start - 1
            continue
        break
    spans.reverse()
    titles: list[Title] = []
    carried = ""
    for start, end in spans:
        role, org = _split(text, start, end)
        seg = text[start:end]
        full = seg
        if org:
            jur = org if org.endswith(ADMIN_HEADS) else jurisdiction(org)
            if jur:
                carried = jur
            elif carried and not org.startswith(("团", "党")):
                full = carried + seg
                org = carried + org
        titles.append(Title(start, end, seg, full, role, org))
    return titles
