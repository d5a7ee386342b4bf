"""Audits chapter: params, reading, and each table function on small hand-made frames."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from panelbook.chapters import chapter_by_slug
from panelbook.chapters.audits import analysis as m
from panelbook.correlation import NOT_COMPUTABLE
from panelbook.errors import DataError

CROSSTAB_SHAPE = chapter_by_slug("audits").export("audit-supervision-plan-crosstab").shape.table_shape()  # exports.yaml

EXAMPLE = dict(period_start="2013-08-01", period_end="2013-10-31",
               scale=["inadequate", "adequate", "good", "outstanding"], threshold="adequate",
               bootstrap={"resamples": 2000, "seed": 2014})


def params(**kw) -> m.Params:
    return m.Params.model_validate({**EXAMPLE, **kw})


def frame(rows) -> pd.DataFrame:
    """rows: (date, group, supervision, plan[, child_focus]) -> a parsed qa_audits frame."""
    df = pd.DataFrame([(*r, *([None] * (5 - len(r)))) for r in rows],
                      columns=["audit_date", "needs_group", "supervision", "plan", "child_focus"])
    df["audit_date"] = pd.to_datetime(df["audit_date"])
    df["overall"] = None
    df.insert(0, "audit_id", [f"A{i}" for i in range(len(df))])
    return df


# -- params --------------------------------------------------------------------------------
def test_issue_example_validates_with_defaults():
    p = params()
    assert p.threshold_score == 2
    assert p.window == (dt.date(2013, 8, 1), dt.date(2013, 10, 31))
    assert p.since_window == p.window


def test_later_scale_and_case_insensitive_threshold():
    p = params(scale=["Inadequate", "Requires improvement", "Good", "Outstanding"], threshold="requires_improvement")
    assert p.threshold_score == 2
    assert m.ok_phrase(p) == "requires improvement or better"
    assert m.ok_phrase(params(threshold="outstanding")) == "outstanding"


@pytest.mark.parametrize("bad", [
    {"threshold": "fair"}, {"scale": ["good"]}, {"scale": ["good", "Good"]},
    {"bootstrap": {"resamples": 10, "seed": 1}}, {"bootstrap": {"resample": 2000}},
    {"cumulative_from": "2013-09-01"}, {"cumulative_to": "2013-07-31"}, {"colour": "red"},
])
def test_bad_params_are_rejected(bad):
    with pytest.raises(ValidationError):
        params(**bad)


# -- reading -------------------------------------------------------------------------------
def test_load_checks_grades_against_the_edition_scale(tmp_path):
    (tmp_path / "qa_audits.csv").write_text(
        "audit_id,audit_date,needs_group,team,supervision,plan\n"
        "A1,2013-08-02,CIN,T,Good,adequate\n"
        "A2,02/08/2013,chin,T,,Requires Improvement\n"
        "A3,2013-08-03,LAC,T,excellent,good\n")
    audits, iro = m.load(tmp_path)  # structure only: fine
    assert iro is None
    assert audits["needs_group"].tolist() == ["CIN", "CIN", "CIC"]
    with pytest.raises(DataError) as err:
        m.load(tmp_path, params())
    rows = {(p.row, p.column) for p in err.value.problems}
    assert rows == {(3, "plan"), (4, "supervision")}
    with pytest.raises(DataError) as err:
        m.load(tmp_path, params(scale=["inadequate", "requires improvement", "good", "outstanding"],
                                threshold="requires improvement"))
    assert {(p.row, p.column) for p in err.value.problems} == {(2, "plan"), (4, "supervision")}


def test_unknown_needs_group_is_reported(tmp_path):
    (tmp_path / "qa_audits.csv").write_text("audit_id,audit_date,needs_group,supervision,plan\nA1,2013-08-02,XYZ,good,good\n")
    with pytest.raises(DataError) as err:
        m.load(tmp_path)
    assert err.value.problems[0].column == "needs_group"


# -- tables --------------------------------------------------------------------------------
def test_supervision_by_month_excludes_ungraded_and_keeps_empty_months():
    a = frame([("2013-08-05", "CIN", "good", "good"), ("2013-08-06", "CP", "inadequate", "good"),
               ("2013-08-07", "CIC", None, "good"), ("2013-10-01", "CIC", "adequate", None),
               ("2013-07-31", "CIN", "good", "good"), ("2013-11-01", "CIN", "inadequate", "good")])
    t = m.supervision_by_month(a, params())
    assert t.columns.tolist() == ["month", "audited", "adequate_or_better", "pct"]
    assert t["month"].tolist() == ["2013-08", "2013-09", "2013-10", "Total"]
    assert t["audited"].tolist() == [2, 0, 1, 3]
    assert t["adequate_or_better"].tolist() == [1, 0, 1, 2]
    assert t.loc[0, "pct"] == 50.0 and np.isnan(t.loc[1, "pct"]) and t.loc[3, "pct"] == 66.7


def test_threshold_from_params_changes_the_count():
    a = frame([("2013-08-05", "CIN", "adequate", "good"), ("2013-08-06", "CP", "good", "good")])
    assert m.supervision_by_month(a, params())["adequate_or_better"].iloc[-1] == 2
    assert m.supervision_by_month(a, params(threshold="good"))["adequate_or_better"].iloc[-1] == 1


def test_plans_by_group_two_windows_rows_in_order():
    p = params(cumulative_from="2013-03-01", cumulative_to="2014-02-28")
    a = frame([("2013-03-10", "CIN", "good", "good"), ("2013-04-10", "CIN", "good", "inadequate"),
               ("2013-09-10", "CIN", "good", "adequate"), ("2014-02-28", "CIN", "good", "inadequate"),
               ("2014-03-01", "CIN", "good", "good"), ("2013-09-10", "CP", "good", None),
               ("2013-09-10", "care_leaver", "good", "outstanding")])
    t = m.plans_by_group(a, p)
    assert t["needs_group"].tolist() == ["CIN", "CP", "CIC", "care_leaver", "Total"]
    assert t.columns.tolist() == ["needs_group", "audited", "adequate_or_better", "pct", "audited_since_start",
                                  "adequate_or_better_since_start", "pct_since_start"]
    cin = t.iloc[0]
    assert (cin["audited"], cin["adequate_or_better"], cin["pct"]) == (4, 2, 50.0)
    assert (cin["audited_since_start"], cin["adequate_or_better_since_start"]) == (2, 1)
    assert t.iloc[1]["audited"] == 0 and np.isnan(t.iloc[1]["pct"])
    assert (t.iloc[-1]["audited"], t.iloc[-1]["adequate_or_better"]) == (5, 3)


def test_domains_and_missing_optional_columns():
    a = frame([("2013-08-05", "CIN", "good", "good", "inadequate"), ("2013-08-06", "CP", "good", "good", "good")])
    t = m.domains(a, params())
    assert t.set_index("domain").loc["child_focus", "pct"] == 50.0
    assert t.set_index("domain").loc["overall", "graded"] == 0


def test_iro_by_quarter_partial_edges_and_absent_file():
    p = params(cumulative_from="2013-08-01", cumulative_to="2013-11-15")
    iro = pd.DataFrame({"review_id": ["R1", "R2", "R3", "R4"],
                        "review_date": pd.to_datetime(["2013-08-01", "2013-10-01", "2013-11-16", "2013-10-02"]),
                        "needs_group": "CIC", "plan_grade": ["good", "inadequate", "good", None]})
    t = m.iro_by_quarter(iro, p)
    assert t["quarter"].tolist() == ["2013-14 Q2", "2013-14 Q3", "Total"]
    assert t["first_day"].tolist() == ["2013-08-01", "2013-10-01", "2013-08-01"]
    assert t["last_day"].tolist() == ["2013-09-30", "2013-11-15", "2013-11-15"]
    assert t["graded"].tolist() == [1, 1, 2] and t["pct"].tolist() == [100.0, 0.0, 50.0]
    assert m.iro_by_quarter(None, p).empty


def _strong(group, n, r, start="2013-08-01"):
    x = r.integers(1, 5, n)
    y = np.clip(x + r.integers(-1, 2, n), 1, 4)
    g = dict(enumerate(m.DEFAULT_SCALE, start=1))
    return [(start, group, g[a], g[b]) for a, b in zip(x, y)]


def test_associations_and_one_level_group_is_not_computable():
    r = np.random.default_rng(3)
    rows = _strong("CIN", 80, r) + _strong("CP", 60, r)
    rows += [("2013-08-02", "CIC", "good", "good")] * 5 + [("2013-08-02", "CIC", "good", "adequate")] * 3
    a = frame(rows)
    assoc = m.associations(a, params())
    t = m.correlation_table(assoc)
    assert t.columns.tolist() == m.CORRELATION_COLUMNS
    assert t["needs_group"].tolist() == ["CIN", "CP", "CIC", "care_leaver", "All"]
    cic = t.set_index("needs_group").loc["CIC"]
    assert cic["n"] == 8
    for col in ("spearman_rho", "rho_ci_low", "kendall_tau_b", "p_value", "cramers_v", "odds_ratio"):
        assert cic[col] == NOT_COMPUTABLE
    assert t.set_index("needs_group").loc["care_leaver", "n"] == 0
    cin = t.set_index("needs_group").loc["CIN"]
    assert float(cin["rho_ci_low"]) < float(cin["spearman_rho"]) < float(cin["rho_ci_high"])
    assert t.set_index("needs_group").loc["All", "n"] == 148
    assert "nan" not in t.to_csv().lower()
    # deterministic: same data and seed, same text
    assert m.correlation_table(m.associations(a, params())).equals(t)
    cmp = m.comparison_table(assoc)
    assert cmp["comparison"].tolist() == [f"{m.strongest(assoc)} v {g}" for g in ("CIN", "CP", "CIC", "care_leaver")
                                          if g != m.strongest(assoc)] + ["All groups (Cochran's Q)"]
    assert "not computable" in m.association_sentence(assoc)


def test_crosstab_keeps_zero_cells_in_scale_order():
    a = frame([("2013-08-05", "CIN", "good", "good"), ("2013-08-05", "CIN", "good", None)])
    t = m.crosstab(a, params())
    assert len(t) == 4 * 16 and t["cases"].sum() == 1
    assert t["supervision"].iloc[:4].tolist() == ["inadequate"] * 4
    assert t["plan"].iloc[:4].tolist() == list(m.DEFAULT_SCALE)


def test_no_audits_in_the_period_gives_prose_not_a_crash():
    a = frame([("2014-01-05", "CIN", "good", "good")])
    p = params()
    sup = m.supervision_by_month(a, p)
    assert "No audits" in m.supervision_sentence(sup, p)
    assert "No children in need" in m.plans_sentence(m.plans_by_group(a, p), p)
    assoc = m.associations(a, p)
    assert "could not be measured" in m.association_sentence(assoc)
    assert "cannot be tested" in m.difference_sentence(m.comparison_table(assoc), assoc)
    assert m.headline(a, None, p, assoc)["strongest"] is None


def test_strength_words():
    assert m.strength_word(0.75) == "very strong positive"
    assert m.strength_word(0.55) == "strong positive"
    assert m.strength_word(-0.35) == "moderate negative"
    assert m.strength_word(None) == "not computable"


def _published(t, shape, k=5):
    from panelbook.disclosure import apply

    return apply(t, shape, k)[0]


def test_small_counts_are_withheld_in_the_prose():
    """Issue 15: the sentences read the tables as published, and never say how small a withheld
    figure is ('fewer than 5' would tell a withheld cell from one withheld only to protect it)."""
    from panelbook.disclosure import TableShape

    a = frame([("2013-08-05", "CIN", "good", "good"), ("2013-08-06", "CIN", "inadequate", "good")]
              + [("2013-09-05", "CP", "good", "good")] * 12 + [("2013-10-05", "CP", "good", "inadequate")] * 7)
    p = params()
    sup = m.supervision_by_month(a, p)
    shape = TableShape(counts=("audited", "adequate_or_better"), derived={"pct": ("adequate_or_better", "audited")})
    text = m.supervision_sentence(_published(sup, shape), p)
    assert "August 2013: withheld" in text and "fewer than" not in text and " 2 " not in text
    plans = m.plans_by_group(a, p)
    cols = ("audited", "adequate_or_better", "audited_since_start", "adequate_or_better_since_start")
    pshape = TableShape(counts=cols, derived={"pct": cols[:2], "pct_since_start": cols[2:]})
    said = m.plans_sentence(_published(plans, pshape), p)
    assert "withheld" in said and "fewer than" not in said.lower() and " 2 " not in said
    assert "of 2 cases" in m.supervision_sentence(sup, p)  # suppression off: every count shown
    doms = m.domains(frame([("2013-08-05", "CIN", "good", "good", "good")] * 6), p)
    assert "of the 6 cases" in m.child_focus_sentence(doms, p)  # a count, never '6.0' (a row read across dtypes)


def _audits_from_cells(cells) -> pd.DataFrame:
    """A qa_audits frame holding `cells` ({(group, supervision, plan): cases})."""
    rows = [("2013-08-05", g, s, pl) for (g, s, pl), n in cells.items() for _ in range(int(n))]
    return frame(rows)


CELLS = {**{("CIN", g, g): 20 for g in m.DEFAULT_SCALE}, ("CIN", "inadequate", "good"): 1,
         ("CIN", "good", "outstanding"): 3, **{("CP", g, g): 10 for g in m.DEFAULT_SCALE}}


def _fillings(ct, p, shown_corr, group="CIN") -> list[tuple]:
    """Every filling of the group's withheld cross-tab cells (each at least 1, adding up to its n)
    whose statistics are what the book shows ('c' fits anything)."""
    import itertools

    hidden = ct[(ct["cases"] == "c") & (ct["needs_group"] == group)]
    known = {(r.needs_group, r.supervision, r.plan): int(r.cases) for r in ct.itertuples()
             if r.needs_group == group and r.cases != "c"}
    rest = int(shown_corr.loc[group, "n"]) - sum(known.values())
    fits = []
    for fill in itertools.product(range(1, rest), repeat=len(hidden)):
        if sum(fill) != rest:
            continue
        trial = {**known, **{(r.needs_group, r.supervision, r.plan): v for r, v in zip(hidden.itertuples(), fill)}}
        row = m.correlation_table(m.associations(_audits_from_cells(trial), p)).set_index("needs_group").loc[group]
        if all(shown_corr.loc[group, c] in ("c", row[c]) for c in m.CORRELATION_COLUMNS[1:]):
            fits.append(fill)
    return fits


def test_no_statistic_lets_a_withheld_cross_tab_cell_be_worked_out():
    """Issue 15: with every other cell of a group shown and its n, a published rho (3 places), tau-b, V and
    odds ratio pick out the one filling of the withheld cells that gives them. Try every filling: more
    than one must fit what the book shows."""
    p = params()
    a = _audits_from_cells(CELLS)
    assoc = m.associations(a, p)
    ct = _published(m.crosstab(a, p), CROSSTAB_SHAPE)
    assert (ct["cases"] == "c").sum() == 2
    published = m.withhold_statistics(assoc, ct)
    shown_corr = m.correlation_table(published).set_index("needs_group")
    fits = _fillings(ct, p, shown_corr)
    assert len(fits) > 1, f"the published statistics single out the withheld cells: {fits}"
    assert (shown_corr.loc[["CIN", "All"], "spearman_rho"] == "c").all()
    assert shown_corr.loc["CP", "spearman_rho"] != "c"  # a group whose cells are all shown keeps its statistics
    cmp = m.comparison_table(published)
    assert cmp.iloc[-1]["statistic"] == "c" and not cmp["comparison"].str.startswith("CIN v").any()
    words = m.association_sentence(published)
    assert "withheld for children in need" in words and f"{assoc['CIN']['spearman'].value:.2f}" not in words
    assert "not shown" in m.difference_sentence(cmp, published)
    every = {g: {**s, "withheld": True} for g, s in assoc.items()}
    assert "withheld for every needs group" in m.association_sentence(every)


def test_the_filling_attack_succeeds_on_statistics_computed_from_every_cell():
    """Guard: the same attack on the statistics of every cell (as before issue 15) finds the withheld cells."""
    p = params()
    a = _audits_from_cells(CELLS)
    ct = _published(m.crosstab(a, p), CROSSTAB_SHAPE)
    assert _fillings(ct, p, m.correlation_table(m.associations(a, p)).set_index("needs_group")) == [(1, 3)]
