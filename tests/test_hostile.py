"""Hostile and careless input (issue 15): each finding reproduced, and shown refused or harmless.

Unit-level here; the whole hostile edition (every free-text field carrying the payloads, built once
per session) is checked in test_hostile_build.py and, in a real browser, in test_browser.py."""
from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from conftest import MISSING_SECTION, ROOT
from panelbook import escape
from panelbook.errors import DataError, ParamsError

SAMPLE = ROOT / "data" / "sample"


# -- finding 7: a symlinked params file -------------------------------------------------------------
def test_symlinked_params_resolve_against_the_real_file(tmp_path):
    """validate, the cache key, the register and the notebooks all read the target's data_dir."""
    from panelbook import cache, runner
    from panelbook.chapters import chapters_in
    from panelbook.params import load_edition

    real = tmp_path / "real"
    shutil.copytree(SAMPLE, real / "data", ignore=shutil.ignore_patterns("survey*", "foster*", "qa_*", "iro*",
                                                                          "actions*", "complaints*", "advocacy*"))
    (real / "edition.yaml").write_text(f"title: T\nlocal_authority: L\ndata_dir: data\n{MISSING_SECTION}")
    links = tmp_path / "links"
    shutil.copytree(real / "data", links / "data")  # a decoy beside the link: it must not be read
    (links / "data" / "children.csv").write_text("child_id,dob\n")
    (links / "edition.yaml").symlink_to(real / "edition.yaml")
    edition = load_edition(links / "edition.yaml")
    assert edition.data_dir == (real / "data").resolve()
    chapter = chapters_in(edition)[0]
    parts = cache.key_parts(chapter, edition, runner.source_notebook(chapter))
    assert parts["data children.csv"] == cache.sha256_file(real / "data" / "children.csv")


# -- finding 5: formula injection in CSV, tidy and XLSX ---------------------------------------------
FORMULAS = ['=HYPERLINK("http://example.invalid","click")', "+1+1", "-2+3", "@SUM(1)", "\tx", "\rx"]


