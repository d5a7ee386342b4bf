"""Complaints from children and young people, and the outcomes of independent advocacy.

Definitions (quoted in the chapter):
- a complaint is *in the period* when received_date lies within [period_start, period_end];
- *stage* is the highest statutory stage the complaint has reached (1 local resolution,
  2 independent investigation, 3 review panel); a complaint is *escalated* when stage >= 2;
- age band: complainant_age (years) in the edition's `age_bands` ([low, high, label], inclusive);
- advocacy cases count towards outcomes when closed_date lies within the advocacy period; the
  top issues are counted over cases open at any time in that period;
- stage 1 timeliness: working days (workdays.py: Mon-Fri, not an England bank holiday) after the
  day of receipt up to the day of the response; on time within `response_days` (10), within the
  extended limit up to `extended_response_days` (20), late beyond it;
- the previous period has the same length and ends the day before period_start (whole calendar
  months when the period is whole months, else the same number of days);
- shares (share_pct) and rates are rounded half up to 1 decimal place;
- the advocacy provider is named from `complaints.advocacy_provider`, else from the `advocate`
  column (every name but declined / not offered), never assumed.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from pydantic import Field, field_validator, model_validator

from ...disclosure import TableShape
from ...numbers import (count_text, date_range, export_date_range, is_one, month_text, p_text, pct_half_up,
                       restyle_dates)
from ...params import PeriodParams
from ...schema import Col, FileSpec, RowRule, end_on_or_after
from ...workdays import working_days_between

DEFAULT_AGE_BANDS: tuple[tuple[int, int, str], ...] = ((0, 15, "under 16"), (16, 19, "16-19"), (20, 24, "20-24"))
OUTCOMES = ("upheld", "partly upheld", "not upheld", "withdrawn", "open")
ADVOCACY_OUTCOMES = ("fully resolved", "partially resolved", "unknown")
STAGES = (1, 2, 3)
NOT_BANDED = "outside the age bands"
NOT_RECORDED = "age not recorded"


class Params(PeriodParams):
    advocacy_period_start: dt.date | None = None  # default: period_start
    advocacy_period_end: dt.date | None = None  # default: period_end
    age_bands: list[tuple[int, int, str]] = Field(default_factory=lambda: list(DEFAULT_AGE_BANDS))
    children_in_care: dict[str, int] | None = None  # service -> children in care, for rates per 100
    response_days: int = Field(10, ge=1)
    extended_response_days: int = Field(20, ge=1)
    advocacy_provider: str | None = Field(
        None, description="who provides advocacy (default: the names in complaints.csv's advocate column)")

    @field_validator("age_bands")
    @classmethod
    def _bands_ok(cls, bands):
        if not bands:
            raise ValueError("give at least one age band [low, high, label]")
        for lo, hi, label in bands:
            if lo > hi:
                raise ValueError(f"age band {label!r}: low ({lo}) is above high ({hi})")
        ordered = sorted(bands)
        for (lo1, hi1, l1), (lo2, hi2, l2) in zip(ordered, ordered[1:]):
            if lo2 <= hi1:
                raise ValueError(f"age bands {l1!r} and {l2!r} overlap")
        labels = [b[2] for b in bands]
        if len(set(labels)) != len(labels):
            raise ValueError("age band labels must be different")
        return bands

    @field_validator("children_in_care")
    @classmethod
    def _positive(cls, v):
        bad = [k for k, n in (v or {}).items() if n <= 0]
        if bad:
            raise ValueError(f"children_in_care must be above 0 (check: {', '.join(bad)})")
        return v

    @model_validator(mode="after")
    def _advocacy_period_ok(self):
        if (self.advocacy_period_start is None) != (self.advocacy_period_end is None):
            raise ValueError("give both advocacy_period_start and advocacy_period_end, or neither")
        if self.advocacy_period_start and self.advocacy_period_end < self.advocacy_period_start:
            raise ValueError(f"advocacy_period_end ({self.advocacy_period_end}) is before "
                             f"advocacy_period_start ({self.advocacy_period_start})")
        if self.extended_response_days < self.response_days:
            raise ValueError("extended_response_days is below response_days")
        return self

    @property
    def advocacy_start(self) -> dt.date:
        return self.advocacy_period_start or self.period_start

    @property
    def advocacy_end(self) -> dt.date:
        return self.advocacy_period_end or self.period_end


COMPLAINTS = FileSpec(
    name="complaints.csv",
    description="One row per complaint from a child or young person (or an advocate on their behalf).",
    columns=(
        Col("complaint_id", unique=True, help="the complaint's reference"),
        Col("received_date", "date", help="when the complaint was received"),
        Col("service", label=True, help="team or service complained about, e.g. UASC"),
        Col("complainant_age", "int", nullable=True, min=0, max=30, help="age in years when complaining"),
        Col("advocate", help="the advocacy provider's name, or declined, or not offered"),
        Col("subject", label=True, help="what the complaint is about, e.g. disputing a decision"),
        Col("decision_disputed", label=True, required=False, nullable=True, help="e.g. placement move"),
        Col("stage", "int", min=1, max=3, help="highest statutory stage reached: 1, 2 or 3"),
        Col("outcome", "code", codes=OUTCOMES, code_aliases={"partially upheld": "partly upheld"}),
        Col("responded_date", "date", required=False, nullable=True, help="date of the stage 1 response"),
    ),
    rules=(
        RowRule("responded_date is before received_date", "responded_date",
                end_on_or_after("received_date", "responded_date"), "check both dates"),
    ),
)

ADVOCACY = FileSpec(
    name="advocacy_cases.csv",
    description="One row per case of the independent advocacy service.",
    columns=(
        Col("case_id", unique=True, help="the case reference"),
        Col("opened_date", "date"),
        Col("closed_date", "date", nullable=True, help="blank = still open"),
        Col("top_issue", label=True, help="the main issue raised, e.g. Request to stay in placement"),
        Col("outcome", "code", nullable=True, codes=ADVOCACY_OUTCOMES, help="blank while the case is open"),
    ),
    rules=(
        RowRule("closed_date is before opened_date", "closed_date",
                end_on_or_after("opened_date", "closed_date"), "check both dates"),
        RowRule("a closed case has no outcome", "outcome",
                lambda df: df["closed_date"].isna() | df["outcome"].notna(),
                "record fully resolved, partially resolved or unknown"),
    ),
)

INPUTS = (COMPLAINTS, ADVOCACY)

# how each published table adds up (for disclosure control) is data: exports.yaml


NOT_AN_ADVOCATE = {"declined", "not offered", "none", ""}


def advocate_names(complaints: pd.DataFrame) -> list[str]:
    """The advocacy providers named in the complaints' `advocate` column, most frequent first."""
    names = complaints["advocate"].dropna().astype(str).str.strip()
    names = names[~names.str.lower().isin(NOT_AN_ADVOCATE)]
    counts = names.value_counts()
    return sorted(counts.index, key=lambda n: (-counts[n], n))


