"""Writes the bad-input catalogue: one folder per case, each a small edition and the errors it must give.

Run `.venv/bin/python tests/bad_inputs/_make_cases.py` to (re)write every case from data/sample.
Each case copies only the sample files its chapter needs (trimmed to a few rows), then breaks them
in one deliberate way. `expected.txt` is written from the lines declared here by hand: its first
line is `exit 2` (or `VALID`, meaning exit 0), then every line the output must contain. A case
with `generate.py` has part of its data made at test time (the 10 MB cell is not committed).
"""
from __future__ import annotations

import csv
import io
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parents[1] / "data" / "sample"

SECTIONS = {
    "missing": "missing:\n  period_start: 2013-04-01\n  period_end: 2013-09-30\n",
    "surveys": "surveys:\n  period: 2013-14 Q3\n  compare_with: 2013-14 Q2\n",
    "complaints": "complaints:\n  period_start: 2013-09-01\n  period_end: 2014-02-28\n",
    "recruitment": "recruitment:\n  period_start: 2013-04-01\n  period_end: 2013-12-31\n",
    "audits": "audits:\n  period_start: 2013-08-01\n  period_end: 2013-10-31\n",
    "actions": "actions:\n  as_at: 2014-04-10\n",
}
HEAD = "title: Bad input {n}\nlocal_authority: Test\ndata_dir: data\n"
P = "edition.yaml: "


