"""Where each contract file is read from (the edition's `inputs:`), and where its problems are shown.

A contract file (complaints.csv, children.csv, ...) is `inputs.<stem>.file` when given, else
`<stem>.csv` in data_dir, else the one `<stem>.xlsx`/.xlsm/.xls/.ods there. Its `columns` and
`values` map the file's own headers and codes to the contract's. Problems are found in contract
terms (file, row, column) and placed back where the analyst looks: the file as named, its sheet,
and the cell as Excel shows it ("complaints.xlsx, sheet 'Log', cell C14").
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import DataError, Problem
from .params import InputFile
from .schema import FileSpec

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv")


def contract_specs(chapters=None) -> dict[str, FileSpec]:
    """Every chapter's declared input files by stem (complaints -> complaints.csv's spec), with the files
    of every source a chapter can read (the missing chapter's SSDA903 and SSD files). `chapters`: the
    edition's (default: the built-in ones)."""
    from .chapters import CHAPTERS

    out: dict[str, FileSpec] = {}
    for chapter in CHAPTERS if chapters is None else chapters:
        hooks = chapter.hooks
        specs = list(hooks.INPUTS)
        if hooks.sources is not None:
            specs += [spec for source_specs, _ in hooks.sources().values() for spec in source_specs]
        for spec in specs:
            out.setdefault(spec.stem, spec)
    return out


def _near(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f": did you mean '{close[0]}'?" if close else ""


def inputs_problems(inputs: dict[str, InputFile], chapters=None) -> list[str]:
    """The edition's `inputs:` checked against the contract: each line names its key."""
    specs = contract_specs(chapters)
    lines = []
    for stem, entry in inputs.items():
        spec = specs.get(stem)
        if spec is None:
            lines.append(f"key 'inputs.{stem}': not one of the contract's files{_near(stem, specs)} "
                         f"(expected one of: {', '.join(sorted(specs))})")
            continue
        if entry.file is not None and Path(entry.file).suffix.lower() not in SUFFIXES:
            lines.append(f"key 'inputs.{stem}.file': {entry.file!r} is not a .xlsx, .xlsm, .xls, .ods or .csv file")
        if entry.file is not None and Path(entry.file).suffix.lower() == ".csv" and entry.sheet is not None:
            lines.append(f"key 'inputs.{stem}.sheet': {entry.file!r} is a CSV file, which has no sheets")
        names = [c.name for c in spec.columns]
        for part in ("columns", "values"):
            for col in getattr(entry, part):
                if col not in names:
                    lines.append(f"key 'inputs.{stem}.{part}.{col}': {spec.name} has no column '{col}'"
                                 f"{_near(col, names)} (its columns: {', '.join(names)})")
    return lines


@dataclass(frozen=True)
class Located:
    """The file a contract file is read from, as the analyst names it, and its `inputs:` entry."""

    path: Path
    label: str
    entry: InputFile

    @property
    def is_workbook(self) -> bool:
        return self.path.suffix.lower() in WORKBOOK_SUFFIXES


class DataSource(os.PathLike):
    """data_dir plus the edition's `inputs:`; path-like (as data_dir), so `Path(source)` is the folder."""

    def __init__(self, folder: str | Path, inputs: dict[str, InputFile] | None = None):
        self.folder = Path(folder)
        self.inputs = dict(inputs or {})

    def __fspath__(self) -> str:
        return str(self.folder)

    def __truediv__(self, name) -> Path:
        return self.folder / name

    def __repr__(self) -> str:
        return f"DataSource({str(self.folder)!r}, inputs={sorted(self.inputs)})"

    def entry(self, spec: FileSpec) -> InputFile:
        return self.inputs.get(spec.stem) or InputFile()

    def locate(self, spec: FileSpec) -> Located:
        """Where `spec`'s file is; the CSV path when nothing is there (io then says it is missing).

        DataError when the named file is missing, or several workbooks could be the file."""
        entry = self.entry(spec)
        if entry.file is not None:
            path = self.folder / entry.file
            if not path.is_file():
                raise DataError([Problem(entry.file, None, None, None, f"file not found (inputs.{spec.stem}.file)",
                                         f"put it in {self.folder}, or correct inputs.{spec.stem}.file")])
            return Located(path, entry.file, entry)
        csv = self.folder / spec.name
        if csv.is_file():
            return Located(csv, spec.name, entry)
        books = [self.folder / (spec.stem + s) for s in WORKBOOK_SUFFIXES if (self.folder / (spec.stem + s)).is_file()]
        if len(books) > 1:
            names = ", ".join(p.name for p in books)
            raise DataError([Problem(spec.name, None, None, None,
                                     f"file not found, and several workbooks could be it: {names}",
                                     f"keep only one, or name it in the edition's inputs.{spec.stem}.file")])
        if books:
            return Located(books[0], books[0].name, entry)
        return Located(csv, spec.name, entry)

    def located(self, name: str) -> Located | None:
        """Where contract file `name` (e.g. complaints.csv) is read from; None when absent or ambiguous."""
        try:
            found = self.locate(contract_specs().get(name.rsplit(".", 1)[0]) or FileSpec(name, ()))
        except DataError:
            return None
        return found if found.path.is_file() else None

    def exists(self, spec: FileSpec) -> bool:
        """True when some file could be `spec`'s (an optional file absent is not a problem)."""
        try:
            return self.locate(spec).path.is_file()
        except DataError:
            return True  # present, but wrong: reading it reports why


def as_source(data_dir) -> DataSource:
    """A DataSource for `data_dir` (a plain folder has no `inputs:`)."""
    return data_dir if isinstance(data_dir, DataSource) else DataSource(data_dir)


@dataclass
class Where:
    """Where one contract file's rows and columns are in the file read, to place its problems."""

    spec_name: str
    label: str
    sheet: str | None = None
    header_row: int = 1
    letters: dict[str, str] = field(default_factory=dict)  # contract column -> Excel column letter
    headers: dict[str, str] = field(default_factory=dict)  # mapped contract column -> the file's header
    seen: str = ""  # a workbook's header cells, for messages about missing columns

    def place(self, p: Problem) -> Problem:
        """`p` as the analyst finds it: the file as named, the sheet, the cell (C14), the file's header."""
        if p.file != self.spec_name:
            return p
        column = self.headers.get(p.column, p.column) if p.column else p.column
        if self.sheet is None:
            return replace(p, file=self.label, column=column)
        cell = None
        if p.row is not None and p.row != self.header_row and p.column in self.letters:
            cell = f"{self.letters[p.column]}{p.row}"
        return replace(p, file=self.label, column=column, sheet=self.sheet, cell=cell)
