"""A page whose wording alone changed is not executed again: its code's signature is the cache key, and
the cached outputs are set between its markdown as it stands (runner.with_prose_of)."""
from __future__ import annotations

import nbformat
import pytest

from panelbook import runner


def _page(path, closing="The end.", code="print(x)", extra=None):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Title\n\nIntro."),
                nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(code), nbformat.v4.new_markdown_cell(closing),
                *([nbformat.v4.new_markdown_cell(extra)] if extra else [])]
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    nbformat.write(nb, str(path))
    return path


def _executed(page, path):
    """What papermill and tidy_for_book make of the page: parameters injected, outputs, tags."""
    nb = nbformat.read(str(page), as_version=4)
    injected = nbformat.v4.new_code_cell("x = 2", metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(2, injected)
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", name="stdout", text="2\n")]
    runner.tidy_for_book(nb, "Title")
    nbformat.write(nb, str(path))
    return path


def test_new_wording_is_set_around_the_cached_outputs(tmp_path):
    done = _executed(_page(tmp_path / "page.ipynb"), tmp_path / "done.ipynb")
    changed = _page(tmp_path / "changed.ipynb", closing="The very end.", extra="A new paragraph.")
    assert runner.code_signature(changed) == runner.code_signature(tmp_path / "page.ipynb")
    out = tmp_path / "out.ipynb"
    runner.with_prose_of(done, changed, "Title, as this edition words it", out)
    nb = nbformat.read(str(out), as_version=4)
    assert [c.source for c in nb.cells] == ["# Title, as this edition words it\n\nIntro.", "x = 2", "print(x)",
                                            "The very end.", "A new paragraph."]
    assert nb.cells[2].outputs[0]["text"] == "2\n" and "remove-input" in nb.cells[2].metadata["tags"]
    assert "remove-cell" in nb.cells[1].metadata["tags"]


def test_the_same_wording_gives_the_cached_bytes(tmp_path):
    page = _page(tmp_path / "page.ipynb")
    done = _executed(page, tmp_path / "done.ipynb")
    runner.with_prose_of(done, page, "Title", tmp_path / "out.ipynb")
    assert (tmp_path / "out.ipynb").read_bytes() == done.read_bytes()


def test_changed_code_has_another_signature_and_is_never_spliced(tmp_path):
    done = _executed(_page(tmp_path / "page.ipynb"), tmp_path / "done.ipynb")
    changed = _page(tmp_path / "changed.ipynb", code="print(x + 1)")
    assert runner.code_signature(changed) != runner.code_signature(tmp_path / "page.ipynb")
    with pytest.raises(ValueError, match="not the code the cached notebook ran"):
        runner.with_prose_of(done, changed, "Title", tmp_path / "out.ipynb")
