"""``zh_structure``: paragraphs, headlines and sentences as spans, and the document's year.

Later components reason per sentence (a title chain, an event) and per article (a date carries
to the following sentences until the next headline), so this runs first.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import register_extensions
from kg.nlp.spans import char_span, doc_text
from kg.text.splitting import document_year, paragraphs, sentences

register_extensions()


class Structure:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        paras, sents = [], []
        for p in paragraphs(text):
            span = char_span(doc, p.start, p.end, p.kind)
            if span is not None:
                paras.append(span)
            for s, e in sentences(text, p.start, p.end):
                sent = char_span(doc, s, e, p.kind)
                if sent is not None:
                    sents.append(sent)
        doc.spans["paragraphs"] = paras
        doc.spans["sentences"] = sents
        if doc._.year is None:
            doc._.year = document_year(text, doc._.file_name)
        return doc


@Language.factory("zh_structure")
def make_structure(nlp: Language, name: str) -> Structure:
    return Structure()
