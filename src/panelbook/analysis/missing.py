"""Missing children (UASC): who went missing in the period, who is still missing, and how often.

Definitions (quoted in the chapter):
- in-scope episodes start within [period_start, period_end]; only children with uasc=Y when
  `uasc_only`; the cohort is the children with at least one in-scope episode;
- a child is *still missing* when their latest episode starting on or before `as_at` has no end or
  ends after `as_at`, else *found*;
- age is completed years at the start of the child's first in-scope episode;
- time open is days from `case_open_date` to that start, in the eight bins of TIME_OPEN_BINS;
- a new referral has `case_open_date` inside the period.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from pydantic import model_validator

from ..params import PeriodParams
from ..schema import Col, FileSpec, RowRule, end_on_or_after


class Params(PeriodParams):
    as_at: dt.date | None = None  # default: period_end
    uasc_only: bool = False

    @model_validator(mode="after")
    def _as_at_in_range(self):
        if self.as_at is not None and self.as_at < self.period_start:
            raise ValueError(f"as_at ({self.as_at}) is before period_start ({self.period_start})")
        return self

    @property
    def as_at_date(self) -> dt.date:
        return self.as_at or self.period_end


CHILDREN = FileSpec(
    name="children.csv",
    description="One row per child known to the service.",
    columns=(
        Col("child_id", unique=True, aliases=("CHILD",), help="the child's unique reference"),
        Col("dob", "date", aliases=("DOB",), help="date of birth"),
        Col("sex", "code", codes=("M", "F", "other", "unknown"),
            code_aliases={"1": "M", "2": "F", "male": "M", "female": "F", "boy": "M", "girl": "F"},
            aliases=("SEX",)),
        Col("nationality", help="as recorded, e.g. Afghanistani"),
        Col("uasc", "flag", aliases=("UASC",), help="Y if an unaccompanied asylum-seeking child"),
        Col("case_open_date", "date", help="when the service opened the case"),
        Col("care_status", required=False, nullable=True),
        Col("service_end_date", "date", required=False, nullable=True),
    ),
    rules=(
        RowRule("case_open_date is before the date of birth", "case_open_date",
                end_on_or_after("dob", "case_open_date"), "check both dates"),
        RowRule("service_end_date is before case_open_date", "service_end_date",
                end_on_or_after("case_open_date", "service_end_date"), "check both dates"),
    ),
)

EPISODES = FileSpec(
    name="missing_episodes.csv",
    description="One row per missing (or away) episode.",
    columns=(
        Col("child_id", aliases=("CHILD",), help="matches children.csv"),
        Col("start_date", "date", aliases=("MIS_START",), help="first day missing"),
        Col("end_date", "date", nullable=True, aliases=("MIS_END",), help="blank = still open"),
        Col("missing_type", "code", required=False, nullable=True, codes=("M", "A"),
            code_aliases={"missing": "M", "away": "A"}, aliases=("MISSING",)),
    ),
    rules=(
        RowRule("end_date is before start_date", "end_date",
                end_on_or_after("start_date", "end_date"), "an episode must end on or after it starts"),
    ),
)

INPUTS = (CHILDREN, EPISODES)

TIME_OPEN_BINS: tuple[tuple[str, int, int | None], ...] = (
    ("1-7 days", 0, 7),
    ("8-30 days", 8, 30),
    ("1-6 months", 31, 182),
    ("6 months-1 year", 183, 364),
    ("1-2 years", 365, 729),
    ("2-3 years", 730, 1094),
    ("3-5 years", 1095, 1825),
    ("5 years+", 1826, None),
)
STATUS = ("found", "still_missing")


def completed_years(born: pd.Series, on: pd.Series) -> pd.Series:
    """Age in completed years on a date (birthday counted on the day itself)."""
    born = pd.to_datetime(born)
    on = pd.to_datetime(on)
    before_birthday = (on.dt.month < born.dt.month) | (
        (on.dt.month == born.dt.month) & (on.dt.day < born.dt.day)
    )
    return (on.dt.year - born.dt.year - before_birthday.astype(int)).astype("Int64")


def time_open_bin(days: pd.Series) -> pd.Series:
    """Label each number of days with its TIME_OPEN_BINS band (an ordered categorical)."""
    labels = [b[0] for b in TIME_OPEN_BINS]
    edges = [-np.inf] + [b[2] for b in TIME_OPEN_BINS[:-1]] + [np.inf]
    return pd.cut(days.astype(float), bins=edges, labels=labels, right=True)


def in_scope_episodes(children: pd.DataFrame, episodes: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Episodes starting in the period (UASC only if asked), with the child's attributes."""
    start, end = pd.Timestamp(p.period_start), pd.Timestamp(p.period_end)
    eps = episodes[(episodes["start_date"] >= start) & (episodes["start_date"] <= end)]
    eps = eps.merge(children, on="child_id", how="inner", validate="many_to_one")
    if p.uasc_only:
        eps = eps[eps["uasc"].fillna(False).astype(bool)]
    return eps.sort_values(["child_id", "start_date"], kind="stable").reset_index(drop=True)