def test_exported_csv_neutralises_formulas_and_xlsx_holds_strings(tmp_path):
    import openpyxl

    from panelbook.exports import write_csv
    from panelbook.spreadsheets import read_table, table_workbook
    from test_spreadsheets import ABOUT

    df = pd.DataFrame({"label": FORMULAS + ["Total"], "n": list(range(len(FORMULAS))) + [-3]})
    write_csv(df, tmp_path / "t.csv")
    import csv

    with open(tmp_path / "t.csv", newline="", encoding="utf-8") as fh:
        back = list(csv.reader(fh))[1:]
    assert [r[0] for r in back] == ["'" + v.replace("\r", "\n") for v in FORMULAS] + ["Total"]
    assert back[-1][1] == "-3"  # numbers are left alone
    item = {"id": "t", "caption": "=1+1", "columns": ["label", "n"], "headers": {"label": "=cmd|' /C calc'!A0"},
            "source": "@source"}
    table_workbook(read_table(tmp_path, item), ABOUT, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    ws = wb["t"]
    top = int(ws.tables["table_t"].ref.split(":")[0][1:])  # the header row
    assert ws["A1"].value == "=1+1" and ws.cell(top, 1).value == "=cmd|' /C calc'!A0"
    assert ws.cell(top + 1, 1).value == FORMULAS[0] and ws.cell(top + 1, 1).data_type == "s"
    with zipfile.ZipFile(tmp_path / "t.xlsx") as z:
        assert not [n for n in z.namelist() if n.startswith("xl/worksheets/") and "<f>" in z.read(n).decode()]


# -- finding 10 and the control-character rule -------------------------------------------------------
def test_control_character_in_a_text_cell_is_refused_with_file_row_column(tmp_path):
    from panelbook.chapters.actions import analysis as actions

    data = tmp_path / "data"
    data.mkdir()
    rows = (SAMPLE / "actions.csv").read_text(encoding="utf-8").splitlines()
    head = rows[0].split(",")
    cells = rows[3].split(",")
    cells[head.index("theme")] = "Vertical\x0btab"
    rows[3] = ",".join(cells)
    (data / "actions.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    spec = next(s for s in actions.INPUTS if s.name == "actions.csv")
    from panelbook.io import read_input

    with pytest.raises(DataError) as err:
        read_input(data, spec)
    [p] = [p for p in err.value.problems if "control character" in p.rule]
    assert (p.file, p.row, p.column) == ("actions.csv", 4, "theme")
    assert "U+000B" in p.rule and p.value == "Vertical<U+000B>tab"


def test_control_character_in_params_is_refused_naming_the_key(tmp_path):
    from panelbook.params import load_edition

    (tmp_path / "e.yaml").write_text(f'title: "Panel\\x0b"\nlocal_authority: L\ndata_dir: {SAMPLE}\n{MISSING_SECTION}')
    with pytest.raises(ParamsError, match=r"key 'title': contains a control character \(U\+000B\)"):
        load_edition(tmp_path / "e.yaml")


# -- findings 1 and 2: what reaches a MyST page or an inline script -------------------------------------
def _render(source: str) -> str:
    from test_escape import _body, _render_myst

    return _body(_render_myst(source))


PAYLOAD = ("How I feel about where I live\n\n```{literalinclude} /etc/hostname\n```\n\n```{raw} html\n<img src=x>\n```\n"
           "</script><img src=x onerror=alert(1)> **b** {download}`/etc/hostname`")


def test_figures_page_keeps_a_hostile_title_one_link(tmp_path):
    """Finding 1: the title's blank line ended the HTML block and MyST ran the rest as a directive."""
    from panelbook.pages import figures_page

    register = {"figures": [{"id": escape.slug("survey-a/b"), "kind": "chart", "title": PAYLOAD, "number": "Figure 1.1",
                             "page": "chapters/surveys.html#x", "files": ["x.svg"], "cite": '"><img src=x>'}]}
    out = _render(figures_page(register))
    assert "<img" not in out and "<strong>" not in out and "<pre" not in out  # no Markdown was parsed
    from test_escape import _Collect

    text = _Collect()
    text.feed(out)
    assert PAYLOAD in "".join(text.text)  # shown exactly as written, line breaks and all


def test_reconciliation_tables_keep_hostile_cells_text():
    """The reconciliation page's tables are raw HTML (one node for Sphinx): a published row label or
    value with blank lines, directives or tags stays one cell of text."""
    from panelbook.pages import _html_table

    table = pd.DataFrame({"table_id": ["t"], "row": [PAYLOAD], "column": ["n"], "published": [PAYLOAD], "agrees": ["no"]})
    out = _render("# Reconciliation\n\n" + _html_table(table, strong={"agrees": "no"}))
    assert "<img" not in out and "<pre" not in out and out.count("<table") == 1
    assert "<td><strong>no</strong></td>" in out
    from test_escape import _Collect

    text = _Collect()
    text.feed(out)
    assert "".join(text.text).count(PAYLOAD) == 2


def test_chart_alt_text_cannot_close_the_inline_script():
    """Finding 2a: json.dumps left `</script>` in the script that sets the chart's aria-label."""
    from panelbook.charts import embed_html

    block = embed_html("survey-chart-x", {"data": {"values": [{"a": PAYLOAD}]}}, "<svg></svg>", PAYLOAD, PAYLOAD,
                       PAYLOAD, "")
    scripts = block.split("<script")[1:]
    for s in scripts:
        body = s.split(">", 1)[1].split("</script>", 1)[0]
        assert "<" not in body.replace("<\\/", ""), body[:200]
    assert block.count("</script>") == 2


def test_intro_movement_sentence_escapes_message_text(tmp_path):
    """Finding 2d: the intro's movement sentence (now the key messages') went into the intro as raw Markdown."""
    from panelbook import messages as km
    from panelbook.book import key_messages_paragraph

    class Chapter:
        slug = "a"

    label = '<img src=x onerror=alert(1)> **T** {download}`/etc/hostname`'
    km.write_chapter([km.KeyMessage("a", "m", label, "3")], "a", tmp_path)
    km.write_exports(tmp_path, [Chapter()])
    out = _render(key_messages_paragraph(tmp_path))
    assert "<img" not in out and "download" in out and "&lt;img" in out and "<strong>" not in out


def test_params_title_is_text_in_the_sidebar_config(tmp_path):
    """Finding 2e: the theme prints the config title unescaped; it is written escaped."""
    import yaml

    from panelbook.book import stage_sources
    from panelbook.chapters import chapters_in
    from panelbook.params import load_edition

    (tmp_path / "e.yaml").write_text(f"title: '<img src=x onerror=alert(1)>'\nlocal_authority: L\ndata_dir: {SAMPLE}\n"
                                     f"{MISSING_SECTION}")
    edition = load_edition(tmp_path / "e.yaml")
    stage_sources(tmp_path / "stage", edition, chapters_in(edition))
    config = yaml.safe_load((tmp_path / "stage" / "_config.yml").read_text())
    assert config["title"] == "<img src=x onerror=alert(1)>"  # text, which Sphinx escapes in <title>
    logo = (tmp_path / "stage" / "book" / "_templates" / "navbar-logo.html").read_text()
    assert "docstitle|e" in logo and "(docstitle|e)" in logo  # the theme printed it raw (the hostile build shows it)
    search = (tmp_path / "stage" / "book" / "_templates" / "search.html").read_text()
    assert "(title or docstitle)|e" in search
    intro = (tmp_path / "stage" / "book" / "intro.md").read_text()
    assert "<img" not in _render(intro)


def test_survey_title_and_ids_are_escaped_and_slugged(tmp_path):
    """Findings 2b, 2c, 10: survey ids reach ids, hrefs and JS only as slugs; survey_title only as text."""
    from panelbook.publish import prose

    md = prose("**{title}**", title="```{literalinclude} /etc/hostname\n```")
    assert "<pre" not in _render(md.data) and "literalinclude" in _render(md.data)
    sid = escape.slug("survey-a/b\"'><script>-q")
    assert escape._SLUG_SAFE.fullmatch(sid)
