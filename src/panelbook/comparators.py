"""England, the region and statistical neighbours beside the authority's own figures, from DfE's open data.

DfE publishes its children's social care statistics on Explore Education Statistics (EES) as tidy CSV:
lead columns (`time_period, time_identifier, geographic_level, country_code, region_code, new_la_code,
la_name`, with country_name, region_name and old_la_code beside them), then filter columns, then
indicator columns. An edition's `benchmarks:` names the downloaded files, the statistical neighbours
and, for each comparable measure, its indicator column and the filter values of its rows. This module
reads the files, chooses the time period, and gives for each measure England's value, the region's
(the region_code of the authority's own rows in the file), the neighbours' mean and the authority's
rank among itself and its neighbours.

It knows no chapter: a chapter declares which of its measures can be compared (`COMPARABLE`: name ->
`Measure`) and hands over its own values (`LocalValue`), computed from the edition's records.

Rules (quoted in the chapters' notes):
- EES and GSS symbols (c, z, x, low, k, u, :, ~, .., a blank, ...) mean "not available", never zero;
- time period: `benchmarks.time_period` as the files write it (e.g. 202324), `latest` (the latest in the
  file), or by default the latest whose period ends on or before the chapter's period end;
- rank: the authority's value, rounded as the file rounds that indicator, among itself and the
  neighbours with a figure, highest first; equal values share a rank ("joint 3rd highest of 11");
- neighbours' mean: the plain mean of the neighbours with a figure, to one decimal place.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DataError, Problem
from .numbers import date_range, round_half_up
from .schema import Col, FileSpec, header_key

# -- the EES layout --------------------------------------------------------------------------------------
EES_COLUMNS = ("time_period", "time_identifier", "geographic_level", "country_code", "region_code",
               "new_la_code", "la_name")
LEAD_COLUMNS = (*EES_COLUMNS, "country_name", "region_name", "old_la_code")  # never filters or indicators
NATIONAL, REGIONAL, LOCAL_AUTHORITY = "national", "regional", "local authority"  # geographic_level, casefolded

# What EES and the GSS harmonised symbols write where there is no figure: never a zero.
SYMBOLS = {
    "c": "confidential (suppressed)", "z": "not applicable", "x": "not available", "low": "rounds to zero",
    "k": "below 0.5%", "u": "low reliability", "w": "no or few cases", ":": "not available (an older symbol)",
    "~": "rounds to zero (an older symbol)", "..": "not available", ".": "not available", "-": "not available",
    "*": "not available", "#": "not available", "n/a": "not available", "na": "not available", "": "blank",
}
NOT_AVAILABLE = "x"  # how the exported tables write a figure that is not available (GSS: x)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_value(text) -> float | None:
    """A cell of an EES indicator: its number, None for a symbol (c, z, x, low, ...; '[c]' too).

    ValueError for anything else (the caller names the file, row and column)."""
    raw = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    cell = raw.strip()
    if cell.startswith("[") and cell.endswith("]"):
        cell = cell[1:-1].strip()
    if cell.casefold() in SYMBOLS:
        return None
    plain = cell.replace(",", "") if _THOUSANDS.match(cell) else cell
    if not _NUMBER.match(plain):
        raise ValueError(raw)
    return float(plain)


def decimals_of(texts) -> int:
    """How many decimal places the file writes (the most among these cells' numbers)."""
    best = 0
    for t in texts:
        t = str(t).strip()
        if "." in t and _NUMBER.match(t.replace(",", "")):
            best = max(best, len(t.split(".", 1)[1]))
    return best


# -- time periods ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """One EES time period, placed in time: its first and last day and how to say it."""

    time_period: str
    time_identifier: str
    start: dt.date
    end: dt.date
    label: str


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
TIME_IDENTIFIERS = ("Reporting year", "Financial year", "Academic year", "Calendar year", "Tax year",
                    "Financial year Q1-Q4", "Calendar year Q1-Q4", "a month (January ... December)")


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))


