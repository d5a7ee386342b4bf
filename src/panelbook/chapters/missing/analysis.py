"""Missing children (UASC): who went missing in the period, who is still missing, and how often.

Definitions (quoted in the chapter):
- the chapter counts the episodes of the types in `episode_types` (default M, missing; a blank type
  counts as M); away-from-placement (A) episodes are always reported apart, in `by_type`;
- in-scope episodes are those counted episodes starting within [period_start, period_end]; only
  children who were UASC at their first in-scope episode when `uasc_only`; the cohort is the
  children with at least one in-scope episode;
- a child is *still missing* when their latest counted episode starting on or before `as_at` has no
  end or ends after `as_at`, else *found*;
- age is completed years at the start of the child's first in-scope episode;
- time open (source `panelbook`) is days from `case_open_date` to that start; time in care (sources
  `ssda903` and `ssd`) is days from the start of the period of care in progress then (the latest
  episode of care starting with reason S on or before it, else the child's earliest episode of care
  if that is on or before it; else *not known*); both in the eight bins of TIME_OPEN_BINS;
- a new referral (panelbook) has `case_open_date` inside the period; a child new to care (903, SSD)
  has a period of care that started inside it.
The sources' own readers are in `panelbook.sources`.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import Field, model_validator

from ...charts import PALETTE, numeric
from ...comparators import LocalValue, Measure
from ...numbers import pct_half_up
from ...params import PeriodParams
from ...schema import Col, FileSpec, RowRule, end_on_or_after
from ...sources import dfe

SOURCE_NAMES = ("panelbook", "ssda903", "ssd")


TITLE = "Missing children and young people"


class Params(PeriodParams):
    as_at: dt.date | None = None  # default: period_end
    uasc_only: bool = False
    source: Literal["panelbook", "ssda903", "ssd"] = Field(
        "panelbook", description="the files read: panelbook (children.csv, missing_episodes.csv), "
        "ssda903 (the 903 return's CSV files) or ssd (the Standard Safeguarding Dataset's tables)")
    episode_types: list[Literal["M", "A"]] = Field(
        default_factory=lambda: ["M"], min_length=1,
        description="the episode types the tables count as missing: M (missing), A (away without authorisation)")

    @model_validator(mode="after")
    def _as_at_in_range(self):
        if self.as_at is not None and self.as_at < self.period_start:
            raise ValueError(f"as_at ({self.as_at}) is before period_start ({self.period_start})")
        if len(set(self.episode_types)) != len(self.episode_types):
            raise ValueError(f"episode_types lists a type twice ({self.episode_types})")
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
        Col("nationality", label=True, help="as recorded, e.g. Afghanistani"),
        Col("uasc", "flag", aliases=("UASC",), help="Y if an unaccompanied asylum-seeking child"),
        Col("case_open_date", "date", help="when the service opened the case"),
        Col("ethnicity", "code", required=False, nullable=True, codes=tuple(dfe.ETHNICITY), aliases=("ETHNIC",),
            code_aliases=dfe.ETHNICITY_ALIASES, help="optional: DfE ethnicity code, e.g. WBRI"),
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
        Col("missing_type", "code", required=False, nullable=True, codes=dfe.MISSING_TYPES,
            code_aliases=dfe.MISSING_TYPE_ALIASES, aliases=("MISSING",),
            help="M = missing, A = away from placement without authorisation; blank (or no column) counts as M"),
    ),
    rules=(
        RowRule("end_date is before start_date", "end_date",
                end_on_or_after("start_date", "end_date"), "an episode must end on or after it starts"),
    ),
)

INPUTS = (CHILDREN, EPISODES)  # the panelbook source's files (what `panelbook synth` writes)


def source_specs(source: str) -> tuple[tuple[FileSpec, ...], tuple[str, ...]]:
    """The files a source reads: (specs, names of the optional ones)."""
    if source == "ssda903":
        from ...sources import ssda903

        return ssda903.SPECS, ssda903.OPTIONAL
    if source == "ssd":
        from ...sources import ssd

        return ssd.SPECS, ()
    return INPUTS, ()


def sources() -> dict[str, tuple[tuple[FileSpec, ...], tuple[str, ...]]]:
    """Every source's files, for the 'Data you need' page."""
    return {name: source_specs(name) for name in SOURCE_NAMES}


