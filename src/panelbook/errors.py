"""Errors the user can act on: each names the file, row, column and what was expected.

The CLI turns these into a readable table and a non-zero exit code; anything else
escaping is a bug (exit 1).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass


REPORT_COLUMNS = ("file", "row", "column", "value", "rule", "action", "sheet", "cell")  # validation-report.csv


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as a spreadsheet user would find it."""

    file: str
    row: int | None  # spreadsheet row: header = 1, first record = 2; None = whole file
    column: str | None
    value: str | None
    rule: str
    action: str = ""
    sheet: str | None = None  # a workbook's sheet, as its tab shows it
    cell: str | None = None  # a workbook's cell, as Excel names it (C14)

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = self.file
        if self.sheet is not None:
            where += f", sheet '{self.sheet}'"
        if self.cell is not None:
            where += f", cell {self.cell}"
        else:
            if self.row is not None:
                where += f", row {self.row}"
            if self.column:
                where += f", column '{self.column}'"
        text = f"{where}: {self.rule}"
        if self.value not in (None, ""):
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            text += f" (found {shown!r})"
        if self.action:
            text += f" — {self.action}"
        return text


class PanelbookError(Exception):
    """Base class for errors that are the user's to fix (exit code 2)."""


class ParamsError(PanelbookError):
    """The edition's parameters file is wrong; message names the file and key."""


class DataError(PanelbookError):
    """One or more input files are wrong; carries every problem found at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:50]]
        more = len(self.problems) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more problem(s)")
        super().__init__("\n".join(lines))


class BuildError(PanelbookError):
    """A chapter failed to execute or the book failed to build."""
