"""Sample qa_audits.csv and iro_plan_grades.csv reproducing the April 2014 audit figures.

Constraints in (the Corporate Parenting Panel papers of 10 April 2014), records out:
1. audit volumes per month and needs group, February 2013 (children in care only: "From
   February 2013 ... focussed on CIC") to March 2014; CIN audits are 33 in March-July 2013 and
   196 in August 2013 - February 2014 (229 in all); monthly totals for August-October 2013 are
   nudged until the printed supervision percentage is attainable, and care-leaver audits added
   until the child-focused percentage is;
2. each case gets a latent "quality of practice" L; supervision, plan, child-focus and overall
   latents are L plus noise, with less noise on CIN plans (the paper's association is
   "particularly strong for CIN");
3. within each constrained cell the cases with the highest latent are graded adequate or
   better, exactly as many as the printed figure needs: supervision 88.1% / 89.4% / 90.9% of
   all cases audited in August / September / October 2013; CIN plans 29 of 33 (March-July)
   and 155 of 196 (since August), i.e. 184 of 229 = 80.3%; child-focused practice 90.3% of the
   cases audited March 2013 - February 2014; elsewhere a plausible rate. Grades above (below)
   the threshold are split by the latent's rank;
4. blank (ungraded) domains only where they do not change a printed denominator;
5. IRO care-plan grades for every review from July 2013 ("Since July 2013 IRO's have undertaken
   detailed quality assurance grading of care plans") to March 2014, 79.9% adequate or better
   in Q3 2013/14 (October-December).
Synthetic: no real child, team or worker.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .analysis import DEFAULT_SCALE
from ...numbers import pct_half_up
from ...sample.common import rng

THRESHOLD = 2  # "adequate" on the default scale, scored 1..4
SUPERVISION_PCT = {"2013-08": 88.1, "2013-09": 89.4, "2013-10": 90.9}
CIN_PLANS = {("2013-03", "2013-07"): (29, 33), ("2013-08", "2014-02"): (155, 196)}
CHILD_FOCUS = (("2013-03", "2014-02"), 90.3)
IRO_Q3 = (("2013-10", "2013-12"), 79.9)
MONTHS = pd.period_range("2013-02", "2014-03", freq="M")
MEAN_VOLUME = {"CP": 22, "CIC": 40, "care_leaver": 8}
TEAMS = [f"Team {c}" for c in "ABCDEFGHJKLM"]


def attainable(n: int, pct: float) -> int | None:
    """The count k with pct_half_up(k, n, 1) == pct, or None."""
    k = np.arange(n + 1)
    hit = k[pct_half_up(k, np.full(n + 1, n), 1) == pct]
    return int(hit[0]) if len(hit) else None


def _in(months: pd.Series, lo: str, hi: str) -> pd.Series:
    return (months >= pd.Period(lo, "M")) & (months <= pd.Period(hi, "M"))


def volumes(r: np.random.Generator) -> pd.DataFrame:
    """Audits per month and needs group, meeting the constraints on counts."""
    v = pd.DataFrame(0, index=MONTHS, columns=["CIN", "CP", "CIC", "care_leaver"])
    for (lo, hi), (_, n) in CIN_PLANS.items():
        span = pd.period_range(lo, hi, freq="M")
        v.loc[span, "CIN"] = r.multinomial(n, np.ones(len(span)) / len(span))
    v.loc[pd.Period("2014-03", "M"), "CIN"] = 26
    for g, mean in MEAN_VOLUME.items():
        v[g] = r.poisson(mean, len(v))
    v.loc[pd.Period("2013-02", "M"), ["CIN", "CP", "care_leaver"]] = 0  # CIC only in February 2013
    for month, pct in SUPERVISION_PCT.items():
        while attainable(int(v.loc[pd.Period(month, "M")].sum()), pct) is None:
            v.loc[pd.Period(month, "M"), "CIC"] += 1
    (lo, hi), pct = CHILD_FOCUS
    extra = pd.period_range("2013-11", "2014-02", freq="M")
    i = 0
    while attainable(int(v.loc[lo:hi].to_numpy().sum()), pct) is None:
        v.loc[extra[i % len(extra)], "care_leaver"] += 1
        i += 1
    return v


def _top_k(df: pd.DataFrame, latent: str, cell: pd.Series, k: pd.Series) -> pd.Series:
    """True for the k[cell] cases with the highest latent in each cell."""
    rank = df[latent].groupby(cell).rank(ascending=False, method="first")
    return rank <= cell.map(k)


def _levels(df: pd.DataFrame, latent: str, ok: pd.Series, by: pd.Series) -> pd.Series:
    """Scores 1..4: below the threshold -> 1; at or above split 45/45/10 by the latent's rank."""
    u = df[latent].where(ok).groupby(by).rank(pct=True)
    return pd.Series(np.select([~ok, u <= 0.45, u <= 0.90], [1, 2, 3], 4), index=df.index)


def _rate_k(cell: pd.Series, rate: dict | float) -> pd.Series:
    n = cell.value_counts()
    rates = pd.Series(rate, index=n.index) if np.isscalar(rate) else pd.Series(rate).reindex(n.index)
    return (n * rates).round().astype(int)


