"""Portable copies of the published tables: formula-safe CSVs, tidy CSVs in the layout of DfE's Explore
Education Statistics (EES) open data, and the workbook of every table (laid out by `spreadsheets`).

Every file is deterministic: workbook properties carry a fixed date and the zip entries a fixed
timestamp, so the same tables give byte-identical files.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from typing import TYPE_CHECKING

from .escape import csv_cell

if TYPE_CHECKING:  # pandas is imported where a frame is written, not by the up-to-date check
    import pandas as pd

FIXED_TIME = dt.datetime(2000, 1, 1)
EES_LEAD = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
            "new_la_code", "la_name"]


def normalised_zip(data: bytes) -> bytes:
    """A zip (xlsx/docx) rewritten with sorted entries, a fixed timestamp and fixed creation dates:
    byte-identical reruns."""
    import re

    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        items = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    items = [(name, re.sub(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>", data)
              if name == "docProps/core.xml" else data) for name, data in items]
    order = {"[Content_Types].xml": 0, "_rels/.rels": 1}
    items.sort(key=lambda kv: (order.get(kv[0], 2), kv[0]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zout.writestr(info, data)
    return out.getvalue()


def _normalise_zip(path: Path) -> None:
    """Rewrite a zip file in place as normalised_zip does."""
    path.write_bytes(normalised_zip(path.read_bytes()))


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A table as written to CSV: text cells (and headers) Excel would run as formulas neutralised."""
    import pandas as pd

    out = df.rename(columns={c: csv_cell(c) for c in df.columns if isinstance(c, str)})
    for i, col in enumerate(out.columns):
        values = out.iloc[:, i]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
            continue
        safe = [csv_cell(v) for v in values]
        if any(a is not b for a, b in zip(safe, values)):  # only then replaced: no dtype is re-inferred
            out[out.columns[i]] = pd.Series(safe, index=values.index, dtype=object)
    return out


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Every exported CSV: formula-safe, LF line ends, no index."""
    csv_safe(df).to_csv(path, index=False, lineterminator="\n")


def save_workbook(wb, path: Path) -> None:
    """Save an openpyxl workbook byte-identically for the same content (fixed dates, sorted zip)."""
    wb.save(path)
    _normalise_zip(path)


def _fy_quarters(start: dt.date, end: dt.date) -> tuple[str, str]:
    """EES time_period (e.g. 201314) and time_identifier for a period in one financial year."""
    from . import numbers  # numbers imports pandas; the up-to-date check never gets here

    fy, q = numbers.financial_year, numbers.financial_quarter
    year = fy(end)
    period = f"{year}{str(year + 1)[-2:]}"
    if fy(start) != year:
        return period, "Financial year"
    qs, qe = q(start), q(end)
    if qs == 1 and qe == 4:
        return period, "Financial year"
    return period, f"Financial year Q{qs}" if qs == qe else f"Financial year Q{qs}-Q{qe}"


def tidy_table(df: pd.DataFrame, item: dict, edition, section) -> pd.DataFrame:
    """A table in EES open-data layout: lead columns, the row label as a filter, indicators; c / z."""
    start = getattr(section, "period_start", None)
    end = getattr(section, "period_end", None)
    if start and end:
        time_period, time_identifier = _fy_quarters(start, end)
    else:
        time_period, time_identifier = "", "Financial year"
    m = edition.model
    lead = {"time_period": time_period, "time_identifier": time_identifier, "geographic_level": "Local authority",
            "country_code": "E92000001", "country_name": "England", "new_la_code": m.la_code or "",
            "la_name": m.local_authority}
    out = df.copy()
    out = out.replace({"": "z"})
    out = out.rename(columns={c: f"row_{c}" for c in out.columns if c in lead})  # e.g. a comparator's time_period
    first = out.columns[0]
    out.insert(0, "_", 0)
    for i, (k, v) in enumerate(lead.items()):
        out.insert(i, k, v)
    out = out.drop(columns="_")
    out[first] = out[first].replace({"Total": "Total"})
    return out


def write_derived(figures: Path, edition, register: dict, made=None) -> None:
    """all-tables.xlsx and tidy/<id>.csv beside the exports (derived from the published CSVs only)."""
    write_book_workbook(figures, edition, register, made)
    write_tidy(figures, edition, register)


def write_book_workbook(figures: Path, edition, register: dict, made=None) -> None:
    """all-tables.xlsx: every published table of the register, one sheet each (copied from `made`, a
    cache.MadeFiles, when it holds the workbook of the same tables and words)."""
    from .cache import made_or_make
    from .spreadsheets import About, book_workbook, book_workbook_inputs

    about, path = About.of(edition), figures / "all-tables.xlsx"
    made_or_make(made, "workbook", lambda: book_workbook_inputs(figures, register, about), path,
                 lambda: book_workbook(figures, register, about, path))


def write_tidy(figures: Path, edition, register: dict) -> None:
    """tidy/<id>.csv for every published table, and the folder's README."""
    import pandas as pd

    from .chapters import chapter_by_slug

    tidy = figures / "tidy"
    tidy.mkdir(exist_ok=True)
    for item in register["figures"]:
        if item["kind"] != "table":
            continue
        df = pd.read_csv(figures / f"{item['id']}.csv", dtype=str, keep_default_na=False)
        section = edition.section(chapter_by_slug(item["chapter"], edition).section)
        write_csv(tidy_table(df, item, edition, section), tidy / f"{item['id']}.csv")
    (tidy / "README.txt").write_text(
        "Tidy CSVs in the layout of DfE's Explore Education Statistics open data: lead columns time_period,\n"
        "time_identifier, geographic_level, country_code, country_name, new_la_code, la_name, then the table's\n"
        "row label as a filter and its columns as indicators (a column named like a lead column, such as the\n"
        "comparators' time_period, is written as row_<name>). 'c' = suppressed (small count), 'z' = not applicable,\n"
        "'x' = not available.\n"
        "A text cell starting with = + - @ (a formula in Excel) is written with a leading apostrophe.\n")
