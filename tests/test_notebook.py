"""The walkthrough notebook: committed without outputs, and it still runs."""

from __future__ import annotations

import json
import sys

import pytest

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "walkthrough.ipynb"


def test_notebook_is_committed_without_outputs():
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [], cell.source[:60]
        assert cell.execution_count is None, cell.source[:60]
    assert "widgets" not in nb.metadata


def _text(outputs) -> str:
    out = []
    for o in outputs:
        if o.output_type == "stream":
            out.append(o.text)
        elif "data" in o:
            out.append(str(o.data.get("text/plain", "")))
    return "".join(out)


@pytest.mark.slow
def test_notebook_runs(tmp_path, monkeypatch):
    """Execute every cell in ``notebooks/`` with a kernel on this interpreter."""
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    # A kernel spec pointing at this Python, ahead of any other "python3" on the machine.
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (aligner tests)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))

    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = _text(outputs)
    # languages tagged, the pair compared, the findings listed, the corpus scanned
    assert "001_98ab83bc4f073aa9.txt     nl" in text
    assert "[en] → " in text and "[nl]: " in text
    assert "omission" in text
    assert "translation" in text and "5 documents" in text
    # the heatmap and the inline report
    assert any("image/png" in o.get("data", {}) for o in outputs)
    html = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("<iframe srcdoc=" in h and "Content-Security-Policy" in h for h in html)