def advocacy_provider(complaints: pd.DataFrame, p: Params) -> str | None:
    """Who provides advocacy: the edition's `advocacy_provider`, else the names in the data, else None."""
    if p.advocacy_provider:
        return p.advocacy_provider
    names = advocate_names(complaints)
    return " and ".join(names) if 0 < len(names) <= 2 else None


# -- small helpers ---------------------------------------------------------------------------
def _with_total(df: pd.DataFrame, label: str, count: str) -> pd.DataFrame:
    """Append the Total row (share 100, or blank when there is nothing to share)."""
    total = int(df[count].sum())
    row = {label: "Total", count: total, "share_pct": 100.0 if total else np.nan}
    return pd.concat([df, pd.DataFrame([row])], ignore_index=True)


def share_table(values: pd.Series, label: str, count: str = "complaints", order=None) -> pd.DataFrame:
    """Counts of each value with its share; rows in `order` (zeros kept) else largest first, then name."""
    counts = values.value_counts(dropna=False)
    if order is not None:
        extra = sorted(str(k) for k in counts.index if k not in set(order))
        counts = counts.reindex(list(order) + extra, fill_value=0)
        t = pd.DataFrame({label: [str(k) for k in counts.index], count: counts.to_numpy(dtype=int)})
    else:
        t = pd.DataFrame({label: [str(k) for k in counts.index], count: counts.to_numpy(dtype=int)})
        t = t.sort_values([count, label], ascending=[False, True], kind="stable")
    t = t.reset_index(drop=True)
    total = int(t[count].sum())
    t["share_pct"] = pct_half_up(t[count], total, 1)
    return _with_total(t, label, count)


