"""Unit tests of the recruitment chapter's rates on small hand-made pipelines."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import yaml
from pydantic import ValidationError

from panelbook import numbers
from panelbook.chapters.recruitment import analysis as r
from panelbook.errors import DataError

D = pd.Timestamp
NAT = pd.NaT


def params(**kw) -> r.Params:
    base = dict(period_start="2013-04-01", period_end="2013-12-31", as_at="2013-12-31", year_end="2014-03-31",
                national={"enquiry_conversion": 11, "assessment_conversion": 62, "attrition": 13,
                          "utilisation": 69, "vacancy": 31},
                targets={"standard": 10, "sibling": 4, "16+": 2})
    base.update(kw)
    return r.Params(**base)


def app(cat="standard", enquiry="2013-05-01", start=None, panel=None, approval=None, closed=None, outcome=None):
    if outcome is None:
        outcome = "approved" if approval else "in_progress"
    return {"household_id": None, "enquiry_date": D(enquiry), "category": cat, "area": None,
            "assessment_start_date": D(start) if start else NAT, "panel_date": D(panel) if panel else NAT,
            "approval_date": D(approval) if approval else NAT, "closed_date": D(closed) if closed else NAT,
            "outcome": outcome}


def apps(*rows) -> pd.DataFrame:
    df = pd.DataFrame(list(rows))
    df["household_id"] = [f"H{i}" for i in range(len(df))]
    return df


def hh(approval, dereg=None, places=2, in_use=None):
    return {"household_id": None, "approval_date": D(approval), "deregistration_date": D(dereg) if dereg else NAT,
            "approved_places": places, "places_in_use": in_use}


def households(*rows) -> pd.DataFrame:
    df = pd.DataFrame(list(rows))
    df["household_id"] = [f"F{i}" for i in range(len(df))]
    df["places_in_use"] = df["places_in_use"].astype("Int64")
    return df


# -- rounding and rates ---------------------------------------------------------------------
def test_rate_zero_denominator_is_none():
    assert r.rate(3, 0) is None
    assert r.rate(1, 8, 0) == 13.0
    assert r.pct_text(None) == "no data"
    assert r.pct_text(12.5) == "13%"


# -- enquiry and assessment conversion -------------------------------------------------------
def test_enquiry_conversion_counts_two_flows_in_the_period():
    a = apps(
        app(enquiry="2012-10-01", start="2012-11-01", panel="2013-05-01", approval="2013-05-02"),  # approval in
        app(enquiry="2013-06-01", start="2013-07-01", panel="2014-01-10", approval="2014-01-12"),  # approval after
        app(enquiry="2013-08-01"),
        app(enquiry="2013-03-31"),  # enquiry before the period
    )
    assert r.enquiry_conversion(a, dt.date(2013, 4, 1), dt.date(2013, 12, 31)) == (1, 2)


def test_assessment_conversion_counts_withdrawals_after_assessment_only():
    a = apps(
        app(enquiry="2013-01-01", start="2013-02-01", panel="2013-06-01", approval="2013-06-01"),
        app(enquiry="2013-01-01", start="2013-02-01", closed="2013-07-01", outcome="withdrawn"),  # after assessment
        app(enquiry="2013-05-01", closed="2013-05-20", outcome="withdrawn"),  # never assessed: excluded
        app(enquiry="2013-01-01", start="2013-02-01", panel="2013-09-01", closed="2013-09-01", outcome="declined"),
        app(enquiry="2013-01-01", start="2013-02-01", closed="2014-02-01", outcome="withdrawn"),  # closed after period
        app(enquiry="2012-01-01", start="2012-02-01", panel="2013-03-01", approval="2013-03-02"),  # approved before
    )
    assert r.assessment_conversion(a, dt.date(2013, 4, 1), dt.date(2013, 12, 31)) == (1, 3)


# -- attrition and places ------------------------------------------------------------------
def test_attrition_is_annualised_and_uses_households_at_start():
    h = households(
        hh("2010-01-01", dereg="2013-06-01"),
        hh("2011-01-01"), hh("2012-01-01"), hh("2013-03-31"),
        hh("2013-05-01", dereg="2013-11-01"),  # approved in the period: in the numerator, not the base
        hh("2009-01-01", dereg="2013-03-31"),  # gone before the period
    )
    d, base, factor = r.attrition(h, dt.date(2013, 4, 1), dt.date(2013, 12, 31))
    assert (d, base) == (2, 4)
    assert factor == pytest.approx(365 / 275)
    assert r.rate(d, base, 1, factor) == 66.4


def test_attrition_full_year_factor_is_one():
    h = households(hh("2010-01-01", dereg="2013-06-01"), hh("2011-01-01"))
    assert r.attrition(h, dt.date(2013, 4, 1), dt.date(2014, 3, 31))[2] == pytest.approx(1.0)


def test_places_only_households_approved_at_as_at():
    h = households(
        hh("2010-01-01", places=3, in_use=3),
        hh("2011-01-01", places=2, in_use=0),
        hh("2014-01-05", places=2, in_use=None),  # approved after as_at
        hh("2010-01-01", dereg="2013-12-31", places=4, in_use=None),  # deregistered on as_at: gone
        hh("2010-01-01", dereg="2014-01-02", places=1, in_use=1),  # leaves after as_at: counted
    )
    assert r.places(h, dt.date(2013, 12, 31)) == (4, 6)


def test_benchmark_division_by_zero_gives_no_data():
    a = apps(app(enquiry="2012-01-01"))  # no enquiries or approvals in the period
    h = households(hh("2014-01-01", places=2, in_use=None))  # nobody approved at the start or at as_at
    b = r.benchmark(a, h, params(national={"attrition": 13})).set_index("measure")
    assert (b["local_pct"] == "no data").all()
    assert (b["difference_pp"] == "no data").all()
    assert b.at["enquiry_conversion", "national_pct"] == "no data"
    assert b.at["attrition", "national_pct"] == 13
    assert list(b.index) == list(r.MEASURES)


def test_benchmark_difference_and_whole_numbers():
    a = apps(*[app(enquiry="2013-05-01") for _ in range(7)],
             app(enquiry="2013-01-01", start="2013-02-01", panel="2013-06-01", approval="2013-06-02"))
    h = households(hh("2010-01-01", places=8, in_use=7))
    b = r.benchmark(a, h, params()).set_index("measure")
    assert b.at["enquiry_conversion", "local_pct"] == 14.3  # 1/7
    assert b.at["enquiry_conversion", "difference_pp"] == 3.3
    assert b.at["utilisation", "local_pct"] == 87.5
    w = r.whole_numbers(b.reset_index()).set_index("measure")
    assert w.at["utilisation", "local_pct"] == 88  # half up
    assert w.at["vacancy", "local_pct"] == 13  # 12.5 -> 13


# -- targets, achieved, expected --------------------------------------------------------------
def pipeline():
    return apps(
        app("standard", "2012-12-01", "2013-01-10", "2013-05-01", "2013-05-02"),  # achieved
        app("standard", "2012-12-01", "2013-01-10", "2013-03-20", "2013-03-28"),  # approved last year
        app("standard", "2013-05-01", "2013-06-01", "2014-02-01", "2014-02-03"),  # in assessment, panel by YE
        app("standard", "2013-05-01", "2013-06-01", "2014-05-01"),  # panel after year end
        app("standard", "2013-05-01", "2013-06-01", "2014-02-01", None, "2014-01-15", "withdrawn"),  # open at as_at
        app("standard", "2013-05-01", "2013-06-01", "2014-02-01", None, "2013-11-15", "withdrawn"),  # closed before
        app("sibling", "2013-05-01", "2013-06-01", "2013-12-31", "2013-12-31"),  # approved on as_at
        app("solo", "2013-05-01", "2013-06-01", "2013-10-01", "2013-10-02"),  # category without a target
        app("standard", "2013-10-01", "2014-01-05", "2014-03-01"),  # assessment starts after as_at
    )


def test_by_category_achieved_expected_and_totals():
    t = r.by_category(pipeline(), params()).set_index("category")
    assert list(t.index) == ["standard", "sibling", "16+", "solo", "Total"]
    assert t.loc["standard", ["achieved", "expected"]].tolist() == [1, 3]
    assert t.loc["sibling", ["achieved", "expected"]].tolist() == [1, 1]
    assert t.loc["16+", ["target", "achieved", "expected", "expected_minus_target"]].tolist() == [2, 0, 0, -2]
    assert t.loc["solo", "target"] == "no data" and t.loc["solo", "expected_minus_target"] == "no data"
    assert t.loc["Total", ["target", "achieved", "expected", "expected_minus_target"]].tolist() == [16, 3, 5, -11]


def test_in_assessment_reads_dates_not_outcome():
    flags = r.in_assessment_at(pipeline(), dt.date(2013, 12, 31)).tolist()
    assert flags == [False, False, True, True, True, False, False, False, False]


def test_financial_year_and_year_end_defaults():
    p = params(as_at="2014-02-28", period_end="2014-02-28", year_end=None)
    assert p.year_start == dt.date(2013, 4, 1) and p.year_end_date == dt.date(2014, 3, 31)
    assert numbers.financial_year_start(dt.date(2013, 4, 1)) == dt.date(2013, 4, 1)


def test_rag_boundaries():
    cat = pd.DataFrame({"category": ["a", "b", "c", "d", "e", "Total"], "target": [10, 10, 10, "no data", 0, 30],
                        "achieved": [0] * 6, "expected": [10, 5, 4, 3, 0, 22]})
    t = r.rag(cat, 0.5).set_index("category")
    assert t["rag"].tolist() == ["green", "amber", "red", "no data", "green"]
    assert t.loc["e", "expected_pct_of_target"] == "no data"
    assert t.loc["b", "expected_pct_of_target"] == 50
    s = r.rag_sentence(t.reset_index(), 0.5)
    assert s.startswith("1 of 4 categories is forecast to miss target by more than half (c)")


def test_rag_sentence_without_targets():
    t = pd.DataFrame({"category": ["x"], "target": ["no data"], "expected": [1], "expected_pct_of_target": ["no data"],
                      "rag": ["no data"]})
    assert "none can be rated" in r.rag_sentence(t, 0.5)


# -- funnel and time to approval ----------------------------------------------------------------
def test_funnel_cohort_and_category_without_enquiries():
    a = apps(
        app("standard", "2013-05-01", "2013-06-01", "2013-11-01", "2013-11-02"),
        app("standard", "2013-05-01", "2013-06-01", "2014-02-01"),  # panel after as_at
        app("standard", "2013-06-01"),
        app("sibling", "2013-07-01", "2013-08-01"),
        app("sibling", "2013-02-01", "2013-03-01", "2013-06-01", "2013-06-02"),  # enquiry before the period
    )
    f = r.funnel(a, params()).set_index("category")
    assert f.loc["standard", list(r.STAGES)].tolist() == [3, 2, 1, 1]
    assert f.loc["sibling", list(r.STAGES)].tolist() == [1, 1, 0, 0]
    assert f.loc["16+", list(r.STAGES)].tolist() == [0, 0, 0, 0]
    assert (f.loc["16+", list(r.FUNNEL_PCTS)] == "no data").all()
    assert f.loc["sibling", "panel_to_approval_pct"] == "no data"
    assert f.loc["Total", list(r.STAGES)].tolist() == [4, 3, 1, 1]
    assert f.loc["standard", "enquiry_to_assessment_pct"] == 66.7
    long = r.funnel_long(f.reset_index())
    std = long[long["category"] == "standard"]
    assert std["lost_from_previous"].tolist() == [0, 1, 1, 0]
    assert long["category"].drop_duplicates().tolist() == ["standard", "sibling", "16+"]


def test_time_to_approval_quartiles_and_eight_months():
    a = apps(
        app("standard", "2013-01-15", "2013-02-01", "2013-09-15", "2013-09-15"),  # exactly 8 months: within
        app("standard", "2013-01-15", "2013-02-01", "2013-09-16", "2013-09-16"),  # one day over
        app("standard", "2013-03-01", "2013-03-10", "2013-06-01", "2013-06-01"),
        app("standard", "2013-01-01", "2013-01-10", "2014-02-01", "2014-02-01"),  # approved after the period
    )
    t = r.time_to_approval(a, params()).set_index("category")
    days = sorted([(D("2013-09-15") - D("2013-01-15")).days, (D("2013-09-16") - D("2013-01-15")).days,
                   (D("2013-06-01") - D("2013-03-01")).days])
    assert t.loc["standard", "approvals"] == 3
    assert t.loc["standard", "median_days"] == days[1]
    assert t.loc["standard", "within_8_months"] == 2
    assert t.loc["standard", "within_8_months_pct"] == 66.7
    assert t.loc["sibling", "approvals"] == 0 and t.loc["sibling", "median_days"] == "no data"
    assert t.loc["Total", "q1_days"] == numbers.round_half_up((days[0] + days[1]) / 2, 0)


# -- workforce ------------------------------------------------------------------------------------
def wf(rows):
    df = pd.DataFrame(rows, columns=["month", "team", "establishment_fte", "permanent_fte", "agency_fte",
                                     "starters", "leavers", "caseload_avg"])
    df["month"] = pd.to_datetime(df["month"])
    return df


def test_workforce_rates_and_turnover():
    w = wf([
        ("2013-04-01", "A", 10, 8, 1, 0, 1, 20), ("2013-05-15", "A", 10, 9, 1, 1, 0, 21),  # mid-month date: May
        ("2013-04-01", "B", 20, 20, 0, 0, 0, 15), ("2013-05-01", "B", 20, 17, 2, 0, 2, 16),
        ("2014-01-01", "B", 0, 0, 0, 0, 0, None),  # outside the period
    ])
    p = params(period_end="2013-05-31", as_at="2013-05-31")
    m = r.workforce_by_month(w, p).set_index("month")
    assert m.index.tolist() == ["2013-04", "2013-05"]
    assert m.loc["2013-04", "vacancy_pct"] == 6.7  # 2 / 30
    assert m.loc["2013-05", "agency_share_pct"] == 10.3  # 3 / (26 + 3)
    t = r.workforce_by_team(w, p).set_index("team")
    assert t.loc["A", "vacant_fte"] == 1 and t.loc["A", "vacancy_pct"] == 10.0
    assert t.loc["A", "meets_target"] == "yes" and t.loc["B", "meets_target"] == "no"
    assert t.loc["A", "turnover_pct"] == numbers.round_half_up(1 * 12 / 2 / 8.5 * 100, 1)
    assert t.loc["Total", "turnover_pct"] == numbers.round_half_up(3 * 12 / 2 / 27 * 100, 1)  # mean of 28 and 26
    assert t.loc["Total", "leavers"] == 3
    assert "2 teams" in r.workforce_sentence(t.reset_index(), r.snapshot_month(w, p), 10)


def test_workforce_empty_period_and_zero_establishment():
    w = wf([("2012-01-01", "A", 10, 8, 1, 0, 1, None)])
    p = params()
    assert r.snapshot_month(w, p) is None
    assert r.workforce_by_month(w, p).empty
    t = r.workforce_by_team(w, p)
    assert "omitted" in r.workforce_sentence(t, None, 10)
    z = wf([("2013-04-01", "A", 0, 0, 0, 0, 0, None)])
    t = r.workforce_by_team(z, p).set_index("team")
    assert t.loc["A", "vacancy_pct"] == "no data" and t.loc["A", "meets_target"] == "no data"


# -- params -----------------------------------------------------------------------------------------
ISSUE_EXAMPLE = """
recruitment:
  period_start: 2013-04-01
  period_end: 2013-12-31
  year_end: 2014-03-31
  as_at: 2013-12-31
  national: {enquiry_conversion: 11, assessment_conversion: 62, attrition: 13, utilisation: 69, vacancy: 31}
  targets: {standard: 85, challenging: 25, 16+: 20, parent_child: 8, sibling: 48, solo: 8, permanence: 30, short_breaks_disability: 10}
  vacancy_rate_target: 10