def period_of(time_period, time_identifier) -> Period:
    """The period EES means by (time_period, time_identifier); ValueError when it cannot be placed.

    Reporting year YYYY is the year ending 31 March YYYY, as in DfE's children's social care statistics."""
    tp, ti = str(time_period).strip(), " ".join(str(time_identifier).split())
    key = ti.casefold()
    four = re.fullmatch(r"\d{4}", tp)
    six = re.fullmatch(r"(\d{4})(\d{2})", tp)
    if six and (int(six.group(1)) + 1) % 100 != int(six.group(2)):
        six = None
    y = int(tp[:4]) if (four or six) else None
    if key == "reporting year" and four:
        return Period(tp, ti, dt.date(y - 1, 4, 1), dt.date(y, 3, 31), f"the year ending 31 March {y}")
    if key == "calendar year" and four:
        return Period(tp, ti, dt.date(y, 1, 1), dt.date(y, 12, 31), f"{y}")
    if key == "financial year" and six:
        return Period(tp, ti, dt.date(y, 4, 1), dt.date(y + 1, 3, 31), f"the financial year {y}-{tp[4:]}")
    if key == "academic year" and six:
        return Period(tp, ti, dt.date(y, 9, 1), dt.date(y + 1, 8, 31), f"the academic year {y}/{tp[4:]}")
    if key == "tax year" and six:
        return Period(tp, ti, dt.date(y, 4, 6), dt.date(y + 1, 4, 5), f"the tax year {y}-{tp[4:]}")
    q = re.fullmatch(r"(financial|calendar) year q([1-4])", key)
    if q and (six if q.group(1) == "financial" else four):
        n = int(q.group(2))
        first = (4 + 3 * (n - 1)) if q.group(1) == "financial" else 1 + 3 * (n - 1)
        year = y + (first - 1) // 12
        month = (first - 1) % 12 + 1
        start = dt.date(year, month, 1)
        end = _month_end(year, month + 2) if month + 2 <= 12 else _month_end(year + 1, month + 2 - 12)
        fy = f"{y}-{tp[4:]} " if q.group(1) == "financial" else f"{y} "
        return Period(tp, ti, start, end, f"{fy}Q{n} ({start:%B} to {end:%B %Y})")
    if key in _MONTHS and four:
        m = _MONTHS.index(key) + 1
        return Period(tp, ti, dt.date(y, m, 1), _month_end(y, m), f"{dt.date(y, m, 1):%B %Y}")
    raise ValueError(f"{ti!r} with time_period {tp!r}")


# -- what a chapter hands over ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Measure:
    """A measure a chapter can compare: how it is named and written (e.g. '%' to one decimal place)."""

    label: str
    unit: str = "%"  # "%" or the words after the number, e.g. "episodes per child"
    decimals: int = 1
    definition: str = ""  # how the chapter computes its own value, quoted in the note


@dataclass(frozen=True)
class LocalValue:
    """The authority's own value for a measure, the counts it comes from (withheld with them when small)
    and, when it is not available, why."""

    value: float | None
    bases: tuple[int, ...] = ()
    why: str = ""
    withheld: bool = False  # the chapter's own table withholds it (secondary suppression there)


# -- reading the files -----------------------------------------------------------------------------------
def _spec(label: str) -> FileSpec:
    return FileSpec(label, tuple(Col(c) for c in EES_COLUMNS))


@dataclass
class EESFile:
    """One downloaded file: its cells as text (index: spreadsheet rows), columns as EES names them."""

    label: str
    cells: pd.DataFrame

    @property
    def columns(self) -> list[str]:
        return list(self.cells.columns)

    def level(self, name: str) -> pd.Series:
        return self.cells["geographic_level"].str.strip().str.casefold() == name

    def codes(self) -> pd.Series:
        """Each row's new_la_code(s): a merged row ('E06000061 / E06000062') names both."""
        return self.cells["new_la_code"].fillna("").map(lambda v: tuple(c.strip() for c in str(v).split("/") if c.strip()))

    def has_code(self, code: str) -> pd.Series:
        return self.level(LOCAL_AUTHORITY) & self.codes().map(lambda cs: code in cs)


def read_file(data_dir: Path, name: str) -> tuple[EESFile | None, list[Problem]]:
    """`name` (relative to data_dir) read as an EES tidy CSV; problems name the file, row and column."""
    from .io import control_character_problems, read_csv_cells

    path = Path(data_dir) / name
    if not path.is_file():
        return None, [Problem(name, None, None, None, "file not found (benchmarks.files)",
                              f"put the downloaded file in {Path(data_dir)}, or correct benchmarks.files")]
    spec = _spec(name)
    cells, problems = read_csv_cells(path, spec)
    if cells is None:
        return None, problems
    canonical = {header_key(c): c for c in LEAD_COLUMNS}
    cells = cells.rename(columns=lambda c: canonical.get(header_key(c), c))
    missing = [c for c in EES_COLUMNS if c not in cells.columns]
    if missing:
        return None, problems + [Problem(name, 1, c, None, "required EES column missing",
                                         "use the file as downloaded from Explore Education Statistics "
                                         f"(its first columns: {', '.join(EES_COLUMNS)})") for c in missing]
    cells = cells[[any(str(v).strip() for v in row) for row in cells.itertuples(index=False)]] if len(cells) else cells
    cells = cells.map(lambda v: v.strip() if isinstance(v, str) else v)
    text = FileSpec(name, tuple(Col(c) for c in cells.columns))
    problems += control_character_problems(cells, text)
    return EESFile(name, cells), problems


# -- one measure's rows ----------------------------------------------------------------------------------
@dataclass
class Resolved:
    """Where one measure is: its file, indicator, filters, the chosen period and the rows for it."""

    key: str  # 'missing.children_missing_pct'
    name: str  # 'children_missing_pct'
    measure: Measure
    file: EESFile
    indicator: str
    filters: dict[str, str]
    period: Period
    rows: pd.DataFrame  # the file's rows for this measure and period (every geography)
    decimals: int  # as the file writes the indicator


def _norm(v) -> str:
    return " ".join(str(v).split()).casefold()


