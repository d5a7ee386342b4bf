"""`panelbook import-survey`: a survey tool's wide export into the long survey contract.

Microsoft Forms (.xlsx, or saved as .csv) and SurveyMonkey (two header rows: the question, then
each column's answer or "Response") write one row per respondent and one column per question. The
surveys chapter reads one row per answer (survey_responses.csv) and a questionnaire
(survey_questions.csv); a mapping file (YAML) says which column is which question. Import adds to
both files in DATA_DIR and never duplicates a respondent already imported (`--replace` redoes the
export's periods). Answers not on a question's list are reported with their row and nothing is
written; blank answers are kept as the question's blank label ("Left blank"); a multi-select cell
is split on `;` (a blank one ticks nothing, so it adds no answer: a multi-select question's base is
its answers ticked). A respondent's period is the financial-year quarter of the completion date.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io as _io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from .chapters.surveys.analysis import BLANK, PERIOD_PATTERN, QUESTIONS, RESPONSES
from .errors import DataError, ParamsError, Problem
from .params import StrictModel, read_yaml, validated
from .schema import header_key

FORMATS = ("forms", "surveymonkey")
YES_NO = ["Yes", "No"]
RESPONSE_COLUMNS = [c.name for c in RESPONSES.columns]
QUESTION_COLUMNS = [c.name for c in QUESTIONS.columns]
# Forms writes the completion time as a date cell (or, saved as CSV, as the locale's text); SurveyMonkey
# as US text. ISO is tried first in both.
DATE_FORMATS = {
    "forms": ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"),
    "surveymonkey": ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S",
                     "%m/%d/%Y %H:%M", "%m/%d/%Y"),
}


class QuestionMap(StrictModel):
    """One question: the export's column (its header, case and spacing forgiven) and the answer list."""

    id: str = Field(description="question_id in survey_questions.csv, e.g. feel_safe")
    column: str = Field(description="the export's column header (SurveyMonkey: the question in the first header row)")
    scale: Literal["likert5", "yes_no", "choice", "multi"]
    answers: list[str] | None = Field(None, description="the answers in printed order (optional for yes_no: Yes, No)")
    question: str | None = Field(None, description="the wording (default: the column header)")
    headline: list[str] | None = Field(None, description="answers whose share is the headline (optional)")

    @model_validator(mode="after")
    def _answers_listed(self):
        if self.answers is None and self.scale != "yes_no":
            raise ValueError(f"question '{self.id}': the answers list is required for scale {self.scale}")
        return self

    @property
    def labels(self) -> list[str]:
        return list(self.answers) if self.answers is not None else list(YES_NO)


class SurveyMap(StrictModel):
    """The mapping file of `import-survey` (every key but survey and questions optional)."""

    survey: str = Field(description="survey id, e.g. leaving_care")
    format: Literal["forms", "surveymonkey"] = "forms"
    respondent: str | None = Field(None, description="the column holding each respondent's id "
                                                     "(default: a stable hash of the row)")
    completed: str | None = Field(None, description="the completion date's column: its financial-year quarter "
                                                    "is the period")
    period: str | None = Field(None, description="the period when there is no completion date, e.g. 2019-20 Q3")
    area: str | None = Field(None, description="the column holding the area or team (optional)")
    sheet: str | int | None = Field(None, description="the workbook's sheet: name or 1-based number (default: first)")
    survey_title: str | None = Field(None, description="the survey's name in the book")
    separator: str = Field(";", min_length=1, description="between a multi-select cell's answers (Forms: ;)")
    questions: list[QuestionMap] = Field(min_length=1)

    @model_validator(mode="after")
    def _period_source(self):
        import re

        if self.completed is None and self.period is None:
            raise ValueError("give `completed` (the completion date's column) or `period` (e.g. 2019-20 Q3)")
        if self.period is not None and not re.match(PERIOD_PATTERN, self.period):
            raise ValueError(f"period: expected a period like '2019-20 Q3' (got {self.period!r})")
        ids = [q.id for q in self.questions]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"question id given twice: {', '.join(twice)}")
        return self


def load_mapping(path: Path) -> SurveyMap:
    return validated(SurveyMap, read_yaml(path, ("survey", "format", "questions")), str(path))


def financial_quarter(day: dt.date) -> str:
    """The financial-year quarter of `day` (April to March): 2019-10-05 -> '2019-20 Q3'."""
    start = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"{start}-{(start + 1) % 100:02d} Q{quarter}"


