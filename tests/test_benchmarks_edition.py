"""Issue 22 end to end: the benchmarked sample edition and the issue's own params example, built whole.

Each compared measure is set beside England, the region and the neighbours read independently from the
files here; charts, alt text, prose and papers come from the published tables.
"""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from conftest import ROOT, read_export, run_cli

pytestmark = pytest.mark.slow  # every test here builds an edition or reads the sample build

BENCHMARKED = ROOT / "params" / "2014-04-benchmarked.yaml"
SAMPLE = ROOT / "data" / "sample"
MISSING_FILE = SAMPLE / "benchmarks" / "illustrative-synthetic-cla-missing-la.csv"
FOSTERING_FILE = SAMPLE / "benchmarks" / "illustrative-synthetic-fostering-la.csv"
NEIGHBOURS = ["E10000014", "E10000011", "E10000012", "E10000015", "E10000017", "E10000028", "E10000030",
              "E10000032", "E10000024", "E10000029"]
COLUMNS = ["measure", "time_period", "local", "england", "region", "neighbours_mean", "rank", "of"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("benchmarked") / "out"
    run_cli("build", BENCHMARKED, "--out", out, "--jobs", "1")
    return out


def ees(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def figure(file: pd.DataFrame, indicator: str, filters: dict, time_period: str, level: str, code=None):
    rows = file[(file["time_period"] == time_period) & (file["geographic_level"] == level)]
    for col, value in filters.items():
        rows = rows[rows[col] == value]
    if code is not None:
        rows = rows[rows["region_code" if level == "Regional" else "new_la_code"] == code]
    assert len(rows) == 1
    text = rows[indicator].iloc[0]
    return None if text in ("c", "z", "x", "low", "k", "u", ":", "~", "") else float(text)


def expected(file, indicator, filters, time_period, local: float):
    """England, the South East, the neighbours' mean, rank and of, computed here from the file."""
    england = figure(file, indicator, filters, time_period, "National")
    region = figure(file, indicator, filters, time_period, "Regional", "E12000008")
    theirs = [figure(file, indicator, filters, time_period, "Local authority", c) for c in NEIGHBOURS]
    have = [v for v in theirs if v is not None]
    decimals = max((len(t.split(".")[1]) for t in file[indicator] if "." in t), default=0)
    mine = round(local, decimals)
    mean = int(sum(have) / len(have) * 10 + 0.5) / 10
    return england, region, mean, 1 + sum(v > mine for v in have), len(have) + 1


def test_each_compared_measure_beside_england_region_and_neighbours(built):
    figs = built / "figures"
    missing = read_export(figs, "missing-benchmarks")
    assert list(missing.columns) == COLUMNS
    assert missing["measure"].tolist() == ["children_missing_pct", "episodes_per_child"]
    assert set(missing["time_period"]) == {"2013"}  # the latest year ending on or before 30 Sep 2013
    file = ees(MISSING_FILE)
    for row, indicator in zip(missing.itertuples(), ("pc_missing", "incidents_per_child")):
        want = expected(file, indicator, {"characteristic": "Total"}, "2013", float(row.local))
        assert (float(row.england), float(row.region), float(row.neighbours_mean), int(row.rank), int(row.of)) == want
    recruitment = read_export(figs, "recruitment-benchmarks")
    assert list(recruitment.columns) == COLUMNS
    assert recruitment["measure"].tolist() == ["enquiry_conversion", "assessment_conversion", "attrition",
                                               "utilisation", "vacancy"]
    assert set(recruitment["time_period"]) == {"201213"}  # the financial year before 1 Apr 2013 to 31 Dec 2013
    fostering = ees(FOSTERING_FILE)
    places = {"enquiry_conversion": ("conversion_rate", "enquiry"), "assessment_conversion": ("conversion_rate", "assessment"),
              "attrition": ("attrition_rate", "Total"), "utilisation": ("utilisation_rate", "Total"),
              "vacancy": ("vacancy_rate", "Total")}
    workings = read_export(figs, "recruitment-benchmark-workings").set_index("measure")
    for row in recruitment.itertuples():
        indicator, stage = places[row.measure]
        assert row.local == workings.at[row.measure, "local_pct"]  # the chapter's own rate
        want = expected(fostering, indicator, {"stage": stage}, "201213", float(row.local))
        assert (float(row.england), float(row.region), float(row.neighbours_mean), int(row.rank), int(row.of)) == want


def test_the_files_national_figures_replace_the_typed_ones(built):
    figs = built / "figures"
    national = read_export(figs, "recruitment-benchmark").set_index("measure")["national_pct"]
    england = read_export(figs, "recruitment-benchmarks").set_index("measure")["england"]
    assert national.to_dict() == england.to_dict()
    assert national["enquiry_conversion"] != "11.0"  # the typed recruitment.national value is not used
    meta = json.loads((figs / "recruitment-benchmark.json").read_text())
    assert "instead of the values typed in recruitment.national" in meta["note"]


def test_symbols_are_not_available_and_named(built):
    theirs = read_export(built / "figures", "missing-benchmarks-neighbours")
    suffolk = theirs[(theirs["new_la_code"] == "E10000029") & (theirs["measure"] == "children_missing_pct")]
    assert suffolk["value"].tolist() == ["x"]  # planted in the illustrative file: left out, never a zero
    note = json.loads((built / "figures" / "missing-benchmarks.json").read_text())["note"]
    assert "no figure for Suffolk (not in the mean or the rank)" in note
    assert "the year ending 31 March 2013" in note and "1 April 2013 to 30 September 2013" in note


def test_chart_and_alt_text_from_the_published_tables(built):
    figs = built / "figures"
    for section in ("missing", "recruitment"):
        table = read_export(figs, f"{section}-benchmarks")
        theirs = read_export(figs, f"{section}-benchmarks-neighbours")
        spec = json.loads((figs / f"{section}-chart-benchmarks.vl.json").read_text())
        drawn = sorted(float(v["value"]) for d in spec["datasets"].values() for v in d)
        published = [table[c] for c in ("local", "england", "region", "neighbours_mean")] + [theirs["value"]]
        shown = sorted(float(v) for col in published for v in col if v not in ("c", "x"))
        assert drawn == shown
        alt = json.loads((figs / f"{section}-chart-benchmarks.json").read_text())["alt"]
        first = table.iloc[0]
        assert f"Kent {float(first['local']):g}%" in alt and f"England {float(first['england']):g}%" in alt


def test_page_prose_and_paper(built):
    page = (built / "html" / "chapters" / "missing.html").read_text(encoding="utf-8")
    assert "illustrative-synthetic-cla-missing-la.csv" in page  # the page says the file is synthetic
    assert "Beside England, the region and the statistical neighbours in the year ending 31 March 2013" in page
    from docx import Document

    text = "\n".join(p.text for p in Document(str(built / "papers" / "recruitment.docx")).paragraphs)
    assert "Compared with England, the region and statistical neighbours" in text
    assert "Beside England, the region and the statistical neighbours in the financial year 2012-13" in text


def test_key_messages_set_each_compared_measure_beside_england(built):
    from test_messages import assert_messages_true

    said = {r["measure"]: r for r in assert_messages_true(built)}
    england = read_export(built / "figures", "missing-benchmarks").set_index("measure")
    for name in ("children_missing_pct", "episodes_per_child"):
        r = said[f"{name}_against_england"]
        assert (r["comparison"], r["value"], r["comparison_value"]) == (
            "England's figure", england.loc[name, "local"], england.loc[name, "england"])


def test_the_sample_edition_compares_nothing_and_its_papers_say_nothing_of_it(sample_build):
    assert not list((sample_build / "figures").glob("*-benchmarks*"))
    from docx import Document

    for paper in ("missing", "recruitment"):
        text = "\n".join(p.text for p in Document(str(sample_build / "papers" / f"{paper}.docx")).paragraphs)
        assert "Compared with England" not in text and "statistical neighbours" not in text


ISSUE_EXAMPLE = """benchmarks:
  files: [benchmarks/cla_missing_la.csv, benchmarks/fostering_la.csv]   # EES tidy CSVs as downloaded
  neighbours: [E10000014, E10000016, E10000011]   # statistical neighbours, by new_la_code
  time_period: latest          # or e.g. 202324; default: the latest not after the edition's period
  measures:                    # panelbook measure -> where it is in the files
    missing.children_missing_pct: {indicator: pc_missing, filters: {characteristic: Total}}
    recruitment.enquiry_conversion: {indicator: conversion_rate, filters: {stage: enquiry}}
"""


def test_the_issues_params_example_builds(tmp_path):
    data = tmp_path / "data"
    (data / "benchmarks").mkdir(parents=True)
    for name in ("children.csv", "missing_episodes.csv", "foster_applications.csv", "foster_households.csv"):
        shutil.copy(SAMPLE / name, data / name)
    shutil.copy(MISSING_FILE, data / "benchmarks" / "cla_missing_la.csv")
    shutil.copy(FOSTERING_FILE, data / "benchmarks" / "fostering_la.csv")
    (tmp_path / "edition.yaml").write_text(
        "title: Example\nlocal_authority: Kent\nla_code: E10000016\ndata_dir: data\n" + ISSUE_EXAMPLE
        + "missing:\n  period_start: 2013-04-01\n  period_end: 2013-09-30\n"
        + "recruitment:\n  period_start: 2013-04-01\n  period_end: 2013-12-31\n"
        + "  national: {enquiry_conversion: 11, assessment_conversion: 62}\n", encoding="utf-8")
    run_cli("build", tmp_path / "edition.yaml", "--out", tmp_path / "out", "--jobs", "1")
    figs = tmp_path / "out" / "figures"
    missing = read_export(figs, "missing-benchmarks")
    assert missing[["measure", "time_period"]].values.tolist() == [["children_missing_pct", "2014"]]  # latest
    theirs = read_export(figs, "missing-benchmarks-neighbours")
    assert theirs["new_la_code"].tolist() == ["E10000014", "E10000011"]  # the authority itself ranked once
    assert int(missing["of"].iloc[0]) == 3
    national = read_export(figs, "recruitment-benchmark").set_index("measure")["national_pct"]
    england = read_export(figs, "recruitment-benchmarks").set_index("measure")["england"]
    assert national["enquiry_conversion"] == england["enquiry_conversion"]  # from the file
    assert national["assessment_conversion"] == "62.0"  # the typed national: no file gives it
    assert national["attrition"] == "no data"
