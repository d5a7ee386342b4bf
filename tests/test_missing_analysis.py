"""Unit tests of the missing-children analysis on small hand-made frames."""
import datetime as dt

import pandas as pd
import pytest

from panelbook.chapters.missing import analysis as m

D = pd.Timestamp


def params(**kw):
    base = dict(period_start="2013-04-01", period_end="2013-09-30", as_at="2013-09-30", uasc_only=True)
    base.update(kw)
    return m.Params(**base)


def kids(*rows):
    return pd.DataFrame(rows, columns=["child_id", "dob", "nationality", "uasc", "case_open_date"]).assign(
        dob=lambda d: pd.to_datetime(d["dob"]), case_open_date=lambda d: pd.to_datetime(d["case_open_date"]),
        uasc=lambda d: d["uasc"].astype("boolean"))


def eps(*rows):
    return pd.DataFrame(rows, columns=["child_id", "start_date", "end_date"]).assign(
        start_date=lambda d: pd.to_datetime(d["start_date"]), end_date=lambda d: pd.to_datetime(d["end_date"]))


CHILDREN = kids(
    ("A", "1996-05-10", "Afghanistani", True, "2013-05-01"),   # new referral
    ("B", "1995-06-15", "Iranian", True, "2012-01-01"),        # turns 18 on 15 June 2013
    ("C", "1997-01-01", "Albanian", False, "2012-06-01"),      # not UASC
    ("D", "1998-03-03", "Eritrean", True, "2010-01-01"),       # only episodes outside the period
)


def test_open_episode_means_still_missing_and_closed_means_found():
    e = eps(("A", "2013-05-02", None), ("B", "2013-06-01", "2013-06-03"))
    c = m.cohort(CHILDREN, e, params()).set_index("child_id")
    assert c.loc["A", "status"] == "still_missing"
    assert c.loc["B", "status"] == "found"


def test_episode_ending_after_as_at_counts_as_still_missing():
    e = eps(("A", "2013-09-20", "2013-10-05"))
    c = m.cohort(CHILDREN, e, params()).set_index("child_id")
    assert c.loc["A", "status"] == "still_missing"
    assert m.cohort(CHILDREN, e, params(as_at="2013-10-10")).set_index("child_id").loc["A", "status"] == "found"


def test_latest_episode_decides_status_even_when_earlier_one_was_open_longer():
    e = eps(("A", "2013-05-02", "2013-05-03"), ("A", "2013-06-01", None), ("A", "2013-04-20", "2013-04-21"))
    c = m.cohort(CHILDREN, e, params()).set_index("child_id")
    assert c.loc["A", "episodes"] == 3
    assert c.loc["A", "status"] == "still_missing"
    assert c.loc["A", "first_start"] == D("2013-04-20")


def test_episodes_outside_the_period_and_non_uasc_are_out_of_scope():
    e = eps(("D", "2013-03-31", "2013-04-02"), ("D", "2013-10-01", None), ("C", "2013-05-01", "2013-05-02"))
    assert m.cohort(CHILDREN, e, params()).empty
    c = m.cohort(CHILDREN, e, params(uasc_only=False))
    assert list(c["child_id"]) == ["C"]


def test_period_boundaries_are_inclusive():
    e = eps(("A", "2013-04-01", "2013-04-01"), ("B", "2013-09-30", "2013-09-30"))
    assert len(m.cohort(CHILDREN, e, params())) == 2


def test_age_at_first_episode_child_turning_18_mid_period():
    # B turns 18 on 15 June 2013: first episode the day before is age 17, even with later episodes at 18
    e = eps(("B", "2013-06-14", "2013-06-14"), ("B", "2013-07-01", "2013-07-02"))
    c = m.cohort(CHILDREN, e, params()).set_index("child_id")
    assert c.loc["B", "age"] == 17
    e2 = eps(("B", "2013-06-15", "2013-06-16"))
    assert m.cohort(CHILDREN, e2, params()).set_index("child_id").loc["B", "age"] == 18


