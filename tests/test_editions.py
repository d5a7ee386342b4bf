"""Financial-year quarters and `panelbook new-edition`."""
import datetime as dt
import shutil

import pytest
import yaml

from conftest import ROOT, SAMPLE_PARAMS, run_cli
from panelbook.editions import (Quarter, add_months, dump_yaml, edition_quarter, move_section, move_title,
                                move_window, new_edition)
from panelbook.errors import ParamsError

D = dt.date


# -- quarters ------------------------------------------------------------------------------
@pytest.mark.parametrize("label,fy,q,start,end", [
    ("2013-14 Q1", 2013, 1, D(2013, 4, 1), D(2013, 6, 30)),
    ("2013-14 Q2", 2013, 2, D(2013, 7, 1), D(2013, 9, 30)),
    ("2013-14 Q3", 2013, 3, D(2013, 10, 1), D(2013, 12, 31)),
    ("2013-14 Q4", 2013, 4, D(2014, 1, 1), D(2014, 3, 31)),
    ("1999-00 Q4", 1999, 4, D(2000, 1, 1), D(2000, 3, 31)),
])
def test_quarter_bounds_and_labels(label, fy, q, start, end):
    quarter = Quarter.parse(label)
    assert (quarter.fy, quarter.q) == (fy, q)
    assert (quarter.start, quarter.end) == (start, end)
    assert quarter.label == label
    assert Quarter.of(start) == quarter and Quarter.of(end) == quarter


def test_quarter_arithmetic_across_year_ends():
    q4 = Quarter.parse("2013-14 Q4")
    assert q4.next().label == "2014-15 Q1"
    assert Quarter.parse("2014-15 Q1").previous() == q4
    assert (q4 + 5).label == "2015-16 Q1"
    assert (q4 - 4).label == "2012-13 Q4"
    assert Quarter.parse("2014-15 Q2") - q4 == 2
    assert q4.slug == "2013-14-q4"
    assert (q4.fy_start, q4.fy_end) == (D(2013, 4, 1), D(2014, 3, 31))
    assert Quarter.of(D(2014, 3, 31)).label == "2013-14 Q4"
    assert Quarter.of(D(2014, 4, 1)).label == "2014-15 Q1"


def test_lenient_label_spellings():
    assert Quarter.parse(" 2013/14 q3 ") == Quarter(2013, 3)
    assert Quarter.parse("2013-2014 Q3") == Quarter(2013, 3)


@pytest.mark.parametrize("bad,says", [
    ("2013-14 Q5", "Q1 (Apr-Jun)"),
    ("2013-14 Q0", "Q1 (Apr-Jun)"),
    ("2013-15 Q1", "consecutive years"),
    ("2013-13 Q1", "consecutive years"),
    ("Q3 2013", "like '2013-14 Q4'"),
    ("banana", "like '2013-14 Q4'"),
    ("", "like '2013-14 Q4'"),
])
def test_bad_labels_are_explained(bad, says):
    with pytest.raises(ParamsError, match=None) as exc:
        Quarter.parse(bad)
    assert says in str(exc.value)


def test_add_months_keeps_month_ends():
    assert add_months(D(2013, 11, 30), 3) == D(2014, 2, 28)
    assert add_months(D(2014, 2, 28), 3) == D(2014, 5, 31)
    assert add_months(D(2015, 11, 30), 3) == D(2016, 2, 29)
    assert add_months(D(2014, 4, 10), 3) == D(2014, 7, 10)
    assert add_months(D(2014, 1, 31), -3) == D(2013, 10, 31)


# -- windows -------------------------------------------------------------------------------
def test_one_quarter_moves_to_the_next_quarter_across_the_year_end():
    assert move_window(D(2014, 1, 1), D(2014, 3, 31), 1) == (D(2014, 4, 1), D(2014, 6, 30), "quarter")
    assert move_window(D(2013, 10, 1), D(2013, 12, 31), 2)[:2] == (D(2014, 4, 1), D(2014, 6, 30))


