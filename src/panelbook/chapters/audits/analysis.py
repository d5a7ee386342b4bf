"""Quality-assurance audits: grades by month and needs group, and supervision against plans.

Definitions (quoted in the chapter):
- a domain (supervision, plan, child_focus, overall) is *adequate or better* when its grade is
  at or above `threshold` on `scale` (listed worst to best); grades are scored 1..k in scale
  order; a blank grade means the domain was not graded and the case is left out of that
  domain's figures (pairwise: the correlation uses cases graded on both);
- monthly supervision figures count audits dated within the period, by calendar month;
- cumulative figures count audits dated from `cumulative_from` to `cumulative_to` (defaults:
  the period); "since the period start" counts from `period_start` to `cumulative_to`;
- the association of supervision with plans uses the cumulative window, per needs group;
- IRO care-plan grades are counted by financial-year quarter within the cumulative window.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from pydantic import Field, model_validator

from ... import correlation as corr, labels
from ...charts import PALETTE
from ...disclosure import SUPPRESSED
from ...numbers import and_list, count_text, fy_quarter, long_date, p_text, pct_half_up, quarters_between
from ...params import PeriodParams, StrictModel
from ...schema import Col, FileSpec

DEFAULT_SCALE = ("inadequate", "adequate", "good", "outstanding")
GROUPS = ("CIN", "CP", "CIC", "care_leaver")
GROUP_LABELS = {**labels.values("audits", "needs_group"), "Total": "All groups"}  # labels/audits.yaml
DOMAINS = ("supervision", "plan", "child_focus", "overall")
DOMAIN_LABELS = labels.values("audits", "domain")
ALL = "All"
TOTAL = "Total"


class Bootstrap(StrictModel):
    """The bootstrap behind the confidence interval for rho: seeded so the book is deterministic."""

    resamples: int = Field(2000, ge=100, le=100_000)
    seed: int = Field(2014, ge=0)


def norm_grade(s: pd.Series) -> pd.Series:
    """Grades compared ignoring case, spacing, '_' and '-' ('Requires_Improvement' = 'requires improvement')."""
    return (s.astype("string").str.strip().str.lower()
            .str.replace(r"[_\-\s]+", " ", regex=True))


class Params(PeriodParams):
    scale: list[str] = list(DEFAULT_SCALE)  # worst to best
    threshold: str = "adequate"  # "adequate or better" = this grade or any above it
    bootstrap: Bootstrap = Bootstrap()
    cumulative_from: dt.date | None = None  # start of the cumulative window (default period_start)
    cumulative_to: dt.date | None = None  # end of the cumulative and "since" windows (default period_end)
    how_chosen: str | None = Field(
        None, description="how cases are chosen for audit, quoted in the chapter's definitions (markdown)")

    @model_validator(mode="after")
    def _scale_and_windows(self):
        names = norm_grade(pd.Series(self.scale, dtype="string")).tolist()
        if len(names) < 2:
            raise ValueError("scale needs at least two grades, worst first")
        if len(set(names)) != len(names):
            raise ValueError(f"scale lists a grade twice: {self.scale}")
        if norm_grade(pd.Series([self.threshold], dtype="string"))[0] not in names:
            raise ValueError(f"threshold {self.threshold!r} is not one of the scale's grades {self.scale}")
        if self.cumulative_from is not None and self.cumulative_from > self.period_start:
            raise ValueError(f"cumulative_from ({self.cumulative_from}) is after period_start ({self.period_start})")
        if self.cumulative_to is not None and self.cumulative_to < self.period_start:
            raise ValueError(f"cumulative_to ({self.cumulative_to}) is before period_start ({self.period_start})")
        return self

    @property
    def grades(self) -> list[str]:
        """The scale as compared with the data (normalised)."""
        return norm_grade(pd.Series(self.scale, dtype="string")).tolist()

    @property
    def threshold_score(self) -> int:
        return self.grades.index(norm_grade(pd.Series([self.threshold], dtype="string"))[0]) + 1

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        return self.cumulative_from or self.period_start, self.cumulative_to or self.period_end

    @property
    def since_window(self) -> tuple[dt.date, dt.date]:
        return self.period_start, self.cumulative_to or self.period_end


GROUP_CODES = dict(
    codes=GROUPS,
    code_aliases={"CHIN": "CIN", "child in need": "CIN", "children in need": "CIN",
                  "child protection": "CP", "CPP": "CP", "LAC": "CIC", "CLA": "CIC", "child in care": "CIC",
                  "children in care": "CIC", "looked after": "CIC", "care leaver": "care_leaver",
                  "care leavers": "care_leaver", "care-leaver": "care_leaver", "leaving care": "care_leaver",
                  "CL": "care_leaver"},
)
GRADE_HELP = "grade on the edition's scale (default: inadequate, adequate, good, outstanding); blank = not graded"

AUDITS = FileSpec(
    name="qa_audits.csv",
    description="One row per case audited (quality-assurance case audits); one column per graded domain.",
    columns=(
        Col("audit_id", unique=True, help="the audit's reference"),
        Col("audit_date", "date", aliases=("date",), help="date the audit was completed"),
        Col("needs_group", "code", aliases=("group", "needs"), help="CIN, CP, CIC or care_leaver", **GROUP_CODES),
        Col("team", required=False, nullable=True, help="not used in the tables"),
        Col("supervision", nullable=True, aliases=("supervision_and_management_oversight", "management_oversight",
                                                   "supervision_grade"), help=GRADE_HELP),
        Col("plan", nullable=True, aliases=("plan_grade", "plan_quality"), help=GRADE_HELP),
        Col("child_focus", required=False, nullable=True, aliases=("child_focused_practice", "child_focused"),
            help=GRADE_HELP),
        Col("overall", required=False, nullable=True, aliases=("overall_grade",), help=GRADE_HELP),
    ),
)

IRO = FileSpec(
    name="iro_plan_grades.csv",
    description="Optional: one row per child-in-care review whose care plan the IRO graded.",
    columns=(
        Col("review_id", unique=True, help="the review's reference"),
        Col("review_date", "date", help="date of the review"),
        Col("needs_group", "code", required=False, nullable=True, help="usually CIC", **GROUP_CODES),
        Col("plan_grade", nullable=True, aliases=("grade", "care_plan_grade"), help=GRADE_HELP),
    ),
)

INPUTS = (AUDITS, IRO)
GRADE_COLUMNS = {AUDITS.name: DOMAINS, IRO.name: ("plan_grade",)}


# -- reading -------------------------------------------------------------------------------
def grade_problems(frame: pd.DataFrame, file: str, columns, p: Params) -> list:
    """Grades not on the edition's scale, each with its spreadsheet row."""
    from ...errors import Problem

    problems = []
    for col in columns:
        if col not in frame or frame[col].isna().all():
            continue
        g = norm_grade(frame[col])
        bad = g.notna() & ~g.isin(p.grades)
        for row, value in frame.loc[bad, col].head(50).items():
            problems.append(Problem(file, int(row), col, str(value),
                                    "not a grade on the edition's scale: " + ", ".join(p.scale),
                                    "use one of the scale's grades, or leave blank if not graded"))
    return problems