def _choose_file(key: str, spec, files: dict[str, EESFile]) -> tuple[EESFile | None, list[Problem]]:
    """The file holding the measure's indicator and filter columns: the one named, else the only one."""
    where = f"benchmarks.measures.{key}"
    if spec.file is not None:
        if spec.file not in files:
            return None, [Problem(spec.file, None, None, None, f"{where}.file is not one of benchmarks.files",
                                  f"name one of: {', '.join(files)}")]
        pool = {spec.file: files[spec.file]}
    else:
        pool = files
    with_indicator = {n: f for n, f in pool.items() if spec.indicator in f.columns}
    if not with_indicator:
        names = ", ".join(pool)
        others = sorted({c for f in pool.values() for c in f.columns if c not in LEAD_COLUMNS})
        return None, [Problem(names, None, spec.indicator, None,
                              f"no such indicator column ({where}.indicator)",
                              "the files' other columns are: " + ", ".join(others[:30]))]
    fitting = {n: f for n, f in with_indicator.items() if all(c in f.columns for c in spec.filters)}
    if not fitting:
        name, f = next(iter(with_indicator.items()))
        absent = [c for c in spec.filters if c not in f.columns]
        others = [c for c in f.columns if c not in LEAD_COLUMNS and c != spec.indicator]
        return None, [Problem(name, None, c, None, f"no such filter column ({where}.filters)",
                              "its other columns are: " + ", ".join(others[:30])) for c in absent]
    if len(fitting) > 1:
        return None, [Problem(", ".join(fitting), None, spec.indicator, None,
                              f"several of benchmarks.files have this indicator and these filters ({where})",
                              f"say which with {where}.file")]
    return next(iter(fitting.values())), []


def _filtered(key: str, spec, f: EESFile) -> tuple[pd.DataFrame | None, list[Problem]]:
    rows = f.cells
    problems = []
    for col, want in spec.filters.items():
        match = rows[col].map(_norm) == _norm(want)
        if not match.any():
            values = sorted(set(f.cells[col].dropna().astype(str)))
            problems.append(Problem(f.label, None, col, str(want),
                                    f"no row has this value (benchmarks.measures.{key}.filters.{col})",
                                    "the values in this column: " + "; ".join(values[:15])
                                    + ("; ..." if len(values) > 15 else "")))
            continue
        rows = rows[match]
    return (None, problems) if problems else (rows, [])


def _periods(f: EESFile, rows: pd.DataFrame) -> tuple[dict[str, Period], list[Problem]]:
    out, problems = {}, []
    pairs = rows[["time_period", "time_identifier"]].drop_duplicates()
    for row, tp, ti in pairs.itertuples():
        try:
            period = period_of(tp, ti)
        except ValueError:
            problems.append(Problem(f.label, int(row), "time_identifier", str(ti),
                                    f"cannot place this time period in time (time_period {tp})",
                                    "expected one of: " + ", ".join(TIME_IDENTIFIERS)))
            continue
        out[period.time_period] = period
    return out, problems


def choose_period(periods: dict[str, Period], wanted, chapter_end: dt.date) -> Period | None:
    """The period to compare: the one asked for, the latest ('latest'), or by default the latest
    ending on or before the chapter's period end. None when there is no such period."""
    if wanted is not None and str(wanted).strip().casefold() != "latest":
        return periods.get(str(wanted).strip())
    pool = list(periods.values())
    if wanted is None:
        pool = [p for p in pool if p.end <= chapter_end]
    return max(pool, key=lambda p: (p.end, p.start), default=None)


def _duplicates(f: EESFile, rows: pd.DataFrame, indicator: str, key: str) -> list[Problem]:
    """Several rows for one place and period: the filters do not pick one row; name what varies."""
    place = rows["geographic_level"].map(_norm) + "|" + rows["country_code"].astype(str) + "|" \
        + rows["region_code"].astype(str) + "|" + rows["new_la_code"].astype(str)
    counts = place.value_counts()
    if not len(counts) or counts.max() <= 1:
        return []
    dup = rows[place == counts.index[0]]
    varying = [c for c in dup.columns if c not in LEAD_COLUMNS and c != indicator and dup[c].nunique() > 1]
    what = ", ".join(f"{c} ({'; '.join(sorted(set(dup[c].astype(str)))[:8])})" for c in varying) or "no column"
    return [Problem(f.label, int(dup.index[0]), varying[0] if varying else indicator, None,
                    f"{int(counts.max())} rows for one place in time period {dup['time_period'].iloc[0]}: the filters "
                    f"(benchmarks.measures.{key}.filters) do not choose one row",
                    f"add a filter for {what}")]


