"""Character classes and boundary words shared by the rule components.

Chinese has no spaces, so every rule needs to know where a name may begin and end. These tables
say which characters can sit inside a name and which short words mark the edge of one.
"""

from __future__ import annotations

import re

HAN = "\u4e00-\u9fff"
NAME_CHARS = f"[{HAN}A-Za-z0-9（）()·]"
IS_HAN = re.compile(f"[{HAN}]")
# characters that end a clause and can never be inside an entity name
CLAUSE_PUNCT = set("，。；：？！、“”‘’《》「」—…\n ,;:?!\"'")

# Words that stand just before a name and are not part of it. Single characters are kept to those
# that rarely occur inside a name (so 新, 全, 同 are not here: 新材料, 安全技术, 合同).
LEFT_EDGE_WORDS = tuple(
    sorted(
        """位于 拜访了 拜访 走访了 走访 考察了 考察 来到 来自 到 在 由 与 和 及 以及 对 向 赴 是 为 了 的 将 把 被 让 请
        邀请 联合 组织 参观 调研 督查 会同 召开 举办 举行 成立 设立 落户 投资 建设 入驻 签约 携手 跟 给 据 从 至 等
        其中 还 先后 首先 随后 也 都 已 即 又 再 并 就 均 该 我 他们 我们 今年 目前 近日 陪同 带领 率领 率 深入 前往
        接受 会见 会上 同时 此外 作为 包括 引进 招引 实施 推进 启动 打造 获评 授予 由于 通过 依托 支持 帮助 围绕 依据
        按照 面向 针对 为了 成为 担任 出任 系 属于 隶属 下属 旗下 及其 多家 一批 看望 慰问 检查 视察 察看 督导
        来 此次 建立 提交 代表 勉励 介绍 要求 表示 确保 做好 支撑起 指导 使 谱写 传递 完成 组建 加快 推动 这 那""".split(),
        key=lambda w: (-len(w), w),
    )
)
_EDGE_SET = frozenset(LEFT_EDGE_WORDS)
_EDGE_MAX = max(len(w) for w in LEFT_EDGE_WORDS)

# cues that follow a person's name (the verb or word after 张利 in 张利指出, 张利一行 …)
PERSON_CUES = tuple(
    sorted(
        """出席 主持 参加 陪同 率队 带队 一行 表示 指出 强调 要求 说 讲话 致辞 介绍 总结 汇报 宣读 等 同志 在 到 来 对 就
        向 与 和 及 为 作 代表 调研 督查 考察 走访 会见 接受 分别 先后 首先 随后 还 也 是 的 从 围绕 深入 希望 认为 称
        详细 现场 实地 听取 出任 担任 率 带领 提出 勉励 肯定 充分 一同 共同 察看 查看 了解 来到 前往 赴 说明 回顾
        以 用 带头 宣布 发表 寄语 部署 鼓励 为此 对此 则 又 再 表态 发言 主任 书记 局长 市长 同 于""".split(),
        key=lambda w: (-len(w), w),
    )
)


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def is_name_char(ch: str) -> bool:
    return is_han(ch) or ch.isascii() and ch.isalnum() or ch in "（）()·"


def starts_with_any(text: str, pos: int, words: tuple[str, ...]) -> str | None:
    """The first (longest) word of ``words`` found at ``text[pos:]``, or None."""
    for w in words:
        if text.startswith(w, pos):
            return w
    return None


def after_edge_word(text: str, pos: int) -> bool:
    """True when ``text[:pos]`` ends with a boundary word, so a name may start at ``pos``."""
    return any(text[max(0, pos - k) : pos] in _EDGE_SET for k in range(1, _EDGE_MAX + 1))


def name_start(text: str, end: int, min_len: int = 1, limit: int = 30) -> int:
    """Where a name ending at ``end`` begins: walk left over name characters and stop at
    punctuation or just after a boundary word (在, 由, 拜访了 …), keeping at least ``min_len``."""
    start = end - min_len
    while start > 0 and end - start < limit and is_name_char(text[start - 1]) and not after_edge_word(text, start):
        start -= 1
    return max(start, 0)

# characters that do not occur in given names (function words, title and place heads)
CLUE_STOP_CHARS = frozenset("的了在和与等是及对向为将把被让请到从至也都已即又再并就均该我你他她们这那之其所而且但或说会上下中"
                            "市区县镇省局委办书记一个年月日号子体部员门位次些")