def audits(r: np.random.Generator) -> pd.DataFrame:
    v = volumes(r)
    cells = v.stack().rename("n").reset_index().rename(columns={"level_0": "month", "level_1": "needs_group"})
    df = cells.loc[cells.index.repeat(cells["n"]), ["month", "needs_group"]].reset_index(drop=True)
    n = len(df)
    df["audit_date"] = (df["month"].dt.start_time + pd.to_timedelta(
        (r.random(n) * df["month"].dt.days_in_month).astype(int), unit="D"))
    cin = (df["needs_group"] == "CIN").to_numpy()
    L = r.standard_normal(n)
    df["S"] = L + 0.55 * r.standard_normal(n)
    df["P"] = L + np.where(cin, 0.2, np.where(df["needs_group"] == "care_leaver", 0.85, 0.8)) * r.standard_normal(n)
    df["C"] = L + 1.2 * r.standard_normal(n)
    df["O"] = L + 0.4 * r.standard_normal(n)
    month = df["month"]

    # supervision: exact counts in Aug-Oct 2013 (all groups), a rising rate elsewhere
    sup_cell = month.astype(str)
    trend = {m: 0.84 + 0.006 * i for i, m in enumerate(MONTHS.astype(str))}
    k = _rate_k(sup_cell, trend)
    for m, pct in SUPERVISION_PCT.items():
        k[m] = attainable(int((sup_cell == m).sum()), pct)
    sup_ok = _top_k(df, "S", sup_cell, k)
    df["supervision"] = _levels(df, "S", sup_ok, df["needs_group"])

    # plans: CIN exact in its two windows; other groups at plausible rates
    plan_cell = df["needs_group"].copy()
    for (lo, hi), _ in CIN_PLANS.items():
        plan_cell[cin & _in(month, lo, hi)] = f"CIN {lo}"
    k = _rate_k(plan_cell, {"CIN": 0.8, "CP": 0.77, "CIC": 0.82, "care_leaver": 0.74,
                            **{f"CIN {lo}": 0 for (lo, _), _ in CIN_PLANS.items()}})
    for (lo, _), (ok, _) in CIN_PLANS.items():
        k[f"CIN {lo}"] = ok
    df["plan"] = _levels(df, "P", _top_k(df, "P", plan_cell, k), df["needs_group"])

    # child-focused practice: exact over Mar 2013 - Feb 2014
    (lo, hi), pct = CHILD_FOCUS
    cf_cell = pd.Series(np.where(_in(month, lo, hi), "window", "outside"), index=df.index)
    k = _rate_k(cf_cell, 0.9)
    k["window"] = attainable(int((cf_cell == "window").sum()), pct)
    df["child_focus"] = _levels(df, "C", _top_k(df, "C", cf_cell, k), df["needs_group"])
    df["overall"] = _levels(df, "O", _top_k(df, "O", df["needs_group"], _rate_k(df["needs_group"], 0.85)),
                            df["needs_group"])

    grades = dict(enumerate(DEFAULT_SCALE, start=1))
    out = df[["audit_date", "needs_group", "supervision", "plan", "child_focus", "overall"]].copy()
    for c in ("supervision", "plan", "child_focus", "overall"):
        out[c] = out[c].map(grades).astype(object)
    # ungraded domains, only where no printed denominator is touched
    outside_sup = ~month.astype(str).isin(list(SUPERVISION_PCT))
    out.loc[outside_sup & (r.random(n) < 0.03), "supervision"] = None
    out.loc[~pd.Series(cin) & (r.random(n) < 0.03), "plan"] = None
    out.loc[(cf_cell == "outside") & (r.random(n) < 0.1), "child_focus"] = None
    out.loc[r.random(n) < 0.05, "overall"] = None
    out["team"] = r.choice(TEAMS, n)
    out = out.sort_values(["audit_date", "needs_group"], kind="stable").reset_index(drop=True)
    out.insert(0, "audit_id", [f"QA{i:05d}" for i in range(1, len(out) + 1)])
    out["audit_date"] = out["audit_date"].dt.date
    return out[["audit_id", "audit_date", "needs_group", "team", "supervision", "plan", "child_focus", "overall"]]


def iro_reviews(r: np.random.Generator) -> pd.DataFrame:
    """IRO care-plan grades per review, July 2013 - March 2014; Q3 exact."""
    months = pd.period_range("2013-07", "2014-03", freq="M")
    counts = pd.Series(r.poisson(310, len(months)), index=months)
    (lo, hi), pct = IRO_Q3
    q3 = pd.period_range(lo, hi, freq="M")
    while attainable(int(counts[q3].sum()), pct) is None:
        counts[q3[-1]] += 1
    month = pd.Series(months.repeat(counts.to_numpy()))
    n = len(month)
    date = month.dt.start_time + pd.to_timedelta((r.random(n) * month.dt.days_in_month).astype(int), unit="D")
    in_q3 = _in(month, lo, hi)
    rate = np.select([month < q3[0], in_q3], [0.77, 0.0], 0.82)
    z = pd.DataFrame({"z": r.standard_normal(n)})
    cell = pd.Series(np.where(in_q3, "q3", month.astype(str)), index=z.index)
    k = (cell.value_counts() * pd.Series(rate, index=z.index).groupby(cell).first()).round().astype(int)
    k["q3"] = attainable(int(in_q3.sum()), pct)
    ok = _top_k(z, "z", cell, k)
    grade = _levels(z, "z", ok, cell).map(dict(enumerate(DEFAULT_SCALE, start=1))).astype(object)
    grade[~in_q3 & (r.random(n) < 0.02)] = None
    out = pd.DataFrame({"review_date": date, "needs_group": "CIC", "plan_grade": grade})
    out = out.sort_values("review_date", kind="stable").reset_index(drop=True)
    out.insert(0, "review_id", [f"IRO{i:05d}" for i in range(1, n + 1)])
    out["review_date"] = out["review_date"].dt.date
    return out


def generate(seed: int = 2014) -> dict[str, pd.DataFrame]:
    r = rng(seed + 40)
    return {"qa_audits.csv": audits(r), "iro_plan_grades.csv": iro_reviews(r)}
