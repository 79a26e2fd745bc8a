"""zhkg: Chinese news text to an RDF knowledge graph.

The top-level names are imported lazily, so ``import kg`` stays cheap for the CLI and workers:
``kg.open(source)`` (SPARQL over a graph file or a store), ``kg.to_networkx(source)``.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "open": ("kg.api", "open"),
    "to_networkx": ("kg.networks", "to_networkx"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
