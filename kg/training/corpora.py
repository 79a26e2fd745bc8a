"""Readers for the public NER corpora in ``shared/data``, mapped to zhkg's labels.

Every reader yields :class:`Record` objects: a text, its entities as character spans with zhkg
labels (PERSON, ORG, PLACE, TITLE), and character ranges whose labels are *unknown* in that
corpus. The unknown ranges matter because the corpora were annotated with different
guidelines: People's Daily tags only single-word organisations (``新华社/nt``) and leaves
compound names split (``华北/ns 电力/n 集团公司/n``), and it never marks titles. Teaching the
model that such words are "outside" would fight the CLUENER annotation, so they are left
missing and contribute no loss.

The split into train / held-out is by a hash of the text, so it is deterministic, stable when
files grow, and the same sentence never lands on both sides.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.nlp.ner import normalise_text

LABELS = ("PERSON", "ORG", "PLACE", "TITLE")

CLUENER_MAP = {
    "name": "PERSON",
    "position": "TITLE",
    "company": "ORG",
    "government": "ORG",
    "organization": "ORG",
    "address": "PLACE",
}
WEIBO_MAP = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE", "GPE": "PLACE"}
RESUME_MAP = {"NAME": "PERSON", "ORG": "ORG", "TITLE": "TITLE", "LOC": "PLACE"}
PD_MAP = {"nr": "PERSON", "nt": "ORG", "ns": "PLACE"}
# PKU tags of words that can continue a compound name started by ns/nt (华北/ns 电力/n 集团公司/n)
PD_NOUNISH = {"n", "nz", "j", "vn", "nt", "ns", "b", "an", "Ng", "l", "s", "f"}
# PKU tags whose words are left unknown: other proper nouns and abbreviations (人大/j) are
# sometimes organisations in CLUENER's sense and sometimes not
PD_UNKNOWN = {"nz", "j"}

# tags of words that can be part of a title phrase around a known title word
PD_TITLE_RUN = {"n", "b", "vn", "j", "nt", "ns", "Ng", "a"}

SOURCES = ("cluener", "peoples_daily", "resume", "weibo")


@dataclass
class Record:
    """One training or evaluation sentence.

    ``spans`` are (start, end, zhkg_label) with ``end`` exclusive; ``missing`` are (start, end)
    ranges whose annotation is unknown; ``orig`` keeps (start, end, corpus_label) so held-out
    figures can be reported per original CLUENER label.
    """

    text: str
    spans: list[tuple[int, int, str]]
    source: str
    missing: list[tuple[int, int]] = field(default_factory=list)
    orig: list[tuple[int, int, str]] = field(default_factory=list)


def is_heldout(text: str, percent: int = 10) -> bool:
    """Deterministic held-out membership: md5 of the text modulo 100 below ``percent``."""
    h = int(hashlib.md5(text.encode("utf-8")).hexdigest()[:8], 16)
    return h % 100 < percent


def _drop_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the longest of overlapping spans (CLUENER has a few nested mentions)."""
    kept: list[tuple[int, int, str]] = []
    for s in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        if all(s[1] <= k[0] or s[0] >= k[1] for k in kept):
            kept.append(s)
    return sorted(kept)


def read_cluener(path: Path) -> Iterator[Record]:
    """CLUENER2020 JSON lines; end offsets in the file are inclusive."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            obj = json.loads(line)
            text = obj["text"]
            orig = []
            for label, mentions in (obj.get("label") or {}).items():
                for mention, offsets in mentions.items():
                    for start, end in offsets:
                        if text[start : end + 1] == mention:
                            orig.append((start, end + 1, label))
            orig = _drop_overlaps(orig)
            spans = [(s, e, CLUENER_MAP[lab]) for s, e, lab in orig if lab in CLUENER_MAP]
            yield Record(normalise_text(text), spans, "cluener", orig=orig)


def _read_char_columns(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Sentences of (char, tag) from char-per-line CoNLL/BMES files; blank line = boundary.

    Weibo writes the character followed by its position in the word (``科0``); only the
    first character of the first column is the text.
    """
    sent: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if sent:
                    yield sent
                sent = []
                continue
            parts = line.split("\t") if "\t" in line else line.split(" ")
            if len(parts) < 2 or not parts[0]:
                continue
            sent.append((parts[0][0], parts[-1].strip()))
    if sent:
        yield sent


def _chunks(tags: list[str]) -> Iterator[tuple[int, int, str]]:
    """Spans from BIO or BMES tags (B-X, I-X/M-X/E-X, S-X)."""
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        if prefix in ("B", "S") or prefix == "O" or typ != label:
            if start is not None:
                yield start, i, label  # type: ignore[misc]
            start, label = (i, typ) if prefix in ("B", "S", "I", "M", "E") else (None, None)
        if prefix in ("S", "E") and start is not None:
            yield start, i + 1, label  # type: ignore[misc]
            start, label = None, None