def resolve(key: str, measure: Measure, spec, files: dict[str, EESFile], wanted_period,
            chapter_end: dt.date) -> tuple[Resolved | None, list[Problem]]:
    """One measure's file, rows and period, or the problems (named by file, row and column)."""
    f, problems = _choose_file(key, spec, files)
    if f is None:
        return None, problems
    filters = {c: str(v) for c, v in spec.filters.items()}
    rows, problems = _filtered(key, spec, f)
    if rows is None:
        return None, problems
    periods, problems = _periods(f, rows)
    if problems:
        return None, problems
    period = choose_period(periods, wanted_period, chapter_end)
    if period is None:
        listed = ", ".join(sorted(periods, key=lambda k: periods[k].end))
        if wanted_period is not None and str(wanted_period).strip().casefold() != "latest":
            return None, [Problem(f.label, None, "time_period", str(wanted_period),
                                  f"no rows for this time period (benchmarks.time_period; measure {key})",
                                  f"the file's time periods: {listed}")]
        return None, [Problem(f.label, None, "time_period", None,
                              f"no time period ends on or before {chapter_end:%d %B %Y}, the end of the chapter's "
                              f"period (measure {key})",
                              f"set benchmarks.time_period (e.g. latest), or use an earlier release; the file's "
                              f"time periods: {listed}")]
    chosen = rows[rows["time_period"].astype(str).str.strip() == period.time_period]
    problems = _duplicates(f, chosen, spec.indicator, key)
    bad = []
    for row, text in rows[spec.indicator].items():  # every year of the measure: a broken cell is a broken file
        try:
            parse_value(text)
        except ValueError:
            bad.append(Problem(f.label, int(row), spec.indicator, str(text),
                               "not a number or an EES symbol (" + ", ".join(s for s in list(SYMBOLS)[:9]) + ")",
                               "correct the value, or download the file again"))
    problems += bad[:20]
    if problems:
        return None, problems
    return Resolved(key, key.split(".", 1)[1], measure, f, spec.indicator, filters, period, chosen,
                    decimals_of(chosen[spec.indicator])), []


# -- the comparison --------------------------------------------------------------------------------------
def rank_among(value: float | None, others, decimals: int) -> tuple[int | None, int | None, int]:
    """(rank, of, tied): `value` (rounded as the file rounds) among itself and `others` (None: no figure),
    highest first; equal values share the better rank. (None, None, 0) when `value` is None."""
    if value is None or value != value:
        return None, None, 0
    vals = [round(float(o), decimals) for o in others if o is not None and o == o]
    v = round(round_half_up(value, decimals), decimals)
    higher = sum(o > v for o in vals)
    tied = sum(o == v for o in vals)
    return higher + 1, len(vals) + 1, tied


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_text(rank, of, tied: int = 0) -> str:
    """'3rd highest of 11', 'joint 3rd highest of 11 (level with 2 neighbours)', or 'not ranked'."""
    if rank is None or of is None or isinstance(rank, str):
        return "not ranked"
    if of == 1:
        return "the only one of its neighbours with a figure"
    text = ("highest" if rank == 1 else f"{ordinal(rank)} highest") + f" of {of}"
    if tied:
        text = f"joint {text}, level with {tied} neighbour{'s' if tied != 1 else ''}"
    return text


@dataclass
class Comparison:
    """One measure beside England, the region and the neighbours, in one time period."""

    resolved: Resolved
    local: LocalValue
    england: float | None
    region: float | None
    region_code: str
    region_name: str
    neighbours: list[tuple[str, str, float | None]]  # (code, name in the file, value) in params order
    neighbours_mean: float | None
    rank: int | None
    of: int | None
    tied: int

    @property
    def name(self) -> str:
        return self.resolved.name

    @property
    def measure(self) -> Measure:
        return self.resolved.measure

    @property
    def period(self) -> Period:
        return self.resolved.period


def _value(rows: pd.DataFrame, mask: pd.Series, indicator: str) -> float | None:
    hit = rows[mask.reindex(rows.index, fill_value=False)]
    return parse_value(hit[indicator].iloc[0]) if len(hit) else None


def region_of(f: EESFile, la_code: str) -> tuple[str, str]:
    """The authority's region_code and region_name: from its latest row in the file."""
    mine = f.cells[f.has_code(la_code)]
    if not len(mine):
        return "", ""
    mine = mine.assign(_tp=mine["time_period"].astype(str)).sort_values("_tp", kind="stable")
    last = mine.iloc[-1]
    return str(last["region_code"]), str(last.get("region_name", "") or "")


def compare_one(r: Resolved, local: LocalValue, la_code: str, neighbours: list[str]) -> Comparison:
    rows, ind, f = r.rows, r.indicator, r.file
    level = rows["geographic_level"].str.strip().str.casefold()
    england = _value(rows, level == NATIONAL, ind)
    region_code, region_name = region_of(f, la_code)
    region = _value(rows, (level == REGIONAL) & (rows["region_code"].astype(str) == region_code), ind) \
        if region_code else None
    codes = rows["new_la_code"].fillna("").map(lambda v: tuple(c.strip() for c in str(v).split("/") if c.strip()))
    seen_rows, values = set(), []
    listed = []
    for code in neighbours:
        hit = rows[(level == LOCAL_AUTHORITY) & codes.map(lambda cs: code in cs)]
        named = f.cells[f.has_code(code)]
        name = str(named["la_name"].iloc[-1]) if len(named) else code
        value = parse_value(hit[ind].iloc[0]) if len(hit) else None
        listed.append((code, name, value))
        if len(hit) and hit.index[0] not in seen_rows:  # a merged row named by two neighbours counts once
            seen_rows.add(hit.index[0])
            values.append(value)
    present = [v for v in values if v is not None]
    mean = round_half_up(float(np.mean(present)), 1) if present else None
    value = local.value
    if value is not None:
        value = round_half_up(value, r.measure.decimals)
    rank, of, tied = rank_among(value, values, r.decimals)
    return Comparison(r, LocalValue(value, local.bases, local.why, local.withheld), england, region, region_code, region_name,
                      listed, mean, rank, of, tied)


