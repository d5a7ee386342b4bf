"""Identities between tables: checked from the exports, and a declaration naming a table or column
that does not exist fails instead of being skipped."""
from __future__ import annotations

import json
from dataclasses import dataclass

import nbformat
import pytest

from panelbook.chapters import CHAPTERS, Catalogue, Hooks
from panelbook.reconcile import check_identities, publishable_ids


@dataclass
class FakeChapter:
    slug: str
    identities: tuple
    catalogue = Catalogue()

    @property
    def hooks(self):
        return Hooks(IDENTITIES=self.identities)

    notebook = None  # its page: set by the fixture


@pytest.fixture
def figures(tmp_path, monkeypatch):
    """Two published tables, and the notebook of chapter 'demo' that can also publish 'demo-optional'."""
    fig = tmp_path / "figures"
    fig.mkdir()
    for export_id, total in (("demo-a", 7), ("demo-b", 7)):
        (fig / f"{export_id}.csv").write_text(f"group,n\nx,{total - 2}\ny,2\nTotal,{total}\n")
        (fig / f"{export_id}.json").write_text(json.dumps({"id": export_id, "kind": "table", "chapter": "demo",
                                                           "shape": {"counts": ["n"], "total_row": True}}))
    page = tmp_path / "demo" / "page.ipynb"
    page.parent.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'ctx.table(a, "demo-a", "A")\nctx.table(b, "demo-b", "B")\nif extra:\n    ctx.table(c, "demo-optional", "C")')])
    nbformat.write(nb, str(page))
    monkeypatch.setattr(FakeChapter, "notebook", page)
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


# -- published figures against this edition's tables -------------------------------------------------
def _published(*rows):
    import pandas as pd

    return pd.DataFrame([{"table_id": t, "row": r, "column": c, "value": v, "source": "paper"} for t, r, c, v in rows])


def test_a_row_label_is_found_in_a_later_label_column_and_the_first_column_wins():
    """A paper names a theme, which the table holds after its plan (the 40 theme-level RAG counts the
    Reconciliation page once listed as differing, with no value)."""
    import pandas as pd

    from panelbook.reconcile import compare, label_columns

    themes = pd.DataFrame({"plan": ["Plan A", "Plan A", "Plan B", "Total"], "theme": ["Theme 1", "Plan B", "Theme 2", ""],
                           "red": ["2", "1", "0", "3"]})
    assert label_columns(themes) == ["plan", "theme"]
    result = compare(_published(("t", "Theme 1", "red", "2"), ("t", "Theme 2", "red", "1"), ("t", "Plan B", "red", "0"),
                                ("t", "Total", "red", "3"), ("t", "Theme 9", "red", "1"), ("t", "Theme 1", "blue", "1"),
                                ("u", "Theme 1", "red", "2")), {"t": themes})
    assert result["computed"].tolist() == ["2", "0", "0", "3", "", "", ""]  # 'Plan B' is the plan's row, not the theme's
    assert result["result"].tolist() == ["agrees", "differs", "agrees", "agrees", "no such row", "no such column",
                                         "no such table"]


@pytest.mark.slow
def test_the_reconciliation_page_counts_each_chapter_as_its_own_note(sample_build):
    """Each chapter's 'N of M published figures agree' equals its row on the Reconciliation page, and the
    page's full log (a CSV it links) holds the same counts."""
    import html
    import re

    import pandas as pd

    page = html.unescape((sample_build / "html" / "reconciliation.html").read_text(encoding="utf-8"))
    summary = pd.read_html(__import__("io").StringIO(page))[0].set_index("Chapter")
    register = json.loads((sample_build / "figures" / "register.json").read_text(encoding="utf-8"))
    log = pd.read_csv(sample_build / "figures" / "reconciliation" / "published-figures.csv", dtype=str,
                      keep_default_na=False)
    noted = 0
    for chapter in register["chapters"]:
        text = html.unescape((sample_build / "html" / "chapters" / f"{chapter['slug']}.html").read_text(encoding="utf-8"))
        (agree, of), = [tuple(map(int, m)) for m in re.findall(r"(\d+) of (\d+) published figures agree", text)]
        row = summary.loc[chapter["title"]]
        assert (row["Agree"], row["Published figures compared"], row["Differ"]) == (agree, of, of - agree), chapter
        printed = log[(log["chapter"] == chapter["slug"]) & (log["result"] != "not printed")]
        assert (len(printed), int((printed["result"] == "agrees").sum())) == (of, agree)
        noted += of
    assert noted > 800 and summary.loc["Improvement-plan progress", "Differ"] == 0
    assert 'href="figures/reconciliation/published-figures.csv"' in (sample_build / "html" / "reconciliation.html").read_text()
    differ = pd.read_html(__import__("io").StringIO(page))[1]
    assert len(differ) == summary.loc["Total", "Differ"] and "" not in differ["This edition"].tolist()
