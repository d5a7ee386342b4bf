"""Figures already published, set beside the recomputed ones.

An edition may list `published:` CSV files with columns `table_id,row,column,value,source`:
one printed figure each, addressed by export id, row label (first column) and column name.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import DataError, Problem
from .schema import Col, FileSpec

PUBLISHED = FileSpec(
    name="published figures",
    columns=(Col("table_id"), Col("row"), Col("column"), Col("value"), Col("source", required=False, nullable=True)),
)


def load_published(paths) -> pd.DataFrame:
    from .io import read_input

    frames, problems = [], []
    files = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.csv")) if path.is_dir() else [path])
    for path in files:
        spec = FileSpec(name=path.name, columns=PUBLISHED.columns)
        try:
            frames.append(read_input(path.parent, spec))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    if not frames:
        return pd.DataFrame(columns=["table_id", "row", "column", "value", "source"])
    return pd.concat(frames, ignore_index=True)


def _num(v):
    try:
        return float(str(v).replace(",", "").rstrip("%"))
    except ValueError:
        return None


def compare(published: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each published figure with the recomputed value; `agrees` False where they differ."""
    rows = []
    for _, p in published.iterrows():
        t = tables.get(p["table_id"])
        computed = None
        if t is not None and p["column"] in t.columns:
            hit = t[t.iloc[:, 0].astype(str) == str(p["row"])]
            if len(hit):
                computed = hit.iloc[0][p["column"]]
        a, b = _num(p["value"]), _num(computed)
        agrees = (a is not None and b is not None and abs(a - b) < 1e-9) or str(p["value"]) == str(computed)
        rows.append({"table_id": p["table_id"], "row": p["row"], "column": p["column"],
                     "published": p["value"], "computed": "" if computed is None else str(computed),
                     "agrees": bool(agrees), "source": p.get("source") or ""})
    return pd.DataFrame(rows, columns=["table_id", "row", "column", "published", "computed", "agrees", "source"])
