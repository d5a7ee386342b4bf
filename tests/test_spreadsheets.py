"""The published spreadsheets follow the Analysis Function's "Releasing statistics in spreadsheets"
guidance: a cover, a contents sheet with links, a notes sheet, one named table per sheet from column A
with no blank row above its header, number formats, sheet names from export ids; text stays text."""
from __future__ import annotations

import json
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

from panelbook.spreadsheets import META_SHEETS, About, read_table, sheet_names, table_workbook

ABOUT = About(book_title="Panel report book", edition="June 2018", publisher="Borsetshire County Council",
              disclosure="Counts from 1 to 4 are withheld and shown as “c”.", contact="bi@example.invalid",
              suppresses=True)
HOSTILE = ["[link](javascript:alert(1))", "$$note$$ text", "-", "http://example.invalid", "=SUM(1)"]


def _table(tmp_path, rows: dict, item: dict | None = None) -> dict:
    pd.DataFrame(rows).to_csv(tmp_path / "demo-table.csv", index=False)
    return {"id": "demo-table", "caption": "Table 1.1: Demo", "columns": list(rows), "source": "Source: demo.csv",
            "headers": {c: c.replace("_", " ").capitalize() for c in rows}, "cite": "Cite me", **(item or {})}


def _layout_problems(wb) -> list[str]:
    """What breaks the guidance: a missing meta sheet, a table sheet without exactly one named table, a
    table not from column A, a blank cell in column A above a header, a blank row inside a table."""
    problems = [f"no {name} sheet" for name in META_SHEETS if name not in wb.sheetnames]
    for ws in wb:
        if ws.title == "Cover":
            continue
        if len(ws.tables) != 1:
            problems.append(f"{ws.title}: {len(ws.tables)} named tables")
            continue
        (ref,) = ws.tables.values()
        first, last = ref.ref.split(":")
        top, bottom = int(re.sub(r"\D", "", first)), int(re.sub(r"\D", "", last))
        if not first.startswith("A"):
            problems.append(f"{ws.title}: table at {ref.ref}")
        problems += [f"{ws.title}: blank A{r} above the table" for r in range(1, top) if ws.cell(r, 1).value in (None, "")]
        problems += [f"{ws.title}: blank row {r}" for r in range(top, bottom + 1)
                     if all(c.value in (None, "") for c in ws[r])]
    return problems


