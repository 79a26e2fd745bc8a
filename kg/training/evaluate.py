"""Held-out evaluation at entity level: exact character spans, per label.

Scores what ships: texts go through :func:`kg.nlp.ner.predict_entities` (normalisation,
jieba tokens, whitespace trimming), so jieba/entity misalignment counts as an error here,
unlike spaCy's token-level dev score.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from spacy.language import Language

from kg.nlp.ner import predict_entities
from kg.training.corpora import CLUENER_MAP, LABELS, Record


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f": round(100 * f, 1), "n": tp + fn}


def evaluate(nlp: Language, records: Sequence[Record]) -> dict[str, Any]:
    """Per zhkg label P/R/F, per original CLUENER label, overall micro scores and speed.

    Per original label (company, government, …) precision is defined against predictions of the
    zhkg label it maps to that overlap no gold entity of *another* original label: a predicted
    ORG exactly on a gold ``government`` span is a true positive for government, a predicted ORG
    matching nothing counts as a false positive for every ORG sub-label (conservative).
    """
    tp, fp, fn = Counter(), Counter(), Counter()
    otp, ofp, ofn = Counter(), Counter(), Counter()
    t0 = time.perf_counter()
    preds = list(predict_entities((r.text for r in records), nlp=nlp))
    secs = time.perf_counter() - t0
    for rec, ents in zip(records, preds, strict=True):
        gold = {(s, e, lab) for s, e, lab in rec.spans}
        pred = {(x["start"], x["end"], x["label"]) for x in ents}
        for g in gold:
            (tp if g in pred else fn)[g[2]] += 1
        for p in pred - gold:
            # a prediction inside a region the corpus leaves unannotated is neither right nor wrong
            if not any(p[0] < e and s < p[1] for s, e in rec.missing):
                fp[p[2]] += 1
        orig = {(s, e): lab for s, e, lab in rec.orig if lab in CLUENER_MAP}
        for (s, e), lab in orig.items():
            (otp if (s, e, CLUENER_MAP[lab]) in pred else ofn)[lab] += 1
        for s, e, lab in pred:
            if (s, e) not in orig:
                for olab, zlab in CLUENER_MAP.items():
                    if zlab == lab:
                        ofp[olab] += 1
    out: dict[str, Any] = {"labels": {lab: _prf(tp[lab], fp[lab], fn[lab]) for lab in LABELS}}
    out["cluener_labels"] = {lab: _prf(otp[lab], ofp[lab], ofn[lab]) for lab in CLUENER_MAP}
    out["micro"] = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    chars = sum(len(r.text) for r in records)
    out["chars_per_s"] = round(chars / secs) if secs else 0
    return out


def format_report(result: dict[str, Any]) -> str:
    """A plain-text table of :func:`evaluate`'s result."""
    lines = ["label           P      R      F      n"]
    for group in ("labels", "cluener_labels"):
        for lab, m in result[group].items():
            lines.append(f"{lab:<12} {m['p']:6.1f} {m['r']:6.1f} {m['f']:6.1f} {m['n']:6d}")
        lines.append("")
    m = result["micro"]
    lines.append(f"{'micro':<12} {m['p']:6.1f} {m['r']:6.1f} {m['f']:6.1f} {m['n']:6d}")
    lines.append(f"speed: {result['chars_per_s']} chars/s")
    return "\n".join(lines)
