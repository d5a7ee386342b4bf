"""Every recruitment figure the April 2014 papers printed, from a real build of the sample edition.

Expected values are read from the copies in tests/published/ (never typed here); the labels the
papers used are mapped to export rows and columns below.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import PUBLISHED, ROOT, read_export
from panelbook.chapters.recruitment.analysis import round_half_up

MEASURE = {  # Table 1 row label (start) -> export row
    "Conversion Rate; The number of enquiries": "enquiry_conversion",
    "Conversion Rate: The number of assessments": "assessment_conversion",
    "Attrition Rate": "attrition",
    "Utilization": "utilisation",
    "Vacancy": "vacancy",
}
TABLE1_COLUMN = {"KCC (Apr - Dec 2013)": "local_pct", "National Average": "national_pct"}
CATEGORY = {
    "standard carers": "standard", "challenging carers": "challenging", "16+ carers": "16+",
    "Parent/Child carers": "parent_child", "sibling carers": "sibling", "solo carers": "solo",
    "Permanence carers": "permanence", "short breaks and disability": "short_breaks_disability",
    "sibling households": "sibling", "solo": "solo", "Permanence placements": "permanence",
    "short break": "short_breaks_disability",
}
PID_COLUMN = {"recruited": "achieved", "achieved": "achieved", "target": "target"}


def published(name: str) -> pd.DataFrame:
    return pd.read_csv(PUBLISHED / name, dtype=str, keep_default_na=False)


def cell(figures: Path, export_id: str, row: str, column: str) -> str:
    t = read_export(figures, export_id)
    hit = t[t.iloc[:, 0] == row]
    assert len(hit) == 1, f"{export_id}: no single row {row!r}"
    return hit.iloc[0][column]


def _table1():
    t = published("foster_recruitment_vs_national.csv")
    return [(next(v for k, v in MEASURE.items() if r.row_label.startswith(k)), TABLE1_COLUMN[r.col_label],
             float(r.value_num), int(r.source_line)) for r in t.itertuples()]


@pytest.mark.slow
@pytest.mark.parametrize("measure,column,value,line", _table1())
def test_table1_benchmark(figures, measure, column, value, line):
    got = float(cell(figures, "recruitment-benchmark", measure, column))
    assert round_half_up(got, 0) == value, f"line {line}"  # printed as whole numbers
    assert got == value  # the sample reproduces them exactly, so the 1 dp export agrees too


@pytest.mark.slow
def test_table1_difference_is_local_minus_national(figures):
    t = read_export(figures, "recruitment-benchmark").astype({c: float for c in ("local_pct", "national_pct", "difference_pp")})
    assert list(read_export(figures, "recruitment-benchmark").columns) == ["measure", "local_pct", "national_pct", "difference_pp"]
    assert ((t["local_pct"] - t["national_pct"]).round(1) == t["difference_pp"]).all()
    by = t.set_index("measure")
    assert by.at["utilisation", "local_pct"] + by.at["vacancy", "local_pct"] == 100  # catalogue D.22


def _targets():
    t = published("foster_recruitment_targets_vs_expected.csv")
    return [(CATEGORY[r.row_label], "target" if r.col_label.startswith("target") else "expected", r.value_num,
             int(r.source_line)) for r in t.itertuples()]


@pytest.mark.slow
@pytest.mark.parametrize("category,column,value,line", _targets())
def test_position_statement_targets_and_expected(figures, category, column, value, line):
    assert cell(figures, "recruitment-by-category", category, column) == value, f"line {line}"


def _pid():
    t = published("foster_recruitment_pid_achieved_vs_target.csv")
    return [(CATEGORY[r.row_label], PID_COLUMN[r.col_label], r.value_num, int(r.source_line))
            for r in t.itertuples() if r.row_label in CATEGORY]


@pytest.mark.slow
@pytest.mark.parametrize("category,column,value,line", _pid())
def test_action_plan_achieved_and_targets(figures, category, column, value, line):
    assert cell(figures, "recruitment-by-category", category, column) == value, f"line {line}"


def test_action_plan_rows_not_set_beside_the_data_are_known():
    """The plan's 10% / 35% conversion rates and 'two panels a month' are accounted for below."""
    t = published("foster_recruitment_pid_achieved_vs_target.csv")
    rest = sorted(f"{r.row_label}/{r.col_label}" for r in t.itertuples() if r.row_label not in CATEGORY)
    assert rest == ["Assessment panels/held per month", "all carers/conversion rate application to approval",
                    "all carers/conversion rate enquiry to approval"]