# -- trimmed copies of the sample ------------------------------------------------------------------
def rows_of(name: str) -> list[list[str]]:
    with open(SAMPLE / name, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def sample_rows(name: str) -> list[list[str]]:
    """The sample file's rows (header first), trimmed so each case stays small but consistent."""
    if name == "children.csv":
        return rows_of(name)[:31]  # C000-C029
    if name == "missing_episodes.csv":
        kids = {r[0] for r in rows_of("children.csv")[1:31]}
        rows = rows_of(name)
        return rows[:1] + [r for r in rows[1:] if r[0] in kids]
    if name == "foster_applications.csv":
        return rows_of(name)[:61]
    if name == "foster_households.csv":
        ids = {r[0] for r in rows_of("foster_applications.csv")[1:61]}
        rows = rows_of(name)
        return rows[:1] + [r for r in rows[1:] if r[0] in ids]
    if name == "survey_responses.csv":
        rows = rows_of(name)
        return rows[:1] + [r for r in rows[1:] if r[0] == "catch22_16plus"][:80] + \
            [r for r in rows[1:] if r[0] == "leaving_care" and r[1] in ("2013-14 Q2", "2013-14 Q3")][:80]
    if name in ("qa_audits.csv", "iro_plan_grades.csv"):
        return rows_of(name)[:121]
    if name in ("actions.csv", "actions_previous.csv"):
        return rows_of(name)[:21]
    if name == BENCH_FILE:  # the illustrative EES file: two years, England, the South East, four authorities
        rows = rows_of(name)
        h = rows[0]
        level = lambda r: r[h.index("geographic_level")]
        keep = lambda r: r[h.index("time_period")] in ("2012", "2013") and (
            level(r) == "National" or (level(r) == "Regional" and r[h.index("region_code")] == "E12000008")
            or r[h.index("new_la_code")] in BENCH_CODES)
        return rows[:1] + [r for r in rows[1:] if keep(r)]
    if name in CHILD_COLUMN:  # the national layouts: the same children C000-C029
        with open(LAYOUT_DIRS[LAYOUT_OF[name]] / name, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        kids = {r[0] for r in rows_of("children.csv")[1:31]}
        j = rows[0].index(CHILD_COLUMN[name])
        return rows[:1] + [r for r in rows[1:] if r[j] in kids]
    return rows_of(name)


# the missing chapter's national layouts (data/sample-903, data/sample-ssd): each file's child column
LAYOUT_DIRS = {"ssda903": SAMPLE.parent / "sample-903", "ssd": SAMPLE.parent / "sample-ssd"}
NATIONAL_FILES = {"ssda903": ("header.csv", "episodes.csv", "uasc.csv", "missing.csv", "nationality.csv"),
                  "ssd": ("ssd_person.csv", "ssd_missing.csv", "ssd_immigration_status.csv", "ssd_cla_episodes.csv")}
LAYOUT_OF = {f: source for source, files in NATIONAL_FILES.items() for f in files}
CHILD_COLUMN = {"header.csv": "CHILD", "episodes.csv": "CHILD", "uasc.csv": "CHILD", "missing.csv": "CHILD",
                "nationality.csv": "CHILD", "ssd_person.csv": "pers_person_id", "ssd_missing.csv": "miss_la_person_id",
                "ssd_immigration_status.csv": "immi_person_id", "ssd_cla_episodes.csv": "clae_person_id"}


FILES = {
    "missing": ("children.csv", "missing_episodes.csv"),
    "surveys": ("survey_responses.csv", "survey_questions.csv"),
    "complaints": ("complaints.csv", "advocacy_cases.csv"),
    "recruitment": ("foster_applications.csv", "foster_households.csv", "workforce.csv"),
    "audits": ("qa_audits.csv",),
    "actions": ("actions.csv",),
}


def to_text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


# -- editing helpers (spreadsheet rows: header = 1) -----------------------------------------------
class Data:
    """The case's data folder, edited as a spreadsheet user would."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / name

    def rows(self, name: str) -> list[list[str]]:
        with open(self.path(name), newline="", encoding="utf-8") as fh:
            return list(csv.reader(fh))

    def write_rows(self, name: str, rows) -> None:
        self.path(name).write_text(to_text(rows), encoding="utf-8", newline="")

    def set(self, name: str, row: int, column: str, value: str) -> None:
        rows = self.rows(name)
        rows[row - 1][rows[0].index(column)] = value
        self.write_rows(name, rows)

    def get(self, name: str, row: int, column: str) -> str:
        rows = self.rows(name)
        return rows[row - 1][rows[0].index(column)]

    def drop_column(self, name: str, column: str) -> None:
        rows = self.rows(name)
        j = rows[0].index(column)
        self.write_rows(name, [r[:j] + r[j + 1:] for r in rows])

    def rename_columns(self, name: str, mapping: dict[str, str]) -> None:
        rows = self.rows(name)
        rows[0] = [mapping.get(h, h) for h in rows[0]]
        self.write_rows(name, rows)

    def map_column(self, name: str, column: str, fn) -> None:
        rows = self.rows(name)
        j = rows[0].index(column)
        for i, r in enumerate(rows[1:], start=2):
            r[j] = fn(r[j], i)
        self.write_rows(name, rows)

    def text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def write_text(self, name: str, text: str, encoding: str = "utf-8") -> None:
        self.path(name).write_bytes(text.encode(encoding))

    def write_bytes(self, name: str, data: bytes) -> None:
        self.path(name).write_bytes(data)

    def remove(self, name: str) -> None:
        self.path(name).unlink()

    def delete_rows(self, name: str, keep) -> None:
        rows = self.rows(name)
        self.write_rows(name, rows[:1] + [r for i, r in enumerate(rows[1:], start=2) if keep(r, i)])


@dataclass
class Case:
    name: str
    sections: tuple[str, ...]
    expected: tuple[str, ...]  # () = VALID
    edit: Callable[[Data], None] = lambda d: None
    params: str | None = None  # the whole edition.yaml (else built from sections)
    extra_params: str = ""  # appended to the built edition.yaml
    files: tuple[str, ...] | None = None  # default: every file of the sections
    generate: str | None = None  # source of generate.py, run at test time
    raw_params: bytes | None = None  # edition.yaml written byte for byte
    mapping: str | None = None  # an import-survey case: mapping.yaml (and data/export.xlsx), no edition.yaml
    exit: int = 2
    note: str = ""


CASES: list[Case] = []


def case(*args, **kw):
    CASES.append(Case(*args, **kw))


# -- the missing chapter: every kind of file and cell problem ----------------------------------------
FNF = "put missing_episodes.csv in "
case("01-missing-file", ("missing",),
     ("missing_episodes.csv: file not found — " + FNF,),
     lambda d: d.remove("missing_episodes.csv"))
case("02-empty-file", ("missing",),
     ("missing_episodes.csv: file is empty — export the table again with its header row: "
      "child_id, start_date, end_date",),
     lambda d: d.write_bytes("missing_episodes.csv", b""))
case("03-header-only", ("missing",),
     ("missing_episodes.csv: file has a header but no data rows — export the data rows too",),
     lambda d: d.write_text("missing_episodes.csv", "child_id,start_date,end_date,missing_type\n"))
case("04-missing-column", ("missing",),
     ("children.csv, row 1, column 'dob': required column is missing — add a column headed 'dob' (date of birth)",),
     lambda d: d.drop_column("children.csv", "dob"))


def _dup_id(d: Data):
    d.set("children.csv", 6, "child_id", "C003")


case("05-duplicate-id", ("missing",),
     ("children.csv, row 5, column 'child_id': duplicate key: must be unique (found 'C003') — "
      "remove or correct the repeated row",
      "children.csv, row 6, column 'child_id': duplicate key: must be unique (found 'C003') — "
      "remove or correct the repeated row"),
     _dup_id)


def _dup_header(d: Data):
    rows = d.rows("children.csv")
    d.write_rows("children.csv", [r + (["uasc"] if i == 0 else [r[4]]) for i, r in enumerate(rows)])


case("06-duplicate-header", ("missing",),
     ("children.csv, row 1, column 'uasc': column appears twice in the header — delete one of them",),
     _dup_header)
case("0a-similar-file-name", ("missing",),
     ("missing_episodes.csv: file not found, but a file with a similar name is there "
      "(found 'missing_episodes (1).csv') — rename it to missing_episodes.csv (or save it as CSV under that name)",),
     lambda d: d.path("missing_episodes.csv").rename(d.path("missing_episodes (1).csv")),
     note="a browser's second download of the export")
DATE_ACTION = "use YYYY-MM-DD or dd/mm/YYYY with a real day and month"
case("07-unparseable-date", ("missing",),
     (f"missing_episodes.csv, row 4, column 'start_date': not a date (found 'early May 2013') — {DATE_ACTION}",),
     lambda d: d.set("missing_episodes.csv", 4, "start_date", "early May 2013"))
case("08-impossible-date", ("missing",),
     (f"children.csv, row 5, column 'dob': not a date (found '31/02/2001') — {DATE_ACTION}",),
     lambda d: d.set("children.csv", 5, "dob", "31/02/2001"))


def _future(d: Data):
    d.set("missing_episodes.csv", 6, "start_date", "2099-05-10")
    d.set("missing_episodes.csv", 6, "end_date", "")


case("09-future-date", ("missing",),
     ("missing_episodes.csv, row 6, column 'start_date': date is in the future (found '2099-05-10') — "
      "check the date (dd/mm/YYYY, day first)",),
     _future)
case("10-end-before-start", ("missing",),
     ("missing_episodes.csv, row 3, column 'end_date': end_date is before start_date (found '2013-04-20') — "
      "an episode must end on or after it starts",),
     lambda d: d.set("missing_episodes.csv", 3, "end_date", "2013-04-20"))
case("11-unknown-code", ("missing",),
     ("children.csv, row 4, column 'sex': unknown code; expected one of: M, F, other, unknown (found 'X') — "
      "correct the value",),
     lambda d: d.set("children.csv", 4, "sex", "X"))
case("12-orphan-episode", ("missing",),
     ("missing_episodes.csv, row 7, column 'child_id': not found in children.csv (found 'C999') — "
      "add the record to children.csv or correct the reference",),
     lambda d: d.set("missing_episodes.csv", 7, "child_id", "C999"))
OVERLAP = ("overlaps the child's previous episode (which is open or ends on or after this start)")
case("13-overlapping-episodes", ("missing",),
     (f"missing_episodes.csv, row 3, column 'start_date': {OVERLAP} (found '2013-04-20') — "
      "merge the two episodes or correct the dates",),
     lambda d: d.set("missing_episodes.csv", 3, "start_date", "2013-04-20"))
case("14-episode-after-open-episode", ("missing",),
     (f"missing_episodes.csv, row 3, column 'start_date': {OVERLAP} (found '2013-04-25') — "
      "merge the two episodes or correct the dates",),
     lambda d: d.set("missing_episodes.csv", 2, "end_date", ""),
     note="an open episode (no end) followed by another for the same child")
case("15-age-over-25", ("missing",),
     ("missing_episodes.csv, row 2, column 'start_date': child would be aged 33 at this episode (expected 0-25) "
      "(found '2013-04-19') — check the date and the child's dob",),
     lambda d: d.set("children.csv", 2, "dob", "1980-01-27"))
def _before_birth(d: Data):
    d.set("children.csv", 2, "dob", "2013-04-26")
    d.set("children.csv", 2, "case_open_date", "2013-04-26")


case("1a-episode-before-birth", ("missing",),
     ("missing_episodes.csv, row 2, column 'start_date': child would be aged -1 at this episode (expected 0-25) "
      "(found '2013-04-19') — check the date and the child's dob",
      "missing_episodes.csv, row 3, column 'start_date': child would be aged -1 at this episode (expected 0-25) "
      "(found '2013-04-25')"),
     _before_birth)
case("0b-web-page-renamed-csv", ("complaints",),
     ("complaints.csv: not a CSV text file (a web page or XML document) (found '<!DOCTYPE html><html><body><table><tr><t') "
      "— export the table as CSV, or in Excel use File > Save As > CSV UTF-8",),
     lambda d: d.write_text("complaints.csv", "<!DOCTYPE html><html><body><table><tr><td>complaint_id</td></tr>"
                            "</table></body></html>\n"))

case("16-bad-flag", ("missing",),
     ("children.csv, row 3, column 'uasc': not a yes/no flag (found 'maybe') — use Y or N (Yes/No/1/0 also accepted)",),
     lambda d: d.set("children.csv", 3, "uasc", "maybe"))
case("17-blank-required", ("missing",),
     ("children.csv, row 7, column 'nationality': value is blank but required — fill in the value",),
     lambda d: d.set("children.csv", 7, "nationality", "  "))

HUGE = '''"""Make the 10 MB single-cell line at test time (too big to commit)."""
from pathlib import Path


def generate(data_dir: Path) -> None:
    path = data_dir / "missing_episodes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, "A" * 10_000_000 + "\\n")  # row 3: one cell of ten million characters
    path.write_text("".join(lines), encoding="utf-8")
'''
case("18-10mb-single-cell-line", ("missing",),
     ("missing_episodes.csv, row 3, column 'child_id': cell is 10,000,000 characters long (at most 1,000,000) "
      "(found 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA') — the export is broken; export the table again",),
     generate=HUGE)


def _xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in (("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"),
                          ("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>")):
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), '<?xml version="1.0"?>' + xml)
    return buf.getvalue()


BINARY = ("children.csv: not a CSV text file: it is an Excel workbook ({0}) named .csv — "
          "rename it to children{0}: workbooks are read as they are")
case("19-xlsx-renamed-csv", ("missing",), (BINARY.format(".xlsx"),),
     lambda d: d.write_bytes("children.csv", _xlsx_bytes()))
case("20-xls-renamed-csv", ("missing",), (BINARY.format(".xls"),),
     lambda d: d.write_bytes("children.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2040)))
DELIM = "wrong delimiter: the header is not comma-separated"
case("21-semicolon-delimiter", ("missing",),
     (f"missing_episodes.csv, row 1: {DELIM} (found 'child_id;start_date;end_date;missing_type') — "
      "save as CSV with commas between columns",),
     lambda d: d.write_text("missing_episodes.csv", d.text("missing_episodes.csv").replace(",", ";")))
case("22-tab-delimiter", ("missing",),
     (f"missing_episodes.csv, row 1: {DELIM} (found 'child_id\\tstart_date\\tend_date\\tmissing_type') — "
      "save as CSV with commas between columns",),
     lambda d: d.write_text("missing_episodes.csv", d.text("missing_episodes.csv").replace(",", "\t")))
case("23-ragged-row", ("missing",),
     ("children.csv, row 8: row has 8 values but the header has 7 columns "
      "(found 'C006,1998-07-20,M,Congolese, DR,Y,2011-11-11,CIC') — "
      "remove the extra values or quote cells that contain commas",),
     lambda d: d.write_text("children.csv", d.text("children.csv").replace(
         "C006,1998-07-20,M,Afghanistani,", "C006,1998-07-20,M,Congolese, DR,")),
     note="an unquoted comma inside a cell; the row's other cells are not reported again")
case("24-unclosed-quote", ("missing",),
     ("missing_episodes.csv, row 5: a quote (\") opened in this row (line 5 of the file) is never closed, "
      "so the rest of the file would be read as one cell (found '\"C000,2013-05-04,2013-05-04,M') — "
      "close the quote, or remove it; a cell containing commas must be quoted on both sides",),
     lambda d: d.write_text("missing_episodes.csv", d.text("missing_episodes.csv").replace(
         "C000,2013-05-04", '"C000,2013-05-04', 1)))
case("25-utf16-unicode-text", ("missing",),
     (f"children.csv, row 1: {DELIM} (found 'child_id\\tdob\\tsex\\tnationality\\tuasc\\tcase_open_date\\tcare_status') — "
      "save as CSV with commas between columns",),
     lambda d: d.write_text("children.csv", "\ufeff" + d.text("children.csv").replace(",", "\t"), "utf-16-le"),
     note="Excel's Save As 'Unicode Text' (UTF-16, tab-separated) renamed .csv")
case("26-blank-first-row", ("missing",),
     ("children.csv, row 1: the first row is blank: it must be the header — delete the blank rows above the header row",),
     lambda d: d.write_text("children.csv", ",,,,,,\n" + d.text("children.csv")))
case("27-title-rows-above-header", ("missing",),
     ("children.csv, row 1: the header is not on row 1: the column names are on row 3 "
      "(found 'Children known to the service,,,,,,') — delete the 2 row(s) above the header so that it is row 1",),
     lambda d: d.write_text("children.csv", "Children known to the service,,,,,,\nExported 01/04/2014,,,,,,\n"
                            + d.text("children.csv")))


def _many(d: Data):
    d.set("children.csv", 3, "dob", "1996-13-01")
    d.set("children.csv", 4, "sex", "boy?")
    d.set("children.csv", 5, "uasc", "unknown")
    d.set("missing_episodes.csv", 2, "start_date", "")
    d.set("missing_episodes.csv", 4, "end_date", "29/04/2013")


case("28-every-problem-at-once", ("missing",),
     ("The data has 5 problem(s):",
      f"children.csv, row 3, column 'dob': not a date (found '1996-13-01') — {DATE_ACTION}",
      "children.csv, row 4, column 'sex': unknown code; expected one of: M, F, other, unknown (found 'boy?')",
      "children.csv, row 5, column 'uasc': not a yes/no flag (found 'unknown')",
      "missing_episodes.csv, row 2, column 'start_date': value is blank but required — fill in the value",
      "missing_episodes.csv, row 4, column 'end_date': end_date is before start_date (found '2013-04-29')"),
     _many)

# -- complaints ----------------------------------------------------------------------------------------
case("30-negative-age", ("complaints",),
     ("complaints.csv, row 3, column 'complainant_age': must be at least 0 (found '-3') — correct the value",),
     lambda d: d.set("complaints.csv", 3, "complainant_age", "-3"))
case("3a-year-typo", ("complaints",),
     ("complaints.csv, row 4, column 'received_date': date is before 1900 (found '1013-04-29') — check the year",),
     lambda d: d.set("complaints.csv", 4, "received_date", "29/04/1013"))
case("31-non-integer-stage", ("complaints",),
     ("complaints.csv, row 4, column 'stage': not a whole number (found 'two') — enter digits only",),
     lambda d: d.set("complaints.csv", 4, "stage", "two"))
case("32-unknown-complaint-outcome", ("complaints",),
     ("complaints.csv, row 5, column 'outcome': unknown code; expected one of: upheld, partly upheld, not upheld, "
      "withdrawn, open (found 'resolved') — correct the value",),
     lambda d: d.set("complaints.csv", 5, "outcome", "resolved"))
case("33-advocacy-closed-before-opened", ("complaints",),
     ("advocacy_cases.csv, row 2, column 'closed_date': closed_date is before opened_date (found '2012-11-30') — "
      "check both dates",),
     lambda d: d.set("advocacy_cases.csv", 2, "closed_date", "30/11/2012"))
case("34-advocacy-closed-without-outcome", ("complaints",),
     ("advocacy_cases.csv, row 3, column 'outcome': a closed case has no outcome — "
      "record fully resolved, partially resolved or unknown",),
     lambda d: d.set("advocacy_cases.csv", 3, "outcome", ""))
case("35-responded-before-received", ("complaints",),
     ("complaints.csv, row 2, column 'responded_date': responded_date is before received_date (found '2013-03-01') — "
      "check both dates",),
     lambda d: d.set("complaints.csv", 2, "responded_date", "2013-03-01"))
case("36-duplicate-complaint-id", ("complaints",),
     ("complaints.csv, row 7, column 'complaint_id': duplicate key: must be unique (found 'CC0005')",),
     lambda d: d.set("complaints.csv", 7, "complaint_id", "CC0005"))
case("37-stage-out-of-range", ("complaints",),
     ("complaints.csv, row 3, column 'stage': must be at most 3 (found '4') — correct the value",),
     lambda d: d.set("complaints.csv", 3, "stage", "4"))


# -- recruitment -----------------------------------------------------------------------------------------
def _approval_before_enquiry(d: Data):
    d.set("foster_applications.csv", 2, "approval_date", "2011-12-01")
    d.set("foster_households.csv", 2, "approval_date", "2011-12-01")


case("40-approval-before-enquiry", ("recruitment",),
     ("foster_applications.csv, row 2, column 'approval_date': approval_date is before enquiry_date "
      "(found '2011-12-01') — check both dates",),
     _approval_before_enquiry)
case("41-approved-household-not-in-households", ("recruitment",),
     ("foster_applications.csv, row 2, column 'household_id': approved but not found in foster_households.csv "
      "(found 'FA00001') — add the household to foster_households.csv or correct the reference",),
     lambda d: d.delete_rows("foster_households.csv", lambda r, i: r[0] != "FA00001"),
     note="a cross-file key of another chapter")
case("42-negative-count", ("recruitment",),
     ("foster_households.csv, row 3, column 'approved_places': must be at least 0 (found '-1') — correct the value",),
     lambda d: d.set("foster_households.csv", 3, "approved_places", "-1"))
case("43-non-integer-count", ("recruitment",),
     ("foster_households.csv, row 4, column 'places_in_use': not a whole number (found '1.5') — enter digits only",),
     lambda d: d.set("foster_households.csv", 4, "places_in_use", "1.5"))
case("44-places-in-use-above-approved", ("recruitment",),
     ("foster_households.csv, row 5, column 'places_in_use': places_in_use is more than approved_places "
      "(found '9') — check both numbers",),
     lambda d: d.set("foster_households.csv", 5, "places_in_use", "9"))
case("45-duplicate-month-and-team", ("recruitment",),
     ("workforce.csv, row 3, column 'month,team': duplicate key: this combination of month and team must be unique "
      "(found '2013-05-01, Ashford & Shepway') — remove or correct the repeated row",
      "workforce.csv, row 4, column 'month,team': duplicate key: this combination of month and team must be unique "
      "(found '2013-05-01, Ashford & Shepway') — remove or correct the repeated row"),
     lambda d: d.set("workforce.csv", 4, "month", "2013-05-01"))
case("46-comma-decimal", ("recruitment",),
     ("workforce.csv, row 2, column 'establishment_fte': not a number (found '62,0') — enter digits only",),
     lambda d: d.set("workforce.csv", 2, "establishment_fte", "62,0"))
case("47-unknown-application-outcome", ("recruitment",),
     ("foster_applications.csv, row 3, column 'outcome': unknown code; expected one of: approved, withdrawn, "
      "declined, in_progress (found 'on hold') — correct the value",),
     lambda d: d.set("foster_applications.csv", 3, "outcome", "on hold"))
case("48-deregistered-before-approval", ("recruitment",),
     ("foster_households.csv, row 2, column 'deregistration_date': deregistration_date is before approval_date "
      "(found '2013-01-01') — check both dates",),
     lambda d: d.set("foster_households.csv", 2, "deregistration_date", "01/01/2013"))
case("49-approval-dates-disagree", ("recruitment",),
     ("foster_applications.csv, row 2, column 'approval_date': foster_households.csv gives approval on 2013-06-10 "
      "(found '2013-05-10') — make the two approval dates agree",),
     lambda d: d.set("foster_households.csv", 2, "approval_date", "2013-06-10"))

case("4a-number-too-large", ("recruitment",),
     ("foster_households.csv, row 2, column 'approved_places': not a whole number (found '99999999999999999999999') "
      "— enter digits only",),
     lambda d: d.set("foster_households.csv", 2, "approved_places", "99999999999999999999999"))
case("4b-infinite-number", ("recruitment",),
     ("workforce.csv, row 3, column 'agency_fte': not a number (found 'inf') — enter digits only",),
     lambda d: d.set("workforce.csv", 3, "agency_fte", "inf"))

# -- audits ------------------------------------------------------------------------------------------------
case("50-unknown-needs-group", ("audits",),
     ("qa_audits.csv, row 2, column 'needs_group': unknown code; expected one of: CIN, CP, CIC, care_leaver "
      "(found 'adoption') — correct the value",),
     lambda d: d.set("qa_audits.csv", 2, "needs_group", "adoption"))
case("51-grade-not-on-scale", ("audits",),
     ("qa_audits.csv, row 3, column 'plan': not a grade on the edition's scale: inadequate, adequate, good, "
      "outstanding (found 'requires improvement') — use one of the scale's grades, or leave blank if not graded",),
     lambda d: d.set("qa_audits.csv", 3, "plan", "requires improvement"))
case("52-duplicate-audit-id", ("audits",),
     ("qa_audits.csv, row 9, column 'audit_id': duplicate key: must be unique (found 'QA00002')",),
     lambda d: d.set("qa_audits.csv", 9, "audit_id", "QA00002"))
case("53-optional-file-header-only", ("audits",),
     ("iro_plan_grades.csv: file has a header but no data rows — export the data rows too",),
     lambda d: d.write_text("iro_plan_grades.csv", "review_id,review_date,needs_group,plan_grade\n,,,\n"),
     note="an optional file, once present, must be complete")
case("54-month-thirteen", ("audits",),
     (f"qa_audits.csv, row 4, column 'audit_date': not a date (found '2013-13-02') — {DATE_ACTION}",),
     lambda d: d.set("qa_audits.csv", 4, "audit_date", "2013-13-02"))

# -- surveys ----------------------------------------------------------------------------------------------
case("60-period-label", ("surveys",),
     ("survey_responses.csv, row 3, column 'period': period is not of the form YYYY-YY Qn (e.g. 2013-14 Q3) "
      "(found 'Q3 2013-14') — write the financial year and quarter, e.g. 2013-14 Q3",),
     lambda d: d.set("survey_responses.csv", 3, "period", "Q3 2013-14"))
case("61-unknown-question", ("surveys",),
     ("survey_responses.csv, row 4, column 'question_id': question not in survey_questions.csv "
      "(found 'catch22_16plus/hapy_with_placement') — add the question to survey_questions.csv",),
     lambda d: d.set("survey_responses.csv", 4, "question_id", "hapy_with_placement"),
     note="a cross-file key of another chapter")
case("62-answer-not-on-questionnaire", ("surveys",),
     ("survey_responses.csv, row 2, column 'answer': not one of the question's answers in survey_questions.csv "
      "(found 'Maybe') — correct the answer or add it to the question's answers",),
     lambda d: d.set("survey_responses.csv", 2, "answer", "Maybe"))


def _twice(d: Data):
    rows = d.rows("survey_responses.csv")
    rows.insert(2, list(rows[1]))
    d.write_rows("survey_responses.csv", rows)


case("63-answered-twice", ("surveys",),
     ("survey_responses.csv, row 3, column 'respondent_id': the respondent answered this question twice in the period",),
     _twice)
case("64-unknown-scale", ("surveys",),
     ("survey_questions.csv, row 2, column 'scale': unknown code; expected one of: likert5, yes_no, choice, multi "
      "(found 'likert7') — correct the value",),
     lambda d: d.set("survey_questions.csv", 2, "scale", "likert7"))
case("65-survey-questions-missing", ("surveys",),
     ("survey_questions.csv: file not found — put survey_questions.csv in ",),
     lambda d: d.remove("survey_questions.csv"))

# -- actions -----------------------------------------------------------------------------------------------
case("70-actions-missing-column", ("actions",),
     ("actions.csv, row 1, column 'theme': required column is missing — add a column headed 'theme' "
      "(theme, priority or section of the plan)",),
     lambda d: d.drop_column("actions.csv", "theme"))
case("71-actions-previous-not-found", ("actions",),
     ("actions_2014-01.csv: previous register not found",),
     extra_params="  previous: data/actions_2014-01.csv\n")
case("72-actions-target-not-a-number", ("actions",),
     ("actions.csv, row 2, column 'target': not a number (found 'lots') — enter digits only",),
     lambda d: d.set("actions.csv", 2, "target", "lots"))


def _prev_broken(d: Data):
    d.write_rows("actions_previous.csv", sample_rows("actions_previous.csv"))
    d.drop_column("actions_previous.csv", "plan")


case("73-actions-previous-broken", ("actions",),
     ("actions_previous.csv, row 1, column 'plan': required column is missing",),
     _prev_broken, extra_params="  previous: data/actions_previous.csv\n",
     note="the previous edition's register follows the same contract")

case("7a-actions-no-edition-date", ("actions",),
     (P + "key 'actions.as_at': the edition title has no date; set as_at",),
     params=HEAD + "actions: {{}}\n", note="the build would need the edition date; validate says so first")

# -- parameters -----------------------------------------------------------------------------------------------
MISSING_ONLY = ("missing",)
case("80-params-unknown-key", MISSING_ONLY,
     (P + "key 'missing.uasc_onyl': unknown key: did you mean 'uasc_only'?",),
     extra_params="  uasc_onyl: true\n")
case("81-params-missing-title", MISSING_ONLY, (P + "key 'title': required key is missing",),
     params="local_authority: Test\ndata_dir: data\n" + SECTIONS["missing"])
case("82-params-missing-section-key", MISSING_ONLY, (P + "key 'missing.period_end': required key is missing",),
     params=HEAD + "missing:\n  period_start: 2013-04-01\n")
case("83-params-bad-date", MISSING_ONLY,
     (P + "key 'missing.period_end': no such date (check the day and the month) (got '2013-02-30')",),
     params=HEAD + "missing:\n  period_start: 2013-04-01\n  period_end: 2013-02-30\n")
case("84-params-end-before-start", MISSING_ONLY,
     (P + "key 'missing': period_end (2013-03-31) is before period_start (2013-04-01)",),
     params=HEAD + "missing:\n  period_start: 2013-04-01\n  period_end: 2013-03-31\n")
case("85-params-data-dir-not-found", MISSING_ONLY, (P + "key 'data_dir': folder not found: ",),
     params=HEAD.replace("data_dir: data", "data_dir: ../no-such-folder") + SECTIONS["missing"])
case("86-params-not-yaml", MISSING_ONLY,
     (P + "not valid YAML (line 3, column 1): could not find expected ':' (each line is 'key: value', "
      "with a space after the colon)",),
     params='title: Bad input\nlocal_authority: Test\ndata_dir data\nmissing:\n  period_start: 2013-04-01\n')
case("87-params-yaml-list", MISSING_ONLY,
     (P + "expected a mapping of keys (title:, local_authority:, ...)",),
     params="- title: Bad input\n- local_authority: Test\n- data_dir: data\n")
case("88-params-unknown-section", MISSING_ONLY,
     (P + "key 'fostering': unknown key (check the spelling; see the 'Data you need' page)",),
     extra_params="fostering:\n  period_start: 2013-04-01\n")
case("8b-params-misspelt-section", ("complaints",),
     (P + "key 'complaint': unknown key: did you mean 'complaints'?",),
     params=HEAD + SECTIONS["complaints"].replace("complaints:", "complaint:"))
case("89-params-wrong-type", MISSING_ONLY,
     (P + "key 'disclosure.min_count': Input should be a valid integer, unable to parse string as an integer "
      "(got 'lots')",),
     extra_params="disclosure:\n  min_count: lots\n")
case("90-params-overlapping-age-bands", ("complaints",),
     (P + "key 'complaints.age_bands': age bands 'under 17' and '16-19' overlap",),
     extra_params="  age_bands: [[0, 16, \"under 17\"], [16, 19, \"16-19\"]]\n")
case("91-params-age-band-shape", ("complaints",),
     (P + "key 'complaints.age_bands.0': Input should be a valid tuple (got '0-15')",
      P + "key 'complaints.age_bands.1': Input should be a valid tuple (got '16-19')"),
     extra_params="  age_bands: [0-15, 16-19]\n")
case("92-params-survey-period-label", ("surveys",),
     (P + "key 'surveys.period': expected a period like '2013-14 Q3' (got 'Q3 2013')",),
     params=HEAD + "surveys:\n  period: Q3 2013\n")
case("93-params-empty-file", MISSING_ONLY,
     (P + "the file is empty; expected keys title, local_authority, data_dir",), params="")
case("94-params-no-chapter-section", MISSING_ONLY,
     (P + "no chapter section present; add at least one of: missing, surveys, complaints, recruitment, audits, actions",),
     params=HEAD)
case("95-params-file-not-found", MISSING_ONLY, (P + "parameters file not found",), params=None)
case("96-params-bad-flag", MISSING_ONLY,
     (P + "key 'missing.uasc_only': Input should be a valid boolean, unable to interpret input (got 'maybe')",),
     extra_params="  uasc_only: maybe\n")
case("97-params-as-at-before-period", MISSING_ONLY,
     (P + "key 'missing': as_at (2013-03-01) is before period_start (2013-04-01)",),
     extra_params="  as_at: 2013-03-01\n")
case("98-params-published-not-found", MISSING_ONLY,
     ("published-2014-04.csv: file not found",),
     extra_params="published: [published-2014-04.csv]\n")
case("99-params-date-day-first", MISSING_ONLY,
     (P + "key 'missing.period_start': not a date: write it as YYYY-MM-DD, e.g. 2014-03-31 (got '01/04/2013')",),
     params=HEAD + "missing:\n  period_start: 01/04/2013\n  period_end: 2013-09-30\n")
case("9a-params-duplicate-section", MISSING_ONLY,
     (P + "not valid YAML (line 7, column 1): key 'missing' appears twice (the first would be silently ignored)",),
     params=HEAD + SECTIONS["missing"] + "missing:\n  period_start: 2013-10-01\n  period_end: 2013-12-31\n")
case("9b-params-tab-indent", MISSING_ONLY,
     (P + "not valid YAML (line 5, column 1): found character '\\t' that cannot start any token "
      "(indent with spaces, not tabs)",),
     params=HEAD + "missing:\n\tperiod_start: 2013-04-01\n\tperiod_end: 2013-09-30\n")
case("9c-params-unclosed-quote", MISSING_ONLY,
     (P + "not valid YAML (line 1, column 8): a quote opened here is never closed",),
     params='title: "Bad input\nlocal_authority: Test\ndata_dir: data\n' + SECTIONS["missing"])
case("9d-params-bad-indent", MISSING_ONLY,
     (P + "not valid YAML (line 6, column 14): mapping values are not allowed here "
      "(check this line's indentation, or quote a value that contains ': ')",),
     params=HEAD + "missing:\n  period_start: 2013-04-01\n   period_end: 2013-09-30\n")
case("9e-params-workbook-renamed", MISSING_ONLY,
     (P + "not a text file (binary content); write the parameters as YAML text",),
     raw_params=b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200))

# -- workbooks and the edition's `inputs:` -------------------------------------------------------------------------
def _workbook(sheets: dict[str, list[list]]) -> bytes:
    """A workbook (one sheet per entry, rows from A1), saved byte-identically."""
    import openpyxl

    from panelbook.exports import save_workbook

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.xlsx"
        save_workbook(wb, path)
        return path.read_bytes()


def _complaints_log(d: Data, headers: dict[str, str] | None = None, sheet: str = "Log") -> bytes:
    """complaints.csv as a workbook: a title row, a blank row, then the header (the team's own names)."""
    rows = d.rows("complaints.csv")
    header = [(headers or {}).get(h, h) for h in rows[0]]
    return _workbook({"Notes": [["The log is on the next sheet"]],
                      sheet: [["Complaints log 2013-14"], [], header, *rows[1:]]})


def _as_workbook(d: Data, name: str, data: bytes) -> None:
    d.remove("complaints.csv")
    d.write_bytes(name, data)


OWN = {"complaint_id": "Ref", "received_date": "Date received", "service": "Team", "complainant_age": "Age"}
INPUTS = ('inputs:\n  complaints:\n    file: "Complaints log.xlsx"\n    sheet: Log\n'
          '    columns: {complaint_id: "Ref", received_date: "Date received", service: "Team", complainant_age: "Age"}\n')
case("a0-workbook-no-matching-sheet", ("complaints",),
     ("Complaints log.xlsx: no sheet named 'Log' (its sheets: 'Notes', 'Complaints') — set inputs.complaints.sheet to "
      "one of them (a name, or its number: 1 = first)",),
     lambda d: _as_workbook(d, "Complaints log.xlsx", _complaints_log(d, OWN, sheet="Complaints")),
     extra_params=INPUTS)
case("a1-workbook-header-never-found", ("complaints",),
     ("complaints.xlsx, sheet 'Notes': no header found: none of rows 1 to 1 names the columns complaint_id, "
      "received_date, service, complainant_age, advocate, subject, stage, outcome (row 1 has A 'The log is on the "
      "next sheet') — map the file's column names to these in inputs.complaints.columns, or set "
      "inputs.complaints.header_row",),
     lambda d: _as_workbook(d, "complaints.xlsx", _complaints_log(d)),
     note="read without an inputs entry (complaints.csv is absent): the first sheet holds only a note")
case("a2-workbook-password-protected", ("complaints",),
     ("complaints.xlsx: the workbook is password-protected (encrypted), so it cannot be read — save a copy without "
      "the password (in Excel: File > Info > Protect Workbook > Encrypt with Password, clear it) and read that copy",),
     lambda d: _as_workbook(d, "complaints.xlsx", _encrypted_workbook()),
     note="what Excel writes for a password-protected .xlsx: a compound file holding EncryptionInfo and EncryptedPackage")
case("a3-workbook-corrupt", ("complaints",),
     ("complaints.xlsx: cannot be read: the workbook is damaged or is not really a .xlsx file — open it in Excel and "
      "save it again as .xlsx (or export it again)",),
     lambda d: _as_workbook(d, "complaints.xlsx", _complaints_log(d)[:1500]),
     note="a download cut short: the first 1500 bytes of a workbook")
case("a4-workbook-mapped-column-missing", ("complaints",),
     ("Complaints log.xlsx, sheet 'Log', row 3, column 'Date recieved': column 'Date recieved' "
      "(inputs.complaints.columns.received_date) is not in the header on row 3 (it has A 'Ref', B 'Date received', "
      "C 'Team', D 'Age', E 'advocate', F 'subject', G 'decision_disputed', H 'stage', I 'outcome', "
      "J 'responded_date') — set inputs.complaints.columns.received_date to the file's header of that column",),
     lambda d: _as_workbook(d, "Complaints log.xlsx", _complaints_log(d, OWN)),
     extra_params=INPUTS.replace('"Date received"', '"Date recieved"'))
case("a5-workbook-bad-cell", ("complaints",),
     ("Complaints log.xlsx, sheet 'Log', cell B5: not a date (found '31/02/2014') — use YYYY-MM-DD or dd/mm/YYYY "
      "with a real day and month",
      "Complaints log.xlsx, sheet 'Log', cell I7: unknown code; expected one of: upheld, partly upheld, not upheld, "
      "withdrawn, open (found 'Upheld in part') — correct the value"),
     lambda d: (d.set("complaints.csv", 3, "received_date", "31/02/2014"),
                d.set("complaints.csv", 5, "outcome", "Upheld in part"),
                _as_workbook(d, "Complaints log.xlsx", _complaints_log(d, OWN))),
     extra_params=INPUTS, note="a cell named as Excel shows it: sheet, column letter and row")
case("a6-params-inputs-unknown-file", ("complaints",),
     (P + "key 'inputs.complaint': not one of the contract's files: did you mean 'complaints'?",),
     extra_params='inputs:\n  complaint:\n    file: "Complaints log.xlsx"\n')
case("t17-ok-workbook-with-own-headers", ("complaints",), (),
     lambda d: _as_workbook(d, "Complaints log.xlsx", _complaints_log(d, OWN)), extra_params=INPUTS,
     note="the complaints log as the team keeps it: a notes sheet, a title row, its own headers")


def _encrypted_workbook() -> bytes:
    """A minimal compound file (CFB v3) with the two streams of an encrypted .xlsx, each 4096 bytes."""
    import struct

    free, end, fat_sect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *([free] * 108)))
    fat = [fat_sect, end] + list(range(3, 10)) + [end] + list(range(11, 18)) + [end]
    fat_sector = struct.pack("<128I", *(fat + [free] * (128 - len(fat))))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1) + struct.pack("<III", left, right, child)
                + bytes(16) + bytes(4) + bytes(16) + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, nostream, nostream, 1, end, 0)
                 + entry("EncryptionInfo", 2, nostream, 2, nostream, 2, 4096)
                 + entry("EncryptedPackage", 2, nostream, nostream, nostream, 10, 4096)
                 + entry("", 0, nostream, nostream, nostream, 0, 0))
    info = struct.pack("<HHI", 4, 4, 0x40).ljust(4096, b"\0")  # 'agile' encryption, as Excel 2010+ writes
    package = struct.pack("<Q", 9000) + bytes(4088)
    return header + fat_sector + directory + info + package


