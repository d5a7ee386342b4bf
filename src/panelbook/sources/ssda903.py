"""The SSDA903 return's own CSV files, as the DfE specifies them and local authorities export them.

Files (in the edition's `data_dir`): header.csv, episodes.csv, uasc.csv, missing.csv, and the
optional nationality.csv (the 903 records ethnicity, not nationality). Dates are dd/mm/YYYY; the
DfE's other columns (UPN, LS, PLACE, DEC, ...) may be present and are ignored.

Several years' returns may be concatenated into one file each (a repeated header row is skipped):
a row repeated across years is one record, and a value blank (or NOBT) in one year and filled in
another is taken as filled; rows that disagree otherwise are reported, each with its row.
"""
from __future__ import annotations

import pandas as pd

from ..errors import DataError, Problem
from ..schema import Col, FileSpec, RowRule, end_on_or_after
from . import dfe

HEADER = FileSpec(
    name="header.csv",
    description="The 903 header: one row per child looked after (several years' rows may be concatenated).",
    columns=(
        Col("CHILD", help="the child's 903 reference"),
        Col("SEX", "code", codes=("1", "2"), help="1 = male, 2 = female"),
        Col("DOB", "date", help="date of birth"),
        Col("ETHNIC", "code", nullable=True, codes=tuple(dfe.ETHNICITY), code_aliases=dfe.ETHNICITY_ALIASES,
            help="DfE ethnicity code, e.g. WBRI"),
    ),
)
EPISODES = FileSpec(
    name="episodes.csv",
    description="The 903 episodes of care; a period of care starts with reason S.",
    columns=(
        Col("CHILD", help="matches header.csv"),
        Col("DECOM", "date", help="date the episode commenced"),
        Col("RNE", "code", codes=dfe.REASON_NEW_EPISODE, help="reason for new episode (S = started to be looked after)"),
    ),
)
UASC = FileSpec(
    name="uasc.csv",
    description="Children who were unaccompanied asylum-seeking children (UASC), with the date that ceased.",
    columns=(
        Col("CHILD", help="matches header.csv"),
        Col("DOB", "date", required=False, nullable=True, help="date of birth"),
        Col("DUC", "date", nullable=True, future_ok=True,
            help="date UASC status ceased (often the 18th birthday, so it may lie ahead); blank = still UASC"),
    ),
    rules=(RowRule("DUC is before DOB", "DUC", end_on_or_after("DOB", "DUC"),
                   "UASC status cannot cease before the child was born: check both dates"),),
)
MISSING = FileSpec(
    name="missing.csv",
    description="The 903 missing module: one row per episode missing (M) or away without authorisation (A).",
    columns=(
        Col("CHILD", help="matches header.csv"),
        Col("DOB", "date", required=False, nullable=True),
        Col("MISSING", "code", nullable=True, codes=dfe.MISSING_TYPES, code_aliases=dfe.MISSING_TYPE_ALIASES,
            help="M = missing, A = away from placement without authorisation; blank counts as M"),
        Col("MIS_START", "date", help="date the episode started"),
        Col("MIS_END", "date", nullable=True, help="blank = still missing or away"),
    ),
    rules=(RowRule("MIS_END is before MIS_START", "MIS_END", end_on_or_after("MIS_START", "MIS_END"),
                   "an episode must end on or after it starts"),),
)
NATIONALITY = FileSpec(
    name="nationality.csv",
    description="Optional: each child's nationality (the 903 has none); without it the by-nationality tables are not made.",
    columns=(
        Col("CHILD", help="matches header.csv"),
        Col("NATIONALITY", help="as recorded, e.g. Afghan"),
    ),
)
SPECS = (HEADER, EPISODES, UASC, MISSING, NATIONALITY)
OPTIONAL = (NATIONALITY.name,)

# per file: the columns that identify a record across years, and placeholder values a real one replaces
_KEYS = {HEADER.name: ["CHILD"], EPISODES.name: ["CHILD", "DECOM"], UASC.name: ["CHILD"],
         MISSING.name: ["CHILD", "MISSING", "MIS_START"], NATIONALITY.name: ["CHILD"]}
_PLACEHOLDERS = {"ETHNIC": ("NOBT",)}