@pytest.mark.slow
def test_action_plan_enquiry_conversion_contradicts_table1(figures):
    """Catalogue D.18: the plan's 10% and Table 1's 13% cannot both hold; the data follow Table 1."""
    t = published("foster_recruitment_pid_achieved_vs_target.csv")
    plan = float(t[t["col_label"] == "conversion rate enquiry to approval"]["value_num"].iloc[0])
    got = float(cell(figures, "recruitment-benchmark", "enquiry_conversion", "local_pct"))
    assert got != plan
    note = pd.read_csv(ROOT / "params" / "published" / "2014-04" / "recruitment.csv", dtype=str)
    listed = note[(note["table_id"] == "recruitment-benchmark") & (note["row"] == "enquiry_conversion")
                  & (note["column"] == "local_pct")]
    assert sorted(listed["value"].astype(float)) == sorted([plan, got])  # both shown by the published note


@pytest.mark.slow
def test_catalogue_totals(figures):
    """Catalogue D.22: targets total 234 and expected 211 (not printed; the sums of the printed figures)."""
    t = published("foster_recruitment_targets_vs_expected.csv")
    target = sum(int(v) for v in t[t["col_label"].str.startswith("target")]["value_num"])
    expected = sum(int(v) for v in t[t["col_label"].str.startswith("expected")]["value_num"])
    assert cell(figures, "recruitment-by-category", "Total", "target") == str(target)
    assert cell(figures, "recruitment-by-category", "Total", "expected") == str(expected)


@pytest.mark.slow
def test_by_category_columns_and_identity(figures):
    t = read_export(figures, "recruitment-by-category")
    assert list(t.columns) == ["category", "target", "achieved", "expected", "expected_minus_target"]
    assert t.iloc[-1]["category"] == "Total"
    body = t.iloc[:-1]
    assert (body["expected"].astype(int) >= body["achieved"].astype(int)).all()
    assert ((body["expected"].astype(int) - body["target"].astype(int)) == body["expected_minus_target"].astype(int)).all()


WORKFORCE = {  # caseloads_and_workforce.csv row label -> (export, row, column)
    "New qualified social workers recruited Sept 2013": ("recruitment-workforce-by-month", "2013-09", "starters"),
    "Vacant IRO posts": ("recruitment-workforce-by-team", "IRO", "vacant_fte"),
}


def _workforce():
    t = published("caseloads_and_workforce.csv")
    t = t[t["row_label"].isin(WORKFORCE) & (t["col_label"].isin(["count", "posts"]))]
    return [(*WORKFORCE[r.row_label], r.value_num, int(r.source_line)) for r in t.itertuples()]


def test_workforce_facts_are_all_found():
    assert len(_workforce()) == len(WORKFORCE)


@pytest.mark.slow
@pytest.mark.parametrize("export_id,row,column,value,line", _workforce())
def test_workforce_facts(figures, export_id, row, column, value, line):
    assert float(cell(figures, export_id, row, column)) == float(value), f"line {line}"


@pytest.mark.slow
def test_edition_published_file_matches_the_copies(figures):
    """params/published/2014-04/recruitment.csv lists what these tests assert (no figure typed twice wrongly)."""
    note = pd.read_csv(ROOT / "params" / "published" / "2014-04" / "recruitment.csv", dtype=str)
    agree = 0
    for r in note.itertuples():
        got = cell(figures, r.table_id, r.row, r.column)
        if float(got) == float(r.value):
            agree += 1
        else:
            assert "action plan" in r.source.lower() and r.row == "enquiry_conversion"
    assert agree == len(note) - 1


@pytest.mark.slow
def test_exports_hold_no_identifiers(figures):
    for path in sorted(figures.glob("recruitment-*.csv")):
        text = path.read_text()
        assert "FA0" not in text and "FH0" not in text and "FX0" not in text, path.name


@pytest.mark.slow
def test_funnel_and_workforce_exports(figures):
    f = read_export(figures, "recruitment-funnel")
    assert list(f.columns[:5]) == ["category", "enquiries", "assessments", "panel", "approved"]
    assert f.iloc[-1]["category"] == "Total"
    n = f[["enquiries", "assessments", "panel", "approved"]].astype(int)
    assert (n.diff(axis=1).iloc[:, 1:] <= 0).all().all()  # a funnel only narrows
    assert int(f.iloc[-1]["enquiries"]) == int(float(cell(figures, "recruitment-benchmark-workings",
                                                           "enquiry_conversion", "denominator")))
    for export_id in ("recruitment-chart-funnel", "recruitment-chart-workforce"):
        assert (figures / f"{export_id}.svg").exists()
