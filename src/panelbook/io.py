"""Reading the analysts' files (CSV as Excel writes them, or workbooks) and reporting every problem at once.

Tolerates UTF-8 with or without BOM and Windows-1252, trailing blank rows, leading and
trailing spaces, ISO or dd/mm/YYYY dates, Y/N/Yes/No/1/0 flags and declared header aliases
(e.g. SSDA903's CHILD, MIS_START, MIS_END). Where each file is, and how its own headers and
codes map to the contract's, is `inputs` (the edition's `inputs:`); a workbook's sheet is read
by `workbooks`. Files are opened read-only and never modified.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io as _io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .digest import sha256_file  # noqa: F401  (re-exported: its old home)
from .errors import DataError, Problem
from .escape import CONTROL_PATTERN, control_characters, show_controls
from .inputs import DataSource, Located, Where, as_source
from .schema import Col, FileSpec, header_key, pandera_schema

_TRUE = {"y", "yes", "1", "true", "t"}
_FALSE = {"n", "no", "0", "false", "f"}
# dates, and datetimes whose time is dropped (Excel's, and database extracts' such as the SSD's)
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M",
                 "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f")
EARLIEST = pd.Timestamp("1900-01-01")  # no child, case or complaint in these files predates it
MAX_FIELD = 1_000_000  # characters; a larger cell is a broken export, not data


def text_encoding(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's 'Unicode Text'), else Windows-1252.

    Whether the file is UTF-8 is checked a megabyte at a time: a large file's text is never held
    whole just to learn how to read it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if raw.startswith(b"\xef\xbb\xbf"):  # declared UTF-8: a stray byte must not garble the header
        return "utf-8-sig"
    check = codecs.getincrementaldecoder("utf-8")()
    try:
        for i in range(0, len(raw), 1 << 20):
            check.decode(raw[i:i + (1 << 20)])
        check.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode_text(raw: bytes) -> str:
    """The file's text (text_encoding says how; an undecodable byte becomes U+FFFD)."""
    return raw.decode(text_encoding(raw), errors="replace")


def _looks_binary(raw: bytes) -> bool:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text: NUL bytes are expected
        return False
    head = raw[:4096]
    return b"\x00" in head or head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0")


def _csv_rows(text: str, name: str) -> tuple[list[list[str]], Problem | None]:
    """Rows of the CSV text; an unclosed quote (which would swallow the rest of the file) is a problem.

    Read strictly first so an unclosed quote is caught where it opens; other strictness errors
    (a stray quote after a quoted cell, which Excel never writes) fall back to lenient reading."""
    csv.field_size_limit(MAX_FIELD * 20)
    rows: list[list[str]] = []
    line = 0  # physical lines read so far
    reader = csv.reader(_io.StringIO(text, newline=""), strict=True)
    try:
        for row in reader:
            rows.append(row)
            line = reader.line_num
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            lines = re.split(r"\r\n|\r|\n", text, maxsplit=line + 1)
            start = lines[line] if line < len(lines) else ""
            return rows, Problem(name, len(rows) + 1, None, start[:80],
                                 f"a quote (\") opened in this row (line {line + 1} of the file) is never closed, "
                                 "so the rest of the file would be read as one cell",
                                 "close the quote, or remove it; a cell containing commas must be quoted on both sides")
        if "field larger than field limit" in str(exc):
            return rows, Problem(name, len(rows) + 1, None, None,
                                 f"a cell is more than {MAX_FIELD * 20:,} characters long",
                                 "the export is broken; export the table again")
        rows = list(csv.reader(_io.StringIO(text, newline="")))
    return rows, None


def _similar_file(path: Path) -> str | None:
    """A file beside `path` that is probably it: other case, 'name (1).csv', 'name.xlsx', 'name.csv.csv'."""
    import difflib

    if not path.parent.is_dir():
        return None
    want = path.stem.lower()
    names = sorted(p.name for p in path.parent.iterdir() if p.is_file() and p.name != path.name)
    stems = {}
    for n in names:
        stem = re.sub(r"(\.(csv|xlsx?|txt|ods))+$", "", n.lower())
        stem = re.sub(r"\s*\(\d+\)$|\s*-\s*copy$|\s+copy$", "", stem)
        stems.setdefault(stem, n)
    if want in stems:
        return stems[want]
    close = difflib.get_close_matches(want, list(stems), n=1, cutoff=0.85)
    return stems[close[0]] if close else None