# -- survey-tool exports (panelbook import-survey) ---------------------------------------------------------------
FORMS_MAPPING = """survey: leaving_care
format: forms
respondent: ID
completed: Completion time
questions:
  - {id: helpful_individuals, column: "Were there any individuals who were particularly helpful while you were in care?",
     scale: yes_no}
  - {id: helpful_roles, column: "If Yes, what was their role?", scale: multi,
     answers: [Social/case workers, Carers, Teachers, IROs, Youth workers, Others]}
"""


def _forms_export(d: Data) -> None:
    import datetime as dt

    header = ["ID", "Start time", "Completion time", "Email", "Name",
              "Were there any individuals who were particularly helpful while you were in care?",
              "If Yes, what was their role?"]
    when = dt.datetime(2013, 11, 4, 10, 30)
    rows = [[1, when, when, "anonymous", None, "Yes", "Carers;Teachers;"],
            [2, when, when, "anonymous", None, "No", None],
            [3, when, when, "anonymous", None, "Yes", "Social/case workers;Dinner ladies;"]]
    d.write_bytes("export.xlsx", _workbook({"Sheet1": [header, *rows]}))


case("a7-survey-export-answer-outside-the-list", (), (
     "export.xlsx, sheet 'Sheet1', cell G4: not one of the answers of question 'helpful_roles' (Social/case workers | "
     "Carers | Teachers | IROs | Youth workers | Others) (found 'Dinner ladies') — correct the answer, or add it to "
     "the question's answers in the mapping",), _forms_export, files=(), mapping=FORMS_MAPPING,
     note="panelbook import-survey data/export.xlsx --mapping mapping.yaml --out DATA_DIR: nothing is written")


