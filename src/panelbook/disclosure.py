"""Small-count suppression: the one place every published table passes through.

A count with 0 < n < min_count is shown as "c". Secondary suppression then hides the next
smallest cell of any row or column sum (a displayed total minus the displayed parts) that
would otherwise reveal a suppressed cell; percentages derived from suppressed counts are
suppressed too. Zeros are never suppressed: they identify no one.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

SUPPRESSED = "c"


def privacy_statement(min_count: int) -> str:
    """The rule in force, said plainly (footer, intro, About page): never a promise suppression cannot keep."""
    if min_count <= 0:
        return ("Small-number suppression is off in this edition (disclosure.min_count: 0): every count is shown, "
                "including counts of one or two children, so a child may be identifiable. Check the book before "
                "sharing it outside the service.")
    if min_count == 2:
        return ("Counts of 1 are withheld and shown as “c”, together with any cell that would reveal them; "
                "percentages of withheld counts are withheld too.")
    return (f"Counts from 1 to {min_count - 1} are withheld and shown as “c”, together with any cell that would "
            "reveal them; percentages of withheld counts are withheld too.")


@dataclass(frozen=True)
class TableShape:
    """How the counts of a table add up.

    counts: columns holding counts. row_sums: {total column: [part columns]}, the row-wise
    identities. total_row: whether the last row is the column-wise total of the rows above.
    derived: {column: [count columns it is computed from]} (percentages, rates), suppressed with
    any of its sources; a derived column of the Total row is kept unless its sources are hidden.
    distinct_totals: count columns whose Total counts distinct people rather than adding up the rows
    (a child in two rows is one child in the Total); suppressed as if the Total were their sum, which
    hides at least as much, but not checked as a sum.
    """

    counts: tuple[str, ...] = ()
    row_sums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    total_row: bool = True
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)
    distinct_totals: tuple[str, ...] = ()


def constraints(df: pd.DataFrame, shape: TableShape) -> list[list[tuple[int, str]]]:
    """Each identity as [total cell, part cells...], cells as (row position, column)."""
    out = []
    n = len(df)
    body = range(n - 1) if shape.total_row else range(n)
    if shape.total_row and n:
        for col in shape.counts:
            out.append([(n - 1, col)] + [(i, col) for i in body])
    for total, parts in shape.row_sums.items():
        for i in range(n):
            out.append([(i, total)] + [(i, p) for p in parts])
    return out


def suppressed_cells(df: pd.DataFrame, shape: TableShape, min_count: int) -> set[tuple[int, str]]:
    """Primary then secondary suppression; returns the set of hidden count cells."""
    if min_count <= 0:
        return set()
    value = {}
    for col in shape.counts:
        for i, v in enumerate(df[col].tolist()):
            value[(i, col)] = float(v) if v is not None and v == v else 0.0
    hidden = {cell for cell, v in value.items() if 0 < v < min_count}
    cons = constraints(df, shape)
    changed = True
    while changed:
        changed = False
        for con in cons:
            inside = [c for c in con if c in hidden]
            if len(inside) != 1:
                continue
            total, parts = con[0], con[1:]
            candidates = sorted(
                (c for c in parts if c not in hidden and value[c] > 0),
                key=lambda c: (value[c], c[0], str(c[1])),
            )
            pick = candidates[0] if candidates else (total if total not in hidden else None)
            if pick is None and inside[0] == total:
                continue  # every part is zero: the total is zero too, nothing to hide
            if pick is not None:
                hidden.add(pick)
                changed = True
    return hidden


def apply(df: pd.DataFrame, shape: TableShape, min_count: int) -> tuple[pd.DataFrame, set]:
    """The table as published: hidden cells (and their derived cells) replaced by 'c'."""
    hidden = suppressed_cells(df, shape, min_count)
    if not hidden:
        return df.copy(), hidden
    out = df.copy().astype({c: object for c in {*shape.counts, *shape.derived}})
    for i, col in hidden:
        out.iat[i, out.columns.get_loc(col)] = SUPPRESSED
    for col, sources in shape.derived.items():
        for i in range(len(out)):
            if any((i, s) in hidden for s in sources):
                out.iat[i, out.columns.get_loc(col)] = SUPPRESSED
    return out, hidden