def _fast_frame(raw: bytes, encoding: str, head: str, spec: FileSpec) -> pd.DataFrame | None:
    """Well-formed files (the usual case, and every large one) through pandas' C parser.

    Returns None whenever anything is unusual (ragged or over-long rows, a header that is not on
    row 1, an unclosed quote), so that the careful reader below finds and names the problem.
    The bytes are parsed in chunks (the whole text is never held: Python would keep two or four bytes
    a character), each cell's text kept once per distinct value (a column of a million rows holds a
    few dozen answers or codes): the same frame, in a fraction of the memory. `head`: the text's start."""
    try:
        header = next(csv.reader(_io.StringIO(head[:1_000_000], newline="")))
    except (csv.Error, StopIteration):
        return None
    header = [h.strip() for h in header]
    if not any(header) or not _has_required_names(header, spec):
        return None
    quotes = decode_text(raw).count('"') if encoding == "utf-16" else raw.count(b'"')  # '"' is one byte in the others
    if quotes % 2:  # an unclosed quote: the careful reader names its row
        return None
    columns: list[list[np.ndarray]] = [[] for _ in header]
    seen: list[dict[str, str]] = [{} for _ in header]
    longest = 0
    try:
        with pd.read_csv(_io.BytesIO(raw), header=None, skiprows=1, names=list(range(len(header))),
                         dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c",
                         quoting=csv.QUOTE_MINIMAL, encoding=encoding, encoding_errors="replace",
                         chunksize=_CHUNK) as chunks:
            for chunk in chunks:
                chunk = chunk.fillna("")
                for j in range(len(header)):
                    codes, uniques = pd.factorize(chunk[j])
                    values = np.array([seen[j].setdefault(v, v) for v in uniques], dtype=object)
                    longest = max(longest, max(map(len, values), default=0))
                    columns[j].append(values.take(codes))
    except (pd.errors.ParserError, ValueError, OverflowError, MemoryError):
        return None
    if longest > MAX_FIELD:
        return None
    n = sum(map(len, columns[0]))
    df = pd.DataFrame({j: (np.concatenate(parts) if parts else np.array([], dtype=object))
                       for j, parts in enumerate(columns)}, index=pd.RangeIndex(2, 2 + n))  # spreadsheet row numbers
    df.columns = header
    return df.astype(object)


_CHUNK = 100_000  # rows parsed at a time
_HEAD = 1 << 22  # bytes decoded to look at a file's start (its header, its delimiter)
_LINE_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # where str.splitlines breaks


def per_value(s: pd.Series, f) -> pd.Series:
    """`f(s)` for an elementwise `f` on a column of text, computed once per distinct value and spread
    back over the rows: the same Series, without a new string per cell of a million-row column."""
    if len(s) < 10_000 or pd.api.types.infer_dtype(s, skipna=False) != "string":
        return f(s)
    codes, uniques = pd.factorize(s)
    if len(uniques) > len(s) // 2:
        return f(s)
    return f(pd.Series(uniques, dtype=s.dtype, name=s.name)).take(codes).set_axis(s.index)