def input_files(p: Params) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required, optional) file names for this edition's source: hashed by the cache and the register."""
    specs, optional = source_specs(p.source)
    return tuple(s.name for s in specs if s.name not in optional), tuple(optional)


@dataclass
class MissingData:
    """The chapter's inputs in its own columns, whichever source they came from.

    children: child_id, dob, sex and, when the source has them, nationality, ethnicity (DfE code),
    uasc and case_open_date (panelbook). episodes: child_id, start_date, end_date, missing_type (M/A)
    and, from the SSD, rhi_offered / rhi_accepted. care_episodes (903, SSD): child_id, start_date,
    reason. uasc_periods (903, SSD): child_id, uasc_from, uasc_until (NaT = unbounded; until exclusive)."""

    children: pd.DataFrame
    episodes: pd.DataFrame
    care_episodes: pd.DataFrame | None = None
    uasc_periods: pd.DataFrame | None = None
    source: str = "panelbook"
    has_nationality: bool = True
    has_ethnicity: bool = False
    has_return_interviews: bool = False
    files: tuple[str, ...] = field(default=())


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
NOT_KNOWN = "not known"  # no period of care on or before the first episode (903, SSD)
STATUS = ("found", "still_missing")
TYPE_LABELS = {"M": "missing (M)", "A": "away from placement without authorisation (A)"}


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


def counted(episodes: pd.DataFrame, types) -> pd.DataFrame:
    """The episodes of the given types (a blank type, or no type column, counts as M)."""
    kind = episodes["missing_type"].fillna("M") if "missing_type" in episodes else pd.Series("M", index=episodes.index)
    return episodes[kind.isin(list(types))]


def uasc_at(periods: pd.DataFrame, child_ids: pd.Series, dates: pd.Series) -> pd.Series:
    """Whether each (child, date) falls in one of the child's UASC periods; aligned to `child_ids`."""
    ask = pd.DataFrame({"child_id": child_ids.to_numpy(), "on": pd.to_datetime(dates).to_numpy()})
    hit = ask.reset_index().merge(periods, on="child_id", how="inner")
    inside = (hit["uasc_from"].isna() | (hit["uasc_from"] <= hit["on"])) & (
        hit["uasc_until"].isna() | (hit["uasc_until"] > hit["on"]))
    yes = set(hit.loc[inside, "index"])
    return pd.Series([i in yes for i in range(len(ask))], index=child_ids.index, dtype=bool)


def care_period_starts(care: pd.DataFrame) -> pd.DataFrame:
    """Where periods of care start: each episode starting with reason S, and each child's earliest episode
    (the start of a period of care already in progress when the data begin)."""
    s = care[care["reason"] == dfe.STARTED_TO_BE_LOOKED_AFTER][["child_id", "start_date"]]
    earliest = care.groupby("child_id", as_index=False)["start_date"].min()
    return pd.concat([s, earliest]).drop_duplicates().sort_values(["child_id", "start_date"], kind="stable")


def care_origin(care: pd.DataFrame, child_ids: pd.Series, dates: pd.Series) -> pd.Series:
    """The start of the period of care in progress on each date (the latest start on or before it); NaT if none."""
    ask = pd.DataFrame({"child_id": child_ids.to_numpy(), "on": pd.to_datetime(dates).to_numpy()}).reset_index()
    hit = ask.merge(care_period_starts(care), on="child_id", how="inner")
    hit = hit[hit["start_date"] <= hit["on"]]
    latest = hit.groupby("index")["start_date"].max()
    out = pd.Series(pd.NaT, index=range(len(ask)), dtype="datetime64[us]")
    out.loc[latest.index] = latest.to_numpy()
    out.index = child_ids.index
    return out