# -- the export as a grid of cells ------------------------------------------------------------------------------
@dataclass
class Export:
    """The export's cells (row 1 = the first row of the file), and how to name a cell in a message."""

    label: str
    rows: list[list]
    sheet: str | None = None

    def place(self, row: int, col: int | None, column: str | None, value, rule: str, action: str) -> Problem:
        from .workbooks import column_letter

        cell = f"{column_letter(col)}{row}" if self.sheet is not None and col is not None else None
        return Problem(self.label, row, column, None if value is None else str(value), rule, action,
                       sheet=self.sheet, cell=cell)


def read_export(path: Path, sheet=None) -> Export:
    from . import workbooks as wb
    from .io import decode_text

    label = path.name
    if not path.is_file():
        raise DataError([Problem(label, None, None, None, "file not found", f"check the export's path: {path}")])
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        name = wb.pick_sheet(wb.sheet_names(path, label), sheet, label, "sheet (in the mapping)")
        return Export(label, wb.read_rows(path, label, name), sheet=name)
    if path.suffix.lower() != ".csv":
        raise DataError([Problem(label, None, None, None, "not a survey export (.xlsx, .xls, .ods or .csv)",
                                 "export the responses from the survey tool as Excel or CSV")])
    with open(path, "rb") as fh:  # read-only
        text = decode_text(fh.read())
    return Export(label, [[c if c.strip() else None for c in r] for r in csv.reader(_io.StringIO(text, newline=""))])


@dataclass
class Columns:
    """Where each named column is: Forms' one header row, or SurveyMonkey's question row over answer row."""

    groups: dict[str, list[int]] = field(default_factory=dict)  # header_key(name) -> its column indexes
    names: dict[str, str] = field(default_factory=dict)  # header_key(name) -> the name as written
    labels: dict[int, str] = field(default_factory=dict)  # SurveyMonkey: column -> its answer (second row)
    header_rows: int = 1

    def find(self, name: str) -> list[int] | None:
        return self.groups.get(header_key(name))


def columns_of(export: Export, fmt: str) -> Columns:
    from .workbooks import cell_text

    if not export.rows:
        raise DataError([Problem(export.label, None, None, None, "the export is empty",
                                 "export the responses again, with their header row")])
    first = [cell_text(v).strip() for v in export.rows[0]]
    out = Columns(header_rows=1 if fmt == "forms" else 2)
    if fmt == "surveymonkey":
        if len(export.rows) < 2:
            raise DataError([Problem(export.label, None, None, None, "a SurveyMonkey export has two header rows; "
                                     "this one has one", "export again with 'Expanded' columns, or use format: forms")])
        second = [cell_text(v).strip() for v in export.rows[1]] + [""] * len(first)
        current = ""
        for j, name in enumerate(first):  # a question's name heads the first of its columns only
            current = name or current
            if current:
                out.groups.setdefault(header_key(current), []).append(j)
                out.names.setdefault(header_key(current), current)
                out.labels[j] = second[j]
        return out
    for j, name in enumerate(first):
        if name:
            out.groups.setdefault(header_key(name), []).append(j)
            out.names.setdefault(header_key(name), name)
    return out


def _key(text: str) -> str:
    """Answers compared as the surveys chapter compares them: case, outer spaces and curly quotes forgiven."""
    return text.strip().casefold().replace("’", "'").replace("‘", "'").replace("“", "").replace("”", "").replace('"', "")


def blank_label(q: QuestionMap) -> str:
    """What a blank answer is recorded as: the question's own blank answer if it lists one, else BLANK."""
    return next((a for a in q.labels if "blank" in a.casefold()), BLANK)


# -- the import ---------------------------------------------------------------------------------------------------
@dataclass
class Imported:
    responses: list[dict]
    questions: list[dict]
    respondents: int