def load(data_dir, p: Params | None = None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Read qa_audits.csv (and iro_plan_grades.csv if present); with params, check every grade too."""
    from ...errors import DataError
    from ...io import read_inputs

    frames = read_inputs(data_dir, INPUTS, optional=(IRO.name,))
    audits, iro = frames[AUDITS.name], frames[IRO.name]
    if p is not None:
        problems = grade_problems(audits, AUDITS.name, DOMAINS, p)
        if iro is not None:
            problems += grade_problems(iro, IRO.name, ("plan_grade",), p)
        if problems:
            raise DataError(problems)
    return audits, iro


def validate_edition(edition) -> list:
    """Grades checked against this edition's scale (load(data_dir) alone cannot know it)."""
    from ...errors import DataError

    p = edition.section("audits")
    if p is None:
        return []
    try:
        load(edition.data_source, p)
    except DataError as exc:
        return [pr for pr in exc.problems if pr.rule.startswith("not a grade")]
    return []


# -- scoring -------------------------------------------------------------------------------
def scores(frame: pd.DataFrame, columns, p: Params) -> pd.DataFrame:
    """Grade columns replaced by scores 1..k in scale order (NaN = not graded)."""
    out = frame.copy()
    for col in columns:
        if col in out:
            cat = pd.Categorical(norm_grade(out[col]), categories=p.grades)
            out[col] = np.where(cat.codes >= 0, cat.codes + 1, np.nan)
    return out


def between(dates: pd.Series, start: dt.date, end: dt.date) -> pd.Series:
    return (dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))


def _counts(ok: pd.Series, graded: pd.Series, by, index) -> pd.DataFrame:
    t = pd.DataFrame({"n": graded.groupby(by).sum(), "k": (ok & graded).groupby(by).sum()})
    return t.reindex(index, fill_value=0).astype(int)


def _with_total(t: pd.DataFrame, label_col: str, label: str = TOTAL) -> pd.DataFrame:
    """Append a total row: counts summed, percentages recomputed from the summed counts."""
    total = {label_col: label}
    for c in t.columns:
        if c != label_col and not c.startswith("pct") and pd.api.types.is_numeric_dtype(t[c]):
            total[c] = int(t[c].sum())
    out = pd.concat([t, pd.DataFrame([total])], ignore_index=True)
    return out