def test_year_to_date_stays_year_to_date_and_restarts_in_q1():
    assert move_window(D(2013, 4, 1), D(2013, 9, 30), 1) == (D(2013, 4, 1), D(2013, 12, 31), "year to date")
    assert move_window(D(2013, 4, 1), D(2013, 12, 31), 1)[:2] == (D(2013, 4, 1), D(2014, 3, 31))
    # a whole financial year is year to date at Q4: the next edition restarts in April
    assert move_window(D(2013, 4, 1), D(2014, 3, 31), 1) == (D(2014, 4, 1), D(2014, 6, 30), "year to date")
    assert move_window(D(2013, 7, 1), D(2014, 6, 30), 1) == (D(2013, 10, 1), D(2014, 9, 30), "rolling 12 months")


def test_rolling_and_unaligned_windows_keep_their_length():
    assert move_window(D(2013, 7, 1), D(2013, 12, 31), 1) == (D(2013, 10, 1), D(2014, 3, 31), "rolling 6 months")
    assert move_window(D(2013, 9, 1), D(2014, 2, 28), 1)[:2] == (D(2013, 12, 1), D(2014, 5, 31))
    assert move_window(D(2013, 9, 15), D(2013, 10, 20), 1)[:2] == (D(2013, 12, 15), D(2014, 1, 20))


def test_unknown_sections_and_unshifted_keys_are_carried_over():
    section = {"period_start": D(2013, 10, 1), "period_end": D(2013, 12, 31), "threshold": 0.5,
               "national": {"rate": 31}, "targets": {"standard": 85}, "label": "keep me",
               "nested": {"since": D(2013, 6, 15), "n": 3}, "days": [D(2013, 12, 1), "x"]}
    log = []
    out = move_section(section, 1, "whatever", log)
    assert list(out) == list(section)  # key order kept
    assert (out["period_start"], out["period_end"]) == (D(2014, 1, 1), D(2014, 3, 31))
    assert out["threshold"] == 0.5 and out["national"] == {"rate": 31} and out["targets"] == {"standard": 85}
    assert out["label"] == "keep me"
    assert out["nested"] == {"since": D(2013, 9, 15), "n": 3}
    assert out["days"] == [D(2014, 3, 1), "x"]
    assert section["period_start"] == D(2013, 10, 1)  # input untouched


def test_as_at_year_end_and_iso_strings():
    sec = {"period_start": D(2013, 4, 1), "period_end": D(2013, 12, 31), "year_end": D(2014, 3, 31),
           "as_at": D(2013, 12, 31)}
    out = move_section(sec, 1, "recruitment", [])
    assert out == {"period_start": D(2013, 4, 1), "period_end": D(2014, 3, 31), "year_end": D(2014, 3, 31),
                   "as_at": D(2014, 3, 31)}
    out = move_section(out, 1, "recruitment", [])
    assert out == {"period_start": D(2014, 4, 1), "period_end": D(2014, 6, 30), "year_end": D(2015, 3, 31),
                   "as_at": D(2014, 6, 30)}
    assert move_section({"as_at": "2014-04-10"}, 1, "actions", []) == {"as_at": "2014-07-10"}


def test_survey_period_and_compare_with():
    out = move_section({"period": "2013-14 Q4", "compare_with": "2013-14 Q2"}, 1, "surveys", [])
    assert out == {"period": "2014-15 Q1", "compare_with": "2013-14 Q4"}


@pytest.mark.parametrize("title,expected", [
    ("Corporate Parenting Panel, 10 April 2014", "Corporate Parenting Panel, 10 July 2014"),
    ("Panel book 2013-14 Q4", "Panel book 2014-15 Q1"),
    ("Panel book, March 2014", "Panel book, June 2014"),
    ("Panel 2014-01-31", "Panel 2014-04-30"),
    ("Kent panel book", "Kent panel book, 2014-15 Q1"),
])
def test_title(title, expected):
    assert move_title(title, 1, Quarter(2014, 1)) == expected


