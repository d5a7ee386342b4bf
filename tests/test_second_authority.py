"""The second sample authority (fictional Borsetshire: its own names and advocacy provider, no earlier
papers, nothing about disclosure) builds every chapter, and nothing it publishes holds a word of the
first sample edition (Kent's April 2014 pack): not in the HTML, the search index, the CSV and XLSX
exports, the Word papers or the executed notebooks."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, checkout_state, run_cli

pytestmark = pytest.mark.slow  # every test here builds an edition or executes a chapter

PARAMS = ROOT / "params" / "borsetshire-2017-18-q3.yaml"
# words of the first sample edition and its papers: its authority, places, providers, papers and remarks
KENT_WORDS = ("Kent", "KCC", "Coram", "Trafficking", "Position Statement", "Customer Care", "April 2014",
              "improvement notice", "Catch22", "Catch 22", "Medway", "Tunbridge", "Ashford", "Thanet", "Shepway",
              "QA Peer Review", "Ofsted action-plan update", "2014-04-panel", "Corporate Parenting Panel",
              "No child is identifiable")
CHECKOUT_CHANGED: list[str] = []  # what the build changed in the checkout (filled by the fixture)
PATTERN = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in KENT_WORDS), re.IGNORECASE)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("borsetshire") / "_build"
    before = checkout_state()
    run_cli("build", PARAMS, "--out", out, cwd=out.parent)
    after = checkout_state()
    CHECKOUT_CHANGED[:] = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    return out


def published_texts(out: Path):
    """(file, text) for every file the build publishes; zip members (XLSX, DOCX) as their XML."""
    for path in sorted(p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")
                       and ".book-build" not in p.parts):
        if path.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    if name.endswith((".xml", ".rels")):
                        yield f"{path.relative_to(out)}:{name}", z.read(name).decode("utf-8", "replace")
        elif path.suffix in (".html", ".js", ".csv", ".json", ".ipynb", ".txt", ".svg", ".css"):
            yield str(path.relative_to(out)), path.read_text(encoding="utf-8", errors="replace")


def hits(out: Path) -> list[tuple[str, str]]:
    found = []
    for name, text in published_texts(out):
        for m in PATTERN.finditer(text):
            found.append((name, text[max(0, m.start() - 60):m.end() + 60]))
    return found


def page_text(path: Path) -> str:
    """A page's words, tags dropped and spaces folded."""
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())


def test_the_build_wrote_nothing_into_the_checkout(book):
    """No book/chapters copy, no cache, no report: a build writes under its --out (and the user's cache)."""
    assert CHECKOUT_CHANGED == []


def test_every_chapter_builds(book):
    for slug in ("missing", "surveys", "complaints", "recruitment", "audits", "actions"):
        assert (book / "html" / "chapters" / f"{slug}.html").is_file(), slug
        assert (book / "papers" / f"{slug}.docx").is_file(), slug
    assert (book / "html" / "searchindex.js").is_file()


def test_nothing_published_holds_a_word_of_the_kent_edition(book):
    found = hits(book)
    assert not found, f"{len(found)} hit(s), e.g. {found[:5]}"


def test_the_scan_finds_a_planted_word(book, tmp_path):
    """The scan can fail: the same check on a copy with one Kent word planted in a CSV and a DOCX."""
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(book, copy, ignore=shutil.ignore_patterns(".book-build"))
    (copy / "figures" / "planted.csv").write_text("service,complaints\nWest Kent area,3\n")
    docx = copy / "papers" / "complaints.docx"
    with zipfile.ZipFile(docx, "a") as z:
        z.writestr("word/planted.xml", "<w:t>Coram Voice</w:t>")
    names = {name for name, _ in hits(copy)}
    assert "figures/planted.csv" in names and "papers/complaints.docx:word/planted.xml" in names


def test_the_edition_words_are_its_own(book):
    intro = (book / "html" / "intro.html").read_text(encoding="utf-8")
    assert "Corporate Parenting Board report book" in intro
    assert "Counts from 1 to 4 are withheld" in intro  # no disclosure section: min_count 5
    assert "edition-logo.png" in intro  # the logo in the sidebar
    chapter = (book / "html" / "chapters" / "missing.html").read_text(encoding="utf-8")
    assert "Missing children and young people" in chapter and "(UASC)" not in chapter.split("</h1>")[0]
    complaints = page_text(book / "html" / "chapters" / "complaints.html")
    assert "Felpersham Advocacy Trust closed" in complaints
    assert "Synthetic data for a fictional authority" in complaints and "Counts from 1 to 4 are withheld" in complaints
    recruitment = (book / "html" / "chapters" / "recruitment.html").read_text(encoding="utf-8")
    assert "no national figure given" in recruitment and "national average of no data" not in recruitment
    assert "Every rate has data" not in recruitment
    register = (book / "figures" / "register.json").read_text(encoding="utf-8")
    assert "Borsetshire County Council (fictional), Corporate Parenting Board report book, 2017-18 Q3 edition, Table 1.1" \
        in register
    with zipfile.ZipFile(book / "papers" / "complaints.docx") as z:
        assert any(n.startswith("word/media/") for n in z.namelist())  # the logo on the paper
        assert "Corporate Parenting Board" in z.read("word/document.xml").decode()


def test_its_key_messages_are_true_for_it(book):
    """The key messages of another authority's edition: each value its own export's, worst news first, and
    no comparison the edition does not make (it sets no vacancy target and no national figures)."""
    from test_messages import assert_messages_true

    records = assert_messages_true(book)
    said = {r["measure"]: r for r in records}
    assert said["social_work_vacancy_rate"]["comparison"] == "" and "target" not in said["social_work_vacancy_rate"]["sentence"]
    assert all(said[m]["comparison"] == "" for m in ("enquiry_conversion", "assessment_conversion", "attrition"))


def test_the_sample_edition_says_plainly_that_suppression_is_off(sample_build):
    """min_count: 0 (the April 2014 papers printed single children): the book says so, and never
    promises that no child is identifiable."""
    for page in ("intro.html", "about.html", "chapters/missing.html"):
        text = page_text(sample_build / "html" / page)
        assert "Small-number suppression is off in this edition" in text, page
        assert "No child is identifiable" not in text and "no child can be identified" not in text, page
    assert "Missing children and young people (UASC)" in page_text(sample_build / "html" / "chapters" / "missing.html")