# -- an edition's benchmarks -----------------------------------------------------------------------------
def params_problems(model, chapters=None) -> list[str]:
    """`benchmarks:` checked against the chapters' comparable measures (the edition's `chapters`, local ones
    included; default the built-in ones): each line names its key."""
    from .chapters import CHAPTERS

    b = model.benchmarks
    lines = []
    if not model.la_code:
        lines.append("key 'benchmarks': needs la_code, the authority's new_la_code in the files (e.g. E10000016)")
    known = {f"{c.section}.{name}": c for c in (CHAPTERS if chapters is None else chapters)
             for name in c.comparable()}
    for key in b.measures:
        chapter = known.get(key)
        if chapter is None:
            lines.append(f"key 'benchmarks.measures.{key}': not a measure a chapter can compare (expected one of: "
                         f"{', '.join(known)})")
        elif getattr(model, chapter.section, None) is None:
            lines.append(f"key 'benchmarks.measures.{key}': this edition has no '{chapter.section}' section")
    if isinstance(b.time_period, str) and not b.time_period.strip():
        lines.append("key 'benchmarks.time_period': blank (leave it out, or write latest or a time period)")
    return lines


def files_of(edition) -> list[Path]:
    """The benchmark files the edition names (for hashing and provenance), as paths."""
    b = edition.model.benchmarks
    return [] if b is None else [Path(edition.data_dir) / name for name in b.files]


def measures_for(edition, section: str) -> dict[str, object]:
    """The edition's `benchmarks.measures` entries of one chapter section: name -> its params entry."""
    b = edition.model.benchmarks
    if b is None:
        return {}
    return {key.split(".", 1)[1]: spec for key, spec in b.measures.items() if key.split(".", 1)[0] == section}


def _read_all(edition) -> tuple[dict[str, EESFile], list[Problem]]:
    files, problems = {}, []
    for name in edition.model.benchmarks.files:
        f, found = read_file(edition.data_dir, name)
        problems += found
        if f is not None:
            files[name] = f
    return files, problems


def _place_problems(edition, used: dict[str, EESFile]) -> list[Problem]:
    """The authority, and each neighbour, must be in every file a measure reads (else: a wrong code)."""
    b, problems = edition.model.benchmarks, []
    for name, f in used.items():
        if not f.has_code(edition.model.la_code).any():
            problems.append(Problem(name, None, "new_la_code", edition.model.la_code,
                                    "the edition's la_code is not in this file (no 'Local authority' row has it)",
                                    "check la_code in the parameters, or download the local-authority file"))
        for code in neighbours_of(edition):
            if not f.has_code(code).any():
                problems.append(Problem(name, None, "new_la_code", code,
                                        "a statistical neighbour (benchmarks.neighbours) is not in this file",
                                        "check the code (new_la_code, e.g. E10000014), or leave it out of "
                                        "benchmarks.neighbours"))
    return problems


def _resolve_section(edition, chapter, files) -> tuple[list[Resolved], list[Problem]]:
    b = edition.model.benchmarks
    section = edition.section(chapter.section)
    end = getattr(section, "period_end", None) or getattr(section, "as_at", None) or dt.date.max
    out, problems = [], []
    declared = chapter.comparable()
    wanted = measures_for(edition, chapter.section)
    for name, measure in declared.items():  # the chapter's order
        if name not in wanted:
            continue
        r, found = resolve(f"{chapter.section}.{name}", measure, wanted[name], files, b.time_period, end)
        problems += found
        if r is not None:
            out.append(r)
    used = {r.file.label: r.file for r in out}
    return out, problems + _place_problems(edition, used)


def problems(edition) -> list[Problem]:
    """`panelbook validate`: every problem with the edition's benchmark files (none without `benchmarks:`)."""
    from .chapters import chapters_in

    if edition.model.benchmarks is None:
        return []
    files, found = _read_all(edition)
    if len(files) < len(edition.model.benchmarks.files):
        return found  # a file that cannot be read: what it holds is checked once it can be
    seen = set()
    for chapter in chapters_in(edition):
        if measures_for(edition, chapter.section):
            for p in _resolve_section(edition, chapter, files)[1]:
                if p not in seen:
                    seen.add(p)
                    found.append(p)
    return found


