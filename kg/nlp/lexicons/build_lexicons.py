"""Rebuild the generated lexicons from public data: ``python -m kg.nlp.lexicons.build_lexicons DATA_DIR``.

The generated files are committed, so users never need the data; this script documents where they
came from. Sources: People's Daily 1998 (PKU tags, research use) for surname and given-name
character statistics and place names (``ns``), and jieba's dictionary (MIT) for place names that
the 1998 newspaper did not know yet. Nothing here is specific to any article zhkg reads.
"""

from __future__ import annotations

import collections
import os
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
# adverbial verbs of official prose that jieba files under other tags
FUNCTION_EXTRA = set(
    "助力 助推 力争 着力 全力 努力 加快 确保 推进 持续 积极 大力 狠抓 抓好 切实 扎实 全面 不断".split()
    + "进一步 做大 做强".split()
)
HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def _tokens(path: Path) -> list[tuple[str, str]]:
    out = []
    for raw in re.split(r"\s+", path.read_text(encoding="utf-8")):
        word, _, tag = raw.rpartition("/")
        word = unicodedata.normalize("NFKC", word.lstrip("["))
        if word:
            out.append((word, tag.split("]")[0]))
    return out


def build(data_dir: Path) -> None:
    tokens = _tokens(data_dir / "peoples_daily_1998" / "199801.txt")
    surnames: collections.Counter[str] = collections.Counter()
    given: collections.Counter[str] = collections.Counter()
    places: collections.Counter[str] = collections.Counter()
    for i, (word, tag) in enumerate(tokens):
        if tag == "nr" and i + 1 < len(tokens) and tokens[i + 1][1] == "nr" and len(word) <= 2:
            nxt = tokens[i + 1][0]
            if HAN.match(word) and HAN.match(nxt) and len(nxt) <= 2:
                surnames[word] += 1
                for ch in nxt:
                    given[ch] += 1
        if tag == "ns" and HAN.match(word) and len(word) >= 2:
            places[word] += 1
    (HERE / "surname_counts.tsv").write_text(
        "".join(f"{w}\t{c}\n" for w, c in sorted(surnames.items(), key=lambda x: (-x[1], x[0])) if c >= 2),
        encoding="utf-8",
    )
    (HERE / "given_name_chars.tsv").write_text(
        "".join(f"{w}\t{c}\n" for w, c in sorted(given.items(), key=lambda x: (-x[1], x[0]))),
        encoding="utf-8",
    )
    import jieba

    jieba_dict = Path(os.path.dirname(jieba.__file__)) / "dict.txt"
    jieba_ns = {
        w: int(f)
        for w, f, t in (line.split() for line in jieba_dict.read_text(encoding="utf-8").splitlines())
        if t == "ns" and HAN.match(w) and len(w) >= 2
    }
    for word, freq in jieba_ns.items():
        # jieba's ns tag also marks ordinary words (上市, 城市); keep a name when it has an
        # administrative suffix, when its suffixed form is a place too (高邮 ← 高邮市), or when
        # the newspaper also tagged it as a place
        suffixed = any(word + s in jieba_ns for s in "市县区省州镇")
        if freq >= 50 and ((word.endswith(tuple("省市县州")) and len(word) >= 3) or suffixed or places[word]):
            places[word] += 2
    keep = sorted(w for w, c in places.items() if c >= 2)
    common = sorted(
        w
        for w, f, t in (line.split() for line in jieba_dict.read_text(encoding="utf-8").splitlines())
        if 2 <= len(w) <= 3
        and int(f) >= 200
        and t not in {"nr", "nrt", "nrfg", "ns", "nt", "nz"}
        and HAN.match(w)
    )
    function = sorted(
        w
        for w, f, t in (line.split() for line in jieba_dict.read_text(encoding="utf-8").splitlines())
        if 2 <= len(w) <= 4
        and int(f) >= 20
        and t in {"v", "d", "p", "c", "r", "u", "ad", "vd"}
        and HAN.match(w)
    ) + sorted(FUNCTION_EXTRA)
    # verbs, adverbs and the like: a name does not start with them after a boundary (发挥, 运行)
    (HERE / "function_words.txt").write_text("\n".join(function) + "\n", encoding="utf-8")
    # ordinary words that look like names when they follow a role word (代表, 班子, 干部)
    (HERE / "common_words.txt").write_text("\n".join(common) + "\n", encoding="utf-8")
    (HERE / "places_generated.txt").write_text("\n".join(keep) + "\n", encoding="utf-8")
    print(f"surnames {len(surnames)}, given chars {len(given)}, places {len(keep)}")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
