"""Each built-in chapter is whole in one folder with one name, loaded like a local chapter; an earlier
edition's files that name the missing chapter by its old slug (`missing-uasc`) still build."""
from __future__ import annotations

import json
from dataclasses import dataclass

from conftest import ROOT
from panelbook import messages as km
from panelbook.chapters import CHAPTERS, HERE, chapter_by_slug, load_chapter, slug_of
from panelbook.earlier import load
from panelbook.messages import Cite, KeyMessage

FOLDER = ("__init__.py", "chapter.yaml", "analysis.py", "labels.yaml", "page.ipynb", "sample.py")


def test_each_built_in_chapter_is_one_folder_with_one_name():
    assert [c.slug for c in CHAPTERS] == ["missing", "surveys", "complaints", "recruitment", "audits", "actions"]
    for c in CHAPTERS:
        assert c.folder == HERE / c.slug and c.section == c.slug
        assert sorted(p.name for p in c.folder.iterdir() if p.name in FOLDER) == sorted(FOLDER), c.slug
        assert c.page == c.folder / "page.ipynb" and c.notebook == c.page and c.labels_file == c.folder / "labels.yaml"
        assert c.analysis_module == f"panelbook.chapters.{c.slug}.analysis"
        assert c.analysis().__file__ == str(c.folder / "analysis.py")
        same = load_chapter(c.folder, local=False)  # the one path a local chapter takes too
        assert (same.slug, same.page, same.analysis_module, same.inputs) == (c.slug, c.page, c.analysis_module, c.inputs)
    assert not (ROOT / "notebooks").exists() and not (ROOT / "src" / "panelbook" / "analysis").exists()


def test_the_old_slug_of_the_missing_chapter_is_read_as_its_name(tmp_path):
    assert chapter_by_slug("missing-uasc") is chapter_by_slug("missing")
    assert slug_of("missing-uasc") == "missing" and slug_of("surveys") == "surveys"
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "papers.yaml").write_text("chapters:\n  missing-uasc:\n    intro: An earlier edition's intro.\n"
                                        "  surveys:\n    remarks: Its remark.\n")
    earlier = load([folder])
    assert earlier.intros == {"missing": ["An earlier edition's intro."]} and earlier.remarks == {"surveys": ["Its remark."]}


def test_a_previous_edition_built_under_the_old_slug_is_compared(tmp_path):
    @dataclass
    class Ch:
        slug: str

    previous = tmp_path / "q1"
    previous.mkdir()
    (previous / "register.json").write_text(json.dumps({"title": "Q1", "parameters": {"edition_name": "Q1"}}))
    cite = Cite("missing-by-age", {"age_group": "Total"}, "total")
    old = KeyMessage(chapter="missing-uasc", measure="children", label="children missing", value="40", unit="", cite=cite)
    km.write_chapter([old], "missing-uasc", previous)
    km.write_exports(previous, [Ch("missing-uasc")])
    now = KeyMessage(chapter="missing", measure="children", label="children missing", value="52", unit="", cite=cite)
    (compared,) = km.with_previous([now], previous, "Q2")
    assert compared.comparison_previous and compared.by_edition == (("Q1", "40"), ("Q2", "52"))
