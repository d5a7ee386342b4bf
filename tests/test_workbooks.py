"""Workbooks and `inputs:`: sheets, detected headers, Excel dates, mapped columns and codes, cell addresses."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from panelbook.errors import DataError
from panelbook.inputs import DataSource, inputs_problems
from panelbook.io import read_input, read_inputs
from panelbook.params import InputFile
from panelbook.schema import Col, FileSpec
from panelbook.workbooks import cell_text, column_letter, serial_date_text

SPEC = FileSpec(
    name="complaints.csv",
    columns=(
        Col("complaint_id", unique=True),
        Col("received_date", "date"),
        Col("service"),
        Col("complainant_age", "int", nullable=True, min=0, max=30),
        Col("outcome", "code", codes=("upheld", "partly upheld", "not upheld")),
    ),
)
HEADERS = ["Ref", "Date received", "Team", "Age", "Outcome"]
ROWS = [
    ["C1", dt.datetime(2013, 9, 2), "UASC", 14, "Upheld"],
    ["C2", dt.date(2013, 9, 3), "East Kent area", "15", "Upheld in part"],  # age stored as text
    ["C3", 41640, "UASC", None, "not upheld"],  # a date that lost its date format: serial 41640
]
COLUMNS = {"complaint_id": "Ref", "received_date": "Date received", "service": "Team", "complainant_age": "Age"}


def workbook(path: Path, rows=ROWS, headers=HEADERS, title=True, sheets=("Notes", "Log"), data_sheet="Log"):
    """A complaints log as analysts keep one: a notes sheet first, a merged title row, their own headers."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in sheets:
        ws = wb.create_sheet(name)
        if name != data_sheet:
            ws["A1"] = "Read me: the log is on the next sheet"
            continue
        if title:
            ws["A1"] = "Complaints log 2013-14"
            ws.merge_cells("A1:E1")
            ws["A2"] = "Prepared by the complaints team"
        ws.append(headers)
        for row in rows:
            ws.append(row)
            if isinstance(row[1], dt.date):
                ws.cell(ws.max_row, 2).number_format = "dd/mm/yyyy"
    wb.save(path)
    return path


def source(tmp_path, **entry) -> DataSource:
    return DataSource(tmp_path, {"complaints": InputFile(**entry)})


def problems_of(fn) -> list[str]:
    with pytest.raises(DataError) as exc:
        fn()
    return [str(p) for p in exc.value.problems]


def test_column_letters_and_cell_text():
    assert [column_letter(i) for i in (0, 2, 25, 26, 27, 701, 702)] == ["A", "C", "Z", "AA", "AB", "ZZ", "AAA"]
    assert cell_text(14.0) == "14" and cell_text(14.5) == "14.5" and cell_text(True) == "Y"
    assert cell_text(dt.datetime(2013, 9, 2, 10, 30)) == "2013-09-02 10:30:00"
    assert cell_text(pd.Timestamp("2013-09-02")) == "2013-09-02" and cell_text("  x ") == "  x "
    assert serial_date_text(41640) == "2014-01-01" and serial_date_text(41640.75) == "2014-01-01"
    assert serial_date_text("41640") is None and serial_date_text(True) is None


def test_detected_header_below_merged_title_rows_sheet_by_name(tmp_path):
    path = workbook(tmp_path / "Complaints log 2013-14.xlsx")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    df = read_input(source(tmp_path, file=path.name, sheet="log", columns=COLUMNS,
                           values={"outcome": {"Upheld in part": "partly upheld"}}), SPEC)
    assert list(df.index) == [4, 5, 6]  # Excel's row numbers: title rows 1-2, header row 3
    assert list(df["complaint_id"]) == ["C1", "C2", "C3"]
    # real dates, a date-formatted date, and a bare serial number are all dates
    assert list(df["received_date"]) == [pd.Timestamp("2013-09-02"), pd.Timestamp("2013-09-03"),
                                         pd.Timestamp("2014-01-01")]
    assert list(df["complainant_age"].astype(object)) == [14, 15, pd.NA]  # "15" stored as text is a number
    assert list(df["outcome"]) == ["upheld", "partly upheld", "not upheld"]  # values mapped, case forgiven
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # read, never modified


