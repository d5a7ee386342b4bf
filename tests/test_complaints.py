"""Unit tests of the complaints analysis on small hand-made frames."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from panelbook import disclosure
from panelbook.chapters import chapter_by_slug
from panelbook.chapters.complaints import analysis as m

D = dt.date


def params(**kw):
    base = dict(period_start=D(2013, 9, 1), period_end=D(2014, 2, 28))
    base.update(kw)
    return m.Params(**base)


def frame(rows):
    """complaints rows: (received, service, age, stage[, responded])."""
    recs = []
    for i, r in enumerate(rows):
        received, service, age, stage, *rest = r
        recs.append({"complaint_id": f"X{i}", "received_date": pd.Timestamp(received), "service": service,
                     "complainant_age": age, "advocate": "Coram Voice", "subject": "disputing a decision",
                     "decision_disputed": "placement move", "stage": stage, "outcome": "not upheld",
                     "responded_date": pd.Timestamp(rest[0]) if rest and rest[0] else pd.NaT})
    df = pd.DataFrame(recs, columns=["complaint_id", "received_date", "service", "complainant_age", "advocate",
                                     "subject", "decision_disputed", "stage", "outcome", "responded_date"])
    df["complainant_age"] = df["complainant_age"].astype("Int64")
    df["stage"] = df["stage"].astype("Int64")
    df["received_date"] = pd.to_datetime(df["received_date"])
    df["responded_date"] = pd.to_datetime(df["responded_date"])
    return df


# -- params ---------------------------------------------------------------------------------
def test_params_exactly_as_the_issue_validate():
    p = m.Params.model_validate({
        "period_start": "2013-09-01", "period_end": "2014-02-28",
        "advocacy_period_start": "2013-08-01", "advocacy_period_end": "2014-01-31",
        "age_bands": [[0, 15, "under 16"], [16, 19, "16-19"], [20, 24, "20-24"]],
    })
    assert p.age_bands[1] == (16, 19, "16-19") and p.children_in_care is None
    assert p.advocacy_start == D(2013, 8, 1) and p.response_days == 10


@pytest.mark.parametrize("bad", [
    {"age_bands": [[0, 15, "a"], [15, 19, "b"]]},  # overlap
    {"age_bands": [[19, 16, "a"]]},  # low above high
    {"age_bands": [[0, 5, "a"], [6, 9, "a"]]},  # duplicate label
    {"advocacy_period_start": D(2013, 8, 1)},  # start without end
    {"advocacy_period_start": D(2013, 8, 1), "advocacy_period_end": D(2013, 7, 1)},
    {"children_in_care": {"UASC": 0}},
    {"unknown_key": 1},
])
def test_bad_params_are_refused(bad):
    with pytest.raises(ValidationError):
        params(**bad)


def test_advocacy_period_defaults_to_the_period():
    p = params()
    assert (p.advocacy_start, p.advocacy_end) == (p.period_start, p.period_end)


# -- rounding and shares ----------------------------------------------------------------------
def test_share_table_orders_and_totals():
    t = m.share_table(pd.Series(["b", "a", "b", "c", "a", "b"]), "x")
    assert t["x"].tolist() == ["b", "a", "c", "Total"]
    assert t["complaints"].tolist() == [3, 2, 1, 6]
    assert t["share_pct"].tolist() == [50.0, 33.3, 16.7, 100.0]


def test_share_table_keeps_zero_rows_in_a_fixed_order_and_appends_unknowns():
    t = m.share_table(pd.Series(["open", "zzz"]), "outcome", order=list(m.OUTCOMES))
    assert t["outcome"].tolist() == [*m.OUTCOMES, "zzz", "Total"]
    assert t.set_index("outcome").loc["upheld", "complaints"] == 0


def test_empty_table_is_just_a_zero_total():
    t = m.by_service(frame([]))
    assert t["service"].tolist() == ["Total"] and t["complaints"].tolist() == [0]
    assert np.isnan(t["share_pct"].iloc[0])


# -- banding and the paper's tables -------------------------------------------------------
def test_age_band_edges_and_gaps():
    bands = [(0, 15, "under 16"), (16, 19, "16-19"), (20, 24, "20-24")]
    ages = pd.Series([0, 15, 16, 19, 20, 24, 25, None], dtype="Int64")
    assert m.age_band(ages, bands).tolist() == [
        "under 16", "under 16", "16-19", "16-19", "20-24", "20-24", m.NOT_BANDED, m.NOT_RECORDED]


def test_by_age_keeps_band_order_and_zero_bands():
    c = frame([("2013-10-01", "A", 17, 1), ("2013-10-02", "A", 30, 1)])
    t = m.by_age(c, params().age_bands)
    assert t["age_band"].tolist() == ["under 16", "16-19", "20-24", m.NOT_BANDED, "Total"]
    assert t["complaints"].tolist() == [0, 1, 0, 1, 2]


def test_in_period_includes_both_ends():
    c = frame([("2013-08-31", "A", 10, 1), ("2013-09-01", "A", 10, 1), ("2014-02-28", "A", 10, 1),
               ("2014-03-01", "A", 10, 1)])
    assert len(m.in_period(c, D(2013, 9, 1), D(2014, 2, 28))) == 2


def test_by_stage_shows_all_stages():
    c = frame([("2013-10-01", "A", 10, 1), ("2013-10-01", "A", 10, 3)])
    t = m.by_stage(c)
    assert t["stage"].tolist() == ["stage 1", "stage 2", "stage 3", "Total"]
    assert t["complaints"].tolist() == [1, 0, 1, 2]


def test_by_decision_counts_only_recorded_decisions():
    c = frame([("2013-10-01", "A", 10, 1)] * 3)
    c.loc[2, "decision_disputed"] = None
    c.loc[1, "decision_disputed"] = "laptop"
    t = m.by_decision(c)
    assert dict(zip(t["decision"], t["complaints"])) == {"laptop": 1, "placement move": 1, "Total": 2}


def test_advocacy_closed_and_active_cases():
    cases = pd.DataFrame({
        "opened_date": pd.to_datetime(["2013-06-01", "2013-06-01", "2013-09-01", "2014-02-01", "2013-01-01"]),
        "closed_date": pd.to_datetime(["2013-07-31", "2013-08-01", None, None, "2014-01-31"]),
        "top_issue": ["x", "y", "y", "z", "y"],
        "outcome": ["unknown", "fully resolved", None, None, "partially resolved"],
    })
    closed = m.closed_cases(cases, D(2013, 8, 1), D(2014, 1, 31))
    active = m.active_cases(cases, D(2013, 8, 1), D(2014, 1, 31))
    assert closed["top_issue"].tolist() == ["y", "y"]
    assert active["top_issue"].tolist() == ["y", "y", "y"]
    t = m.advocacy_outcomes(closed)
    assert t["outcome"].tolist() == [*m.ADVOCACY_OUTCOMES, "Total"]
    assert t["cases"].tolist() == [1, 1, 0, 2]


# -- escalation -----------------------------------------------------------------------------
@pytest.mark.parametrize("start,end,prev", [
    (D(2013, 9, 1), D(2014, 2, 28), (D(2013, 3, 1), D(2013, 8, 31))),  # whole months
    (D(2014, 1, 1), D(2014, 3, 31), (D(2013, 10, 1), D(2013, 12, 31))),
    (D(2013, 9, 10), D(2013, 9, 19), (D(2013, 8, 31), D(2013, 9, 9))),  # 10 days
])
def test_previous_period(start, end, prev):
    assert m.previous_period(start, end) == prev


def test_escalation_counts_stage_2_and_3_and_tests_exactly():
    rows = [("2013-04-01", "A", 10, 1)] * 9 + [("2013-04-01", "A", 10, 2)]  # previous: 1 of 10
    rows += [("2013-10-01", "A", 10, 1)] * 4 + [("2013-10-01", "A", 10, 2)] * 3 + [("2013-10-01", "A", 10, 3)] * 3
    t, test = m.escalation(frame(rows), params())
    assert t["complaints"].tolist() == [10, 10] and t["escalated"].tolist() == [1, 6]
    assert t["escalated_pct"].tolist() == [10.0, 60.0]
    from scipy.stats import fisher_exact
    assert test["p_value"] == pytest.approx(fisher_exact([[6, 4], [1, 9]]).pvalue)
    assert test["p_value"] < 0.06
    assert "Fisher" in m.escalation_text(t, test)


def test_escalation_without_a_previous_period_says_so():
    t, test = m.escalation(frame([("2013-10-01", "A", 10, 2)]), params())
    assert test["p_value"] is None
    assert "nothing to compare" in m.escalation_text(t, test)


def test_escalation_with_an_empty_period_says_so():
    t, test = m.escalation(frame([("2013-04-01", "A", 10, 2)]), params())
    assert t["complaints"].tolist() == [1, 0] and test["p_value"] is None
    assert "No complaints" in m.escalation_text(t, test)


# -- timeliness -----------------------------------------------------------------------------
def test_timeliness_bands_by_working_days_across_christmas():
    c = frame([
        ("2013-12-20", "A", 10, 1, "2014-01-08"),  # 10 working days: on time
        ("2013-12-20", "A", 10, 1, "2014-01-09"),  # 11: extended
        ("2013-12-02", "B", 10, 1, "2014-01-02"),  # 20 (Christmas, Boxing Day, New Year skipped): extended
        ("2013-12-02", "B", 10, 1, "2014-01-03"),  # 21: late
        ("2013-12-02", "B", 10, 1, None),  # no response
    ])
    t, h = m.timeliness(c, params())
    t = t.set_index("service")
    assert t.loc["A", ["responses", "on_time", "extended", "late"]].tolist() == [2, 1, 1, 0]
    assert t.loc["B", ["responses", "on_time", "extended", "late"]].tolist() == [2, 0, 1, 1]
    assert t.loc["Total", "responses"] == 4
    assert h["responses"] == 4 and h["no_response"] == 1 and h["on_time_pct"] == 25.0
    assert h["median_days"] == 15.5
    text = m.timeliness_text(h, params(), len(c))
    assert "1 of 4" in text and "1 complaint of the period has no response date" in text


def test_timeliness_without_response_dates_says_so():
    c = frame([("2013-10-01", "A", 10, 1)])
    t, h = m.timeliness(c, params())
    assert h["responses"] == 0 and t["service"].tolist() == ["Total"]
    assert "cannot be measured" in m.timeliness_text(h, params(), len(c))
    assert "No complaints" in m.timeliness_text(h, params(), 0)


# -- rates, trend, prose ---------------------------------------------------------------------
def test_rates_per_100_only_where_a_denominator_is_given():
    c = frame([("2013-10-01", "UASC", 16, 1)] * 3 + [("2013-10-01", "Other", 16, 1)])
    t = m.rates_per_100(c, {"UASC": 231, "Quiet": 50})
    r = t.set_index("service")
    assert r.loc["UASC", "rate_per_100"] == 1.3  # 3/231*100 = 1.299 -> 1.3
    assert r.loc["Quiet", "complaints"] == 0 and r.loc["Quiet", "rate_per_100"] == 0.0
    assert np.isnan(r.loc["Other", "rate_per_100"]) and np.isnan(r.loc["Total", "rate_per_100"])
    full = m.rates_per_100(c[c["service"] == "UASC"], {"UASC": 200}).set_index("service")
    assert full.loc["Total", "rate_per_100"] == 1.5


def test_monthly_covers_every_month_including_empty_ones():
    c = frame([("2013-03-05", "A", 10, 1), ("2013-06-30", "B", 10, 1), ("2013-06-01", "A", 10, 1)])
    t = m.monthly_by_service(c)
    assert t["month"].tolist() == ["2013-03", "2013-04", "2013-05", "2013-06", "Total"]
    assert t["total"].tolist() == [1, 0, 0, 2, 3]
    assert list(t.columns) == ["month", "A", "B", "total"]
    assert "June 2013" in m.describe_monthly(t) and "2013-06" not in m.describe_monthly(t)  # one date style


def test_monthly_chart_leaves_out_suppressed_cells():
    c = frame([("2013-03-05", "A", 10, 1), ("2013-03-06", "B", 10, 1), ("2013-03-07", "B", 10, 1)])
    t = m.monthly_by_service(c)
    shown, hidden = disclosure.apply(t, m.monthly_shape(t), 3)
    assert hidden
    spec = m.monthly_chart(shown, (D(2013, 3, 1), D(2013, 3, 31))).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert all(v["complaints"] != "c" for v in values)


def test_suppression_hides_small_services_and_their_shares():
    c = frame([("2013-10-01", "UASC", 16, 1)] * 12 + [("2013-10-01", "Tiny", 16, 1)])
    shape = chapter_by_slug("complaints").export("complaints-by-service").shape.table_shape()  # exports.yaml
    shown, hidden = disclosure.apply(m.by_service(c), shape, 3)
    row = shown.set_index("service")
    assert row.loc["Tiny", "complaints"] == "c" and row.loc["Tiny", "share_pct"] == "c"
    assert row.loc["UASC", "complaints"] == "c"  # secondary: else Total - UASC reveals Tiny
    assert row.loc["Total", "complaints"] == 13


def test_prose_withholds_small_counts_and_handles_empty_periods():
    h = m.headline(frame([("2013-10-01", "A", 10, 2)]), pd.DataFrame({"top_issue": []}),
                   pd.DataFrame({"top_issue": []}))
    assert h["complaints"] == 1 and h["escalated"] == 1 and h["top_issue"] == ""
    assert "fewer than 5 complaints" in m.summary_text(h, "x", min_count=5)
    empty = m.headline(frame([]), pd.DataFrame({"top_issue": []}), pd.DataFrame({"top_issue": []}))
    assert m.summary_text(empty, "1 Apr 2015 to 30 Jun 2015").startswith("No complaints")


# -- reading ----------------------------------------------------------------------------------
def test_load_reports_bad_rows(tmp_path):
    from panelbook.errors import DataError

    (tmp_path / "complaints.csv").write_text(
        "complaint_id,received_date,service,complainant_age,advocate,subject,stage,outcome,responded_date\n"
        "A,01/10/2013,UASC,17,Coram Voice,x,4,not upheld,30/09/2013\n")
    (tmp_path / "advocacy_cases.csv").write_text(
        "case_id,opened_date,closed_date,top_issue,outcome\nB,2013-09-01,2013-10-01,x,\n")
    with pytest.raises(DataError) as exc:
        m.load(tmp_path)
    rules = {(p.file, p.column) for p in exc.value.problems}
    assert ("complaints.csv", "stage") in rules
    assert ("complaints.csv", "responded_date") in rules
    assert ("advocacy_cases.csv", "outcome") in rules


def test_load_without_optional_columns(tmp_path):
    (tmp_path / "complaints.csv").write_text(
        "complaint_id,received_date,service,complainant_age,advocate,subject,stage,outcome\n"
        "A,01/10/2013,UASC,,Coram Voice,x,1,Partially upheld\n")
    (tmp_path / "advocacy_cases.csv").write_text("case_id,opened_date,closed_date,top_issue,outcome\nB,2013-09-01,,x,\n")
    c, a = m.load(tmp_path)
    assert c["responded_date"].isna().all() and c["outcome"].tolist() == ["partly upheld"]
    assert m.by_age(c, params().age_bands)["age_band"].tolist()[-2] == m.NOT_RECORDED


def test_the_opening_sentence_reads_the_published_tables():
    """Issue 15: the opening's counts are the tables' cells as published: a count a table withholds
    (small, or to protect another) is 'a withheld number' there, never the count or 'fewer than 5'."""
    h = {"complaints": 23, "services": 3, "top_service": "UASC", "top_service_n": 12, "disputing": 21, "escalated": 5}
    service = pd.DataFrame({"service": ["UASC", "West", "Total"], "complaints": ["c", "c", 23]})
    decision = pd.DataFrame({"decision": ["move", "Total"], "complaints": [18, "c"]})
    esc = pd.DataFrame({"period": ["before", "now"], "complaints": [14, 23], "escalated": [1, "c"]})
    shown = m.published_headline(h, service, decision, esc)
    assert (shown["complaints"], shown["top_service_n"], shown["disputing"], shown["escalated"]) == (23, "c", "c", "c")
    text = m.summary_text(shown, "1 Sep 2013 to 28 Feb 2014", 5)
    assert "(12)" not in text and " 21 " not in text and " 5 " not in text and "fewer than" not in text
    assert "a withheld number" in text and "23 complaints" in text