# -- what Excel produces, which must be accepted -------------------------------------------------------------------
case("t01-ok-utf8-bom", ("missing",), (),
     lambda d: d.write_text("children.csv", "\ufeff" + d.text("children.csv")))


def _cp1252(d: Data):
    d.set("children.csv", 4, "nationality", "Côte d’Ivoire")
    d.write_text("children.csv", d.text("children.csv"), "cp1252")


case("t02-ok-windows-1252", ("missing",), (), _cp1252)
case("t03-ok-trailing-blank-rows", ("missing",), (),
     lambda d: d.write_text("missing_episodes.csv", d.text("missing_episodes.csv") + ",,,\n,,,\n\n\n"))


def _ddmm(d: Data):
    def flip(v, i):
        return f"{v[8:10]}/{v[5:7]}/{v[:4]}" if v else v
    for name, cols in (("children.csv", ("dob", "case_open_date")),
                       ("missing_episodes.csv", ("start_date", "end_date"))):
        for c in cols:
            d.map_column(name, c, flip)


case("t04-ok-dd-mm-yyyy", ("missing",), (), _ddmm)


def _spaces(d: Data):
    rows = d.rows("children.csv")
    d.write_rows("children.csv", [[f" {c}  " for c in r] for r in rows])


case("t05-ok-spaces", ("missing",), (), _spaces)