# -- selection ---------------------------------------------------------------------------------
def in_period(complaints: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Complaints received within [start, end]."""
    r = complaints["received_date"]
    return complaints[(r >= pd.Timestamp(start)) & (r <= pd.Timestamp(end))]


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length ending the day before `start` (whole months if whole months)."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if s.is_month_start and e.is_month_end:
        months = (e.year - s.year) * 12 + e.month - s.month + 1
        return (s - pd.DateOffset(months=months)).date(), (s - pd.Timedelta(days=1)).date()
    days = (e - s).days + 1
    return (s - pd.Timedelta(days=days)).date(), (s - pd.Timedelta(days=1)).date()


def closed_cases(cases: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Advocacy cases closed within [start, end]."""
    c = cases["closed_date"]
    return cases[(c >= pd.Timestamp(start)) & (c <= pd.Timestamp(end))]


def active_cases(cases: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Advocacy cases open at any time in [start, end]."""
    opened_by_end = cases["opened_date"] <= pd.Timestamp(end)
    open_at_start = cases["closed_date"].isna() | (cases["closed_date"] >= pd.Timestamp(start))
    return cases[opened_by_end & open_at_start]


# -- the breakdowns ------------------------------------------------------------------------
def age_band(ages: pd.Series, bands) -> pd.Series:
    """Each age's band label; NOT_BANDED outside every band, NOT_RECORDED when blank."""
    ages = pd.to_numeric(pd.Series(ages), errors="coerce")
    out = pd.Series(NOT_BANDED, index=ages.index, dtype=object)
    for lo, hi, label in bands:
        out[(ages >= lo) & (ages <= hi)] = label
    out[ages.isna()] = NOT_RECORDED
    return out


def by_service(c: pd.DataFrame) -> pd.DataFrame:
    return share_table(c["service"], "service")


def by_age(c: pd.DataFrame, bands) -> pd.DataFrame:
    """Complaints by age band, in band order (zeros kept); unbanded or blank ages get their own rows."""
    return share_table(age_band(c["complainant_age"], bands), "age_band",
                       order=[b[2] for b in bands])


def by_advocacy(c: pd.DataFrame) -> pd.DataFrame:
    return share_table(c["advocate"], "advocacy")


def by_subject(c: pd.DataFrame) -> pd.DataFrame:
    return share_table(c["subject"], "subject")


def by_decision(c: pd.DataFrame) -> pd.DataFrame:
    """Complaints with a decision_disputed recorded, by that decision ("of which")."""
    d = c[c["decision_disputed"].notna()] if "decision_disputed" in c else c.iloc[:0]
    return share_table(d["decision_disputed"].astype(str), "decision")


def by_stage(c: pd.DataFrame) -> pd.DataFrame:
    """Complaints by highest stage reached; all three stages shown."""
    stage = c["stage"].astype("Int64").map(lambda s: f"stage {s}", na_action="ignore")
    return share_table(stage, "stage", order=[f"stage {s}" for s in STAGES])


def by_outcome(c: pd.DataFrame) -> pd.DataFrame:
    return share_table(c["outcome"], "outcome", order=list(OUTCOMES))


def advocacy_outcomes(closed: pd.DataFrame) -> pd.DataFrame:
    return share_table(closed["outcome"], "outcome", count="cases", order=list(ADVOCACY_OUTCOMES))


def top_issues(active: pd.DataFrame) -> pd.DataFrame:
    return share_table(active["top_issue"], "top_issue", count="cases")


# -- beyond the breakdowns ------------------------------------------------------------------------
def escalation(complaints: pd.DataFrame, p: Params) -> tuple[pd.DataFrame, dict]:
    """Escalation to stage 2+ this period vs the previous period of the same length (Fisher's exact test)."""
    from scipy.stats import fisher_exact

    prev = previous_period(p.period_start, p.period_end)
    rows = []
    for start, end in (prev, (p.period_start, p.period_end)):
        c = in_period(complaints, start, end)
        rows.append({"period": export_date_range(start, end), "complaints": int(len(c)),
                     "escalated": int((c["stage"] >= 2).sum())})
    t = pd.DataFrame(rows)
    t["escalated_pct"] = pct_half_up(t["escalated"], t["complaints"], 1)
    (n0, e0), (n1, e1) = t[["complaints", "escalated"]].to_numpy().tolist()
    test = {"previous_start": prev[0], "previous_end": prev[1], "p_value": None, "odds_ratio": None}
    if n0 and n1:
        res = fisher_exact([[e1, n1 - e1], [e0, n0 - e0]], alternative="two-sided")
        test["p_value"] = float(res.pvalue)
        test["odds_ratio"] = float(res.statistic)
    return t, test


def response_days(c: pd.DataFrame) -> pd.Series:
    """Working days from receipt to the stage 1 response (NA when there is no response date)."""
    return working_days_between(c["received_date"], c["responded_date"])


def timeliness(c: pd.DataFrame, p: Params) -> tuple[pd.DataFrame, dict]:
    """Stage 1 responses by service: on time, within the extended limit, late; and the headline figures."""
    days = response_days(c)
    has = days.notna()
    d = pd.DataFrame({"service": c["service"], "days": days})[has]
    band = np.select([d["days"] <= p.response_days, d["days"] <= p.extended_response_days],
                     ["on_time", "extended"], "late")
    t = pd.crosstab(d["service"], band).reindex(columns=["on_time", "extended", "late"], fill_value=0)
    t.columns.name = None
    t = t.rename_axis("service").reset_index()
    t["responses"] = t[["on_time", "extended", "late"]].sum(axis=1)
    t = t.sort_values(["responses", "service"], ascending=[False, True], kind="stable")
    t = t[["service", "responses", "on_time", "extended", "late"]].reset_index(drop=True)
    total = {"service": "Total", **{k: int(t[k].sum()) for k in ("responses", "on_time", "extended", "late")}}
    t = pd.concat([t, pd.DataFrame([total])], ignore_index=True)
    n = int(has.sum())
    tot = t.iloc[-1]
    head = {
        "responses": n,
        "no_response": int((~has).sum()),
        "on_time": int(tot["on_time"]),
        "on_time_pct": pct_half_up(int(tot["on_time"]), n, 1) if n else None,
        "within_extended_pct": pct_half_up(int(tot["on_time"] + tot["extended"]), n, 1) if n else None,
        "late": int(tot["late"]),
        "median_days": float(d["days"].astype(float).median()) if n else None,
    }
    return t, head


def rates_per_100(c: pd.DataFrame, children_in_care: dict[str, int]) -> pd.DataFrame:
    """Complaints per 100 children in care, by service; services without a denominator get no rate."""
    counts = c["service"].value_counts()
    services = sorted(set(counts.index) | set(children_in_care))
    t = pd.DataFrame({"service": services})
    t["complaints"] = t["service"].map(counts).fillna(0).astype(int)
    t["children_in_care"] = t["service"].map(children_in_care).astype("Int64")
    t["rate_per_100"] = _rate(t["complaints"], t["children_in_care"])
    t = t.sort_values(["rate_per_100", "service"], ascending=[False, True], na_position="last",
                      kind="stable").reset_index(drop=True)
    all_have = bool(t["children_in_care"].notna().all()) and len(t) > 0
    total = {"service": "Total", "complaints": int(t["complaints"].sum()),
             "children_in_care": int(t["children_in_care"].sum()) if all_have else None}
    total["rate_per_100"] = (_rate(pd.Series([total["complaints"]]), pd.Series([total["children_in_care"]]))[0]
                             if all_have else np.nan)
    t = pd.concat([t, pd.DataFrame([total])], ignore_index=True)
    # whole numbers or blank (None, not pd.NA: every export format can write it)
    t["children_in_care"] = [None if pd.isna(v) else int(v) for v in t["children_in_care"]]
    return t


def _rate(n: pd.Series, d: pd.Series) -> pd.Series:
    """n per 100 of d, half up to 1 dp; NaN where d is missing."""
    d = pd.to_numeric(pd.Series(d).astype("Float64"), errors="coerce").fillna(0).to_numpy(float)
    return pct_half_up(pd.Series(n).to_numpy(), d, 1)


def months_between(first: pd.Timestamp, last: pd.Timestamp) -> list[str]:
    return [str(m) for m in pd.period_range(first, last, freq="M")]


def monthly_by_service(complaints: pd.DataFrame) -> pd.DataFrame:
    """Complaints received each month (every month from the first to the last in the data) by service."""
    if complaints.empty:
        return pd.DataFrame({"month": ["Total"], "total": [0]})
    month = complaints["received_date"].dt.to_period("M").astype(str)
    t = pd.crosstab(month, complaints["service"])
    services = sorted(t.columns)
    t = t.reindex(index=months_between(complaints["received_date"].min(), complaints["received_date"].max()),
                  columns=services, fill_value=0)
    t["total"] = t.sum(axis=1)
    t = t.rename_axis("month").reset_index()
    t.columns.name = None
    total = {"month": "Total", **{k: int(t[k].sum()) for k in [*services, "total"]}}
    return pd.concat([t, pd.DataFrame([total])], ignore_index=True)


def monthly_shape(table: pd.DataFrame) -> TableShape:
    services = tuple(c for c in table.columns if c not in ("month", "total"))
    return TableShape(counts=(*services, "total"), row_sums={"total": services})


def monthly_chart(published: pd.DataFrame, period: tuple[dt.date, dt.date]):
    """Stacked monthly bars by service, from the published (suppressed) table; 'c' cells are left out."""
    import altair as alt

    from ...charts import palette

    body = published[published["month"] != "Total"].drop(columns="total")
    long = body.melt(id_vars="month", var_name="service", value_name="complaints")
    long = long[long["complaints"] != "c"].copy()
    long["complaints"] = long["complaints"].astype(int)
    long = long[long["complaints"] > 0]  # no zero-height slivers
    long["in_period"] = (long["month"] >= f"{period[0]:%Y-%m}") & (long["month"] <= f"{period[1]:%Y-%m}")
    long["month"] = long["month"].map(month_text)  # 'April 2013' on the axis; the table keeps '2013-04'

    services = sorted(long["service"].unique())
    colour = alt.Color("service:N", title="Service", scale=alt.Scale(domain=services, range=palette(len(services))))
    bars = alt.Chart(long).mark_bar(stroke="#222", strokeWidth=0.5).encode(
        x=alt.X("month:O", title="Month received", sort=[month_text(m) for m in body["month"]]),
        y=alt.Y("complaints:Q", title="Complaints", stack="zero", axis=alt.Axis(tickMinStep=1)),
        color=colour,
        opacity=alt.condition("datum.in_period", alt.value(1.0), alt.value(0.55)),
        tooltip=["month:O", "service:N", "complaints:Q"],
    )
    return bars.properties(width=520, height=260)


def describe_monthly(published: pd.DataFrame) -> str:
    """Alt text from the table: months covered, total and the busiest month."""
    body = published[published["month"] != "Total"]
    if body.empty:
        return "No complaints in the data."
    totals = pd.to_numeric(body["total"], errors="coerce")
    top = body.iloc[int(totals.fillna(-1).to_numpy().argmax())]
    return (f"Stacked bar chart of complaints received each month from {month_text(body['month'].iloc[0])} to "
            f"{month_text(body['month'].iloc[-1])}, by service; the reporting period is drawn darker. "
            f"Busiest month {month_text(top['month'])} ({top['total']} complaints).")


# -- prose ---------------------------------------------------------------------------------
def headline(c: pd.DataFrame, closed: pd.DataFrame, active: pd.DataFrame) -> dict:
    """The figures the chapter's prose quotes."""
    svc = c["service"].value_counts()
    issues = active["top_issue"].value_counts()
    disputing = c["decision_disputed"].notna() if "decision_disputed" in c else pd.Series(False, index=c.index)
    return {
        "complaints": int(len(c)),
        "services": int(c["service"].nunique()),
        "top_service": str(svc.sort_index().sort_values(ascending=False, kind="stable").index[0]) if len(svc) else "",
        "top_service_n": int(svc.max()) if len(svc) else 0,
        "disputing": int(disputing.sum()),
        "escalated": int((c["stage"] >= 2).sum()),
        "stage3": int((c["stage"] >= 3).sum()),
        "advocacy_closed": int(len(closed)),
        "advocacy_active": int(len(active)),
        "top_issue": str(issues.sort_index().sort_values(ascending=False, kind="stable").index[0]) if len(issues) else "",
    }


def published_headline(h: dict, by_service: pd.DataFrame, by_decision: pd.DataFrame, escalation: pd.DataFrame) -> dict:
    """The headline's counts as the tables publish them: the prose then says 'a withheld number' where a
    table withholds the count (never the count itself, nor 'fewer than 5', which would say the cell is
    a small one rather than one withheld to protect it)."""
    out = dict(h)
    if len(by_service):
        out["complaints"] = by_service.iloc[-1]["complaints"]
        top = by_service[by_service["service"].astype(str) == str(h["top_service"])]
        if len(top):
            out["top_service_n"] = top.iloc[0]["complaints"]
    if len(by_decision):
        out["disputing"] = by_decision.iloc[-1]["complaints"]
    if len(escalation):
        out["escalated"] = escalation.iloc[-1]["escalated"]
    return out


def _pct_text(part: int, whole: int, min_count: int) -> str:
    if "c" in (part, whole) or whole == 0 or 0 < part < min_count or 0 < whole - part < min_count:
        return ""
    return f" ({pct_half_up(part, whole, 1):.1f}%)"


def summary_text(h: dict, period: str, min_count: int = 0) -> str:
    """The opening sentence: how many complaints, about what, and from whom (or that there were none)."""
    if h["complaints"] == 0:
        return f"No complaints from children and young people were received from {period}."
    return (f"From {period}, {count_text(h['complaints'], min_count)} complaints were received from children "
            f"and young people, directly or through an advocate, about {h['services']} services; the most "
            f"({count_text(h['top_service_n'], min_count)}) concerned {h['top_service']}. "
            f"{count_text(h['disputing'], min_count)} disputed a decision, and "
            f"{count_text(h['escalated'], min_count)} reached stage 2 (independent investigation) or beyond.")


def escalation_text(t: pd.DataFrame, test: dict, min_count: int = 0) -> str:
    """This period's escalation rate against the previous period's, with the exact test in words."""
    (n0, e0), (n1, e1) = t[["complaints", "escalated"]].to_numpy().tolist()
    prev = restyle_dates(t["period"].iloc[0])  # the export keeps its '1 Mar 2013 to 31 Aug 2013'
    if n1 == 0:
        return "No complaints were received in this period, so there is no escalation rate to compare."
    now = f"{count_text(e1, min_count)} of {count_text(n1, min_count)} complaints{_pct_text(e1, n1, min_count)} reached stage 2 or beyond"
    if n0 == 0:
        return (f"{now}. The data hold no complaints received in the previous period ({prev}), "
                "so there is nothing to compare with.")
    pv = test["p_value"]
    verdict = ("a difference this large could easily arise by chance with numbers this small"
               if pv >= 0.05 else "a difference unlikely to be chance alone")
    # the test is computed from all four counts: with one withheld, its p-value would give it back
    tested = ("The counts are too small to show the exact test. " if "c" in (n0, e0, n1, e1)
              else f"Fisher's exact test gives {p_text(pv)}: {verdict}. ")
    return (f"{now}, against {count_text(e0, min_count)} of {count_text(n0, min_count)}"
            f"{_pct_text(e0, n0, min_count)} received in the previous period of the same length ({prev}). "
            f"{tested}Complaints of the earlier period have had "
            "longer in which to escalate; some of this period's may yet do so.")


def timeliness_text(h: dict, p: Params, complaints_in_period: int, min_count: int = 0,
                    published: pd.DataFrame | None = None) -> str:
    """Stage 1 timeliness in words, or why it cannot be measured. The counts are those of the published
    timeliness table's Total row (`published`), so the prose withholds what the table withholds,
    and a sum of a shown and a withheld cell (within the extended limit) is withheld too."""
    from ...disclosure import published_sum

    if complaints_in_period == 0:
        return "No complaints were received in this period, so there is no stage 1 timeliness to report."
    if h["responses"] == 0:
        return ("No stage 1 response dates (responded_date) are recorded for the complaints of this period, so "
                f"timeliness against the statutory {p.response_days} working days cannot be measured. "
                "Add a responded_date column to complaints.csv to see it.")
    total = (published.iloc[-1] if published is not None else
             {**h, "extended": h["responses"] - h["on_time"] - h["late"]})
    n, on_time, late = total["responses"], total["on_time"], total["late"]
    within = published_sum([on_time, total["extended"]])
    text = (f"{count_text(on_time, min_count)} of {count_text(n, min_count)} stage 1 responses"
            f"{_pct_text(on_time, n, min_count)} were sent within {p.response_days} working days, and "
            f"{count_text(within, min_count)}{_pct_text(within, n, min_count)} within the extended "
            f"limit of {p.extended_response_days}; "
            f"{count_text(late, min_count)} took longer. The median response took "
            f"{h['median_days']:g} working days.")
    if h["no_response"]:
        one = is_one(h["no_response"], min_count)
        text += (f" {count_text(h['no_response'], min_count)} complaint{'' if one else 's'} of the period "
                 f"{'has' if one else 'have'} no response date (withdrawn, or awaiting a response) and "
                 f"{'is' if one else 'are'} not counted.")
    return text


def load(data_dir) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and check both files; raise DataError with every problem found (the files are independent)."""
    from ...io import read_inputs

    frames = read_inputs(data_dir, INPUTS)
    return frames[COMPLAINTS.name], frames[ADVOCACY.name]


# -- key messages ------------------------------------------------------------------------------------------
def key_messages(tables: dict[str, pd.DataFrame], p: Params, test: dict) -> list:
    """The chapter's headline measures, from its tables as published: complaints received and the share
    escalated to stage 2 or beyond, each against the previous period of the same length (the share with
    the exact test's verdict, `test` from escalation()), and the share of stage 1 responses on time."""
    from ...messages import EARLIER, NOT_CLEAR, REAL, Cite, KeyMessage

    out = []
    esc = tables.get("complaints-escalation")
    if esc is not None and len(esc) == 2:
        before, now = esc["period"].iloc[0], esc["period"].iloc[1]
        counts = esc[["complaints", "escalated"]].to_numpy().ravel().tolist()
        when, then = f"from {restyle_dates(now)}", f"in the period before ({restyle_dates(before)})"  # 1 March 2013
        received = Cite("complaints-escalation", {"period": now}, "complaints")
        out.append(KeyMessage(
            "complaints", "complaints_received", "the number of complaints received from children and young people",
            received.read(tables), received, when=when, comparison=then,
            comparison_value=Cite("complaints-escalation", {"period": before}, "complaints").read(tables),
            comparison_cite=Cite("complaints-escalation", {"period": before}, "complaints"), kind=EARLIER))
        share = Cite("complaints-escalation", {"period": now}, "escalated_pct")
        earlier = Cite("complaints-escalation", {"period": before}, "escalated_pct")
        pv = test.get("p_value")
        verdict = "" if pv is None or "c" in counts else REAL if pv < 0.05 else NOT_CLEAR
        out.append(KeyMessage(
            "complaints", "escalated_share", "the share of complaints escalated to stage 2 or beyond",
            share.read(tables), share, unit="%", when=when, comparison=then, comparison_value=earlier.read(tables),
            comparison_cite=earlier, kind=EARLIER, better="lower", verdict=verdict,
            small_base="c" in counts))
    timely = tables.get("complaints-stage1-timeliness")
    if timely is not None and (timely["service"] == "Total").any():
        on_time = Cite("complaints-stage1-timeliness", {"service": "Total"}, "on_time", per="responses")
        out.append(KeyMessage(
            "complaints", "stage1_on_time", f"the share of stage 1 responses sent within {p.response_days} working days",
            on_time.read(tables), on_time, unit="%", better="higher"))
    return out