def convert(export: Export, m: SurveyMap) -> Imported:
    """The export's rows as the long contract's rows; DataError listing every cell that does not fit."""
    from .workbooks import cell_text

    cols = columns_of(export, m.format)
    problems: list[Problem] = []

    def column(name: str, what: str) -> int | None:
        found = cols.find(name)
        if found is None:
            heads = ", ".join(f"'{n}'" for n in list(cols.names.values())[:15])
            problems.append(Problem(export.label, 1, name, None, f"{what}: no column headed '{name}' (the export has: {heads})",
                                    "correct the mapping to the export's header", sheet=export.sheet))
            return None
        return found[0]

    rid_col = column(m.respondent, "respondent") if m.respondent else None
    done_col = column(m.completed, "completed") if m.completed else None
    area_col = column(m.area, "area") if m.area else None
    qcols = {q.id: cols.find(q.column) for q in m.questions}
    for q in m.questions:
        if qcols[q.id] is None:
            column(q.column, f"question '{q.id}'")
    if problems:
        raise DataError(problems)

    responses: list[dict] = []
    seen_ids: dict[tuple[str, str], int] = {}
    respondents = 0
    first_data = cols.header_rows + 1
    for i, raw in enumerate(export.rows[cols.header_rows:], start=first_data):
        cells = [cell_text(v).strip() for v in raw]
        if not any(cells):
            continue
        get = lambda j: cells[j] if j is not None and j < len(cells) else ""  # noqa: E731
        # the period
        if done_col is not None:
            value = raw[done_col] if done_col < len(raw) else None
            day = _as_date(value, m.format)
            if day is None:
                problems.append(export.place(i, done_col, m.completed, get(done_col) or None,
                                             "completion date is blank or not a date" if get(done_col) else
                                             "completion date is blank", "check the export's dates"))
                continue
            period = financial_quarter(day)
        else:
            period = m.period
        # the respondent: the export's id, else a stable hash of the whole row
        if rid_col is not None:
            rid = get(rid_col)
            if not rid:
                problems.append(export.place(i, rid_col, m.respondent, None, "respondent id is blank",
                                             "fill it in, or leave `respondent` out of the mapping to use a hash of the row"))
                continue
        else:
            rid = "R" + hashlib.sha256("\x1f".join(cells).encode("utf-8")).hexdigest()[:12]
        n = seen_ids.get((period, rid), 0)
        seen_ids[(period, rid)] = n + 1
        if n and rid_col is not None:
            problems.append(export.place(i, rid_col, m.respondent, rid, "this respondent id is on an earlier row too",
                                         "keep one row per respondent"))
            continue
        if n:  # two identical rows: two respondents who answered alike
            rid = f"{rid}-{n + 1}"
        respondents += 1
        area = get(area_col) or None
        for q in m.questions:
            for answer, j in _answers(q, qcols[q.id], cells, cols, m.separator, export, i, problems):
                responses.append({"survey": m.survey, "period": period, "respondent_id": rid, "area": area,
                                  "question_id": q.id, "answer": answer})
    if problems:
        raise DataError(problems)
    questions = [{"survey": m.survey, "question_id": q.id, "question": q.question or cols.names[header_key(q.column)],
                  "answers": "|".join(q.labels), "scale": q.scale,
                  "headline": "|".join(q.headline) if q.headline else None, "decimals": None,
                  "survey_title": m.survey_title} for q in m.questions]
    return Imported(responses, questions, respondents)


def _answers(q: QuestionMap, where: list[int], cells: list[str], cols: Columns, sep: str, export: Export,
             row: int, problems: list[Problem]):
    """(answer, column) pairs of one respondent for one question, each answer in the list's spelling."""
    canon = {_key(a): a for a in q.labels}
    if q.scale == "multi":
        ticked = []
        for j in where:
            text = cells[j] if j < len(cells) else ""
            if len(where) > 1 and text and _key(text) not in canon and cols.labels.get(j):
                text = cols.labels[j]  # SurveyMonkey: a ticked column may hold 1 or x; its answer is the header
            ticked += [(part.strip(), j) for part in text.split(sep) if part.strip()]
        out = []
        for text, j in ticked:
            if _key(text) in canon:
                out.append((canon[_key(text)], j))
            else:
                problems.append(_not_listed(export, row, j, q, text))
        return out
    j = where[0]
    if len(where) > 1:  # SurveyMonkey: the "Response" column of a question with an "Other" column beside it
        j = next((k for k in where if cols.labels.get(k, "").casefold() == "response"), where[0])
    text = cells[j] if j < len(cells) else ""
    if not text:
        return [(blank_label(q), j)]
    if _key(text) not in canon:
        problems.append(_not_listed(export, row, j, q, text))
        return []
    return [(canon[_key(text)], j)]


def _not_listed(export: Export, row: int, col: int, q: QuestionMap, text: str) -> Problem:
    return export.place(row, col, q.column, text, f"not one of the answers of question '{q.id}' "
                        f"({' | '.join(q.labels)})", "correct the answer, or add it to the question's answers in the mapping")


