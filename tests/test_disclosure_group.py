"""Group disclosure (issue 15): a small group whose members all fall in one category tells every
member's answer, so that category and another of the group are withheld (disclosure's docstring)."""
import pandas as pd

from panelbook.disclosure import GROUP_FACTOR, SUPPRESSED, TableShape, apply, privacy_statement

C = SUPPRESSED


def test_a_small_group_all_in_one_answer_is_withheld_with_a_zero():
    """7 children, every one 'No': shown as 0 / 7 / 0 / 7, anyone knowing a child answered knows the answer."""
    df = pd.DataFrame({"answer": ["Yes", "No", "Not sure", "Total"], "n": [0, 7, 0, 7],
                       "pct": [0.0, 100.0, 0.0, 100.0]})
    shown, _ = apply(df, TableShape(counts=("n",), derived={"pct": ("n",)}), 5)
    assert shown["n"].tolist() == [C, C, 0, 7]  # 7 in 'Yes' or 'No', split unknown
    assert shown["pct"].tolist()[:2] == [C, C]


def test_a_headline_of_all_or_none_of_a_small_group_is_withheld():
    """k of n with k = n (100%) or k = 0 (0%): the complement n - k is 0 or n."""
    df = pd.DataFrame({"q": ["a", "b", "c"], "n": [8, 8, 40], "k": [8, 0, 40]})
    shape = TableShape(counts=("n", "k"), total_row=False, complements={"n": "k"})
    shown, _ = apply(df, shape, 5)
    assert shown.loc[0, "k"] == C and shown.loc[1, "k"] == C
    assert shown.loc[2, "k"] == 40  # a group of 40: at least GROUP_FACTOR x min_count, shown
    assert GROUP_FACTOR * 5 <= 40


def test_a_large_group_or_suppression_off_is_shown():
    df = pd.DataFrame({"answer": ["Yes", "No", "Total"], "n": [0, 10, 10]})
    assert apply(df, TableShape(counts=("n",)), 5)[0]["n"].tolist() == [0, 10, 10]
    small = pd.DataFrame({"answer": ["Yes", "No", "Total"], "n": [0, 7, 7]})
    assert apply(small, TableShape(counts=("n",)), 0)[0]["n"].tolist() == [0, 7, 7]


def test_a_row_of_a_cross_tab_all_in_one_column_is_withheld():
    """Row sums are groups too: all 6 complaints of March about one service."""
    df = pd.DataFrame({"month": ["m1", "m2", "Total"], "a": [0, 9, 9], "b": [6, 9, 15], "total": [6, 18, 24]})
    shown, _ = apply(df, TableShape(counts=("a", "b", "total"), row_sums={"total": ("a", "b")}), 5)
    assert C in (shown.loc[0, "a"], shown.loc[0, "b"]) and shown.loc[0, ["a", "b"]].tolist() != [0, 6]


def test_the_privacy_statement_says_so():
    assert "fewer than 10 fall in one category" in privacy_statement(5)
    assert "off" in privacy_statement(0)
