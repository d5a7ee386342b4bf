"""The sample as analysts hold it (data/sample-workbooks) builds to the same exports as the CSV sample.

The complaints and recruitment workbooks (title rows, the teams' own headers, a code of their own)
are read through params/2014-04-workbooks.yaml's `inputs:`; the Forms export of the leaving-care
survey goes through `panelbook import-survey`. Every exported table must equal the CSV sample's,
byte for byte.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import ROOT, SAMPLE_PARAMS, run_cli
from panelbook.sample import workbooks

SAMPLE = ROOT / "data" / "sample"
BOOKS = ROOT / "data" / "sample-workbooks"
EDITION = ROOT / "params" / "2014-04-workbooks.yaml"


def exported_tables(figures: Path, chapters: set[str]) -> dict[str, bytes]:
    """Every table the chapters exported (as displayed, and in the tidy open-data layout), by file."""
    register = json.loads((figures / "register.json").read_text(encoding="utf-8"))
    ids = [f["id"] for f in register["figures"] if f["chapter"] in chapters and f["kind"] == "table"]
    files = [figures / f"{i}.csv" for i in ids] + [figures / "tidy" / f"{i}.csv" for i in ids]
    return {str(p.relative_to(figures)): p.read_bytes() for p in files if p.is_file()}


def assert_same_exports(built: Path, sample_figures: Path, chapters: set[str]) -> int:
    """The built tables equal the CSV sample's byte for byte; returns how many were compared."""
    mine, theirs = exported_tables(built, chapters), exported_tables(sample_figures, chapters)
    assert mine, "the edition exported no table"
    assert sorted(mine) == sorted(theirs)
    different = [k for k in mine if mine[k] != theirs[k]]
    assert different == [], f"exports differ from the CSV sample's: {different}"
    return len(mine)


@pytest.mark.slow  # regenerates every sample workbook
def test_the_workbooks_regenerate_byte_for_byte(tmp_path):
    written = workbooks.generate(SAMPLE, tmp_path, seed=2014)
    assert [p.name for p in written] == sorted(p.name for p in BOOKS.iterdir())
    for path in written:
        assert path.read_bytes() == (BOOKS / path.name).read_bytes(), f"{path.name} differs: run make sample"


def test_the_workbooks_are_what_analysts_keep():
    import openpyxl

    wb = openpyxl.load_workbook(BOOKS / workbooks.COMPLAINTS_BOOK)
    assert wb.sheetnames == ["Read me", "Log", "Advocacy"]
    log = wb["Log"]
    assert "A1:J1" in {str(r) for r in log.merged_cells.ranges}  # a merged title row above the header
    assert [c.value for c in log[3]][:4] == ["Ref", "Date received", "Team", "Age"]
    outcomes = {c.value for c in log["I"][3:]}
    assert workbooks.RENAMED_OUTCOME[1] in outcomes and workbooks.RENAMED_OUTCOME[0] not in outcomes
    assert any(isinstance(c.value, str) for c in log["D"][3:])  # ages stored as text too


def test_the_workbook_edition_is_the_sample_edition_but_for_its_inputs():
    mine, theirs = (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (EDITION, SAMPLE_PARAMS))
    assert mine["inputs"] and set(mine) - set(theirs) == {"inputs"}
    for key in mine:
        if key not in ("inputs", "data_dir"):
            assert mine[key] == theirs[key], f"{key} differs from {SAMPLE_PARAMS.name}'s"


@pytest.mark.slow
def test_the_workbook_edition_exports_equal_the_csv_samples(tmp_path, figures):
    out = tmp_path / "_build"
    run_cli("build", EDITION, "--out", out, "--jobs", "1")
    n = assert_same_exports(out / "figures", figures, {"complaints", "recruitment"})
    assert n >= 40  # 20 tables, each as displayed and tidy
    page = (out / "html" / "chapters" / "complaints.html").read_text(encoding="utf-8")
    assert f"Source: {workbooks.COMPLAINTS_BOOK};" in page  # the files as the analyst named them


@pytest.mark.slow
def test_the_forms_export_imports_and_builds_to_the_csv_samples_exports(tmp_path, figures):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    responses = pd.read_csv(data / "survey_responses.csv", dtype=str, keep_default_na=False)
    theirs = responses[responses["survey"] == workbooks.FORMS_SURVEY]
    responses[responses["survey"] != workbooks.FORMS_SURVEY].to_csv(data / "survey_responses.csv", index=False,
                                                                      lineterminator="\n")
    proc = run_cli("import-survey", BOOKS / workbooks.FORMS_EXPORT, "--mapping", BOOKS / workbooks.FORMS_MAPPING,
                   "--out", data)
    periods = sorted(theirs["period"].unique())
    assert (f"leaving_care: {theirs.groupby('period')['respondent_id'].nunique().sum()} respondent(s), "
            f"{len(theirs)} answer(s) added (periods: {', '.join(periods)})") in proc.stdout
    assert "0 question(s) added, 0 updated" in proc.stdout  # the questionnaire, word for word
    # the same answers by period and question (respondent ids are Forms' own numbers)
    mine = pd.read_csv(data / "survey_responses.csv", dtype=str, keep_default_na=False)
    mine = mine[mine["survey"] == workbooks.FORMS_SURVEY]
    key = ["period", "area", "question_id", "answer"]
    blank = "N/A, Left blank"  # the question's own blank answer, which the sample leaves as an empty cell
    counted = lambda df: df.assign(answer=df["answer"].replace({"": blank}))[key].value_counts().sort_index()  # noqa: E731
    assert counted(mine).equals(counted(theirs))
    # into an empty folder: the questionnaire written equals the sample's, row for row
    empty = tmp_path / "empty"
    empty.mkdir()
    run_cli("import-survey", BOOKS / workbooks.FORMS_EXPORT, "--mapping", BOOKS / workbooks.FORMS_MAPPING,
            "--out", empty)
    questions = pd.read_csv(SAMPLE / "survey_questions.csv", dtype=str, keep_default_na=False)
    written = pd.read_csv(empty / "survey_questions.csv", dtype=str, keep_default_na=False)
    assert written.equals(questions[questions["survey"] == workbooks.FORMS_SURVEY].reset_index(drop=True))
    # and the chapter built from it exports what the CSV sample's does
    from panelbook.chapters import CHAPTERS

    raw = yaml.safe_load(SAMPLE_PARAMS.read_text(encoding="utf-8"))
    others = {c.section for c in CHAPTERS} - {"surveys"}
    edition = {k: v for k, v in raw.items() if k not in others and k != "published"}  # the sample's, surveys only
    edition["data_dir"] = str(data)
    (tmp_path / "surveys.yaml").write_text(yaml.safe_dump(edition, sort_keys=False), encoding="utf-8")
    out = tmp_path / "_build"
    run_cli("build", tmp_path / "surveys.yaml", "--out", out, "--jobs", "1")
    assert assert_same_exports(out / "figures", figures, {"surveys"}) >= 20
