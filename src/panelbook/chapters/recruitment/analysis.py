"""Foster-carer recruitment against targets and the national benchmark; the social-work workforce.

Definitions (quoted in the chapter; the issue's contract):
- enquiry conversion = approvals in the period / enquiries in the period;
- assessment conversion = of assessments concluded in the period (approved, or withdrawn or declined
  after `assessment_start_date`), the share approved;
- attrition = deregistrations in the period / households approved at the period start, annualised
  (x 365 / days in the period);
- utilisation = places in use / approved places of the households approved at `as_at`;
  vacancy = vacant places / approved places;
- achieved = approvals from the start of the financial year (1 April) to `as_at`; expected by year
  end = achieved + households in assessment at `as_at` (started, not approved or closed) whose
  `panel_date` falls on or before `year_end`;
- RAG: green when expected >= target; amber when expected >= `rag_amber_share` x target; else red
  (the plan's key: green = meeting targets, amber = progress but slow, red = at risk);
- workforce: vacancy = (establishment - permanent) / establishment; agency share = agency /
  (permanent + agency); turnover = leavers in the period / mean permanent FTE, annualised.
Every status is read from dates, not from `outcome`, so an edition at any `as_at` sees the pipeline
as it stood then. A rate whose denominator is zero is "no data", never an error.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from pydantic import Field, field_validator, model_validator

from ... import labels
from ...comparators import LocalValue, Measure
from ...disclosure import SUPPRESSED, TableShape, apply
from ...numbers import financial_year_start, long_date, number_text, round_half_up
from ...params import PeriodParams
from ...schema import Col, FileSpec, RowRule, end_on_or_after

NO_DATA = "no data"
NO_NATIONAL = "no national figure given"
MEASURES = ("enquiry_conversion", "assessment_conversion", "attrition", "utilisation", "vacancy")
MEASURE_LABELS = {m: labels.value("recruitment", "measure", m) for m in MEASURES}  # labels/recruitment.yaml
MEASURE_DEFINITIONS = {
    "enquiry_conversion": "approvals in the period ÷ enquiries in the period",
    "assessment_conversion": "of the assessments concluded in the period, the share approved",
    "attrition": "deregistrations in the period ÷ households approved at its start, annualised",
    "utilisation": "places in use ÷ approved places at the as-at date",
    "vacancy": "vacant places ÷ approved places at the as-at date",
}
# the five Table 1 rates can be set beside England, the region and neighbours (benchmarks:)
COMPARABLE = {m: Measure(f"{MEASURE_LABELS[m]} (%)", "%", 1, MEASURE_DEFINITIONS[m]) for m in MEASURES}
OUTCOMES = ("approved", "withdrawn", "declined", "in_progress")
RAG = ("green", "amber", "red")


class Params(PeriodParams):
    year_end: dt.date | None = None  # default: the 31 March ending the financial year of as_at
    as_at: dt.date | None = None  # default: period_end
    national: dict[str, float] = {}
    targets: dict[str, int] = {}
    vacancy_rate_target: float = Field(10, ge=0, le=100, description="social-work vacancy rate target, % or below")
    vacancy_rate_target_basis: str | None = Field(
        None, description="where the vacancy target comes from, quoted after it (e.g. 'workforce strategy, 2017')")
    rag_amber_share: float = Field(0.5, ge=0, le=1)  # amber down to this share of target
    approval_months: int = Field(8, ge=1)  # national expectation, enquiry to approval

    @field_validator("national")
    @classmethod
    def _known_measures(cls, v):
        unknown = sorted(set(v) - set(MEASURES))
        if unknown:
            raise ValueError(f"unknown measure(s) {', '.join(unknown)}; expected: {', '.join(MEASURES)}")
        return v

    @field_validator("targets")
    @classmethod
    def _non_negative(cls, v):
        bad = sorted(k for k, n in v.items() if n < 0)
        if bad:
            raise ValueError(f"targets must be 0 or more (check {', '.join(bad)})")
        return v

    @model_validator(mode="after")
    def _dates_in_order(self):
        if self.as_at is not None and self.as_at < self.period_start:
            raise ValueError(f"as_at ({self.as_at}) is before period_start ({self.period_start})")
        if self.year_end is not None and self.year_end < self.as_at_date:
            raise ValueError(f"year_end ({self.year_end}) is before as_at ({self.as_at_date})")
        return self

    @property
    def as_at_date(self) -> dt.date:
        return self.as_at or self.period_end

    @property
    def year_start(self) -> dt.date:
        return financial_year_start(self.as_at_date)

    @property
    def year_end_date(self) -> dt.date:
        return self.year_end or dt.date(self.year_start.year + 1, 3, 31)


def _when(cond: str, then: str) -> callable:
    """Row rule: where `cond` is filled, `then` must be filled too."""
    def check(df):
        if cond not in df or then not in df:
            return pd.Series(True, index=df.index)
        return df[cond].isna() | df[then].notna()
    return check


def _approved_iff_date(df):
    if "outcome" not in df or "approval_date" not in df:
        return pd.Series(True, index=df.index)
    return (df["outcome"] == "approved") == df["approval_date"].notna()


def _closed_has_date(df):
    if "outcome" not in df or "closed_date" not in df:
        return pd.Series(True, index=df.index)
    return ~df["outcome"].isin(["withdrawn", "declined"]) | df["closed_date"].notna()


def _in_use_within(df):
    if "places_in_use" not in df:
        return pd.Series(True, index=df.index)
    return df["places_in_use"].isna() | (df["places_in_use"] <= df["approved_places"]).fillna(True)


APPLICATIONS = FileSpec(
    name="foster_applications.csv",
    description="One row per prospective fostering household, from first enquiry to outcome.",
    columns=(
        Col("household_id", unique=True, help="the household's reference (matches foster_households.csv)"),
        Col("enquiry_date", "date", help="date of first enquiry"),
        Col("category", label=True, help="recruitment category, e.g. standard, sibling, 16+ (as in the targets)"),
        Col("area", required=False, nullable=True, help="area or district"),
        Col("assessment_start_date", "date", nullable=True, help="blank = no assessment started"),
        Col("panel_date", "date", nullable=True, future_ok=True, help="fostering panel, planned or held"),
        Col("approval_date", "date", nullable=True, help="blank = not approved"),
        Col("closed_date", "date", nullable=True, help="date withdrawn or declined"),
        Col("outcome", "code", codes=OUTCOMES,
            code_aliases={"in progress": "in_progress", "ongoing": "in_progress", "open": "in_progress"}),
    ),
    rules=(
        RowRule("assessment_start_date is before enquiry_date", "assessment_start_date",
                end_on_or_after("enquiry_date", "assessment_start_date"), "check both dates"),
        RowRule("panel_date is before assessment_start_date", "panel_date",
                end_on_or_after("assessment_start_date", "panel_date"), "check both dates"),
        RowRule("approval_date is before panel_date", "approval_date",
                end_on_or_after("panel_date", "approval_date"), "check both dates"),
        RowRule("closed_date is before enquiry_date", "closed_date",
                end_on_or_after("enquiry_date", "closed_date"), "check both dates"),
        RowRule("approval_date is before enquiry_date", "approval_date",
                end_on_or_after("enquiry_date", "approval_date"), "check both dates"),
        RowRule("approved without an assessment_start_date", "assessment_start_date",
                _when("approval_date", "assessment_start_date"), "add the date the assessment started"),
        RowRule("approved without a panel_date", "panel_date",
                _when("approval_date", "panel_date"), "add the date of the fostering panel"),
        RowRule("panel_date without an assessment_start_date", "assessment_start_date",
                _when("panel_date", "assessment_start_date"), "add the date the assessment started"),
        RowRule("outcome 'approved' needs an approval_date (and an approval_date needs outcome 'approved')",
                "approval_date", _approved_iff_date, "make outcome and approval_date agree"),
        RowRule("outcome withdrawn or declined needs a closed_date", "closed_date",
                _closed_has_date, "add the date the application closed"),
    ),
)

HOUSEHOLDS = FileSpec(
    name="foster_households.csv",
    description="Approved in-house fostering households, current and deregistered.",
    columns=(
        Col("household_id", unique=True, help="the household's reference"),
        Col("approval_date", "date", help="date approved as foster carers"),
        Col("deregistration_date", "date", nullable=True, help="blank = still approved"),
        Col("approved_places", "int", min=0, max=20, help="places the household is approved for"),
        Col("places_in_use", "int", nullable=True, min=0, max=20,
            help="places filled at the edition's as_at date; blank if not approved then"),
    ),
    rules=(
        RowRule("deregistration_date is before approval_date", "deregistration_date",
                end_on_or_after("approval_date", "deregistration_date"), "check both dates"),
        RowRule("places_in_use is more than approved_places", "places_in_use", _in_use_within,
                "check both numbers"),
    ),
)

WORKFORCE = FileSpec(
    name="workforce.csv",
    description="Monthly snapshot of qualified social-work posts per team (optional).",
    columns=(
        Col("month", "date", help="the month, as its first day, e.g. 2013-04-01"),
        Col("team", label=True),
        Col("establishment_fte", "float", min=0, help="funded posts (FTE)"),
        Col("permanent_fte", "float", min=0, help="posts filled by permanent staff (FTE)"),
        Col("agency_fte", "float", min=0, help="agency (locum) staff (FTE)"),
        Col("starters", "int", min=0, help="permanent staff who started in the month"),
        Col("leavers", "int", min=0, help="permanent staff who left in the month"),
        Col("caseload_avg", "float", required=False, nullable=True, min=0, help="average cases per worker"),
    ),
    unique_together=("month", "team"),
)

INPUTS = (APPLICATIONS, HOUSEHOLDS, WORKFORCE)


# -- arithmetic -------------------------------------------------------------------------------
def rate(num, den, dp: int = 1, factor: float = 1.0):
    """num / den as a percentage (half up to `dp`), or None when den is zero or missing."""
    if den is None or den != den or den == 0:
        return None
    return float(round_half_up(num / den * 100 * factor, dp))


def rate_series(num: pd.Series, den: pd.Series, dp: int = 1) -> pd.Series:
    """Vectorised rate(): NaN where the denominator is zero."""
    num, den = num.astype(float), den.astype(float)
    out = pd.Series(np.nan, index=num.index)
    ok = den > 0
    out[ok] = round_half_up((num[ok] / den[ok] * 100).to_numpy(), dp)
    return out


def no_data(df: pd.DataFrame, cols) -> pd.DataFrame:
    """Show undefined rates as "no data" (the table's cell, not a blank or NaN)."""
    out = df.copy()
    for c in cols:
        if out[c].isna().any():
            out[c] = out[c].astype(object).where(out[c].notna(), NO_DATA)
    return out


def _ts(d) -> pd.Timestamp:
    return pd.Timestamp(d)


def _between(s: pd.Series, start, end) -> pd.Series:
    return (s >= _ts(start)) & (s <= _ts(end))


# -- the five benchmark rates -----------------------------------------------------------------
def enquiry_conversion(apps: pd.DataFrame, start, end) -> tuple[int, int]:
    """(approvals in the period, enquiries in the period)."""
    return (int(_between(apps["approval_date"], start, end).sum()),
            int(_between(apps["enquiry_date"], start, end).sum()))


def assessment_conversion(apps: pd.DataFrame, start, end) -> tuple[int, int]:
    """(approved, concluded): assessments concluded in the period, by approval or closure after starting."""
    started = apps["assessment_start_date"].notna()
    approved = started & _between(apps["approval_date"], start, end)
    closed = (started & apps["approval_date"].isna() & apps["outcome"].isin(["withdrawn", "declined"])
              & _between(apps["closed_date"], start, end)
              & (apps["closed_date"] >= apps["assessment_start_date"]))
    return int(approved.sum()), int((approved | closed).sum())


def period_days(start, end) -> int:
    return (_ts(end) - _ts(start)).days + 1


def attrition(households: pd.DataFrame, start, end) -> tuple[int, int, float]:
    """(deregistrations in the period, households approved at its start, annualising factor)."""
    s = _ts(start)
    dereg = _between(households["deregistration_date"], start, end)
    at_start = (households["approval_date"] < s) & (
        households["deregistration_date"].isna() | (households["deregistration_date"] >= s))
    return int(dereg.sum()), int(at_start.sum()), 365 / period_days(start, end)


def approved_at(households: pd.DataFrame, as_at) -> pd.DataFrame:
    """Households approved on `as_at` (approved by then, not deregistered by then)."""
    t = _ts(as_at)
    live = (households["approval_date"] <= t) & (
        households["deregistration_date"].isna() | (households["deregistration_date"] > t))
    return households[live]


def places(households: pd.DataFrame, as_at) -> tuple[int, int]:
    """(places in use, approved places) of the households approved at `as_at`."""
    live = approved_at(households, as_at)
    return int(live["places_in_use"].fillna(0).sum()), int(live["approved_places"].sum())


def workings(apps: pd.DataFrame, households: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Numerator, denominator and factor of each measure, so a reader can check every rate."""
    a, e = enquiry_conversion(apps, p.period_start, p.period_end)
    ap, c = assessment_conversion(apps, p.period_start, p.period_end)
    d, h, f = attrition(households, p.period_start, p.period_end)
    used, total = places(households, p.as_at_date)
    rows = [
        ("enquiry_conversion", a, e, 1.0),
        ("assessment_conversion", ap, c, 1.0),
        ("attrition", d, h, f),
        ("utilisation", used, total, 1.0),
        ("vacancy", total - used, total, 1.0),
    ]
    out = pd.DataFrame(rows, columns=["measure", "numerator", "denominator", "factor"])
    out["factor"] = round_half_up(out["factor"], 4)
    out["local_pct"] = [rate(n, dd, 1, fa) for _, n, dd, fa in rows]
    return out


# the workings as published: a rate is withheld with a small numerator or denominator, or a small
# complement (denominator - numerator: the places not in use, the households that stayed), and every
# other figure of the chapter that shows the rate or its counts reads them from here
WORKINGS_SHAPE = TableShape(counts=("numerator", "denominator"), total_row=False,
                            derived={"local_pct": ("numerator", "denominator")},
                            complements={"denominator": "numerator"})


def published_workings(apps: pd.DataFrame, households: pd.DataFrame, p: Params, min_count: int = 0) -> pd.DataFrame:
    """`workings` as the book publishes it (withheld cells 'c'): the one source of the local rates."""
    return apply(workings(apps, households, p), WORKINGS_SHAPE, min_count)[0]


def _withheld(v) -> bool:
    return isinstance(v, str) and v == SUPPRESSED


def local_values(apps: pd.DataFrame, households: pd.DataFrame, p: Params, min_count: int = 0) -> dict[str, LocalValue]:
    """The five rates with the counts they come from, for the comparators (benchmarks:); a rate the
    workings withhold is withheld there too."""
    w = workings(apps, households, p)
    shown = published_workings(apps, households, p, min_count)
    return {r.measure: LocalValue(None if r.local_pct is None or r.local_pct != r.local_pct else float(r.local_pct),
                                  (int(r.numerator), int(r.denominator), int(r.denominator) - int(r.numerator)),
                                  "" if r.denominator else "nothing to divide by in this period.",
                                  withheld=_withheld(s.local_pct))
            for r, s in zip(w.itertuples(), shown.itertuples())}


def national_figures(p: Params, comparisons=None) -> dict[str, float]:
    """The national figure of each rate: England's from the benchmark files when they give one (then
    instead of the typed `recruitment.national`), else the typed value."""
    out = dict(p.national)
    if comparisons is not None:
        for m in MEASURES:
            c = comparisons.get(m)
            if c is not None:
                out.pop(m, None)
                if c.england is not None:
                    out[m] = c.england
    return out


def national_note(p: Params, comparisons=None) -> str:
    """Where the national figures come from: the files (for which rates, which year), the typed values."""
    from_files = [m for m in MEASURES if comparisons is not None and comparisons.get(m) is not None]
    if not from_files:
        return "Whole percentages; the CSV holds one decimal place."
    said = " and ".join(dict.fromkeys(comparisons.get(m).period.label for m in from_files))
    files = ", ".join(dict.fromkeys(comparisons.get(m).resolved.file.label for m in from_files))
    typed = [m for m in from_files if m in p.national]
    rest = [m for m in MEASURES if m not in from_files and m in p.national]
    text = (f"Whole percentages; the CSV holds one decimal place. National averages for "
            f"{', '.join(MEASURE_LABELS[m].lower() for m in from_files)}: England's figures for {said} ({files})")
    if typed:
        text += ", instead of the values typed in recruitment.national"
    if rest:
        text += f"; for {', '.join(MEASURE_LABELS[m].lower() for m in rest)}, as given in recruitment.national"
    return text + "."


def benchmark(apps: pd.DataFrame, households: pd.DataFrame, p: Params, national: dict | None = None,
              min_count: int = 0) -> pd.DataFrame:
    """The local rates (1 dp) beside the national averages (`national`: default the typed recruitment.national);
    a rate the published workings withhold is withheld here too ('c', and its difference)."""
    national = p.national if national is None else national
    w = workings(apps, households, p)
    out = w[["measure", "local_pct"]].copy()
    out["national_pct"] = out["measure"].map(lambda m: national.get(m)).astype(float)
    out["difference_pp"] = round_half_up(out["local_pct"].astype(float) - out["national_pct"], 1)
    out = no_data(out, ["local_pct", "national_pct", "difference_pp"])
    hidden = [_withheld(v) for v in published_workings(apps, households, p, min_count)["local_pct"]]
    if any(hidden):
        out = out.astype({"local_pct": object, "difference_pp": object})
        out.loc[hidden, ["local_pct", "difference_pp"]] = SUPPRESSED
    return out


def whole_numbers(bench: pd.DataFrame) -> pd.DataFrame:
    """The benchmark in whole percentages (half up), "no data" kept."""
    out = bench.copy()
    for c in ("local_pct", "national_pct", "difference_pp"):
        out[c] = out[c].map(lambda v: v if isinstance(v, str) else int(round_half_up(v, 0)))
    return out


# -- targets, achieved and expected -----------------------------------------------------------
def categories(apps: pd.DataFrame, p: Params) -> list[str]:
    """Target categories in the edition's order, then any others found in the data (A-Z)."""
    extra = sorted(set(apps["category"].dropna()) - set(p.targets))
    return [*p.targets, *extra]


def in_assessment_at(apps: pd.DataFrame, as_at) -> pd.Series:
    """Started by `as_at` and neither approved nor closed by then (dates, not `outcome`)."""
    t = _ts(as_at)
    started = apps["assessment_start_date"] <= t
    approved = apps["approval_date"] <= t
    closed = apps["closed_date"] <= t
    return started & ~approved & ~closed


def by_category(apps: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Target, achieved to `as_at` and expected by `year_end` per category; Total row last."""
    cats = categories(apps, p)
    achieved = _between(apps["approval_date"], p.year_start, p.as_at_date)
    pipeline = in_assessment_at(apps, p.as_at_date) & (apps["panel_date"] <= _ts(p.year_end_date))
    t = pd.DataFrame({"category": cats})
    t["target"] = t["category"].map(p.targets).astype("Float64")
    t["achieved"] = t["category"].map(apps.loc[achieved, "category"].value_counts()).fillna(0).astype(int)
    t["expected"] = t["achieved"] + t["category"].map(
        apps.loc[pipeline, "category"].value_counts()).fillna(0).astype(int)
    total = {"category": "Total", "target": t["target"].sum() if t["target"].notna().any() else pd.NA,
             "achieved": int(t["achieved"].sum()), "expected": int(t["expected"].sum())}
    t = pd.concat([t, pd.DataFrame([total])], ignore_index=True)
    t["target"] = t["target"].astype("Float64")
    t["expected_minus_target"] = (t["expected"] - t["target"]).astype("Float64")
    out = t.astype({"target": object, "expected_minus_target": object})
    for c in ("target", "expected_minus_target"):
        out[c] = [NO_DATA if v is pd.NA or v != v else int(v) for v in t[c]]
    return out


CATEGORY_SHAPE = TableShape(counts=("achieved", "expected"), derived={"expected_minus_target": ("expected",)})


def rag(by_cat: pd.DataFrame, amber_share: float = 0.5) -> pd.DataFrame:
    """Red/amber/green per category from expected vs target (Total row excluded)."""
    t = by_cat[by_cat["category"] != "Total"].copy()
    target = pd.to_numeric(t["target"], errors="coerce")
    share = pd.Series(np.nan, index=t.index)
    ok = target > 0
    share[ok] = round_half_up((t.loc[ok, "expected"] / target[ok] * 100).to_numpy(), 0)
    flag = np.select([target.isna(), t["expected"] >= target, t["expected"] >= amber_share * target],
                     [NO_DATA, "green", "amber"], "red")
    out = pd.DataFrame({"category": t["category"], "target": t["target"], "expected": t["expected"],
                        "expected_pct_of_target": share, "rag": flag})
    return no_data(out.reset_index(drop=True), ["expected_pct_of_target"])


def rag_counts(r: pd.DataFrame) -> dict:
    return {k: int((r["rag"] == k).sum()) for k in (*RAG, NO_DATA)}


def rag_sentence(r: pd.DataFrame, amber_share: float) -> str:
    """'3 of 8 categories are forecast to miss target by more than half (…)': the RAG in words."""
    n = int((r["rag"] != NO_DATA).sum())
    if n == 0:
        return "No category has a target in this edition, so none can be rated."
    names = {k: [labels.value("recruitment", "category", c) for c in r.loc[r["rag"] == k, "category"]] for k in RAG}
    listed = {k: f" ({', '.join(v)})" if v else "" for k, v in names.items()}
    are = {k: "is" if len(v) == 1 else "are" for k, v in names.items()}
    return (f"{len(names['red'])} of {n} categories {'is' if len(names['red']) == 1 else 'are'} forecast to miss "
            f"target by more than {_share_words(amber_share)}{listed['red']} and rated red; "
            f"{len(names['amber'])} {are['amber']} forecast to fall short by less{listed['amber']} and rated amber; "
            f"{len(names['green'])} {are['green']} on course to meet target{listed['green']} and rated green.")


def _share_words(x: float) -> str:
    return "half" if x == 0.5 else f"{round_half_up((1 - x) * 100, 0):.0f}%"


# -- the funnel and time to approval ------------------------------------------------------------
STAGES = ("enquiries", "assessments", "panel", "approved")
STAGE_LABELS = {s: labels.value("recruitment", "stage", s) for s in STAGES}


def funnel(apps: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Enquiries in the period and how far each had got by `as_at`, by category; Total row last."""
    t = _ts(p.as_at_date)
    cohort = apps[_between(apps["enquiry_date"], p.period_start, p.period_end)]
    reached = pd.DataFrame({
        "category": cohort["category"],
        "enquiries": True,
        "assessments": cohort["assessment_start_date"] <= t,
        "panel": cohort["panel_date"] <= t,
        "approved": cohort["approval_date"] <= t,
    })
    g = reached.groupby("category")[list(STAGES)].sum().reindex(categories(apps, p), fill_value=0)
    g = g.rename_axis("category").reset_index()
    total = {"category": "Total", **{s: int(g[s].sum()) for s in STAGES}}
    g = pd.concat([g, pd.DataFrame([total])], ignore_index=True).astype({s: int for s in STAGES})
    g["enquiry_to_assessment_pct"] = rate_series(g["assessments"], g["enquiries"])
    g["assessment_to_panel_pct"] = rate_series(g["panel"], g["assessments"])
    g["panel_to_approval_pct"] = rate_series(g["approved"], g["panel"])
    g["enquiry_to_approval_pct"] = rate_series(g["approved"], g["enquiries"])
    return no_data(g, FUNNEL_PCTS)


FUNNEL_PCTS = ("enquiry_to_assessment_pct", "assessment_to_panel_pct", "panel_to_approval_pct",
               "enquiry_to_approval_pct")


def funnel_long(f: pd.DataFrame) -> pd.DataFrame:
    """The funnel table as (category, stage, households, drop-off from the previous step) for charts."""
    body = f[f["category"] != "Total"]
    long = body.melt(id_vars=["category"], value_vars=list(STAGES), var_name="stage", value_name="households")
    long["households"] = pd.to_numeric(long["households"], errors="coerce")  # suppressed 'c': not drawn
    long["order"] = long["stage"].map({s: i for i, s in enumerate(STAGES)})
    long["cat_order"] = long["category"].map({c: i for i, c in enumerate(body["category"])})
    long = long.sort_values(["cat_order", "order"], kind="stable").drop(columns="cat_order")
    prev = long.groupby("category", sort=False)["households"].shift()
    long["lost_from_previous"] = (prev - long["households"]).astype(float)  # unknown next to a 'c'
    long.loc[prev.isna() & long["households"].notna() & (long["order"] == 0), "lost_from_previous"] = 0.0
    long["stage"] = long["stage"].map(STAGE_LABELS)
    return long.drop(columns="order").reset_index(drop=True)


def time_to_approval(apps: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Days from enquiry to approval for approvals in the period: quartiles and share within N months."""
    a = apps[_between(apps["approval_date"], p.period_start, p.period_end)].copy()
    a["days"] = (a["approval_date"] - a["enquiry_date"]).dt.days
    a["within"] = a["approval_date"] <= a["enquiry_date"] + pd.DateOffset(months=p.approval_months)
    cats = categories(apps, p)
    rows = [_time_row(c, a[a["category"] == c]) for c in cats] + [_time_row("Total", a)]
    out = pd.DataFrame(rows)
    out["within_pct"] = rate_series(out["within"], out["approvals"])
    out = out.rename(columns={"within": f"within_{p.approval_months}_months",
                              "within_pct": f"within_{p.approval_months}_months_pct"})
    return no_data(out, ["q1_days", "median_days", "q3_days", f"within_{p.approval_months}_months_pct"])


def _time_row(label: str, a: pd.DataFrame) -> dict:
    q = a["days"].quantile([0.25, 0.5, 0.75]) if len(a) else pd.Series([np.nan] * 3)
    q = [float(round_half_up(v, 0)) if v == v else np.nan for v in q.tolist()]
    return {"category": label, "approvals": int(len(a)), "q1_days": q[0], "median_days": q[1],
            "q3_days": q[2], "within": int(a["within"].sum()) if len(a) else 0}


# -- the social-work workforce --------------------------------------------------------------------
def workforce_in_period(wf: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Monthly rows whose month falls in the period (months normalised to their first day)."""
    w = wf.copy()
    w["month"] = w["month"].dt.to_period("M").dt.to_timestamp()
    first = _ts(p.period_start).to_period("M").to_timestamp()
    return w[(w["month"] >= first) & (w["month"] <= _ts(p.period_end))]


def _rates(t: pd.DataFrame) -> pd.DataFrame:
    t = t.copy()
    t["vacant_fte"] = round_half_up(t["establishment_fte"] - t["permanent_fte"], 1)
    t["vacancy_pct"] = rate_series(t["vacant_fte"], t["establishment_fte"])
    t["agency_share_pct"] = rate_series(t["agency_fte"], t["permanent_fte"] + t["agency_fte"])
    return t


def workforce_by_month(wf: pd.DataFrame, p: Params) -> pd.DataFrame:
    """All teams together, month by month: FTE, vacancy and agency share, starters and leavers."""
    w = workforce_in_period(wf, p)
    cols = ["establishment_fte", "permanent_fte", "agency_fte", "starters", "leavers"]
    t = w.groupby("month")[cols].sum().reset_index()
    t[cols[:3]] = round_half_up(t[cols[:3]], 1)
    t = _rates(t)
    t["month"] = t["month"].dt.strftime("%Y-%m")
    t = t[["month", "establishment_fte", "permanent_fte", "vacant_fte", "vacancy_pct", "agency_fte",
           "agency_share_pct", "starters", "leavers"]].astype({"starters": int, "leavers": int})
    return no_data(t, ["vacancy_pct", "agency_share_pct"])


def snapshot_month(wf: pd.DataFrame, p: Params):
    """The latest month in the period on or before `as_at`, or None."""
    w = workforce_in_period(wf, p)
    months = w.loc[w["month"] <= _ts(p.as_at_date), "month"]
    return months.max() if len(months) else None


def turnover(w: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Leavers / mean permanent FTE over the months present, annualised (x 12 / months)."""
    g = w.groupby(by, dropna=False) if by else w.assign(_all=1).groupby("_all")
    t = g.agg(leavers=("leavers", "sum"), mean_permanent=("permanent_fte", "mean"), months=("month", "nunique"))
    t["turnover_pct"] = rate_series(t["leavers"] * 12 / t["months"], t["mean_permanent"])
    return t


def workforce_by_team(wf: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Each team at the snapshot month against the vacancy target, with turnover over the period."""
    w = workforce_in_period(wf, p)
    month = snapshot_month(wf, p)
    has_caseload = "caseload_avg" in w and w["caseload_avg"].notna().any()
    snap = w[w["month"] == month] if month is not None else w.iloc[0:0]
    cols = ["establishment_fte", "permanent_fte", "agency_fte"]
    t = snap.groupby("team")[cols].sum().astype(float)
    if has_caseload:
        t["caseload_avg"] = snap.groupby("team")["caseload_avg"].mean().astype(float)
    w_to = w[w["month"] <= _ts(p.as_at_date)]
    tt = turnover(w_to, ["team"])
    t = t.join(tt[["leavers", "turnover_pct"]]).reset_index()
    total = {"team": "Total", **{c: float(t[c].sum()) for c in cols},
             "leavers": int(t["leavers"].sum()) if len(t) else 0}
    county = w_to[w_to["team"].isin(t["team"])].groupby("month", as_index=False)[["permanent_fte", "leavers"]].sum()
    total["turnover_pct"] = float(turnover(county, [])["turnover_pct"].iloc[0]) if len(county) else np.nan
    if has_caseload:
        total["caseload_avg"] = np.nan
    t = pd.concat([t, pd.DataFrame([total])], ignore_index=True) if len(t) else pd.DataFrame([total])
    t[cols] = round_half_up(t[cols], 1)
    t = _rates(t)
    t["meets_target"] = np.where(t["vacancy_pct"].isna(), NO_DATA,
                                 np.where(t["vacancy_pct"] <= p.vacancy_rate_target, "yes", "no"))
    order = ["team", "establishment_fte", "permanent_fte", "vacant_fte", "vacancy_pct", "meets_target",
             "agency_fte", "agency_share_pct", "leavers", "turnover_pct"] + (["caseload_avg"] if has_caseload else [])
    t = t[order].astype({"leavers": int})
    if has_caseload:
        t["caseload_avg"] = round_half_up(t["caseload_avg"], 1)
        t.loc[t["team"] == "Total", "caseload_avg"] = np.nan
    return no_data(t, ["vacancy_pct", "agency_share_pct", "turnover_pct"])


# -- headline ----------------------------------------------------------------------------------------
def _num(v):
    return None if isinstance(v, str) else v


def headline(apps: pd.DataFrame, households: pd.DataFrame, p: Params, national: dict | None = None,
             min_count: int = 0) -> dict:
    """The figures the chapter's prose quotes (rates as whole numbers, or "no data"); `national` as in
    benchmark. Rates and their counts are read from the workings as published ('c': withheld)."""
    national = p.national if national is None else national
    b = published_workings(apps, households, p, min_count).set_index("measure")
    count = lambda v: v if _withheld(v) else int(v)  # noqa: E731
    cat = apply(by_category(apps, p), CATEGORY_SHAPE, min_count)[0]
    tot = cat.iloc[-1]
    out = {f"{m}_pct": _whole(b.at[m, "local_pct"]) for m in MEASURES}
    out.update({f"national_{m}_pct": _whole(national.get(m)) for m in MEASURES})
    out.update({
        "enquiries": count(b.at["enquiry_conversion", "denominator"]),
        "approvals": count(b.at["enquiry_conversion", "numerator"]),
        "concluded": count(b.at["assessment_conversion", "denominator"]),
        "deregistrations": count(b.at["attrition", "numerator"]),
        "households_at_start": count(b.at["attrition", "denominator"]),
        "approved_places": count(b.at["utilisation", "denominator"]),
        "places_in_use": count(b.at["utilisation", "numerator"]),
        "households_at_as_at": int(len(approved_at(households, p.as_at_date))),
        "achieved_total": count(tot["achieved"]),
        "expected_total": count(tot["expected"]),
        "target_total": tot["target"] if isinstance(tot["target"], str) else int(tot["target"]),
        "pipeline_total": (SUPPRESSED if _withheld(tot["expected"]) or _withheld(tot["achieved"])
                           else int(tot["expected"] - tot["achieved"])),
        "data_to": data_extent(apps, households),
        "period_start": p.period_start,
    })
    return out


def data_extent(apps: pd.DataFrame, households: pd.DataFrame):
    """The latest recorded (not planned) date in the two files, or None."""
    cols = [apps[c] for c in ("enquiry_date", "assessment_start_date", "approval_date", "closed_date")]
    cols += [households["approval_date"], households["deregistration_date"]]
    latest = max((c.max() for c in cols if c.notna().any()), default=None)
    return None if latest is None else latest.date()


def _whole(v):
    if _withheld(v):
        return SUPPRESSED
    return NO_DATA if v is None or v != v else int(round_half_up(v, 0))


def period_sentence(h: dict) -> str:
    """Say plainly when the period holds no activity, instead of a page of zeros."""
    gaps = []
    if h["enquiries"] == 0:
        gaps.append("no enquiries")
    if h["approvals"] == 0:
        gaps.append("no approvals")
    if h["concluded"] == 0:
        gaps.append("no concluded assessments")
    if h["approved_places"] == 0:
        gaps.append("no approved places at the as-at date")
    beyond = ""
    if h.get("data_to") is not None and h.get("period_start") is not None and h["period_start"] > h["data_to"]:
        beyond = (f"The data run only to {long_date(h['data_to'])}, before this period starts, so places in use "
                  "and households approved are as last recorded. ")
    if not gaps:
        return beyond.strip()
    return (beyond + "The data hold " + ", ".join(gaps) + " for this period, so the rates that depend on them "
            "are shown as “no data”.")


# -- charts (built from the published tables only) ----------------------------------------------
def funnel_chart(long: pd.DataFrame, title: str):
    import altair as alt

    from ...charts import PALETTE

    order = [STAGE_LABELS[s] for s in STAGES]
    base = alt.Chart(long).encode(
        x=alt.X("stage:N", sort=order, title=None, axis=alt.Axis(labelAngle=-30)),
        y=alt.Y("households:Q", title="Households"),
        tooltip=["category:N", "stage:N", "households:Q",
                 alt.Tooltip("lost_from_previous:Q", title="Lost since previous step")],
    )
    bars = base.mark_bar(stroke="#222", strokeWidth=0.5).encode(
        color=alt.Color("stage:N", sort=order, scale=alt.Scale(domain=order, range=PALETTE[:4]),
                        legend=alt.Legend(title="Stage")))
    # one y-scale for every panel: the categories are compared, so their bars must be comparable
    labels = base.mark_text(dy=-6, fontSize=10).encode(text="households:Q")
    return (bars + labels).properties(width=150, height=150).facet(
        facet=alt.Facet("category:N", title=None, sort=list(dict.fromkeys(long["category"]))),
        columns=4).properties(title=title)


def describe_funnel(f: pd.DataFrame) -> str:
    n = number_text  # 1,454
    tot = f[f["category"] == "Total"].iloc[0]
    parts = "; ".join(f"{r.category}: {n(r.enquiries)} enquiries, {n(r.assessments)} assessments, "
                      f"{n(r.panel)} at panel, {n(r.approved)} approved" for r in f[f["category"] != "Total"].itertuples())
    return (f"Bar charts, one per category, of enquiries in the period and how many reached assessment, panel "
            f"and approval. In all, {n(tot['enquiries'])} enquiries, {n(tot['assessments'])} assessments, "
            f"{n(tot['panel'])} at panel, {n(tot['approved'])} approved. {parts}.")


def vacancy_chart(monthly: pd.DataFrame, target: float, title: str):
    import altair as alt

    from ...charts import PALETTE

    long = monthly.melt(id_vars=["month"], value_vars=["vacancy_pct", "agency_share_pct"],
                        var_name="measure", value_name="pct")
    long = long[long["pct"] != NO_DATA].astype({"pct": float})
    long["measure"] = long["measure"].map({"vacancy_pct": "Vacancy rate", "agency_share_pct": "Agency share"})
    dom = ["Vacancy rate", "Agency share"]
    lines = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("month:O", title="Month", sort=list(dict.fromkeys(monthly["month"]))), y=alt.Y("pct:Q", title="Per cent"),
        color=alt.Color("measure:N", scale=alt.Scale(domain=dom, range=PALETTE[:2]), title=None),
        strokeDash=alt.StrokeDash("measure:N", scale=alt.Scale(domain=dom, range=[[1, 0], [5, 3]]), title=None),
        tooltip=["month:O", "measure:N", "pct:Q"])
    rule_df = pd.DataFrame({"target": [float(target)], "label": [f"Vacancy target {target:g}%"]})
    rule = alt.Chart(rule_df).mark_rule(strokeDash=[2, 2], color="#222").encode(y="target:Q")
    text = alt.Chart(rule_df).mark_text(align="left", dx=4, dy=-6, color="#222").encode(
        y="target:Q", text="label:N", x=alt.value(0))
    return (lines + rule + text).properties(title=title, width=480, height=260)


def describe_vacancy(monthly: pd.DataFrame, target: float) -> str:
    rows = monthly[monthly["vacancy_pct"] != NO_DATA]
    if rows.empty:
        return "No workforce months in this period."
    first, last = rows.iloc[0], rows.iloc[-1]
    above = int((rows["vacancy_pct"].astype(float) > target).sum())
    return (f"Line chart of the social-work vacancy rate and agency share by month. Vacancy went from "
            f"{first['vacancy_pct']}% in {first['month']} to {last['vacancy_pct']}% in {last['month']}, "
            f"above the {target:g}% target in {above} of {len(rows)} months.")


# -- reading ------------------------------------------------------------------------------------
def cross_file_problems(apps: pd.DataFrame, households: pd.DataFrame) -> list:
    """Approved applications missing from foster_households.csv, or approved there on another date."""
    from ...errors import Problem

    approved = apps[apps["approval_date"].notna()]
    problems = []
    missing = approved[~approved["household_id"].isin(households["household_id"])]
    for row, v in missing["household_id"].head(50).items():
        problems.append(Problem(APPLICATIONS.name, int(row), "household_id", str(v),
                                f"approved but not found in {HOUSEHOLDS.name}",
                                f"add the household to {HOUSEHOLDS.name} or correct the reference"))
    both = approved.reset_index().merge(households[["household_id", "approval_date"]], on="household_id",
                                        suffixes=("", "_hh"))
    differ = both[both["approval_date"] != both["approval_date_hh"]]
    for r in differ.head(50).itertuples():
        problems.append(Problem(APPLICATIONS.name, int(r.index), "approval_date", r.approval_date.date().isoformat(),
                                f"{HOUSEHOLDS.name} gives approval on {r.approval_date_hh.date().isoformat()}",
                                "make the two approval dates agree"))
    return problems


def load(data_dir) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """Read and check the files (workforce.csv may be absent); raise DataError with every problem."""
    from ...io import read_checked

    frames = read_checked(data_dir, INPUTS, cross_file_problems, optional=(WORKFORCE.name,))
    return frames[APPLICATIONS.name], frames[HOUSEHOLDS.name], frames[WORKFORCE.name]


# -- prose ------------------------------------------------------------------------------------------
def pct_text(v, dp: int = 0) -> str:
    """'13%' (half up), 'withheld' (a rate of small counts) or 'no data'."""
    if _withheld(v):
        return "withheld"
    if v is None or isinstance(v, str) or v != v:
        return NO_DATA
    return f"{round_half_up(v, dp):.{dp}f}%"


def national_phrase(h: dict, measures, lead: str = "national ") -> str:
    """'national 62%' for the measures the edition gives a national figure for; the others named as
    having none (never 'national no data')."""
    given = [m for m in measures if h[f"national_{m}_pct"] != NO_DATA]
    missing = [m for m in measures if m not in given]
    parts = []
    if given:
        parts.append(lead + " and ".join(pct_text(h[f"national_{m}_pct"]) for m in given))
    if missing:
        which = "" if not given else " for " + " or ".join(MEASURE_LABELS[m].lower() for m in missing)
        parts.append(f"{NO_NATIONAL}{which}")
    return "; ".join(parts)


def target_phrase(h: dict) -> str:
    """', against targets totalling 234' or that the edition sets none (recruitment.targets)."""
    if isinstance(h["target_total"], str):
        return "; this edition sets no recruitment targets (recruitment.targets)"
    return f", against targets totalling {h['target_total']}"


def vacancy_target_phrase(p: Params) -> str:
    """The vacancy target as the edition sets it, with its basis only when the edition gives one."""
    basis = f" ({p.vacancy_rate_target_basis})" if p.vacancy_rate_target_basis else ""
    source = "" if "vacancy_rate_target" in p.model_fields_set else " (the default: recruitment.vacancy_rate_target)"
    return f"the target is {p.vacancy_rate_target:g}% or below{basis}{source}"


def workforce_sentence(by_team: pd.DataFrame, month, target: float) -> str:
    """One paragraph on the workforce at the snapshot month, or why there is none."""
    if month is None or by_team.empty:
        return "The workforce file holds no month in this period, so the workforce figures are omitted."
    tot = by_team[by_team["team"] == "Total"].iloc[0]
    teams = by_team[by_team["team"] != "Total"]
    rated = teams[teams["meets_target"] != NO_DATA]
    meet = int((rated["meets_target"] == "yes").sum())
    return (f"In {pd.Timestamp(month):%B %Y} the vacancy rate for qualified social workers across the "
            f"{len(teams)} teams was {pct_text(tot['vacancy_pct'], 1)}, against the target of {target:g}% or below; "
            f"{meet} of {len(rated)} teams were at or below it. Agency staff made up {pct_text(tot['agency_share_pct'], 1)} "
            f"of the social workers in post, and turnover of permanent staff over the period ran at "
            f"{pct_text(tot['turnover_pct'], 1)} a year.")


# -- key messages ------------------------------------------------------------------------------------------
# the rates a key message sets beside the national figure: how a sentence names each, and its better side
KEY_RATES = {"enquiry_conversion": ("the share of enquiries resulting in approval", "higher"),
             "assessment_conversion": ("the share of concluded assessments resulting in approval", "higher"),
             "attrition": ("the annual rate of foster carers lost (attrition)", "lower")}


def key_messages(tables: dict[str, pd.DataFrame], p: Params) -> list:
    """The chapter's headline measures, from its tables as published: the social-work vacancy rate against
    the edition's target (with its monthly trend), households expected to be approved by the year end
    against the total target (rated as the categories are), and the conversion and attrition rates
    against the national figure."""
    from ...messages import BENCHMARK, TARGET, Cite, KeyMessage, number

    out = []
    team, month = tables.get("recruitment-workforce-by-team"), tables.get("recruitment-workforce-by-month")
    if team is not None and (team["team"] == "Total").any() and month is not None and len(month):
        cite = Cite("recruitment-workforce-by-team", {"team": "Total"}, "vacancy_pct")
        shown = month[(month["vacancy_pct"] != NO_DATA) & (pd.to_datetime(month["month"]) <= _ts(p.as_at_date))]
        trend = tuple((f"{pd.Timestamp(m):%B %Y}", v) for m, v in zip(shown["month"], shown["vacancy_pct"]))  # to the snapshot
        set_target = "vacancy_rate_target" in p.model_fields_set  # never a default the edition did not choose
        out.append(KeyMessage(
            "recruitment", "social_work_vacancy_rate", "the vacancy rate for qualified social workers",
            cite.read(tables), cite, unit="%", when=f"in {trend[-1][0]}" if trend else "",
            comparison="the target" if set_target else "", kind=TARGET if set_target else "",
            comparison_value=f"{p.vacancy_rate_target:g}" if set_target else "", better="lower", trend=trend))
    cat = tables.get("recruitment-by-category")
    if cat is not None and (cat["category"] == "Total").any():
        expected = Cite("recruitment-by-category", {"category": "Total"}, "expected")
        target = Cite("recruitment-by-category", {"category": "Total"}, "target")
        e, t = number(expected.read(tables)), number(target.read(tables))
        rating = ("" if e is None or t is None else "green" if e >= t else
                  "amber" if e >= p.rag_amber_share * t else "red")
        rag = tables.get("recruitment-rag")
        red = int((rag["rag"] == "red").sum()) if rag is not None else 0
        rated = int((rag["rag"] != NO_DATA).sum()) if rag is not None else 0
        out.append(KeyMessage(
            "recruitment", "expected_approvals", "the number of households expected to be approved as foster carers",
            expected.read(tables), expected, when=f"by {long_date(p.year_end_date)}", comparison="the target",
            comparison_value=target.read(tables) if t is not None else "", comparison_cite=target, kind=TARGET,
            better="higher", rag=rating,
            note=f"{red} of the {rated} categories with a target are rated red" if rated else ""))
    bench = tables.get("recruitment-benchmark")
    for measure, (label, better) in KEY_RATES.items():
        if bench is None or not (bench["measure"] == measure).any():
            continue
        local = Cite("recruitment-benchmark", {"measure": measure}, "local_pct")
        national = Cite("recruitment-benchmark", {"measure": measure}, "national_pct")
        has = number(national.read(tables)) is not None
        out.append(KeyMessage(
            "recruitment", measure, label, local.read(tables), local, unit="%", comparison="the national average" if has else "",
            comparison_value=national.read(tables) if has else "", comparison_cite=national if has else None,
            kind=BENCHMARK if has else "", better=better))
    return out
