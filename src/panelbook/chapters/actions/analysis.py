"""Improvement-plan progress: RAG status by plan and theme, overdue actions, change since last edition.

Definitions (quoted in the chapter):
- status: red, amber, green, complete (the key's "Grey"), or not rated (blank). R/A/G letters and the
  words are accepted, case-insensitive, and only the first word counts ("Green - target achieved" is
  green). A lone "G" means Green: registers leave completed actions blank or say "complete".
- due date: a real calendar date (YYYY-MM-DD, dd/mm/yyyy, dd/mm/yy, dd.mm.yy, "30th April 2015";
  a month alone, "July 2015", means its last day). A value shaped like a date that is no real day
  ("31/04/14") is an impossible date: kept as text, flagged, never guessed;
- overdue: due before the edition date and not complete; due soon: due after the edition date and
  within `horizon_months` of it;
- change: the previous edition's register matched on plan + ref (+ occurrence, for refs used twice),
  then unmatched rows on plan + action text (a renamed ref). Worse = red > amber > green.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import Field, field_validator

from ... import labels
from ...numbers import round_half_up
from ...params import StrictModel
from ...schema import Col, FileSpec

STATUSES = ("red", "amber", "green", "complete")
COUNT_COLUMNS = ("red", "amber", "green", "complete", "not_rated")
NOT_RATED = "not_rated"
STATUS_LABEL = labels.values("actions", "status")  # labels/actions.yaml
# worse is higher; complete is the best state an action can reach
STATUS_RANK = {"complete": 0, "green": 1, "amber": 2, "red": 3}

# What each colour means when an edition quotes no key of its own (`actions.rag_key`).
RAG_KEY = {
    "red": "At risk: not on track to deliver, or not completed when due",
    "amber": "In progress, with some risk to delivery or limited evidence of progress",
    "green": "On track: meeting its targets",
    "complete": "Completed, with evidence",
}

_STATUS_WORDS = {
    "r": "red", "red": "red", "a": "amber", "amber": "amber", "g": "green", "green": "green",
    "grey": "complete", "gray": "complete", "complete": "complete", "completed": "complete",
    "closed": "complete", "done": "complete",
}
_KEY_NAMES = {"red", "amber", "green", "complete", "grey", "not_rated"}


class Params(StrictModel):
    as_at: dt.date | None = None  # default: the edition date (the date in its title)
    previous: Path | None = None  # previous edition's actions.csv, relative to the params file's folder
    rag_key: dict[str, str] | None = None  # colour -> meaning, as the plans print it; default RAG_KEY
    horizon_months: int = Field(3, ge=1, le=24)  # "due soon" window after the edition date

    @field_validator("rag_key")
    @classmethod
    def _known_colours(cls, v):
        if v is not None:
            bad = sorted(k for k in v if str(k).strip().lower() not in _KEY_NAMES)
            if bad:
                raise ValueError(f"unknown colour(s) {', '.join(bad)}; use red, amber, green, complete (or grey)")
        return v

    @property
    def key(self) -> dict[str, str]:
        """The RAG key as colour -> meaning, 'grey' read as 'complete'."""
        raw = self.rag_key or RAG_KEY
        return {("complete" if k.strip().lower() == "grey" else k.strip().lower()): v for k, v in raw.items()}


ACTIONS = FileSpec(
    name="actions.csv",
    description="One row per action (or per target of an action) in a plan's register.",
    columns=(
        Col("plan", help="the plan's name, e.g. Improvement plan 2018-20"),
        Col("theme", help="theme, priority or section of the plan"),
        Col("ref", nullable=True, help="the action's reference as printed, e.g. 1.4.2"),
        Col("action", nullable=True, help="what is to be done"),
        Col("owner", nullable=True, help="lead officer or team"),
        Col("due_date", nullable=True, aliases=("due",),
            help="a date (dd/mm/yyyy or YYYY-MM-DD); blank if the plan gives free text (put that in due_text)"),
        Col("due_text", required=False, nullable=True, help="the due or review wording as printed"),
        Col("status", nullable=True, aliases=("rag",),
            help="red, amber, green, grey/complete or R/A/G; blank = not rated"),
        Col("progress", nullable=True, help="latest progress text"),
        Col("measure", required=False, nullable=True, help="what the target measures"),
        Col("target", "float", required=False, nullable=True, help="target value (a number)"),
        Col("actual", "float", required=False, nullable=True, help="actual value (a number)"),
    ),
)
INPUTS = (ACTIONS,)

_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})\s*$")
_DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y")
_MONTH_FORMATS = ("%B %Y", "%b %Y")


# -- parsing -----------------------------------------------------------------------------------------
def parse_status(raw: pd.Series) -> pd.DataFrame:
    """Canonical status (or not_rated) and whether a non-blank word was not recognised."""
    text = raw.astype("string").str.replace(r"<[^>]*>", " ", regex=True).str.strip().str.lower()
    first = text.str.extract(r"^([a-z]+)", expand=False)
    status = first.map(_STATUS_WORDS)
    blank = text.isna() | (text == "")
    unknown = ~blank & status.isna()
    return pd.DataFrame({"status": status.fillna(NOT_RATED).astype(object), "status_unknown": unknown.astype(bool)},
                        index=raw.index)


def parse_due(raw: pd.Series) -> pd.DataFrame:
    """Due date from tolerant text; `due_problem` says 'impossible date' or 'not a date' where it failed."""
    text = raw.astype("string").str.strip()
    text = text.where(text != "")
    clean = (text.str.replace(r"(\d)\s*(st|nd|rd|th)\b", r"\1", regex=True)
             .str.replace(r"[,]", " ", regex=True).str.replace(r"\s+", " ", regex=True))
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    num = clean.str.extract(_NUMERIC_DATE)
    year = num[2].where(num[2].str.len() != 2, "20" + num[2])
    iso_like = num[0].notna()
    candidate = num[0].str.zfill(2) + "/" + num[1].str.zfill(2) + "/" + year
    out = out.fillna(pd.to_datetime(candidate.where(iso_like), format="%d/%m/%Y", errors="coerce"))
    for fmt in _DAY_FORMATS:
        todo = clean.notna() & out.isna() & ~iso_like
        if not todo.any():
            break
        out = out.fillna(pd.to_datetime(clean.where(todo), format=fmt, errors="coerce"))
    for fmt in _MONTH_FORMATS:
        todo = clean.notna() & out.isna() & ~iso_like
        if not todo.any():
            break
        month = pd.to_datetime(clean.where(todo), format=fmt, errors="coerce")
        out = out.fillna(month + pd.offsets.MonthEnd(0))
    failed = clean.notna() & out.isna()
    failed = failed.fillna(False).astype(bool)
    choice = np.select([failed & iso_like, failed & ~iso_like], ["impossible date", "not a date"], default="")
    problem = pd.Series(choice, index=raw.index, dtype=object).replace("", None)
    return pd.DataFrame({"due": out, "due_problem": problem}, index=raw.index)


def clean(actions: pd.DataFrame) -> pd.DataFrame:
    """The register with parsed status and due date; unparsed due values kept in due_text."""
    df = actions.copy()
    st = parse_status(df["status"])
    due = parse_due(df["due_date"])
    df["status_raw"] = df["status"]
    df["status"] = st["status"]
    df["status_unknown"] = st["status_unknown"]
    df["due"] = due["due"]
    df["due_problem"] = due["due_problem"]
    kept = df["due_text"].astype(object).where(df["due_text"].notna(), None)
    df["due_text"] = kept.where(kept.notna() | df["due_problem"].isna(), df["due_date"])
    df["occurrence"] = df.groupby(["plan", df["ref"].fillna("")], sort=False).cumcount()
    df["order"] = np.arange(len(df))
    return df


# -- dates ---------------------------------------------------------------------------------------------
_TITLE_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})")


def edition_date(title: str, slug: str = "") -> dt.date | None:
    """The edition's date: a 'd Month YYYY' in its title, else the first of a YYYY-MM in its file name."""
    m = _TITLE_DATE.search(title or "")
    if m:
        parsed = pd.to_datetime(" ".join(m.groups()), format="%d %B %Y", errors="coerce")
        if pd.isna(parsed):
            parsed = pd.to_datetime(" ".join(m.groups()), format="%d %b %Y", errors="coerce")
        if pd.notna(parsed):
            return parsed.date()
    m = re.match(r"(\d{4})-(\d{2})", slug or "")
    if m and 1 <= int(m.group(2)) <= 12:
        return dt.date(int(m.group(1)), int(m.group(2)), 1)
    return None


