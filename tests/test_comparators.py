"""comparators: EES files read as DfE writes them, symbols never zero, periods, ranks with ties."""
from __future__ import annotations

import datetime as dt

import pytest

from panelbook import comparators as cmp
from panelbook.errors import DataError, ParamsError
from panelbook.params import load_edition

HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
          "old_la_code,la_name,new_la_code,characteristic,pc_missing,incidents_per_child")
SOUTH_EAST = "E12000008,South East"


def ees_rows(year: int, values: dict[str, tuple[str, str]], england=("9", "5.1"), region=("10", "5.5"),
             characteristic="Total") -> list[str]:
    """One reporting year: England, the South East and each LA code -> (pc_missing, incidents_per_child)."""
    rows = [f"{year},Reporting year,National,E92000001,England,,,,,,{characteristic},{england[0]},{england[1]}",
            f"{year},Reporting year,Regional,E92000001,England,{SOUTH_EAST},,,,{characteristic},{region[0]},{region[1]}"]
    for i, (code, (pct, per)) in enumerate(values.items()):
        rows.append(f"{year},Reporting year,Local authority,E92000001,England,{SOUTH_EAST},{800 + i},LA {code},{code},"
                    f"{characteristic},{pct},{per}")
    return rows


def write_ees(path, rows: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")


NEIGHBOURS = ["E10000014", "E10000011", "E10000012"]


def edition(tmp_path, *, measures=None, neighbours=None, time_period=None, la_code="E10000016", extra=""):
    measures = measures or {"missing.children_missing_pct": "{indicator: pc_missing, filters: {characteristic: Total}}",
                            "missing.episodes_per_child": "{indicator: incidents_per_child, filters: {characteristic: Total}}"}
    lines = "\n".join(f"    {k}: {v}" for k, v in measures.items())
    tp = f"\n  time_period: {time_period}" if time_period is not None else ""
    code = f"la_code: {la_code}\n" if la_code else ""
    (tmp_path / "data").mkdir(exist_ok=True)
    text = (f"title: Test\nlocal_authority: Testshire\n{code}data_dir: data\n"
            "missing:\n  period_start: 2013-04-01\n  period_end: 2013-09-30\n") + f"""benchmarks:
  files: [benchmarks/cla_missing_la.csv]
  neighbours: [{', '.join(neighbours if neighbours is not None else NEIGHBOURS)}]{tp}
  measures:
{lines}
""" + extra
    path = tmp_path / "edition.yaml"
    path.write_text(text, encoding="utf-8")
    return load_edition(path)


def local(share=12.34, per_child=2.0, bases=(40, 300)):
    return {"children_missing_pct": cmp.LocalValue(share, bases), "episodes_per_child": cmp.LocalValue(per_child, bases[:1])}


# -- symbols --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cell", ["c", "z", "x", "low", "k", "u", ":", "~", "..", "", "  ", "[c]", "C", "Low"])
def test_symbols_are_not_available_never_zero(cell):
    assert cmp.parse_value(cell) is None


@pytest.mark.parametrize("cell,value", [("12", 12.0), ("12.5", 12.5), (" 0 ", 0.0), ("1,234", 1234.0), ("-3.2", -3.2)])
def test_numbers(cell, value):
    assert cmp.parse_value(cell) == value


@pytest.mark.parametrize("cell", ["12a", "twelve", "1,23", "12%", "--"])
def test_anything_else_is_an_error(cell):
    with pytest.raises(ValueError):
        cmp.parse_value(cell)


def test_a_symbol_in_the_file_is_left_out_of_the_mean_and_rank_not_counted_as_zero(tmp_path):
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", ees_rows(2013, {
        "E10000016": ("12", "2"), "E10000014": ("c", "2"), "E10000011": ("20", "x"), "E10000012": ("10", "low")}))
    c = cmp.compare(edition(tmp_path), "missing", local())
    share = c.get("children_missing_pct")
    assert share.neighbours_mean == 15.0  # (20 + 10) / 2: the 'c' is not a zero
    assert (share.rank, share.of) == (2, 3)
    per = c.get("episodes_per_child")
    assert per.neighbours_mean == 2.0 and (per.rank, per.of, per.tied) == (1, 2, 1)  # only E10000014 has a figure
    table = c.neighbour_table()
    assert table.loc[table["measure"] == "children_missing_pct", "value"].tolist() == ["x", 20.0, 10.0]


