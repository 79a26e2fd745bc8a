"""Shared fixtures: the example corpus shipped with the repository, and one pipeline per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp.pipeline import make_pipeline

    return make_pipeline(model=False)


@pytest.fixture(scope="session")
def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.txt"))


@pytest.fixture(scope="session")
def example_facts(nlp, example_files):
    """DocumentFacts of every example file (rules only), extracted once per session."""
    from kg.extract import extract_file

    return [extract_file(f, nlp=nlp) for f in example_files]