def test_a_table_workbook_has_cover_contents_notes_and_a_named_table(tmp_path):
    item = _table(tmp_path, {"group": ["North", "South", "Total"], "children": [1454, "c", 1460],
                             "share_pct": [99.6, "c", 100.0], "year": [2013, 2013, ""]},
                  {"note": "South is withheld."})
    table_workbook(read_table(tmp_path, item), ABOUT, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames == ["Cover", "Contents", "Notes", "demo-table"]
    assert _layout_problems(wb) == []
    cover = [c.value for c in wb["Cover"]["A"] if c.value]
    assert cover[0] == "Table 1.1: Demo"
    for text in ("Edition: June 2018", "Published by: Borsetshire County Council", "Source: demo.csv",
                 "Small numbers: Counts from 1 to 4", "How to cite: Cite me", "bi@example.invalid"):
        assert any(line.startswith(text) for line in cover), text
    contents = wb["Contents"]
    links = {c.value: c.hyperlink.location for c in contents["A"] if c.hyperlink}
    assert links == {"Notes": "'Notes'!A1", "demo-table": "'demo-table'!A1"}
    ws = wb["demo-table"]
    assert ws["A1"].value == "Table 1.1: Demo [note 3]"  # its own note, after the symbols' notes
    top = int(ws.tables["table_demo_table"].ref.split(":")[0][1:])
    assert [c.value for c in ws[top]] == ["Group", "Children", "Share pct", "Year"]
    north, south, total = ws[top + 1], ws[top + 2], ws[top + 3]
    assert (north[1].value, north[1].number_format, north[1].alignment.horizontal) == (1454, "#,##0", "right")
    assert (north[2].value, north[2].number_format) == (99.6, "#,##0.0")
    assert (north[3].value, north[3].number_format) == (2013, "0")  # a year: no thousands separator
    assert (south[1].value, south[1].data_type, total[3].value) == ("c", "s", "z")
    legend = [ws.cell(r, 1).value for r in range(2, top)]
    assert "c = withheld (small numbers) [note 1]" in legend and "z = not applicable [note 2]" in legend
    notes = {r[0].value: r[1].value for r in wb["Notes"].iter_rows(min_row=4) if r[0].value}
    assert notes["[note 1]"].startswith("Small numbers: Counts from 1 to 4") and '"c"' in notes["[note 1]"]
    assert '"z"' in notes["[note 2]"] and notes["[note 3]"] == "Table 1.1: Demo: South is withheld."


def test_text_stays_text_and_the_bytes_repeat(tmp_path):
    """Data text is never a formula, a link or a note reference; a label or reference that looks like a
    number keeps its text ('8.20'); a cell of punctuation alone is written as it is."""
    item = _table(tmp_path, {"ref": ["8.20", "8.3", "9", "1", "2"], "text": HOSTILE, "n": [1, 2, 3, 4, 5]},
                  {"caption": "Table 1.1: [x](javascript:alert(1)) $$n$$", "headers": {"text": "$$h$$", "n": "N"}})
    table_workbook(read_table(tmp_path, item), ABOUT, tmp_path / "a.xlsx")
    table_workbook(read_table(tmp_path, item), ABOUT, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    ws = wb["demo-table"]
    top = int(ws.tables["table_demo_table"].ref.split(":")[0][1:])
    rows = list(ws.iter_rows(min_row=top + 1, values_only=True))
    assert [r[0] for r in rows] == ["8.20", "8.3", "9", "1", "2"] and [r[1] for r in rows] == HOSTILE
    assert ws["A1"].value == "Table 1.1: [x](javascript:alert(1)) $$n$$"
    assert wb["Contents"]["B5"].value == ws["A1"].value and ws.cell(top, 2).value == "$\u200b$h$\u200b$"
    cells = [c for s in wb for row in s.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.coordinate for s in wb if s.title != "Contents" for row in s.iter_rows() for c in row if c.hyperlink]
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert "2000-01-01T00:00:00Z" in z.read("docProps/core.xml").decode()
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_sheet_names_are_valid_unique_and_stable():
    ids = ["survey-consultation_booklet-where_i_live", "survey-consultation_booklet-where_i_live_2",
           "notes", "Contents", "a" * 40, "a" * 40 + "b"]
    names = sheet_names(ids)
    assert names == sheet_names(ids) and all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names} | {m.lower() for m in META_SHEETS}) == len(names) + len(META_SHEETS)
    assert names[0] == ids[0][:31] and names[1] == ids[1][:29] + "-2" and names[2] == "notes-2"


def _figures_problems(figures) -> dict[str, list[str]]:
    register = json.loads((figures / "register.json").read_text(encoding="utf-8"))
    tables = [f["id"] for f in register["figures"] if f["kind"] == "table"]
    out = {}
    for name in [f"{t}.xlsx" for t in tables] + ["all-tables.xlsx"]:
        wb = openpyxl.load_workbook(figures / name)
        expected = 3 + (len(tables) if name == "all-tables.xlsx" else 1)
        out[name] = _layout_problems(wb) + ([f"{len(wb.sheetnames)} sheets"] if len(wb.sheetnames) != expected else [])
    return {k: v for k, v in out.items() if v}


@pytest.mark.slow
def test_every_published_workbook_follows_the_layout(figures):
    register = json.loads((figures / "register.json").read_text(encoding="utf-8"))
    tables = [f for f in register["figures"] if f["kind"] == "table"]
    assert len(tables) > 50
    assert _figures_problems(figures) == {}
    wb = openpyxl.load_workbook(figures / "all-tables.xlsx")
    assert wb.sheetnames[3:] == sheet_names([t["id"] for t in tables])
    assert sum(len(ws.tables) for ws in wb) == len(tables) + 2  # each table, the contents and the notes


def test_an_empty_table_is_a_named_table_with_one_row_saying_so(tmp_path):
    """A quarter with no overdue actions publishes an empty table; Excel's table needs a row under its header."""
    pd.DataFrame({"action": [], "due": []}).to_csv(tmp_path / "demo-table.csv", index=False)
    item = {"id": "demo-table", "caption": "Table 6.4: Actions overdue", "columns": ["action", "due"]}
    table_workbook(read_table(tmp_path, item), ABOUT, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert _layout_problems(wb) == []
    ws = wb["demo-table"]
    top = int(ws.tables["table_demo_table"].ref.split(":")[0][1:])
    assert [c.value for c in ws[top + 1]] == ["None in this edition", "z"] and ws.max_row == top + 1
