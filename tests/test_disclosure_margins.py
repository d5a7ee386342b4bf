"""Secondary suppression against every sum an attacker can see: the table's own totals, the sums other
tables of the chapter publish (margins), complements never shown, and the bound that a hidden count
is at least 1 (issue 15, finding 3)."""
import pandas as pd

from panelbook.disclosure import SUPPRESSED, Margin, TableShape, apply, published_sum


def hidden_labels(df, shape, k=5):
    out, hidden = apply(df, shape, k)
    return {(out.iat[i, 0], c) for i, c in hidden if i >= 0 and c in df.columns}, out


def test_two_hidden_ones_in_one_sum_are_not_left_alone():
    """1 + 1 hidden beside a shown total: each must be 1, so a third cell is hidden."""
    df = pd.DataFrame({"x": ["a", "b", "d", "Total"], "n": [1, 1, 10, 12]})
    hidden, _ = hidden_labels(df, TableShape(counts=("n",)))
    assert hidden == {("a", "n"), ("b", "n"), ("d", "n")}


def test_a_margin_published_by_another_table_protects_the_hidden_cells():
    """Finding 3 (audits): the cross-tab's group sums are the correlation table's n."""
    df = pd.DataFrame({"group": ["CIN"] * 4 + ["CP"] * 4, "grade": list("abcd") * 2,
                       "cases": [2, 50, 60, 70, 9, 9, 9, 9]})
    plain, _ = hidden_labels(df, TableShape(counts=("cases",), total_row=False))
    assert plain == {("CIN", "cases")}  # alone: the group's n (= 182) would give it back
    hidden, out = hidden_labels(df, TableShape(counts=("cases",), total_row=False, margins=(Margin("cases", by="group"),)))
    assert len([h for h in hidden if h[0] == "CIN"]) == 1 and (out["cases"] == SUPPRESSED).sum() == 2


def test_a_margin_of_some_rows_protects_them():
    """Finding 3 (surveys): the headline count k (Very good + Good) is published in another table."""
    df = pd.DataFrame({"answer": ["Very good", "Good", "Neither", "Total"], "n": [4, 7, 1, 12]})
    plain, _ = hidden_labels(df, TableShape(counts=("n",)))
    assert plain == {("Very good", "n"), ("Neither", "n")}  # with k = 11: Very good = 4, Neither = 1
    _, out = hidden_labels(df, TableShape(counts=("n",), margins=(Margin("n", rows=("Very good", "Good")),)))
    assert out["n"].tolist()[:3] == [SUPPRESSED] * 3


def test_a_complement_that_is_small_is_protected():
    df = pd.DataFrame({"q": ["a", "b"], "n": [12, 40], "k": [11, 20]})  # 12 - 11 = 1 answered otherwise
    _, out = hidden_labels(df, TableShape(counts=("n", "k"), total_row=False, complements={"n": "k"}))
    assert SUPPRESSED in (out.loc[0, "n"], out.loc[0, "k"]) and out.loc[1, "k"] == 20


def test_a_cell_given_withheld_stays_withheld_with_its_derived_cells():
    df = pd.DataFrame({"q": ["a", "Total"], "n": [SUPPRESSED, 30], "pct": [10.0, 100.0]})
    _, out = hidden_labels(df, TableShape(counts=("n",), derived={"pct": ("n",)}))
    assert out.loc[0, "pct"] == SUPPRESSED


def test_published_sum_withholds_what_its_parts_withhold():
    assert published_sum([19, 2]) == 21
    assert published_sum([19, SUPPRESSED]) == SUPPRESSED


def test_sums_taken_together_with_counts_at_least_one_are_protected():
    """Finding 3 (complaints by month): one service's Total of three hidden cells is at least 3, so with
    a second service's hidden Total the Total row pins both (1 + 3 = 4); linear programming finds it."""
    df = pd.DataFrame({"month": ["m1", "m2", "m3", "Total"], "a": [1, 0, 0, 1], "b": [1, 1, 1, 3],
                       "z": [9, 9, 9, 27], "total": [11, 10, 10, 31]})
    shape = TableShape(counts=("a", "b", "z", "total"), row_sums={"total": ("a", "b", "z")})
    from panelbook.disclosure import _determined, constraints, suppressed_cells

    hidden = suppressed_cells(df, shape, 5)
    value = {(i, c): float(df.at[i, c]) for i in range(len(df)) for c in shape.counts}
    assert _determined(constraints(df, shape), value, hidden) == []
    naive = {(0, "a"), (3, "a"), (0, "b"), (1, "b"), (2, "b"), (3, "b")}
    assert _determined(constraints(df, shape), value, naive)  # the attack works on too little suppression


def test_a_sum_another_table_withholds_is_protected_here_too():
    """Finding 3 (surveys): the headline count 3 (Very easy + Easy) is 'c' in the summary table; the
    question table must not give it back as its Total minus its shown answers."""
    df = pd.DataFrame({"answer": ["Very easy", "Easy", "Difficult", "N/A", "Total"], "n": [1, 2, 0, 5, 8]})
    _, out = hidden_labels(df, TableShape(counts=("n",)))
    assert out["n"].tolist() == [SUPPRESSED, SUPPRESSED, 0, 5, 8]  # 8 - 5 = 3 headline answers
    _, out = hidden_labels(df, TableShape(counts=("n",), margins=(Margin("n", rows=("Very easy", "Easy"), shown=False),)))
    assert out["n"].tolist()[3] == SUPPRESSED or out["n"].tolist()[4] == SUPPRESSED
