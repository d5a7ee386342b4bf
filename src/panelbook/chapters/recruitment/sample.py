"""Sample foster_applications.csv, foster_households.csv and workforce.csv (April 2014 panel).

Constraints in, records out (no real household or worker):
1. Position statement Table 1 (Apr-Dec 2013) at 1 dp, so the whole numbers printed follow exactly:
   189 approvals / 1,454 enquiries = 13.0%; 189 approved of 259 assessments concluded = 73.0%
   (70 withdrawn or declined after starting); 46 deregistrations / 760 households at 1 April x
   365/275 = 8.0%; places in use / approved places at 31 Dec 2013 = 85.0% (vacancy 15.0%).
2. Position statement 3.3.4 and footnote 2 (expected by year end) and the action plan 6.3
   (achieved): ACHIEVED per category are approvals 1 Apr - 31 Dec 2013 (sibling 57, solo 10,
   permanence 30, short breaks 16 printed; the other four chosen so the total is 189), and
   PIPELINE households are in assessment at 31 Dec 2013 with panel by 31 Mar 2014, so that
   achieved + pipeline = the printed expected figure (79, 10, 2, 2, 60, 10, 31, 17).
3. Other applications fill in all four quarters of 2013-14: enquiries that never reached
   assessment, later withdrawals, and assessments with panels after the year end.
4. workforce.csv: seven teams, April 2013 - March 2014; the 50 newly qualified social workers who
   started in September 2013 (minutes of 14 Feb 2014); 2 vacant IRO posts at 31 Dec 2013 (one
   appointee starting in January 2014, CIC plan); IRO caseload 84 in February 2014 (minutes).
   Vacancy falls from about 19% towards the 10% target; permanent FTE follow starters - leavers.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ...sample.common import day, edition_words, random_date, rng

FY_START, PERIOD_END, YEAR_END = day("2013-04-01"), day("2013-12-31"), day("2014-03-31")
EXTRACT = day("2014-03-31")  # the data as held at the end of 2013-14

# category -> (achieved 1 Apr-31 Dec 2013, in assessment at 31 Dec with panel by 31 Mar 2014)
CATEGORIES = {
    "standard": (66, 13), "challenging": (7, 3), "16+": (2, 0), "parent_child": (1, 1),
    "sibling": (57, 3), "solo": (10, 0), "permanence": (30, 1), "short_breaks_disability": (16, 1),
}
ENQUIRY_WEIGHTS = {"standard": 0.52, "challenging": 0.09, "16+": 0.06, "parent_child": 0.04,
                   "sibling": 0.15, "solo": 0.04, "permanence": 0.06, "short_breaks_disability": 0.04}
ENQUIRIES_IN_PERIOD = 1454
CONCLUDED_NOT_APPROVED = 70  # withdrawn or declined after assessment started, Apr-Dec 2013
HOUSEHOLDS_AT_START, DEREGISTERED_IN_PERIOD = 760, 46
UTILISATION = 0.85
AREAS = edition_words("recruitment")["areas"]


def _days(d: dt.date, n: int) -> dt.date:
    return d + dt.timedelta(days=int(n))


class _Apps:
    def __init__(self, r):
        self.r, self.rows = r, []

    def add(self, category, enquiry, start=None, panel=None, approval=None, closed=None, outcome="in_progress"):
        self.rows.append({"enquiry_date": enquiry, "category": category, "area": AREAS[int(self.r.integers(4))],
                          "assessment_start_date": start, "panel_date": panel, "approval_date": approval,
                          "closed_date": closed, "outcome": outcome})


def _approved(a: _Apps, r, category: str, approval: dt.date):
    """An approval on `approval`: enquiry 4-14 months before (most within 8), panel days before."""
    span = int(r.choice([r.integers(120, 243), r.integers(244, 420)], p=[0.62, 0.38]))
    enquiry = _days(approval, -span)
    start = _days(enquiry, r.integers(20, 75))
    panel = _days(approval, -int(r.integers(0, 11)))
    a.add(category, enquiry, start, panel, approval, None, "approved")


def _applications(r) -> pd.DataFrame:
    a = _Apps(r)
    cats = list(CATEGORIES)
    for cat, (achieved, pipeline) in CATEGORIES.items():
        for _ in range(achieved):
            _approved(a, r, cat, random_date(r, FY_START, PERIOD_END))
        for _ in range(pipeline):  # in assessment at 31 Dec 2013; panel and approval Jan-Mar 2014
            panel = random_date(r, day("2014-01-08"), day("2014-03-24"))
            start = random_date(r, day("2013-06-01"), day("2013-11-30"))
            a.add(cat, _days(start, -int(r.integers(20, 80))), start, panel, _days(panel, r.integers(0, 7)),
                  None, "approved")
    # approvals in Jan-Mar 2014 outside the target categories' pipeline: none (expected must hold)
    # in assessment at 31 Dec 2013 with a panel after the year end (not expected this year)
    for _ in range(24):
        start = random_date(r, day("2013-10-01"), day("2013-12-20"))
        a.add(str(r.choice(cats, p=list(ENQUIRY_WEIGHTS.values()))), _days(start, -int(r.integers(20, 70))),
              start, random_date(r, day("2014-04-10"), day("2014-07-30")), None, None, "in_progress")
    # assessments concluded without approval in the period (withdrawn, or declined at panel)
    for i in range(CONCLUDED_NOT_APPROVED):
        closed = random_date(r, day("2013-04-05"), PERIOD_END)
        start = _days(closed, -int(r.integers(20, 150)))
        declined = i % 5 == 0
        a.add(str(r.choice(cats, p=list(ENQUIRY_WEIGHTS.values()))), _days(start, -int(r.integers(20, 90))), start,
              closed if declined else None, None, closed, "declined" if declined else "withdrawn")
    # 2014 Q1 activity: withdrawals after assessment, and new assessments without a panel date yet
    for _ in range(18):
        closed = random_date(r, day("2014-01-06"), day("2014-03-28"))
        start = random_date(r, day("2014-01-02"), closed) if r.random() < 0.3 else None
        start = start or random_date(r, day("2013-11-01"), day("2013-12-31"))
        enquiry = _days(start, -int(r.integers(20, 90)))
        # must not be in assessment at 31 Dec 2013 with a panel by year end: no panel date
        a.add(str(r.choice(cats, p=list(ENQUIRY_WEIGHTS.values()))), enquiry, start, None, None, closed, "withdrawn")
    for _ in range(30):
        start = random_date(r, day("2014-01-06"), day("2014-03-28"))
        a.add(str(r.choice(cats, p=list(ENQUIRY_WEIGHTS.values()))), _days(start, -int(r.integers(15, 60))),
              start, None, None, None, "in_progress")
    df = pd.DataFrame(a.rows)
    in_period = df["enquiry_date"].between(FY_START, PERIOD_END)
    # enquiries that never reached assessment: top the period up to the printed total
    extra = ENQUIRIES_IN_PERIOD - int(in_period.sum())
    assert extra > 0, extra
    more = _Apps(r)
    for _ in range(extra):
        enquiry = random_date(r, FY_START, PERIOD_END)
        _enquiry_only(more, r, cats, enquiry)
    for lo, hi, n in (("2013-01-02", "2013-03-31", 330), ("2014-01-02", "2014-03-31", 520)):
        for _ in range(n):
            _enquiry_only(more, r, cats, random_date(r, day(lo), day(hi)))
    df = pd.concat([df, pd.DataFrame(more.rows)], ignore_index=True)
    df = df.sort_values(["enquiry_date", "category"], kind="stable").reset_index(drop=True)
    df.insert(0, "household_id", [f"FA{i:05d}" for i in range(1, len(df) + 1)])
    return df


def _enquiry_only(a: _Apps, r, cats, enquiry: dt.date):
    cat = str(r.choice(cats, p=list(ENQUIRY_WEIGHTS.values())))
    closed = _days(enquiry, r.integers(0, 60))
    if closed > EXTRACT:
        a.add(cat, enquiry)
    else:
        a.add(cat, enquiry, closed=closed, outcome="withdrawn")


def _households(r, apps: pd.DataFrame) -> pd.DataFrame:
    rows = []
    n_old = HOUSEHOLDS_AT_START
    for i in range(n_old):  # approved before 1 April 2013
        rows.append({"household_id": f"FH{i + 1:05d}", "approval_date": random_date(r, day("2001-04-01"), day("2013-03-28")),
                     "deregistration_date": None, "approved_places": int(r.choice([1, 2, 3, 4], p=[.3, .45, .2, .05]))})
    for k, i in enumerate(r.choice(n_old, size=DEREGISTERED_IN_PERIOD + 20, replace=False)):
        when = random_date(r, FY_START, PERIOD_END) if k < DEREGISTERED_IN_PERIOD else \
            random_date(r, day("2014-01-03"), day("2014-03-28"))
        rows[i]["deregistration_date"] = when
    for i in range(60):  # deregistered before the period: history, not counted
        appr = random_date(r, day("2003-01-01"), day("2011-12-31"))
        rows.append({"household_id": f"FX{i + 1:05d}", "approval_date": appr,
                     "deregistration_date": random_date(r, _days(appr, 365), day("2013-03-25")),
                     "approved_places": int(r.choice([1, 2, 3]))})
    new = apps[apps["approval_date"].notna()]
    for hid, appr in zip(new["household_id"], new["approval_date"]):
        rows.append({"household_id": hid, "approval_date": appr, "deregistration_date": None,
                     "approved_places": int(r.choice([1, 2, 3], p=[.35, .5, .15]))})
    hh = pd.DataFrame(rows)
    t = pd.Timestamp(PERIOD_END)
    appr = pd.to_datetime(hh["approval_date"])
    dereg = pd.to_datetime(hh["deregistration_date"])
    live = (appr <= t) & (dereg.isna() | (dereg > t))
    total = int(hh.loc[live, "approved_places"].sum())
    vacant = total - int(np.floor(total * UTILISATION + 0.5))
    in_use = hh["approved_places"].where(live)
    for i in r.choice(np.repeat(np.flatnonzero(live), hh.loc[live, "approved_places"]), size=vacant, replace=False):
        in_use.iat[i] -= 1  # one vacant place each draw (a place, not a household)
    hh["places_in_use"] = in_use.astype("Int64")
    return hh.sort_values("household_id").reset_index(drop=True)


TEAMS = {  # team -> (establishment FTE, permanent FTE in April 2013)
    "Ashford & Shepway": (62.0, 47.5), "Canterbury & Swale": (70.0, 55.0), "Dartford & Gravesham": (58.0, 43.5),
    "Dover & Thanet": (74.0, 56.5), "Maidstone & Malling": (60.0, 48.0), "Sevenoaks & Tunbridge Wells": (52.0, 41.5),
    "IRO": (38.0, 37.0),
}
SEPT_NQSW = 50


def _workforce(r) -> pd.DataFrame:
    months = pd.date_range("2013-04-01", "2014-03-01", freq="MS")
    teams = [t for t in TEAMS if t != "IRO"]
    sept = dict(zip(teams, r.multinomial(SEPT_NQSW, np.ones(len(teams)) / len(teams))))
    rows = []
    for team, (est, perm) in TEAMS.items():
        for m in months:
            if team == "IRO":
                starters = {pd.Timestamp("2013-06-01"): 1, pd.Timestamp("2014-01-01"): 1}.get(m, 0)
                leavers = {pd.Timestamp("2013-05-01"): 1, pd.Timestamp("2013-08-01"): 1}.get(m, 0)
            else:
                starters = int(sept[team]) if m == pd.Timestamp("2013-09-01") else int(r.choice(3, p=[.6, .3, .1]))
                leavers = int(r.choice(3, p=[.4, .4, .2]))
            perm = min(est, perm + starters - leavers)
            vacant = est - perm
            agency = round(float(vacant * r.uniform(0.55, 0.9)) * 2) / 2
            case = None
            if team == "IRO":
                case = 84.0 if m == pd.Timestamp("2014-02-01") else round(float(r.uniform(86, 95)), 1)
            else:
                case = round(float(r.uniform(18, 27)), 1)
            rows.append({"month": m.date(), "team": team, "establishment_fte": est, "permanent_fte": perm,
                         "agency_fte": agency, "starters": starters, "leavers": leavers, "caseload_avg": case})
    df = pd.DataFrame(rows)
    iro_dec = df[(df["team"] == "IRO") & (df["month"] == day("2013-12-01"))].iloc[0]
    assert iro_dec["establishment_fte"] - iro_dec["permanent_fte"] == 2, iro_dec
    return df


def generate(seed: int = 2014) -> dict[str, pd.DataFrame]:
    r = rng(seed)
    apps = _applications(r)
    households = _households(r, apps)
    return {"foster_applications.csv": apps, "foster_households.csv": households,
            "workforce.csv": _workforce(rng(seed + 1))}