def test_sheet_by_number_and_header_row(tmp_path):
    workbook(tmp_path / "log.xlsx")
    df = read_input(source(tmp_path, file="log.xlsx", sheet=2, header_row=3, columns=COLUMNS,
                           values={"outcome": {"upheld in part": "partly upheld"}}), SPEC)
    assert len(df) == 3


def test_missing_sheet_names_the_sheets(tmp_path):
    workbook(tmp_path / "log.xlsx")
    assert problems_of(lambda: read_input(source(tmp_path, file="log.xlsx", sheet="Complaints"), SPEC)) == [
        "log.xlsx: no sheet named 'Complaints' (its sheets: 'Notes', 'Log') — "
        "set inputs.complaints.sheet to one of them (a name, or its number: 1 = first)"]
    assert problems_of(lambda: read_input(source(tmp_path, file="log.xlsx", sheet=3), SPEC))[0].startswith(
        "log.xlsx: the workbook has 2 sheet(s), so there is no sheet number 3")


def test_header_not_found_says_what_was_tried_and_seen(tmp_path):
    workbook(tmp_path / "log.xlsx")
    # the first sheet (the default) holds only notes
    assert problems_of(lambda: read_input(source(tmp_path, file="log.xlsx"), SPEC)) == [
        "log.xlsx, sheet 'Notes': no header found: none of rows 1 to 1 names the columns complaint_id, "
        "received_date, service, complainant_age, outcome (row 1 has A 'Read me: the log is on the next sheet') — "
        "map the file's column names to these in inputs.complaints.columns, or set inputs.complaints.header_row"]
    assert problems_of(lambda: read_input(source(tmp_path, file="log.xlsx", sheet="Log", header_row=2,
                                                 columns=COLUMNS), SPEC)) == [
        "log.xlsx, sheet 'Log', row 2: the header is not on row 2 (inputs.complaints.header_row): it names none of "
        "the columns complaint_id, received_date, service, complainant_age, outcome; the row has "
        "A 'Prepared by the complaints team' — set inputs.complaints.header_row to the header's row number, "
        "or map the file's column names in inputs.complaints.columns"]


def test_mapped_column_that_does_not_exist(tmp_path):
    workbook(tmp_path / "log.xlsx")
    cols = {**COLUMNS, "received_date": "Date recieved"}
    assert problems_of(lambda: read_input(source(tmp_path, file="log.xlsx", sheet="Log", columns=cols), SPEC)) == [
        "log.xlsx, sheet 'Log', row 3, column 'Date recieved': column 'Date recieved' "
        "(inputs.complaints.columns.received_date) is not in the header on row 3 (it has A 'Ref', B 'Date received', "
        "C 'Team', D 'Age', E 'Outcome') — set inputs.complaints.columns.received_date to the file's header of "
        "that column"]