def as_at_date(p: Params, edition) -> dt.date:
    """`as_at` if set, else the edition date; a clear error if neither is known."""
    if p.as_at is not None:
        return p.as_at
    found = edition_date(edition.title, edition.slug)
    if found is None:
        from ...errors import ParamsError

        raise ParamsError(f"{edition.path}: key 'actions.as_at': the edition title has no date; set as_at")
    return found


def previous_path(p: Params, params_file: Path) -> Path | None:
    """`previous` resolved against the params file's folder."""
    if p.previous is None:
        return None
    return (Path(params_file).resolve().parent / p.previous).resolve()


# -- tables ----------------------------------------------------------------------------------------------
def _counts(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    t = pd.crosstab([df[b] for b in by], df["status"]).reindex(columns=list(COUNT_COLUMNS), fill_value=0)
    t.columns.name = None
    t["total"] = t.sum(axis=1)
    return t.reset_index()


def _order_of(df: pd.DataFrame, cols: list[str]) -> pd.Series:
    """First register position of each group: plans and themes keep the register's order."""
    return df.groupby(cols, sort=False)["order"].min()


def _with_total(t: pd.DataFrame, labels: dict) -> pd.DataFrame:
    total = {**labels, **{c: int(t[c].sum()) for c in (*COUNT_COLUMNS, "total")}}
    return pd.concat([t, pd.DataFrame([total])], ignore_index=True)


def rag_by_theme(df: pd.DataFrame) -> pd.DataFrame:
    """Counts by plan and theme in register order, then a Total row (plan='Total')."""
    t = _counts(df, ["plan", "theme"])
    t = t.join(_order_of(df, ["plan", "theme"]).rename("o"), on=["plan", "theme"]).sort_values("o", kind="stable")
    t = t[["plan", "theme", *COUNT_COLUMNS, "total"]].reset_index(drop=True)
    return _with_total(t, {"plan": "Total", "theme": ""})


def rag_by_plan(df: pd.DataFrame) -> pd.DataFrame:
    """Counts by plan in register order, then a Total row."""
    t = _counts(df, ["plan"])
    t = t.join(_order_of(df, ["plan"]).rename("o"), on="plan").sort_values("o", kind="stable")
    return _with_total(t[["plan", *COUNT_COLUMNS, "total"]].reset_index(drop=True), {"plan": "Total"})


def shorten(text: pd.Series, width: int = 120) -> pd.Series:
    """Text cut at a word boundary to about `width` characters, with '…' where cut."""
    s = text.fillna("").astype(str).str.replace(r"\s+", " ", regex=True).str.strip()
    long = s.str.len() > width
    cut = s.str.slice(0, width).str.replace(r"\s+\S*$", "", regex=True) + "…"
    return s.where(~long, cut)


def _due_shown(df: pd.DataFrame) -> pd.Series:
    date = df["due"].dt.strftime("%Y-%m-%d")
    return date.where(df["due"].notna(), df["due_text"].fillna("")).astype(object)


def red_amber(df: pd.DataFrame, width: int = 160) -> pd.DataFrame:
    """Red then amber actions, in register order within each, with owner, due and latest progress."""
    x = df[df["status"].isin(["red", "amber"])].copy()
    x["rank"] = -x["status"].map(STATUS_RANK)
    x = x.sort_values(["rank", "order"], kind="stable")
    return pd.DataFrame({
        "plan": x["plan"], "ref": x["ref"].fillna(""), "status": x["status"].map(STATUS_LABEL),
        "action": shorten(x["action"], width), "owner": x["owner"].fillna(""), "due": _due_shown(x),
        "progress": shorten(x["progress"], width),
    }).reset_index(drop=True)


def overdue(df: pd.DataFrame, as_at: dt.date) -> pd.DataFrame:
    """Actions due before the edition date and not complete, most overdue first."""
    cut = pd.Timestamp(as_at)
    x = df[df["due"].notna() & (df["due"] < cut) & (df["status"] != "complete")].copy()
    x["days_overdue"] = (cut - x["due"]).dt.days.astype(int)
    x = x.sort_values(["days_overdue", "order"], ascending=[False, True], kind="stable")
    return pd.DataFrame({
        "plan": x["plan"], "ref": x["ref"].fillna(""), "status": x["status"].map(STATUS_LABEL),
        "action": shorten(x["action"]), "owner": x["owner"].fillna(""),
        "due_date": x["due"].dt.strftime("%Y-%m-%d"), "days_overdue": x["days_overdue"],
    }).reset_index(drop=True)


def due_soon(df: pd.DataFrame, as_at: dt.date, months: int = 3) -> pd.DataFrame:
    """Actions not complete and due after the edition date, up to `months` after it; soonest first."""
    start = pd.Timestamp(as_at)
    end = start + pd.DateOffset(months=months)
    x = df[df["due"].notna() & (df["due"] > start) & (df["due"] <= end) & (df["status"] != "complete")]
    x = x.sort_values(["due", "order"], kind="stable")
    return pd.DataFrame({
        "plan": x["plan"], "ref": x["ref"].fillna(""), "status": x["status"].map(STATUS_LABEL),
        "action": shorten(x["action"]), "owner": x["owner"].fillna(""),
        "due_date": x["due"].dt.strftime("%Y-%m-%d"),
    }).reset_index(drop=True)


def targets(df: pd.DataFrame) -> pd.DataFrame:
    """Rows with a numeric target and actual: the gap (actual - target) and whether the target was met."""
    x = df[df["target"].notna() & df["actual"].notna()]
    gap = (x["actual"] - x["target"]).astype(float)
    out = pd.DataFrame({
        "plan": x["plan"], "ref": x["ref"].fillna(""), "measure": shorten(x["measure"], 100),
        "target": x["target"].astype(float), "actual": x["actual"].astype(float), "gap": round_half_up(gap, 1),
        "met": np.where(gap >= 0, "yes", "no"), "status": x["status"].map(STATUS_LABEL),
    }).reset_index(drop=True)
    for col in ("target", "actual", "gap"):  # whole numbers print as whole numbers
        if (out[col] % 1 == 0).all():
            out[col] = out[col].astype("Int64")
    return out


_ACHIEVED = r"\b(?:target(?:s)?\s+(?:has\s+been\s+|have\s+been\s+|was\s+)?(?:achieved|met)|achieved\s+target)"


def data_flags(df: pd.DataFrame) -> pd.DataFrame:
    """One row per data problem: impossible/unreadable dates, duplicate refs, unknown or missing status,
    and 'target achieved' claimed with an actual below target."""
    ref = df["ref"].fillna("")
    dup = (ref != "") & df.duplicated(["plan", "ref"], keep=False)
    n_dup = df.groupby(["plan", ref])["ref"].transform("size")
    says_achieved = df["progress"].fillna("").str.contains(_ACHIEVED, case=False, regex=True)
    below = says_achieved & df["target"].notna() & df["actual"].notna() & (df["actual"] < df["target"])
    fmt = lambda s: s.astype(float).map("{:g}".format)  # noqa: E731
    parts = [
        (df["due_problem"] == "impossible date", "impossible date (no such day)", df["due_date"]),
        (df["due_problem"] == "not a date", "due date is not a date", df["due_date"]),
        (dup, "duplicate ref", ref + " used " + n_dup.astype(str) + " times"),
        (df["status_unknown"], "status word not recognised (counted as not rated)", df["status_raw"]),
        (df["status"].eq(NOT_RATED) & ~df["status_unknown"], "not rated", shorten(df["due_text"].fillna(df["progress"]), 60)),
        (below, "'target achieved' but actual below target",
         "actual " + fmt(df["actual"].where(below, 0)) + " vs target " + fmt(df["target"].where(below, 0))),
    ]
    frames = []
    for i, (mask, problem, value) in enumerate(parts):
        mask = mask.fillna(False).astype(bool)
        frames.append(pd.DataFrame({"plan": df.loc[mask, "plan"], "ref": ref[mask], "problem": problem,
                                    "detail": value[mask].fillna("").astype(str), "_k": i, "_o": df.loc[mask, "order"]}))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    out = out.sort_values(["_k", "_o"], kind="stable").drop(columns=["_k", "_o"])
    return out.reset_index(drop=True)


def flag_counts(flags: pd.DataFrame) -> dict[str, int]:
    """How many rows carry each kind of flag (for the prose)."""
    kinds = {"impossible_dates": "impossible date", "bad_dates": "due date is not a date",
             "duplicate_refs": "duplicate ref", "unknown_status": "status word not",
             "unrated_rows": "not rated", "achieved_below": "'target achieved'"}
    problem = flags["problem"] if len(flags) else pd.Series(dtype=str)
    return {k: int(problem.str.startswith(v).sum()) for k, v in kinds.items()}


# -- change since the previous edition -------------------------------------------------------------------------
CHANGE_ORDER = ("worse", "added", "closed", "now not rated", "better", "completed", "now rated", "ref renamed")


def _keyed(df: pd.DataFrame) -> pd.DataFrame:
    out = df[["plan", "ref", "occurrence", "action", "status", "order"]].copy()
    out["ref"] = out["ref"].fillna("")
    out["action_key"] = out["action"].fillna("").str.lower().str.replace(r"\W+", " ", regex=True).str.strip()
    return out


def _one_to_one(cur: pd.DataFrame, prev: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """Pairs (cur row, prev row) equal on `on`, only where the key is unique on both sides."""
    c = cur[~cur.duplicated(on, keep=False)]
    p = prev[~prev.duplicated(on, keep=False)]
    return c.reset_index().merge(p.reset_index(), on=on, suffixes=("", "_prev"))[["index", "index_prev"]]


def match_previous(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Outer pairing of current and previous rows: by plan+ref+occurrence, then by plan+action text."""
    cur, prev = _keyed(current), _keyed(previous)
    first = _one_to_one(cur[cur["ref"] != ""], prev[prev["ref"] != ""], ["plan", "ref", "occurrence"])
    rest_c = cur.drop(index=first["index"])
    rest_p = prev.drop(index=first["index_prev"])
    second = _one_to_one(rest_c[rest_c["action_key"] != ""], rest_p[rest_p["action_key"] != ""],
                         ["plan", "action_key"])
    pairs = pd.concat([first, second], ignore_index=True)
    c = cur.loc[pairs["index"]].reset_index(drop=True)
    p = prev.loc[pairs["index_prev"]].reset_index(drop=True).add_suffix("_prev")
    matched = pd.concat([c, p], axis=1)
    added = cur.drop(index=pairs["index"])
    closed = prev.drop(index=pairs["index_prev"]).add_suffix("_prev")
    return pd.concat([matched, added, closed], ignore_index=True)


def changes(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """What moved since the previous edition: worse first, then added, closed, ... (unchanged rows left out)."""
    m = match_previous(current, previous)
    has_c, has_p = m["plan"].notna(), m["plan_prev"].notna()
    r_now, r_was = m["status"].map(STATUS_RANK), m["status_prev"].map(STATUS_RANK)
    rated_now, rated_was = m["status"].isin(STATUS_RANK.keys()), m["status_prev"].isin(STATUS_RANK.keys())
    renamed = has_c & has_p & (m["ref"] != m["ref_prev"])
    conditions = [
        has_c & ~has_p, ~has_c & has_p,
        rated_now & rated_was & (m["status"] == "complete") & (m["status_prev"] != "complete"),
        rated_now & rated_was & (r_now > r_was), rated_now & rated_was & (r_now < r_was),
        rated_was & ~rated_now & has_c, rated_now & ~rated_was & has_p, renamed,
    ]
    choices = ["added", "closed", "completed", "worse", "better", "now not rated", "now rated", "ref renamed"]
    m["change"] = np.select(conditions, choices, default="")
    m = m[m["change"] != ""].copy()
    m["rank"] = m["change"].map({c: i for i, c in enumerate(CHANGE_ORDER)})
    m["o"] = m["order"].fillna(m["order_prev"] + 1e6)
    m = m.sort_values(["rank", "o"], kind="stable")
    label = lambda s: s.map(STATUS_LABEL).fillna("")  # noqa: E731
    note = np.where(renamed[m.index] & (m["change"] != "ref renamed"), "ref renamed", "")
    return pd.DataFrame({
        "plan": m["plan"].fillna(m["plan_prev"]), "ref": m["ref"].fillna(""), "previous_ref": m["ref_prev"].fillna(""),
        "change": m["change"], "previous_status": label(m["status_prev"]), "status": label(m["status"]),
        "action": shorten(m["action"].fillna(m["action_prev"])), "note": note,
    }).reset_index(drop=True)


def change_counts(ch: pd.DataFrame) -> dict[str, int]:
    """How many rows of the change table fall in each kind of change (keys with underscores)."""
    return {c.replace(" ", "_"): int((ch["change"] == c).sum()) for c in CHANGE_ORDER}


# -- headline and loading -----------------------------------------------------------------------------------------
def headline(df: pd.DataFrame, as_at: dt.date) -> dict:
    """The figures the chapter's prose quotes."""
    s = df["status"]
    return {
        "actions": int(len(df)), "plans": int(df["plan"].nunique()),
        "red": int((s == "red").sum()), "amber": int((s == "amber").sum()),
        "green": int((s == "green").sum()), "complete": int((s == "complete").sum()),
        "not_rated": int((s == NOT_RATED).sum()),
        "overdue": int(len(overdue(df, as_at))),
    }


def read_register(path: Path) -> pd.DataFrame:
    """Read one register file (this edition's or a previous one) with the actions.csv contract."""
    from ...io import read_input

    spec = FileSpec(name=path.name, columns=ACTIONS.columns, description=ACTIONS.description)
    return clean(read_input(path.parent, spec))


def load(data_dir) -> pd.DataFrame:
    """Read and check actions.csv (or the workbook the edition's `inputs:` names); raise DataError
    with every problem found."""
    from ...io import read_input

    return clean(read_input(data_dir, ACTIONS))


def extra_inputs(edition) -> list[Path]:
    """Files read beyond actions.csv (the previous register), so the build cache sees their changes."""
    p = edition.section("actions")
    path = previous_path(p, edition.path) if p is not None else None
    return [path] if path is not None else []


def validate_edition(edition) -> list:
    """`panelbook validate`: the edition date must be known, and the previous register must exist
    and follow the contract too."""
    from ...errors import DataError

    p = edition.section("actions")
    if p is not None and hasattr(edition, "title"):
        as_at_date(p, edition)  # ParamsError when neither as_at nor a dated title gives the edition date
    try:
        load_previous(next(iter(extra_inputs(edition)), None))
    except DataError as exc:
        return list(exc.problems)
    return []


def load_previous(path: Path | None) -> pd.DataFrame | None:
    """The previous edition's register, or None when the edition sets no `previous`."""
    if path is None:
        return None
    if not path.is_file():
        from ...errors import DataError, Problem

        raise DataError([Problem(path.name, None, None, str(path), "previous register not found",
                                 "check actions.previous in the params file (relative to its folder)")])
    return read_register(path)


# -- key messages ------------------------------------------------------------------------------------------
def key_messages(tables: dict[str, pd.DataFrame], as_at: dt.date, has_previous: bool) -> list:
    """The chapter's headline measures, from its tables as published: the red and the amber actions,
    each against the previous edition's register when there is one (its count worked back from this
    edition's and the changes table: unchanged actions are in both), what they were before, and the
    actions overdue at the edition date."""
    from ...messages import EARLIER, Cite, KeyMessage, number
    from ...numbers import long_date

    out = []
    plans, changed = tables.get("actions-rag-by-plan"), tables.get("actions-changes")
    at = f"at {long_date(as_at)}"
    if plans is not None and (plans["plan"] == "Total").any():
        for status in ("red", "amber"):
            label = STATUS_LABEL[status]
            cite = Cite("actions-rag-by-plan", {"plan": "Total"}, status)
            now = cite.read(tables)
            before, note = "", ""
            if has_previous and changed is not None and number(now) is not None:
                became = int(((changed["status"] == label) & (changed["previous_status"] != label)).sum())
                left = int(((changed["previous_status"] == label) & (changed["status"] != label)).sum())
                before = str(int(number(now)) - became + left)
                came = changed[(changed["status"] == label) & (changed["previous_status"] != label)]
                if int(number(now)) and len(came):
                    was = came["previous_status"].replace("", "not in the register").value_counts()
                    top, n = was.index[0], int(was.iloc[0])
                    whole = "all " if n == int(number(now)) else f"{n} of the "
                    note = (f"{whole}{int(number(now))} {status} actions were {top.lower()} at the previous edition"
                            if top != "not in the register" else
                            f"{whole}{int(number(now))} {status} actions are new since the previous edition")
            out.append(KeyMessage(
                "actions", f"{status}_actions", f"the number of actions rated {status}", now, cite, when=at,
                comparison="at the previous edition" if before else "", comparison_value=before,
                kind=EARLIER if before else "", better="lower", note=note))
    overdue = tables.get("actions-overdue")
    if overdue is not None:
        cite = Cite("actions-overdue")
        out.append(KeyMessage("actions", "overdue_actions", "the number of actions past their due date and not complete",
                              cite.read(tables), cite, when=at, better="lower"))
    return out


# -- its charts and their alt text (drawn from the tables as published) ----------------------------
# RAG colours chosen for contrast with their text labels; every segment also carries its letter and count
RAG_COLOURS = {"Red": "#b71c1c", "Amber": "#b35900", "Green": "#2e7d32", "Complete": "#455a64", "Not rated": "#e0e0e0"}


RAG_LETTERS = {"Red": "R", "Amber": "A", "Green": "G", "Complete": "C", "Not rated": "NR"}


def rag_stacked_bar(data, category: str, title: str, group: str | None = None, category_title: str | None = None):
    """Horizontal stacked bars of RAG counts per category (optionally in one panel per `group`),
    each segment labelled 'R 2', 'A 6'... so colour is never the only cue.

    `data`: one row per category with columns red, amber, green, complete, not_rated (an aggregated table).
    """
    import altair as alt

    cols = {"red": "Red", "amber": "Amber", "green": "Green", "complete": "Complete", "not_rated": "Not rated"}
    ids = [category] + ([group] if group else [])
    long = data.melt(id_vars=ids, value_vars=list(cols), var_name="status", value_name="actions")
    long["status"] = long["status"].map(cols)
    long["actions"] = long["actions"].astype(int)
    long = long[long["actions"] > 0].copy()
    long["order"] = long["status"].map({s: i for i, s in enumerate(cols.values())})
    long["label"] = long["status"].map(RAG_LETTERS) + " " + long["actions"].astype(str)
    domain = list(cols.values())
    y = alt.Y(f"{category}:N", sort=list(data[category]), title=None, axis=alt.Axis(labelLimit=360))
    x = alt.X("actions:Q", stack="zero", title="Actions")
    base = alt.Chart(long).encode(y=y, x=x, order=alt.Order("order:Q"))
    bars = base.mark_bar(stroke="#616161", strokeWidth=0.5).encode(
        color=alt.Color("status:N", title="Status", sort=domain,
                        scale=alt.Scale(domain=domain, range=[RAG_COLOURS[s] for s in domain])),
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title or category), "status:N", "actions:Q"],
    )
    labels = base.mark_text(align="right", dx=-3, fontSize=10, fontWeight="bold").encode(
        x=alt.X("actions:Q", stack="zero", bandPosition=1), text="label:N",
        color=alt.condition(alt.datum.status == "Not rated", alt.value("#212121"), alt.value("#ffffff")))
    layered = (bars + labels).properties(width=380, height=alt.Step(24))
    if group:
        order = list(dict.fromkeys(data[group]))
        layered = layered.facet(row=alt.Row(f"{group}:N", sort=order, title=None,
                                            header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start",
                                                              labelOrient="top", labelFontWeight="bold")),
                                spacing=8).resolve_scale(y="independent")
    return layered.properties(title=title)


def describe_rag_bars(data, category: str) -> str:
    """Alt text from the data: each category's counts in words."""
    if not len(data):
        return "No actions in the register."
    names = {"red": "red", "amber": "amber", "green": "green", "complete": "complete", "not_rated": "not rated"}
    parts = "; ".join(f"{r[category]}: " + ", ".join(f"{int(r[c])} {n}" for c, n in names.items() if int(r[c]))
                      for _, r in data.iterrows())
    total = int(sum(int(data[c].sum()) for c in names))
    return f"Stacked bar chart of {total} actions by RAG status, one bar per {category}. {parts}."