def _read_raw(path: Path, spec: FileSpec) -> tuple[pd.DataFrame | None, list[Problem]]:
    name = spec.name
    if not path.is_file():
        similar = _similar_file(path)
        if similar is not None:
            if Path(similar).suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
                return None, [Problem(name, None, None, similar, "file not found, but a workbook with a similar name is there",
                                      f"name it in the edition's parameters (inputs: {spec.stem}: file: \"{similar}\"), "
                                      f"or rename it to {spec.stem}{Path(similar).suffix.lower()}")]
            return None, [Problem(name, None, None, similar, "file not found, but a file with a similar name is there",
                                  f"rename it to {name} (or save it as CSV under that name)")]
        return None, [Problem(name, None, None, None, "file not found",
                              f"put {name} in {path.parent} (check the spelling of the file name)")]
    with open(path, "rb") as fh:  # read-only
        raw = fh.read()
    if not raw.strip():
        return None, [Problem(name, None, None, None, "file is empty",
                              "export the table again with its header row: " + ", ".join(spec.required_columns))]
    if _looks_binary(raw):
        book = ".xlsx" if raw.startswith(b"PK\x03\x04") else ".xls" if raw.startswith(b"\xd0\xcf\x11\xe0") else None
        if book:  # read as a workbook once it has its own name
            return None, [Problem(name, None, None, None, f"not a CSV text file: it is an Excel workbook ({book}) named .csv",
                                  f"rename it to {spec.stem}{book}: workbooks are read as they are")]
        return None, [Problem(name, None, None, None, "not a CSV text file (binary content)",
                              "export the table again as CSV, or as an Excel workbook")]
    encoding = text_encoding(raw)
    head = codecs.getincrementaldecoder(encoding)(errors="replace").decode(raw[:_HEAD], final=len(raw) <= _HEAD)
    whole = len(raw) <= _HEAD
    line_end = _LINE_BREAK.search(head)
    if not whole and (len(head.lstrip()) < 100 or line_end is None):  # an odd start: look at all of it
        head, whole = decode_text(raw), True
        line_end = _LINE_BREAK.search(head)
    if head.lstrip()[:100].lower().startswith(("<!doctype", "<html", "<?xml", "<table")):
        return None, [Problem(name, None, None, head.strip()[:40], "not a CSV text file (a web page or XML document)",
                              "export the table as CSV, or in Excel use File > Save As > CSV UTF-8")]
    first = head[:line_end.start()] if line_end else head
    if "," not in first and any(d in first for d in (";", "\t", "|")):
        return None, [Problem(name, 1, None, first[:80], "wrong delimiter: the header is not comma-separated",
                              "save as CSV with commas between columns")]
    fast = _fast_frame(raw, encoding, head, spec)
    if fast is not None:
        return fast, []
    text = head if whole else decode_text(raw)
    rows, problem = _csv_rows(text, name)
    if problem is not None:
        return None, [problem]
    if not rows or not any(h.strip() for h in rows[0]):
        return None, [Problem(name, 1, None, None, "the first row is blank: it must be the header",
                              "delete the blank rows above the header row")]
    header = [h.strip() for h in rows[0]]
    if not _has_required_names(header, spec):
        lower = next((i for i, row in enumerate(rows[1:10], start=2) if _has_required_names(row, spec)), None)
        if lower is not None:  # title or notes rows above the header, as some exports write
            return None, [Problem(name, 1, None, ",".join(rows[0])[:80],
                                  f"the header is not on row 1: the column names are on row {lower}",
                                  f"delete the {lower - 1} row(s) above the header so that it is row 1")]
    problems: list[Problem] = []
    width = len(header)
    body = []
    for i, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            body.append([""] * width)  # blank line: dropped below, row numbers kept
            continue
        if len(row) > width and any(c.strip() for c in row[width:]):
            problems.append(Problem(name, i, None, ",".join(row)[:80],
                                    f"row has {len(row)} values but the header has {width} columns",
                                    "remove the extra values or quote cells that contain commas"))
            row = row[:width]
        body.append((row + [""] * width)[:width])
    big = [(i, j) for i, row in enumerate(body, start=2) for j, cell in enumerate(row) if len(cell) > MAX_FIELD]
    for i, j in big[:5]:
        problems.append(Problem(name, i, header[j], body[i - 2][j][:40],
                                f"cell is {len(body[i - 2][j]):,} characters long (at most {MAX_FIELD:,})",
                                "the export is broken; export the table again"))
        body[i - 2][j] = ""
    df = pd.DataFrame(body, columns=header, dtype=object)
    df.index = pd.RangeIndex(2, 2 + len(df))  # spreadsheet row numbers
    return df, problems


def read_csv_cells(path: Path, spec: FileSpec) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A CSV's cells as text (index: spreadsheet row numbers), or the problems that stop it being read.

    The same careful reading every contract file gets (encodings, delimiter, header row, unclosed
    quotes, ragged rows), for files read in their publisher's own layout (EES open data)."""
    return _read_raw(Path(path), spec)


def _rename_aliases(df: pd.DataFrame, spec: FileSpec) -> pd.DataFrame:
    lookup = spec.header_lookup()
    # an alias must not clobber the canonical column when both are present
    seen, final = set(), []
    for orig in df.columns:
        new = lookup.get(header_key(orig), orig)
        final.append(new if new not in seen else orig)
        seen.add(final[-1])
    out = df.copy(deep=False)
    out.columns = final
    return out