# -- time periods ---------------------------------------------------------------------------------------
def test_periods_are_placed_in_time():
    p = cmp.period_of("2013", "Reporting year")
    assert (p.start, p.end, p.label) == (dt.date(2012, 4, 1), dt.date(2013, 3, 31), "the year ending 31 March 2013")
    assert cmp.period_of("201314", "Financial year").end == dt.date(2014, 3, 31)
    assert cmp.period_of("201314", "Academic year").end == dt.date(2014, 8, 31)
    assert cmp.period_of("2013", "Calendar year").start == dt.date(2013, 1, 1)
    q = cmp.period_of("201314", "Financial year Q3")
    assert (q.start, q.end) == (dt.date(2013, 10, 1), dt.date(2013, 12, 31))
    assert cmp.period_of("2014", "March").end == dt.date(2014, 3, 31)
    for bad in (("201315", "Financial year"), ("2013", "Financial year"), ("2013", "Fortnight")):
        with pytest.raises(ValueError):
            cmp.period_of(*bad)


def test_latest_period_choice():
    periods = {tp: cmp.period_of(tp, "Reporting year") for tp in ("2012", "2013", "2014")}
    sept = dt.date(2013, 9, 30)
    assert cmp.choose_period(periods, None, sept).time_period == "2013"  # latest ending on or before 30 Sep 2013
    assert cmp.choose_period(periods, None, dt.date(2014, 3, 31)).time_period == "2014"  # the same year counts
    assert cmp.choose_period(periods, "latest", sept).time_period == "2014"
    assert cmp.choose_period(periods, 2012, sept).time_period == "2012"
    assert cmp.choose_period(periods, "2011", sept) is None
    assert cmp.choose_period(periods, None, dt.date(2011, 9, 30)) is None


def test_default_period_and_the_sentence_that_says_it_differs(tmp_path):
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv",
              ees_rows(2013, {"E10000016": ("1", "1"), **{n: ("5", "2") for n in NEIGHBOURS}}, england=("8", "5"))
              + ees_rows(2014, {"E10000016": ("1", "1"), **{n: ("6", "2") for n in NEIGHBOURS}}, england=("9", "5")))
    c = cmp.compare(edition(tmp_path), "missing", local())
    assert [i.period.time_period for i in c.items] == ["2013", "2013"]
    assert c.get("children_missing_pct").england == 8.0
    assert "the year ending 31 March 2013" in c.period_note() and "1 April 2013 to 30 September 2013" in c.period_note()
    latest = cmp.compare(edition(tmp_path, time_period="latest"), "missing", local())
    assert latest.get("children_missing_pct").england == 9.0
    chosen = cmp.compare(edition(tmp_path, time_period=2013), "missing", local())
    assert chosen.get("children_missing_pct").england == 8.0


# -- rank ------------------------------------------------------------------------------------------------
def test_rank_with_ties():
    assert cmp.rank_among(12, [20, 12, 5, None], 0) == (2, 4, 1)  # 20 above; level with one; None not ranked
    assert cmp.rank_among(12.4, [12, 5], 0) == (1, 3, 1)  # compared at the file's precision: 12.4 -> 12
    assert cmp.rank_among(12.5, [12, 5], 0) == (1, 3, 0)  # half up: 13
    assert cmp.rank_among(3, [5, 5, 5], 0) == (4, 4, 0)
    assert cmp.rank_among(5, [5, 5, 5], 0) == (1, 4, 3)
    assert cmp.rank_text(3, 11) == "3rd highest of 11"
    assert cmp.rank_text(1, 11) == "highest of 11"
    assert cmp.rank_text(2, 4, 1) == "joint 2nd highest of 4, level with 1 neighbour"
    assert [cmp.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]


def test_rank_when_the_authority_has_no_figure():
    assert cmp.rank_among(None, [1, 2], 0) == (None, None, 0)
    assert cmp.rank_text(None, None) == "not ranked"


def test_the_authority_missing_from_the_year_still_has_its_region(tmp_path):
    rows = ees_rows(2012, {"E10000016": ("3", "1"), **{n: ("5", "2") for n in NEIGHBOURS}}) \
        + ees_rows(2013, {n: ("5", "2") for n in NEIGHBOURS}, region=("11", "4"))  # no 2013 row for the authority
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", rows)
    c = cmp.compare(edition(tmp_path), "missing", local(share=7.0))
    share = c.get("children_missing_pct")
    assert share.period.time_period == "2013" and share.region == 11.0 and share.region_code == "E12000008"
    assert (share.rank, share.of) == (1, 4)  # its own figure, from the edition's data, is ranked


