"""Where the ontology and the SHACL shapes are, for an installed or an editable package.

The files live in ``ontology/`` at the repository root (where people look for them) and are
reached from the package through the relative symlink ``kg/ontology -> ../ontology``, which
setuptools copies into wheels as real files. The repository path is a fallback for checkouts
where the symlink did not survive (e.g. Windows without symlink support).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from rdflib import Graph

ONTOLOGY_FILE = "zhkg.ttl"
SHAPES_FILE = "shapes.ttl"


def _find(name: str) -> Path:
    candidates = [
        Path(str(files("kg") / "ontology" / name)),
        Path(__file__).resolve().parents[2] / "ontology" / name,
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(f"{name} not found; looked in " + ", ".join(str(p) for p in candidates))


def ontology_path() -> Path:
    """Path of ``zhkg.ttl``, the OWL ontology."""
    return _find(ONTOLOGY_FILE)


def shapes_path() -> Path:
    """Path of ``shapes.ttl``, the SHACL shapes."""
    return _find(SHAPES_FILE)


@lru_cache(maxsize=4)
def _parsed(path: str) -> Graph:
    return Graph().parse(path, format="turtle")


def ontology_graph() -> Graph:
    """The ontology parsed once per process; callers must not modify it (copy first)."""
    return _parsed(str(ontology_path()))


def shapes_graph() -> Graph:
    """The shapes parsed once per process; callers must not modify it."""
    return _parsed(str(shapes_path()))
