"""Small-count suppression: the one place every published table passes through.

A count with 0 < n < min_count is shown as "c". Secondary suppression then hides the next
smallest cell of any row or column sum (a displayed total minus the displayed parts) that
would otherwise reveal a suppressed cell; percentages derived from suppressed counts are
suppressed too. A zero identifies no one and is shown, except where it gives a group away:

Group disclosure. When every member of a small group falls in one category (one part of a sum
equals the whole and the others are 0: 100% of the group gave the answer, or 0% did), the table
tells the answer of each of them: anyone who knows a child is in the group knows the child's
answer. So when the group has fewer than GROUP_FACTOR x min_count members (10 at the default 5),
its one non-zero part and one of its zeros are withheld (a reader then cannot tell which of the
two categories its members are in, nor how they divide), and secondary suppression protects
them like small counts. For a headline count k of n (a complement n - k): k is withheld when
k = n or k = 0.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas: frames are only annotated here
    import pandas as pd

SUPPRESSED = "c"
GROUP_FACTOR = 2  # a group of fewer than GROUP_FACTOR * min_count, all in one category, is disclosive


def privacy_statement(min_count: int) -> str:
    """The rule in force, said plainly (footer, intro, About page): never a promise suppression cannot keep."""
    if min_count <= 0:
        return ("Small-number suppression is off in this edition: every count is shown, "
                "including counts of one or two children, so a child may be identifiable. Check the book before "
                "sharing it outside the service.")
    group = (f" Where all of a group of fewer than {GROUP_FACTOR * min_count} fall in one category (100% or 0%), "
             "that count and another of the group are withheld too, so no one's answer can be read off.")
    if min_count == 2:
        return ("Counts of 1 are withheld and shown as “c”, together with any cell that would reveal them; "
                "percentages of withheld counts are withheld too." + group)
    return (f"Counts from 1 to {min_count - 1} are withheld and shown as “c”, together with any cell that would "
            "reveal them; percentages of withheld counts are withheld too." + group)


@dataclass(frozen=True)
class Margin:
    """A sum of some of a table's count cells that another figure of the same chapter publishes (a
    needs group's n in a correlation table, a question's headline count or base in a summary table),
    so secondary suppression protects the hidden cells against it as against the table's own totals.

    column: the count column summed. by: one sum per value of this column; rows: or the sum of the
    rows whose first cell is one of these labels; neither: the sum of every row but the Total.
    shown: False when the other figure withholds the sum ('c'): then the sum is protected here like
    a withheld cell (it must not be worked out from this table either)."""

    column: str
    by: str | None = None
    rows: tuple[str, ...] = ()
    shown: bool = True


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
    margins: sums of this table's cells published by other figures of the chapter (`Margin`).
    complements: {total column: part column} where total - part is a count too, though not shown
    (those not giving the headline answer: n - k), protected like a cell.
    """

    counts: tuple[str, ...] = ()
    row_sums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    total_row: bool = True
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)
    distinct_totals: tuple[str, ...] = ()
    margins: tuple[Margin, ...] = ()
    complements: dict[str, str] = field(default_factory=dict)


def is_shown(cell: tuple[int, str], df: pd.DataFrame) -> bool:
    """A cell of the table itself (not a margin published elsewhere, nor a complement never shown)."""
    return cell[0] >= 0 and cell[1] in df.columns


def constraints(df: pd.DataFrame, shape: TableShape) -> list[list[tuple[int, str]]]:
    """Each identity as [total cell, part cells...], cells as (row position, column). A margin's
    total is the cell (-1, 'margin K: GROUP'); a complement is the cell (row, 'TOTAL - PART')."""
    out = []
    n = len(df)
    body = range(n - 1) if shape.total_row else range(n)
    if shape.total_row and n:
        for col in shape.counts:
            out.append([(n - 1, col)] + [(i, col) for i in body])
    for total, parts in shape.row_sums.items():
        for i in range(n):
            out.append([(i, total)] + [(i, p) for p in parts])
    labels = [str(v) for v in df.iloc[:, 0].tolist()] if n else []
    for k, m in enumerate(shape.margins):
        row = -1 if m.shown else -2  # a sum shown elsewhere (known), or withheld there (protected)
        if m.by is not None:
            groups = {}
            for i in body:
                groups.setdefault(str(df[m.by].iloc[i]), []).append(i)
        else:
            groups = {"rows": [i for i in body if not m.rows or labels[i] in m.rows]}
        for group, rows in groups.items():
            if rows:
                out.append([(row, f"margin {k}: {m.column} {group}")] + [(i, m.column) for i in rows])
    for total, part in shape.complements.items():
        for i in range(n):
            out.append([(i, total), (i, part), (i, f"{total} - {part}")])
    return out


