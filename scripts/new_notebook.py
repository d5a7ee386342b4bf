"""Write a chapter notebook from a list of (kind, source[, tags]) cells.

Chapters are authored as .ipynb (the source of truth: each chapter folder's page.ipynb); this helper only saves
typing when a chapter is first created: `write_notebook(path, cells)`.
"""
from __future__ import annotations

import nbformat


def write_notebook(path, cells) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, cell in enumerate(cells):
        kind, source, *rest = cell
        tags = rest[0] if rest else []
        c = nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source)
        c.id = f"cell-{i:02d}"
        if tags:
            c.metadata["tags"] = list(tags)
        nb.cells.append(c)
    nbformat.write(nb, str(path))
