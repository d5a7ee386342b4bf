"""Helpers shared by the sample generators."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def day(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def random_date(r: np.random.Generator, lo: dt.date, hi: dt.date) -> dt.date:
    """Uniform date in [lo, hi]."""
    span = (hi - lo).days
    return lo + dt.timedelta(days=int(r.integers(0, span + 1)))


def dob_for_age(r: np.random.Generator, age: int, on: dt.date) -> dt.date:
    """A date of birth giving completed age `age` on the date `on`."""
    latest = _minus_years(on, age)  # birthday on `on` itself counts
    earliest = _minus_years(on, age + 1) + dt.timedelta(days=1)
    return random_date(r, earliest, latest)


def _minus_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Deterministic CSV: fixed column order, ISO dates, '\n' line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    out = df.copy()
    for c in out.columns:
        if out[c].map(lambda v: isinstance(v, dt.date)).any():
            out[c] = out[c].map(lambda v: v.isoformat() if isinstance(v, dt.date) else ("" if v is None or v != v else v))
    out.to_csv(path, index=False, lineterminator="\n")


def edition_words(chapter: str) -> dict:
    """The sample edition's own names and constraints for one chapter's generator (edition.yaml): they
    belong to the sample edition, not to the chapter's code."""
    return yaml.safe_load((HERE / "edition.yaml").read_text(encoding="utf-8"))[chapter]
