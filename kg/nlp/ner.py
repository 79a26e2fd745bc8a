"""zhkg's statistical Chinese NER: the shipped model, a plain prediction API and a spaCy component.

The model lives in ``kg/nlp/model/pipeline`` (trained by ``kg train-ner``, see MODEL_CARD.md).
It tokenises with jieba, whereas the main rule pipeline tokenises per character; the
``zh_ner_model`` component therefore runs the inner model on ``doc.text`` and maps each entity's
*character* offsets onto the outer doc, writing ``doc.spans["ner"]`` and leaving ``doc.ents``
to the rules.

Input is normalised before prediction in a strictly length-preserving way (one character in,
one character out), so offsets always index the caller's text unchanged: the training data uses
full-width Chinese punctuation and half-width digits, while the newspaper extracts use ``,`` and
``(``.
"""

from __future__ import annotations

import functools
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import spacy
from spacy.attrs import PREFIX, SUFFIX
from spacy.lang.zh import LEX_ATTRS as ZH_LEX_ATTRS
from spacy.lang.zh import Chinese
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import get_words_and_spaces, registry
from spacy.vocab import Vocab

MODEL_DIR = Path(__file__).resolve().parent / "model"
PIPELINE_DIR = MODEL_DIR / "pipeline"
SPANS_KEY = "ner"
LABELS = ("PERSON", "ORG", "PLACE", "TITLE")