def _flags(d: Data):
    words = ("Y", "Yes", "1", "yes", "TRUE", "y")
    d.map_column("children.csv", "uasc", lambda v, i: words[i % len(words)] if v == "Y" else ("No", "0", "n")[i % 3])


case("t06-ok-flags", ("missing",), (), _flags)


def _ssda903(d: Data):
    d.rename_columns("children.csv", {"child_id": "CHILD", "dob": "DOB", "sex": "SEX", "uasc": "UASC"})
    d.map_column("children.csv", "SEX", lambda v, i: {"M": "1", "F": "2"}.get(v, v))
    d.rename_columns("missing_episodes.csv", {"child_id": "CHILD", "start_date": "MIS_START",
                                              "end_date": "MIS_END", "missing_type": "MISSING"})


case("t07-ok-ssda903-headers", ("missing",), (), _ssda903)
case("t08-ok-crlf", ("missing",), (),
     lambda d: d.write_text("children.csv", d.text("children.csv").replace("\n", "\r\n")))
case("t09-ok-utf16-comma", ("missing",), (),
     lambda d: d.write_text("children.csv", "\ufeff" + d.text("children.csv"), "utf-16-le"))


def _extra_columns(d: Data):
    rows = d.rows("missing_episodes.csv")
    d.write_rows("missing_episodes.csv", [r + (["notes", "notes", "", ""] if i == 0 else ["", "x", "", ""])
                                          for i, r in enumerate(rows)])


