"""Comparing two editions' exported figures: `panelbook diff` and the "Since the last edition" page."""
import json
import math
import shutil

import pandas as pd
import pytest

from conftest import run_cli
from panelbook.diff import (compare_figures, format_rel, largest_movements, movement_sentence, row_keys,
                            since_last_edition_markdown)
from panelbook.errors import PanelbookError


def write_table(folder, fid, rows, columns, counts=None, title=None, headers=None):
    """A table export as publish.py writes it: <id>.csv and its <id>.json sidecar."""
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=columns).to_csv(folder / f"{fid}.csv", index=False, lineterminator="\n")
    meta = {"id": fid, "kind": "table", "title": title or fid.replace("-", " ").capitalize(),
            "headers": headers or {c: c for c in columns}, "files": [f"{fid}.csv"]}
    if counts is not None:
        meta["shape"] = {"counts": counts, "row_sums": {}, "total_row": True, "derived": {}}
    (folder / f"{fid}.json").write_text(json.dumps(meta))


def edition(folder, *, afghan=(13, 6), extra_figure=True, chart=True, title="Edition A"):
    """A small hand-made figures folder: two tables, a chart and a register."""
    f, s = afghan
    write_table(folder, "missing-by-nationality",
                [["Afghanistani", f, s, f + s], ["Moroccan", 4, 2, 6], ["Total", f + 4, s + 2, f + s + 6]],
                ["nationality", "found", "still_missing", "total"], counts=["found", "still_missing", "total"],
                title="Children who went missing, by nationality",
                headers={"nationality": "Nationality", "found": "Found", "still_missing": "Still missing",
                         "total": "Total"})
    if extra_figure:
        write_table(folder, "complaints-by-service", [["UASC", 12, 52.2], ["Total", 23, 100.0]],
                    ["service", "complaints", "share_pct"], counts=["complaints"])
    if chart:
        (folder / "missing-chart.json").write_text(json.dumps({"id": "missing-chart", "kind": "chart"}))
        (folder / "missing-chart.svg").write_text("<svg/>")
    (folder / "register.json").write_text(json.dumps({"title": title, "figures": []}))
    return folder


def test_identical_editions_have_no_differences(tmp_path):
    a = edition(tmp_path / "a")
    b = tmp_path / "b"
    shutil.copytree(a, b)
    diff = compare_figures(a, b)
    assert diff.empty
    assert list(diff.columns)[:5] == ["change", "id", "title", "row", "column"]
    proc = run_cli("diff", a, b)
    assert proc.returncode == 0 and "No differences" in proc.stdout


def test_changed_cells_and_a_dropped_figure(tmp_path):
    a = edition(tmp_path / "a")
    b = edition(tmp_path / "b", afghan=(20, 6), extra_figure=False, chart=False)
    diff = compare_figures(a, b)
    changed = diff[diff["change"] == "changed"].set_index(["row", "column"])
    assert set(changed.index) == {("Afghanistani", "found"), ("Afghanistani", "total"),
                                  ("Total", "found"), ("Total", "total")}
    cell = changed.loc[("Afghanistani", "found")]
    assert (cell["id"], cell["old"], cell["new"], cell["abs_change"]) == ("missing-by-nationality", "13", "20", 7)
    assert math.isclose(cell["rel_change"], 7 / 13)
    assert bool(cell["is_count"])
    dropped = diff[diff["change"] == "dropped_figure"]
    assert dropped["id"].tolist() == ["complaints-by-service"]  # the chart's removal is not a table change
    assert "missing-chart" not in set(diff["id"])


