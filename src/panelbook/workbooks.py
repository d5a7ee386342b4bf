"""Reading one sheet of an analyst's workbook (.xlsx, .xlsm, .xls, .ods) as the rows Excel shows.

Through pandas' calamine engine (python-calamine, a maintained Rust reader of every Excel and
OpenDocument format): date-formatted cells come back as dates, and every cell is turned into the
text `io` parses as a CSV cell, so both kinds of input meet the same checks. Rows keep Excel's
numbers (row 1 = the sheet's first row) and columns its letters, so a problem names the cell the
analyst will look at. The file is only ever opened for reading.
"""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Callable

import pandas as pd

from .errors import DataError, Problem

HEADER_SEARCH_ROWS = 30  # title and notes rows above a header are rarely more
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an old .xls, or an encrypted .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's 1900 date system)


def column_letter(index: int) -> str:
    """Excel's name of the 0-based column `index`: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _unreadable(label: str, path: Path) -> Problem:
    with open(path, "rb") as fh:  # read-only
        raw = fh.read()
    if raw.startswith(_OLE) and _ENCRYPTED in raw:
        return Problem(label, None, None, None, "the workbook is password-protected (encrypted), so it cannot be read",
                       "save a copy without the password (in Excel: File > Info > Protect Workbook > "
                       "Encrypt with Password, clear it) and read that copy")
    kind = path.suffix.lower().lstrip(".")
    return Problem(label, None, None, None, f"cannot be read: the workbook is damaged or is not really a .{kind} file",
                   "open it in Excel and save it again as .xlsx (or export it again)")


def sheet_names(path: Path, label: str) -> list[str]:
    """The workbook's sheets in tab order; DataError when it cannot be opened."""
    try:
        with pd.ExcelFile(path, engine="calamine") as book:
            return list(book.sheet_names)
    except Exception:  # calamine raises its own errors for every kind of damage
        raise DataError([_unreadable(label, path)]) from None


def pick_sheet(names: list[str], wanted: str | int | None, label: str, key: str) -> str:
    """The sheet named (case and outer spaces forgiven) or numbered (1 = first); default the first.

    `key` is the params key that chose it (e.g. inputs.complaints.sheet), for the message."""
    listing = ", ".join(f"'{n}'" for n in names)
    if wanted is None:
        return names[0]
    by_name = {n.strip().casefold(): n for n in names}
    if isinstance(wanted, int):
        if 1 <= wanted <= len(names):
            return names[wanted - 1]
        if str(wanted) in by_name:  # `sheet: 2019` written unquoted means the sheet named 2019
            return by_name[str(wanted)]
        raise DataError([Problem(label, None, None, None,
                                 f"the workbook has {len(names)} sheet(s), so there is no sheet number {wanted} "
                                 f"(its sheets: {listing})", f"set {key} to a sheet's name or a number from 1 to {len(names)}")])
    found = by_name.get(str(wanted).strip().casefold())
    if found is None:
        raise DataError([Problem(label, None, None, None, f"no sheet named '{wanted}' (its sheets: {listing})",
                                 f"set {key} to one of them (a name, or its number: 1 = first)")])
    return found


def read_rows(path: Path, label: str, sheet: str) -> list[list]:
    """The sheet's cells from A1, one list per row (blank cells None), as calamine reads them."""
    try:
        frame = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object, engine="calamine")
    except Exception:
        raise DataError([_unreadable(label, path)]) from None
    return [[None if _blank(v) else v for v in row] for row in frame.itertuples(index=False, name=None)]


def _blank(value) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    """A cell as the text a CSV export would hold: dates ISO, whole numbers without '.0', Y/N for TRUE/FALSE."""
    if _blank(value):
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.strftime("%Y-%m-%d" if (value.hour, value.minute, value.second) == (0, 0, 0)
                              else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2 ** 53:
            return str(int(value))
        return repr(value)
    return str(value)


def serial_date_text(value) -> str | None:
    """A bare number in a date column (a date whose cell lost its date format) as the date Excel means."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value < 2958466:
        return None
    return (EXCEL_EPOCH + dt.timedelta(days=float(value))).strftime("%Y-%m-%d")


def find_header(rows: list[list], score: Callable[[list[str]], int], needed: int) -> tuple[int | None, int | None]:
    """(the first row naming every needed column, else None; the row naming most of them, else None), 0-based.

    Only the first HEADER_SEARCH_ROWS rows are searched: title rows (merged or not) and notes above
    the header name none of the columns."""
    best, best_score = None, 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        s = score([cell_text(v).strip() for v in row])
        if s >= needed:
            return i, i
        if s > best_score:
            best, best_score = i, s
    return None, best


def shown_cells(row: list) -> str:
    """A row's non-blank cells as 'A 'Ref', B 'Date received', ...' for messages."""
    cells = [f"{column_letter(j)} '{cell_text(v).strip()}'" for j, v in enumerate(row) if not _blank(v)]
    text = ", ".join(cells[:12]) + (", ..." if len(cells) > 12 else "")
    return text or "nothing (the row is blank)"
