"""The CSV sample as analysts hold it: workbooks with title rows and their own headers, and a Forms export.

Written from data/sample (so the two hold the same records) into data/sample-workbooks:
- `Complaints log 2013-14.xlsx`: a notes sheet, then "Log" (complaints.csv below merged title rows,
  the team's own headers, outcome "partly upheld" written "Upheld in part", some ages stored as
  text) and "Advocacy" (advocacy_cases.csv);
- `Foster carer recruitment tracker 2013-14.xlsx`: "Applications", "Households", "Workforce";
- `Leaving care survey 2013-14 (Forms).xlsx`: the leaving_care survey as Microsoft Forms exports
  it (one row per respondent, multi-select answers joined with ';'), and its mapping for
  `panelbook import-survey`.
params/2014-04-workbooks.yaml reads the workbooks through `inputs:`; the test suite checks that its
exports equal the CSV sample's. Seeded (completion times) and saved byte-identically, so
`python scripts/make_sample_workbooks.py` regenerates the same files.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..exports import save_workbook
from .common import rng

COMPLAINTS_BOOK = "Complaints log 2013-14.xlsx"
RECRUITMENT_BOOK = "Foster carer recruitment tracker 2013-14.xlsx"
FORMS_EXPORT = "Leaving care survey 2013-14 (Forms).xlsx"
FORMS_MAPPING = "leaving-care-forms-mapping.yaml"
FORMS_SURVEY = "leaving_care"
RENAMED_OUTCOME = ("partly upheld", "Upheld in part")  # the one code the team writes its own way

# contract column -> the workbook's own header (columns not listed keep a header matching the contract's)
COMPLAINTS_HEADERS = {"complaint_id": "Ref", "received_date": "Date received", "service": "Team",
                      "complainant_age": "Age", "advocate": "Advocate", "subject": "Subject",
                      "decision_disputed": "Decision disputed", "stage": "Stage reached", "outcome": "Outcome",
                      "responded_date": "Date responded"}
ADVOCACY_HEADERS = {"case_id": "Case ref", "opened_date": "Opened", "closed_date": "Closed",
                    "top_issue": "Main issue", "outcome": "Outcome"}
APPLICATION_HEADERS = {"household_id": "Household ref", "enquiry_date": "First enquiry", "category": "Category",
                       "area": "Area", "assessment_start_date": "Assessment started", "panel_date": "Panel date",
                       "approval_date": "Approved", "closed_date": "Closed", "outcome": "Outcome"}
HOUSEHOLD_HEADERS = {"household_id": "Household ref", "approval_date": "Approved",
                     "deregistration_date": "Deregistered", "approved_places": "Approved places",
                     "places_in_use": "Places in use"}
WORKFORCE_HEADERS = {"month": "Month", "team": "Team", "establishment_fte": "Establishment (FTE)",
                     "permanent_fte": "Permanent (FTE)", "agency_fte": "Agency (FTE)", "starters": "Starters",
                     "leavers": "Leavers", "caseload_avg": "Average caseload"}
DATE_COLUMNS = {"received_date", "responded_date", "opened_date", "closed_date", "enquiry_date",
                "assessment_start_date", "panel_date", "approval_date", "deregistration_date", "month"}
NUMBER_COLUMNS = {"complainant_age", "stage", "approved_places", "places_in_use", "establishment_fte",
                  "permanent_fte", "agency_fte", "starters", "leavers", "caseload_avg"}


def _csv(sample: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(sample / name, dtype=str, keep_default_na=False)


def _value(column: str, text: str, as_text: bool = False):
    """A CSV cell as a workbook cell: dates as dates, numbers as numbers (or, as some analysts type
    them, as text), blanks empty."""
    if text == "":
        return None
    if column in DATE_COLUMNS:
        return dt.date.fromisoformat(text)
    if column in NUMBER_COLUMNS and not as_text:
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    return text


def _sheet(wb, title: str, df: pd.DataFrame, headers: dict[str, str], above: list[str], text_every: int = 0,
           text_column: str | None = None):
    """One table on its own sheet: `above` title rows (the first merged across the table), then the header."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(title)
    width = len(df.columns)
    for i, line in enumerate(above, start=1):
        ws.cell(i, 1, line).font = Font(bold=i == 1, size=14 if i == 1 else 10)
    if above:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.append([headers.get(c, c) for c in df.columns])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for n, record in enumerate(df.itertuples(index=False), start=1):
        ws.append([_value(c, v, as_text=bool(text_every) and c == text_column and n % text_every == 0)
                   for c, v in zip(df.columns, record)])
        for j, c in enumerate(df.columns, start=1):
            if c in DATE_COLUMNS:
                ws.cell(ws.max_row, j).number_format = "mmm yyyy" if c == "month" else "dd/mm/yyyy"
    return ws


def _workbook():
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    return wb