# -- tables --------------------------------------------------------------------------------
def supervision_by_month(audits: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Cases audited in each month of the period with supervision graded, and how many adequate or better."""
    a = scores(audits, ["supervision"], p)
    a = a[between(a["audit_date"], p.period_start, p.period_end)]
    months = pd.period_range(p.period_start, p.period_end, freq="M")
    by = a["audit_date"].dt.to_period("M")
    t = _counts(a["supervision"] >= p.threshold_score, a["supervision"].notna(), by, months)
    out = pd.DataFrame({"month": months.strftime("%Y-%m"), "audited": t["n"].to_numpy(),
                        "adequate_or_better": t["k"].to_numpy()})
    out = _with_total(out, "month")
    out["pct"] = pct_half_up(out["adequate_or_better"], out["audited"], 1)
    return out


def plans_by_group(audits: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Plans graded adequate or better by needs group: the cumulative window and since the period start."""
    a = scores(audits, ["plan"], p)
    ok, graded = a["plan"] >= p.threshold_score, a["plan"].notna()
    out = pd.DataFrame({"needs_group": list(GROUPS)})
    for suffix, (start, end) in (("", p.window), ("_since_start", p.since_window)):
        inside = between(a["audit_date"], start, end)
        t = _counts(ok & inside, graded & inside, a["needs_group"], list(GROUPS))
        out[f"audited{suffix}"] = t["n"].to_numpy()
        out[f"adequate_or_better{suffix}"] = t["k"].to_numpy()
    out = _with_total(out, "needs_group")
    for suffix in ("", "_since_start"):
        out.insert(out.columns.get_loc(f"adequate_or_better{suffix}") + 1, f"pct{suffix}",
                   pct_half_up(out[f"adequate_or_better{suffix}"], out[f"audited{suffix}"], 1))
    return out


def domains(audits: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Each graded domain over the cumulative window: cases graded, adequate or better, pct."""
    a = scores(audits, DOMAINS, p)
    a = a[between(a["audit_date"], *p.window)]
    rows = [{"domain": d, "graded": int(a[d].notna().sum()), "adequate_or_better": int((a[d] >= p.threshold_score).sum())}
            for d in DOMAINS]
    out = pd.DataFrame(rows, columns=["domain", "graded", "adequate_or_better"])
    out["pct"] = pct_half_up(out["adequate_or_better"], out["graded"], 1)
    return out


def iro_by_quarter(iro: pd.DataFrame | None, p: Params) -> pd.DataFrame:
    """IRO care-plan grades by financial-year quarter within the cumulative window (edge quarters partial)."""
    cols = ["quarter", "first_day", "last_day", "graded", "adequate_or_better", "pct"]
    start, end = p.window
    quarters = quarters_between(start, end)
    if iro is None:
        return pd.DataFrame(columns=cols)
    g = scores(iro, ["plan_grade"], p)
    g = g[between(g["review_date"], start, end)]
    t = _counts(g["plan_grade"] >= p.threshold_score, g["plan_grade"].notna(), fy_quarter(g["review_date"]), quarters)
    bounds = pd.DataFrame({"m": pd.Series(pd.period_range(start, end, freq="M").to_timestamp())})
    bounds["q"] = fy_quarter(bounds["m"])
    first = bounds.groupby("q")["m"].min().reindex(quarters).clip(lower=pd.Timestamp(start))
    last = (bounds.groupby("q")["m"].max().reindex(quarters) + pd.offsets.MonthEnd(0)).clip(upper=pd.Timestamp(end))
    out = pd.DataFrame({"quarter": quarters, "first_day": first.dt.strftime("%Y-%m-%d").to_numpy(),
                        "last_day": last.dt.strftime("%Y-%m-%d").to_numpy(),
                        "graded": t["n"].to_numpy(), "adequate_or_better": t["k"].to_numpy()})
    out = _with_total(out, "quarter")
    out.loc[out.index[-1], ["first_day", "last_day"]] = [start.isoformat(), end.isoformat()]
    out["pct"] = pct_half_up(out["adequate_or_better"], out["graded"], 1)
    return out[cols]


def crosstab(audits: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Cases by needs group, supervision grade and plan grade (cumulative window, both graded; zeros kept)."""
    a = scores(audits, ["supervision", "plan"], p)
    a = a[between(a["audit_date"], *p.window) & a["supervision"].notna() & a["plan"].notna()]
    k = len(p.scale)
    idx = pd.MultiIndex.from_product([list(GROUPS), range(1, k + 1), range(1, k + 1)],
                                     names=["needs_group", "supervision", "plan"])
    t = a.groupby(["needs_group", "supervision", "plan"]).size()
    t.index = t.index.set_levels([t.index.levels[0], t.index.levels[1].astype(int), t.index.levels[2].astype(int)])
    t = t.reindex(idx, fill_value=0).rename("cases").reset_index()
    for c in ("supervision", "plan"):
        t[c] = t[c].map(dict(enumerate(p.scale, start=1)))
    return t


def associations(audits: pd.DataFrame, p: Params) -> dict[str, dict]:
    """Per needs group and All: n and every association statistic (correlation.Result), cumulative window."""
    a = scores(audits, ["supervision", "plan"], p)
    a = a[between(a["audit_date"], *p.window) & a["supervision"].notna() & a["plan"].notna()]
    out = {}
    for group in (*GROUPS, ALL):
        g = a if group == ALL else a[a["needs_group"] == group]
        x, y = g["supervision"].to_numpy(float), g["plan"].to_numpy(float)
        thr = p.threshold_score
        out[group] = {
            "n": len(g),
            "spearman": corr.spearman(x, y),
            "bootstrap": corr.spearman_bootstrap_ci(x, y, p.bootstrap.resamples, p.bootstrap.seed),
            "kendall": corr.kendall_tau_b(x, y),
            "cramers_v": corr.cramers_v(x, y),
            "odds_ratio": corr.odds_ratio(x >= thr, y >= thr),
        }
    return out


WITHHELD_WHY = "withheld: its cross-tab withholds small counts"


def withhold_statistics(assoc: dict[str, dict], crosstab_shown: pd.DataFrame) -> dict[str, dict]:
    """The associations as the book may show them: a needs group whose published cross-tab withholds a
    cell ('c') has every statistic withheld too (rho, its interval, tau-b and p, V, the odds ratio and
    the comparisons), and so has All when any group has: each is a function of the cells, and with the
    cells shown and the group's n, a published rho to 3 places would let the withheld cells be found by
    trying every filling. n stays (the cross-tab's margins protect it)."""
    hidden = crosstab_shown.loc[crosstab_shown["cases"].astype(str) == SUPPRESSED, "needs_group"]
    groups = set(hidden.astype(str))
    if groups:
        groups.add(ALL)
    return {g: ({**s, "withheld": True} if g in groups else s) for g, s in assoc.items()}


def _shown(s: dict) -> bool:
    return not s.get("withheld") and s["spearman"].computable


def _num(v: float | None, dp: int) -> str:
    """A statistic as printed: fixed decimals, 'infinite', or 'not computable' (never NaN)."""
    if v is None:
        return corr.NOT_COMPUTABLE
    if not np.isfinite(v):
        return "infinite"
    return f"{round(float(v), dp) + 0.0:.{dp}f}"  # + 0.0: no "-0.000"


def _p(v: float | None) -> str:
    """A p-value as printed: 3 decimals, or 3 significant figures in e-notation below 0.001."""
    if v is None:
        return corr.NOT_COMPUTABLE
    return f"{v:.2e}" if v < 0.001 else f"{v:.3f}"


CORRELATION_COLUMNS = ["needs_group", "n", "spearman_rho", "rho_ci_low", "rho_ci_high", "kendall_tau_b", "p_value",
                       "cramers_v", "odds_ratio", "odds_ratio_ci_low", "odds_ratio_ci_high"]


def correlation_table(assoc: dict[str, dict]) -> pd.DataFrame:
    """The association table: rho (3 dp) with bootstrap CI, tau-b and its p, V, odds ratio (2 dp) with exact CI.

    Statistics are text as printed (the table is shown and exported exactly so); n is a count.
    """
    rows = []
    for group, s in assoc.items():
        if s.get("withheld"):
            rows.append({"needs_group": group, "n": int(s["n"]), **{c: SUPPRESSED for c in CORRELATION_COLUMNS[2:]}})
            continue
        ci = s["bootstrap"].ci
        orr = s["odds_ratio"]
        rows.append({
            "needs_group": group, "n": int(s["n"]),
            "spearman_rho": _num(s["spearman"].value, 3),
            "rho_ci_low": _num(ci[0] if ci else None, 3), "rho_ci_high": _num(ci[1] if ci else None, 3),
            "kendall_tau_b": _num(s["kendall"].value, 3), "p_value": _p(s["kendall"].p_value),
            "cramers_v": _num(s["cramers_v"].value, 3),
            "odds_ratio": _num(orr.value, 2),
            "odds_ratio_ci_low": _num(orr.ci[0] if orr.ci else None, 2),
            "odds_ratio_ci_high": _num(orr.ci[1] if orr.ci else None, 2),
        })
    return pd.DataFrame(rows, columns=CORRELATION_COLUMNS).astype({"n": int})


def strongest(assoc: dict[str, dict]) -> str | None:
    """The needs group with the largest computable Spearman rho (not All); None if none."""
    rhos = {g: s["spearman"].value for g, s in assoc.items() if g != ALL and _shown(s)}
    return max(rhos, key=lambda g: (rhos[g], -GROUPS.index(g))) if rhos else None


def comparison_table(assoc: dict[str, dict]) -> pd.DataFrame:
    """Fisher-z tests: the strongest group against each other group, then all groups together (Cochran's Q)."""
    cols = ["comparison", "rho_first", "rho_second", "statistic", "p_value"]
    top = strongest(assoc)
    rows = []
    groups = [g for g in GROUPS if g in assoc]
    if top is not None:
        for g in groups:
            if g == top:
                continue
            a, b = assoc[top], assoc[g]
            if b.get("withheld"):
                rows.append({"comparison": f"{top} v {g}", "rho_first": _num(a["spearman"].value, 3),
                             "rho_second": SUPPRESSED, "statistic": SUPPRESSED, "p_value": SUPPRESSED})
                continue
            res = corr.compare_rhos(a["spearman"].value, a["n"], b["spearman"].value, b["n"])
            rows.append({"comparison": f"{top} v {g}", "rho_first": _num(a["spearman"].value, 3),
                         "rho_second": _num(b["spearman"].value, 3), "statistic": _num(res.value, 2),
                         "p_value": _p(res.p_value)})
    if any(assoc[g].get("withheld") for g in groups):  # Q would tell of the withheld rhos
        rows.append({"comparison": "All groups (Cochran's Q)", "rho_first": "", "rho_second": "",
                     "statistic": SUPPRESSED, "p_value": SUPPRESSED})
        return pd.DataFrame(rows, columns=cols)
    q = corr.heterogeneity([assoc[g]["spearman"].value for g in groups], [assoc[g]["n"] for g in groups])
    rows.append({"comparison": "All groups (Cochran's Q)", "rho_first": "", "rho_second": "",
                 "statistic": _num(q.value, 2), "p_value": _p(q.p_value)})
    return pd.DataFrame(rows, columns=cols)


def comparison_labels(cmp: pd.DataFrame) -> dict[str, dict[str, str]]:
    """The comparison table's rows in words ('Children in need v Care leavers'), for `ctx.table(labels=...)`:
    the export keeps 'CIN v care_leaver'."""
    out = {}
    for c in cmp["comparison"]:
        parts = str(c).split(" v ")
        if len(parts) == 2 and all(p in GROUP_LABELS for p in parts):
            out[c] = f"{GROUP_LABELS[parts[0]]} v {GROUP_LABELS[parts[1]].lower()}"
    return {"comparison": out}


def headline(audits: pd.DataFrame, iro: pd.DataFrame | None, p: Params, assoc: dict[str, dict],
             alpha: float = 0.05) -> dict:
    """The figures and phrases the chapter's prose quotes."""
    a = audits[between(audits["audit_date"], *p.window)]
    top = strongest(assoc)
    groups = [g for g in GROUPS if _shown(assoc[g])]
    q = corr.heterogeneity([assoc[g]["spearman"].value for g in groups], [assoc[g]["n"] for g in groups])
    if any(assoc[g].get("withheld") for g in GROUPS):
        q = corr.Result.no(WITHHELD_WHY)
    out = {
        "audits_in_period": int(between(audits["audit_date"], p.period_start, p.period_end).sum()),
        "audits_in_window": int(len(a)),
        "both_graded": int(assoc[ALL]["n"]),
        "strongest": top,
        "strongest_rho": assoc[top]["spearman"].value if top else None,
        "computable_groups": groups,
        "not_computable_groups": [g for g in GROUPS if not _shown(assoc[g])],
        "all_positive": bool(groups) and all(assoc[g]["spearman"].value > 0 for g in groups),
        "weakest": min(groups, key=lambda g: assoc[g]["spearman"].value) if groups else None,
        "heterogeneity_p": q.p_value,
        "differences_beyond_chance": (q.p_value is not None and q.p_value < alpha),
        "iro_reviews": 0 if iro is None else int(between(iro["review_date"], *p.window).sum()),
    }
    return out


def strength_word(rho: float | None) -> str:
    """Conventional words for |rho| (weak < 0.3 <= moderate < 0.5 <= strong < 0.7 <= very strong)."""
    if rho is None:
        return "not computable"
    r = abs(rho)
    word = "very strong" if r >= 0.7 else "strong" if r >= 0.5 else "moderate" if r >= 0.3 else "weak"
    return f"{word} {'positive' if rho > 0 else 'negative' if rho < 0 else ''}".strip()


# -- sentences for the prose (built from the numbers, glued; never typed) -----------------------
def _month_name(ym: str) -> str:
    return pd.Period(ym, "M").strftime("%B %Y")


def ok_phrase(p: Params) -> str:
    """'adequate or better' (or 'requires improvement or better' on a later scale)."""
    name = p.scale[p.threshold_score - 1].lower()  # as the scale spells it
    return f"{name} or better" if p.threshold_score < len(p.scale) else name


def _withheld(*values) -> bool:
    return any(isinstance(v, str) and v == SUPPRESSED for v in values)


def supervision_sentence(t: pd.DataFrame, p: Params) -> str:
    """One clause per month of the period: the share of audited cases with supervision at the threshold
    or better, from the table as published (a withheld month is said to be withheld, never how small)."""
    rows = t[t["month"] != TOTAL]
    if all(not _withheld(v) and v == 0 for v in rows["audited"]):
        return f"No audits with a supervision grade were completed between {long_date(p.period_start)} and {long_date(p.period_end)}."
    parts = [f"{_month_name(r.month)}: withheld (small numbers)" if _withheld(r.audited, r.pct) else
             f"{_month_name(r.month)}: {r.pct:.1f}% of {int(r.audited):,} cases" if r.audited else
             f"{_month_name(r.month)}: no cases audited" for r in rows.itertuples()]
    return f"Cases audited with supervision graded {ok_phrase(p)}, by month: " + "; ".join(parts) + "."


HOW_CHOSEN = ("Unless an edition says how its cases were chosen, read the percentages as describing the cases "
              "audited, not every case: audits chosen by managers rather than drawn at random from all open cases "
              "may not be representative of all children's cases.")


def how_chosen_text(p: Params) -> str:
    """The definitions' 'How cases were chosen': the edition's own account (audits.how_chosen), else a caution."""
    return p.how_chosen.strip() if p.how_chosen else HOW_CHOSEN


def plans_sentence(t: pd.DataFrame, p: Params, group: str = "CIN") -> str:
    """The CIN-plan sentence, for the cumulative window and since the period start, from the table as
    published (withheld figures are said to be withheld, never how small)."""
    r = t[t["needs_group"] == group].iloc[0]
    name = GROUP_LABELS[group].lower()
    (a, b), (c, d) = p.window, p.since_window
    if not _withheld(r["audited"]) and r["audited"] == 0:
        return f"No {name} cases with a graded plan were audited between {long_date(a)} and {long_date(b)}."
    if _withheld(r["audited"], r["adequate_or_better"], r["pct"]):
        return (f"The figures for {name} cases audited between {long_date(a)} and {long_date(b)} are withheld "
                "(small numbers).")
    out = (f"Between {long_date(a)} and {long_date(b)}, {int(r['audited']):,} {name} cases were audited with a plan graded; "
           f"{int(r['adequate_or_better']):,} ({r['pct']:.1f}%) had a plan graded {ok_phrase(p)}.")
    if (c, d) != (a, b) and _withheld(r["audited_since_start"], r["adequate_or_better_since_start"], r["pct_since_start"]):
        out += f" The figures from {long_date(c)} to {long_date(d)} are withheld (small numbers)."
    elif (c, d) != (a, b):
        out += (f" Of the {int(r['audited_since_start']):,} audited from {long_date(c)} to {long_date(d)}, "
                f"{int(r['adequate_or_better_since_start']):,} ({r['pct_since_start']:.1f}%) did."
                if r["audited_since_start"] else f" None were audited from {long_date(c)} to {long_date(d)}.")
    return out


def child_focus_sentence(doms: pd.DataFrame, p: Params) -> str:
    """The child-focused practice clause, from the domains table as published."""
    cf = doms.set_index("domain").loc["child_focus"]
    if _withheld(cf["graded"], cf["pct"]):
        return "the figures for child-focused practice are withheld (small numbers)."
    if not cf["graded"]:
        return "No case audited in this window had child-focused practice graded."
    return f"{cf['pct']:.1f}% of the {int(cf['graded']):,} cases audited with child-focused practice graded were {ok_phrase(p)}."


def iro_sentence(iro_q: pd.DataFrame | None, p: Params) -> str:
    """IRO care-plan grades by quarter, from the table as published: quarters withheld are left out."""
    if iro_q is None:
        return "No IRO care-plan grades were supplied (iro_plan_grades.csv is optional)."
    rows = [r for r in iro_q.itertuples() if r.quarter != TOTAL and not _withheld(r.graded, r.pct) and r.graded]
    withheld = any(_withheld(r.graded, r.pct) for r in iro_q.itertuples() if r.quarter != TOTAL)
    if not rows:
        return ("The IRO care-plan figures of this window are withheld (small numbers)." if withheld else
                "No IRO care-plan grades fall in this window.")
    return ("IRO care-plan grades " + ok_phrase(p) + ", by quarter: "
            + "; ".join(f"{r.quarter} {r.pct:.1f}% of {int(r.graded):,}" for r in rows)
            + ("; other quarters withheld (small numbers)" if withheld else "") + ".")


def association_sentence(assoc: dict[str, dict]) -> str:
    """Each group's Spearman rho in words, strongest first named; not-computable groups with the reason."""
    top = strongest(assoc)
    why = lambda g: WITHHELD_WHY if assoc[g].get("withheld") else assoc[g]["spearman"].reason  # noqa: E731
    if top is None:
        if all(assoc[g].get("withheld") for g in GROUPS):
            return ("The association is withheld for every needs group: each group's cross-tab withholds small "
                    "counts, which its statistics would give away.")
        reasons = "; ".join(f"{GROUP_LABELS[g].lower()}: {why(g)}" for g in GROUPS)
        shown = "shown for" if any(assoc[g].get("withheld") for g in GROUPS) else "measured in"
        return f"The association could not be {shown} any needs group ({reasons})."
    ok = sorted((g for g in GROUPS if _shown(assoc[g])), key=lambda g: -assoc[g]["spearman"].value)
    parts = [f"{assoc[g]['spearman'].value:.2f} for {GROUP_LABELS[g].lower()} ({strength_word(assoc[g]['spearman'].value)})"
             for g in ok]
    out = (f"Spearman's rho between the supervision grade and the plan grade was {and_list(parts)}; "
           f"it is highest for {GROUP_LABELS[top].lower()}.")
    missing = [g for g in GROUPS if not assoc[g]["spearman"].computable and not assoc[g].get("withheld")]
    if missing:
        out += " It is not computable for " + and_list(
            [f"{GROUP_LABELS[g].lower()} ({assoc[g]['spearman'].reason})" for g in missing]) + "."
    withheld = [g for g in GROUPS if assoc[g].get("withheld")]
    if withheld:
        out += (" It is withheld for " + and_list([GROUP_LABELS[g].lower() for g in withheld])
                + ", whose cross-tabs withhold small counts.")
    return out


def difference_sentence(cmp: pd.DataFrame, assoc: dict[str, dict], alpha: float = 0.05) -> str:
    """Whether the groups' correlations differ beyond chance (Cochran's Q), and the strongest group against each other."""
    q = cmp.iloc[-1]
    if q["statistic"] == SUPPRESSED:
        return ("Whether the groups' correlations differ is not shown: the test uses every group's rho, and some "
                "are withheld.")
    if q["statistic"] == corr.NOT_COMPUTABLE:
        return "With fewer than two groups to compare, whether the groups differ cannot be tested."
    beyond = float(q["p_value"]) < alpha
    groups = [g for g in GROUPS if _shown(assoc[g])]
    out = (f"Taken together, the differences between the groups' correlations are "
           f"{'larger than chance alone would readily produce' if beyond else 'within what chance alone could produce'} "
           f"(Cochran's Q = {float(q['statistic']):.2f} on {len(groups) - 1} degrees of freedom, {p_text(q['p_value'])}).")
    top = strongest(assoc)
    pairs = cmp.iloc[:-1]
    tested = [r for r in pairs.itertuples() if r.p_value not in (corr.NOT_COMPUTABLE, SUPPRESSED)]
    clear = [r for r in tested if float(r.p_value) < alpha]
    unclear = [r for r in tested if float(r.p_value) >= alpha]
    name = lambda r: GROUP_LABELS[r.comparison.split(" v ")[1]].lower()  # noqa: E731
    if clear:
        out += (f" The correlation for {GROUP_LABELS[top].lower()} is clearly higher than for "
                + and_list([f"{name(r)} ({p_text(r.p_value)})" for r in clear]) + ".")
    if unclear:
        out += (f" {'It' if clear else 'The correlation for ' + GROUP_LABELS[top].lower()} is not clearly higher than for "
                + and_list([f"{name(r)} ({p_text(r.p_value)})" for r in unclear]) + ".")
    return out


# -- key messages ------------------------------------------------------------------------------------------
def key_messages(tables: dict[str, pd.DataFrame], p: Params) -> list:
    """The chapter's headline measures, from its tables as published: the share of cases audited with
    supervision graded at the threshold or better (with its monthly trend), the same for plans, and the
    IRO's care-plan grades in the latest quarter against the quarter before (tested, with the trend)."""
    from ...messages import EARLIER, Cite, KeyMessage, number, share_verdict

    ok = ok_phrase(p)
    out = []
    sup = tables.get("audit-supervision-by-month")
    if sup is not None and (sup["month"] == TOTAL).any():
        cite = Cite("audit-supervision-by-month", {"month": TOTAL}, "pct")
        months = sup[sup["month"] != TOTAL]
        trend = tuple((f"{pd.Timestamp(m):%B %Y}", v) for m, v in zip(months["month"], months["pct"]) if v != "")
        out.append(KeyMessage("audits", "supervision_ok", f"the share of cases audited with supervision graded {ok}",
                              cite.read(tables), cite, unit="%", better="higher", trend=trend))
    plans = tables.get("audit-plans-by-group")
    if plans is not None and (plans["needs_group"] == TOTAL).any():
        cite = Cite("audit-plans-by-group", {"needs_group": TOTAL}, "pct")
        out.append(KeyMessage("audits", "plan_ok", f"the share of cases audited with the plan graded {ok}",
                              cite.read(tables), cite, unit="%", better="higher"))
    iro = tables.get("audit-iro-plans-by-quarter")
    if iro is not None:
        quarters = iro[(iro["quarter"] != TOTAL) & iro["graded"].map(lambda v: v == "c" or (number(v) or 0) > 0)]
        trend = tuple(zip(quarters["quarter"], quarters["pct"]))
        if len(quarters):
            now = quarters.iloc[-1]
            cite = Cite("audit-iro-plans-by-quarter", {"quarter": now["quarter"]}, "pct")
            before = quarters.iloc[-2] if len(quarters) > 1 else None
            earlier = Cite("audit-iro-plans-by-quarter", {"quarter": before["quarter"]}, "pct") if before is not None else None
            out.append(KeyMessage(
                "audits", "iro_plan_ok", f"the share of care plans graded {ok} by the IRO", cite.read(tables), cite,
                unit="%", when=f"in {now['quarter']}", better="higher", trend=trend,
                comparison=f"in {before['quarter']}" if before is not None else "", kind=EARLIER if before is not None else "",
                comparison_value=earlier.read(tables) if earlier else "", comparison_cite=earlier,
                verdict=share_verdict((before["adequate_or_better"], before["graded"]),
                                      (now["adequate_or_better"], now["graded"])) if before is not None else ""))
    return out


# -- its charts and their alt text (drawn from the tables as published) ----------------------------
def audit_pct_bars(data, category: str, title: str, category_title: str, value_title: str):
    """Vertical bars of a percentage per category, each labelled with its value (audits chapter)."""
    import altair as alt

    d = data[[category, "pct"]].copy()
    d["label"] = d["pct"].map(lambda v: f"{v:.1f}%")
    base = alt.Chart(d).encode(x=alt.X(f"{category}:N", sort=list(d[category]), title=category_title,
                                       axis=alt.Axis(labelAngle=0)))
    bars = base.mark_bar(color=PALETTE[0], stroke="#222", strokeWidth=0.5).encode(
        y=alt.Y("pct:Q", title=value_title, scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title), alt.Tooltip("pct:Q", title=value_title)])
    labels = base.mark_text(dy=-6, fontSize=11, color="#222").encode(y="pct:Q", text="label:N")
    return (bars + labels).properties(title=title, width=360, height=240)


def describe_audit_pct_bars(data, category: str, what: str) -> str:
    """Alt text: every category's percentage in words."""
    if not len(data):
        return f"No {what} in this period."
    parts = "; ".join(f"{r[category]}: {r['pct']:.1f}%" for _, r in data.iterrows())
    return f"Bar chart of the percentage of {what}, by {category}. {parts}."


def audit_grade_heatmap(data, scale, title: str, facet: str = "needs_group", facet_title: str = "Needs group"):
    """Cross-tab heatmaps of supervision grade (rows) by plan grade (columns), one panel per group.

    `data` is the aggregated long table (facet, supervision, plan, cases); grades run worst to
    best along both axes, so agreement lies on the diagonal. Every cell is labelled with its count.
    """
    import altair as alt
    import pandas as pd

    d = data.copy()
    d["cases_num"] = pd.to_numeric(d["cases"], errors="coerce")
    d["label"] = d["cases"].astype(str)
    base = alt.Chart().encode(
        x=alt.X("plan:N", sort=list(scale), title="Plan grade", axis=alt.Axis(labelAngle=-30)),
        y=alt.Y("supervision:N", sort=list(reversed(scale)), title="Supervision grade"))
    rect = base.mark_rect(stroke="#fff").encode(
        color=alt.Color("cases_num:Q", title="Cases", scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip(f"{facet}:N", title=facet_title), "supervision:N", "plan:N",
                 alt.Tooltip("label:N", title="Cases")])
    text = base.mark_text(fontSize=11).encode(
        text="label:N",
        color=alt.condition("datum.cases_num > 40", alt.value("#fff"), alt.value("#222")))
    return alt.layer(rect, text, data=d).properties(width=170, height=150).facet(
        facet=alt.Facet(f"{facet}:N", title=facet_title, sort=list(dict.fromkeys(d[facet]))), columns=2,
    ).properties(title=title)


def describe_audit_heatmap(data, facet: str = "needs_group") -> str:
    """Alt text: per group, cases graded on both and how many had the same grade for both."""

    if not len(data):
        return "No cases graded on both supervision and plan."
    from ...disclosure import published_sum

    parts = []
    for g, t in data.groupby(facet, sort=False):
        n = published_sum(t["cases"])  # a sum over a withheld cell is withheld too
        same = published_sum(t.loc[t["supervision"] == t["plan"], "cases"])
        if n == SUPPRESSED:
            parts.append(f"{g}: some counts withheld")
        elif not n:
            parts.append(f"{g}: no cases")
        else:
            parts.append(f"{g}: {int(n)} cases, {int(same)} with the same grade for both")
    return ("Heatmaps of supervision grade against plan grade, one per needs group. "
            + "; ".join(parts) + ".")
