"""Corpus records → spaCy DocBins tokenised the way the shipped model tokenises (jieba).

About 4 % of CLUENER entities start or end inside a jieba word (杜建桥的 → 杜 | 建桥的?). For
*training* docs each jieba token is split at entity (and unknown-region) boundaries so that no
annotation is lost; the model still sees jieba's segmentation everywhere else. The *dev* DocBin
(used only for spaCy's checkpoint selection) keeps plain jieba tokens with entities expanded to
token boundaries; the real held-out figures come from :mod:`kg.training.evaluate`, which scores
exact character spans on raw text.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import get_words_and_spaces

from kg.training.corpora import Record


def record_to_doc(nlp: Language, rec: Record, split_at_entities: bool = True) -> Doc | None:
    """A Doc for one record, or None when its annotation cannot be represented."""
    tokens = nlp.tokenizer(rec.text)
    cuts = {0, len(rec.text)}
    if split_at_entities:
        for s, e, *_ in [*rec.spans, *rec.missing]:
            cuts.update((s, e))
    words: list[str] = []
    for tok in tokens:
        start = tok.idx
        end = start + len(tok.text)
        inner = sorted(c for c in cuts if start < c < end)
        for a, b in zip([start, *inner], [*inner, end], strict=True):
            words.append(rec.text[a:b])
        if tok.whitespace_:
            words.append(tok.whitespace_)
    words, spaces = get_words_and_spaces(words, rec.text)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    mode = "strict" if split_at_entities else "expand"
    ents, taken = [], set()
    for s, e, label in rec.spans:
        span = doc.char_span(s, e, label=label, alignment_mode=mode)
        if span is None or taken.intersection(range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        ents.append(span)
    missing = []
    for s, e in rec.missing:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and not taken.intersection(range(span.start, span.end)):
            missing.append(span)
    try:
        doc.set_ents(ents, missing=missing, default="outside")
    except ValueError:
        doc.set_ents(ents, default="outside")
    return doc


def write_docbin(
    nlp: Language,
    records: Iterable[Record],
    path: Path,
    split_at_entities: bool = True,
    shuffle_seed: int | None = None,
) -> int:
    """Convert and save; returns the number of docs written."""
    recs = list(records)
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(recs)
    db = DocBin(store_user_data=False)
    n = 0
    for rec in recs:
        doc = record_to_doc(nlp, rec, split_at_entities)
        if doc is not None and len(doc):
            db.add(doc)
            n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return n