def read_weibo(path: Path) -> Iterator[Record]:
    """Weibo NER: named mentions (.NAM) are entities; nominal ones (.NOM, 老师) are unknown."""
    for sent in _read_char_columns(path):
        text = "".join(c for c, _ in sent)
        spans, missing = [], []
        for s, e, lab in _chunks([t for _, t in sent]):
            typ, _, kind = lab.partition(".")
            if kind == "NAM" and typ in WEIBO_MAP:
                spans.append((s, e, WEIBO_MAP[typ]))
            else:
                missing.append((s, e))
        yield Record(normalise_text(text), spans, "weibo", missing=missing)


def read_resume(path: Path) -> Iterator[Record]:
    """Resume NER (BMES): NAME/ORG/TITLE/LOC map; EDU, PRO, RACE, CONT are outside."""
    for sent in _read_char_columns(path):
        text = "".join(c for c, _ in sent)
        spans = [(s, e, RESUME_MAP[lab]) for s, e, lab in _chunks([t for _, t in sent]) if lab in RESUME_MAP]
        yield Record(normalise_text(text), spans, "resume")


def read_peoples_daily(path: Path, title_words: set[str] | None = None) -> Iterator[Record]:
    """People's Daily 1998 (PKU tags) as PERSON / ORG / PLACE with unknown regions.

    Adjacent ``nr`` tokens (surname 江 + given name 泽民) form one PERSON; adjacent ``ns``
    form one PLACE (CLUENER marks 江苏高邮 as one address). An ``ns``/``nt`` run followed by a
    noun-like word is probably the head of an unbracketed compound organisation, so the whole
    noun run is unknown. Words in ``title_words`` (titles seen in the other corpora) are
    unknown because People's Daily never tags titles.
    """
    title_words = title_words or set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            items = [tok.rsplit("/", 1) for tok in line.split()]
            toks = [(w, t) for w, t in (it if len(it) == 2 else (it[0], "x") for it in items) if w]
            if not toks:
                continue
            offs, pos = [], 0
            for w, _ in toks:
                offs.append((pos, pos + len(w)))
                pos += len(w)
            text = "".join(w for w, _ in toks)
            spans: list[tuple[int, int, str]] = []
            missing: list[tuple[int, int]] = []
            i = 0
            while i < len(toks):
                w, t = toks[i]
                if t in PD_MAP:
                    j = i
                    while j + 1 < len(toks) and toks[j + 1][1] == t:
                        j += 1
                    if t != "nr" and j + 1 < len(toks) and toks[j + 1][1] in PD_NOUNISH:
                        k = j + 1
                        while k + 1 < len(toks) and toks[k + 1][1] in PD_NOUNISH:
                            k += 1
                        missing.append((offs[i][0], offs[k][1]))
                        i = k + 1
                        continue
                    spans.append((offs[i][0], offs[j][1], PD_MAP[t]))
                    i = j + 1
                    continue
                if w in title_words:
                    # the whole noun run around a title (国家/n 主席/n, 副/b 书记/n) is unknown:
                    # CLUENER would mark 国家主席 / 副书记 as one position
                    a, b = i, i
                    while a > 0 and toks[a - 1][1] in PD_TITLE_RUN:
                        a -= 1
                    while b + 1 < len(toks) and toks[b + 1][1] in PD_TITLE_RUN:
                        b += 1
                    missing.append((offs[a][0], offs[b][1]))
                    i = b + 1
                    continue
                if t in PD_UNKNOWN:
                    missing.append(offs[i])
                i += 1
            yield Record(normalise_text(text), spans, "peoples_daily", missing=missing)


def title_vocabulary(records: Iterable[Record]) -> set[str]:
    """Title strings (书记, 总经理) annotated in corpora that mark titles."""
    return {r.text[s:e] for r in records for s, e, lab in r.spans if lab == "TITLE" and e - s >= 2}


def load_all(data_dir: Path, sources: Iterable[str] = SOURCES) -> dict[str, list[Record]]:
    """Read every requested corpus under ``data_dir`` (the layout of ``shared/data``)."""
    sources = set(sources)
    out: dict[str, list[Record]] = {}
    out["cluener"] = list(read_cluener(data_dir / "cluener" / "train.json"))
    resume = [r for f in ("train.char.bmes", "dev.char.bmes") for r in read_resume(data_dir / "resume" / f)]
    if "resume" in sources:
        out["resume"] = resume
    if "weibo" in sources:
        out["weibo"] = [
            r
            for f in ("weiboNER_2nd_conll.train", "weiboNER_2nd_conll.dev")
            for r in read_weibo(data_dir / "weibo" / f)
        ]
    if "peoples_daily" in sources:
        titles = title_vocabulary([*out["cluener"], *resume])
        out["peoples_daily"] = list(
            read_peoples_daily(data_dir / "peoples_daily_1998" / "199801.txt", titles)
        )
    if "cluener" not in sources:
        del out["cluener"]
    return out
