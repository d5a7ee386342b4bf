"""Sample children.csv and missing_episodes.csv reproducing the trafficking report (April 2014).

Constraints in (the published Tables 1-3 and the report's prose figures, with Table 1's Indian
total corrected to 2), records out:
1. the 44 children of the cohort get (nationality, status) from Table 1, and - at random within
   each status - an age from Table 2 and a time-open band from Table 3; 15 new referrals,
   6 of them still missing (para 3.1);
2. episode counts solve a small integer programme (scipy's milp): per-age episodes (Table 2),
   Afghans 78, Iranians 23, Algerians 19, Moroccans 7 (para 5.1), the 31 found 85 (para 4.8),
   one child 34 and the next 16 (footnote 4 / para 5.1);
3. dates are laid out so each child's first in-scope episode gives that age and time open,
   episodes never overlap, and the still-missing child's last episode is open at 30 Sep 2013.
Then plausible non-cohort children and episodes for the other quarters of 2013-14.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from ...sample.common import day, dob_for_age, random_date, rng

PERIOD_START, PERIOD_END = day("2013-04-01"), day("2013-09-30")

# Table 1 (Indian total corrected from 1 to 2): nationality -> (found, still missing)
NATIONALITY = {
    "Afghanistani": (13, 6), "Moroccan": (4, 2), "Vietnamese": (2, 2), "Iranian": (3, 0),
    "Algerian": (3, 0), "Albanian": (2, 0), "Eritrean": (1, 1), "Indian": (1, 1),
    "Syrian": (1, 1), "Sudanese": (1, 0),
}
# Table 2: age -> (returned, still missing, episodes)
AGE = {14: (4, 3, 24), 15: (5, 1, 15), 16: (8, 1, 13), 17: (12, 3, 84), 18: (1, 2, 3),
       19: (0, 1, 1), 20: (0, 2, 2), 22: (1, 0, 1)}
# Table 3: band -> (found, still missing, (min days, max days))
TIME_OPEN = {
    "1-7 days": (5, 5, (1, 7)), "8-30 days": (1, 0, (8, 30)), "1-6 months": (4, 2, (31, 182)),
    "6 months-1 year": (7, 1, (183, 364)), "1-2 years": (2, 1, (365, 729)),
    "2-3 years": (6, 1, (730, 1094)), "3-5 years": (4, 3, (1095, 1825)), "5 years+": (2, 0, (1826, 2400)),
}
NEW_REFERRALS = {"found": 9, "still_missing": 6}
EPISODES_BY_NATIONALITY = {"Afghanistani": 78, "Iranian": 23, "Algerian": 19, "Moroccan": 7}
FOUND_EPISODES = 85
TOP_TWO = (34, 16)  # both Afghan (para 5.1)
NEW_UASC_REFERRALS = 94  # para 3.1: UASC referrals Apr-Sep 2013


def _expand(table: dict, index: int) -> list:
    return [k for k, v in table.items() for _ in range(v[index])]


def _assign_cohort(r: np.random.Generator) -> pd.DataFrame:
    rows = []
    for s, status in enumerate(("found", "still_missing")):
        nats = _expand(NATIONALITY, s)
        ages = r.permutation(_expand(AGE, s))
        bands = list(r.permutation(_expand(TIME_OPEN, s)))
        for nat, age, band in zip(nats, ages, bands):
            rows.append({"nationality": nat, "status": status, "age": int(age), "time_open": band})
    df = pd.DataFrame(rows)
    df["new_referral"] = False
    for status, n in NEW_REFERRALS.items():
        cand = df.index[(df["status"] == status) & df["time_open"].isin(["1-7 days", "8-30 days", "1-6 months"])]
        df.loc[r.choice(cand, size=n, replace=False), "new_referral"] = True
    return df


def _episode_counts(r: np.random.Generator, df: pd.DataFrame) -> np.ndarray | None:
    """Solve for episodes per child; None when this assignment admits no solution."""
    n = len(df)
    afghans = np.flatnonzero(df["nationality"].eq("Afghanistani") & df["age"].lt(18))
    if len(afghans) < 2:
        return None
    top = r.choice(afghans, size=2, replace=False)
    lo = np.ones(n)
    hi = np.where(df["age"] >= 18, 1, TOP_TWO[1] - 2).astype(float)  # others stay well below the top two
    hi[df["time_open"].eq("1-7 days") & df["status"].eq("still_missing")] = 1  # gone within days: once
    for i, v in zip(top, TOP_TWO):
        lo[i] = hi[i] = v
    rows, rhs = [], []
    for age, (_, _, eps) in AGE.items():
        rows.append(df["age"].eq(age).to_numpy(float)); rhs.append(eps)
    for nat, eps in EPISODES_BY_NATIONALITY.items():
        rows.append(df["nationality"].eq(nat).to_numpy(float)); rhs.append(eps)
    rows.append(df["status"].eq("found").to_numpy(float)); rhs.append(FOUND_EPISODES)
    res = milp(c=r.uniform(-1, 1, n), integrality=np.ones(n), bounds=Bounds(lo, hi),
               constraints=LinearConstraint(np.array(rows), rhs, rhs))
    if not res.success:
        return None
    return np.round(res.x).astype(int)


def _episode_dates(r, first: dt.date, count: int, open_last: bool, last_end: dt.date | None) -> list:
    """`count` non-overlapping episodes from `first`, all starting by PERIOD_END."""
    room = (PERIOD_END - first).days
    gaps = r.multinomial(max(room - 2 * count, 0), np.ones(count) / count) if count > 1 else [0]
    eps, start = [], first
    for k in range(count):
        length = int(r.integers(0, 2))  # returned the same day or the next
        end = start + dt.timedelta(days=length)
        eps.append([start, end])
        start = end + dt.timedelta(days=1 + int(gaps[k]) if k < count - 1 else 0)
    # keep everything inside the period
    if eps[-1][0] > PERIOD_END:
        raise AssertionError("episode past period end")
    if open_last:
        eps[-1][1] = last_end  # None = still open, or a return after as_at
    else:
        eps[-1][1] = min(eps[-1][1], PERIOD_END)
    return eps


def cohort_records(seed: int = 2014) -> tuple[pd.DataFrame, pd.DataFrame]:
    r = rng(seed)
    for _ in range(500):
        df = _assign_cohort(r)
        counts = _episode_counts(r, df)
        if counts is not None:
            break
    else:  # pragma: no cover - the constraints are known to be satisfiable
        raise RuntimeError("no feasible sample found")
    df["episodes"] = counts
    children, episodes = [], []
    for i, row in df.sort_values(["episodes"], ascending=False, kind="stable").reset_index(drop=True).iterrows():
        lo_days, hi_days = TIME_OPEN[row["time_open"]][2]
        latest_first = PERIOD_END - dt.timedelta(days=2 * int(row["episodes"]) + 2)
        if row["new_referral"]:
            days = int(r.integers(lo_days, min(hi_days, (latest_first - PERIOD_START).days) + 1))
            first = random_date(r, PERIOD_START + dt.timedelta(days=days), latest_first)
        else:
            days = int(r.integers(lo_days, hi_days + 1))
            hi_first = min(latest_first, PERIOD_START + dt.timedelta(days=days - 1))
            first = random_date(r, PERIOD_START, hi_first)
        case_open = first - dt.timedelta(days=days)
        assert (case_open >= PERIOD_START) == bool(row["new_referral"])
        still = row["status"] == "still_missing"
        last_end = None if (not still or r.random() < 0.6) else random_date(r, day("2013-10-05"), day("2014-02-20"))
        eps = _episode_dates(r, first, int(row["episodes"]), still, last_end)
        cid = f"C{i:03d}"
        children.append({
            "child_id": cid, "dob": dob_for_age(r, int(row["age"]), first),
            "sex": "M" if r.random() < 0.9 else "F", "nationality": row["nationality"], "uasc": "Y",
            "case_open_date": case_open, "care_status": "CIC" if row["age"] < 18 else "care leaver",
        })
        for s, e in eps:
            episodes.append({"child_id": cid, "start_date": s, "end_date": e, "missing_type": "M"})
    return pd.DataFrame(children), pd.DataFrame(episodes)


OTHER_NATIONALITIES = ["Afghanistani", "Albanian", "Eritrean", "Iranian", "Vietnamese", "Syrian",
                       "Sudanese", "Egyptian", "Kuwaiti", "Iraqi"]


def other_records(r: np.random.Generator, cohort_children: pd.DataFrame, start_index: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Children outside the April 2014 cohort, and later-quarter episodes for everyone."""
    kids, eps = [], []
    n_new = NEW_UASC_REFERRALS - int((cohort_children["case_open_date"] >= PERIOD_START).sum())
    idx = start_index

    def add_child(open_lo, open_hi, uasc, age_lo, age_hi, nationality=None):
        nonlocal idx
        cid = f"C{idx:03d}"; idx += 1
        opened = random_date(r, open_lo, open_hi)
        kids.append({
            "child_id": cid, "dob": dob_for_age(r, int(r.integers(age_lo, age_hi + 1)), opened),
            "sex": "M" if r.random() < (0.9 if uasc else 0.55) else "F",
            "nationality": nationality or (r.choice(OTHER_NATIONALITIES) if uasc else "British"),
            "uasc": "Y" if uasc else "N", "case_open_date": opened, "care_status": "CIC",
        })
        return cid, opened

    # UASC referred in Apr-Sep 2013 who did not go missing then (some go missing later)
    for _ in range(n_new):
        cid, opened = add_child(PERIOD_START, PERIOD_END, True, 14, 17)
        if r.random() < 0.12:
            s = random_date(r, day("2013-10-01"), day("2014-03-25"))
            eps.append({"child_id": cid, "start_date": s, "end_date": s + dt.timedelta(days=int(r.integers(0, 3))), "missing_type": "M"})
    # longer-standing UASC caseload and new referrals in Oct 2013 - Mar 2014
    for _ in range(120):
        add_child(day("2009-01-01"), day("2013-03-31"), True, 13, 17)
    for _ in range(60):
        cid, opened = add_child(day("2013-10-01"), day("2014-03-20"), True, 14, 17)
        if r.random() < 0.25:
            s = random_date(r, opened + dt.timedelta(days=1), day("2014-03-28"))
            eps.append({"child_id": cid, "start_date": s, "end_date": None if r.random() < 0.3 else s + dt.timedelta(days=1), "missing_type": "M"})
    # non-UASC children in care with missing episodes in every quarter (filtered by uasc_only)
    for _ in range(40):
        cid, opened = add_child(day("2010-01-01"), day("2013-03-31"), False, 11, 16)
        s = random_date(r, day("2013-04-01"), day("2014-03-20"))
        eps.append({"child_id": cid, "start_date": s, "end_date": s + dt.timedelta(days=int(r.integers(0, 4))), "missing_type": "A" if r.random() < 0.3 else "M"})
    return pd.DataFrame(kids), pd.DataFrame(eps)