_HALF_TO_FULL = {ord(a): b for a, b in zip(",:;?!()", "，：；？！（）", strict=True)}
_FULL_ALNUM = {
    c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
_TRANSLATE = {**_HALF_TO_FULL, **_FULL_ALNUM}


def normalise_text(text: str) -> str:
    """Map punctuation to full width and digits/Latin letters to half width, char for char.

    Length-preserving by construction, so entity offsets found on the result index the input.
    """
    out = text.translate(_TRANSLATE)
    assert len(out) == len(text)
    return out


# --- the language class the model is trained with ---------------------------------------------
# spaCy's default SUFFIX is the last three characters, which for most Chinese words is the
# whole word. The last character (局, 司, 长, 市, 村) is what marks a word's kind, and the first
# character often a surname, so this subclass makes PREFIX/SUFFIX the first/last character.


def _first_char(string: str) -> str:
    return string[:1]


def _last_char(string: str) -> str:
    return string[-1:]


class ChineseKG(Chinese):
    """Chinese with first/last-character PREFIX/SUFFIX lexical attributes (see above)."""

    lang = "zh_kg"

    class Defaults(Chinese.Defaults):
        lex_attr_getters: ClassVar[dict] = {**ZH_LEX_ATTRS, PREFIX: _first_char, SUFFIX: _last_char}


if "zh_kg" not in registry.languages.get_all():
    registry.languages.register("zh_kg", func=ChineseKG)


# --- the tokenizer the model is trained with ---------------------------------------------------
# jieba without its HMM new-word discovery. With the HMM, jieba glues unknown names to the next
# character (张连志为, 吕世安辑), so 5.0 % of CLUENER person names and 5.5 % of organisations end
# inside a token and can never be predicted exactly; without it those rates are 0.9 % and 2.8 %
# (held-out CLUENER, measured, see MODEL_CARD.md). Unknown names then come as single characters,
# which the CNN handles with the first/last-character features. A private jieba.Tokenizer keeps
# user dictionaries that other code may load into jieba's global instance from changing the
# model's input. jieba ships its dictionary, so nothing is downloaded.


class JiebaNoHMMTokenizer:
    """spaCy tokenizer: jieba's dictionary segmentation (HMM off), whitespace kept as spaCy does."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._jieba: Any = None

    def _segmenter(self) -> Any:
        if self._jieba is None:
            import jieba

            jieba.setLogLevel(60)  # jieba logs its dictionary loading at INFO to stderr
            tok = jieba.Tokenizer()
            tok.initialize()
            self._jieba = tok
        return self._jieba

    def __call__(self, text: str) -> Doc:
        words = [w for w in self._segmenter().cut(text, cut_all=False, HMM=False) if w]
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # nothing to save: the dictionary comes with the jieba package
    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> JiebaNoHMMTokenizer:
        return self

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(b"")

    def from_disk(self, path: str | Path, **kwargs: Any) -> JiebaNoHMMTokenizer:
        return self


@registry.tokenizers("zh_kg.JiebaNoHMMTokenizer.v1")
def create_jieba_tokenizer() -> Callable[[Language], JiebaNoHMMTokenizer]:
    """Registered so that the model's config.cfg can name the tokenizer."""

    def make(nlp: Language) -> JiebaNoHMMTokenizer:
        return JiebaNoHMMTokenizer(nlp.vocab)

    return make


# --- loading and prediction ---------------------------------------------------------------------
_LOCK = threading.Lock()


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Language:
    with _LOCK:
        return spacy.load(path)


def load_model(path: str | Path | None = None) -> Language:
    """The shipped NER pipeline, loaded once per process (and per path)."""
    return _load(str(Path(path) if path else PIPELINE_DIR))


def org_kind(name: str) -> str:
    """Coarse kind of an organisation from its suffix: company/government/party/research/other.

    Party bodies are checked first because 市委/纪委 also end in 委 like government committees,
    and 党委 ... 委员会 names would otherwise look governmental.
    """
    if (
        name.endswith(
            (
                "党委",
                "党工委",
                "党组",
                "市委",
                "县委",
                "区委",
                "省委",
                "纪委",
                "组织部",
                "宣传部",
                "统战部",
                "政法委",
            )
        )
        or "党委" in name
        or "共产党" in name
        or "党支部" in name
    ):
        return "party"
    if name.endswith(("大学", "研究院", "研究所", "学院", "研究中心", "实验室", "科学院")):
        return "research"
    if name.endswith(("公司", "集团", "有限公司", "厂", "银行", "企业")):
        return "company"
    if name.endswith(
        (
            "局",
            "政府",
            "委员会",
            "办",
            "办公室",
            "办事处",
            "管委会",
            "法院",
            "检察院",
            "厅",
            "部",
            "署",
            "街道",
            "中心",
        )
    ):
        return "government"
    return "other"


def doc_entities(doc: Doc, offset: int = 0) -> list[dict[str, Any]]:
    """Entities of an inner-model doc as dicts; offsets are character offsets (+ ``offset``)."""
    text = doc.text
    out = []
    for ent in doc.ents:
        start, end = ent.start_char, ent.end_char
        # the model sometimes includes surrounding whitespace; trim, keeping offsets exact
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        item: dict[str, Any] = {
            "start": start + offset,
            "end": end + offset,
            "label": ent.label_,
            "text": text[start:end],
        }
        if ent.label_ == "ORG":
            item["kind"] = org_kind(item["text"])
        out.append(item)
    return out


def predict_entities(
    texts: Iterable[str],
    batch_size: int = 64,
    n_process: int = 1,
    nlp: Language | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """Entities for each text: ``{"start", "end", "label", "text"}`` (+ ``"kind"`` for ORG).

    Offsets index the text exactly as given. Streams: one result per input, in order.
    """
    nlp = nlp or load_model()
    texts_iter = iter(texts)
    originals: deque[str] = deque()

    def normalised() -> Iterator[str]:
        for t in texts_iter:
            originals.append(t)
            yield normalise_text(t)

    for doc in nlp.pipe(normalised(), batch_size=batch_size, n_process=n_process):
        original = originals.popleft() if originals else doc.text
        ents = doc_entities(doc)
        for e in ents:  # report the caller's characters, not the normalised ones
            e["text"] = original[e["start"] : e["end"]]
        yield ents


# --- the spaCy component ------------------------------------------------------------------------


class NERModelComponent:
    """Runs the shipped model on a doc's text and stores its entities in ``doc.spans["ner"]``.

    Entities whose character offsets do not fall on the outer doc's token boundaries
    (impossible with the character segmenter, possible with others) are dropped rather than
    stretched, so rule spans and model spans never disagree about characters.
    """

    def __init__(self, nlp: Language, name: str, model: str | None = None) -> None:
        self.name = name
        self.model_path = model

    @property
    def inner(self) -> Language:
        return load_model(self.model_path)

    def _set(self, doc: Doc, inner_doc: Doc) -> Doc:
        spans = []
        for e in doc_entities(inner_doc):
            span = doc.char_span(e["start"], e["end"], label=e["label"])
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc

    def __call__(self, doc: Doc) -> Doc:
        return self._set(doc, self.inner(normalise_text(doc.text)))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Batch the inner model over many docs (much faster than one call per doc)."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._flush(batch, batch_size)
                batch = []
        if batch:
            yield from self._flush(batch, batch_size)

    def _flush(self, batch: list[Doc], batch_size: int) -> Iterator[Doc]:
        inner_docs = self.inner.pipe((normalise_text(d.text) for d in batch), batch_size=batch_size)
        for doc, inner_doc in zip(batch, inner_docs, strict=True):
            yield self._set(doc, inner_doc)


@Language.factory("zh_ner_model", default_config={"model": None})
def make_ner_model_component(nlp: Language, name: str, model: str | None) -> NERModelComponent:
    """Factory for ``nlp.add_pipe("zh_ner_model")``; ``model`` overrides the shipped pipeline path."""
    return NERModelComponent(nlp, name, model)


def ner_spans(doc: Doc) -> list[Span]:
    """The model's entities on a doc processed by ``zh_ner_model`` (empty if it was not run)."""
    return list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
