"""Generic lexicons: surnames, role words, organization suffixes and place names.

These are the language's and the country's general knowledge (the Hundred Family Surnames, the
words that end an official title, administrative places). Nothing here names a person, company
or project of any particular article. ``build_lexicons.py`` regenerates the files derived from
public corpora.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent


def _words(name: str) -> list[str]:
    out: list[str] = []
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        out.extend(line.split())
    return out


def words(name: str) -> tuple[str, ...]:
    """The whitespace-separated words of a lexicon file (lines starting with # are comments)."""
    return tuple(_words(name))


def by_length(name: str) -> tuple[str, ...]:
    """A lexicon's words, longest first, for matching where the longest word must win."""
    return tuple(sorted(set(_words(name)), key=lambda w: (-len(w), w)))


def _rows(name: str) -> list[list[str]]:
    return [
        line.split("\t")
        for line in (HERE / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Single and compound surnames: the classic list plus those attested in People's Daily."""
    counted = {row[0] for row in _rows("surname_counts.tsv") if int(row[1]) >= 3 and len(row[0]) == 1}
    return frozenset(set(_words("surnames.txt")) | counted)


@lru_cache(maxsize=1)
def given_name_chars() -> dict[str, int]:
    """How often each character occurs in given names (People's Daily 1998)."""
    return {row[0]: int(row[1]) for row in _rows("given_name_chars.tsv")}


@lru_cache(maxsize=1)
def roles() -> tuple[str, ...]:
    """Role words, longest first so that 副书记 wins over 书记."""
    return tuple(sorted({row[0] for row in _rows("roles.txt")}, key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class OrgSuffix:
    suffix: str
    kind: str
    min_stem: int


@lru_cache(maxsize=1)
def org_suffixes() -> tuple[OrgSuffix, ...]:
    """Organization heads (公司, 党工委, 局 …), longest first."""
    rows = [OrgSuffix(r[0], r[1], int(r[2])) for r in _rows("org_suffixes.tsv")]
    return tuple(sorted(rows, key=lambda s: (-len(s.suffix), s.suffix)))


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Place names: administrative places, regions and countries."""
    generated = set((HERE / "places_generated.txt").read_text(encoding="utf-8").split())
    return frozenset((generated | set(_words("places_extra.txt"))) - set(_words("places_stop.txt")))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Frequent ordinary two- and three-character words (jieba's dictionary, not names)."""
    return frozenset((HERE / "common_words.txt").read_text(encoding="utf-8").split())


FUNCTION_CHARS = frozenset("好要在将把被对向于以让使给访之再又也还就都已")


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Verbs, adverbs, prepositions, conjunctions and pronouns (jieba's dictionary)."""
    return frozenset((HERE / "function_words.txt").read_text(encoding="utf-8").split())


def leading_function_words(text: str) -> int:
    """How many characters at the start of ``text`` are function words (发挥, 运行好, 要坚持)."""
    words = function_words()
    i = 0
    while i < len(text):
        step = next((k for k in (4, 3, 2) if text[i : i + k] in words), 0)
        if not step and text[i] in FUNCTION_CHARS:
            step = 1
        if not step:
            break
        i += step
    return i


def ordinary_prefix(text: str, starts: tuple[str, ...]) -> int:
    """Length of the run of ordinary words (记者专访, 发挥) before something in ``starts`` or a
    place begins; 0 when no such thing follows the run."""
    vocabulary = common_words() | function_words()
    if text.startswith(starts) or starts_with_place(text):
        return 0  # 高新区…: the name starts right here, though 高新 is also a word
    i = 0
    while i < len(text):
        if i and (text.startswith(starts, i) or starts_with_place(text[i:])):
            return i
        step = next((k for k in (4, 3, 2) if text[i : i + k] in vocabulary), 0)
        if not step and text[i] in FUNCTION_CHARS:
            step = 1
        if not step:
            return 0
        i += step
    return 0


def is_place(word: str) -> bool:
    """A known place, or the short form of one (射阳 for 射阳县, 高邮 for 高邮市)."""
    names = places()
    return word in names or (len(word) >= 2 and any(word + s in names for s in "市县区省"))


def starts_with_place(text: str) -> bool:
    return any(is_place(text[:k]) for k in range(2, min(len(text), 8) + 1))
