"""import-survey: Forms and SurveyMonkey exports into survey_responses.csv and survey_questions.csv."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from panelbook import cli
from panelbook.chapters.surveys import analysis as surveys
from panelbook.errors import DataError
from panelbook.survey_import import financial_quarter, import_survey

MAPPING = """survey: leaving_care
format: forms          # forms (Microsoft Forms .xlsx/.csv) or surveymonkey (two header rows)
respondent: ID         # default: a stable hash of the row
completed: Completion time   # its date gives the financial-year quarter "2019-20 Q3"
area: Which team supports you?
questions:
  - {id: feel_safe, column: "Do you feel safe where you live?", scale: likert5,
     answers: [Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree]}
  - {id: helped_by, column: "Who helped you?", scale: multi, answers: [Social worker, Carer, Teacher]}
  - {id: know_iro, column: "Do you know your IRO?", scale: yes_no}
"""
HEADER = ["ID", "Start time", "Completion time", "Email", "Name", "Which team supports you?",
          "Do you feel safe where you live?", "Who helped you?", "Do you know your IRO?"]
ROWS = [
    [1, dt.datetime(2019, 10, 1, 9), dt.datetime(2019, 10, 1, 9, 5), "anonymous", None, "16+", "Agree",
     "Social worker;Carer;", "Yes"],
    [2, dt.datetime(2019, 12, 31, 9), dt.datetime(2019, 12, 31, 9, 5), "anonymous", None, "UASC", None, None, "no"],
    [3, dt.datetime(2020, 1, 2, 9), dt.datetime(2020, 1, 2, 9, 5), "anonymous", None, "16+", "strongly agree",
     "Teacher;", None],
]


def forms_export(path: Path, rows=ROWS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture
def setup(tmp_path):
    (tmp_path / "map.yaml").write_text(MAPPING, encoding="utf-8")
    forms_export(tmp_path / "export.xlsx")
    out = tmp_path / "data"
    out.mkdir()
    return tmp_path, out


def test_financial_quarters():
    assert [financial_quarter(dt.date(*d)) for d in ((2019, 4, 1), (2019, 9, 30), (2019, 10, 5), (2019, 12, 31),
                                                      (2020, 1, 1), (2020, 3, 31))] == \
        ["2019-20 Q1", "2019-20 Q2", "2019-20 Q3", "2019-20 Q3", "2019-20 Q4", "2019-20 Q4"]
    assert financial_quarter(dt.date(1999, 5, 1)) == "1999-00 Q1"


def test_forms_export_long_rows_multi_split_blanks_and_wording(setup, capsys):
    tmp, out = setup
    code = cli.main(["import-survey", str(tmp / "export.xlsx"), "--mapping", str(tmp / "map.yaml"), "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert f"{out / 'survey_responses.csv'}: leaving_care: 3 respondent(s), 9 answer(s) added " \
           "(periods: 2019-20 Q3, 2019-20 Q4)" in printed
    assert "3 question(s) added, 0 updated" in printed
    r = read(out / "survey_responses.csv")
    assert list(r.columns) == ["survey", "period", "respondent_id", "area", "question_id", "answer"]
    assert r.values.tolist() == [
        ["leaving_care", "2019-20 Q3", "1", "16+", "feel_safe", "Agree"],
        ["leaving_care", "2019-20 Q3", "1", "16+", "helped_by", "Social worker"],  # split on ';', trailing ';' ignored
        ["leaving_care", "2019-20 Q3", "1", "16+", "helped_by", "Carer"],
        ["leaving_care", "2019-20 Q3", "1", "16+", "know_iro", "Yes"],
        ["leaving_care", "2019-20 Q3", "2", "UASC", "feel_safe", "Left blank"],  # blank kept as Left blank
        ["leaving_care", "2019-20 Q3", "2", "UASC", "know_iro", "No"],  # a blank multi-select ticks nothing
        ["leaving_care", "2019-20 Q4", "3", "16+", "feel_safe", "Strongly agree"],  # the list's spelling
        ["leaving_care", "2019-20 Q4", "3", "16+", "helped_by", "Teacher"],
        ["leaving_care", "2019-20 Q4", "3", "16+", "know_iro", "Left blank"],
    ]
    q = read(out / "survey_questions.csv")
    assert q[["question_id", "question", "answers", "scale"]].values.tolist() == [
        ["feel_safe", "Do you feel safe where you live?",
         "Strongly disagree|Disagree|Neither agree nor disagree|Agree|Strongly agree", "likert5"],
        ["helped_by", "Who helped you?", "Social worker|Carer|Teacher", "multi"],
        ["know_iro", "Do you know your IRO?", "Yes|No", "yes_no"]]  # yes_no: the list may be left out
    # the files are what the surveys chapter reads
    responses, questions = surveys.load(out)
    clean = surveys.clean_responses(responses, questions)
    assert clean.loc[clean["answer"] == "Left blank", "question_id"].tolist() == ["feel_safe", "know_iro"]


def test_reimport_adds_no_duplicate_and_replace_redoes_the_period(setup, capsys):
    tmp, out = setup
    import_survey(tmp / "export.xlsx", tmp / "map.yaml", out)
    first = (out / "survey_responses.csv").read_bytes()
    again = import_survey(tmp / "export.xlsx", tmp / "map.yaml", out)
    assert (again.respondents, again.answers, again.skipped) == (0, 0, 3)
    assert (out / "survey_responses.csv").read_bytes() == first  # nothing duplicated, byte for byte
    more = ROWS + [[4, dt.datetime(2020, 2, 2), dt.datetime(2020, 2, 2), "x", None, "16+", "Agree", None, "Yes"]]
    forms_export(tmp / "export.xlsx", more)
    s = import_survey(tmp / "export.xlsx", tmp / "map.yaml", out)
    assert (s.respondents, s.answers, s.skipped, s.periods) == (1, 2, 3, ["2019-20 Q4"])
    changed = [list(r) for r in more]
    changed[0][6] = "Disagree"
    forms_export(tmp / "export.xlsx", changed)
    s = import_survey(tmp / "export.xlsx", tmp / "map.yaml", out, replace=True)
    assert (s.respondents, s.replaced) == (4, 11)
    r = read(out / "survey_responses.csv")
    assert len(r) == 11 and not r.duplicated().any()
    assert r.loc[(r["respondent_id"] == "1") & (r["question_id"] == "feel_safe"), "answer"].tolist() == ["Disagree"]


def test_answer_outside_the_list_is_reported_with_its_cell_and_nothing_written(setup):
    tmp, out = setup
    rows = [list(r) for r in ROWS]
    rows[1][7] = "Teachr;Carer"
    rows[2][6] = "Agree a lot"
    forms_export(tmp / "export.xlsx", rows)
    with pytest.raises(DataError) as exc:
        import_survey(tmp / "export.xlsx", tmp / "map.yaml", out)
    assert [str(p) for p in exc.value.problems] == [
        "export.xlsx, sheet 'Sheet1', cell H3: not one of the answers of question 'helped_by' (Social worker | Carer | "
        "Teacher) (found 'Teachr') — correct the answer, or add it to the question's answers in the mapping",
        "export.xlsx, sheet 'Sheet1', cell G4: not one of the answers of question 'feel_safe' (Strongly disagree | "
        "Disagree | Neither agree nor disagree | Agree | Strongly agree) (found 'Agree a lot') — correct the answer, "
        "or add it to the question's answers in the mapping"]
    assert list(out.iterdir()) == []


def test_default_respondent_is_a_stable_hash_of_the_row(setup):
    tmp, out = setup
    (tmp / "map.yaml").write_text(MAPPING.replace("respondent: ID ", "# no respondent "), encoding="utf-8")
    import_survey(tmp / "export.xlsx", tmp / "map.yaml", out)
    ids = read(out / "survey_responses.csv")["respondent_id"].unique().tolist()
    assert len(ids) == 3 and all(i.startswith("R") and len(i) == 13 for i in ids)
    again = tmp / "again"
    again.mkdir()
    import_survey(tmp / "export.xlsx", tmp / "map.yaml", again)
    assert read(again / "survey_responses.csv")["respondent_id"].unique().tolist() == ids


SURVEYMONKEY = (
    "Respondent ID,Collector ID,Start Date,End Date,Which team supports you?,Do you feel safe where you live?,"
    "Who helped you?,,,Do you know your IRO?\n"
    ",,,,Response,Response,Social worker,Carer,Teacher,Response\n"
    "1101,55,10/01/2019 09:00:00 AM,10/01/2019 09:05:00 AM,16+,Agree,Social worker,,Teacher,Yes\n"
    "1102,55,01/02/2020 09:00:00 AM,01/02/2020 09:05:00 AM,UASC,,,,,No\n"
)


def test_surveymonkey_two_header_rows(setup):
    tmp, out = setup
    (tmp / "sm.csv").write_text(SURVEYMONKEY, encoding="utf-8")
    mapping = MAPPING.replace("format: forms", "format: surveymonkey").replace("respondent: ID", "respondent: Respondent ID") \
        .replace("completed: Completion time", "completed: End Date")
    (tmp / "sm.yaml").write_text(mapping, encoding="utf-8")
    s = import_survey(tmp / "sm.csv", tmp / "sm.yaml", out)
    assert (s.respondents, s.periods) == (2, ["2019-20 Q3", "2019-20 Q4"])  # US dates: 10/01/2019 is 1 October
    r = read(out / "survey_responses.csv")
    assert r[["respondent_id", "area", "question_id", "answer"]].values.tolist() == [
        ["1101", "16+", "feel_safe", "Agree"], ["1101", "16+", "helped_by", "Social worker"],
        ["1101", "16+", "helped_by", "Teacher"], ["1101", "16+", "know_iro", "Yes"],
        ["1102", "UASC", "feel_safe", "Left blank"], ["1102", "UASC", "know_iro", "No"]]


def test_mapping_errors_name_the_key_and_missing_columns(setup, capsys):
    tmp, out = setup
    (tmp / "bad.yaml").write_text(MAPPING.replace("scale: multi, answers: [Social worker, Carer, Teacher]",
                                                  "scale: multi"), encoding="utf-8")
    code = cli.main(["import-survey", str(tmp / "export.xlsx"), "--mapping", str(tmp / "bad.yaml"), "--out", str(out)])
    assert code == 2
    assert f"{tmp / 'bad.yaml'}: key 'questions.1': question 'helped_by': the answers list is required for scale multi" \
        in capsys.readouterr().err
    (tmp / "bad.yaml").write_text(MAPPING.replace('"Who helped you?"', '"Who helped?"'), encoding="utf-8")
    code = cli.main(["import-survey", str(tmp / "export.xlsx"), "--mapping", str(tmp / "bad.yaml"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "export.xlsx, sheet 'Sheet1', row 1, column 'Who helped?': question 'helped_by': no column headed " \
           "'Who helped?' (the export has: 'ID', 'Start time', 'Completion time'" in err
    assert list(out.iterdir()) == []  # no validation report dropped in the data folder


def test_forms_export_saved_as_csv_with_uk_dates(setup):
    tmp, out = setup
    lines = [",".join(f'"{h}"' for h in HEADER),
             '1,01/10/2019 09:00,05/10/2019 09:05:10,anonymous,,16+,Agree,"Carer;",Yes',
             '2,31/03/2020 09:00,31/03/2020 09:05:10,anonymous,,16+,Disagree,,No']
    (tmp / "export.csv").write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    s = import_survey(tmp / "export.csv", tmp / "map.yaml", out)
    assert (s.respondents, s.answers, s.periods) == (2, 5, ["2019-20 Q3", "2019-20 Q4"])  # day first, as UK Forms writes