def test_the_authority_listed_among_its_own_neighbours_is_ranked_once(tmp_path):
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", ees_rows(2013, {
        "E10000016": ("12", "2"), "E10000014": ("20", "2"), "E10000011": ("5", "2")}))
    c = cmp.compare(edition(tmp_path, neighbours=["E10000014", "E10000016", "E10000011"]), "missing", local(share=12.0))
    share = c.get("children_missing_pct")
    assert c.neighbours == ["E10000014", "E10000011"] and share.neighbours_mean == 12.5 and (share.rank, share.of) == (2, 3)
    assert "lists Testshire itself: it is ranked once" in c.note(c.table(0))


def test_a_merged_row_named_by_two_neighbours_counts_once(tmp_path):
    rows = ees_rows(2013, {"E10000016": ("3", "1"), "E10000014": ("5", "2"), "E06000061 / E06000062": ("9", "3")})
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", rows)
    c = cmp.compare(edition(tmp_path, neighbours=["E10000014", "E06000061", "E06000062"]), "missing", local(share=7.0))
    share = c.get("children_missing_pct")
    assert share.neighbours_mean == 7.0 and (share.rank, share.of) == (2, 3)


# -- the table, the chart and the sentences --------------------------------------------------------------
def test_table_columns_values_and_small_bases_withheld(tmp_path):
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", ees_rows(2013, {
        "E10000016": ("12", "2"), "E10000014": ("20", "2.5"), "E10000011": ("12", "1.5"), "E10000012": ("5", "z")}))
    c = cmp.compare(edition(tmp_path), "missing", local(share=12.34, per_child=2.0, bases=(40, 300)))
    t = c.table(min_count=5)
    assert tuple(t.columns) == ("measure", "time_period", "local", "england", "region", "neighbours_mean", "rank", "of")
    assert t.iloc[0].tolist() == ["children_missing_pct", "2013", 12.3, 9.0, 10.0, 12.3, 2, 4]
    assert t.iloc[1].tolist() == ["episodes_per_child", "2013", 2.0, 5.1, 5.5, 2.0, 2, 3]
    assert "joint 2nd highest of 4, level with 1 neighbour" in c.note(t)
    small = cmp.compare(edition(tmp_path), "missing", local(bases=(3, 300)))
    s = small.table(min_count=5)
    assert s["local"].tolist() == ["c", "c"] and s["rank"].tolist() == ["c", "c"]
    assert "Testshire withheld (a small number) (not ranked)" in small.sentence(s)
    assert "Testshire 12.3%" not in small.sentence(s)
    long = small.chart_data(s, small.neighbour_table())
    assert "This authority" not in set(long["role"])  # a withheld value is not drawn
    assert "withheld" in small.describe(s, small.neighbour_table())
    shown = c.sentence(t)
    assert ("Children who went missing, as a share of children looked after: Testshire 12.3% (joint 2nd highest of 4, "
            "level with 1 neighbour), England 9%, South East 10%, statistical neighbours' mean 12.3%;") in shown


def test_chart_is_drawn_from_the_published_tables(tmp_path):
    from panelbook import charts

    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", ees_rows(2013, {
        "E10000016": ("12", "2"), "E10000014": ("20", "2.5"), "E10000011": ("12", "1.5"), "E10000012": ("5", "z")}))
    c = cmp.compare(edition(tmp_path), "missing", local())
    t, n = c.table(0), c.neighbour_table()
    long = c.chart_data(t, n)
    assert sorted(set(long["role"])) == sorted(cmp.Comparisons.ROLES)
    assert len(long) == 2 * 4 + 3 + 2  # 4 summary points per measure, 3 + 2 neighbours with a figure
    svg = charts.render_svg(charts.to_spec(c.chart(long, "Compared")))
    assert "<svg" in svg


# -- validation ------------------------------------------------------------------------------------------
def _problems(ed):
    return [str(p) for p in cmp.problems(ed)]


def test_filter_value_not_found_names_file_and_column(tmp_path):
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", ees_rows(2013, {"E10000016": ("1", "1")}))
    ed = edition(tmp_path, neighbours=[], measures={
        "missing.children_missing_pct": "{indicator: pc_missing, filters: {characteristic: UASC}}"})
    [problem] = _problems(ed)
    assert problem.startswith("benchmarks/cla_missing_la.csv, column 'characteristic': no row has this value")
    assert "'UASC'" in problem and "Total" in problem
    with pytest.raises(DataError):
        cmp.compare(ed, "missing", local())


