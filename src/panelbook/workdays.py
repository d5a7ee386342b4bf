"""Working-day arithmetic for statutory time limits, with England's bank holidays.

Complaints procedures count *working days*: Monday to Friday, not a bank holiday in England.
The holidays come from the maintained `holidays` package (substitute days, one-off holidays such
as the 2022 state funeral included), never from a hand-typed list. Counting convention: the day
a complaint is received is day 0; a reply on the next working day took 1 working day.
"""
from __future__ import annotations

from functools import lru_cache

import holidays
import numpy as np
import pandas as pd


@lru_cache(maxsize=32)
def _holidays(first_year: int, last_year: int) -> tuple:
    cal = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return tuple(sorted(cal))


def england_bank_holidays(first_year: int, last_year: int) -> np.ndarray:
    """England's bank holidays (observed dates) from first_year to last_year, as datetime64[D]."""
    return np.array(_holidays(int(first_year), int(last_year)), dtype="datetime64[D]")


def _days(s: pd.Series) -> np.ndarray:
    return pd.to_datetime(s).to_numpy().astype("datetime64[D]")


def _calendar(*series: pd.Series) -> np.ndarray:
    """The holidays for every year the dates touch (plus one either side for offsets)."""
    years = [pd.to_datetime(s).dt.year.dropna() for s in series]
    years = pd.concat(years) if years else pd.Series(dtype=float)
    if years.empty:
        return np.array([], dtype="datetime64[D]")
    return england_bank_holidays(int(years.min()) - 1, int(years.max()) + 1)


def working_days_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """Working days after `start` up to and including `end` (0 if the same day); NA if either is blank.

    A weekend or bank-holiday `end` counts as the working day before it, so a reply sent on a
    Saturday is not penalised for the weekend.
    """
    start = pd.Series(start)
    end = pd.Series(end, index=start.index)
    ok = start.notna() & end.notna()
    out = pd.Series(pd.NA, index=start.index, dtype="Int64")
    if not ok.any():
        return out
    hol = _calendar(start[ok], end[ok])
    one = np.timedelta64(1, "D")
    counts = np.busday_count(_days(start[ok]) + one, _days(end[ok]) + one, holidays=hol)
    out[ok] = counts
    return out


def add_working_days(start: pd.Series, n: int) -> pd.Series:
    """The date `n` working days after `start` (the deadline of an n-working-day limit); NaT if blank."""
    start = pd.Series(start)
    ok = start.notna()
    out = pd.Series(pd.NaT, index=start.index, dtype="datetime64[ns]")
    if not ok.any():
        return out
    hol = _calendar(start[ok])
    # a start on a weekend or holiday rolls back, so the next working day is day 1
    due = np.busday_offset(_days(start[ok]), n, roll="backward", holidays=hol)
    out[ok] = pd.to_datetime(due)
    return out