def complaints_book(sample: Path, path: Path) -> None:
    complaints = _csv(sample, "complaints.csv")
    complaints["outcome"] = complaints["outcome"].replace({RENAMED_OUTCOME[0]: RENAMED_OUTCOME[1]})
    wb = _workbook()
    notes = wb.create_sheet("Read me")
    notes["A1"] = "Complaints from children and young people: the log is on the sheet 'Log', advocacy on 'Advocacy'."
    _sheet(wb, "Log", complaints, COMPLAINTS_HEADERS,
           ["Complaints from children and young people, 2013-14", "Extract from the complaints database"],
           text_every=5, text_column="complainant_age")  # every 5th age stored as text
    _sheet(wb, "Advocacy", _csv(sample, "advocacy_cases.csv"), ADVOCACY_HEADERS, ["Advocacy cases (Coram Voice)"])
    save_workbook(wb, path)


def recruitment_book(sample: Path, path: Path) -> None:
    wb = _workbook()
    _sheet(wb, "Applications", _csv(sample, "foster_applications.csv"), APPLICATION_HEADERS,
           ["Foster carer recruitment tracker, 2013-14", "One row per household, from first enquiry"])
    _sheet(wb, "Households", _csv(sample, "foster_households.csv"), HOUSEHOLD_HEADERS, ["Approved households"])
    _sheet(wb, "Workforce", _csv(sample, "workforce.csv"), WORKFORCE_HEADERS, [])
    save_workbook(wb, path)


def _quarter_bounds(period: str) -> tuple[dt.datetime, dt.datetime]:
    """'2013-14 Q3' -> its first and last moment (October to December 2013)."""
    start_year, quarter = int(period[:4]), int(period[-1])
    month = 4 + 3 * (quarter - 1)
    year = start_year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    first = dt.datetime(year, month, 1)
    nxt = dt.datetime(year + (month + 2) // 12, (month + 2) % 12 + 1, 1)
    return first, nxt - dt.timedelta(seconds=1)


def forms_export(sample: Path, path: Path, seed: int) -> list[dict]:
    """The survey as Forms writes it; returns the questions (for the mapping)."""
    r = rng(seed)
    questions = _csv(sample, "survey_questions.csv")
    questions = questions[questions["survey"] == FORMS_SURVEY].to_dict("records")
    responses = _csv(sample, "survey_responses.csv")
    responses = responses[responses["survey"] == FORMS_SURVEY]
    people = responses[["period", "respondent_id", "area"]].drop_duplicates(["period", "respondent_id"])
    rows = []
    for person in people.itertuples(index=False):
        first, last = _quarter_bounds(person.period)
        seconds = int(r.integers(0, int((last - first).total_seconds()) - 3600))
        start = first + dt.timedelta(seconds=seconds)
        done = start + dt.timedelta(seconds=int(r.integers(120, 1800)))
        mine = responses[(responses["period"] == person.period) & (responses["respondent_id"] == person.respondent_id)]
        answers = []
        for q in questions:
            given = mine.loc[mine["question_id"] == q["question_id"], "answer"].tolist()
            if q["scale"] == "multi":  # Forms: the ticked answers, each followed by ';'
                answers.append("".join(a + ";" for a in given if a) or None)
            else:
                answers.append(given[0] if given and given[0] else None)
        rows.append((done, start, person.area or None, answers))
    rows.sort(key=lambda row: row[0])  # Forms numbers respondents in the order they finished
    wb = _workbook()
    ws = wb.create_sheet("Sheet1")
    ws.append(["ID", "Start time", "Completion time", "Email", "Name", "Which team supports you?",
               *[q["question"] for q in questions]])
    for n, (done, start, area, answers) in enumerate(rows, start=1):
        ws.append([n, start, done, "anonymous", None, area, *answers])
        for j in (2, 3):
            ws.cell(ws.max_row, j).number_format = "m/d/yy h:mm:ss"
    save_workbook(wb, path)
    return questions


def forms_mapping(questions: list[dict]) -> str:
    """The import-survey mapping of the Forms export, as an analyst would write it."""
    import json

    def flow(items) -> str:
        return "[" + ", ".join(json.dumps(i, ensure_ascii=False) for i in items) + "]"

    title = questions[0].get("survey_title") or ""
    lines = [f"# panelbook import-survey \"{FORMS_EXPORT}\" --mapping {FORMS_MAPPING} --out DATA_DIR",
             f"survey: {FORMS_SURVEY}", "format: forms", "respondent: ID", "completed: Completion time",
             "area: Which team supports you?", f"survey_title: {json.dumps(title, ensure_ascii=False)}", "questions:"]
    for q in questions:
        entry = [f"id: {q['question_id']}", f"column: {json.dumps(q['question'], ensure_ascii=False)}",
                 f"scale: {q['scale']}", f"answers: {flow(q['answers'].split('|'))}"]
        if q.get("headline"):
            entry.append(f"headline: {flow(q['headline'].split('|'))}")
        lines.append("  - {" + ",\n     ".join(entry) + "}")
    return "\n".join(lines) + "\n"


def generate(sample: Path, out: Path, seed: int = 2014) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    complaints_book(sample, out / COMPLAINTS_BOOK)
    recruitment_book(sample, out / RECRUITMENT_BOOK)
    questions = forms_export(sample, out / FORMS_EXPORT, seed)
    (out / FORMS_MAPPING).write_text(forms_mapping(questions), encoding="utf-8", newline="\n")
    return [out / COMPLAINTS_BOOK, out / RECRUITMENT_BOOK, out / FORMS_EXPORT, out / FORMS_MAPPING]
