"""Numbers, counts and dates as the papers print them, in one place.

Why one module: council papers round half up (1 of 8 is 13%, 49 of 400 is 12.3%) where Python's
round() and numpy round half to even, and one table that rounds differently from another prints two
figures for one fact. Every chapter, page and paper takes its rounding, its count wording, its dates
("1 April 2013") and its financial years (April to March) from here.
"""
from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd


# -- rounding (half up, never half to even) ----------------------------------------------------
def pct_half_up(count, n, dp: int = 0):
    """100 * count / n rounded half up to `dp` places, exactly in integers; NaN where n is 0.

    Integer arithmetic: 1/8 is 13% (not round()'s 12%) and 49/400 is 12.3%, with no binary noise
    (2.675 -> 2.68). Counts may come as floats holding whole numbers. A scalar pair gives a float,
    anything else a numpy array."""
    scalar = np.ndim(count) == 0 and np.ndim(n) == 0
    count = np.asarray(count, dtype=float).astype(np.int64)
    n = np.broadcast_to(np.asarray(n, dtype=float).astype(np.int64), count.shape)
    scale = 10 ** int(dp)
    safe = np.where(n > 0, n, 1)
    q = (2 * count * 100 * scale + safe) // (2 * safe)
    out = np.where(n > 0, q / scale, np.nan)
    return float(out) if scalar else out


def round_half_up(x, dp: int = 0):
    """Round half away from zero to `dp` places (a guard of 1e-9 absorbs binary noise such as
    0.1 + 0.2). A scalar gives a float, a pandas Series or DataFrame the same shape and index,
    anything else a numpy array; NaN stays NaN."""
    scale = 10.0 ** int(dp)
    pandas = isinstance(x, (pd.Series, pd.DataFrame))
    v = x.astype("float64") if pandas else np.asarray(x, dtype=float)
    out = np.sign(v) * np.floor(np.abs(v) * scale + 0.5 + 1e-9) / scale + 0.0  # + 0.0: no -0.0
    return out if pandas or np.ndim(out) else float(out)


# -- counts in sentences -------------------------------------------------------------------------
def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 action', '2 actions' ('2 children' with words='children')."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


WITHHELD = "a withheld number"  # a count computed from cells a table withholds ('c')


def count_text(n, min_count: int) -> str:
    """A count for prose, protected like a table cell: 'fewer than 5' for 1 to min_count - 1, and
    'a withheld number' for a count taken from a published table that withholds it ('c')."""
    if isinstance(n, str) and n == "c":
        return WITHHELD
    n = int(n)
    return f"fewer than {min_count}" if 0 < n < min_count else f"{n:,}"


def is_one(n, min_count: int) -> bool:
    """Whether prose may say '1 complaint has': only when the count is shown as 1 (a withheld count
    is always worded in the plural, so its grammar never gives it away)."""
    return not isinstance(n, str) and int(n) == 1 and not 0 < 1 < min_count


def and_list(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# -- dates -----------------------------------------------------------------------------------------
def date_text(d: dt.date) -> str:
    """'1 April 2013': the book's one date style (GSS), in prose, headers, captions, charts and papers."""
    return f"{d.day} {d:%B %Y}"


short_date = date_text  # the names callers used before the book had one date style
long_date = date_text


def date_range(start: dt.date, end: dt.date) -> str:
    """'1 April 2013 to 30 September 2013'."""
    return f"{date_text(start)} to {date_text(end)}"


def export_date_range(start: dt.date, end: dt.date) -> str:
    """'1 Apr 2013 to 30 Sep 2013': only where an exported CSV already holds a period in this form
    (exports stay byte-identical across releases); the book shows it restyled (`restyle_dates`)."""
    return f"{start.day} {start:%b %Y} to {end.day} {end:%b %Y}"


def month_text(value) -> str:
    """'April 2013' for a month exported as '2013-04' (anything else unchanged)."""
    m = _ISO_MONTH.fullmatch(str(value).strip()) if isinstance(value, str) else None
    return f"{dt.date(int(m[1]), int(m[2]), 1):%B %Y}" if m and 1 <= int(m[2]) <= 12 else value


_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SHORT_DAY = re.compile(r"\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b")
_MONTHS = {m: dt.date(2000, i, 1).strftime("%B") for i, m in
           enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}


def restyle_dates(text):
    """A value as the book shows it: '2015-04-10' and '10 Apr 2015' become '10 April 2015' (an
    exported cell keeps its own form; a non-date, or not a real day, is unchanged)."""
    if not isinstance(text, str):
        return text

    def iso(m):
        try:
            return date_text(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return m[0]

    text = _ISO_DAY.sub(iso, text)
    return _SHORT_DAY.sub(lambda m: f"{int(m[1])} {_MONTHS[m[2]]} {m[3]}", text)


# -- numbers as shown ------------------------------------------------------------------------------
def p_text(p) -> str:
    """A p-value as every output prints it: 'p < 0.001', 'p = 0.04', 'p = 0.35' (3 decimal places
    below 0.1, so a value near 0.05 keeps the digit that decides it; trailing zeros dropped)."""
    p = float(p)
    if p != p:
        return ""
    if p < 0.001:
        return "p < 0.001"
    dp = 3 if p < 0.1 else 2
    text = f"{round_half_up(p, dp):.{dp}f}"
    if dp == 3:
        text = text.rstrip("0")
        text = text + "0" if text.endswith(".") else text
    return f"p = {text}"


def number_text(v, dp: int | None = None) -> str:
    """A number as the book shows it: thousands separators (1,454), `dp` decimal places (half up), and
    a whole number without spurious decimals (414.0 FTE is 414) when `dp` is None. Text (a withheld
    'c', 'no data') is returned as it is."""
    if isinstance(v, str):
        return v
    if isinstance(v, bool) or v is None:
        return str(v)
    x = float(v)
    if x != x:
        return ""
    if dp is None:
        if x == int(x):
            return f"{int(x):,}"
        dp = 1
    return f"{round_half_up(x, dp):,.{dp}f}"


# -- financial years (1 April to 31 March, the English local-government year) ----------------------
def financial_year(d: dt.date) -> int:
    """The calendar year in which d's financial year starts (2013 for 1 Apr 2013 to 31 Mar 2014)."""
    return d.year if d.month >= 4 else d.year - 1


def financial_year_start(d: dt.date) -> dt.date:
    """1 April on or before d."""
    return dt.date(financial_year(d), 4, 1)


def financial_year_end(d: dt.date) -> dt.date:
    """31 March after d (the end of d's financial year)."""
    return dt.date(financial_year(d) + 1, 3, 31)


def financial_year_label(year: int) -> str:
    """'2013-14' for the year starting 1 April 2013."""
    return f"{year}-{(year + 1) % 100:02d}"


def financial_quarter(d: dt.date) -> int:
    """1 for April to June ... 4 for January to March."""
    return (d.month - 4) % 12 // 3 + 1


def fy_quarter(d: pd.Series) -> pd.Series:
    """'2013-14 Q3' for each date of a datetime Series."""
    fy = d.dt.year - (d.dt.month < 4).astype(int)
    q = ((d.dt.month - 4) % 12) // 3 + 1
    return fy.astype(str) + "-" + ((fy + 1) % 100).astype(str).str.zfill(2) + " Q" + q.astype(str)


def quarters_between(start: dt.date, end: dt.date) -> list[str]:
    """Every financial-year quarter overlapping [start, end], in order ('2013-14 Q2', ...)."""
    months = pd.Series(pd.period_range(start, end, freq="M").to_timestamp())
    return list(dict.fromkeys(fy_quarter(months)))
