"""The notebooks run top to bottom on the shipped examples, offline; a failing cell fails the test."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.mark.parametrize("name", ["01_explore.ipynb", "02_quality.ipynb"])
def test_notebook_runs(name: str) -> None:
    pytest.importorskip("ipykernel")
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=300,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()  # raises CellExecutionError naming the cell that failed
    errors = [
        o
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]
    assert not errors
    if name == "01_explore.ipynb":
        text = "".join(
            str(o.get("data", {}).get("text/html", "")) + str(o.get("text", ""))
            for c in notebook.cells
            if c.cell_type == "code"
            for o in c.get("outputs", [])
        )
        assert "<iframe srcdoc=" in text  # the ego network is shown inline
        assert any("image/png" in o.get("data", {}) for c in notebook.cells for o in c.get("outputs", []))