def merge_repeated(df: pd.DataFrame, file: str, key: list[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per `key`: identical rows (several years' returns concatenated) are one record, a blank or
    placeholder value is filled from another year's row, and rows that disagree otherwise are problems.

    Rows keep their spreadsheet row numbers (the first of a repeated record)."""
    df = df[~df.duplicated(keep="first")]
    repeated = df.duplicated(key, keep=False)
    if not repeated.any():
        return df, []
    rep = df[repeated].copy()
    by_key = [rep[k] for k in key]
    problems = []
    for col in [c for c in df.columns if c not in key]:
        real = rep[col].where(~rep[col].isin(_PLACEHOLDERS.get(col, ())))
        groups = real.groupby(by_key, dropna=False, sort=False)
        for row in rep.index[groups.transform("nunique") > 1][:50]:
            what = " and ".join(f"{k} {_text(rep.at[row, k])}" for k in key)
            problems.append(Problem(file, int(row), col, _text(rep.at[row, col]),
                                    f"{what} is in more than one row with a different {col}",
                                    "rows repeated across years' returns must agree: correct or remove one"))
        first = groups.transform("first")  # the record's first real value, else its placeholder or blank
        rep[col] = first.where(first.notna(), rep[col])
    merged = rep[~rep.duplicated(key, keep="first")]
    return pd.concat([df[~repeated], merged]).sort_index(), problems


def _text(v) -> str | None:
    if v is None or v is pd.NaT or (isinstance(v, float) and v != v) or v is pd.NA:
        return None
    return v.strftime("%d/%m/%Y") if isinstance(v, pd.Timestamp) else str(v)


def read(data_dir) -> dict:
    """Read and check the return's files; the chapter's frames (children, episodes, care episodes, UASC
    periods), or DataError with every problem found (each file's, then the cross-file rules)."""
    from ..io import orphan_keys, read_inputs

    frames = read_inputs(data_dir, SPECS, optional=OPTIONAL)
    problems: list[Problem] = []
    for spec in SPECS:
        if frames[spec.name] is not None:
            frames[spec.name], found = merge_repeated(frames[spec.name], spec.name, _KEYS[spec.name])
            problems += found
    header, missing, uasc = frames[HEADER.name], frames[MISSING.name], frames[UASC.name]
    problems += orphan_keys(missing, header, "CHILD", MISSING.name, HEADER.name)
    born = uasc["CHILD"].map(header.drop_duplicates("CHILD").set_index("CHILD")["DOB"])
    early = uasc["DOB"].isna() & uasc["DUC"].notna() & born.notna() & (uasc["DUC"] < born)
    for row in uasc.index[early][:50]:
        problems.append(Problem(UASC.name, int(row), "DUC", _text(uasc.at[row, "DUC"]),
                                f"DUC is before the child's DOB in {HEADER.name} ({_text(born[row])})",
                                "UASC status cannot cease before the child was born: check both dates"))
    if problems:
        raise DataError(problems)
    return canonical(frames)


def canonical(frames: dict) -> dict:
    """The 903's frames in the chapter's own columns."""
    header, nationality = frames[HEADER.name], frames[NATIONALITY.name]
    children = pd.DataFrame({
        "child_id": header["CHILD"], "dob": header["DOB"], "sex": header["SEX"].map({"1": "M", "2": "F"}),
        "ethnicity": header["ETHNIC"],
    })
    if nationality is not None:
        children["nationality"] = children["child_id"].map(nationality.set_index("CHILD")["NATIONALITY"])
    missing = frames[MISSING.name]
    episodes = pd.DataFrame({"child_id": missing["CHILD"], "start_date": missing["MIS_START"],
                             "end_date": missing["MIS_END"], "missing_type": missing["MISSING"].fillna("M")})
    eps = frames[EPISODES.name]
    care = pd.DataFrame({"child_id": eps["CHILD"], "start_date": eps["DECOM"], "reason": eps["RNE"]})
    uasc = frames[UASC.name]
    periods = pd.DataFrame({"child_id": uasc["CHILD"], "uasc_from": pd.Series(pd.NaT, index=uasc.index,
                                                                               dtype="datetime64[us]"),
                            "uasc_until": uasc["DUC"]})
    return {"children": children, "episodes": episodes, "care_episodes": care, "uasc_periods": periods,
            "has_nationality": nationality is not None, "has_ethnicity": True, "has_return_interviews": False}