def _parse_dates(s: pd.Series) -> pd.Series:
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
    todo = s != ""
    for fmt in _DATE_FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(s[todo], format=fmt, errors="coerce")
        ok = parsed.notna()
        out.loc[ok[ok].index] = parsed[ok].dt.normalize()
        todo = todo & out.isna()
    return out


def _convert(df: pd.DataFrame, col: Col, file: str, problems: list[Problem]) -> pd.Series:
    s = per_value(df[col.name], lambda c: c.astype(str).str.strip())
    blank = s == ""
    if col.kind == "str":
        return s.where(~blank, None).astype(object)
    if col.kind == "date":
        out = per_value(s, _parse_dates)
        bad = ~blank & out.isna()
        for row, value in s[bad].head(20).items():
            problems.append(Problem(file, int(row), col.name, value, "not a date",
                                    "use YYYY-MM-DD or dd/mm/YYYY with a real day and month"))
        return out
    if col.kind == "flag":
        low = per_value(s, lambda t: t.str.lower())
        out = pd.Series(pd.NA, index=s.index, dtype="boolean")
        out[low.isin(_TRUE)] = True
        out[low.isin(_FALSE)] = False
        bad = ~blank & out.isna()
        for row, value in s[bad].head(20).items():
            problems.append(Problem(file, int(row), col.name, value, "not a yes/no flag",
                                    "use Y or N (Yes/No/1/0 also accepted)"))
        return out
    if col.kind in ("int", "float"):
        num = per_value(s, lambda t: pd.to_numeric(t.where(t != "", None), errors="coerce").astype("float64"))
        bad = ~blank & ~np.isfinite(num)  # also 'inf', 'nan' and numbers beyond any real count
        if col.kind == "int":
            huge = num.abs() > 2 ** 53
            bad = bad | (num.notna() & (num % 1 != 0)) | huge
        for row, value in s[bad].head(20).items():
            problems.append(Problem(file, int(row), col.name, value,
                                    "not a whole number" if col.kind == "int" else "not a number",
                                    "enter digits only"))
        num = num.where(~bad)
        return num.astype("Int64") if col.kind == "int" else num.astype("Float64")
    if col.kind == "code":
        canon = {c.lower(): c for c in col.codes}
        canon.update({k.lower(): v for k, v in col.code_aliases.items()})
        mapped = per_value(s, lambda t: t.str.lower().map(canon))
        out = mapped.where(mapped.notna(), s)  # unknown codes kept so pandera reports them
        return out.where(~blank, None).astype(object)
    raise AssertionError(col.kind)


def _text(v) -> str | None:
    if v is None or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    return v.date().isoformat() if isinstance(v, pd.Timestamp) else str(v)


def _pandera_problems(exc: pandera.errors.SchemaErrors, spec: FileSpec, df: pd.DataFrame) -> list[Problem]:
    problems = []
    fc = exc.failure_cases
    for _, case in fc.iterrows():
        column = case.get("column")
        column = None if column is None or (isinstance(column, float) and pd.isna(column)) else str(column)
        check = str(case.get("check"))
        index = case.get("index")
        row = None if index is None or (isinstance(index, float) and pd.isna(index)) else int(index)
        value = case.get("failure_case")
        value = None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        if check == "not_nullable":
            rule, action = "value is blank but required", "fill in the value"
            value = None  # pandera shows the blank as NaT/nan/<NA>
        elif check in ("field_uniqueness", "multiple_fields_uniqueness"):
            rule, action = "duplicate key: must be unique", "remove or correct the repeated row"
            if check == "multiple_fields_uniqueness":  # one problem per row, naming the whole key
                column = ",".join(spec.unique_together)
                value = None if row is None else ", ".join(str(_text(df.at[row, c])) for c in spec.unique_together)
                rule = "duplicate key: this combination of " + " and ".join(spec.unique_together) + " must be unique"
        elif check.startswith(("unknown code", "must be at")):
            rule, action = check, "correct the value"
        else:
            rule_obj = next((r for r in spec.rules if r.name == check), None)
            if rule_obj is not None:
                column = rule_obj.column
                value = None if row is None or column not in df else _text(df.at[row, column])
                rule, action = rule_obj.name, rule_obj.action
            else:
                rule, action = check, ""
        problems.append(Problem(spec.name, row, column, value, rule, action))
    return list(dict.fromkeys(problems))  # a row rule is reported once per row, not once per column