def status_at(episodes: pd.DataFrame, as_at: dt.date) -> pd.Series:
    """Per child: 'still_missing' if the latest episode starting on or before as_at is open at as_at."""
    cut = pd.Timestamp(as_at)
    eps = episodes[episodes["start_date"] <= cut].sort_values(["child_id", "start_date"], kind="stable")
    latest = eps.groupby("child_id", sort=True).tail(1).set_index("child_id")
    open_ = latest["end_date"].isna() | (latest["end_date"] > cut)
    return pd.Series(np.where(open_, "still_missing", "found"), index=latest.index, name="status")


def cohort(children: pd.DataFrame, episodes: pd.DataFrame, p: Params) -> pd.DataFrame:
    """One row per child with an in-scope episode: nationality, age, time open, episodes, status."""
    eps = in_scope_episodes(children, episodes, p)
    first = eps.groupby("child_id", sort=True).agg(
        first_start=("start_date", "min"), episodes=("start_date", "size")
    )
    kids = children.set_index("child_id").loc[first.index]
    out = first.join(kids[["nationality", "dob", "case_open_date", "uasc"]])
    out["age"] = completed_years(out["dob"], out["first_start"])
    out["time_open_days"] = (out["first_start"] - out["case_open_date"]).dt.days
    out["time_open"] = time_open_bin(out["time_open_days"])
    out["status"] = status_at(episodes[episodes["child_id"].isin(first.index)], p.as_at_date)
    start, end = pd.Timestamp(p.period_start), pd.Timestamp(p.period_end)
    out["new_referral"] = (out["case_open_date"] >= start) & (out["case_open_date"] <= end)
    return out.reset_index()


def _status_counts(c: pd.DataFrame, by: str) -> pd.DataFrame:
    t = pd.crosstab(c[by], c["status"]).reindex(columns=list(STATUS), fill_value=0)
    t.columns.name = None
    return t


def _with_total(df: pd.DataFrame, label_col: str, sum_cols: list[str], extra: dict | None = None) -> pd.DataFrame:
    total = {label_col: "Total", **{c: int(df[c].sum()) for c in sum_cols}, **(extra or {})}
    return pd.concat([df, pd.DataFrame([total])], ignore_index=True)


def by_nationality(c: pd.DataFrame) -> pd.DataFrame:
    """Table 1: children by nationality, found / still missing; rows by total desc, then name."""
    t = _status_counts(c, "nationality")
    t["total"] = t.sum(axis=1)
    t = t.reset_index().sort_values(["total", "nationality"], ascending=[False, True], kind="stable")
    return _with_total(t[["nationality", *STATUS, "total"]], "nationality", [*STATUS, "total"])


def by_age(c: pd.DataFrame) -> pd.DataFrame:
    """Table 2: children and episodes by age at first in-scope episode; rows by age."""
    t = _status_counts(c, "age")
    t["children"] = t.sum(axis=1)
    t["episodes"] = c.groupby("age")["episodes"].sum()
    t = t.reset_index().sort_values("age")
    t["age"] = t["age"].astype(int).astype(str)
    return _with_total(t[["age", *STATUS, "children", "episodes"]], "age", [*STATUS, "children", "episodes"])


def by_time_open(c: pd.DataFrame) -> pd.DataFrame:
    """Table 3: children by time the case was open before the first episode; all bins, zeros kept."""
    labels = [b[0] for b in TIME_OPEN_BINS]
    t = _status_counts(c, "time_open").reindex(labels, fill_value=0)
    t["total"] = t.sum(axis=1)
    t = t.rename_axis("time_open").reset_index()
    t["time_open"] = t["time_open"].astype(str)
    return _with_total(t[["time_open", *STATUS, "total"]], "time_open", [*STATUS, "total"])


def episodes_by_nationality(c: pd.DataFrame) -> pd.DataFrame:
    """Episodes by nationality with their share of all in-scope episodes (1 dp)."""
    t = c.groupby("nationality").agg(children=("child_id", "size"), episodes=("episodes", "sum")).reset_index()
    total = int(t["episodes"].sum())
    t["share_pct"] = (t["episodes"] / total * 100).round(1) if total else np.nan
    t = t.sort_values(["episodes", "nationality"], ascending=[False, True], kind="stable")
    return _with_total(t, "nationality", ["children", "episodes"], {"share_pct": 100.0 if total else np.nan})