def test_new_figure_rows_text_and_suppressed_cells(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_table(a, "t", [["x", "5", "good"], ["y", "0", "ok"], ["z", "c", "ok"]], ["k", "n", "word"], counts=["n"])
    write_table(b, "t", [["x", "5.0", "better"], ["y", "3", "ok"], ["w", "1", "ok"]], ["k", "n", "word"], counts=["n"])
    write_table(b, "u", [["Total", 1]], ["k", "n"])
    diff = compare_figures(a, b)
    kinds = dict(zip(zip(diff["change"], diff["id"], diff["row"].fillna(""), diff["column"].fillna("")),
                     diff[["old", "new", "abs_change", "rel_change"]].itertuples(index=False)))
    assert ("changed", "t", "x", "n") not in kinds  # 5 == 5.0
    assert kinds[("changed", "t", "x", "word")] == ("good", "better", None, None)
    assert kinds[("changed", "t", "y", "n")] == ("0", "3", 3, None)  # old 0: no relative change
    assert ("added_row", "t", "w", "") in kinds and ("dropped_row", "t", "z", "") in kinds
    assert ("new_figure", "u", "", "") in kinds


def test_suppressed_cell_compares_as_text(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_table(a, "t", [["x", "c"]], ["k", "n"], counts=["n"])
    write_table(b, "t", [["x", "7"]], ["k", "n"], counts=["n"])
    row = compare_figures(a, b).iloc[0]
    got = (row["change"], row["old"], row["new"], row["abs_change"], row["rel_change"])
    assert got == ("changed", "c", "7", None, None)


def test_row_keys_extend_with_text_columns_only():
    old = pd.DataFrame({"survey": ["s", "s"], "question": ["a", "b"], "n": ["1", "2"]})
    new = pd.DataFrame({"survey": ["s", "s"], "question": ["a", "b"], "n": ["1", "3"]})
    assert row_keys(old, new) == (["s / a", "s / b"], ["s / a", "s / b"], 2)
    dup = pd.DataFrame({"k": ["x", "x"], "n": ["1", "2"]})
    assert row_keys(dup, dup) == (["x", "x #2"], ["x", "x #2"], 1)


def test_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(PanelbookError, match="not found"):
        compare_figures(tmp_path / "nope", tmp_path)
    proc = run_cli("diff", tmp_path / "nope", tmp_path, check=False)
    assert proc.returncode == 2


def test_largest_movements_ignore_totals_small_bases_and_rates(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_table(a, "t", [["big", 100, 50.0, 40], ["mid", 20, 10.0, 10], ["tiny", 2, 1.0, 2], ["Total", 122, 61.0, 52]],
                ["k", "n", "pct", "compare_n"], counts=["n", "compare_n"])
    write_table(b, "t", [["big", 110, 80.0, 90], ["mid", 30, 10.0, 10], ["tiny", 8, 1.0, 2], ["Total", 148, 91.0, 102]],
                ["k", "n", "pct", "compare_n"], counts=["n", "compare_n"])
    diff = compare_figures(a, b)
    top = largest_movements(diff, n=3)
    # mid +50% then big +10%; not tiny (base 2), Total, the pct column, or the comparison period's column
    assert list(zip(top["row"], top["column"])) == [("mid", "n"), ("big", "n")]
    assert largest_movements(diff, n=1)["row"].tolist() == ["mid"]
    assert largest_movements(diff.iloc[0:0]).empty


def test_movement_sentence(tmp_path):
    a = edition(tmp_path / "a", title="Corporate Parenting Panel, 10 April 2014")
    b = edition(tmp_path / "b", afghan=(26, 3))
    diff = compare_figures(a, b)
    top = largest_movements(diff)
    assert len(top) == 2  # Afghanistani found 13 -> 26 (+100%), total 19 -> 29 (+53%); still missing base 6 < 10
    sentence = movement_sentence(top, "Corporate Parenting Panel, 10 April 2014")
    assert sentence == (
        "Since the last edition (Corporate Parenting Panel, 10 April 2014), the two largest movements were: "
        "Children who went missing, by nationality (Afghanistani, Found) up 100%, from 13 to 26; and "
        "Children who went missing, by nationality (Afghanistani, Total) up 53%, from 19 to 29.")
    one = movement_sentence(top.iloc[:1])
    assert one.startswith("Since the last edition, the largest movement was: ") and one.endswith("from 13 to 26.")
    assert movement_sentence(top.iloc[0:0]) == "Since the last edition, no count with a base of at least 10 moved."


def test_format_rel_rounds_half_up():
    assert format_rel(0.125) == "+13%"
    assert format_rel(-0.5) == "-50%"
    assert format_rel(0.004) == "+0.4%"
    assert format_rel(None) == ""


def test_since_last_edition_page(tmp_path):
    a = edition(tmp_path / "a", title="Edition A")
    b = edition(tmp_path / "b", afghan=(20, 6), extra_figure=False)
    write_table(b, "new-one", [["x|y", 1]], ["k", "n"], title="A new $table")
    page = since_last_edition_markdown(a, b)
    assert page.startswith("# Since the last edition\n")
    assert "## Children who went missing, by nationality (`missing-by-nationality`)" in page
    assert "| Afghanistani | Found | 13 | 20 | +7 | +54% |" in page
    assert "## New figures\n\n- A new \\$table (`new-one`)" in page
    assert "## Figures no longer produced\n\n- Complaints by service (`complaints-by-service`)" in page
    assert "previous edition (Edition A)" in page


def test_cli_table_and_csv(tmp_path):
    a = edition(tmp_path / "a")
    b = edition(tmp_path / "b", afghan=(20, 6), extra_figure=False)
    table = run_cli("diff", a, b).stdout
    assert "missing-by-nationality" in table and "dropped_figure" in table and "+54%" in table
    assert "4 changed, 1 dropped figure" in table
    csv = run_cli("diff", a, b, "--csv").stdout
    from io import StringIO

    back = pd.read_csv(StringIO(csv), dtype=str, keep_default_na=False)
    assert list(back.columns) == ["change", "id", "row", "column", "old", "new", "abs_change", "rel_change", "is_count"]
    assert len(back) == 5


@pytest.mark.slow
def test_sample_build_compared_with_itself(figures, tmp_path):
    """The real exports: every table is read (charts and register.json skipped) and nothing differs."""
    from panelbook.diff import read_figures

    tables = read_figures(figures)
    assert "missing-by-nationality" in tables and "register" not in tables
    assert all(t["meta"].get("kind", "table") == "table" for t in tables.values())
    assert compare_figures(figures, figures).empty
    assert "No figure changed." in since_last_edition_markdown(figures, figures)


def test_significance_of_survey_and_audit_movements(tmp_path):
    """Survey distributions and audit proportions are tested between editions, as the chapters test them."""
    import json

    from panelbook import stats
    from panelbook.diff import significance

    def folder(name, survey_counts, audit):
        d = tmp_path / name
        d.mkdir()
        rows = ["answer,compare_n,compare_pct,period_n,period_pct,change_pp"]
        rows += [f"{a},,,{n},," for a, n in survey_counts.items()] + [f"Total,,,{sum(survey_counts.values())},,"]
        (d / "survey-s-q.csv").write_text("\n".join(rows) + "\n")
        (d / "audit-x.csv").write_text("month,audited,adequate_or_better,pct\n" +
                                       "".join(f"{m},{a},{k},\n" for m, (a, k) in audit.items()))
        for fid in ("survey-s-q", "audit-x"):
            (d / f"{fid}.json").write_text(json.dumps({"id": fid, "kind": "table", "title": fid, "order": 1}))
        return d

    old = folder("old", {"Yes": 40, "No": 10}, {"Total": (100, 80)})
    new = folder("new", {"Yes": 20, "No": 30}, {"Total": (100, 95)})
    sig = significance(old, new).set_index("id")
    assert sig.at["survey-s-q", "p_value"] == pytest.approx(stats.compare_counts([[40, 10], [20, 30]]).p_value)
    assert sig.at["survey-s-q", "verdict"] == stats.REAL
    assert sig.at["audit-x", "previous"] == "80/100" and sig.at["audit-x", "now"] == "95/100"
    assert sig.at["audit-x", "p_value"] == pytest.approx(stats.compare_counts([[80, 20], [95, 5]]).p_value)