def _number(v) -> float | None:
    """A count as a number; None when it is already withheld ('c' from a table it was computed from)."""
    if isinstance(v, str) and v == SUPPRESSED:
        return None
    return float(v) if v is not None and v == v else 0.0


def suppressed_cells(df: pd.DataFrame, shape: TableShape, min_count: int) -> set[tuple[int, str]]:
    """Primary then secondary suppression; returns the set of hidden cells (complements included).

    A cell given as 'c' is hidden from the start. A sum (a total, a margin) exposes its hidden parts
    when only one is hidden, or when they add up to as many as there are (each is at least 1, so each
    is exactly 1); then the next smallest shown part is hidden too, else the total if it is shown here."""
    if min_count <= 0:
        return set()
    cons = constraints(df, shape)
    value: dict[tuple[int, str], float | None] = {}
    for col in shape.counts:
        for i, v in enumerate(df[col].tolist()):
            value[(i, col)] = _number(v)
    for con in cons:  # margins (sums of parts) and complements (total - part), from the real cells
        total, parts = con[0], con[1:]
        if not parts:
            continue
        if total[0] < 0:
            known = [value.get(c) for c in parts]
            value[total] = None if None in known else float(sum(known))
        elif not is_shown(parts[-1], df):
            a, b = value.get(total), value.get(parts[0])
            value[parts[-1]] = None if a is None or b is None else a - b
    hidden = {cell for cell, v in value.items() if cell[0] >= 0 and (v is None or 0 < v < min_count)}
    hidden |= {con[0] for con in cons if con[0][0] == -2 and value.get(con[0])}  # withheld elsewhere
    # a cell that is a margin by itself is published elsewhere: hiding it here would protect nothing;
    # so is a Total whose parts are a margin's (the same sum)
    elsewhere = {con[1] for con in cons if con[0][0] == -1 and len(con) == 2}
    margin_parts = [set(con[1:]) for con in cons if con[0][0] == -1]
    elsewhere |= {con[0] for con in cons if con[0][0] >= 0 and set(con[1:]) in margin_parts}
    hidden |= group_disclosive(cons, value, df, min_count, elsewhere)

    def pick_for(con) -> tuple[int, str] | None:
        total, parts = con[0], con[1:]
        candidates = sorted(
            (c for c in parts if c not in hidden and c not in elsewhere and is_shown(c, df) and (value[c] or 0) > 0),
            key=lambda c: (value[c], c[0], str(c[1])),
        )
        pickable = total not in hidden and total not in elsewhere and is_shown(total, df)
        return candidates[0] if candidates else (total if pickable and (value[total] or 0) > 0 else None)

    changed = True
    while changed:
        changed = False
        for con in cons:
            inside = [c for c in con if c in hidden]
            if not inside:
                continue
            total = con[0]
            known = [value[c] for c in inside]
            exposed = len(inside) == 1 or (total not in hidden and None not in known and sum(known) == len(inside))
            pick = pick_for(con) if exposed else None
            if pick is not None:
                hidden.add(pick)
                changed = True
        if not changed:  # the sums taken together, with every hidden count at least 1 (linear programming)
            for cell in _determined(cons, value, hidden, exclude=_distinct(df, shape)):
                near = [con for con in cons if cell in con]  # its sums, then the sums of their hidden cells
                near += [con for con in cons if con not in near and any(c in hidden for n in near for c in n if c in con)]
                pick = next((p for con in near if (p := pick_for(con)) is not None), None)
                if pick is not None:
                    hidden.add(pick)
                    changed = True
                    break
    return hidden