def _required_named(cells: list[str], spec: FileSpec) -> int:
    """How many of `spec`'s required columns `cells` name (by name or alias, case and spacing forgiven)."""
    lookup = spec.header_lookup()
    found = {lookup.get(header_key(c)) for c in cells}
    return sum(c in found for c in spec.required_columns)


def _has_required_names(cells: list[str], spec: FileSpec) -> bool:
    """True when `cells` name every required column of `spec` (or one of its aliases)."""
    return _required_named(cells, spec) == len(spec.required_columns)


def _workbook_frame(located: Located, spec: FileSpec) -> tuple[pd.DataFrame, Where]:
    """A workbook's sheet as text cells under its header (found, or as `header_row` says).

    Index = Excel's row numbers; the header row is the first naming every required column (title
    rows above it are skipped), else the row naming most of them, whose missing columns are then
    reported. A bare number in a date column is the date Excel means by it."""
    from . import workbooks as wb

    label, entry, key = located.label, located.entry, f"inputs.{spec.stem}"
    sheet = wb.pick_sheet(wb.sheet_names(located.path, label), entry.sheet, label, f"{key}.sheet")
    rows = wb.read_rows(located.path, label, sheet)
    required = spec.required_columns
    named = lambda cells: _required_named(cells, spec)  # noqa: E731
    if entry.header_row is not None:
        h = entry.header_row - 1
        row = rows[h] if h < len(rows) else []
        if required and named([wb.cell_text(v).strip() for v in row]) == 0:
            raise DataError([Problem(label, entry.header_row, None, None,
                                     f"the header is not on row {entry.header_row} ({key}.header_row): it names none of "
                                     f"the columns {', '.join(required)}; the row has {wb.shown_cells(row)}",
                                     f"set {key}.header_row to the header's row number, or map the file's "
                                     f"column names in {key}.columns", sheet=sheet)])
    else:
        h, best = wb.find_header(rows, named, len(required))
        if h is None and best is None:
            first = next((i for i, r in enumerate(rows) if any(v is not None for v in r)), None)
            seen = "the sheet is blank" if first is None else f"row {first + 1} has {wb.shown_cells(rows[first])}"
            raise DataError([Problem(label, None, None, None,
                                     f"no header found: none of rows 1 to {min(max(len(rows), 1), wb.HEADER_SEARCH_ROWS)} "
                                     f"names the columns {', '.join(required)} ({seen})",
                                     f"map the file's column names to these in {key}.columns, or set {key}.header_row",
                                     sheet=sheet)])
        h = h if h is not None else best
    header = [wb.cell_text(v).strip() for v in rows[h]]
    body = rows[h + 1:]
    width = max([len(header), *(len(r) for r in body)])
    header += [""] * (width - len(header))
    lookup = spec.header_lookup()
    dates = {j for j, name in enumerate(header)
             if lookup.get(header_key(name)) and spec.col(lookup[header_key(name)]).kind == "date"}
    cells = [[(wb.serial_date_text(v) if j in dates else None) or wb.cell_text(v) for j, v in enumerate(r)]
             + [""] * (width - len(r)) for r in body]
    df = pd.DataFrame(cells, columns=header, dtype=object, index=pd.RangeIndex(h + 2, h + 2 + len(body)))
    where = Where(spec.name, label, sheet, header_row=h + 1)
    where.seen = wb.shown_cells(rows[h])
    where.letters = {n: wb.column_letter(j) for j, n in reversed(list(enumerate(_rename_aliases(df, spec).columns)))}
    return df, where


def read_input(data_dir: str | Path | DataSource, spec: FileSpec, *, today: pd.Timestamp | None = None) -> pd.DataFrame:
    """Read `spec`'s file (as the edition's `inputs:` says) into typed columns, or raise DataError
    listing every problem, each placed where the analyst finds it (file, sheet, cell)."""
    return _read_located(as_source(data_dir), spec, today)[0]