def _as_date(value, fmt: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip() if value is not None else ""
    if not text:
        return None
    for f in DATE_FORMATS[fmt]:
        try:
            return dt.datetime.strptime(text, f).date()
        except ValueError:
            continue
    return None


# -- adding to DATA_DIR ----------------------------------------------------------------------------------------------
def _read_contract(path: Path, columns: list[str]) -> tuple[list[str], list[dict]]:
    """An existing contract file's header and rows (as text), or the contract's header and no rows."""
    from .io import decode_text

    if not path.is_file():
        return list(columns), []
    with open(path, "rb") as fh:
        rows = list(csv.reader(_io.StringIO(decode_text(fh.read()), newline="")))
    if not rows:
        return list(columns), []
    header = [h.strip() for h in rows[0]]
    missing = [c for c in columns if c not in header and c in ("survey", "period", "respondent_id", "question_id")]
    if missing:
        raise DataError([Problem(path.name, 1, c, None, "required column is missing",
                                 f"this is not a {path.name} the surveys chapter reads; move it aside") for c in missing])
    header += [c for c in columns if c not in header]
    return header, [dict(zip(header, r + [""] * (len(header) - len(r)))) for r in rows[1:] if any(x.strip() for x in r)]


def _write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    """Write atomically (a temporary file beside it, then a rename): never a half-written contract file."""
    buf = _io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if r.get(c) is None else r.get(c) for c in header])
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(buf.getvalue())
    os.replace(tmp, path)


@dataclass
class Summary:
    respondents: int
    answers: int
    skipped: int
    replaced: int
    periods: list[str]
    questions_new: int
    questions_updated: int

    def lines(self, survey: str, out: Path) -> list[str]:
        lines = [f"{out / RESPONSES.name}: {survey}: {self.respondents} respondent(s), {self.answers} answer(s) added "
                 f"(periods: {', '.join(self.periods) or 'none'})"]
        if self.skipped:
            lines.append(f"  {self.skipped} respondent(s) already imported were skipped (use --replace to redo a period)")
        if self.replaced:
            lines.append(f"  {self.replaced} earlier answer(s) of these periods were replaced")
        lines.append(f"{out / QUESTIONS.name}: {survey}: {self.questions_new} question(s) added, "
                     f"{self.questions_updated} updated")
        return lines


def import_survey(export_path: Path, mapping_path: Path, out: Path, replace: bool = False) -> Summary:
    m = load_mapping(mapping_path)
    if not out.is_dir():
        raise ParamsError(f"--out: folder not found: {out}")
    imported = convert(read_export(export_path, m.sheet), m)
    header, existing = _read_contract(out / RESPONSES.name, RESPONSE_COLUMNS)
    periods = sorted({r["period"] for r in imported.responses})
    replaced = 0
    if replace:
        keep = [r for r in existing if not (r["survey"] == m.survey and r["period"] in periods)]
        replaced, existing = len(existing) - len(keep), keep
    known = {(r["survey"], r["period"], r["respondent_id"]) for r in existing}
    new = [r for r in imported.responses if (r["survey"], r["period"], r["respondent_id"]) not in known]
    skipped = len({(r["period"], r["respondent_id"]) for r in imported.responses} -
                  {(r["period"], r["respondent_id"]) for r in new})
    qheader, qrows = _read_contract(out / QUESTIONS.name, QUESTION_COLUMNS)
    added = updated = 0
    for q in imported.questions:
        at = next((i for i, r in enumerate(qrows) if r["survey"] == q["survey"] and r["question_id"] == q["question_id"]), None)
        if at is None:
            last = max((i for i, r in enumerate(qrows) if r["survey"] == q["survey"]), default=len(qrows) - 1)
            qrows.insert(last + 1, q)
            added += 1
            continue
        old = qrows[at]
        merged = {**old, **{k: v for k, v in q.items() if v is not None}}
        if any(str(merged.get(k) or "") != str(old.get(k) or "") for k in QUESTION_COLUMNS):
            updated += 1
        qrows[at] = merged
    _write_csv(out / QUESTIONS.name, qheader, qrows)
    _write_csv(out / RESPONSES.name, header, existing + new)
    return Summary(len({(r["period"], r["respondent_id"]) for r in new}), len(new), skipped, replaced,
                   sorted({r["period"] for r in new}), added, updated)


def cmd_import_survey(args) -> int:
    """`panelbook import-survey EXPORT --mapping MAP.yaml --out DATA_DIR [--replace]`."""
    m = load_mapping(args.mapping)
    summary = import_survey(args.export, args.mapping, args.data_dir, replace=args.replace)
    for line in summary.lines(m.survey, args.data_dir):
        print(line)
    return 0
