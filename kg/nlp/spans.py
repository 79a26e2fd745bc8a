"""Helpers to make spans from character offsets on character-tokenised Chinese Docs."""

from __future__ import annotations

from spacy.tokens import Doc, Span


def char_span(doc: Doc, start: int, end: int, label: str = "") -> Span | None:
    """A span over ``doc.text[start:end]`` with surrounding whitespace trimmed, or None."""
    text = doc.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return doc.char_span(start, end, label=label, alignment_mode="expand")


def sentence_of(doc: Doc, start: int) -> Span | None:
    """The sentence span holding character ``start``."""
    for sent in doc.spans.get("sentences", []):
        if sent.start_char <= start < sent.end_char:
            return sent
    return None