def test_filters_forgive_case_and_spacing(tmp_path):
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", ees_rows(2013, {"E10000016": ("1", "1")})
              + ees_rows(2013, {"E10000016": ("2", "1")}, england=("50", "1"), characteristic="UASC"))
    ed = edition(tmp_path, neighbours=[], measures={
        "missing.children_missing_pct": "{indicator: pc_missing, filters: {characteristic: ' uasc '}}"})
    assert _problems(ed) == []
    assert cmp.compare(ed, "missing", local()).get("children_missing_pct").england == 50.0


def test_too_few_filters_name_the_column_that_varies(tmp_path):
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", ees_rows(2013, {"E10000016": ("1", "1")})
              + ees_rows(2013, {"E10000016": ("2", "1")}, characteristic="UASC"))
    ed = edition(tmp_path, neighbours=[], measures={"missing.children_missing_pct": "{indicator: pc_missing}"})
    [problem] = _problems(ed)
    assert "do not choose one row" in problem and "add a filter for characteristic (Total; UASC)" in problem


def test_unknown_indicator_and_filter_column(tmp_path):
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", ees_rows(2013, {"E10000016": ("1", "1")}))
    ed = edition(tmp_path, neighbours=[], measures={
        "missing.children_missing_pct": "{indicator: pc_mising, filters: {characteristic: Total}}",
        "missing.episodes_per_child": "{indicator: incidents_per_child, filters: {age: Total}}"})
    problems = _problems(ed)
    assert problems[0].startswith("benchmarks/cla_missing_la.csv, column 'pc_mising': no such indicator column")
    assert "pc_missing" in problems[0]
    assert problems[1].startswith("benchmarks/cla_missing_la.csv, column 'age': no such filter column")


def test_own_la_code_absent_and_a_neighbour_code_not_in_the_file(tmp_path):
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", ees_rows(2013, {"E10000014": ("1", "1")}))
    problems = _problems(edition(tmp_path, neighbours=["E10000014", "E10000099"]))
    assert ("benchmarks/cla_missing_la.csv, column 'new_la_code': the edition's la_code is not in this file "
            "(no 'Local authority' row has it) (found 'E10000016')") in problems[0]
    assert problems[1].startswith("benchmarks/cla_missing_la.csv, column 'new_la_code': a statistical neighbour")
    assert "E10000099" in problems[1] and len(problems) == 2


def test_a_bad_value_a_bad_time_identifier_and_a_missing_file(tmp_path):
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv",
              ees_rows(2013, {"E10000016": ("1", "1"), "E10000014": ("12a", "1")}))
    problems = _problems(edition(tmp_path, neighbours=["E10000014"]))
    assert problems == ["benchmarks/cla_missing_la.csv, row 5, column 'pc_missing': not a number or an EES symbol "
                        "(c, z, x, low, k, u, w, :, ~) (found '12a') — correct the value, or download the file again"]
    text = (tmp_path / "data/benchmarks/cla_missing_la.csv").read_text().replace("Reporting year", "Fortnight")
    (tmp_path / "data/benchmarks/cla_missing_la.csv").write_text(text)
    assert "cannot place this time period in time" in _problems(edition(tmp_path, neighbours=[]))[0]
    (tmp_path / "data/benchmarks/cla_missing_la.csv").unlink()
    assert _problems(edition(tmp_path)) == [
        f"benchmarks/cla_missing_la.csv: file not found (benchmarks.files) — put the downloaded file in "
        f"{tmp_path / 'data'}, or correct benchmarks.files"]


def test_a_period_not_in_the_file_and_none_early_enough(tmp_path):
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", ees_rows(2015, {"E10000016": ("1", "1")}))
    early = _problems(edition(tmp_path, neighbours=[]))
    assert len(early) == 2 and all("column 'time_period': no time period ends on or before 30 September 2013" in p
                                   and "2015" in p for p in early)
    assert "missing.children_missing_pct" in early[0] and "missing.episodes_per_child" in early[1]
    asked = _problems(edition(tmp_path, neighbours=[], time_period=2013))
    assert len(asked) == 2 and all("column 'time_period': no rows for this time period" in p for p in asked)


