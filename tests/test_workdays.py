"""Working days: weekends, England's bank holidays (incl. substitute days), blanks."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from panelbook.workdays import add_working_days, england_bank_holidays, working_days_between


def ts(*days):
    return pd.Series(pd.to_datetime(list(days)))


def test_bank_holidays_come_from_the_library_with_substitute_days():
    hol = set(england_bank_holidays(2020, 2022).astype("datetime64[D]").astype(object))
    assert dt.date(2020, 12, 28) in hol  # Boxing Day (substitute)
    assert dt.date(2022, 9, 19) in hol  # one-off: state funeral
    assert dt.date(2013, 12, 25) not in hol  # outside the years asked for


@pytest.mark.parametrize("start,end,expected", [
    ("2014-01-06", "2014-01-06", 0),  # same day
    ("2014-01-06", "2014-01-07", 1),  # Mon -> Tue
    ("2014-01-10", "2014-01-13", 1),  # Fri -> Mon: the weekend does not count
    ("2014-01-11", "2014-01-13", 1),  # received Sat: Monday is day 1
    ("2014-01-06", "2014-01-11", 4),  # reply on Sat counts to Friday
    ("2014-04-17", "2014-04-22", 1),  # Good Friday and Easter Monday skipped
    ("2013-12-20", "2014-01-06", 8),  # Christmas, Boxing Day and New Year skipped
])
def test_working_days_between(start, end, expected):
    assert working_days_between(ts(start), ts(end)).tolist() == [expected]


def test_blank_dates_give_na_and_keep_the_index():
    s = pd.Series(pd.to_datetime(["2014-01-06", None]), index=[5, 9])
    e = pd.Series(pd.to_datetime([None, "2014-01-08"]), index=[5, 9])
    out = working_days_between(s, e)
    assert list(out.index) == [5, 9] and out.isna().all()


@pytest.mark.parametrize("start,n,due", [
    ("2013-12-20", 10, "2014-01-08"),
    ("2013-12-21", 10, "2014-01-08"),  # a Saturday receipt rolls back to Friday
    ("2014-04-14", 5, "2014-04-23"),  # across Easter
    ("2014-01-06", 0, "2014-01-06"),
])
def test_add_working_days(start, n, due):
    assert add_working_days(ts(start), n).tolist() == [pd.Timestamp(due)]


def test_add_then_count_round_trips():
    starts = pd.Series(pd.date_range("2013-12-01", "2014-05-31", freq="D"))
    for n in (1, 10, 20):
        due = add_working_days(starts, n)
        assert (working_days_between(starts, due) == n).all()
        assert (due.dt.day_of_week < 5).all()