def test_time_open_bins_edges():
    days = pd.Series([0, 7, 8, 30, 31, 182, 183, 364, 365, 729, 730, 1094, 1095, 1825, 1826, 5000])
    got = m.time_open_bin(days).astype(str).tolist()
    assert got == ["1-7 days", "1-7 days", "8-30 days", "8-30 days", "1-6 months", "1-6 months",
                   "6 months-1 year", "6 months-1 year", "1-2 years", "1-2 years", "2-3 years", "2-3 years",
                   "3-5 years", "3-5 years", "5 years+", "5 years+"]


def test_new_referral_is_case_opened_inside_the_period():
    e = eps(("A", "2013-05-02", None), ("B", "2013-06-01", "2013-06-03"))
    c = m.cohort(CHILDREN, e, params()).set_index("child_id")
    assert bool(c.loc["A", "new_referral"]) and not bool(c.loc["B", "new_referral"])
    assert c.loc["A", "time_open_days"] == 1 and c.loc["A", "time_open"] == "1-7 days"


def test_tables_totals_and_ordering():
    e = eps(("A", "2013-05-02", None), ("A", "2013-04-10", "2013-04-11"), ("B", "2013-06-01", "2013-06-03"),
            ("C", "2013-06-01", "2013-06-03"))
    c = m.cohort(CHILDREN, e, params(uasc_only=False))
    nat = m.by_nationality(c)
    assert nat["nationality"].tolist() == ["Afghanistani", "Albanian", "Iranian", "Total"]  # ties by name
    assert nat.iloc[-1][["found", "still_missing", "total"]].tolist() == [2, 1, 3]
    age = m.by_age(c)
    assert age.iloc[-1]["episodes"] == 4 and age.iloc[-1]["children"] == 3
    t = m.by_time_open(c)
    assert len(t) == 9 and t["total"].iloc[:-1].sum() == 3  # all eight bins kept, zeros included
    share = m.episodes_by_nationality(c)
    assert share.iloc[0]["nationality"] == "Afghanistani" and share.iloc[0]["share_pct"] == 50.0
    assert share.iloc[-1]["share_pct"] == 100.0


def test_headline_counts():
    e = eps(("A", "2013-05-02", None), ("A", "2013-04-10", "2013-04-11"), ("B", "2013-06-01", "2013-06-03"))
    h = m.headline(m.cohort(CHILDREN, e, params()))
    assert h == {**h, "children": 2, "episodes": 3, "still_missing": 1, "found": 1, "new_referrals": 1,
                 "still_missing_new_referrals": 1, "found_episodes": 1, "most_episodes": 2, "next_most_episodes": 1}


def test_empty_period_gives_empty_tables_not_errors():
    c = m.cohort(CHILDREN, eps(("A", "2012-01-01", "2012-01-02")), params())
    assert m.headline(c)["children"] == 0
    assert m.by_nationality(c).iloc[-1]["total"] == 0
    assert len(m.by_time_open(c)) == 9


def test_cross_file_problems_orphans_and_overlaps():
    e = eps(("A", "2013-05-02", "2013-05-10"), ("A", "2013-05-05", "2013-05-06"), ("Z", "2013-05-01", None))
    e.index = [2, 3, 4]
    problems = m.cross_file_problems(CHILDREN, e)
    rules = {(p.row, p.column): p.rule for p in problems}
    assert "not found in children.csv" in rules[(4, "child_id")]
    assert "overlaps" in rules[(3, "start_date")]


def test_params_reject_as_at_before_start_and_end_before_start():
    with pytest.raises(ValueError, match="period_end"):
        params(period_end="2013-03-01")
    with pytest.raises(ValueError, match="as_at"):
        params(as_at="2013-01-01")
    assert params(as_at=None).as_at_date == dt.date(2013, 9, 30)