case("t10-ok-extra-and-blank-columns", ("missing",), (), _extra_columns,
     note="unknown columns (even repeated) and Excel's blank-headed columns are ignored")
case("t11-ok-optional-files-absent", ("recruitment", "audits"), (),
     lambda d: d.remove("workforce.csv"))


def _quoted(d: Data):
    d.set("advocacy_cases.csv", 2, "top_issue", "Placement, contact \"and\" family\nsecond line")


case("t12-ok-quoted-commas-quotes-newlines", ("complaints",), (), _quoted)
case("t13-ok-excel-datetimes", ("missing",), (),
     lambda d: d.map_column("missing_episodes.csv", "start_date",
                            lambda v, i: f"{v[8:10]}/{v[5:7]}/{v[:4]} 00:00" if v else v))
case("t14-ok-code-case-and-aliases", ("complaints", "audits"), (),
     lambda d: (d.set("complaints.csv", 2, "outcome", " Partially Upheld "),
                d.set("qa_audits.csv", 2, "needs_group", "LAC"),
                d.set("qa_audits.csv", 3, "needs_group", "child protection"),
                d.set("qa_audits.csv", 4, "needs_group", "CLA")))
case("t15-ok-params-windows-1252", ("missing",), (),
     raw_params=(HEAD.format(n="t15").replace("Test", "Test – Côte") + SECTIONS["missing"]).encode("cp1252"),
     note="an edition file saved by Notepad as ANSI")
case("t16-ok-every-chapter", tuple(SECTIONS), (), note="the trimmed sample of every chapter is valid")


# -- the missing chapter from the SSDA903 return and the Standard Safeguarding Dataset ------------------------------
def national(source: str) -> str:
    return HEAD + SECTIONS["missing"].replace("missing:\n", f"missing:\n  source: {source}\n")


def national_case(name, source, expected, edit=lambda d: None, note=""):
    case(name, ("missing",), expected, edit, params=national(source), files=NATIONAL_FILES[source], note=note)