def _read_located(source: DataSource, spec: FileSpec, today=None) -> tuple[pd.DataFrame, Where]:
    located = source.locate(spec)
    entry = located.entry
    spec_in = spec.with_headers(entry.columns) if entry.columns else spec
    where = Where(spec.name, located.label, headers=dict(entry.columns))
    try:
        if located.is_workbook:
            df, where = _workbook_frame(located, spec_in)
            where.headers = dict(entry.columns)
            problems = []
        else:
            df, problems = _read_raw(located.path, spec_in)
            if df is None:
                raise DataError(problems)
        return _typed(df, problems, spec_in, located, where, today), where
    except DataError as exc:
        raise DataError([where.place(p) for p in exc.problems]) from None


def _typed(df: pd.DataFrame, problems: list[Problem], spec: FileSpec, located: Located, where: Where,
           today) -> pd.DataFrame:
    """The raw text frame renamed, recoded (`values`), parsed and checked against `spec`."""
    entry, key, head = located.entry, f"inputs.{spec.stem}", where.header_row
    # a row with too many values is reported once: its shifted cells would only repeat the problem
    broken_rows = {p.row for p in problems if p.column is None}
    # a row repeating the header is where files were concatenated (e.g. several years' returns): skipped
    repeated_header = pd.Series(True, index=df.index)
    for j, name in enumerate(df.columns):
        repeated_header &= per_value(df.iloc[:, j], lambda c: c.astype(str).str.strip().str.lower()) == str(name).strip().lower()
    df = _rename_aliases(df, spec)
    declared = {col.name for col in spec.columns}
    # Excel leaves blank-headed columns after the table, and an unknown column is ignored anyway,
    # so only a declared column given twice is ambiguous
    dupes = [c for c in dict.fromkeys(df.columns[df.columns.duplicated()]) if c in declared]
    for d in dupes:
        problems.append(Problem(spec.name, head, d, None, "column appears twice in the header", "delete one of them"))
    missing = [c for c in spec.required_columns if c not in df.columns]
    seen = f" on row {head} (it has {where.seen})" if where.seen else ""
    for c in missing:
        if c in entry.columns:
            problems.append(Problem(spec.name, head, c, None,
                                    f"column '{entry.columns[c]}' ({key}.columns.{c}) is not in the header{seen}",
                                    f"set {key}.columns.{c} to the file's header of that column"))
        else:
            problems.append(Problem(spec.name, head, c, None, "required column is missing" + (seen and f" from the header{seen}"),
                                    f"add a column headed '{c}'" + (f" ({spec.col(c).help})" if spec.col(c).help else "")
                                    + (f", or map the file's own name for it in {key}.columns" if located.is_workbook else "")))
    if missing or dupes:
        raise DataError(problems)
    df = df.loc[:, [c in declared for c in df.columns]]
    keep = df.apply(lambda col: per_value(col, lambda c: c.astype(str).str.strip() != "")).any(axis=1)
    df = df[keep & ~repeated_header.reindex(df.index, fill_value=False)]
    if df.empty:
        raise DataError(problems + [Problem(spec.name, None, None, None, "file has a header but no data rows",
                                            "export the data rows too")])
    for column, codes in entry.values.items():  # the file's codes -> the contract's
        if column in df:
            recode = {header_key(k): v for k, v in codes.items()}
            df[column] = df[column].map(lambda v: recode.get(header_key(v), v) if str(v).strip() else v)
    present = list(df.columns)
    problems.extend(control_character_problems(df, spec))
    problems.extend(reserved_label_problems(df, spec))
    out = pd.DataFrame(index=df.index)
    for col in spec.columns:
        if col.name in present:
            out[col.name] = _convert(df, col, spec.name, problems)
        else:
            out[col.name] = pd.Series(pd.NA if col.kind != "date" else pd.NaT, index=df.index,
                                      dtype="datetime64[us]" if col.kind == "date" else object)
    today = today if today is not None else pd.Timestamp.today().normalize()
    for col in spec.columns:
        if col.kind == "date" and col.name in present:
            early = out[col.name] < EARLIEST  # a mistyped year (1013 for 2013) parses without complaint
            for row, value in out.loc[early, col.name].head(20).items():
                problems.append(Problem(spec.name, int(row), col.name, value.date().isoformat(),
                                        f"date is before {EARLIEST.year}", "check the year"))
        if col.kind == "date" and col.name in present and not col.future_ok:
            future = out[col.name] > today
            for row, value in out.loc[future, col.name].head(20).items():
                problems.append(Problem(spec.name, int(row), col.name, value.date().isoformat(),
                                        "date is in the future", "check the date (dd/mm/YYYY, day first)"))
    parse_failed = {(p.row, p.column) for p in problems}
    import pandera.errors

    try:
        pandera_schema(spec, present).validate(out, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        for p in _pandera_problems(exc, spec, out):
            # a value that did not parse is reported once, as unparseable, not again as blank
            if not (p.rule.startswith("value is blank") and (p.row, p.column) in parse_failed):
                problems.append(p)
    problems = [p for p in problems if p.column is None or p.row not in broken_rows]
    problems.sort(key=lambda p: (p.row or 0))  # in spreadsheet order (stable within a row)
    if problems:
        raise DataError(problems)
    return out  # index = the file's row numbers (header_row above them), for cross-file problems


def control_character_problems(df: pd.DataFrame, spec: FileSpec) -> list[Problem]:
    """Cells holding a control character (other than tab and line breaks): invisible in Excel,
    impossible to write to XLSX or Word, so refused with file, row and column."""
    problems = []
    text_columns = {c.name for c in spec.columns if c.kind in ("str", "code")}
    for col in [c for c in df.columns if c in text_columns]:
        text = df[col].astype(str)
        bad = per_value(text, lambda t: t.str.contains(CONTROL_PATTERN, regex=True))
        for row, value in text[bad].head(20).items():
            names = ", ".join(control_characters(value))
            problems.append(Problem(spec.name, int(row), col, show_controls(value)[:80],
                                    f"contains a control character ({names}) that cannot be published",
                                    "retype the cell (the character is invisible in Excel)"))
    return problems


def reserved_label_problems(df: pd.DataFrame, spec: FileSpec) -> list[Problem]:
    """A category called 'Total' in a column whose values name table rows: it would read as (and be
    taken for) the table's own total row."""
    problems = []
    for col in [c.name for c in spec.columns if c.label and c.name in df.columns]:
        text = per_value(df[col], lambda c: c.astype(str).str.strip())
        for row, value in text[per_value(text, lambda t: t.str.lower()) == "total"].head(20).items():
            problems.append(Problem(spec.name, int(row), col, value,
                                    "'Total' names every table's total row, so it cannot be a category",
                                    "rename the category (e.g. 'Total team'), or remove a totals row copied from a report"))
    return problems


def _read_all(data_dir, specs, optional) -> tuple[dict[str, pd.DataFrame | None], dict[str, Where]]:
    source = as_source(data_dir)
    frames: dict[str, pd.DataFrame | None] = {}
    wheres: dict[str, Where] = {}
    problems: list[Problem] = []
    for spec in specs:
        if spec.name in optional and not source.exists(spec):
            frames[spec.name] = None
            continue
        try:
            frames[spec.name], wheres[spec.name] = _read_located(source, spec)
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    return frames, wheres


def read_inputs(data_dir, specs, *, optional=()) -> dict[str, pd.DataFrame | None]:
    """Read several files, reporting the problems of all of them at once.

    Files named in `optional` may be absent (their entry is None)."""
    return _read_all(data_dir, specs, optional)[0]


def read_checked(data_dir, specs, cross_check, *, optional=()) -> dict[str, pd.DataFrame | None]:
    """read_inputs, then the chapter's cross-file checks (a function of the frames, in spec order,
    returning Problems); raises DataError with every problem found."""
    frames, wheres = _read_all(data_dir, specs, optional)
    problems = cross_check(*(frames[s.name] for s in specs if s.name not in optional))
    if problems:
        raise DataError([wheres[p.file].place(p) if p.file in wheres else p for p in problems])
    return frames


def orphan_keys(child: pd.DataFrame, parent: pd.DataFrame, key: str, child_file: str, parent_file: str) -> list[Problem]:
    """Rows of `child` whose `key` is not in `parent` (e.g. an episode for an unknown child)."""
    bad = child[child[key].notna() & ~child[key].isin(parent[key])]
    return [Problem(child_file, int(row), key, str(v), f"not found in {parent_file}",
                    f"add the record to {parent_file} or correct the reference")
            for row, v in bad[key].head(50).items()]
