"""The one rounding rule (half up, as the papers print), count wording, dates and financial years."""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from panelbook import numbers


# -- rounding ------------------------------------------------------------------------------------
def test_pct_half_up_rounds_halves_up_not_to_even():
    assert numbers.pct_half_up(1, 8) == 13.0  # 12.5 -> 13 (round() would give 12)
    assert numbers.pct_half_up(5, 8) == 63.0  # 62.5 -> 63
    assert numbers.pct_half_up(1, 16, 1) == 6.3  # 6.25 -> 6.3
    assert numbers.pct_half_up(49, 400, 1) == 12.3  # 12.25: numpy's round gives 12.2
    assert numbers.pct_half_up(1, 130, 1) == 0.8  # 0.769 -> 0.8
    assert numbers.pct_half_up(2, 6, 1) == 33.3
    assert numbers.pct_half_up([155, 184, 1], [196, 229, 2000], 1).tolist() == [79.1, 80.3, 0.1]
    assert numbers.pct_half_up([1, 2], 3, 1).tolist() == [33.3, 66.7]
    assert list(numbers.pct_half_up([0, 12], [12, 12])) == [0.0, 100.0]


def test_pct_half_up_takes_whole_floats_and_series():
    got = numbers.pct_half_up(pd.Series([49.0, 351.0]), 400.0, 1)
    assert isinstance(got, np.ndarray) and got.tolist() == [12.3, 87.8]


def test_pct_half_up_zero_base_is_nan():
    assert math.isnan(numbers.pct_half_up(0, 0))
    assert np.isnan(numbers.pct_half_up([0, 1], [0, 2])).tolist() == [True, False]


def test_round_half_up_both_signs_and_float_noise():
    assert numbers.round_half_up(2.5) == 3.0 and numbers.round_half_up(12.5, 0) == 13
    assert numbers.round_half_up(-2.5) == -3.0
    assert numbers.round_half_up(0.125, 2) == 0.13
    assert numbers.round_half_up(72.45, 1) == 72.5
    assert numbers.round_half_up(12.25, 1) == 12.3 and np.round(12.25, 1) == 12.2  # the bug it fixes
    assert numbers.round_half_up(16.7 - 13.8, 1) == 2.9
    assert numbers.round_half_up(0.1 + 0.2, 1) == 0.3
    assert str(numbers.round_half_up(-0.04, 1)) == "0.0"  # never "-0.0"


def test_round_half_up_keeps_the_shape_it_is_given():
    assert isinstance(numbers.round_half_up(2.5), float)
    assert numbers.round_half_up([2.5, float("nan")]).tolist()[0] == 3.0
    s = numbers.round_half_up(pd.Series([1.25, 2.35], index=["a", "b"]), 1)
    assert isinstance(s, pd.Series) and s.to_dict() == {"a": 1.3, "b": 2.4}
    df = numbers.round_half_up(pd.DataFrame({"x": [0.05], "y": [1.15]}), 1)
    assert df.to_dict("list") == {"x": [0.1], "y": [1.2]}


def test_chapters_share_the_rule():
    """The missing chapter's shares round like every other chapter: 49 of 400 episodes is 12.3%."""
    from panelbook.chapters.missing import analysis as missing

    c = pd.DataFrame({"nationality": ["A"] * 49 + ["B"] * 351, "child_id": range(400), "episodes": 1})
    t = missing.episodes_by_nationality(c).set_index("nationality")
    assert t.loc["A", "share_pct"] == 12.3 and t.loc["B", "share_pct"] == 87.8


# -- counts in sentences --------------------------------------------------------------------------
def test_plural():
    assert numbers.plural(1, "action") == "1 action"
    assert numbers.plural(0, "action") == "0 actions"
    assert numbers.plural(2, "target row") == "2 target rows"
    assert numbers.plural(3, "child", "children") == "3 children"


def test_count_text_withholds_small_counts():
    assert numbers.count_text(0, 5) == "0" and numbers.count_text(4, 5) == "fewer than 5"
    assert numbers.count_text(5, 5) == "5" and numbers.count_text(1, 0) == "1"


def test_and_list():
    assert [numbers.and_list(x) for x in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == ["", "a", "a and b", "a, b and c"]


# -- dates and financial years ----------------------------------------------------------------------
def test_one_date_style():
    d = dt.date(2013, 4, 1)
    assert numbers.date_text(d) == numbers.short_date(d) == numbers.long_date(d) == "1 April 2013"
    assert numbers.date_range(d, dt.date(2013, 9, 30)) == "1 April 2013 to 30 September 2013"
    assert numbers.long_date(pd.Timestamp("2014-03-05")) == "5 March 2014"
    # an export that already holds the short form keeps it; the book shows it restyled
    assert numbers.export_date_range(d, dt.date(2013, 9, 30)) == "1 Apr 2013 to 30 Sep 2013"
    assert numbers.restyle_dates("1 Apr 2013 to 30 Sep 2013") == "1 April 2013 to 30 September 2013"
    assert numbers.restyle_dates("due 2015-04-10") == "due 10 April 2015"
    assert numbers.restyle_dates("2015-02-31, 2013-14 Q3, 5 Apr") == "2015-02-31, 2013-14 Q3, 5 Apr"  # not dates
    assert numbers.month_text("2013-04") == "April 2013" and numbers.month_text("2013-14") == "2013-14"


def test_p_values_in_every_output():
    assert numbers.p_text(8.16e-33) == "p < 0.001" and numbers.p_text(0.0004) == "p < 0.001"
    assert numbers.p_text(0.04) == "p = 0.04" and numbers.p_text(0.0123) == "p = 0.012"
    assert numbers.p_text(0.351) == "p = 0.35" and numbers.p_text(1.0) == "p = 1.00"
    assert numbers.p_text(float("nan")) == ""


def test_numbers_as_shown():
    assert numbers.number_text(1454) == "1,454" and numbers.number_text(414.0) == "414"
    assert numbers.number_text(33.25, 1) == "33.3" and numbers.number_text(12.5, 0) == "13"  # half up
    assert numbers.number_text(1234567.5) == "1,234,567.5" and numbers.number_text("c") == "c"


def test_financial_years():
    assert numbers.financial_year(dt.date(2014, 3, 31)) == 2013 and numbers.financial_year(dt.date(2014, 4, 1)) == 2014
    assert numbers.financial_year_start(dt.date(2013, 4, 1)) == dt.date(2013, 4, 1)
    assert numbers.financial_year_start(dt.date(2014, 2, 28)) == dt.date(2013, 4, 1)
    assert numbers.financial_year_end(dt.date(2013, 4, 1)) == dt.date(2014, 3, 31)
    assert numbers.financial_year_label(2013) == "2013-14" and numbers.financial_year_label(1999) == "1999-00"
    assert [numbers.financial_quarter(dt.date(2013, m, 1)) for m in (4, 7, 10, 1, 3)] == [1, 2, 3, 4, 4]


def test_fy_quarters():
    d = pd.Series(pd.to_datetime(["2013-03-31", "2013-04-01", "2013-12-31", "2014-01-01"]))
    assert numbers.fy_quarter(d).tolist() == ["2012-13 Q4", "2013-14 Q1", "2013-14 Q3", "2013-14 Q4"]
    assert numbers.quarters_between(dt.date(2013, 8, 15), dt.date(2014, 1, 2)) == ["2013-14 Q2", "2013-14 Q3", "2013-14 Q4"]
