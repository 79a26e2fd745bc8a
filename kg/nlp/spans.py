"""Helpers to make spans from character offsets on character-tokenised Chinese Docs.

``Doc.text`` is rebuilt from the tokens on every access, so nothing here touches it: callers
read the text once and pass offsets.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span


def char_span(doc: Doc, start: int, end: int, label: str = "") -> Span | None:
    """A span over ``doc.text[start:end]``, widened to token boundaries, or None if empty."""
    if start >= end:
        return None
    span = doc.char_span(start, end, label=label, alignment_mode="contract")
    if span is None or len(span) == 0:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
    return span if span is not None and len(span) else None


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc and kept in ``doc.user_data``."""
    cached = doc.user_data.get("zhkg_text")
    if cached is None:
        cached = doc.user_data["zhkg_text"] = doc.text
    return cached