def later_episodes(r: np.random.Generator, children: pd.DataFrame, episodes: pd.DataFrame) -> pd.DataFrame:
    """Found cohort children who go missing again in Oct 2013 - Mar 2014 (after their last return)."""
    rows = []
    last = episodes.groupby("child_id").agg(start=("start_date", "max"))
    ends = episodes.sort_values("start_date").groupby("child_id").tail(1).set_index("child_id")["end_date"]
    for cid, row in last.iterrows():
        end = ends[cid]
        if end is None or (isinstance(end, float) and np.isnan(end)) or end > PERIOD_END:
            continue  # still missing at as_at, or returned later: leave them be
        if r.random() < 0.45:
            s = random_date(r, day("2013-10-02"), day("2014-03-10"))
            for _ in range(int(r.integers(1, 4))):
                e = s + dt.timedelta(days=int(r.integers(0, 3)))
                rows.append({"child_id": cid, "start_date": s, "end_date": e, "missing_type": "M"})
                s = e + dt.timedelta(days=int(r.integers(5, 30)))
                if s > day("2014-03-28"):
                    break
    return pd.DataFrame(rows)


def generate(seed: int = 2014) -> dict[str, pd.DataFrame]:
    children, episodes = cohort_records(seed)
    r = rng(seed + 1)
    kids, eps = other_records(r, children, len(children))
    more = later_episodes(r, children, episodes)
    children = pd.concat([children, kids], ignore_index=True)
    episodes = pd.concat([episodes, eps, more], ignore_index=True)
    episodes = episodes.sort_values(["child_id", "start_date"], kind="stable").reset_index(drop=True)
    return {"children.csv": children, "missing_episodes.csv": episodes}
