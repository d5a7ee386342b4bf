"""The hostile edition (tests/hostile.py) built end to end: every payload is harmless in everything
published. The same edition is opened in a real browser in test_browser.py."""
from __future__ import annotations

import csv
import html.parser
import zipfile

import pytest

from hostile import PAYLOADS, SECRET_TOKEN, SURVEY_ID
from panelbook import escape

pytestmark = pytest.mark.slow  # every test here reads the hostile edition's build


def _files(out):
    for name in ("html", "figures", "notebooks", "papers"):
        yield from (p for p in (out / name).rglob("*") if p.is_file())


def test_no_directive_or_role_published_a_file(hostile_build):
    """Finding 1: a MyST directive or role in a data value or a parameter publishes nothing."""
    for p in _files(hostile_build):
        data = p.read_bytes()
        if p.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(p) as z:
                data = b"".join(z.read(n) for n in z.namelist())
        assert SECRET_TOKEN.encode() not in data, p
    assert not list((hostile_build / "html").rglob("_downloads"))


class _Markup(html.parser.HTMLParser):
    """Elements and attributes a payload would add if it were parsed as HTML."""

    def __init__(self):
        super().__init__()
        self.found, self._script = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if (tag == "img" and a.get("src") == "x") or (tag == "svg" and "onload" in a) or (tag == "b" and "onclick" in a):
            self.found.append(tag)
        self.found += [f"{tag}[{k}]" for k, v in attrs if k.startswith("on") and v and ("pwned" in v or "alert" in v)]
        self._script = a.get("type", "") if tag == "script" else None

    def handle_data(self, data):
        if self._script == "" and "pwned" in data and "setAttribute('aria-label'" not in data:
            self.found.append("script")


def test_no_payload_became_markup_on_any_page(hostile_build):
    """Findings 2a-2e: alt text in scripts, survey ids in id/href/JS, survey_title, movement rows,
    the params title in the sidebar, every data label: text, never elements or script."""
    pages = sorted((hostile_build / "html").rglob("*.html"))
    assert len(pages) >= 10
    seen_payload = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        seen_payload += "pwned-" in text
        parser = _Markup()
        parser.feed(text)
        assert not parser.found, (page.name, parser.found[:5])
    assert seen_payload >= 8  # the payloads did reach the pages (as text)


def test_survey_ids_reach_files_and_anchors_only_as_slugs(hostile_build):
    """Finding 2b and 10: a '/' and quotes in a survey id; the build succeeds and every id is a slug."""
    import json

    register = json.loads((hostile_build / "figures" / "register.json").read_text())
    ids = [f["id"] for f in register["figures"]]
    assert all(escape.slug(i) == i for i in ids)
    hostile = [i for i in ids if i.startswith("survey-catch22")]
    assert hostile and all(i.startswith(f"survey-{escape.slug(SURVEY_ID[1])}".split("-")[0]) for i in hostile)
    assert any(escape.slug(SURVEY_ID[1])[:10] in i for i in ids)


def test_exports_hold_no_live_formula(hostile_build):
    """Finding 5: CSV and tidy cells starting = + - @ are neutralised; XLSX text is never a formula."""
    import openpyxl

    figures = hostile_build / "figures"
    csvs = sorted(figures.glob("*.csv")) + sorted((figures / "tidy").glob("*.csv"))
    neutralised = 0
    for path in csvs:
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert escape.formula_safe(cell) == cell or cell.startswith("'"), (path.name, cell[:40])
                    neutralised += cell.startswith(("'=", "'+", "'@"))
    assert neutralised >= 3
    books = sorted(figures.glob("*.xlsx"))
    assert books
    formulas = 0
    for path in books:
        wb = openpyxl.load_workbook(path)
        formulas += sum(1 for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f")
    assert formulas == 0
    wb = openpyxl.load_workbook(figures / "actions-red-amber.xlsx")
    texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("=HYPERLINK") for t in texts)  # shown as the analyst typed it, as text


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_every_payload_reached_the_book_as_text(hostile_build, name):
    """Guard against a vacuous pass: each payload's marker text is on some page, as text."""
    markers = {"myst-directive": "literalinclude", "myst-role": "{download}", "script-close": "&lt;/script&gt;",
               "html-img": "&lt;img src=x", "attribute-break-out": "onmouseover=", "markdown-html": "**bold-",
               "js-line-break": "-alert(1)-"}
    text = "".join(p.read_text(encoding="utf-8") for p in (hostile_build / "html").rglob("*.html"))
    assert markers[name] in text


@pytest.mark.parametrize("field", ["params:audits.how_chosen", "papers.yaml:audits.remarks", "papers.yaml:surveys.intro",
                                   "papers.yaml:recruitment.remarks", "params:footer", "params:book_title"])
def test_edition_markdown_reaches_the_book_as_text(hostile_build, field):
    """Issue 15: edition words written as markdown (papers.yaml's intros and remarks, audits.how_chosen,
    the footer) are re-written by escape.myst_markdown: their directive, roles, maths and HTML show as
    text (the secret file is published nowhere: test_no_directive_or_role_published_a_file)."""
    text = "".join(p.read_text(encoding="utf-8") for p in (hostile_build / "html").rglob("*.html"))
    at = text.find(field)
    assert at >= 0, f"{field} did not reach the book"
    near = text[at:at + 3000]
    assert "{download}" in near or "&lt;/script&gt;" in near, near[:400]
    assert '<img src="x"' not in near and "<img src=x" not in near