"""


def test_issue_example_validates_with_string_key():
    p = r.Params(**yaml.safe_load(ISSUE_EXAMPLE)["recruitment"])
    assert p.targets["16+"] == 20 and sum(p.targets.values()) == 234
    assert p.rag_amber_share == 0.5 and p.approval_months == 8


@pytest.mark.parametrize("bad", [
    {"national": {"enquiry_conversation": 11}},
    {"targets": {"standard": -1}},
    {"as_at": "2013-01-01"},
    {"year_end": "2013-06-30"},
    {"vacancy_rate_target": 120},
    {"typo_key": 1},
])
def test_params_reject_mistakes(bad):
    with pytest.raises(ValidationError):
        params(**bad)


# -- reading -----------------------------------------------------------------------------------------
APPS_CSV = """household_id,enquiry_date,category,area,assessment_start_date,panel_date,approval_date,closed_date,outcome
A1,01/05/2013,standard,East,01/06/2013,01/10/2013,02/10/2013,,approved
A2,2013-05-01,16+,West,,,,2013-05-20,Withdrawn
A3,2013-06-01,sibling,West,2013-07-01,2014-02-01,,,in progress
"""
HH_CSV = """household_id,approval_date,deregistration_date,approved_places,places_in_use
A1,2013-10-02,,2,1
F1,2010-01-01,2013-06-01,3,
"""


def test_load_reads_files_and_allows_missing_workforce(tmp_path):
    (tmp_path / "foster_applications.csv").write_text(APPS_CSV)
    (tmp_path / "foster_households.csv").write_text(HH_CSV)
    a, h, w = r.load(tmp_path)
    assert w is None
    assert a["outcome"].tolist() == ["approved", "withdrawn", "in_progress"]
    assert a.loc[2, "approval_date"] == D("2013-10-02")


def test_load_reports_rule_and_cross_file_problems(tmp_path):
    bad = APPS_CSV.replace("A1,01/05/2013,standard,East,01/06/2013,01/10/2013,02/10/2013,,approved",
                           "A9,01/05/2013,standard,East,01/06/2013,01/10/2013,03/10/2013,,approved")
    bad += "A4,2013-06-01,solo,East,2013-05-01,,,,in_progress\n"  # assessment before enquiry
    (tmp_path / "foster_applications.csv").write_text(bad)
    (tmp_path / "foster_households.csv").write_text(HH_CSV)
    with pytest.raises(DataError) as exc:
        r.load(tmp_path)
    rules = " | ".join(p.rule for p in exc.value.problems)
    assert "assessment_start_date is before enquiry_date" in rules
    (tmp_path / "foster_applications.csv").write_text(APPS_CSV.replace("A1,01/05", "A9,01/05"))
    with pytest.raises(DataError) as exc:
        r.load(tmp_path)
    assert any("not found in foster_households.csv" in p.rule for p in exc.value.problems)


def test_outcome_and_approval_date_must_agree(tmp_path):
    (tmp_path / "foster_applications.csv").write_text(APPS_CSV.replace("02/10/2013,,approved", "02/10/2013,,in_progress"))
    (tmp_path / "foster_households.csv").write_text(HH_CSV)
    with pytest.raises(DataError) as exc:
        r.load(tmp_path)
    assert any(p.column == "approval_date" and "outcome" in p.rule for p in exc.value.problems)


def test_sample_generator_is_deterministic():
    from panelbook.chapters.recruitment import sample as s

    a, b = s.generate(2014), s.generate(2014)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


def test_period_sentence_says_when_there_is_no_data():
    a = apps(app(enquiry="2013-05-01", start="2013-06-01", panel="2013-10-01", approval="2013-10-02"))
    h = households(hh("2013-10-02", places=2, in_use=1))
    p = params(period_start="2016-04-01", period_end="2016-06-30", as_at="2016-06-30", year_end=None)
    s = r.period_sentence(r.headline(a, h, p))
    assert "no enquiries" in s and "no approvals" in s and "run only to 2 October 2013" in s
    p = params()
    assert r.period_sentence(r.headline(a, h, p)) == ""  # nothing missing: no claim either way


def test_no_national_figure_or_target_is_said_so_never_no_data():
    a = apps(app(enquiry="2013-05-01", start="2013-06-01", panel="2013-10-01", approval="2013-10-02"))
    h = households(hh("2013-10-02", places=2, in_use=1))
    p = params(national={}, targets={})
    head = r.headline(a, h, p)
    assert r.national_phrase(head, ["enquiry_conversion"], lead="against a national average of ") == \
        "no national figure given"
    both = r.national_phrase(head, ["utilisation", "vacancy"])
    assert both == "no national figure given"
    assert r.target_phrase(head) == "; this edition sets no recruitment targets (recruitment.targets)"
    p = params(national={"utilisation": 69})
    assert r.national_phrase(r.headline(a, h, p), ["utilisation", "vacancy"]) == \
        "national 69%; no national figure given for approved places vacant"


def test_vacancy_target_wording_comes_from_the_edition():
    assert "improvement notice" not in r.vacancy_target_phrase(params())
    assert r.vacancy_target_phrase(params(vacancy_rate_target=12, vacancy_rate_target_basis="workforce plan, 2017")) == \
        "the target is 12% or below (workforce plan, 2017)"


def test_rates_of_small_counts_are_withheld_wherever_the_chapter_shows_them():
    """Issue 15: 2 approvals of 22 enquiries, 48 of 50 places in use (2 vacant): with min_count 5 the
    rates of those counts are withheld in the benchmark table, the prose and the comparators alike, and
    utilisation with vacancy (100% - utilisation would give the 2 vacant places back)."""
    a = apps(*[app(enquiry="2013-05-01") for _ in range(20)],
             *[app(enquiry="2013-05-02", start="2013-06-01", panel="2013-06-20", approval="2013-07-01") for _ in range(2)])
    h = households(*[hh("2010-01-01", places=5, in_use=5) for _ in range(8)],
                   hh("2010-01-01", places=5, in_use=4), hh("2010-01-01", places=5, in_use=4))
    p = params()
    small = ("enquiry_conversion", "assessment_conversion", "utilisation", "vacancy")
    assert r.benchmark(a, h, p).set_index("measure").loc[list(small), "local_pct"].tolist() == [9.1, 100.0, 96.0, 4.0]
    b = r.benchmark(a, h, p, min_count=5).set_index("measure")
    assert (b.loc[list(small), ["local_pct", "difference_pp"]] == "c").all().all()
    assert b.at["attrition", "local_pct"] == 0.0  # 0 of 10 households left: no small count
    w = r.published_workings(a, h, p, 5).set_index("measure")
    assert (w.loc[list(small), "local_pct"] == "c").all()
    head = r.headline(a, h, p, min_count=5)
    assert [head[f"{m}_pct"] for m in small] == ["c"] * 4
    assert head["approvals"] == "c" and "c" in (head["places_in_use"], head["approved_places"])
    assert r.pct_text(head["utilisation_pct"]) == "withheld"
    local = r.local_values(a, h, p, 5)
    assert {m for m, v in local.items() if v.withheld} == set(small)
    assert r.headline(a, h, p)["places_in_use"] == 48  # suppression off: every figure shown
