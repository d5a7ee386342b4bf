"""A second, fictional sample authority ("Borsetshire"): the seeded sample records, renamed and moved on.

The book must hold nothing particular to the first sample edition, so it is tried on an authority
with nothing in common with it but the shape of its records: every name that belongs to the first
sample (its services, areas, teams, advocacy provider, survey and plans, the free text of its
action registers) is replaced by a fictional one, and every date and 'YYYY-YY Qn' label is moved on
by YEARS years. Counts and relations inside a record are those of the seeded generators.
"""
from __future__ import annotations

import re

import pandas as pd

NAME = "Borsetshire"
YEARS = 4  # 2013-14 becomes 2017-18
ADVOCACY_PROVIDER = "Felpersham Advocacy Trust"
PLANS = {"Development plan 2014-16": "Improvement plan 2018-20", "Commissioning plan 2013-14": "Commissioning plan 2017-18",
         "Ofsted action plan (extract)": "Inspection action plan (extract)"}
# whole-cell renames, per column
RENAME = {
    "service": {"East Kent area": "East Borsetshire area", "West Kent area": "West Borsetshire area",
                "South Kent area": "South Borsetshire area", "Catch22": "Leaving care service",
                "UASC": "Unaccompanied children's team", "Disabled Children's Service": "Disabled children's team"},
    "advocate": {"Coram Voice": ADVOCACY_PROVIDER},
    "area": {"North Kent": "North Borsetshire", "East Kent": "East Borsetshire", "South Kent": "South Borsetshire",
             "West Kent": "West Borsetshire"},
    "team": {"Ashford & Shepway": "Borchester North", "Canterbury & Swale": "Borchester South",
             "Dartford & Gravesham": "Felpersham", "Dover & Thanet": "Hollerton", "Maidstone & Malling": "Loxley Barrett",
             "Sevenoaks & Tunbridge Wells": "Penny Hassett"},
    "survey": {"catch22_16plus": "care_leavers_16plus"},
    "survey_title": {"Catch22 16plus care-leaver survey": "16plus care-leaver survey"},
    "question": {"I know about: the Kent Pledge": "I know about: the Borsetshire Pledge"},
    "plan": PLANS,
}
FREE_TEXT = ("action", "owner", "due_text", "progress", "measure")  # the registers' own words: replaced
_LABEL = re.compile(r"\b(\d{4})-(\d{2}) (Q[1-4])\b")
_YEAR = re.compile(r"(?<!\d)(19|20)(\d{2})(?!\d)")


def _later_label(text: str) -> str:
    def move(m):
        start = int(m[1]) + YEARS
        return f"{start}-{str(start + 1)[-2:]} {m[3]}"
    return _LABEL.sub(move, text)


def _later_date_text(text: str) -> str:
    """A date typed as text (30/04/2015, 2015-04-30, 31.11.13 kept as printed) moved on by YEARS."""
    return _YEAR.sub(lambda m: str(int(m[0]) + YEARS), text)


def _move_dates(df: pd.DataFrame, date_cols: list[str]) -> pd.DataFrame:
    out = df.copy()
    for col in date_cols:
        d = pd.to_datetime(out[col], errors="coerce", format="%Y-%m-%d")
        moved = (d + pd.DateOffset(years=YEARS)).dt.strftime("%Y-%m-%d")
        out[col] = moved.where(d.notna(), out[col])
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype).startswith("str"):
            out[col] = out[col].map(lambda v: _later_label(v) if isinstance(v, str) else v)
    return out


def _register(df: pd.DataFrame) -> pd.DataFrame:
    """An action register in neutral words: each action named by its plan and ref, progress by its status."""
    out = df.copy()
    out["action"] = [f"Action {r} of the {PLANS.get(p, p).lower()}" for p, r in zip(df["plan"], df["ref"])]
    out["owner"] = ["Lead officer" if str(o).strip() else "" for o in df["owner"]]
    out["due_text"] = ["" if not str(t).strip() else "See due date" for t in df["due_text"]]
    out["progress"] = ["" if not str(t).strip() else "Progress reported at the last review" for t in df["progress"]]
    out["measure"] = ["" if not str(t).strip() else "Target as set in the plan" for t in df["measure"]]
    out["due_date"] = df["due_date"].map(lambda v: _later_date_text(v) if isinstance(v, str) else v)
    return out


def frames(seed: int) -> dict[str, pd.DataFrame]:
    """Every input file of the fictional authority, as text frames ready to write."""
    from ..synth import _specs, base_frames

    specs = _specs()
    out = {}
    for file, df in base_frames(seed).items():
        df = df.copy()
        for col, names in RENAME.items():
            if col in df:
                df[col] = df[col].map(lambda v, names=names: names.get(v, v) if isinstance(v, str) else v)
        if file.startswith("actions"):
            df = _register(df)
        spec = specs.get(file)
        date_cols = [c.name for c in spec.columns if c.kind == "date" and c.name in df] if spec else []
        out[file] = _move_dates(df, date_cols)
    return out