def episodes_per_child(c: pd.DataFrame) -> pd.DataFrame:
    """Distribution: how many children had 1, 2, 3... episodes (bands above 5)."""
    bands = pd.cut(c["episodes"], bins=[0, 1, 2, 3, 5, 10, 20, np.inf],
                   labels=["1", "2", "3", "4-5", "6-10", "11-20", "21+"])
    t = pd.crosstab(bands, c["status"]).reindex(columns=list(STATUS), fill_value=0)
    t = t.reindex(bands.cat.categories, fill_value=0)
    t.columns.name = None
    t["children"] = t.sum(axis=1)
    t = t.rename_axis("episodes").reset_index()
    t["episodes"] = t["episodes"].astype(str)
    return _with_total(t, "episodes", [*STATUS, "children"])


def headline(c: pd.DataFrame) -> dict:
    """The figures the chapter's prose quotes."""
    still = c["status"] == "still_missing"
    top = c["episodes"].sort_values(ascending=False).tolist()
    return {
        "children": int(len(c)),
        "episodes": int(c["episodes"].sum()),
        "new_referrals": int(c["new_referral"].sum()),
        "still_missing": int(still.sum()),
        "found": int((~still).sum()),
        "still_missing_new_referrals": int((still & c["new_referral"]).sum()),
        "found_episodes": int(c.loc[~still, "episodes"].sum()),
        "still_missing_episodes": int(c.loc[still, "episodes"].sum()),
        "most_episodes": int(top[0]) if top else 0,
        "next_most_episodes": int(top[1]) if len(top) > 1 else 0,
        "repeat_children": int((c["episodes"] > 1).sum()),
    }


def new_referrals_in_period(children: pd.DataFrame, p: Params) -> int:
    """Children whose case opened in the period (UASC only when asked): the service's intake."""
    start, end = pd.Timestamp(p.period_start), pd.Timestamp(p.period_end)
    kids = children[(children["case_open_date"] >= start) & (children["case_open_date"] <= end)]
    if p.uasc_only:
        kids = kids[kids["uasc"].fillna(False).astype(bool)]
    return int(len(kids))


def cross_file_problems(children: pd.DataFrame, episodes: pd.DataFrame) -> list:
    """Orphan episodes, overlapping episodes of one child, and ages outside 0-25 at an episode."""
    from ..errors import Problem
    from ..io import orphan_keys

    problems = orphan_keys(episodes, children, "child_id", EPISODES.name, CHILDREN.name)
    eps = episodes.sort_values(["child_id", "start_date"], kind="stable")
    prev_end = eps.groupby("child_id")["end_date"].shift()
    prev_open = eps.groupby("child_id")["start_date"].shift().notna() & prev_end.isna()
    overlap = prev_open | (prev_end.notna() & (eps["start_date"] <= prev_end))
    for row in eps.index[overlap][:50]:
        problems.append(Problem(EPISODES.name, int(row), "start_date", eps.at[row, "start_date"].date().isoformat(),
                                "overlaps the child's previous episode (which is open or ends on or after this start)",
                                "merge the two episodes or correct the dates"))
    ages = episodes.join(children.set_index("child_id")["dob"], on="child_id")
    age = completed_years(ages["dob"], ages["start_date"])
    bad = ages.index[(age < 0) | (age > 25)]
    for row in bad[:50]:
        problems.append(Problem(EPISODES.name, int(row), "start_date", ages.at[row, "start_date"].date().isoformat(),
                                f"child would be aged {int(age[row])} at this episode (expected 0-25)",
                                "check the date and the child's dob"))
    return problems


def load(data_dir) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and check both files; raise DataError with every problem found."""
    from ..io import read_checked

    frames = read_checked(data_dir, INPUTS, cross_file_problems)
    return frames[CHILDREN.name], frames[EPISODES.name]


# Cells that must agree across this chapter's tables (checked on every build; a failure stops it).
IDENTITIES = (
    (("missing-by-nationality", "Total", "total"), ("missing-by-age", "Total", "children"),
     ("missing-by-time-open", "Total", "total"), ("missing-episodes-by-nationality", "Total", "children"),
     ("missing-episodes-per-child", "Total", "children")),
    (("missing-by-nationality", "Total", "found"), ("missing-by-age", "Total", "found"),
     ("missing-by-time-open", "Total", "found"), ("missing-episodes-per-child", "Total", "found")),
    (("missing-by-nationality", "Total", "still_missing"), ("missing-by-age", "Total", "still_missing"),
     ("missing-by-time-open", "Total", "still_missing"), ("missing-episodes-per-child", "Total", "still_missing")),
    (("missing-by-age", "Total", "episodes"), ("missing-episodes-by-nationality", "Total", "episodes")),
)
