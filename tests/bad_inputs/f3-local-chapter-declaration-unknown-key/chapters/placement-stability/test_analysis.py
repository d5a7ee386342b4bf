"""Unit tests of this chapter's analysis: `python -m pytest test_analysis.py` in this folder."""
from pathlib import Path

import pandas as pd

from panelbook.chapters import load_chapter

a = load_chapter(Path(__file__).resolve().parent).analysis()  # analysis.py, as the book imports it


def test_rows_are_counted_by_category_largest_first_then_total():
    rows = pd.DataFrame({"record_id": ["1", "2", "3", "4"], "category": ["b", "a", "b", "c"]})
    table = a.by_category(rows, a.Params())
    assert table.to_dict("list") == {"category": ["b", "a", "c", "Total"], "count": [2, 1, 1, 4]}


def test_the_editions_order_comes_first():
    rows = pd.DataFrame({"record_id": ["1", "2", "3"], "category": ["b", "a", "b"]})
    assert list(a.by_category(rows, a.Params(order=["a"]))["category"]) == ["a", "b", "Total"]


def test_alt_text_never_says_a_withheld_count():
    published = pd.DataFrame({"category": ["b", "a", "Total"], "count": [7, "c", "c"]})
    text = a.describe(published)
    assert "b: 7" in text and "a: a withheld number" in text and "Total" not in text
