"""The published spreadsheets (each table's `<id>.xlsx` and `all-tables.xlsx`), laid out to the Analysis
Function's "Releasing statistics in spreadsheets" guidance with gptables, the library made for it.

Every workbook: a Cover sheet (title, edition, publisher, source, the small-numbers rule, contact), a
Contents sheet linking every other sheet, a Notes sheet (a table of the notes the tables refer to), then
one table per sheet, named from its export id: the title in A1, then the instructions, the legend of the
shorthand the table uses and its source, each in column A with no blank row, then the table itself, a
named Excel table from column A. Numbers are number cells formatted as the CSV shows them (thousands
separators, the same decimal places); `c` (withheld) and `z` (not applicable: a blank in the CSV) stay
text, explained in the legend and the notes. Every text cell is a string cell, never a formula or a link,
and the bytes are the same for the same tables (fixed properties, sorted zip).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .disclosure import SUPPRESSED
from .escape import formula_restore

NOT_APPLICABLE = "z"
META_SHEETS = ("Cover", "Contents", "Notes")
RESERVED = {s.lower() for s in META_SHEETS} | {"history"}  # Excel keeps 'History' for itself
FIXED_TIME = dt.datetime(2000, 1, 1)
# xlsxwriter's conversions turned off: text starting '=' stays text, 'http://...' is not made a link
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
MAX_WIDTH = 60  # characters; longer text wraps

_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.(\d+))?")
_PUNCTUATION_ONLY = re.compile(r"[^a-zA-Z0-9]+")
_NO_SEPARATORS = re.compile(r"(^|_)(year|period)($|_)")  # a year is not 2,013
_IDENTIFIERS = re.compile(r"(^|_)(ref|code|id|no|number)($|_)")  # text even when it looks like a number: 8.20


@dataclass(frozen=True)
class About:
    """What every workbook's cover says, from the edition's parameters (generic words where it gives none)."""

    book_title: str
    edition: str
    publisher: str
    disclosure: str
    contact: str
    suppresses: bool

    @classmethod
    def of(cls, edition) -> About:
        from .disclosure import privacy_statement

        contact = edition.model.contact or f"Questions about these figures go to {edition.publisher}, who publish them."
        return cls(book_title=edition.book_title, edition=edition.edition_name, publisher=edition.publisher,
                   disclosure=privacy_statement(edition.min_count), contact=contact, suppresses=edition.min_count > 0)


@dataclass
class Table:
    """One published table as its sheet shows it: the CSV's cells (strings) and the register's words."""

    id: str
    caption: str
    frame: pd.DataFrame  # as read from <id>.csv: strings, formula-safe
    labels: list[str]  # one header per column
    columns: list[str]  # the export's column ids
    source: str
    note: str = ""
    cite: str = ""
    notes: list[str] = field(default_factory=list)  # '[note n]' markers for its title

    @classmethod
    def of(cls, item: dict, frame: pd.DataFrame) -> Table:
        columns = list(item.get("columns") or frame.columns)
        headers = item.get("headers") or {}
        return cls(id=item["id"], caption=item.get("caption") or item.get("title") or item["id"], frame=frame,
                   labels=[str(headers.get(c, c)) for c in columns], columns=columns, source=item.get("source", ""),
                   note=item.get("note") or "", cite=item.get("cite") or "")


EMPTY_ROW = "None in this edition"  # an empty table's one row: a named Excel table needs a row below its header


def read_table(figures: Path, item: dict) -> Table:
    """A table of the register from its published CSV."""
    return Table.of(item, pd.read_csv(Path(figures) / f"{item['id']}.csv", dtype=str, keep_default_na=False))


def sheet_names(ids: list[str]) -> list[str]:
    """A sheet name per export id: the id itself, cut to Excel's 31 characters and made unique (also against
    the Cover, Contents and Notes sheets) by a '-2', '-3' ... suffix, in order: the same ids, the same names."""
    used, names = set(RESERVED), []
    for export_id in ids:
        name, n = export_id[:31], 1
        while name.lower() in used:
            n += 1
            name = export_id[:31 - len(f"-{n}")] + f"-{n}"
        used.add(name.lower())
        names.append(name)
    return names


def table_workbook(table: Table, about: About, path: Path) -> None:
    """One table's workbook (`<id>.xlsx`): cover, contents, notes and the table's sheet."""
    cover = [f"This workbook holds {table.caption} of the {about.book_title}, {about.edition} edition."]
    _write([table], about, table.caption, cover, path, cite=table.cite, source=table.source)


def book_workbook(figures: Path, register: dict, about: About, path: Path) -> None:
    """`all-tables.xlsx`: every table of the edition in book order, one sheet each, after the cover,
    contents and notes."""
    tables = [read_table(figures, item) for item in register["figures"] if item["kind"] == "table"]
    title = f"{about.book_title}, {about.edition} edition: all tables"
    cover = [f"This workbook holds every table of the {about.book_title}, {about.edition} edition, one table "
             "per sheet, in the order of the book."]
    _write(tables, about, title, cover, path,
           source="the edition's own input files: each table's sheet names the files and period it comes from.")


def book_workbook_inputs(figures: Path, register: dict, about: About) -> list:
    """Everything book_workbook reads, in order (the key of a workbook kept by cache.MadeFiles)."""
    from dataclasses import asdict

    tables = [item["id"] for item in register["figures"] if item["kind"] == "table"]
    return [register, asdict(about), *(Path(figures, f"{t}.csv").read_bytes() for t in tables)]


# -- cells -----------------------------------------------------------------------------------------------
def _cell(text: str, figures: bool):
    """A CSV cell as the workbook holds it: `z` for a blank, a number in a column of figures, else the
    text it stood for (a label '14' or a reference '8.20' stays text)."""
    if text.strip() == "":
        return NOT_APPLICABLE
    if figures and _NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    return formula_restore(text)


def _decimals(text: str) -> int:
    m = _NUMBER.fullmatch(text)
    return len(m.group(1) or "") if m else 0


def _headers(labels: list[str], columns: list[str]) -> list[str]:
    """Headers an Excel table accepts: not blank, unique ignoring case, and no '$$' (gptables' note marker)."""
    out, seen = [], set()
    for label, col in zip(labels, columns):
        h = (label.strip() or col).replace("$$", "$\u200b$")
        base, n = h, 1
        while h.lower() in seen:
            n += 1
            h = f"{base} ({n})"
        seen.add(h.lower())
        out.append(h)
    return out


def _number_format(j: int, col: str, texts: list[str]) -> str | None:
    """A column of figures (numbers, c, z, x; not a reference or code): its number format, with the CSV's
    decimal places and thousands separators except in the first column and in year and period columns.
    None for a column of text."""
    numbers = [t for t in texts if _NUMBER.fullmatch(t)]
    if (not numbers or _IDENTIFIERS.search(col.lower())
            or any(not _NUMBER.fullmatch(t) and t.strip() not in ("", SUPPRESSED, "x") for t in texts)):
        return None
    places = max(_decimals(t) for t in numbers)
    whole = "0" if j == 0 or _NO_SEPARATORS.search(col.lower()) else "#,##0"
    return whole + ("." + "0" * places if places else "")


def _width(values) -> int:
    longest = max((len(line) for v in values for line in str(v).split("\n")), default=0)
    return min(max(longest + 2, 8), MAX_WIDTH)


# -- the workbook ----------------------------------------------------------------------------------------
_SYMBOLS_ONLY = re.compile("^[^a-zA-Z0-9]*$")


def _with_header_row(table: pd.DataFrame) -> pd.DataFrame:
    """The table below a row of its column names, as gptables makes it (`loc[-1] = columns`, shift, sort:
    the same dtypes, values and int64 index) without pandas' row-enlargement, column by column."""
    if table.empty:  # gptables' way (an empty table's columns take the header's dtype)
        data = pd.DataFrame(table, copy=True)
        data.loc[-1] = data.columns
        data.index = data.index + 1
        return data.sort_index()
    columns = {}
    for j, name in enumerate(table.columns):
        s = table.iloc[:, j]
        holds_text = s.dtype == object or pd.api.types.is_string_dtype(s.dtype)  # else the header makes it object
        columns[j] = pd.Series([name, *(s.tolist() if holds_text else s.astype(object).tolist())],
                               dtype=s.dtype if holds_text else object)
    data = pd.DataFrame(columns)
    data.columns = table.columns
    data.index = pd.Index(np.arange(len(data), dtype=np.int64))
    return data


def _symbols_only(value) -> bool:
    """gptables' test of a cell (`astype("string")` then `str.contains`), one cell at a time: a missing
    cell is never symbols only, any other is judged by its str()."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return False
    return _SYMBOLS_ONLY.search(str(value)) is not None


@lru_cache(maxsize=1)
def _classes():
    """gptables' workbook, with two of its conveniences turned off because table text is data: a cell
    reading '[a](b)' would become a hyperlink, and '$$x$$' a note reference. Every string is written as is."""
    from gptables.core.wrappers import GPWorkbook, GPWorksheet
    from xlsxwriter.workbook import Workbook

    class Sheet(GPWorksheet):
        def _parse_urls(self, sheet) -> None:
            return None

        def _reference_annotations(self, gptable, reference_order) -> None:
            return None

        def _write_table_elements(self, pos, gptable, auto_width):
            """gptables 2.0.2's own (the same checks, cells and formats), cheaper where its pandas calls cost
            more than the sheet: the symbols-only check cell by cell, the header row and the formats table
            (one fresh dict per cell) made at once rather than by row enlargement and row assignment."""
            table = gptable.table
            table.replace({r"^\s*$": None}, inplace=True, regex=True)
            if table.isna().values.all():
                raise ValueError(f"{gptable.table_name} contains only null or whitespace cells.")
            if table.isna().all(axis=1).any():
                raise ValueError(f"Empty or null row found in {gptable.table_name}.")
            if table.isna().values.any():
                warnings.warn(f"Empty or null cell found in {gptable.table_name}.")
            if any(_symbols_only(v) for v in table.to_numpy(dtype=object).ravel()):
                raise ValueError(f"Cell found in {gptable.table_name} containing only special characters.")
            theme = self.theme
            pos = [gptable.data_range[0], 0]
            index_levels = gptable.index_levels
            index_columns = list(gptable.index_columns.values())
            data = _with_header_row(table)
            formats = pd.DataFrame([[{} for _ in range(data.shape[1])] for _ in range(data.shape[0])],
                                   index=data.index, columns=data.columns, dtype=object)
            self._apply_format(formats.iloc[0, 0:], theme.column_heading_format)
            self._apply_format(formats.iloc[1:, index_levels:], theme.data_format)
            index_level_formats = [theme.index_1_format, theme.index_2_format, theme.index_3_format]
            for level, col in gptable.index_columns.items():
                self._apply_format(formats.iloc[1:, col], index_level_formats[level - 1])
            self._apply_column_alignments(data, formats, index_columns)
            self._apply_additional_formatting(formats, gptable.additional_formatting, gptable.index_levels)
            pos = self._write_array(pos, data, formats)
            if auto_width:
                self._set_column_widths(self._calculate_column_widths(data, formats))
            self._mark_data_as_worksheet_table(gptable, formats)
            return pos

        @staticmethod
        def _apply_format(cells, format_dict: dict) -> None:
            """gptables' own, without pandas' apply (np.vectorize per column): each cell's format dict is
            updated in place, the same result."""
            if isinstance(cells, dict):
                cells.update(format_dict)
            elif isinstance(cells, (pd.Series, pd.DataFrame)):
                for d in cells.to_numpy().ravel():
                    d.update(format_dict)

    class Book(GPWorkbook):
        def add_worksheet(self, name=None, gridlines="hide_all"):
            ws = Workbook.add_worksheet(self, name, Sheet)
            ws.theme, ws._workbook = self.theme, self
            ws.hide_gridlines({"show_all": 0, "hide_printed": 1, "hide_all": 2}[gridlines])
            return ws

    return Book


def _notes(tables: list[Table], about: About, symbols: set[str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """The Notes sheet's table, and the marker of each symbol's note; each table's own note gets a marker too."""
    rows, markers = [], {}

    def add(text: str) -> str:
        rows.append({"Note number": f"[note {len(rows) + 1}]", "Note text": text})
        return rows[-1]["Note number"]

    rule = about.disclosure + (f' A withheld cell shows "{SUPPRESSED}".' if about.suppresses else "")
    markers[SUPPRESSED] = add(f"Small numbers: {rule}")
    if NOT_APPLICABLE in symbols:
        markers[NOT_APPLICABLE] = add(f'A cell shows "{NOT_APPLICABLE}" where it has no value: not applicable '
                                      "(the cell is blank in the CSV download).")
    for t in tables:
        t.notes = [add(f"{t.caption}: {t.note}")] if t.note else []
    return pd.DataFrame(rows), markers


def _table_sheet(t: Table, markers: dict[str, str]):
    from gptables import GPTable
    from gptables.core.gptable import FormatList

    texts = {col: t.frame.iloc[:, j].tolist() or [EMPTY_ROW if j == 0 else ""] for j, col in enumerate(t.columns)}
    number_formats = {col: _number_format(j, col, texts[col]) for j, col in enumerate(t.columns)}
    cells = pd.DataFrame({h: [_cell(v, number_formats[col] is not None) for v in texts[col]]
                          for h, col in zip(_headers(t.labels, t.columns), t.columns)})
    # text of punctuation alone (a category '-') is data, not shorthand: gptables would refuse it as a cell
    cells = cells.astype(object).map(
        lambda v: FormatList([{}, v]) if isinstance(v, str) and _PUNCTUATION_ONLY.fullmatch(v) else v)
    figures = [j for j, col in enumerate(t.columns) if number_formats[col] is not None]
    formats = [{"column": {"columns": figures, "format": {"align": "right"}, "include_names": True}}] if figures else []
    for fmt in sorted({number_formats[t.columns[j]] for j in figures}):  # figures right-aligned, their header too
        formats.append({"column": {"columns": [j for j in figures if number_formats[t.columns[j]] == fmt],
                                   "format": {"num_format": fmt}}})
    totals = [i + 1 for i, v in enumerate(t.frame.iloc[:, 0].tolist()) if v == "Total"]
    if totals:
        formats.append({"row": {"rows": totals, "format": {"bold": True, "top": 1}, "include_names": True}})
    used = {v for col in texts.values() for v in col} | ({NOT_APPLICABLE} if any(
        v.strip() == "" for col in texts.values() for v in col) else set())
    legend = ([f"{SUPPRESSED} = withheld (small numbers) {markers[SUPPRESSED]}"] if SUPPRESSED in used else []) + (
        [f"{NOT_APPLICABLE} = not applicable {markers[NOT_APPLICABLE]}"] if NOT_APPLICABLE in used else [])
    instructions = "This worksheet contains one table." + (
        " Some cells and the title refer to notes, which are on the Notes worksheet." if legend or t.notes else "")
    title = " ".join([t.caption, *t.notes])
    sheet = GPTable(table=cells, table_name=_table_name(t.id), title=title, instructions=instructions,
                    legend=legend, source=_sourced(t.source) or None, index_columns={2: 0},
                    additional_formatting=formats)
    widths = [_width([h, *texts[col]]) for h, col in zip(cells.columns, t.columns)]
    return sheet, widths


def _sourced(source: str) -> str:
    """'Source: ...' once (a table's source line already begins so)."""
    text = source.strip()
    return text if not text or text.lower().startswith("source") else f"Source: {text}"


def _table_name(export_id: str) -> str:
    """An Excel table name: letters, digits and underscores, never like a cell reference ('t1' is one)."""
    return "table_" + re.sub(r"[^A-Za-z0-9_]", "_", export_id)


def _write(tables: list[Table], about: About, title: str, intro: list[str], path: Path, *, source: str,
           cite: str = "") -> None:
    from gptables import Cover, GPTable

    texts = [v for t in tables for v in t.frame.to_numpy().ravel().tolist()] + [
        "" for t in tables if t.frame.empty and len(t.columns) > 1]  # an empty table's row: z after its first cell
    notes, markers = _notes(tables, about, {NOT_APPLICABLE} if any(v.strip() == "" for v in texts) else set())
    names = sheet_names([t.id for t in tables])
    details = [f"Edition: {about.edition}", f"Published by: {about.publisher}", _sourced(source),
               f"Small numbers: {about.disclosure}"] + ([f"How to cite: {cite}"] if cite else [])
    cover = Cover(title=title, intro=intro, about=details, contact=[about.contact])
    contents = pd.DataFrame(dtype=object, data={"Sheet name": [{n: f"internal:'{n}'!A1"} for n in ["Notes", *names]],
                             "Sheet title": ["Notes used in this workbook", *[t.caption for t in tables]]})
    sheets = [("Contents", GPTable(table=contents, table_name="contents_table", title="Contents",
                                   instructions="This worksheet contains one table. Select a sheet name to go to "
                                                "that sheet.", index_columns={2: 0}),
               [_width(["Sheet name", "Notes", *names]), _width(["Sheet title", *contents["Sheet title"]])]),
              ("Notes", GPTable(table=notes, table_name="notes_table", title="Notes",
                                instructions="This worksheet contains one table.", index_columns={2: 0}),
               [_width(["Note number", *notes["Note number"]]), MAX_WIDTH])]
    sheets += [(name, *_table_sheet(t, markers)) for name, t in zip(names, tables)]

    buffer = io.BytesIO()
    wb = _classes()(buffer, options={**WORKBOOK_OPTIONS, "in_memory": True})
    wb.set_properties({"title": title, "author": "panelbook", "company": about.publisher, "created": FIXED_TIME})
    wb.add_worksheet("Cover").write_cover(cover)
    with warnings.catch_warnings():  # gptables' own use of pandas features pandas deprecates: not the reader's news
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="gptables")
        for name, sheet, widths in sheets:
            ws = wb.add_worksheet(name)
            ws.write_gptable(sheet, False, [])
            for j, w in enumerate(widths):
                ws.set_column(j, j, w)
    wb.close()
    from .exports import normalised_zip

    Path(path).write_bytes(normalised_zip(buffer.getvalue()))