def _uasc_flags(children: pd.DataFrame, child_ids: pd.Series, dates: pd.Series, uasc_periods) -> pd.Series:
    """UASC on each date: the child's flag (panelbook) or their UASC periods (903, SSD)."""
    if uasc_periods is None:
        flag = children.set_index("child_id")["uasc"].reindex(child_ids.to_numpy())
        return pd.Series(flag.fillna(False).astype(bool).to_numpy(), index=child_ids.index)
    return uasc_at(uasc_periods, child_ids, dates)


def in_scope_episodes(children: pd.DataFrame, episodes: pd.DataFrame, p: Params, types=None,
                      uasc_periods: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counted episodes starting in the period, with the child's attributes; with `uasc_only`, of
    children who were UASC at their first such episode."""
    start, end = pd.Timestamp(p.period_start), pd.Timestamp(p.period_end)
    eps = counted(episodes, types or p.episode_types)
    eps = eps[(eps["start_date"] >= start) & (eps["start_date"] <= end)]
    eps = eps.merge(children, on="child_id", how="inner", validate="many_to_one")
    if p.uasc_only:
        first = eps.groupby("child_id", sort=True)["start_date"].min()
        flags = _uasc_flags(children, pd.Series(first.index, index=first.index), first, uasc_periods)
        eps = eps[eps["child_id"].isin(flags.index[flags.to_numpy()])]
    return eps.sort_values(["child_id", "start_date"], kind="stable").reset_index(drop=True)


def status_at(episodes: pd.DataFrame, as_at: dt.date) -> pd.Series:
    """Per child: 'still_missing' if the latest episode starting on or before as_at is open at as_at."""
    cut = pd.Timestamp(as_at)
    eps = episodes[episodes["start_date"] <= cut].sort_values(["child_id", "start_date"], kind="stable")
    latest = eps.groupby("child_id", sort=True).tail(1).set_index("child_id")
    open_ = latest["end_date"].isna() | (latest["end_date"] > cut)
    return pd.Series(np.where(open_, "still_missing", "found"), index=latest.index, name="status")


def cohort(children: pd.DataFrame, episodes: pd.DataFrame, p: Params, care_episodes: pd.DataFrame | None = None,
           uasc_periods: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per child with an in-scope episode: nationality, age, time open (or in care), episodes, status.

    Without `care_episodes` (panelbook) time is counted from case_open_date, else from the start of the
    period of care in progress at the first in-scope episode."""
    eps = in_scope_episodes(children, episodes, p, uasc_periods=uasc_periods)
    first = eps.groupby("child_id", sort=True).agg(
        first_start=("start_date", "min"), episodes=("start_date", "size")
    )
    kids = children.set_index("child_id").loc[first.index]
    out = first.join(kids[[c for c in ("nationality", "ethnicity", "dob", "case_open_date", "uasc") if c in kids]])
    out["age"] = completed_years(out["dob"], out["first_start"])
    if care_episodes is None:
        origin = out["case_open_date"]
    else:
        origin = care_origin(care_episodes, pd.Series(out.index, index=out.index), out["first_start"])
        out["care_start"] = origin
    out["time_open_days"] = (out["first_start"] - origin).dt.days
    out["time_open"] = time_open_bin(out["time_open_days"])
    mine = counted(episodes, p.episode_types)
    out["status"] = status_at(mine[mine["child_id"].isin(first.index)], p.as_at_date)
    start, end = pd.Timestamp(p.period_start), pd.Timestamp(p.period_end)
    out["new_referral"] = (origin >= start) & (origin <= end)
    return out.reset_index()


def cohort_of(data: MissingData, p: Params) -> pd.DataFrame:
    """`cohort` for the frames of any source."""
    return cohort(data.children, data.episodes, p, data.care_episodes, data.uasc_periods)


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


def by_ethnicity(c: pd.DataFrame) -> pd.DataFrame:
    """Children by ethnicity (DfE's labels, in DfE's order; a blank one is 'Not recorded'), found / still missing."""
    labelled = c.assign(ethnicity=c["ethnicity"].map(dfe.ethnicity_label))
    t = _status_counts(labelled, "ethnicity")
    order = [*dfe.ETHNICITY.values(), dfe.NOT_RECORDED]
    t = t.reindex([e for e in order if e in t.index] + sorted(e for e in t.index if e not in order))
    t["total"] = t.sum(axis=1)
    t = t.rename_axis("ethnicity").reset_index()
    return _with_total(t[["ethnicity", *STATUS, "total"]], "ethnicity", [*STATUS, "total"])


def by_age(c: pd.DataFrame) -> pd.DataFrame:
    """Table 2: children and episodes by age at first in-scope episode; rows by age."""
    t = _status_counts(c, "age")
    t["children"] = t.sum(axis=1)
    t["episodes"] = c.groupby("age")["episodes"].sum()
    t = t.reset_index().sort_values("age")
    t["age"] = t["age"].astype(int).astype(str)
    return _with_total(t[["age", *STATUS, "children", "episodes"]], "age", [*STATUS, "children", "episodes"])


def by_time_open(c: pd.DataFrame) -> pd.DataFrame:
    """Table 3: children by time open (or in care) before the first episode; all eight bins, zeros kept,
    and a `not known` row when some children had no period of care before it."""
    labels = [b[0] for b in TIME_OPEN_BINS]
    t = _status_counts(c, "time_open").reindex(labels, fill_value=0)
    unknown = c[c["time_open_days"].isna()]
    if len(unknown):
        t.loc[NOT_KNOWN] = [int((unknown["status"] == s).sum()) for s in STATUS]
    t["total"] = t.sum(axis=1)
    t = t.rename_axis("time_open").reset_index()
    t["time_open"] = t["time_open"].astype(str)
    return _with_total(t[["time_open", *STATUS, "total"]], "time_open", [*STATUS, "total"])


def episodes_by_nationality(c: pd.DataFrame) -> pd.DataFrame:
    """Episodes by nationality with their share of all in-scope episodes (1 dp)."""
    t = c.groupby("nationality").agg(children=("child_id", "size"), episodes=("episodes", "sum")).reset_index()
    total = int(t["episodes"].sum())
    t["share_pct"] = pct_half_up(t["episodes"], total, 1) if total else np.nan
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


def by_type(data: MissingData, p: Params) -> pd.DataFrame:
    """Missing (M) and away (A) episodes apart, whatever the tables count: children, episodes, and children
    still open at as_at (their latest episode of that type starting on or before it is open then).
    Total: distinct children, all episodes, and children whose latest episode of either type is open."""
    rows = []
    for kind in dfe.MISSING_TYPES:
        eps = in_scope_episodes(data.children, data.episodes, p, types=[kind], uasc_periods=data.uasc_periods)
        rows.append((kind, eps, [kind]))
    rows.append(("Total", pd.concat([r[1] for r in rows]), list(dfe.MISSING_TYPES)))
    out = []
    for label, eps, types in rows:
        who = set(eps["child_id"])  # the Total's: children in either row
        of = counted(data.episodes, types)
        status = status_at(of[of["child_id"].isin(who)], p.as_at_date)
        out.append({"missing_type": label, "children": len(who), "episodes": int(len(eps)),
                    "still_open": int((status == "still_missing").sum())})
    return pd.DataFrame(out)


def type_counts(types: pd.DataFrame) -> dict[str, int]:
    """The by-type table's children and episodes of each type, for the prose (m_children, a_episodes, ...)."""
    rows = types.set_index("missing_type")
    return {f"{kind.lower()}_{col}": int(rows.at[kind, col]) for kind in dfe.MISSING_TYPES
            for col in ("children", "episodes")}


NO_RETURN_INTERVIEWS = ("These data record no return interviews (the Standard Safeguarding Dataset's missing-episodes "
                        "table records the interviews offered and accepted).")
RETURN_INTERVIEW_ROWS = ("Episodes ended in the period", "Return interview offered", "Return interview accepted")


def return_interviews(data: MissingData, p: Params) -> pd.DataFrame:
    """Counted episodes that ended in the period (of UASC at the episode's start, with uasc_only), and how
    many were followed by a return interview offered and accepted, each as a share of those ended (1 dp)."""
    start, end = pd.Timestamp(p.period_start), pd.Timestamp(p.period_end)
    eps = counted(data.episodes, p.episode_types)
    eps = eps[(eps["end_date"] >= start) & (eps["end_date"] <= end)]
    if p.uasc_only:
        eps = eps[_uasc_flags(data.children, eps["child_id"], eps["start_date"], data.uasc_periods).to_numpy()]
    n = int(len(eps))
    counts = [n, int(eps["rhi_offered"].fillna(False).astype(bool).sum()),
              int(eps["rhi_accepted"].fillna(False).astype(bool).sum())]
    share = [pct_half_up(k, n, 1) for k in counts]
    return pd.DataFrame({"measure": list(RETURN_INTERVIEW_ROWS), "episodes": counts, "share_pct": share})


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


# -- beside England, the region and statistical neighbours (benchmarks:) --------------------------------
COMPARABLE = {
    "children_missing_pct": Measure(
        "Children who went missing, as a share of children looked after (%)", "%", 1,
        "children with a counted episode starting in the period ÷ the children looked after at some time in "
        "the period (children.csv: case open then), × 100"),
    "episodes_per_child": Measure(
        "Missing episodes per child who went missing", "episodes per child", 1,
        "counted episodes starting in the period ÷ the children who had one"),
}


def looked_after_in_period(data: MissingData, p: Params) -> int | None:
    """Children looked after at some time in the period (UASC only when asked): children.csv's children
    whose case was open then. None for the 903 and the SSD, whose files as read carry no end of care."""
    if data.care_episodes is not None:
        return None
    c = data.children
    start, end = pd.Timestamp(p.period_start), pd.Timestamp(p.period_end)
    ended = c["service_end_date"] if "service_end_date" in c else pd.Series(pd.NaT, index=c.index)
    open_ = (c["case_open_date"] <= end) & (ended.isna() | (ended >= start))
    if p.uasc_only:
        open_ &= c["uasc"].fillna(False).astype(bool)
    return int(open_.sum())


def local_values(data: MissingData, p: Params, h: dict) -> dict[str, LocalValue]:
    """The chapter's own figures for COMPARABLE, with the counts they come from (`h`: headline(cohort))."""
    looked_after = looked_after_in_period(data, p)
    if looked_after is None:
        share = LocalValue(None, why="not computed: the SSDA903 and SSD files as read carry no end date of care, "
                                     "so the children looked after in the period are not counted.")
    elif looked_after == 0:
        share = LocalValue(None, (h["children"], looked_after), "no child was looked after in the period.")
    else:
        share = LocalValue(h["children"] / looked_after * 100, (h["children"], looked_after, looked_after - h["children"]))
    per_child = (LocalValue(h["episodes"] / h["children"], (h["children"],)) if h["children"]
                 else LocalValue(None, (0,), "no child went missing in the period."))
    return {"children_missing_pct": share, "episodes_per_child": per_child}


def chapter_title(p: Params) -> str:
    """The chapter's title in an edition: '(UASC)' only when the edition counts UASC alone."""
    return TITLE + (" (UASC)" if p.uasc_only else "")


def new_referrals_in_period(children: pd.DataFrame, p: Params, care_episodes: pd.DataFrame | None = None,
                            uasc_periods: pd.DataFrame | None = None) -> int:
    """The service's intake in the period (UASC only when asked): children whose case opened in it
    (panelbook), or who started a period of care in it (903, SSD; UASC at that start)."""
    start, end = pd.Timestamp(p.period_start), pd.Timestamp(p.period_end)
    if care_episodes is None:
        kids = children[(children["case_open_date"] >= start) & (children["case_open_date"] <= end)]
        if p.uasc_only:
            kids = kids[kids["uasc"].fillna(False).astype(bool)]
        return int(len(kids))
    starts = care_period_starts(care_episodes)
    starts = starts[(starts["start_date"] >= start) & (starts["start_date"] <= end)]
    if p.uasc_only:
        starts = starts[_uasc_flags(children, starts["child_id"], starts["start_date"], uasc_periods).to_numpy()]
    return int(starts["child_id"].nunique())


def intake_of(data: MissingData, p: Params) -> int:
    return new_referrals_in_period(data.children, p, data.care_episodes, data.uasc_periods)


# -- the words that differ by source (never by edition) ---------------------------------------------------
_UASC_RULE = {
    "panelbook": "children recorded as UASC (uasc = Y in children.csv)",
    "ssda903": "children listed in uasc.csv whose DUC (date UASC status ceased) is blank or after the episode's start",
    "ssd": "children whose immigration status in the Standard Safeguarding Dataset names an unaccompanied "
           "asylum-seeking child on dates that cover the episode's start",
}
_NO_NATIONALITY = {
    "ssda903": "The tables by nationality are not produced: the SSDA903 return records ethnicity, not "
               "nationality, and this edition's data have no nationality.csv (CHILD, NATIONALITY).",
    "ssd": "The tables by nationality are not produced: the person table's nationality is blank (or absent) in "
           "ssd_person.csv.",
    "panelbook": "The tables by nationality are not produced: the data have no nationality.",
}


def _bands_text() -> str:
    """'in eight bands (1-7 days; ...; 5 years+ = 1,826 days or more)', from TIME_OPEN_BINS."""
    parts = []
    for label, lo, hi in TIME_OPEN_BINS:
        days = f"{max(lo, 1)}-{hi} days"
        parts.append(label if label == days else f"{label} = {lo:,} days or more" if hi is None
                     else f"{label} = {lo:,}-{hi:,} days")
    words = {8: "eight", 9: "nine"}
    return f"in {words.get(len(TIME_OPEN_BINS), len(TIME_OPEN_BINS))} bands ({'; '.join(parts)})"


def wording(p: Params, data: MissingData) -> dict[str, str]:
    """Phrases for the chapter's prose, titles and headers: true for this edition's source and parameters."""
    from_case = p.source == "panelbook"
    types = " and ".join(TYPE_LABELS[t] for t in p.episode_types)
    return {
        "counted_types": types,
        "uasc_rule": _UASC_RULE[p.source],
        "new_label": "new referrals" if from_case else "new to care",
        "new_definition": ("their case opened in the period" if from_case
                           else "their period of care started in the period"),
        "intake_label": "new referrals in all" if from_case else "children who started a period of care then",
        "time_label": "Time open" if from_case else "Time in care",
        "time_definition": ("days from the case opening to the start of that first episode, " + _bands_text()
                            if from_case else
                            "days from the start of the period of care in progress at that first episode (the "
                            "latest episode of care starting with reason S on or before it; if there is none, the "
                            "child's earliest episode of care, if that is on or before it) to the episode's start, "
                            + _bands_text() + "; a child with no period of care by then is counted as not known"),
        "new_rule": ("New referral: the case opened within the period" if from_case
                     else "New to care: the period of care started within the period"),
        "time_title": ("Children who went missing, by time the case had been open before their first episode"
                       if from_case else "Children who went missing, by time in care before their first episode"),
        "time_header": "Time case open" if from_case else "Time in care",
        "no_nationality": "" if data.has_nationality else _NO_NATIONALITY[p.source],
        "no_ethnicity": "" if data.has_ethnicity else
        "The table by ethnicity is not produced: the data have no ethnicity (an optional ethnicity column "
        "in children.csv, with DfE codes, adds it).",
    }


PANELBOOK_LAYOUT = {"file": "missing_episodes.csv", "children_file": "children.csv"}
SSDA903_LAYOUT = {"file": "missing.csv", "child_id": "CHILD", "start_date": "MIS_START", "dob": "DOB",
                  "day_first": True, "national": True}
SSD_LAYOUT = {"file": "ssd_missing.csv", "child_id": "miss_la_person_id", "start_date": "miss_mis_epi_start",
              "dob": "pers_dob", "national": True}


def episode_problems(children: pd.DataFrame, episodes: pd.DataFrame, layout: dict) -> list:
    """Orphan episodes (panelbook: the national readers check their own), overlapping episodes of one
    child, and ages outside 0-25 at an episode, named with the file's own columns (`layout`).

    In the SSDA903 and the SSD an away episode may end the day a missing one starts, and one type may
    be recorded within the other, so there only episodes of the same type that overlap by a day or
    more are problems."""
    from ...errors import Problem
    from ...io import orphan_keys

    national = layout.get("national", False)
    file, start_col = layout["file"], layout.get("start_date", "start_date")
    problems = [] if national else orphan_keys(episodes, children, "child_id", file, layout["children_file"])
    keys = ["child_id", "missing_type"] if national else ["child_id"]
    eps = episodes.sort_values([*keys, "start_date"], kind="stable")
    prev_end = eps.groupby(keys, dropna=False)["end_date"].shift()
    prev_open = eps.groupby(keys, dropna=False)["start_date"].shift().notna() & prev_end.isna()
    overlap = prev_open | (prev_end.notna() & ((eps["start_date"] < prev_end) if national
                                               else (eps["start_date"] <= prev_end)))
    shown = (lambda d: d.strftime("%d/%m/%Y")) if layout.get("day_first") else (lambda d: d.date().isoformat())
    for row in eps.index[overlap][:50]:
        problems.append(Problem(file, int(row), start_col, shown(eps.at[row, "start_date"]),
                                "overlaps the child's previous episode (which is open or ends " +
                                ("after this start)" if national else "on or after this start)"),
                                "merge the two episodes or correct the dates"))
    ages = episodes.join(children.drop_duplicates("child_id").set_index("child_id")["dob"], on="child_id")
    age = completed_years(ages["dob"], ages["start_date"])
    bad = ages.index[((age < 0) | (age > 25)).fillna(False).to_numpy(dtype=bool)]
    for row in bad[:50]:
        problems.append(Problem(file, int(row), start_col, shown(ages.at[row, "start_date"]),
                                f"child would be aged {int(age[row])} at this episode (expected 0-25)",
                                f"check the date and the child's {layout.get('dob', 'dob')}"))
    return problems


def cross_file_problems(children: pd.DataFrame, episodes: pd.DataFrame) -> list:
    """panelbook's files: orphan episodes, overlapping episodes of one child, and ages outside 0-25."""
    return episode_problems(children, episodes, PANELBOOK_LAYOUT)


def load(data_dir, p: Params | None = None) -> MissingData:
    """Read and check the edition's source (default: panelbook's two files); DataError with every problem."""
    from ...errors import DataError

    source = p.source if p is not None else "panelbook"
    if source == "panelbook":
        from ...io import read_checked

        frames = read_checked(data_dir, INPUTS, cross_file_problems)
        children, episodes = frames[CHILDREN.name], frames[EPISODES.name]
        return MissingData(children, episodes, has_ethnicity=bool(children["ethnicity"].notna().any()),
                           files=files_read(data_dir, source))
    from ...sources import ssd, ssda903

    reader, layout = (ssda903, SSDA903_LAYOUT) if source == "ssda903" else (ssd, SSD_LAYOUT)
    frames = reader.read(data_dir)
    problems = episode_problems(frames["children"], frames["episodes"], layout)
    if problems:
        raise DataError(problems)
    return MissingData(frames["children"], frames["episodes"], frames["care_episodes"], frames["uasc_periods"],
                       source, frames["has_nationality"], frames["has_ethnicity"], frames["has_return_interviews"],
                       files=files_read(data_dir, source))


def files_read(data_dir, source: str) -> tuple[str, ...]:
    """The files a source read, as the analyst named them (a workbook, or the CSV), optional ones if present."""
    from ...inputs import as_source

    specs, optional = source_specs(source)
    required = tuple(s.name for s in specs if s.name not in optional)
    where = as_source(data_dir)
    found = {n: where.located(n) for n in (*required, *optional)}
    return tuple(found[n].label if found[n] else n for n in (*required, *optional) if n in required or found[n])


def validate_edition(edition) -> list:
    """`panelbook validate`: the files of the edition's source, which its parameters choose."""
    from ...errors import DataError

    p = edition.section("missing")
    if p is None:
        return []
    try:
        load(edition.data_source, p)
    except DataError as exc:
        return list(exc.problems)
    return []


# -- key messages ------------------------------------------------------------------------------------------
def key_messages(tables: dict[str, pd.DataFrame], p: Params, scope: str, bench=None) -> list:
    """The chapter's headline measures, from its tables as published: the children who went missing, their
    episodes and the children still missing at the as-at date (the Total row of the table by age), and
    each measure the edition compares with England (`bench`: comparators.compare's result, or None)."""
    from ...messages import Cite, KeyMessage
    from ...numbers import date_range, long_date

    out = []
    age = tables.get("missing-by-age")
    if age is not None and (age["age"] == "Total").any():
        when = f"from {date_range(p.period_start, p.period_end)}"
        for measure, label, column, at in (
                ("children_missing", f"the number of {scope} who went missing at least once", "children", when),
                ("missing_episodes", f"the number of missing episodes of {scope}", "episodes", when),
                ("still_missing", f"the number of {scope} still missing", "still_missing",
                 f"at {long_date(p.as_at_date)}")):
            cite = Cite("missing-by-age", {"age": "Total"}, column)
            out.append(KeyMessage("missing", measure, label, cite.read(tables), cite, when=at, better="lower"))
    if bench is not None:
        out += bench.key_messages(tables, "missing", {"children_missing_pct": "lower", "episodes_per_child": "lower"})
    return out


# -- its charts and their alt text (drawn from the tables as published) ----------------------------
FOUND, STILL_MISSING = PALETTE[0], PALETTE[2]


def stacked_status_bar(data, category: str, title: str, order=None, category_title: str | None = None):
    """Horizontal-free vertical stacked bars of found / still missing, with labels and patterns."""
    import altair as alt

    long = data.melt(id_vars=[category], value_vars=["found", "still_missing"], var_name="status", value_name="children")
    long["children"] = numeric(long["children"]).to_numpy()
    long = long.dropna(subset=["children"])
    long["status"] = long["status"].map({"found": "Found", "still_missing": "Still missing"})
    x = alt.X(f"{category}:N", sort=order or None, title=category_title or category)
    base = alt.Chart(long).encode(x=x)
    bars = base.mark_bar(stroke="#222", strokeWidth=0.5).encode(
        y=alt.Y("children:Q", title="Children", stack="zero"),
        color=alt.Color("status:N", title="Status", scale=alt.Scale(domain=["Found", "Still missing"], range=[FOUND, STILL_MISSING])),
        opacity=alt.Opacity("status:N", scale=alt.Scale(domain=["Found", "Still missing"], range=[1.0, 0.75])),  # legend=None here drops the merged colour legend
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title or category), "status:N", "children:Q"],
    )
    return bars.properties(title=title, width=420, height=260)


def _count(v) -> str:
    n = numeric([v]).iloc[0]
    return "c (fewer than the threshold)" if n != n else str(int(n))


def describe_status_bars(data, category: str) -> str:
    """Alt text from the published data: the largest group and each bar's counts ('c' kept as such)."""
    if not len(data):
        return "No children in this period."
    total = numeric(data["found"]).fillna(0).to_numpy() + numeric(data["still_missing"]).fillna(0).to_numpy()
    top = data.iloc[int(total.argmax())]
    parts = ", ".join(f"{r[category]}: {_count(r['found'])} found, {_count(r['still_missing'])} still missing"
                      for _, r in data.iterrows())
    return f"Bar chart of children by {category}. Largest shown group {top[category]}. {parts}."
