"""Identities between tables: checked from the exports, and a declaration naming a table or column
that does not exist fails instead of being skipped."""
from __future__ import annotations

import json
from dataclasses import dataclass

import nbformat
import pytest

from panelbook.chapters import CHAPTERS, Catalogue, Hooks
from panelbook.resources import notebooks_dir
from panelbook.reconcile import check_identities, publishable_ids


@dataclass
class FakeChapter:
    slug: str
    identities: tuple
    catalogue = Catalogue()

    @property
    def hooks(self):
        return Hooks(IDENTITIES=self.identities)

    @property
    def notebook(self):
        return notebooks_dir() / f"{self.slug}.ipynb"


@pytest.fixture
def figures(tmp_path, monkeypatch):
    """Two published tables, and the notebook of chapter 'demo' that can also publish 'demo-optional'."""
    fig = tmp_path / "figures"
    fig.mkdir()
    for export_id, total in (("demo-a", 7), ("demo-b", 7)):
        (fig / f"{export_id}.csv").write_text(f"group,n\nx,{total - 2}\ny,2\nTotal,{total}\n")
        (fig / f"{export_id}.json").write_text(json.dumps({"id": export_id, "kind": "table", "chapter": "demo",
                                                           "shape": {"counts": ["n"], "total_row": True}}))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'ctx.table(a, "demo-a", "A")\nctx.table(b, "demo-b", "B")\nif extra:\n    ctx.table(c, "demo-optional", "C")')])
    nbformat.write(nb, str(notebooks / "demo.ipynb"))
    monkeypatch.setenv("PANELBOOK_NOTEBOOKS", str(notebooks))
    return fig


def declared(results):
    return [r for r in results if "=" in r["identity"] and "adds up" not in r["identity"]]


def test_equal_cells_hold_and_different_ones_do_not(figures, tmp_path):
    ok = FakeChapter("demo", ((("demo-a", "Total", "n"), ("demo-b", "Total", "n")),))
    assert [r["holds"] for r in declared(check_identities([ok], figures))] == [True]
    (figures / "demo-b.csv").write_text("group,n\nx,6\ny,2\nTotal,8\n")
    (bad,) = declared(check_identities([ok], figures))
    assert not bad["holds"] and bad["detail"] == "values 7, 8"


def test_an_optional_table_not_published_this_edition_is_not_checked(figures):
    chapter = FakeChapter("demo", ((("demo-a", "Total", "n"), ("demo-optional", "Total", "n")),))
    assert declared(check_identities([chapter], figures)) == []


def test_an_unknown_export_id_fails(figures):
    chapter = FakeChapter("demo", ((("demo-a", "Total", "n"), ("demo-typo", "Total", "n")),))
    (r,) = declared(check_identities([chapter], figures))
    assert not r["holds"] and r["detail"] == "chapter 'demo' publishes no table 'demo-typo'"


def test_an_unknown_column_fails(figures):
    chapter = FakeChapter("demo", ((("demo-a", "Total", "n"), ("demo-b", "Total", "count")),))
    (r,) = declared(check_identities([chapter], figures))
    assert not r["holds"] and r["detail"] == "table 'demo-b' has no column 'count'"


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c.hooks.IDENTITIES], ids=lambda c: c.slug)
def test_every_declared_identity_names_tables_its_chapter_publishes(chapter):
    ids = publishable_ids(chapter)
    for group in chapter.hooks.IDENTITIES:
        for export_id, _, _ in group:
            assert export_id in ids, (chapter.slug, export_id)