def test_edition_quarter_is_the_latest_reported():
    raw = {"a": {"period_start": D(2013, 4, 1), "period_end": D(2013, 9, 30)},
           "s": {"period": "2013-14 Q3"}, "x": {"as_at": D(2014, 6, 1)}}
    assert edition_quarter(raw).label == "2013-14 Q3"
    assert edition_quarter({"x": {"as_at": D(2014, 6, 1)}}).label == "2014-15 Q1"
    assert edition_quarter({"title": "t"}) is None


def test_named_quarter_keeps_each_sections_lag():
    raw = {"title": "Book 2013-14 Q3",
           "a": {"period_start": D(2013, 10, 1), "period_end": D(2013, 12, 31)},
           "b": {"period_start": D(2013, 7, 1), "period_end": D(2013, 9, 30)}}
    made = new_edition(raw, Quarter.parse("2014-15 Q1"))
    assert made.old_quarter.label == "2013-14 Q3" and made.quarter.label == "2014-15 Q1"
    assert made.raw["a"] == {"period_start": D(2014, 4, 1), "period_end": D(2014, 6, 30)}
    assert made.raw["b"] == {"period_start": D(2014, 1, 1), "period_end": D(2014, 3, 31)}
    assert made.raw["title"] == "Book 2014-15 Q1"
    with pytest.raises(ParamsError, match="already covers"):
        new_edition(raw, Quarter.parse("2013-14 Q3"))


def test_date_derived_wording_moves_on():
    raw = {"title": "Borsetshire panel, 2017-18 Q3", "edition_name": "June 2018", "book_title": "Panel book 2017-18 Q3",
           "footer": "Figures to 31 December 2017.", "panel": "Corporate Parenting Board",
           "papers": {"date": "2018-01-20", "to": "Corporate Parenting Board"},
           "missing": {"period_start": "2017-10-01", "period_end": "2017-12-31"}}
    made = new_edition(raw)
    assert made.raw["edition_name"] == "September 2018"
    assert made.raw["book_title"] == "Panel book 2017-18 Q4"
    assert made.raw["footer"] == "Figures to 31 March 2018."
    assert made.raw["panel"] == "Corporate Parenting Board"  # no date in it: unchanged
    assert made.raw["papers"] == {"date": "2018-04-20", "to": "Corporate Parenting Board"}
    assert any(c.startswith("edition_name: 'June 2018' -> 'September 2018'") for c in made.changes)


def test_reminders_previous_edition_and_published():
    raw = {"title": "t", "published": ["published/2014-04"], "previous_edition": "../_build/2013-14-q2/figures",
           "recruitment": {"period_start": D(2013, 10, 1), "period_end": D(2013, 12, 31),
                           "national": {"vacancy": 31}, "vacancy_rate_target": 10},
           "complaints": {"period_start": D(2013, 10, 1), "period_end": D(2013, 12, 31),
                          "children_in_care": {"UASC": 231}}}
    made = new_edition(raw)
    assert "published" not in made.raw
    assert made.raw["previous_edition"] == "../_build/2013-14-q3/figures"
    assert made.reminders == ["recruitment.national", "recruitment.vacancy_rate_target", "complaints.children_in_care"]


def test_yaml_keeps_order_layout_and_comments():
    text = ("# header\ntitle: T   # the title\nsec:\n  # about the period\n  period_start: 2013-04-01\n"
            "  period_end: 2013-06-30\n  national: {a: 1, b: 2}\n  bands: [[0, 15, \"under 16\"]]\n"
            "  key:\n    red: \"a: b\"\n")
    raw = yaml.safe_load(text)
    out = dump_yaml(raw, text)
    assert yaml.safe_load(out) == raw
    assert "title: T" in out and "# the title" in out and "  # about the period\n  period_start" in out
    assert "national: {a: 1, b: 2}" in out
    assert out.index("period_start") < out.index("period_end") < out.index("national")
    assert "&id" not in out