def group_disclosive(cons, value: dict, df: pd.DataFrame, min_count: int, elsewhere: set = frozenset()) -> set:
    """The cells withheld for group disclosure (module docstring): for each sum a reader can see (a
    total, a margin, a complement's n) of a group of fewer than GROUP_FACTOR * min_count whose members
    all fall in one part, that part and the first zero part, where this table shows them."""
    out = set()
    for con in cons:
        total, parts = con[0], con[1:]
        whole = value.get(total)
        if total[0] == -2 or whole is None or not 0 < whole < GROUP_FACTOR * min_count or len(parts) < 2:
            continue
        values = [value.get(c) for c in parts]
        if None in values or sum(1 for v in values if v) != 1:
            continue
        one = next(c for c, v in zip(parts, values) if v)
        zero = next(c for c, v in zip(parts, values) if not v)
        out |= {c for c in (one, zero) if is_shown(c, df) and c not in elsewhere}
    return out


def _distinct(df: pd.DataFrame, shape: TableShape) -> set[tuple[int, str]]:
    """Total cells that count distinct people: not sums, so no equation for an attacker."""
    return {(len(df) - 1, c) for c in shape.distinct_totals} if shape.total_row and len(df) else set()


def _determined(cons, value: dict, hidden: set, exclude: set = frozenset()) -> list[tuple[int, str]]:
    """Hidden cells whose value the sums pin down when every hidden count is at least 1 (a cell given
    as already withheld, or a zero withheld for its group, at least 0): least and greatest value by
    linear programming, equal = determined."""
    import numpy as np
    from scipy.optimize import linprog

    unknown = sorted(hidden, key=lambda c: (c[0], str(c[1])))
    index = {c: i for i, c in enumerate(unknown)}
    rows, rhs = [], []
    for con in cons:
        if con[0] in exclude or not any(c in index for c in con):
            continue
        if any(c not in index and value.get(c) is None for c in con):
            continue  # a sum whose value is itself unknown (a margin over a withheld cell) tells nothing
        row, const = np.zeros(len(unknown)), 0.0
        for k, c in enumerate(con):
            sign = 1.0 if k == 0 else -1.0
            if c in index:
                row[index[c]] += sign
            else:
                const -= sign * (value.get(c) or 0.0)
        rows.append(row)
        rhs.append(const)
    if not rows:
        return []
    a, b = np.array(rows), np.array(rhs)
    bounds = [(0.0 if not value.get(c) else 1.0, None) for c in unknown]  # a zero withheld for its group: 0
    out = []
    for i, cell in enumerate(unknown):
        c = np.zeros(len(unknown))
        c[i] = 1.0
        lo = linprog(c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        hi = linprog(-c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        if lo.status == 0 and hi.status == 0 and -hi.fun - lo.fun < 1e-6:
            out.append(cell)
    return out


def apply(df: pd.DataFrame, shape: TableShape, min_count: int) -> tuple[pd.DataFrame, set]:
    """The table as published: hidden cells (and their derived cells) replaced by 'c'."""
    hidden = suppressed_cells(df, shape, min_count)
    shown = {c for c in hidden if is_shown(c, df)}
    if not shown:
        return df.copy(), hidden
    out = df.copy().astype({c: object for c in {*shape.counts, *shape.derived}})
    for i, col in shown:
        out.iat[i, out.columns.get_loc(col)] = SUPPRESSED
    for col, sources in shape.derived.items():
        for i in range(len(out)):
            if any((i, s) in hidden for s in sources):
                out.iat[i, out.columns.get_loc(col)] = SUPPRESSED
    return out, hidden


def published_sum(values) -> object:
    """A figure computed from published cells: their sum, or 'c' when any of them is withheld
    (so a total, base or phrase never reveals what its table hides)."""
    values = list(values)
    if any(isinstance(v, str) and v == SUPPRESSED for v in values):
        return SUPPRESSED
    return sum(0 if v is None or v != v else v for v in values)