# per file: a required column, its help, and the title a report writer might give it instead
MISSING_HELP = {
    "header.csv": ("CHILD", "the child's 903 reference", "Child ID"),
    "episodes.csv": ("DECOM", "date the episode commenced", "Episode start"),
    "uasc.csv": ("DUC", "date UASC status ceased (often the 18th birthday, so it may lie ahead); blank = still UASC",
                 "Date UASC ceased"),
    "missing.csv": ("MIS_START", "date the episode started", "Missing from"),
    "nationality.csv": ("NATIONALITY", "as recorded, e.g. Afghan", "Country of origin"),
    "ssd_person.csv": ("pers_dob", "date of birth", "Date of birth"),
    "ssd_missing.csv": ("miss_mis_epi_start", "when the episode started", "Episode start date"),
    "ssd_immigration_status.csv": ("immi_immigration_status", "e.g. Unaccompanied Asylum Seeking Child", "Status"),
    "ssd_cla_episodes.csv": ("clae_cla_episode_start_reason", "reason for new episode (S = started to be looked after)",
                             "Reason"),
}
for _i, (_file, (_col, _help, _title)) in enumerate(MISSING_HELP.items()):
    _source = LAYOUT_OF[_file]
    _tag = "903" if _source == "ssda903" else "ssd"
    if _file != "nationality.csv":  # optional: its absence is no problem (the chapter says what it leaves out)
        national_case(f"c{_i}-{_tag}-{_file[:-4].replace('_', '-')}-missing-file", _source,
                      (f"{_file}: file not found — put {_file} in ",), lambda d, f=_file: d.remove(f))
    national_case(f"d{_i}-{_tag}-{_file[:-4].replace('_', '-')}-wrong-header", _source,
                  (f"{_file}, row 1, column '{_col}': required column is missing — add a column headed '{_col}' ({_help})",),
                  lambda d, f=_file, c=_col, t=_title: d.rename_columns(f, {c: t}),
                  note=f"{_col} headed '{_title}', as a report writer might")
national_case("e1-903-unknown-missing-code", "ssda903",
              ("missing.csv, row 3, column 'MISSING': unknown code; expected one of: M, A (found 'X') — correct the value",),
              lambda d: d.set("missing.csv", 3, "MISSING", "X"))
national_case("e2-903-orphan-child", "ssda903",
              ("missing.csv, row 4, column 'CHILD': not found in header.csv (found 'C999') — "
               "add the record to header.csv or correct the reference",),
              lambda d: d.set("missing.csv", 4, "CHILD", "C999"))
national_case("e3-903-duc-before-dob", "ssda903",
              ("uasc.csv, row 3, column 'DUC': DUC is before DOB (found '1995-01-01') — "
               "UASC status cannot cease before the child was born: check both dates",),
              lambda d: d.set("uasc.csv", 3, "DUC", "01/01/1995"))
national_case("e4-903-mis-end-before-mis-start", "ssda903",
              ("missing.csv, row 2, column 'MIS_END': MIS_END is before MIS_START (found '2013-04-18') — "
               "an episode must end on or after it starts",),
              lambda d: d.set("missing.csv", 2, "MIS_END", "18/04/2013"))
national_case("e5-903-years-disagree", "ssda903",
              ("header.csv, row 2, column 'DOB': CHILD C000 is in more than one row with a different DOB (found '27/01/1996') — "
               "rows repeated across years' returns must agree: correct or remove one",
               "header.csv, row 33, column 'DOB': CHILD C000 is in more than one row with a different DOB (found '28/01/1996')"),
              lambda d: d.write_text("header.csv", d.text("header.csv") + d.text("header.csv").replace(
                  "C000,1,27/01/1996", "C000,1,28/01/1996")),
              note="two years' header.csv appended (its header is row 32, skipped); one child's DOB changed")
national_case("e6-ssd-unknown-missing-code", "ssd",
              ("ssd_missing.csv, row 3, column 'miss_mis_epi_type': unknown code; expected one of: M, A (found 'Runaway') — "
               "correct the value",),
              lambda d: d.set("ssd_missing.csv", 3, "miss_mis_epi_type", "Runaway"))
national_case("e7-ssd-orphan-person", "ssd",
              ("ssd_missing.csv, row 4, column 'miss_la_person_id': not found in ssd_person.csv (found 'C999') — "
               "add the record to ssd_person.csv or correct the reference",),
              lambda d: d.set("ssd_missing.csv", 4, "miss_la_person_id", "C999"))
national_case("e8-ssd-accepted-not-offered", "ssd",
              ("ssd_missing.csv, row 2, column 'miss_mis_epi_rhi_accepted': a return interview is accepted but was not "
               "offered (found 'True') — check both return interview columns",),
              lambda d: (d.set("ssd_missing.csv", 2, "miss_mis_epi_rhi_offered", "No"),
                         d.set("ssd_missing.csv", 2, "miss_mis_epi_rhi_accepted", "Yes")))
national_case("t17-ok-903-two-years-concatenated", "ssda903", (),
              lambda d: [d.write_text(f, d.text(f) + d.text(f)) for f in NATIONAL_FILES["ssda903"]],
              note="every file appended to itself, header rows and all, as two years' returns concatenated")
national_case("t18-ok-ssd-extract", "ssd", (), note="the SSD's own columns, datetimes with times, extra columns")


# -- hostile and careless text (issue 15): refused control characters, harmless payloads ----------------------------
case("5a-control-character-in-a-text-cell", ("complaints",),
     ("complaints.csv, row 3, column 'service': contains a control character (U+000B) that cannot be published "
      "(found 'East Kent area<U+000B>') — retype the cell (the character is invisible in Excel)",),
     lambda d: d.set("complaints.csv", 3, "service", d.get("complaints.csv", 3, "service") + "\x0b"),
     note="a vertical tab (Excel's line break in some exports): openpyxl and Word cannot write it")
case("5b-control-character-in-params", ("missing",),
     (P + "key 'title': contains a control character (U+0007), which cannot be published; retype the value",),
     params='title: "Bad input {n}\\a"\nlocal_authority: Test\ndata_dir: data\n' + SECTIONS["missing"])
case("5c-category-named-total", ("complaints",),
     ("complaints.csv, row 4, column 'service': 'Total' names every table's total row, so it cannot be a category "
      "(found 'Total') — rename the category (e.g. 'Total team'), or remove a totals row copied from a report",),
     lambda d: d.set("complaints.csv", 4, "service", "Total"))
case("5d-survey-answer-named-total", ("surveys",),
     ("survey_questions.csv, row 2, column 'answers': an answer is called 'Total', the name of every table's total row",),
     lambda d: d.set("survey_questions.csv", 2, "answers", "Yes|No|Total"))


def _payloads(d: Data):
    import sys

    sys.path.insert(0, str(HERE.parent))
    from hostile import poison

    poison(d.folder, Path("/etc/hostname"))


case("t60-ok-injection-payloads", tuple(SECTIONS), (), _payloads,
     note="script, attribute, Markdown, MyST and formula payloads in every free-text field (tests/hostile.py): "
          "valid data; the hostile build shows them harmless")


# parameters refused before the data folder is looked at need no data
for _c in CASES:
    if "-params-" in _c.name and _c.name[0].isdigit() and not _c.name.startswith(("94-", "98-")):
        _c.files = ()


# -- comparators from DfE's open data (benchmarks:), an EES tidy CSV (an England, a South East and 4 LA rows a year) ---------------------------------------------
BENCH_FILE = "benchmarks/illustrative-synthetic-cla-missing-la.csv"
BENCH_CODES = ("E10000016", "E10000014", "E10000011", "E10000012")
BENCH_FILES = (*FILES["missing"], BENCH_FILE)


def benchmarks(measure: str = "{indicator: pc_missing, filters: {characteristic: Total}}", la_code: str = "E10000016",
               neighbours: str = "[E10000014, E10000011, E10000012]", extra: str = "") -> str:
    code = f"la_code: {la_code}\n" if la_code else ""
    return (f"{code}benchmarks:\n  files: [{BENCH_FILE}]\n  neighbours: {neighbours}\n{extra}"
            f"  measures:\n    missing.children_missing_pct: {measure}\n")


def bench_case(name, expected, extra_params=None, edit=lambda d: None, note=""):
    case(name, ("missing",), expected, edit, extra_params=extra_params or benchmarks(), files=BENCH_FILES, note=note)


B = BENCH_FILE + ", "
bench_case("b0-benchmarks-missing-file",
           (BENCH_FILE + ": file not found (benchmarks.files) — put the downloaded file in ",),
           edit=lambda d: d.remove(BENCH_FILE))
bench_case("b1-benchmarks-unknown-indicator",
           (B + "column 'pc_mising': no such indicator column (benchmarks.measures.missing.children_missing_pct."
            "indicator) — the files' other columns are: characteristic, children_looked_after, children_missing, "
            "incidents_per_child, missing_incidents, pc_missing",),
           benchmarks("{indicator: pc_mising, filters: {characteristic: Total}}"))
bench_case("b2-benchmarks-filter-value-not-found",
           (B + "column 'characteristic': no row has this value (benchmarks.measures.missing.children_missing_pct."
            "filters.characteristic) (found 'All children') — the values in this column: Total; "
            "Unaccompanied asylum-seeking children",),
           benchmarks("{indicator: pc_missing, filters: {characteristic: All children}}"))
