"""Character classes and line-shape tests shared by cleaning and splitting.

Both :mod:`kg.text.cleaning` (which decides where paragraphs end while it repairs
line breaks) and :mod:`kg.text.splitting` (which classifies the paragraphs of the
clean text) need the same notion of "terminal punctuation" and "looks like a
headline"; keeping the definitions here guarantees the two stages agree.
"""

from __future__ import annotations

import re

#: Sentence-final punctuation.  A line ending in one of these (optionally followed
#: by closing quotes/brackets) ends a paragraph.  Half-width ``!`` and ``?`` are
#: included because :func:`ends_terminal` may be asked about uncleaned text.
TERMINAL = "。！？!?…"
#: Closers that may follow terminal punctuation and still belong to the sentence.
CLOSERS = "”’」』）)》】\"'"
#: Punctuation that only occurs inside a sentence; a line containing one of these
#: is body text, not a headline.
SENTENCE_INTERNAL = "，,；;。！？!?"
#: Punctuation after which a sentence obviously continues on the next line.
SOFT_END = "，,、；;：:“‘（(《「『—-"

TERMINAL_END_RE = re.compile(f"[{re.escape(TERMINAL)}][{re.escape(CLOSERS)}]*$")
_SENTENCE_INTERNAL_RE = re.compile(f"[{re.escape(SENTENCE_INTERNAL)}]")

#: A paragraph that starts with a date ("2月10日上午", "5 月初", "2022年12月29日")
#: is the lead of a news item, never the continuation of the previous sentence.
DATE_START_RE = re.compile(
    r"^(?:(?:19|20)\d\d\s*年\s*)?\d{1,2}\s*月\s*(?:\d{1,2}\s*日|[初底末]|[上中下]旬|份)"
    r"|^(?:19|20)\d\d\s*年\s*\d{1,2}\s*月"
)
#: Other typical openers of a news item.
LEAD_START_RE = re.compile(r"^(?:近日|日前|本报讯|本报消息|据悉)")
#: Bullets used by "要闻快览"-style digests.
BULLET_START_RE = re.compile(r"^[◆◇●○■□▲△▶►•·▪★☆※]")

#: Bylines: "通讯员宰森旺记者赵妍东方", "通讯员田威 顾伟 记者 葛维祥", "文/张三".
BYLINE_RE = re.compile(
    r"^[（(\[【]?\s*(?:本报|本台|本刊)?(?:特约|见习)?"
    r"(?:通讯员|记者|实习生|摄影|摄像|撰稿|供稿|作者|责编|编辑|"
    r"(?:文|图|文图|图文|文/图)\s*[/／|｜:：])"
)
#: App/newspaper banners and page furniture: "今日高邮APP", "来源：高邮日报".
BANNER_RE = re.compile(
    r"(?:APP|App|app|客户端|公众号|微信号|视频号|抖音号|融媒体中心?|扫码|扫一扫|长按识别"
    r"|^来源\s*[:：]|责任编辑|^编辑\s*[:：]|^校对|^审核\s*[:：]|^第\s*\d+\s*版"
    r"|(?:日报|晚报|时报|新闻网)$)"
)

#: Longest text (in characters) still considered a headline.  Real headlines in
#: the corpus reach 38 characters ("开发区召开“奋进千亿园区 建设未来之城”推进会暨…").
HEADLINE_MAX = 50


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs (the BMP blocks plus extension A and compatibility)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF


def is_cjk_punct(ch: str) -> bool:
    """True for CJK punctuation, full-width forms and the typographic quotes/dashes
    that Chinese text uses (“”‘’—…·), which never want spaces around them."""
    o = ord(ch)
    return 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or ch in "“”‘’—…·" or 0xFE30 <= o <= 0xFE4F


def is_cjkish(ch: str) -> bool:
    """CJK ideograph or CJK punctuation: the context that makes ASCII punctuation
    next to it Chinese punctuation."""
    return is_cjk(ch) or is_cjk_punct(ch)


def is_ascii_alnum(ch: str) -> bool:
    """ASCII letter or digit (``str.isalnum`` is True for CJK too, hence this)."""
    return ch.isascii() and ch.isalnum()


def ends_terminal(text: str) -> bool:
    """Does *text* end a sentence (。！？… possibly followed by closing quotes)?"""
    return TERMINAL_END_RE.search(text.rstrip()) is not None


def headline_like(text: str) -> bool:
    """Shape test for headlines, bylines and banners: short, no sentence-internal
    punctuation, and not ending in terminal or "to be continued" punctuation.

    Headlines in the corpus never contain "，" or "。" but may contain spaces,
    "、", ":" and quotes, and may end in "——" (a kicker before the main title).
    """
    text = text.strip()
    if not text or len(text) > HEADLINE_MAX:
        return False
    if _SENTENCE_INTERNAL_RE.search(text):
        return False
    if text.endswith("——"):
        return True
    return text[-1] not in SOFT_END and not ends_terminal(text)