def test_params_checked_when_the_edition_is_read(tmp_path):
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", ees_rows(2013, {"E10000016": ("1", "1")}))
    with pytest.raises(ParamsError, match="needs la_code"):
        edition(tmp_path, la_code=None)
    with pytest.raises(ParamsError, match=r"'benchmarks.measures.missing.share': not a measure a chapter can compare"):
        edition(tmp_path, measures={"missing.share": "{indicator: pc_missing}"})
    with pytest.raises(ParamsError, match="this edition has no 'recruitment' section"):
        edition(tmp_path, measures={"recruitment.attrition": "{indicator: pc_missing}"})
    with pytest.raises(ParamsError, match="more than once"):
        edition(tmp_path, neighbours=["E10000014", "E10000014"])


def test_no_benchmarks_no_comparisons(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "e.yaml").write_text("title: T\nlocal_authority: L\ndata_dir: data\nmissing:\n"
                                     "  period_start: 2013-04-01\n  period_end: 2013-09-30\n")
    ed = load_edition(tmp_path / "e.yaml")
    assert cmp.compare(ed, "missing", {}) is None and cmp.problems(ed) == []


def test_names_from_the_file_are_escaped_where_they_land(tmp_path):
    from panelbook import charts
    from panelbook.publish import table_html

    payload = '<script>alert(1)</script> **x** {glue}`y`'
    rows = ees_rows(2013, {"E10000016": ("12", "2"), "E10000014": ("20", "2")})
    rows = [r.replace("LA E10000014", payload.replace(",", "")) .replace("South East", "<b>SE</b>") for r in rows]
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", rows)
    c = cmp.compare(edition(tmp_path, neighbours=["E10000014"]), "missing", local())
    t, n = c.table(0), c.neighbour_table()
    assert payload in n["la_name"].tolist()  # read as written
    html = table_html(n) + table_html(t, c.headers())
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>SE</b>" not in html
    long = c.chart_data(t, n)
    spec = charts.to_spec(c.chart(long, "Compared"))
    block = charts.embed_html("x", spec, "<svg></svg>", "Compared", c.describe(t, n), "source", table_html(long))
    assert "<script>alert" not in block and "</script> **x**" not in block
    assert "<" not in c.intro().replace("`benchmarks/cla_missing_la.csv`", "")  # file names as MyST code


def test_a_value_its_chapter_withholds_is_withheld_beside_england_too(tmp_path):
    """Issue 15: the chapter's table withholds the rate (its counts, or a count protecting another): the
    comparators table, chart, alt text and sentence withhold it too, and its rank; and a small complement
    (looked after but not missing: n - k) withholds the share as a small count does."""
    write_ees(tmp_path / "data/benchmarks/cla_missing_la.csv", ees_rows(2013, {
        "E10000016": ("12", "2"), "E10000014": ("20", "2.5"), "E10000011": ("12", "1.5"), "E10000012": ("5", "z")}))
    values = local(share=12.34, per_child=2.0, bases=(40, 300))
    values["children_missing_pct"] = cmp.LocalValue(12.34, (40, 300), withheld=True)
    c = cmp.compare(edition(tmp_path), "missing", values)
    t = c.table(min_count=5)
    assert t.iloc[0][["local", "rank"]].tolist() == ["c", "c"] and t.iloc[1]["local"] == 2.0
    assert "Testshire 12.3%" not in c.sentence(t) and "Testshire 12.3%" not in c.describe(t, c.neighbour_table())
    assert "Testshire withheld" in c.sentence(t)
    long = c.chart_data(t, c.neighbour_table())
    assert not ((long["role"] == "This authority") & (long["value"] == 12.3)).any()
    import types

    import pandas as pd

    from panelbook.chapters.missing import analysis as m

    children = pd.DataFrame({"case_open_date": pd.to_datetime(["2013-01-01"] * 50), "service_end_date": pd.NaT,
                             "uasc": True})
    period = types.SimpleNamespace(period_start=pd.Timestamp("2013-04-01").date(),
                                   period_end=pd.Timestamp("2013-09-30").date(), uasc_only=False)
    share = m.local_values(types.SimpleNamespace(care_episodes=None, children=children), period,
                           {"children": 49, "episodes": 60})["children_missing_pct"]
    assert share.bases == (49, 50, 1)  # 49 of 50 went missing: the 1 who did not is a small count too
    most = cmp.compare(edition(tmp_path), "missing", {"children_missing_pct": share})
    assert most.table(min_count=5).iloc[0]["local"] == "c"