bench_case("b3-benchmarks-filter-column-not-found",
           (B + "column 'age': no such filter column (benchmarks.measures.missing.children_missing_pct.filters)",),
           benchmarks("{indicator: pc_missing, filters: {age: Total}}"))
bench_case("b4-benchmarks-own-la-code-absent",
           (B + "column 'new_la_code': the edition's la_code is not in this file (no 'Local authority' row has it) "
            "(found 'E10000099') — check la_code in the parameters, or download the local-authority file",),
           benchmarks(la_code="E10000099"))
bench_case("b5-benchmarks-neighbour-not-in-file",
           (B + "column 'new_la_code': a statistical neighbour (benchmarks.neighbours) is not in this file "
            "(found 'E10000098')",),
           benchmarks(neighbours="[E10000014, E10000098]"))
bench_case("b6-benchmarks-not-a-number",
           (B + "row 4, column 'pc_missing': not a number or an EES symbol (c, z, x, low, k, u, w, :, ~) (found '9%')",),
           edit=lambda d: d.set(BENCH_FILE, 4, "pc_missing", "9%"),
           note="row 4 is a neighbour's 2012 row: every year of the measure is checked, not only the year compared")
bench_case("b7-benchmarks-ees-column-missing",
           (B + "row 1, column 'new_la_code': required EES column missing",),
           edit=lambda d: d.drop_column(BENCH_FILE, "new_la_code"))
bench_case("b8-benchmarks-time-period-not-in-file",
           (B + "column 'time_period': no rows for this time period (benchmarks.time_period; measure "
            "missing.children_missing_pct) (found '2011') — the file's time periods: 2012, 2013",),
           benchmarks(extra="  time_period: 2011\n"))
bench_case("b9-benchmarks-filters-choose-no-single-row",
           ("do not choose one row — add a filter for characteristic (Total; Unaccompanied asylum-seeking children)",),
           benchmarks("{indicator: pc_missing}"))
bench_case("ba-benchmarks-unknown-time-identifier",
           (B + "row 2, column 'time_identifier': cannot place this time period in time (time_period 2012) "
            "(found 'Fortnight')",),
           edit=lambda d: d.map_column(BENCH_FILE, "time_identifier", lambda v, i: "Fortnight" if i == 2 else v))
case("bb-params-benchmarks-no-la-code", ("missing",),
     (P + "key 'benchmarks': needs la_code, the authority's new_la_code in the files (e.g. E10000016)",),
     extra_params=benchmarks(la_code=""))
case("bc-params-benchmarks-unknown-measure", ("missing",),
     (P + "key 'benchmarks.measures.missing.children_missing': not a measure a chapter can compare",),
     extra_params=benchmarks().replace("children_missing_pct", "children_missing"))
bench_case("tb-ok-benchmarks-symbols", (),
           edit=lambda d: d.map_column(BENCH_FILE, "pc_missing", lambda v, i: ("c", "z", "x", "low", ":", "")[i % 6]
                                       if i > 3 else v),
           note="EES symbols in the indicator are 'not available', never an error or a zero")


# -- an edition's own chapters (local_chapters:), made by `panelbook new-chapter` and then broken ----------------
LOCAL = "placement-stability"
LP = f"edition.yaml: key 'local_chapters.0' (chapters/{LOCAL}): "


def local_case(name, expected, edit=lambda folder, d: None, listed=f"chapters/{LOCAL}", section=f"{LOCAL}: {{}}\n",
               note=""):
    """A case whose edition lists one chapter folder of its own (the scaffold's, edited) beside the actions one."""
    from panelbook.scaffold import write_chapter

    def make(d: Data):
        folder = write_chapter(LOCAL, d.folder.parent / "chapters")
        shutil.copy2(folder / "sample" / f"{LOCAL}.csv", d.path(f"{LOCAL}.csv"))
        (folder / "example.yaml").unlink()  # the case's edition is edition.yaml
        (folder / "test_analysis.py").unlink()  # the suite would collect it
        # validation imports only the params model: the scaffold's functions are not repeated in every case
        (folder / "analysis.py").write_text("from panelbook.params import StrictModel\n\n\nclass Params(StrictModel):\n"
                                            "    order: list[str] = []\n")
        shutil.rmtree(folder / "sample")
        edit(folder, d)

    case(name, ("actions",), expected, make, extra_params=f"local_chapters: [{listed}]\n" + section, note=note)


local_case("f1-local-chapter-folder-missing", (LP.replace(LOCAL, "nowhere") + "chapter folder not found",),
           lambda folder, d: shutil.rmtree(folder.parent), listed="chapters/nowhere")
local_case("f2-local-chapter-without-declaration", (LP + "the folder holds no chapter.yaml",),
           lambda folder, d: (folder / "chapter.yaml").unlink())
local_case("f3-local-chapter-declaration-unknown-key",
           (f"{LOCAL}/chapter.yaml: key 'titel': unknown key: did you mean 'title'?",
            f"{LOCAL}/chapter.yaml: key 'title': required key is missing"),
           lambda folder, d: (folder / "chapter.yaml").write_text(
               (folder / "chapter.yaml").read_text().replace("title:", "titel:")))
local_case("f4-local-chapter-code-does-not-import", (LP, "analysis.py cannot be imported (line 1): SyntaxError"),
           lambda folder, d: (folder / "analysis.py").write_text("def by_category(:\n"))
local_case("f5-local-chapter-named-like-a-built-in-one",
           ("edition.yaml: key 'local_chapters.0' (chapters/complaints): a chapter named 'complaints' is already "
            "in the book",),
           lambda folder, d: folder.rename(folder.parent / "complaints"), listed="chapters/complaints")
local_case("f6-local-chapter-chart-from-no-table",
           (f"{LOCAL}/exports.yaml: chart '{LOCAL}-chart-by-category': table '{LOCAL}-by-categories' is not a table "
            "of this catalogue",),
           lambda folder, d: (folder / "exports.yaml").write_text(
               (folder / "exports.yaml").read_text().replace(f"table: {LOCAL}-by-category", f"table: {LOCAL}-by-categories")))
local_case("f7-local-chapter-params-unknown-key",
           (f"edition.yaml: key '{LOCAL}.ordr': unknown key: did you mean 'order'?",), section=f"{LOCAL}:\n  ordr: [a]\n")
local_case("f8-local-chapter-data-total-category",
           (f"{LOCAL}.csv, row 3, column 'category'",),
           lambda folder, d: d.set(f"{LOCAL}.csv", 3, "category", "Total"))
local_case("tf-ok-local-chapter", (), note="the scaffold's chapter as new-chapter writes it: valid")


# -- writing --------------------------------------------------------------------------------------------------------
def write_case(c: Case) -> None:
    folder = HERE / c.name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    files = c.files if c.files is not None else [f for s in c.sections for f in FILES[s]]
    if files or c.mapping is not None:
        data = folder / "data"
        data.mkdir()
        for name in files:
            (data / name).parent.mkdir(parents=True, exist_ok=True)
            (data / name).write_text(to_text(sample_rows(name)), encoding="utf-8", newline="")
        c.edit(Data(data))
    n = c.name.split("-")[0]
    if c.raw_params is not None:
        (folder / "edition.yaml").write_bytes(c.raw_params)
    elif c.mapping is not None:
        (folder / "mapping.yaml").write_text(c.mapping, encoding="utf-8")
    elif c.params is not None:
        (folder / "edition.yaml").write_text(c.params.format(n=n), encoding="utf-8")
    elif not c.name.startswith("95-"):
        text = HEAD.format(n=n) + "".join(SECTIONS[s] for s in c.sections) + c.extra_params
        (folder / "edition.yaml").write_text(text, encoding="utf-8")
    if c.generate:
        (folder / "generate.py").write_text(c.generate, encoding="utf-8")
    head = "VALID" if not c.expected else f"exit {c.exit}"
    note = f"# {c.note}\n" if c.note else ""
    (folder / "expected.txt").write_text(head + "\n" + note + "".join(line + "\n" for line in c.expected),
                                         encoding="utf-8")


def main() -> None:
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), "case names must differ"
    for c in CASES:
        write_case(c)
    print(f"{len(CASES)} cases written to {HERE}")


if __name__ == "__main__":
    main()