# -- the command ---------------------------------------------------------------------------
EXPECTED_NEXT = {
    "missing": {"period_start": "2013-04-01", "period_end": "2013-12-31", "as_at": "2013-12-31"},
    "complaints": {"period_start": "2013-12-01", "period_end": "2014-05-31",
                   "advocacy_period_start": "2013-11-01", "advocacy_period_end": "2014-04-30"},
    "recruitment": {"period_start": "2013-04-01", "period_end": "2014-03-31", "year_end": "2014-03-31",
                    "as_at": "2014-03-31"},
    "audits": {"period_start": "2013-11-01", "period_end": "2014-01-31",
               "cumulative_from": "2013-06-01", "cumulative_to": "2014-05-31"},
    "actions": {"as_at": "2014-07-10"},
    "surveys": {"period": "2013-14 Q4", "compare_with": "2013-14 Q3"},
}


def _dates_as_text(d):
    if isinstance(d, dict):
        return {k: _dates_as_text(v) for k, v in d.items()}
    if isinstance(d, list):
        return [_dates_as_text(v) for v in d]
    return d.isoformat() if isinstance(d, dt.date) else d


def test_new_edition_of_the_sample(tmp_path):
    out = tmp_path / "next.yaml"
    proc = run_cli("new-edition", SAMPLE_PARAMS, "--next", "--out", out)
    assert "2013-14 Q4 -> 2014-15 Q1" in proc.stdout
    assert "recruitment.national" in proc.stdout and "recruitment.targets" in proc.stdout
    old = _dates_as_text(yaml.safe_load(SAMPLE_PARAMS.read_text()))
    new = _dates_as_text(yaml.safe_load(out.read_text()))
    assert new["title"] == "Corporate Parenting Panel, 10 July 2014"
    assert new["edition_name"] == "10 July 2014"  # every citation names the new edition
    for section, keys in EXPECTED_NEXT.items():
        for key, value in keys.items():
            assert new[section][key] == value, (section, key)
        for key in old[section]:  # everything else carried over unchanged
            if key not in keys and key != "previous":
                assert new[section][key] == old[section][key], (section, key)
    assert list(new) == [k for k in old if k != "published"]
    assert (out.parent / new["data_dir"]).resolve() == (ROOT / "data" / "sample").resolve()
    assert (out.parent / new["actions"]["previous"]).resolve() == (ROOT / "data/sample/actions_previous.csv").resolve()
    assert "# optional filter" in out.read_text()  # comments carried over
    assert "does not validate" not in proc.stderr  # the written edition is valid


def test_default_name_and_refusing_to_overwrite(tmp_path):
    params = tmp_path / "params"
    params.mkdir()
    shutil.copy(SAMPLE_PARAMS, params / "2014-04-panel.yaml")
    run_cli("new-edition", params / "2014-04-panel.yaml", "--quarter", "2014-15 Q2")
    written = params / "2014-15-q2.yaml"
    assert written.is_file()
    before = written.read_bytes()
    again = run_cli("new-edition", params / "2014-04-panel.yaml", "--quarter", "2014-15 Q2", check=False)
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert written.read_bytes() == before


def test_bad_quarter_and_missing_file_exit_2(tmp_path):
    bad = run_cli("new-edition", SAMPLE_PARAMS, "--quarter", "2013-15 Q1", "--out", tmp_path / "x.yaml", check=False)
    assert bad.returncode == 2 and "consecutive years" in bad.stderr
    assert not (tmp_path / "x.yaml").exists()
    gone = run_cli("new-edition", tmp_path / "nope.yaml", "--next", check=False)
    assert gone.returncode == 2 and "not found" in gone.stderr