def test_problems_name_the_cell(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[1][1] = "31/02/2013"  # row 5, column B
    rows[2][3] = 45  # row 6, column D: over the maximum
    workbook(tmp_path / "log.xlsx", rows=rows)
    got = problems_of(lambda: read_input(source(tmp_path, file="log.xlsx", sheet="Log", columns=COLUMNS), SPEC))
    assert got == [
        "log.xlsx, sheet 'Log', cell B5: not a date (found '31/02/2013') — use YYYY-MM-DD or dd/mm/YYYY with a real "
        "day and month",
        "log.xlsx, sheet 'Log', cell E5: unknown code; expected one of: upheld, partly upheld, not upheld "
        "(found 'Upheld in part') — correct the value",
        "log.xlsx, sheet 'Log', cell D6: must be at most 30 (found '45') — correct the value"]


def test_workbook_found_by_stem_when_no_csv(tmp_path):
    headers = ["complaint_id", "Received  DATE", "service", "complainant_age", "outcome"]  # spacing and case
    rows = [r[:4] + ["upheld"] for r in ROWS]
    workbook(tmp_path / "complaints.xlsx", rows=rows, headers=headers, sheets=("Sheet1",), data_sheet="Sheet1",
             title=False)
    df = read_input(tmp_path, SPEC)  # a plain folder: no inputs entry needed
    assert list(df.index) == [2, 3, 4] and df["received_date"].notna().all()


def test_several_workbook_candidates_are_an_error(tmp_path):
    workbook(tmp_path / "complaints.xlsx")
    workbook(tmp_path / "complaints.ods")
    assert problems_of(lambda: read_input(DataSource(tmp_path), SPEC)) == [
        "complaints.csv: file not found, and several workbooks could be it: complaints.xlsx, complaints.ods — "
        "keep only one, or name it in the edition's inputs.complaints.file"]
    (tmp_path / "complaints.csv").write_text("complaint_id,received_date,service,complainant_age,outcome\n"
                                              "C9,2013-09-01,UASC,,upheld\n")
    assert list(read_input(DataSource(tmp_path), SPEC)["complaint_id"]) == ["C9"]  # the CSV wins


def test_csv_with_own_headers_and_codes(tmp_path):
    (tmp_path / "Complaints.csv").write_text("\ufeffRef,Date received,Team,Age,Outcome\n"
                                             "C1,02/09/2013,UASC,14,Upheld in part\nC2,2013-09-03,UASC,,Yes\n",
                                             encoding="utf-8")
    got = problems_of(lambda: read_input(source(tmp_path, file="Complaints.csv", columns=COLUMNS,
                                                values={"outcome": {"upheld in part": "partly upheld"}}), SPEC))
    assert got == ["Complaints.csv, row 3, column 'outcome': unknown code; expected one of: upheld, partly upheld, "
                   "not upheld (found 'Yes') — correct the value"]


def test_corrupt_and_password_protected_workbooks(tmp_path):
    (tmp_path / "complaints.xlsx").write_bytes(b"PK\x03\x04" + bytes(100))
    assert problems_of(lambda: read_input(DataSource(tmp_path), SPEC)) == [
        "complaints.xlsx: cannot be read: the workbook is damaged or is not really a .xlsx file — "
        "open it in Excel and save it again as .xlsx (or export it again)"]
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(400)
    (tmp_path / "complaints.xlsx").write_bytes(ole)
    assert problems_of(lambda: read_input(DataSource(tmp_path), SPEC))[0].startswith(
        "complaints.xlsx: the workbook is password-protected (encrypted), so it cannot be read — save a copy")


def test_optional_workbook_absent_and_cross_file_problems_placed(tmp_path):
    workbook(tmp_path / "log.xlsx")
    other = FileSpec("advocacy_cases.csv", (Col("case_id"),))
    frames = read_inputs(source(tmp_path, file="log.xlsx", sheet="Log", columns=COLUMNS,
                                values={"outcome": {"Upheld in part": "partly upheld"}}),
                         (SPEC, other), optional=(other.name,))
    assert frames[other.name] is None and len(frames[SPEC.name]) == 3


def test_inputs_params_checked_against_the_contract():
    assert inputs_problems({"complaint": InputFile(), "complaints": InputFile(
        file="log.txt", columns={"recieved_date": "Date"}, values={"outcome": {"a": "b"}})}) == [
        "key 'inputs.complaint': not one of the contract's files: did you mean 'complaints'? (expected one of: "
        "actions, advocacy_cases, children, complaints, episodes, foster_applications, foster_households, header, "
        "iro_plan_grades, missing, missing_episodes, nationality, qa_audits, ssd_cla_episodes, ssd_immigration_status, "
        "ssd_missing, ssd_person, survey_questions, survey_responses, uasc, workforce)",
        "key 'inputs.complaints.file': 'log.txt' is not a .xlsx, .xlsm, .xls, .ods or .csv file",
        "key 'inputs.complaints.columns.recieved_date': complaints.csv has no column 'recieved_date': did you mean "
        "'received_date'? (its columns: complaint_id, received_date, service, complainant_age, advocate, subject, "
        "decision_disputed, stage, outcome, responded_date)"]


ISSUE_EXAMPLE = """title: Workbook edition
local_authority: Test
data_dir: data
inputs:
  complaints:                           # the contract file's stem: complaints, advocacy_cases, children, ...
    file: "Complaints log 2019-20.xlsx" # relative to data_dir; .xlsx, .xlsm, .xls, .ods or .csv
    sheet: Log                          # name or 1-based number; default: the first sheet
    header_row: 3                       # default: detected (title rows above the header are skipped)
    columns: {complaint_id: "Ref", received_date: "Date received", service: "Team", complainant_age: "Age"}
    values: {outcome: {"Upheld in part": "partly upheld"}}
complaints:
  period_start: 2013-09-01
  period_end: 2014-02-28
"""


def sample_complaints_workbook(path: Path) -> None:
    """The sample's complaints.csv as the issue's workbook: title rows, its own headers, a renamed code."""
    df = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "sample" / "complaints.csv", dtype=str,
                     keep_default_na=False)
    df["outcome"] = df["outcome"].replace({"partly upheld": "Upheld in part"})
    df = df.rename(columns={v: k for k, v in {"Ref": "complaint_id", "Date received": "received_date",
                                              "Team": "service", "Age": "complainant_age"}.items()})
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Log"
    ws["A1"] = "Complaints log 2019-20"
    ws.merge_cells("A1:J1")
    ws.append([])
    ws.append(list(df.columns))
    for row in df.itertuples(index=False):
        cells = list(row)
        cells[1] = dt.date.fromisoformat(cells[1])
        ws.append([int(c) if isinstance(c, str) and c.isdigit() else (c or None) for c in cells])
    wb.save(path)


