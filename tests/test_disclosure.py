"""disclosure.py on small tables: primary suppression, secondary suppression along rows, columns and
totals, derived percentages, and a table where a naive scheme would let a hidden count be worked out."""
from __future__ import annotations

import pandas as pd
import pytest

from panelbook.disclosure import SUPPRESSED as C, TableShape, apply, privacy_statement, suppressed_cells
from test_trust import recoverable_cells


def table(rows: dict[str, list], label="group") -> pd.DataFrame:
    """A table with a Total row: rows as {label: [counts...]} in column order a, b (and total = a + b)."""
    body = [{label: k, "a": v[0], "b": v[1], "total": v[0] + v[1]} for k, v in rows.items()]
    total = {label: "Total", **{c: sum(r[c] for r in body) for c in ("a", "b", "total")}}
    return pd.DataFrame([*body, total])


GRID = TableShape(counts=("a", "b", "total"), row_sums={"total": ("a", "b")})


def shown_shape(shape: TableShape) -> dict:
    return {"counts": list(shape.counts), "row_sums": {k: list(v) for k, v in shape.row_sums.items()},
            "total_row": shape.total_row}


def as_text(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype(str)


# -- primary suppression ------------------------------------------------------------------------------
def test_counts_from_one_to_below_the_threshold_are_hidden_zeros_and_the_rest_are_not():
    df = pd.DataFrame({"group": ["a", "b", "c", "d"], "n": [0, 1, 4, 5]})
    shown, hidden = apply(df, TableShape(counts=("n",), total_row=False), 5)
    assert shown["n"].tolist() == [0, C, C, 5]
    assert hidden == {(1, "n"), (2, "n")}


def test_threshold_zero_turns_suppression_off_and_the_input_is_never_changed():
    df = pd.DataFrame({"group": ["a", "Total"], "n": [1, 1]})
    before = df.copy()
    shown, hidden = apply(df, TableShape(counts=("n",)), 0)
    assert hidden == set() and shown.equals(before) and df.equals(before)
    apply(df, TableShape(counts=("n",)), 5)
    assert df.equals(before)


def test_privacy_statement_says_what_is_in_force():
    assert "off" in privacy_statement(0) and "“c”" in privacy_statement(5)
    assert "from 1 to 4" in privacy_statement(5) and "Counts of 1" in privacy_statement(2)


# -- secondary suppression --------------------------------------------------------------------------
def test_a_lone_hidden_cell_in_a_column_with_a_total_takes_the_next_smallest_with_it():
    df = pd.DataFrame({"group": ["x", "y", "z", "Total"], "n": [3, 9, 20, 32]})
    shown, hidden = apply(df, TableShape(counts=("n",)), 5)
    assert shown["n"].tolist() == [C, C, 20, 32]  # 9 is the smallest other part, not 20
    assert recoverable_cells(as_text(shown), {"counts": ["n"], "total_row": True}) == []


def test_a_lone_hidden_cell_in_a_row_sum_hides_another_part_of_that_row():
    df = pd.DataFrame({"group": ["x", "y"], "a": [2, 10], "b": [8, 12], "total": [10, 22]})
    shape = TableShape(counts=("a", "b", "total"), row_sums={"total": ("a", "b")}, total_row=False)
    shown, hidden = apply(df, shape, 5)
    assert shown.iloc[0].tolist() == ["x", C, C, 10]
    assert shown.iloc[1].tolist() == ["y", 10, 12, 22]
    assert recoverable_cells(as_text(shown), shown_shape(shape)) == []


def test_the_total_is_hidden_when_every_other_part_is_zero():
    df = pd.DataFrame({"group": ["x", "y", "z", "Total"], "n": [3, 0, 0, 3]})
    shown, _ = apply(df, TableShape(counts=("n",)), 5)
    # the Total would be the 3; and all 3 are x (group disclosure): a zero is withheld too, the other stays
    assert shown["n"].tolist() == [C, C, 0, C]


def test_hiding_cascades_across_rows_columns_and_the_total_row_until_nothing_is_recoverable():
    df = table({"north": [2, 30], "south": [40, 50], "east": [60, 70]})
    shown, hidden = apply(df, GRID, 5)
    assert (0, "a") in hidden and len(hidden) >= 4  # the 2, a partner in its row and in its column, and on
    assert recoverable_cells(as_text(shown), shown_shape(GRID)) == []


def test_a_naive_scheme_would_be_recoverable_and_this_one_is_not():
    """Hiding the small cell and the next smallest in its row leaves column a's sum with one hidden
    cell: a - (the other a's) gives it back. Secondary suppression follows every identity."""
    df = table({"north": [2, 30], "south": [40, 50], "east": [60, 70]})
    naive = as_text(df)
    naive.loc[0, "a"] = naive.loc[0, "b"] = C  # primary + one partner in the same row only
    assert recoverable_cells(naive, shown_shape(GRID)) == [(0, "a"), (0, "b")]
    shown, _ = apply(df, GRID, 5)
    assert recoverable_cells(as_text(shown), shown_shape(GRID)) == []


@pytest.mark.parametrize("min_count", [2, 3, 5, 10])
def test_no_table_in_a_family_of_grids_leaves_a_hidden_count_recoverable(min_count):
    cases = [
        {"r1": [1, 1], "r2": [1, 1]},
        {"r1": [0, 4], "r2": [6, 0], "r3": [7, 9]},
        {"r1": [3, 3], "r2": [3, 30], "r3": [30, 3]},
        {"r1": [1, 0], "r2": [0, 0], "r3": [12, 15]},
        {"r1": [9, 8], "r2": [7, 6], "r3": [2, 1]},
    ]
    for rows in cases:
        df = table(rows)
        shown, hidden = apply(df, GRID, min_count)
        for cell in suppressed_cells(df, GRID, min_count):
            assert shown.iat[cell[0], shown.columns.get_loc(cell[1])] == C
        for i, col in [(i, c) for i in range(len(df)) for c in GRID.counts]:
            v = df.iat[i, df.columns.get_loc(col)]
            if 0 < v < min_count:
                assert (i, col) in hidden, (rows, i, col)
        assert recoverable_cells(as_text(shown), shown_shape(GRID)) == [], rows


# -- derived cells -------------------------------------------------------------------------------------
def test_percentages_of_hidden_counts_are_hidden_and_the_totals_percentage_kept():
    df = pd.DataFrame({"group": ["x", "y", "z", "Total"], "n": [3, 9, 20, 32], "pct": [9.4, 28.1, 62.5, 100.0]})
    shape = TableShape(counts=("n",), derived={"pct": ("n",)})
    shown, _ = apply(df, shape, 5)
    assert shown["pct"].tolist() == [C, C, 62.5, 100.0]


def test_a_rate_hides_with_either_of_its_sources():
    df = pd.DataFrame({"group": ["x", "y"], "events": [2, 10], "people": [40, 3], "rate": [5.0, 333.3]})
    shape = TableShape(counts=("events", "people"), total_row=False, derived={"rate": ("events", "people")})
    shown, _ = apply(df, shape, 5)
    assert shown["rate"].tolist() == [C, C]
