"""Declared input files: columns, types, codes and rules, as data.

Each chapter's analysis module declares the files it reads as `FileSpec`s. `io.read_input`
parses the text (Excel's encodings, dd/mm/YYYY dates, Y/N flags) and the pandera schema
built here checks the parsed frame (required values, unique keys, allowed codes, ranges,
row rules), so every problem is reported at once with its spreadsheet row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

TYPES = ("str", "date", "flag", "int", "float", "code")


def header_key(text) -> str:
    """A column name as compared: case and spacing forgiven ('Received  Date ' = 'received_date')."""
    return " ".join(str(text).replace("_", " ").split()).casefold()


@dataclass(frozen=True)
class Col:
    """One column of an input file.

    kind: str | date | flag (Y/N...) | int | float | code (one of `codes`, case-insensitive).
    required: the column must be present. nullable: blank values allowed.
    """

    name: str
    kind: str = "str"
    required: bool = True
    nullable: bool = False
    unique: bool = False
    codes: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    aliases: tuple[str, ...] = ()
    code_aliases: dict[str, str] = field(default_factory=dict)
    future_ok: bool = False  # dates: a planned date may lie after today
    label: bool = False  # its values name rows of the published tables, so 'Total' is reserved
    help: str = ""

    def __post_init__(self):
        if self.kind not in TYPES:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class RowRule:
    """A rule across columns of one row; `check(df)` returns True where the row is fine."""

    name: str  # what the rule says, shown to the user
    column: str  # the column to point the user at
    check: Callable[[pd.DataFrame], pd.Series]
    action: str = ""


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Col, ...]
    rules: tuple[RowRule, ...] = ()
    unique_together: tuple[str, ...] = ()
    description: str = ""

    def col(self, name: str) -> Col:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def stem(self) -> str:
        """The file's name without `.csv`: its key under the edition's `inputs:`."""
        return self.name.rsplit(".", 1)[0]

    def header_lookup(self) -> dict[str, str]:
        """Every accepted header (name or alias, as `header_key`) -> the column's name."""
        lookup = {}
        for col in self.columns:
            for alias in (col.name, *col.aliases):
                lookup.setdefault(header_key(alias), col.name)
        return lookup

    def with_headers(self, columns: dict[str, str]) -> "FileSpec":
        """This spec also accepting the file's own header for each mapped column (`inputs: ... columns:`)."""
        from dataclasses import replace

        cols = tuple(replace(c, aliases=(columns[c.name], *c.aliases)) if c.name in columns else c
                     for c in self.columns)
        return replace(self, columns=cols)


def end_on_or_after(start: str, end: str) -> Callable[[pd.DataFrame], pd.Series]:
    """Row rule: `end` blank, or on or after `start`."""

    def check(df: pd.DataFrame) -> pd.Series:
        if start not in df or end not in df:
            return pd.Series(True, index=df.index)
        return df[end].isna() | df[start].isna() | (df[end] >= df[start])

    return check


def pandera_schema(spec: FileSpec, present: list[str]) -> pa.DataFrameSchema:
    """The pandera schema checking a parsed frame of `spec` (only the columns present)."""
    import pandera.pandas as pa  # here: an up-to-date build never validates, so never imports pandera

    columns = {}
    for col in spec.columns:
        if col.name not in present:
            continue
        checks = []
        if col.kind == "code" and col.codes:
            checks.append(pa.Check.isin(list(col.codes), error="unknown code; expected one of: " + ", ".join(col.codes)))
        if col.min is not None:
            checks.append(pa.Check.ge(col.min, error=f"must be at least {col.min:g}"))
        if col.max is not None:
            checks.append(pa.Check.le(col.max, error=f"must be at most {col.max:g}"))
        columns[col.name] = pa.Column(
            nullable=col.nullable,
            unique=col.unique,
            checks=checks,
            required=False,
        )
    checks = [
        pa.Check(rule.check, error=rule.name, name=rule.name)
        for rule in spec.rules
    ]
    unique = list(spec.unique_together) if all(c in present for c in spec.unique_together) else None
    return pa.DataFrameSchema(columns, checks=checks, unique=unique or None, strict=False)
