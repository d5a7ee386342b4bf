"""What a reader sees in the sample book: labels, never codes; one date style; p-values written out.

The sample book's visible text (every page but the analyst's reference pages) is scanned for the codes
the chapters' label catalogues replace (`labels.all_codes()`) and the sample data's own ids (survey and
question ids, whose labels are the survey files' titles and wordings). CSV exports keep their codes.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from panelbook import labels

pytestmark = pytest.mark.slow  # builds the sample edition (shared with every reproduction test)

ROOT = Path(__file__).resolve().parents[1]
# The analyst's reference pages name every parameter and input column as it must be written in the
# files: ids there are the point. Sphinx's own search and index pages hold no figure.
REFERENCE_PAGES = {"data.html", "about.html", "search.html", "genindex.html"}
IDS = ".pb-id"  # export ids on the Figures page: the stable contract, shown as ids on purpose
CELLS = "th, td, caption, summary, .pb-caption, svg text, .pb-alt"
SNAKE = re.compile(r"(?<![\w./-])[a-z0-9+]+(?:_[a-z0-9+]+)+(?![\w-]|\.csv|\.xlsx|\.yaml)")
DATES = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec) \d{4}\b"
                   r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2}, \d{4}\b|\b20\d\d-(?:0[1-9]|1[0-2])\b(?!-)")
E_NOTATION = re.compile(r"\b\d(?:\.\d+)?e[-+]\d+\b")
# a count of 1,000 or more without its separator (a year 1900-2099 or a number within an id is not one)
# (nor a line number of an earlier paper, which the edition quotes as its source)
NO_SEPARATOR = re.compile(r"(?<![\d,.\w-])(?<!line )(?<!lines )(?!(?:19|20)\d\d(?![\d,]))[1-9]\d{3,}(?![\d,\w])")


def page_text(html: str) -> tuple[str, list[str]]:
    """(the page's visible text, the text of each table cell, caption, chart label and alt text)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for el in soup(["script", "style", "noscript", "template"]):
        el.decompose()
    for el in soup.select(IDS):
        el.decompose()
    main = soup.select_one("main") or soup
    return main.get_text(" ", strip=True), [el.get_text(" ", strip=True) for el in main.select(CELLS)]


def sample_ids() -> set[str]:
    """The sample data's own survey and question ids (their labels come from survey_questions.csv)."""
    with open(ROOT / "data" / "sample" / "survey_questions.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {r["survey"] for r in rows} | {r["question_id"] for r in rows}


def codes_shown(html: str, codes: set[str]) -> list[str]:
    """Every code a page shows: a snake_case id anywhere in its text, or any catalogue code as a whole
    cell, header, caption or chart label."""
    text, cells = page_text(html)
    snake = {m.group(0) for m in SNAKE.finditer(text)} & ({c for c in codes if "_" in c} | sample_ids())
    return sorted(snake | {c for c in cells if c in codes})


def style_breaks(html: str) -> list[str]:
    """Dates not in the one style ('1 April 2013'), p-values in e-notation and large numbers without
    thousands separators."""
    text, _ = page_text(html)
    return sorted({m.group(0) for m in DATES.finditer(text)} | {m.group(0) for m in E_NOTATION.finditer(text)}
                  | {m.group(0) for m in NO_SEPARATOR.finditer(text)})


def page_codes(page: Path) -> set[str]:
    """The codes a page must not show: a chapter's own catalogue's (another chapter's code may be this
    one's data, a survey answer '16+'), every catalogue's on the other pages."""
    return labels.catalogue(page.stem).codes() if page.parent.name == "chapters" else labels.all_codes()


def scanned_pages(html_dir: Path) -> list[Path]:
    pages = sorted(p for p in html_dir.rglob("*.html") if not p.relative_to(html_dir).as_posix().startswith("_static/"))
    return [p for p in pages if p.relative_to(html_dir).as_posix() not in REFERENCE_PAGES]


def test_the_scan_can_fail():
    codes = labels.all_codes()
    planted = ("<main><p>Shares (<code>share_pct</code>)</p><table><tr><th>Test</th><td>fisher</td></tr></table>"
               "<svg><text>parent_child</text></svg><p>consultation_booklet</p></main>")
    assert codes_shown(planted, codes) == ["consultation_booklet", "fisher", "parent_child", "share_pct"]
    assert codes_shown("<main><p>Parent and child</p><code class='pb-id'>survey-my_school</code></main>", codes) == []
    assert style_breaks("<main>1 Apr 2013; 2015-04-10; 2013-04; Dec 01, 2026; 8.16e-33; 2013-14 Q3; 1454 of 1,454 "
                        "in 2014; E10000016</main>") == ["1 Apr 2013", "1454", "2013-04", "2015-04-10", "8.16e-33",
                                                         "Dec 01, 2026"]


def test_no_code_where_readers_look(sample_build):
    html_dir = sample_build / "html"
    pages = scanned_pages(html_dir)
    assert any(p.name == "recruitment.html" for p in pages) and len(pages) >= 8
    found = {p.relative_to(html_dir).as_posix(): hits for p in pages
             if (hits := codes_shown(p.read_text(encoding="utf-8"), page_codes(p)))}
    print(f"\n[labels] {len(pages)} pages scanned for {len(labels.all_codes())} catalogue codes and "
          f"{len(sample_ids())} sample ids: {sum(map(len, found.values()))} shown")
    assert not found, found


def test_one_date_style_and_no_e_notation(sample_build):
    html_dir = sample_build / "html"
    found = {p.relative_to(html_dir).as_posix(): hits for p in scanned_pages(html_dir)
             if (hits := style_breaks(p.read_text(encoding="utf-8")))}
    assert not found, found


def docx_text(path: Path) -> tuple[str, list[str]]:
    """(a Word paper's text: paragraphs, tables, headers and footers; the text of each table cell)."""
    from docx import Document

    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    parts = [p.text for p in doc.paragraphs] + cells
    for s in doc.sections:
        parts += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    return " ".join(parts), cells


def test_the_word_papers_show_labels_in_the_book_s_style(sample_build):
    papers = sorted((sample_build / "papers").glob("*.docx"))
    assert len(papers) >= 6
    found = {}
    for paper in papers:
        text, cells = docx_text(paper)
        snake = {m.group(0) for m in SNAKE.finditer(text)} & ({c for c in labels.all_codes() if "_" in c} | sample_ids())
        hits = sorted(snake | {c for c in cells if c in labels.catalogue(paper.stem).codes()})
        hits += sorted({m.group(0) for pattern in (DATES, E_NOTATION, NO_SEPARATOR) for m in pattern.finditer(text)})
        if hits:
            found[paper.name] = hits
    assert not found, found
