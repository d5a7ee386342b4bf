"""Reproduction: a real build of the sample edition gives both plans' RAG distributions, cell by cell.

Expected values are counted from the transcribed registers copied into tests/published/
(actions_001.csv: RAG letters; actions_004.csv: RAG words), not typed here.
"""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import PUBLISHED, read_export

PLANS = {  # plan name in the sample register -> transcribed register copy
    "Development plan 2014-16": "actions_001.csv",
    "Commissioning plan 2013-14": "actions_004.csv",
}
WORDS = {"r": "red", "red": "red", "a": "amber", "amber": "amber", "g": "green", "green": "green"}
COLUMNS = ["red", "amber", "green", "complete", "not_rated", "total"]


def expected(file: str, by: str | None) -> pd.DataFrame:
    """RAG counts of a transcribed register, by theme (priority_area) or overall."""
    src = pd.read_csv(PUBLISHED / file, dtype=str, keep_default_na=False)
    status = src["rag"].str.strip().str.lower().map(WORDS).fillna("not_rated")
    key = src["priority_area"] if by else pd.Series("all", index=src.index)
    t = pd.crosstab(key, status).reindex(columns=COLUMNS[:-1], fill_value=0)
    t["total"] = t.sum(axis=1)
    return t


def test_published_distributions_are_as_the_brief_says():
    """Guard the copies themselves: 001 G12/A20/R2/blank3, 004 G20/A8/R2/none3."""
    assert expected("actions_001.csv", None).loc["all"].tolist() == [2, 20, 12, 0, 3, 37]
    assert expected("actions_004.csv", None).loc["all"].tolist() == [2, 8, 20, 0, 3, 33]


@pytest.mark.slow
@pytest.mark.parametrize("plan, file", PLANS.items())
def test_rag_by_theme_reproduces_each_theme(figures, plan, file):
    got = read_export(figures, "actions-rag-by-theme")
    assert list(got.columns) == ["plan", "theme", *COLUMNS]
    mine = got[got["plan"] == plan].set_index("theme")
    want = expected(file, "theme")
    assert sorted(mine.index) == sorted(want.index)
    for theme, row in want.iterrows():
        for col in COLUMNS:
            assert int(mine.at[theme, col]) == int(row[col]), (plan, theme, col)


@pytest.mark.slow
@pytest.mark.parametrize("plan, file", PLANS.items())
def test_rag_by_plan_reproduces_each_plan(figures, plan, file):
    got = read_export(figures, "actions-rag-by-plan").set_index("plan")
    want = expected(file, None).loc["all"]
    for col in COLUMNS:
        assert int(got.at[plan, col]) == int(want[col]), (plan, col)


@pytest.mark.slow
def test_totals_add_up(figures):
    t = read_export(figures, "actions-rag-by-theme")
    body, total = t[t["plan"] != "Total"], t[t["plan"] == "Total"].iloc[0]
    for col in COLUMNS:
        assert body[col].astype(int).sum() == int(total[col])
    assert (body[COLUMNS[:-1]].astype(int).sum(axis=1) == body["total"].astype(int)).all()


@pytest.mark.slow
def test_other_exports_have_their_columns(figures):
    assert list(read_export(figures, "actions-red-amber").columns) == [
        "plan", "ref", "status", "action", "owner", "due", "progress"]
    assert list(read_export(figures, "actions-overdue").columns) == [
        "plan", "ref", "status", "action", "owner", "due_date", "days_overdue"]
    ch = read_export(figures, "actions-changes")
    assert list(ch.columns) == ["plan", "ref", "previous_ref", "change", "previous_status", "status", "action", "note"]
    assert ch["change"].iloc[0] == "worse"  # what got worse is listed first
    assert "ref renamed" in set(ch["change"])


@pytest.mark.slow
def test_red_amber_matches_the_counts(figures):
    ra = read_export(figures, "actions-red-amber")
    total = read_export(figures, "actions-rag-by-plan").set_index("plan").loc["Total"]
    assert (ra["status"] == "Red").sum() == int(total["red"])
    assert (ra["status"] == "Amber").sum() == int(total["amber"])


@pytest.mark.slow
def test_impossible_dates_are_flagged_in_the_build(figures):
    flags = read_export(figures, "actions-data-flags")
    imp = flags[flags["problem"].str.startswith("impossible date")]
    assert set(imp["detail"]) == {"31/04/14", "31.11.13"}
    assert "duplicate ref" in set(flags["problem"])