@dataclass
class Comparisons:
    """A chapter's compared measures, and how its table, chart and sentences say them."""

    section: str
    authority: str
    items: list[Comparison]
    chapter_start: dt.date | None
    chapter_end: dt.date | None
    neighbours: list[str] = field(default_factory=list)
    scope: str = ""  # what the authority's own figures count, when narrower than the files' (e.g. UASC)
    listed_itself: bool = False  # benchmarks.neighbours named the authority too

    # -- lookups ---------------------------------------------------------------------------------------------
    def get(self, name: str) -> Comparison | None:
        return next((c for c in self.items if c.name == name), None)

    def england(self, name: str) -> float | None:
        """England's figure for a measure (None: not compared, or not available)."""
        c = self.get(name)
        return None if c is None else c.england

    @property
    def files(self) -> list[str]:
        return list(dict.fromkeys(c.resolved.file.label for c in self.items))

    @property
    def periods(self) -> list[Period]:
        return list(dict.fromkeys(c.period for c in self.items))

    def _period_words(self) -> tuple[str, str]:
        """(the comparators' period(s), the chapter's own period when it differs, else '')."""
        said = " and ".join(p.label for p in self.periods)
        if not (self.chapter_start and self.chapter_end):
            return said, ""
        same = all(p.start == self.chapter_start and p.end == self.chapter_end for p in self.periods)
        own = date_range(self.chapter_start, self.chapter_end)
        return said, "" if same else own

    def period_note(self) -> str:
        """Which year the comparators are from, and that it is not the edition's period when so."""
        said, own = self._period_words()
        if not own:
            return f"All the figures are for {said}."
        return (f"England, the region and the neighbours are for {said}, as the files give them; this edition's "
                f"own figures are for {own}.")

    def intro(self) -> str:
        """The section's opening (MyST): where the comparators come from."""
        from .escape import myst_code

        files = ", ".join(myst_code(f) for f in self.files)
        return (f"England, the authority's region and its statistical neighbours, from {files} (`benchmarks:` in "
                "this edition's parameters), beside this chapter's own figures, with the authority's rank among "
                "itself and its neighbours. " + _myst(self.period_note()))

    # -- the tables ------------------------------------------------------------------------------------------
    COLUMNS = ("measure", "time_period", "local", "england", "region", "neighbours_mean", "rank", "of")

    def table(self, min_count: int) -> pd.DataFrame:
        """`<chapter>-benchmarks`: one row per measure; the authority's value and rank withheld ('c')
        with the small counts it comes from; 'x' where a figure is not available."""
        from . import disclosure
        from .disclosure import TableShape

        rows = []
        width = max([len(c.local.bases) for c in self.items] + [1])
        for c in self.items:
            bases = list(c.local.bases) + [0] * (width - len(c.local.bases))
            rows.append({"measure": c.name, "time_period": c.period.time_period, "local": c.local.value,
                         "england": c.england, "region": c.region, "neighbours_mean": c.neighbours_mean,
                         "rank": c.rank, "of": c.of, **{f"_base{i}": n for i, n in enumerate(bases)}})
        frame = pd.DataFrame(rows, columns=[*self.COLUMNS, *[f"_base{i}" for i in range(width)]])
        base_cols = tuple(f"_base{i}" for i in range(width))
        shape = TableShape(counts=base_cols, total_row=False, derived={"local": base_cols, "rank": base_cols})
        shown, _ = disclosure.apply(frame, shape, min_count)
        shown = shown.drop(columns=list(base_cols)).astype(object)
        for i, c in enumerate(self.items):
            if c.local.withheld:  # withheld where the chapter shows it: withheld beside England too
                shown.loc[i, ["local", "rank"]] = disclosure.SUPPRESSED
        for col in ("local", "england", "region", "neighbours_mean", "rank", "of"):
            shown[col] = [NOT_AVAILABLE if v is None or (isinstance(v, float) and v != v) else
                          (int(v) if col in ("rank", "of") and not isinstance(v, str) else v) for v in shown[col]]
        return shown.reset_index(drop=True)

    NEIGHBOUR_COLUMNS = ("measure", "time_period", "new_la_code", "la_name", "value")

    def neighbour_table(self) -> pd.DataFrame:
        """`<chapter>-benchmarks-neighbours`: each neighbour's figure, as the file gives it ('x': none)."""
        rows = [{"measure": c.name, "time_period": c.period.time_period, "new_la_code": code, "la_name": name,
                 "value": NOT_AVAILABLE if value is None else value}
                for c in self.items for code, name, value in c.neighbours]
        return pd.DataFrame(rows, columns=list(self.NEIGHBOUR_COLUMNS)).astype(object)

    # -- how the book shows them -----------------------------------------------------------------------------
    def region_name(self) -> str:
        names = [c.region_name or c.region_code for c in self.items if c.region_name or c.region_code]
        return names[0] if names else "Region"

    def headers(self) -> dict[str, str]:
        return {"measure": "Measure", "time_period": "Comparators' period", "local": self.authority,
                "england": "England", "region": self.region_name(), "neighbours_mean": "Statistical neighbours' mean",
                "rank": "Rank (1 = highest)", "of": "Of"}

    def neighbour_headers(self) -> dict[str, str]:
        return {"measure": "Measure", "time_period": "Period", "new_la_code": "Code", "la_name": "Authority",
                "value": "Figure"}

    def period_words(self) -> str:
        """The comparators' period(s), for a source line."""
        return self._period_words()[0]

    def formats(self) -> dict:
        labels = {c.name: c.measure.label for c in self.items}
        periods = {c.period.time_period: c.period.label for c in self.items}
        shown = lambda v: "not available" if v == NOT_AVAILABLE else _number(v)
        return {"measure": lambda v: labels.get(v, v), "time_period": lambda v: periods.get(str(v), v),
                "local": shown, "england": shown, "region": shown, "neighbours_mean": shown,
                "rank": shown, "of": shown, "value": shown}

    def note(self, shown: pd.DataFrame) -> str:
        """Under the table: the source and period, what the authority's figures count, ranks and ties,
        neighbours without a figure, and what 'not available' means."""
        parts = [self.period_note()]
        for c in self.items:
            r = c.resolved
            filters = "; ".join(f"{k} = {v}" for k, v in r.filters.items())
            parts.append(f"{c.measure.label}: {r.file.label}, indicator {r.indicator}"
                         + (f" where {filters}" if filters else "") + ".")
        if self.scope:
            parts.append(f"This edition's own figures count {self.scope}; the comparators count what their "
                         "filters say.")
        n = len(self.neighbours)
        parts.append(f"Rank: the authority among itself and those of its {n} statistical neighbours with a figure, "
                     "highest first, at the precision the file gives; equal values share a rank.")
        if self.listed_itself:
            parts.append(f"benchmarks.neighbours lists {self.authority} itself: it is ranked once, as the authority, "
                         "and left out of the neighbours' mean.")
        for c, row in zip(self.items, shown.itertuples()):
            if c.tied and row.rank != "c":
                parts.append(f"{c.measure.label}: {rank_text(c.rank, c.of, c.tied)}.")
            missing = [name for code, name, v in c.neighbours if v is None]
            if missing:
                parts.append(f"{c.measure.label}: no figure for {', '.join(missing)} (not in the mean or the rank).")
            if c.local.value is None and c.local.why:
                parts.append(f"{c.measure.label}: {c.local.why}")
        parts.append("“Not available” (x in the CSV) is a symbol in the file (c, z, x, low, ...) or no row: never a zero.")
        return " ".join(parts)

    def _said(self, c: Comparison, row) -> str:
        """'<authority> 18.1% (highest of 10), England 9%, <region> 10%, statistical neighbours' mean 10.3%'."""
        unit = c.measure.unit

        def say(v):
            return ("not available" if v == NOT_AVAILABLE else "withheld (a small number)" if v == "c"
                    else _with_unit(v, unit))
        rank = "not ranked" if row.rank in ("c", NOT_AVAILABLE) else rank_text(row.rank, row.of, c.tied)
        return (f"{self.authority} {say(row.local)} ({rank}), England {say(row.england)}, {self.region_name()} "
                f"{say(row.region)}, statistical neighbours' mean {say(row.neighbours_mean)}")

    def key_messages(self, tables: dict[str, pd.DataFrame], chapter: str, better: dict[str, str]) -> list:
        """One key message per compared measure: the authority's published value against England's, from
        the published `<section>-benchmarks` table (`better`: measure -> 'higher' or 'lower')."""
        from .messages import BENCHMARK, Cite, KeyMessage, number

        table_id = f"{self.section}-benchmarks"
        if table_id not in tables:
            return []
        out = []
        for c in self.items:
            local = Cite(table_id, {"measure": c.name}, "local")
            england = Cite(table_id, {"measure": c.name}, "england")
            has = number(england.read(tables)) is not None
            unit = "%" if c.measure.unit == "%" else f" {c.measure.unit}"
            out.append(KeyMessage(
                chapter, f"{c.name}_against_england", f"the local figure for “{_phrase(c.measure.label)}”",
                local.read(tables), local, unit=unit, when=f"in {c.period.label}",
                comparison="England's figure" if has else "", comparison_value=england.read(tables) if has else "",
                comparison_cite=england if has else None, kind=BENCHMARK if has else "", better=better.get(c.name)))
        return out

    def sentence(self, shown: pd.DataFrame) -> str:
        """The key messages: each measure here beside England, the region and the neighbours, with its rank
        (from the published table, so a withheld figure stays withheld)."""
        if not self.items:
            return ""
        bits = [f"{_phrase(c.measure.label)}: {self._said(c, row)}" for c, row in zip(self.items, shown.itertuples())]
        said, own = self._period_words()
        lead = f"Beside England, the region and the statistical neighbours in {said}" + (
            f" (this edition's own period: {own})" if own else "")
        return lead + ": " + "; ".join(bits) + "."

    # -- the chart -------------------------------------------------------------------------------------------
    ROLES = ("This authority", "England", "Region", "Neighbours' mean", "Statistical neighbour")

    def chart_data(self, shown: pd.DataFrame, neighbours_shown: pd.DataFrame) -> pd.DataFrame:
        """The dot chart's points, read from the two published tables ('c' and 'x' not drawn)."""
        from .charts import numeric

        labels = {c.name: c.measure.label for c in self.items}
        out = []
        for row in shown.itertuples():
            for who, role, v in ((self.authority, "This authority", row.local), ("England", "England", row.england),
                                 (self.region_name(), "Region", row.region),
                                 ("Neighbours' mean", "Neighbours' mean", row.neighbours_mean)):
                out.append({"measure": labels.get(row.measure, row.measure), "who": who, "role": role, "value": v})
        for row in neighbours_shown.itertuples():
            out.append({"measure": labels.get(row.measure, row.measure), "who": row.la_name,
                        "role": "Statistical neighbour", "value": row.value})
        long = pd.DataFrame(out, columns=["measure", "who", "role", "value"])
        long["value"] = numeric(long["value"]).to_numpy()
        long["order"] = long["role"].map({r: -i for i, r in enumerate(self.ROLES)})  # the authority drawn last
        return long.dropna(subset=["value"]).reset_index(drop=True)

    def chart(self, long: pd.DataFrame, title: str):
        """One dot strip per measure (each on its own scale): neighbours grey, England a black diamond,
        the region a triangle, the neighbours' mean a bar, the authority a large blue dot with its value."""
        import altair as alt

        from .charts import PALETTE

        roles = list(self.ROLES)
        colours = [PALETTE[0], "#111111", PALETTE[1], "#555555", "#9e9e9e"]  # the book's palette: no amber
        shapes = ["circle", "diamond", "triangle-up", "square", "circle"]
        sizes = [260, 150, 150, 300, 70]
        rows = []
        for label in dict.fromkeys(long["measure"]):
            part = long[long["measure"] == label]
            base = alt.Chart(part).encode(
                x=alt.X("value:Q", title=label, scale=alt.Scale(zero=False, nice=True)),
                tooltip=[alt.Tooltip("who:N", title="Who"), alt.Tooltip("role:N", title="Role"),
                         alt.Tooltip("value:Q", title="Value")])
            dots = base.mark_point(filled=True, opacity=0.9, stroke="#222", strokeWidth=0.5).encode(
                color=alt.Color("role:N", title=None, scale=alt.Scale(domain=roles, range=colours)),
                shape=alt.Shape("role:N", title=None, scale=alt.Scale(domain=roles, range=shapes)),
                size=alt.Size("role:N", title=None, scale=alt.Scale(domain=roles, range=sizes)),
                order=alt.Order("order:Q"))
            text = base.transform_filter(alt.datum.role == "This authority").mark_text(
                dy=-16, fontWeight="bold", color=PALETTE[0]).encode(text=alt.Text("value:Q"))
            rows.append((dots + text).properties(width=460, height=50))
        return alt.vconcat(*rows).properties(title=title).resolve_scale(x="independent")

    def describe(self, shown: pd.DataFrame, neighbours_shown: pd.DataFrame) -> str:
        """Alt text from the published tables: each measure's values, rank and the neighbours' range."""
        from .charts import numeric

        parts = []
        for c, row in zip(self.items, shown.itertuples()):
            theirs = numeric(neighbours_shown.loc[neighbours_shown["measure"] == c.name, "value"]).dropna()
            spread = (f"; the {len(theirs)} neighbours with a figure range from {_with_unit(theirs.min(), c.measure.unit)} "
                      f"to {_with_unit(theirs.max(), c.measure.unit)}") if len(theirs) else "; no neighbour has a figure"
            parts.append(f"{_phrase(c.measure.label)}: {self._said(c, row)}{spread}")
        return ("Dot chart, one row per measure, of this authority (large blue dot) beside England (black "
                "diamond), its region (triangle), its statistical neighbours (grey dots) and their mean (square). "
                + ". ".join(parts) + ".")