def test_the_issue_example_validates_and_the_cache_notices_a_changed_workbook(tmp_path):
    from panelbook import cache
    from panelbook.build import validate
    from panelbook.chapters import chapter_by_slug
    from panelbook.params import load_edition

    data = tmp_path / "data"
    data.mkdir()
    sample_complaints_workbook(data / "Complaints log 2019-20.xlsx")
    (data / "advocacy_cases.csv").write_bytes(
        (Path(__file__).resolve().parents[1] / "data" / "sample" / "advocacy_cases.csv").read_bytes())
    (tmp_path / "edition.yaml").write_text(ISSUE_EXAMPLE, encoding="utf-8")
    edition, problems = validate(tmp_path / "edition.yaml")
    assert problems == []
    chapter = chapter_by_slug("complaints")
    notebook = Path(__file__).resolve().parents[1] / chapter.notebook
    before = cache.key_parts(chapter, edition, notebook)
    assert before["data complaints.csv"] == hashlib.sha256(
        (data / "Complaints log 2019-20.xlsx").read_bytes()).hexdigest()
    wb = openpyxl.load_workbook(data / "Complaints log 2019-20.xlsx")
    wb["Log"]["D4"] = 17
    wb.save(data / "Complaints log 2019-20.xlsx")
    after = cache.key_parts(chapter, load_edition(tmp_path / "edition.yaml"), notebook)
    assert after["data complaints.csv"] != before["data complaints.csv"]
    changed = ISSUE_EXAMPLE.replace('"Upheld in part": "partly upheld"', '"Upheld in part": "upheld"')
    (tmp_path / "edition.yaml").write_text(changed, encoding="utf-8")
    assert cache.key_parts(chapter, load_edition(tmp_path / "edition.yaml"), notebook)["inputs"] != after["inputs"]
