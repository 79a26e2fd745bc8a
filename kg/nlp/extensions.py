"""The custom attributes zhkg's components read and write on spaCy objects.

Everything a component finds lives on the Doc: spans in ``doc.spans[...]`` (persons, orgs, places,
titles, dates, money, projects), and the structured findings that are not spans (positions,
events, project facts, aliases) in ``doc._``. Registering them in one place keeps the data the
pipeline shares visible.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span


def register_extensions() -> None:
    for name, default in (
        ("year", None),
        ("pub_date", None),  # YYYY-MM-DD the article appeared, for 近日 / 日前
        ("file_name", None),
        ("positions", None),
        ("events", None),
        ("projects", None),
        ("aliases", None),  # organization name → canonical name
        ("place_aliases", None),
        ("project_aliases", None),
        ("org_kinds", None),
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name in ("value", "kind", "currency"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register_extensions()
