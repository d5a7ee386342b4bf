"""Sample complaints.csv and advocacy_cases.csv reproducing the Customer Care and Coram Voice
summaries of the April 2014 Corporate Parenting Panel pack. Synthetic: no real child.

Constraints in, records out:
1. the 23 complaints received 1 Sep 2013 - 28 Feb 2014 take (service, age band) from a plan whose
   margins are the published tables (services 12/3/2/4/1/1; under 16: 8, 16-19: 9, 20-24: 6);
   ages are drawn within the band (care leavers' services get the older complainants);
2. advocacy 21 Coram Voice / 1 declined / 1 not offered; subjects 1 passport application, 1 advice on
   accommodation and the leaving care grant (a care leaver), 21 disputing a decision - 18 placement
   moves and the three other decisions the paper lists; 5 of the disputes reach stage 2, none stage 3;
3. stage 1 responses are drawn in working days (most within 10, some within 20, one later; one
   withdrawn complaint has none), so the timeliness section has something to say;
4. the previous six months (Mar - Aug 2013) have fewer, older complainants and one escalation
   (the paper: complaints "increased in 2013/14" and used to come mostly from over-16s), and March
   2014 has a few more, so every quarter of 2013-14 has data;
5. 27 Coram Voice cases close 1 Aug 2013 - 31 Jan 2014: 16 fully resolved, 7 partially, 4 unknown;
   over the 35 cases open in that period, 'Request to stay in placement' is the top issue, then
   the paper's other four of the top five; further cases close before or open after the period.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ...workdays import add_working_days
from ...sample.common import day, edition_words, random_date, rng

PERIOD = (day("2013-09-01"), day("2014-02-28"))
PREVIOUS = (day("2013-03-01"), day("2013-08-31"))
LATER = (day("2014-03-01"), day("2014-03-31"))
ADVOCACY_PERIOD = (day("2013-08-01"), day("2014-01-31"))

WORDS = edition_words("complaints")
# service -> complaints by band (under 16, 16-19, 20-24): margins = the published tables
PLAN = {service: tuple(bands) for service, bands in WORDS["services"].items()}
SERVICES = tuple(PLAN)
BAND_AGES = ((11, 15), (16, 19), (20, 24))
PASSPORT = "passport application"
ADVICE = "advice on accommodation and leaving care grant"
DISPUTE = "disputing a decision"
OTHER_DECISIONS = ("laptops not replaced after a burglary", "leaving care grant used for rent and deposit",
                   "no support in supported living")
ESCALATED = 5
ADVOCACY_OUTCOMES = {"fully resolved": 16, "partially resolved": 7, "unknown": 4}
TOP_ISSUES = {  # over the cases open in the advocacy period
    "Request to stay in placement": 10, "Finance, benefits and debt": 7, "Education and training": 6,
    "Support at meetings": 5, "Complaints and concerns about social workers or PAs": 4,
    "Contact with family": 2, "Health": 1,
}


def _ages(r: np.random.Generator, band: int, n: int) -> list[int]:
    lo, hi = BAND_AGES[band]
    return [int(a) for a in r.integers(lo, hi + 1, size=n)]


def _period_complaints(r: np.random.Generator) -> pd.DataFrame:
    rows = [{"service": s, "complainant_age": a}
            for s, bands in PLAN.items() for b, n in enumerate(bands) for a in _ages(r, b, n)]
    df = pd.DataFrame(rows).iloc[r.permutation(len(rows))].reset_index(drop=True)
    n = len(df)
    df["received_date"] = sorted(random_date(r, *PERIOD) for _ in range(n))
    df["advocate"] = "Coram Voice"
    df["subject"] = DISPUTE
    df["decision_disputed"] = None
    pool = list(r.permutation(n))
    older = [i for i in pool if df.at[i, "complainant_age"] >= 18]
    passport = next(i for i in pool if df.at[i, "service"] == "UASC" and df.at[i, "complainant_age"] >= 16)
    advice = next(i for i in older if i != passport)
    df.loc[passport, "subject"], df.loc[advice, "subject"] = PASSPORT, ADVICE
    disputes = [i for i in pool if i not in (passport, advice)]
    others = [next(i for i in disputes if df.at[i, "complainant_age"] >= 16)]
    others.append(next(i for i in disputes if df.at[i, "complainant_age"] >= 18 and i not in others))
    others.append(next(i for i in disputes if i not in others))
    for i, decision in zip(others, OTHER_DECISIONS):
        df.loc[i, "decision_disputed"] = decision
    df.loc[[i for i in disputes if i not in others], "decision_disputed"] = "placement move"
    df.loc[advice, "advocate"] = "not offered"  # resolved (a misunderstanding) before one was offered
    df.loc[next(i for i in pool if i not in (advice,)), "advocate"] = "declined"
    df["stage"] = 1
    escalate = [i for i in r.permutation(disputes)][:ESCALATED]
    df.loc[escalate, "stage"] = 2
    return df


def _other_complaints(r: np.random.Generator, span, n: int, band_p, escalated: int) -> pd.DataFrame:
    bands = r.choice(3, size=n, p=band_p)
    df = pd.DataFrame({
        "service": r.choice(SERVICES, size=n, p=WORDS["service_weights"]),
        "complainant_age": [_ages(r, int(b), 1)[0] for b in bands],
        "received_date": sorted(random_date(r, *span) for _ in range(n)),
    })
    df["advocate"] = np.where(r.random(n) < 0.8, "Coram Voice", "declined")
    df["subject"] = np.where(r.random(n) < 0.8, DISPUTE, ADVICE)
    df["decision_disputed"] = np.where(df["subject"] == DISPUTE, "placement move", None)
    df["stage"] = 1
    df.loc[r.choice(df.index[df["subject"] == DISPUTE], size=escalated, replace=False), "stage"] = 2
    return df


def _outcomes_and_responses(r: np.random.Generator, df: pd.DataFrame) -> pd.DataFrame:
    """Outcomes (few decisions changed) and stage 1 response dates in working days."""
    n = len(df)
    df["outcome"] = r.choice(["not upheld", "partly upheld", "upheld"], size=n, p=[0.7, 0.2, 0.1])
    stage2 = df.index[df["stage"] >= 2]
    df.loc[stage2[len(stage2) // 2:], "outcome"] = "open"  # the latest are still being investigated
    days = r.choice(np.arange(2, 11), size=n)
    late = r.choice(n, size=max(1, n // 6), replace=False)
    days[late] = r.integers(11, 21, size=len(late))
    days[late[0]] = int(r.integers(22, 30))  # one beyond the extended limit
    received = pd.to_datetime(df["received_date"])
    df["responded_date"] = None
    for k in np.unique(days):
        at = np.flatnonzero(days == k)
        df.loc[at, "responded_date"] = [d.date() for d in add_working_days(received.iloc[at], int(k))]
    in_period = (df["received_date"] >= PERIOD[0]) & (df["received_date"] <= PERIOD[1])
    withdrawn = next(i for i in r.permutation(n)
                     if in_period[i] and df.at[i, "stage"] == 1 and df.at[i, "advocate"] == "Coram Voice")
    df.loc[withdrawn, ["outcome", "responded_date"]] = ["withdrawn", None]
    return df


def complaints(seed: int = 2014) -> pd.DataFrame:
    r = rng(seed)
    parts = [
        _other_complaints(r, PREVIOUS, 14, [0.15, 0.5, 0.35], escalated=1),
        _period_complaints(r),
        _other_complaints(r, LATER, 4, [0.4, 0.4, 0.2], escalated=0),
    ]
    df = pd.concat(parts, ignore_index=True)
    df = df.sort_values("received_date", kind="stable").reset_index(drop=True)
    df = _outcomes_and_responses(r, df)
    df.insert(0, "complaint_id", [f"CC{i + 1:04d}" for i in range(len(df))])
    return df[["complaint_id", "received_date", "service", "complainant_age", "advocate", "subject",
               "decision_disputed", "stage", "outcome", "responded_date"]]


def _case(r, opened_lo, opened_hi, closed, outcome, issue) -> dict:
    if closed is not None:
        opened = closed - dt.timedelta(days=int(r.integers(14, 150)))
    else:
        opened = random_date(r, opened_lo, opened_hi)
    return {"opened_date": opened, "closed_date": closed, "top_issue": issue, "outcome": outcome}


def advocacy_cases(seed: int = 2014) -> pd.DataFrame:
    r = rng(seed + 7)
    issues = list(r.permutation([k for k, v in TOP_ISSUES.items() for _ in range(v)]))
    outcomes = [k for k, v in ADVOCACY_OUTCOMES.items() for _ in range(v)]
    rows = []
    for outcome in r.permutation(outcomes):  # closed in the advocacy period
        rows.append(_case(r, None, None, random_date(r, *ADVOCACY_PERIOD), str(outcome), issues.pop()))
    for k in range(len(issues)):  # still open at the period's end (some close in Feb-Mar 2014)
        closed = random_date(r, day("2014-02-03"), day("2014-03-28")) if k % 2 else None
        case = _case(r, day("2013-06-01"), day("2014-01-20"), None, None, issues.pop())
        case["closed_date"] = closed
        case["outcome"] = str(r.choice(list(ADVOCACY_OUTCOMES), p=[0.6, 0.3, 0.1])) if closed else None
        rows.append(case)
    names = list(TOP_ISSUES)
    for _ in range(10):  # closed before the advocacy period
        closed = random_date(r, day("2013-04-01"), day("2013-07-31"))
        rows.append(_case(r, None, None, closed, str(r.choice(list(ADVOCACY_OUTCOMES), p=[0.6, 0.3, 0.1])),
                          str(r.choice(names))))
    for _ in range(4):  # opened after it
        rows.append(_case(r, day("2014-02-01"), day("2014-03-25"), None, None, str(r.choice(names))))
    df = pd.DataFrame(rows).sort_values(["opened_date"], kind="stable").reset_index(drop=True)
    df.insert(0, "case_id", [f"AV{i + 1:03d}" for i in range(len(df))])
    return df


def generate(seed: int = 2014) -> dict[str, pd.DataFrame]:
    return {"complaints.csv": complaints(seed), "advocacy_cases.csv": advocacy_cases(seed)}