def _phrase(label: str) -> str:
    """A measure's label inside a sentence: '(%)' dropped (the values carry it)."""
    return label.removesuffix(" (%)")


def _myst(text: str) -> str:
    from .escape import myst_text

    return myst_text(text)


def _number(v) -> str:
    if isinstance(v, str):
        return v
    if v is None or v != v:
        return "not available"
    f = float(v)
    return str(int(f)) if f == int(f) else f"{f:g}"


def _with_unit(v, unit: str) -> str:
    text = _number(v)
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def compare(edition, section: str, local: dict[str, LocalValue], scope: str = "") -> Comparisons | None:
    """The chapter's compared measures (None when the edition compares none of them); DataError with
    every problem when the files do not fit `benchmarks:` (validation reports the same problems)."""
    from .chapters import chapters_in

    chapter = next((c for c in chapters_in(edition) if c.section == section), None)
    if chapter is None or not measures_for(edition, section):
        return None
    files, problems = _read_all(edition)
    if problems and len(files) < len(edition.model.benchmarks.files):
        raise DataError(problems)
    resolved, more = _resolve_section(edition, chapter, files)
    if problems + more:
        raise DataError(problems + more)
    b = edition.model.benchmarks
    neighbours = neighbours_of(edition)
    items = [compare_one(r, local.get(r.name, LocalValue(None, why="this edition's data give no figure")),
                         edition.model.la_code, neighbours) for r in resolved]
    params = edition.section(section)
    return Comparisons(section, edition.model.local_authority, items, getattr(params, "period_start", None),
                       getattr(params, "period_end", None), neighbours, scope,
                       listed_itself=edition.model.la_code in b.neighbours)


def neighbours_of(edition) -> list[str]:
    """The statistical neighbours as listed, the authority itself left out (it is ranked once, as itself)."""
    return [c for c in edition.model.benchmarks.neighbours if c != edition.model.la_code]
