"""``zh_pronouns``: 他 / 她 to the person meant.

News prose names a person once and goes on with 他 (金锋总结了…。他表示，…). The antecedent is
the last person named before the pronoun in the same paragraph; a pronoun with no person before
it in its paragraph is left alone. Plural and compound forms (他们, 其他, 他人) are not
pronouns of one person.
"""

from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import register_extensions
from kg.nlp.spans import char_span, doc_text

register_extensions()

PRONOUN = re.compile(r"(?<![其吉利])[他她](?![们人乡国日])")


class Pronouns:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        persons = sorted(doc.spans.get("persons", []), key=lambda s: s.start_char)
        starts = [p.start_char for p in persons]
        out = []
        for m in PRONOUN.finditer(text):
            i = bisect.bisect_left(starts, m.start()) - 1
            if i < 0:
                continue
            antecedent = persons[i]
            if "\n" in text[antecedent.end_char : m.start()]:
                continue  # another paragraph: too far to tell
            span = char_span(doc, m.start(), m.end(), "PRONOUN")
            if span is not None:
                span._.value = antecedent.text
                out.append(span)
        doc.spans["pronouns"] = out
        return doc


@Language.factory("zh_pronouns")
def make_pronouns(nlp: Language, name: str) -> Pronouns:
    return Pronouns()
