"""Unit tests of the improvement-plan analysis on small hand-made registers."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from pydantic import ValidationError

from panelbook.chapters.actions import analysis as a
from panelbook.errors import DataError, ParamsError

HEADER = "plan,theme,ref,action,owner,due_date,due_text,status,progress\n"


def reg(rows: list[dict]) -> pd.DataFrame:
    """A cleaned register from partial rows (missing columns blank)."""
    cols = ["plan", "theme", "ref", "action", "owner", "due_date", "due_text", "status", "progress",
            "measure", "target", "actual"]
    df = pd.DataFrame(rows).reindex(columns=cols)
    df = df.astype(object).where(df.notna(), None)
    for c in ("target", "actual"):
        df[c] = pd.to_numeric(df[c]).astype("Float64")
    df.index = pd.RangeIndex(2, 2 + len(df))
    return a.clean(df)


# -- status words ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, want", [
    ("R", "red"), ("r", "red"), ("Red", "red"), ("AMBER", "amber"), ("A", "amber"), ("<p>A</p>", "amber"),
    ("G", "green"), ("Green - Target achieved", "green"), ("Grey", "complete"), ("gray", "complete"),
    ("Completed", "complete"), ("complete", "complete"), ("", "not_rated"), (None, "not_rated"),
    ("  green  ", "green"),
])
def test_status_words(raw, want):
    got = a.parse_status(pd.Series([raw], dtype=object))
    assert got["status"].iloc[0] == want
    assert not got["status_unknown"].iloc[0]


def test_unknown_status_is_flagged_and_not_rated():
    got = a.parse_status(pd.Series(["Purple", "on track"]))
    assert got["status"].tolist() == ["not_rated", "not_rated"]
    assert got["status_unknown"].tolist() == [True, True]


# -- due dates ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, want", [
    ("2014-03-31", "2014-03-31"), ("31/03/2014", "2014-03-31"), ("31/03/14", "2014-03-31"),
    ("30.11.13", "2013-11-30"), ("1/4/2015", "2015-04-01"), ("30th April 2015", "2015-04-30"),
    ("30 th April 2015", "2015-04-30"), ("1 st September 2015", "2015-09-01"), ("26 June 2015", "2015-06-26"),
    ("July 2015", "2015-07-31"), ("February 2016", "2016-02-29"), ("29/02/2016", "2016-02-29"),
])
def test_dates_parse(raw, want):
    got = a.parse_due(pd.Series([raw]))
    assert got["due"].iloc[0] == pd.Timestamp(want)
    assert got["due_problem"].iloc[0] is None


@pytest.mark.parametrize("raw", ["31/04/14", "31.11.13", "29/02/2013", "13/13/2013", "00/01/2014"])
def test_impossible_dates_are_reported_not_crashed(raw):
    got = a.parse_due(pd.Series([raw]))
    assert pd.isna(got["due"].iloc[0])
    assert got["due_problem"].iloc[0] == "impossible date"


@pytest.mark.parametrize("raw", ["Monthly review", "Complete", "For review 10th April 2015"])
def test_free_text_is_not_a_date(raw):
    got = a.parse_due(pd.Series([raw]))
    assert pd.isna(got["due"].iloc[0])
    assert got["due_problem"].iloc[0] == "not a date"


def test_blank_due_is_no_problem():
    got = a.parse_due(pd.Series(["", None, "  "], dtype=object))
    assert got["due"].isna().all() and got["due_problem"].isna().all()


def test_impossible_date_kept_in_due_text_and_flagged():
    df = reg([{"plan": "P", "theme": "T", "ref": "5.1", "due_date": "31/04/14", "status": "A"},
              {"plan": "P", "theme": "T", "ref": "5.2", "due_date": "31.11.13", "due_text": "meeting 31.11.13", "status": "G"}])
    assert df["due_text"].tolist() == ["31/04/14", "meeting 31.11.13"]
    flags = a.data_flags(df)
    imp = flags[flags["problem"].str.startswith("impossible date")]
    assert imp["ref"].tolist() == ["5.1", "5.2"]
    assert imp["detail"].tolist() == ["31/04/14", "31.11.13"]


def test_impossible_date_passes_file_validation(tmp_path):
    (tmp_path / "actions.csv").write_text(
        HEADER + "P,T,1,Do it,Team,31/04/14,,Amber,ok\nP,T,2,Do that,Team,31.11.13,,G,\n", encoding="utf-8")
    df = a.load(tmp_path)
    assert df["due_problem"].tolist() == ["impossible date", "impossible date"]


def test_missing_required_column_is_a_data_error(tmp_path):
    (tmp_path / "actions.csv").write_text("plan,theme,ref,action\nP,T,1,x\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        a.load(tmp_path)
    assert "status" in str(err.value) and "required column" in str(err.value)


# -- overdue at the edition date ----------------------------------------------------------------------------
def test_overdue_logic_at_the_edition_date():
    df = reg([
        {"plan": "P", "theme": "T", "ref": "1", "due_date": "2014-04-09", "status": "amber"},  # a day late
        {"plan": "P", "theme": "T", "ref": "2", "due_date": "2014-04-10", "status": "red"},  # due today: not yet
        {"plan": "P", "theme": "T", "ref": "3", "due_date": "2014-01-01", "status": "complete"},  # done
        {"plan": "P", "theme": "T", "ref": "4", "due_date": "2013-12-31", "status": ""},  # unrated still counts
        {"plan": "P", "theme": "T", "ref": "5", "due_date": "31/04/14", "status": "A"},  # no real date
        {"plan": "P", "theme": "T", "ref": "6", "due_date": "", "due_text": "Monthly", "status": "A"},
        {"plan": "P", "theme": "T", "ref": "7", "due_date": "2014-04-11", "status": "G"},
    ])
    od = a.overdue(df, dt.date(2014, 4, 10))
    assert od["ref"].tolist() == ["4", "1"]  # most overdue first
    assert od["days_overdue"].tolist() == [100, 1]
    soon = a.due_soon(df, dt.date(2014, 4, 10), 3)
    assert soon["ref"].tolist() == ["7"]


def test_due_soon_window_edges():
    df = reg([{"plan": "P", "theme": "T", "ref": str(i), "due_date": d, "status": "A"}
              for i, d in enumerate(["2014-07-10", "2014-07-11", "2014-04-10"])])
    assert a.due_soon(df, dt.date(2014, 4, 10), 3)["ref"].tolist() == ["0"]
    assert a.due_soon(df, dt.date(2014, 4, 10), 6)["ref"].tolist() == ["0", "1"]


# -- counts -------------------------------------------------------------------------------------------------------
def test_rag_by_theme_counts_and_total():
    df = reg([
        {"plan": "B", "theme": "t1", "ref": "1", "status": "R"}, {"plan": "B", "theme": "t1", "ref": "2", "status": "G"},
        {"plan": "B", "theme": "t2", "ref": "3", "status": ""}, {"plan": "A", "theme": "x", "ref": "1", "status": "grey"},
        {"plan": "A", "theme": "x", "ref": "2", "status": "Amber"},
    ])
    t = a.rag_by_theme(df)
    assert list(t.columns) == ["plan", "theme", "red", "amber", "green", "complete", "not_rated", "total"]
    assert t["plan"].tolist() == ["B", "B", "A", "Total"]  # register order, not alphabetical
    assert t.iloc[0][["red", "green", "total"]].tolist() == [1, 1, 2]
    assert t.iloc[1]["not_rated"] == 1
    assert t.iloc[-1][["red", "amber", "green", "complete", "not_rated", "total"]].tolist() == [1, 1, 1, 1, 1, 5]
    p = a.rag_by_plan(df)
    assert p["plan"].tolist() == ["B", "A", "Total"] and p["total"].tolist() == [3, 2, 5]


def test_red_amber_lists_red_first_in_register_order():
    df = reg([{"plan": "P", "theme": "T", "ref": "1", "status": "A", "owner": "Team X", "due_date": "2015-04-30"},
              {"plan": "P", "theme": "T", "ref": "2", "status": "G"},
              {"plan": "P", "theme": "T", "ref": "3", "status": "R", "due_text": "Monthly review", "progress": "late"},
              {"plan": "P", "theme": "T", "ref": "4", "status": "a"}])
    ra = a.red_amber(df)
    assert ra["ref"].tolist() == ["3", "1", "4"]
    assert ra["status"].tolist() == ["Red", "Amber", "Amber"]
    assert ra["due"].tolist() == ["Monthly review", "2015-04-30", ""]
    assert ra["owner"].tolist()[1] == "Team X"


def test_shorten_cuts_at_a_word():
    s = a.shorten(pd.Series(["one two three four", "short", None]), 10)
    assert s.tolist() == ["one two…", "short", ""]


# -- flags ---------------------------------------------------------------------------------------------------------
def test_flags_duplicate_refs_unrated_and_achieved_below_target():
    df = reg([
        {"plan": "P", "theme": "T", "ref": "2.1.1", "status": "G"},
        {"plan": "P", "theme": "T", "ref": "2.1.1", "status": "A"},
        {"plan": "Q", "theme": "T", "ref": "2.1.1", "status": "A"},  # same ref in another plan is fine
        {"plan": "P", "theme": "T", "ref": "3", "status": "", "due_text": "Complete"},
        {"plan": "P", "theme": "T", "ref": "4", "status": "Green", "progress": "Target achieved — 121 adopted",
         "measure": "adoptions", "target": 122, "actual": 121},
        {"plan": "P", "theme": "T", "ref": "5", "status": "Green", "progress": "Achieved target",
         "target": 400, "actual": 612},
        {"plan": "P", "theme": "T", "ref": "6", "status": "Amber", "progress": "Did not achieve target",
         "target": 50, "actual": 21},
        {"plan": "P", "theme": "T", "ref": "7", "status": "Purple"},
    ])
    f = a.data_flags(df)
    dup = f[f["problem"] == "duplicate ref"]
    assert dup["plan"].tolist() == ["P", "P"] and dup["detail"].iloc[0] == "2.1.1 used 2 times"
    assert f[f["problem"] == "not rated"]["ref"].tolist() == ["3"]
    below = f[f["problem"].str.startswith("'target achieved'")]
    assert below["ref"].tolist() == ["4"] and below["detail"].iloc[0] == "actual 121 vs target 122"
    assert f[f["problem"].str.startswith("status word")]["detail"].tolist() == ["Purple"]
    counts = a.flag_counts(f)
    assert counts["duplicate_refs"] == 2 and counts["achieved_below"] == 1 and counts["unknown_status"] == 1


def test_targets_gap_and_met():
    df = reg([{"plan": "P", "theme": "T", "ref": "1", "status": "G", "measure": "m", "target": 122, "actual": 121},
              {"plan": "P", "theme": "T", "ref": "2", "status": "G", "measure": "m", "target": 224, "actual": 262},
              {"plan": "P", "theme": "T", "ref": "3", "status": "G", "measure": "m", "target": 30}])
    t = a.targets(df)
    assert t["ref"].tolist() == ["1", "2"]
    assert t["gap"].tolist() == [-1, 38] and t["met"].tolist() == ["no", "yes"]


# -- change since the previous edition ---------------------------------------------------------------------------
def _change_fixture():
    prev = reg([
        {"plan": "P", "theme": "T", "ref": "1", "action": "Alpha", "status": "A"},
        {"plan": "P", "theme": "T", "ref": "2", "action": "Beta", "status": "G"},
        {"plan": "P", "theme": "T", "ref": "3", "action": "Gamma", "status": "G"},
        {"plan": "P", "theme": "T", "ref": "4", "action": "Delta", "status": "R"},
        {"plan": "P", "theme": "T", "ref": "5", "action": "Epsilon", "status": "A"},
        {"plan": "P", "theme": "T", "ref": "2.1.2", "action": "Renamed one", "status": "A"},
        {"plan": "P", "theme": "T", "ref": "9", "action": "Closed one", "status": "A"},
        {"plan": "P", "theme": "T", "ref": "6", "action": "Same", "status": "A"},
    ])
    cur = reg([
        {"plan": "P", "theme": "T", "ref": "1", "action": "Alpha", "status": "R"},  # worse
        {"plan": "P", "theme": "T", "ref": "2", "action": "Beta", "status": "A"},  # worse
        {"plan": "P", "theme": "T", "ref": "3", "action": "Gamma", "status": "Complete"},  # completed
        {"plan": "P", "theme": "T", "ref": "4", "action": "Delta", "status": "A"},  # better
        {"plan": "P", "theme": "T", "ref": "5", "action": "Epsilon", "status": ""},  # now not rated
        {"plan": "P", "theme": "T", "ref": "2.1.1", "action": "Other", "status": "G"},  # first use: added
        {"plan": "P", "theme": "T", "ref": "2.1.1", "action": "Renamed  one!", "status": "A"},  # renamed
        {"plan": "P", "theme": "T", "ref": "7", "action": "New one", "status": "G"},  # added
        {"plan": "P", "theme": "T", "ref": "6", "action": "Same", "status": "amber"},  # unchanged
    ])
    return cur, prev


def test_change_detection_moved_added_removed_renamed():
    cur, prev = _change_fixture()
    ch = a.changes(cur, prev)
    got = {(r.ref or r.previous_ref, r.change) for r in ch.itertuples()}
    assert got == {("1", "worse"), ("2", "worse"), ("3", "completed"), ("4", "better"), ("5", "now not rated"),
                   ("2.1.1", "added"), ("7", "added"), ("9", "closed"), ("2.1.1", "ref renamed")}
    assert ch["change"].tolist()[:2] == ["worse", "worse"]  # what got worse comes first
    renamed = ch[ch["change"] == "ref renamed"].iloc[0]
    assert (renamed["ref"], renamed["previous_ref"]) == ("2.1.1", "2.1.2")
    worse = ch[ch["ref"] == "1"].iloc[0]
    assert (worse["previous_status"], worse["status"]) == ("Amber", "Red")
    closed = ch[ch["change"] == "closed"].iloc[0]
    assert closed["status"] == "" and closed["action"] == "Closed one"
    assert "6" not in ch["ref"].tolist()  # unchanged rows are left out


def test_renamed_ref_with_a_status_move_is_noted():
    prev = reg([{"plan": "P", "theme": "T", "ref": "1.2", "action": "Thing", "status": "G"}])
    cur = reg([{"plan": "P", "theme": "T", "ref": "1.3", "action": "Thing", "status": "R"}])
    ch = a.changes(cur, prev)
    assert ch[["ref", "previous_ref", "change", "note"]].values.tolist() == [["1.3", "1.2", "worse", "ref renamed"]]


def test_duplicate_refs_match_in_turn():
    prev = reg([{"plan": "P", "theme": "T", "ref": "2.1.1", "action": "x", "status": "G"},
                {"plan": "P", "theme": "T", "ref": "2.1.1", "action": "y", "status": "G"}])
    cur = reg([{"plan": "P", "theme": "T", "ref": "2.1.1", "action": "x", "status": "G"},
               {"plan": "P", "theme": "T", "ref": "2.1.1", "action": "y", "status": "R"}])
    ch = a.changes(cur, prev)
    assert ch[["change", "action"]].values.tolist() == [["worse", "y"]]


def test_no_previous_rows_means_everything_added():
    cur, _ = _change_fixture()
    ch = a.changes(cur, cur.iloc[0:0])
    assert (ch["change"] == "added").all() and len(ch) == len(cur)
    assert a.change_counts(ch)["added"] == len(cur)


# -- params and edition date ----------------------------------------------------------------------------------------
def test_params_all_optional_and_key_default():
    p = a.Params()
    assert p.as_at is None and p.previous is None and p.horizon_months == 3
    assert set(p.key) == {"red", "amber", "green", "complete"}
    q = a.Params(rag_key={"Red": "bad", "Grey": "done"})
    assert q.key == {"red": "bad", "complete": "done"}
    with pytest.raises(ValidationError):
        a.Params(rag_key={"purple": "?"})
    with pytest.raises(ValidationError):
        a.Params(as_of="2014-04-10")


def test_edition_date_from_title_or_file_name():
    assert a.edition_date("Corporate Parenting Panel, 10 April 2014") == dt.date(2014, 4, 10)
    assert a.edition_date("Panel 3rd Sept 2014") is None or a.edition_date("Panel 3rd Sept 2014") == dt.date(2014, 9, 3)
    assert a.edition_date("Panel 3 Sep 2014") == dt.date(2014, 9, 3)
    assert a.edition_date("Panel", "2014-07-panel") == dt.date(2014, 7, 1)
    assert a.edition_date("Panel", "draft") is None
    ed = SimpleNamespace(title="Panel", slug="draft", path=Path("x.yaml"))
    with pytest.raises(ParamsError):
        a.as_at_date(a.Params(), ed)
    assert a.as_at_date(a.Params(as_at=dt.date(2014, 1, 2)), ed) == dt.date(2014, 1, 2)


def test_previous_path_resolves_against_params_folder(tmp_path):
    p = a.Params(previous=Path("../data/prev.csv"))
    assert a.previous_path(p, tmp_path / "params" / "e.yaml") == (tmp_path / "data" / "prev.csv").resolve()
    assert a.previous_path(a.Params(), tmp_path / "e.yaml") is None
    with pytest.raises(DataError):
        a.load_previous(tmp_path / "nope.csv")


def test_previous_register_is_an_extra_input_and_validated(tmp_path):
    (tmp_path / "prev.csv").write_text(HEADER + "P,T,1,x,Team,,,Amber,\n", encoding="utf-8")
    section = a.Params(previous=Path("prev.csv"))
    ed = SimpleNamespace(path=tmp_path / "e.yaml", section=lambda name: section)
    assert a.extra_inputs(ed) == [(tmp_path / "prev.csv").resolve()]
    assert a.validate_edition(ed) == []
    (tmp_path / "prev.csv").write_text("plan,theme\nP,T\n", encoding="utf-8")
    problems = a.validate_edition(ed)
    assert problems and all(p.file == "prev.csv" for p in problems)
    missing = SimpleNamespace(path=tmp_path / "e.yaml", section=lambda name: a.Params(previous=Path("gone.csv")))
    assert [p.rule for p in a.validate_edition(missing)] == ["previous register not found"]
    none = SimpleNamespace(path=tmp_path / "e.yaml", section=lambda name: a.Params())
    assert a.extra_inputs(none) == [] and a.validate_edition(none) == []
