"""Cleaning: width normalisation, line-break repair and space removal, with an
exact map from every clean character back to the original text.

The text extracted from newspaper PDFs and apps is broken in two ways that hurt
every later stage (segmentation, NER, relation patterns):

* hard line breaks every ~20 characters inside paragraphs, and occasionally in
  mid-sentence across a blank line ("…高质量发展各\\n\\n项目标，继续奋进"), which
  cut words and names in two ("区党工委副\\n书记杨海蔚");
* inconsistent characters: half-width "," "(" used as Chinese punctuation,
  full-width digits, stray spaces ("新瑞光电 12GW 新型", "2023 年").

:func:`clean_text` repairs both and returns a :class:`CleanText` whose
``offsets`` map each clean character to its position in the **original text**
(the decoded, newline-normalised string returned by
:func:`kg.text.reading.read_text`), so facts extracted from clean text can cite
exact spans of the input.  Every character of the clean text is a (possibly
width-normalised) copy of one original character; the only "inserted"
characters are the ``"\\n"`` paragraph separators, which map to the original
newline that ended the paragraph.  Processing works on whole lines and spans
(no per-character string building) so that 10 MB clean in a few seconds.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from kg.text.charclass import (
    BULLET_START_RE,
    DATE_START_RE,
    LEAD_START_RE,
    SOFT_END,
    ends_terminal,
    headline_like,
    is_ascii_alnum,
    is_cjk,
    is_cjk_punct,
)

__all__ = ["CleanText", "clean_text", "normalize_width"]


# --------------------------------------------------------------------------- width
def _build_width_table() -> dict[int, str]:
    """One-to-one character replacements (so offsets are unaffected)."""
    table: dict[int, str] = {}
    for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)):  # ０-９ Ａ-Ｚ ａ-ｚ
        for code in range(lo, hi + 1):
            table[code] = chr(code - 0xFEE0)
    table[0xFF05] = "%"  # ％
    table[0xFF0E] = "."  # ．
    # Exotic spaces become ASCII spaces, to be collapsed/removed by the space rules.
    for ch in "\t\u00a0\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f":
        table[ord(ch)] = " "
    # Other line/page separators are line breaks (a form feed is a PDF page break).
    for ch in "\x0b\x0c\x85\u2028\u2029":
        table[ord(ch)] = "\n"
    return table


_WIDTH_TABLE = _build_width_table()
_FULL_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_PUNCT_RE = re.compile(r"[,;:?!()]")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _unify_punct_line(line: str) -> str:
    """Turn half-width , ; : ? ! ( ) into full-width forms where they are used as
    Chinese punctuation.

    Only lines containing Chinese are touched.  A mark stays ASCII when both its
    immediate neighbours are non-space ASCII ("1,246.5", "10:30", "http://",
    "f(x)"); everything else in a Chinese line ("会上,张利", "24.5%, HJT") is Chinese
    punctuation.  A ")" follows the decision taken for its "(" so pairs match.
    """
    if not _HALF_PUNCT_RE.search(line) or not _CJK_RE.search(line):
        return line
    out = list(line)
    opened: list[bool] = []
    n = len(line)
    for m in _HALF_PUNCT_RE.finditer(line):
        i = m.start()
        ch = line[i]
        left = line[i - 1] if i > 0 else " "
        right = line[i + 1] if i + 1 < n else " "
        ascii_context = left.isascii() and right.isascii() and not left.isspace() and not right.isspace()
        if ch == "(":
            convert = not ascii_context
            opened.append(convert)
        elif ch == ")":
            convert = opened.pop() if opened else not ascii_context
        else:
            convert = not ascii_context
        if convert:
            out[i] = _FULL_PUNCT[ch]
    return "".join(out)


def normalize_width(text: str) -> str:
    """Width/punctuation normalisation alone; the result has the same length as
    *text* and character ``i`` of it corresponds to character ``i`` of *text*.

    Full-width ASCII letters, digits, "％" and "．" become half-width; exotic
    spaces become " "; vertical tab, form feed and Unicode line/paragraph
    separators become "\\n"; half-width , ; : ? ! ( ) used as Chinese punctuation
    become full-width.  Exposed so tests (and callers) can compare clean
    characters with original ones "up to width normalisation".
    """
    translated = text.translate(_WIDTH_TABLE)
    return "\n".join(_unify_punct_line(line) for line in translated.split("\n"))


# --------------------------------------------------------------------------- lines
_ZW = "\u200b\u200c\u200d\u2060\ufeff"
_LEAD_WS_RE = re.compile(f"(?:[^\\S\\n]|[{_ZW}])*")
_TRAIL_WS_RE = re.compile(f"(?:[^\\S\\n]|[{_ZW}])*$")
_HEADING_RE = re.compile(r"^#{1,6}(?:[ ]+|(?=[^\s#][^#]*$))")
_HEADING_TAIL_RE = re.compile(r"[ ]+#+$")
_DECORATION_RE = re.compile(r"^[-=_*~·•—－＝＿＊]{3,}$")
_SPACE_RUN_RE = re.compile(f"(?:[^\\S\\n]|[{_ZW}])+")
_OPENERS = "“‘《「『（(【"


@dataclass(slots=True)
class _Line:
    start: int  # content start in the normalised text (indentation and "#" removed)
    end: int  # content end, trailing spaces removed
    nl: int  # index of the "\n" that terminates the line (len(text) for the last line)
    text: str  # the content, normalised
    indent: bool  # the raw line started with whitespace
    heading: bool  # markdown "#" heading


def _split_lines(norm: str) -> list[_Line | None]:
    """Lines of *norm* with their content spans; ``None`` for blank lines."""
    lines: list[_Line | None] = []
    pos = 0
    for raw in norm.split("\n"):
        nl = pos + len(raw)
        lead = _LEAD_WS_RE.match(raw).end()  # type: ignore[union-attr]
        trail = _TRAIL_WS_RE.search(raw, lead).start()  # type: ignore[union-attr]
        start, end = pos + lead, pos + trail
        content = raw[lead:trail]
        heading = False
        hm = _HEADING_RE.match(content)
        if hm:
            heading = True
            tail = _HEADING_TAIL_RE.search(content)
            cut_end = tail.start() if tail else len(content)
            start += hm.end()
            end = pos + lead + cut_end
            content = norm[start:end]
            # the marks may be followed by zero-width junk
            extra = _LEAD_WS_RE.match(content).end()  # type: ignore[union-attr]
            start += extra
            content = content[extra:]
        if not content or _DECORATION_RE.match(content):
            lines.append(None)
        else:
            lines.append(_Line(start, end, nl, content, lead > 0, heading))
        pos = nl + 1
    return lines


def _blocks(lines: list[_Line | None]) -> list[list[_Line]]:
    """Runs of non-blank lines (blocks are separated by one or more blank lines)."""
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line is None:
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _starts_new_item(text: str) -> bool:
    """Text that opens a news item or list entry rather than continuing a sentence."""
    return bool(
        DATE_START_RE.match(text)
        or LEAD_START_RE.match(text)
        or BULLET_START_RE.match(text)
        or text.startswith("——")
    )


def _break_within_block(
    para: list[_Line], prev: _Line, line: _Line, all_headlines: bool, use_indent: bool
) -> bool:
    """Is there a paragraph boundary between two lines separated by a single newline?

    By default no: a single newline is a hard wrap.  It is a boundary after
    terminal punctuation, around "#" headings and "——" subtitles, before an
    indented line (when indentation is not used on every line), before a bullet,
    between the lines of a small block that consists only of headline-shaped lines,
    and between a headline-shaped line and a line starting with a date.
    """
    if prev.heading or line.heading or all_headlines:
        return True
    if ends_terminal(prev.text):
        return True
    if use_indent and line.indent:
        return True
    if prev.text.startswith("——") or line.text.startswith("——") or BULLET_START_RE.match(line.text):
        return True
    return len(para) == 1 and headline_like(prev.text) and _starts_new_item(line.text)


def _split_block(block: list[_Line], use_indent: bool) -> list[list[_Line]]:
    """Split one block (no blank lines inside) into paragraphs."""
    # "开发区举行…开班仪式\n“我的工作法”青年说交流分享会同日举行": a few short lines
    # without any sentence punctuation are stacked titles, not a wrapped paragraph.
    # An enumeration comma marks a wrapped list of names ("…纪工委书记张登\n清对…")
    # unless the line is a "——访…" subtitle.
    all_headlines = 2 <= len(block) <= 4 and all(
        headline_like(line.text) and ("、" not in line.text or line.text.startswith("——")) for line in block
    )
    paras: list[list[_Line]] = [[block[0]]]
    for prev, line in pairwise(block):
        if _break_within_block(paras[-1], prev, line, all_headlines, use_indent):
            paras.append([line])
        else:
            paras[-1].append(line)
    return paras


def _join_across_blank(prev_para: list[_Line], next_para: list[_Line], use_indent: bool) -> bool:
    """Does the first paragraph of a block continue the previous one across a
    blank line?  PDF extraction sometimes inserts blank lines in mid-sentence
    ("…高质量发展各\\n\\n项目标"), but blank lines normally separate paragraphs,
    so join only when the previous paragraph is unfinished body text and the
    next one reads like its continuation.
    """
    last, first = prev_para[-1], next_para[0]
    if last.heading or first.heading or prev_para[0].text.startswith("——"):
        return False
    if ends_terminal(last.text) or last.text.endswith("——"):
        return False
    if use_indent and first.indent:
        return False
    c = first.text[0]
    if not (is_cjk(c) or is_ascii_alnum(c) or c in _OPENERS) or _starts_new_item(first.text):
        return False
    soft = last.text[-1] in SOFT_END
    body = soft or len(prev_para) >= 2 or not headline_like(last.text)
    if not body:
        return False
    # The next block starts with a stand-alone headline (a title, byline, banner).
    return soft or not (len(next_para) == 1 and headline_like(first.text))


def _paragraphs(norm: str) -> list[list[_Line]]:
    lines = _split_lines(norm)
    present = [line for line in lines if line is not None]
    if not present:
        return []
    # Indentation marks paragraph starts only if it is the exception, not the rule.
    use_indent = sum(line.indent for line in present) < 0.3 * len(present)
    paras: list[list[_Line]] = []
    for block in _blocks(lines):
        block_paras = _split_block(block, use_indent)
        if paras and _join_across_blank(paras[-1], block_paras[0], use_indent):
            paras[-1].extend(block_paras[0])
            block_paras = block_paras[1:]
        paras.extend(block_paras)
    return paras


# --------------------------------------------------------------------------- spaces
def _keep_space(left: str, right: str) -> bool:
    """Keep (one) space between *left* and *right*?

    Spaces next to CJK punctuation and between a CJK character and an ASCII
    letter/digit are extraction noise ("2023 年", "新瑞光电 12GW").  Between two
    CJK characters a space separates phrases or names ("奋进千亿园区 建设未来之城",
    "通讯员田威 顾伟") and is kept; between ASCII words it is a real space.
    """
    if is_cjk_punct(left) or is_cjk_punct(right):
        return False
    if is_cjk(left):
        return not is_ascii_alnum(right)
    if is_cjk(right):
        return not is_ascii_alnum(left)
    return True


def _kept_spans(line: _Line) -> list[tuple[int, int]]:
    """Spans of the line content (in normalised-text coordinates) that survive
    space cleaning; runs of spaces become at most one space."""
    text = line.text
    if not _SPACE_RUN_RE.search(text):
        return [(line.start, line.end)]
    spans: list[tuple[int, int]] = []
    base = line.start
    pos = 0
    n = len(text)
    for m in _SPACE_RUN_RE.finditer(text):
        a, b = m.span()
        if a > pos:
            spans.append((base + pos, base + a))
        pos = b
        if a == 0 or b == n:
            continue
        run = m.group()
        keep_at = next((k for k, ch in enumerate(run) if ch.isspace()), -1)
        if keep_at >= 0 and _keep_space(text[a - 1], text[b]):
            spans.append((base + a + keep_at, base + a + keep_at + 1))
    if pos < n:
        spans.append((base + pos, base + n))
    return spans


# --------------------------------------------------------------------------- result
@dataclass
class CleanText:
    """Clean text plus its map back to the original text.

    ``offsets[i]`` is the index in the original text of clean character ``i``;
    ``offsets`` has ``len(text) + 1`` entries, the last being the end (exclusive)
    of the original span of the last character.  It is an ``array('q')`` rather
    than a list to keep 10 MB inputs at 8 bytes per character.
    """

    text: str
    offsets: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the clean span ``[start, end)`` to the original span covering it.

        The result runs from the original position of the first character to just
        after the original position of the last one, so it includes whatever was
        removed in between (line breaks, spaces, "#" marks).  An empty span maps
        to an empty span at the original position of ``start``.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside clean text of length {len(self.text)}")
        if start == end:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def clean_text(original: str) -> CleanText:
    """Clean *original* (the decoded, newline-normalised input) for NLP.

    Steps: width/punctuation normalisation (:func:`normalize_width`); paragraph
    reconstruction from hard-wrapped lines and blank lines (headlines, "#"
    headings, bylines stay separate paragraphs; "#" marks are dropped); removal
    of noise spaces.  The result has exactly one ``"\\n"`` between paragraphs and
    none at the start or end; see :class:`CleanText` for the offset map.
    """
    norm = normalize_width(original)
    pieces: list[str] = []
    offsets = array("q")
    prev_nl = -1
    for para in _paragraphs(norm):
        if prev_nl >= 0:
            pieces.append("\n")
            offsets.append(prev_nl)
        for line in para:
            for s, e in _kept_spans(line):
                pieces.append(norm[s:e])
                offsets.extend(range(s, e))
        prev_nl = para[-1].nl
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return CleanText("".join(pieces), offsets)
