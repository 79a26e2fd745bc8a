"""``make_pipeline``: the spaCy pipeline that reads one cleaned document.

It is ``spacy.blank("zh")`` with the character segmenter, so every character offset is a token
boundary and the rule components never lose a name to segmentation. Each step is a registered
component visible in ``nlp.pipe_names``; ``ner_model`` (the trained statistical NER shipped with
zhkg) proposes names the rules have no cue for, and is left out with ``model=False``.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

# importing the components registers their factories
from kg.nlp.components import aliases, entities, events, people, projects, pronouns, structure  # noqa: F401

RULE_STEPS = (
    "zh_structure",
    "zh_dates",
    "zh_money",
    "zh_organizations",
    "zh_places",
    "zh_titles",
    "zh_persons",
    "zh_pronouns",
    "zh_aliases",
    "zh_projects",
    "zh_events",
)


def model_available() -> bool:
    """Whether the trained NER model is shipped in this installation."""
    if importlib.util.find_spec("kg.nlp.ner") is None:
        return False
    from kg.nlp.ner import PIPELINE_DIR

    return (PIPELINE_DIR / "meta.json").exists()


def make_pipeline(model: bool = True, disable: tuple[str, ...] = ()) -> Language:
    """A fresh pipeline; ``model`` adds the trained NER before the person finder."""
    nlp = spacy.blank("zh")
    for step in RULE_STEPS:
        if step == "zh_persons" and model and model_available():
            import kg.nlp.ner  # noqa: F401  (registers zh_ner_model)

            nlp.add_pipe("zh_ner_model", name="ner_model")
        nlp.add_pipe(step)
    for name in disable:
        nlp.disable_pipe(name)
    return nlp


@lru_cache(maxsize=2)
def default_pipeline(model: bool = True) -> Language:
    """One shared pipeline per process (building it loads lexicons and the model)."""
    return make_pipeline(model=model)
