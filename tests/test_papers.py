"""Panel paper drafts: opened with python-docx and checked against the book they were made from.

The papers are written from a real build (the `sample_build` fixture; if the sample edition cannot
build because a chapter is mid-work, from a private edition with only the missing chapter).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from conftest import ROOT, SAMPLE_PARAMS, glued, read_export, run_cli
from docx import Document
from docx.oxml.ns import qn

from panelbook import papers as pp
from panelbook.chapters import chapter_by_slug, chapters_in
from panelbook.errors import ParamsError
from panelbook.params import Edition, load_edition

REVIEW = re.compile(r"^\s*Against the published", re.IGNORECASE)
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
NUMBERED_HEADING = re.compile(r"^(\d+)\. ")
NUMBERED_PARA = re.compile(r"^(\d+)\.(\d+)\t")
CAPTION = re.compile(r"^(Table|Figure) (\d+)\.(\d+): ")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# -- the build the papers are made from ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(request, tmp_path_factory) -> tuple[Path, Path]:
    """(params file, build DIR): the sample edition, or a missing-only edition if it cannot build."""
    try:
        return SAMPLE_PARAMS, request.getfixturevalue("sample_build")
    except Exception:  # another chapter mid-work: fall back to the chapter that works
        tmp = tmp_path_factory.mktemp("papers-private")
        raw = yaml.load(SAMPLE_PARAMS.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        private = {k: raw[k] for k in ("title", "local_authority", "disclosure", "missing")}
        private["data_dir"] = str(ROOT / "data" / "sample")
        params = tmp / "missing-only.yaml"
        params.write_text(yaml.safe_dump(private, sort_keys=False), encoding="utf-8")
        run_cli("build", params, "--out", tmp / "_build")
        return params, tmp / "_build"


@pytest.fixture(scope="module")
def edition(built):
    return load_edition(built[0])


@pytest.fixture(scope="module")
def written(built, edition, tmp_path_factory) -> dict[str, Path]:
    """slug -> the paper written by write_papers into a fresh folder."""
    out = tmp_path_factory.mktemp("papers")
    paths = pp.write_papers(edition, chapters_in(edition), built[1] / "notebooks", built[1] / "figures", out)
    return {p.stem: p for p in paths}


def _sidecars(figures: Path, slug: str) -> list[dict]:
    import json

    metas = [json.loads(p.read_text()) for p in figures.glob("*.json")
             if p.name != "register.json" and not p.name.endswith(".vl.json")]
    return sorted((m for m in metas if m.get("chapter") == slug), key=lambda m: m["order"])


def _review_exports(notebook: Path) -> set[str]:
    """Export ids the book shows under an 'Against the published ...' heading (left out of papers)."""
    nb = nbformat.read(str(notebook), as_version=4)
    out, in_review = set(), False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## "):
                    in_review = bool(REVIEW.match(line[3:]))
        elif in_review:
            for o in cell.get("outputs", []):
                out.update(re.findall(r'class="pb-figure[^"]*" id="([^"]+)"', str(o.get("data", {}).get("text/html", ""))))
    return out


def _paragraphs(doc) -> list:
    return list(doc.paragraphs)


def _heading1(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]


def _empty_sections(nb, values: dict) -> set[str]:
    """`##` sections whose text is only empty glued values and whose cells display no table or chart."""
    out, title, content = set(), None, False
    for cell in [*nb.cells, nbformat.v4.new_markdown_cell("## end")]:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## "):
                    if title is not None and not content:
                        out.add(title)
                    title, content = line[3:].strip(), False
                elif line.strip():
                    m = re.fullmatch(r"\s*\{glue:md\}`(\w+)`\s*", line)
                    content |= not (m and values.get(m.group(1)) == "")
        elif any('class="pb-figure' in str(o.get("data", {}).get("text/html", "")) for o in cell.get("outputs", [])):
            content = True
    return out


# -- structure ---------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_one_paper_per_chapter(written, edition):
    assert sorted(written) == sorted(c.slug for c in chapters_in(edition))
    assert "missing" in written


@pytest.mark.slow
def test_header_block(written, edition):
    for slug, path in written.items():
        doc = Document(str(path))
        fields = {}
        for p in doc.paragraphs[:8]:
            label, _, value = p.text.partition("\t")
            fields[label] = value
        assert fields["By:"].strip(), slug
        assert fields["To:"] == "Corporate Parenting Panel", slug
        assert fields["Date:"] == "10 April 2014", slug  # GSS style: day without a leading zero, month in full
        assert fields["Subject:"] == chapter_by_slug(slug).title_in(edition)  # '(UASC)' as the edition says
        assert fields["Classification:"] == "Unrestricted"


@pytest.mark.slow
def test_header_block_from_params(built, edition, tmp_path):
    """The `papers:` block fills the header and end matter; a misspelt key is refused."""
    model = edition.model.model_copy(update={"papers": {
        "by": ["Jenny Whittle, Cabinet Member", "Andrew Ireland, Corporate Director"], "to": "Corporate Parenting Panel",
        "date": "2014-04-10", "classification": "Unrestricted", "author": "A. Analyst, Business Intelligence",
        "background": ["Appendix: survey returns"]}})
    ed = Edition(edition.path, model, edition.raw)
    [path] = pp.write_papers(ed, [chapter_by_slug("missing")], built[1] / "notebooks", built[1] / "figures", tmp_path)
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert texts[0] == "By:\tJenny Whittle, Cabinet Member"
    assert texts[1] == "\tAndrew Ireland, Corporate Director"
    assert "To:\tCorporate Parenting Panel" in texts and "Date:\t10 April 2014" in texts
    assert "A. Analyst, Business Intelligence" in texts and "Appendix: survey returns" in texts
    assert texts.count("The Corporate Parenting Panel is asked to NOTE the contents of this report.") == 1
    assert any(re.fullmatch(r"\d+\.1\tThe Corporate Parenting Panel is asked to NOTE the contents of this report\.", t)
               for t in texts)
    several = Edition(edition.path, edition.model.model_copy(update={"papers": {
        "recommendations": ["NOTE the figures.", "AGREE the next steps."]}}), edition.raw)
    [path] = pp.write_papers(several, [chapter_by_slug("missing")], built[1] / "notebooks", built[1] / "figures",
                             tmp_path / "several")
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert texts.count("A.\tNOTE the figures.") == 2 and texts.count("B.\tAGREE the next steps.") == 2
    bad = Edition(edition.path, edition.model.model_copy(update={"papers": {"classfication": "Restricted"}}), edition.raw)
    with pytest.raises(ParamsError, match="papers.classfication"):
        pp.write_papers(bad, [chapter_by_slug("missing")], built[1] / "notebooks", built[1] / "figures", tmp_path)


@pytest.mark.slow
def test_heading_structure(written, built):
    for slug, path in written.items():
        doc = Document(str(path))
        h1 = _heading1(doc)
        assert h1[:3] == ["Summary", "Recommendations", "1. Introduction"], slug
        assert h1[-2:] == ["Report author", "Background documents"], slug
        numbered = h1[2:-2]
        assert len(numbered) > 2, f"{slug}: no numbered sections"
        assert [int(NUMBERED_HEADING.match(h).group(1)) for h in numbered] == list(range(1, len(numbered) + 1))
        assert numbered[-1] == f"{len(numbered)}. Recommendations", slug
        numbered = numbered[1:-1]
        titles = {NUMBERED_HEADING.sub("", h) for h in numbered}
        nb = nbformat.read(str(built[1] / "notebooks" / f"{slug}.ipynb"), as_version=4)
        sections = [line[3:].strip() for c in nb.cells if c.cell_type == "markdown"
                    for line in c.source.splitlines() if line.startswith("## ")]
        # a section with nothing to show in this edition (only glued text that is empty, no comparators;
        # no table, as without ethnicity in the data) is left out
        empty = _empty_sections(nb, glued(built[1] / "notebooks" / f"{slug}.ipynb"))
        compared = "Compared with England, the region and statistical neighbours"
        assert compared in empty or compared not in sections, slug  # the sample edition compares nothing
        sections = [t for t in sections if t not in empty]
        # every `##` section after the first (which opens the Summary) is a numbered section, review ones left out
        for title in sections[1:]:
            if REVIEW.match(title):
                assert not any(t.startswith(title[:20]) for t in titles), (slug, title)
            elif "{glue" not in title:
                assert title.replace("**", "").replace("`", "") in titles, (slug, title)
        # the Summary holds text, and paragraphs are numbered <section>.<n> from 1 in each section
        assert doc.paragraphs[[p.text for p in doc.paragraphs].index("Summary") + 1].text.strip(), slug
        section, expected, seen = 0, 0, 0
        for p in doc.paragraphs:
            if p.style.name == "Heading 1":
                m = NUMBERED_HEADING.match(p.text)
                section, expected = (int(m.group(1)) if m else 0), 0
            if p.style.name == pp.NUMBERED_STYLE:
                m = NUMBERED_PARA.match(p.text)
                assert m, (slug, p.text[:40])
                assert p.text[m.end():].strip(), (slug, p.text)  # never a number without a paragraph
                expected += 1
                seen += 1
                assert (int(m.group(1)), int(m.group(2))) == (section, expected), (slug, p.text[:40])
        assert seen >= 2, slug  # at least the Introduction's and the Recommendations' own


# -- tables and charts ---------------------------------------------------------------------------------------
@pytest.mark.slow
def test_tables_equal_exports(written, built):
    """Each Word table is its export CSV cell for cell (suppressed 'c' included), labelled as the book
    shows it, header row repeating; every table the book displays outside review sections is there."""
    figures = built[1] / "figures"
    for slug, path in written.items():
        doc = Document(str(path))
        metas = [m for m in _sidecars(figures, slug) if m["kind"] == "table"]
        expected = [m for m in metas if m["id"] not in _review_exports(built[1] / "notebooks" / f"{slug}.ipynb")]
        seen = []
        for table in doc.tables:
            tblpr = table._tbl.tblPr
            title = tblpr.find(qn("w:tblCaption")).get(qn("w:val"))
            assert tblpr.find(qn("w:tblDescription")).get(qn("w:val")), slug
            candidates = [m for m in metas if m["title"] == title]
            assert candidates, f"{slug}: table {title!r} matches no export"
            first = table.rows[0]
            assert first._tr.trPr is not None and first._tr.trPr.find(qn("w:tblHeader")) is not None
            cells = [[c.text for c in row.cells] for row in table.rows]
            matched = None
            for meta in candidates:
                df = pp.display_table(read_export(figures, meta["id"]), meta)
                if cells == [list(map(str, df.columns)), *df.astype(str).values.tolist()]:
                    matched = meta["id"]
            assert matched, f"{slug}: table {title!r} differs from its export"
            seen.append(matched)
        assert sorted(seen) == sorted(m["id"] for m in expected if m["number"]), slug


@pytest.mark.slow
def test_no_codes_where_a_label_exists(written, built):
    """A paper's tables show the book's headers, never the export's column id where the book has a
    header, nor a code its chapter's labels catalogue labels."""
    figures = built[1] / "figures"
    from panelbook.labels import catalogue

    assert {"parent_child", "enquiry_conversion"} <= catalogue("recruitment").codes()
    for slug, path in written.items():
        doc = Document(str(path))
        codes = catalogue(slug).codes()  # its own chapter's: another's code may be this one's category ("16+")
        relabelled = {c for m in _sidecars(figures, slug) for c, h in (m.get("headers") or {}).items() if h != c}
        assert relabelled, slug
        for table in doc.tables:
            header = {c.text for c in table.rows[0].cells}
            assert not header & relabelled, (slug, sorted(header & relabelled))
            shown = {c.text for row in table.rows for c in row.cells}
            assert not shown & codes, (slug, sorted(shown & codes)[:10])


def _seq_captions(doc) -> list[tuple[str, int, int, str]]:
    """Each caption as (SEQ identifier, the number Word computes for its field, the field's shown
    result, the caption's text): Word counts each identifier on from 1, a `\\r n` switch restarting it at n."""
    out, counters = [], {}
    for p in doc.paragraphs:
        if p.style.name != "Caption":
            continue
        codes = [t.text for t in p._p.iter(f"{W}instrText")]
        assert len(codes) == 1, p.text
        m = re.fullmatch(r" SEQ (\w+) \\\* ARABIC(?: \\r (\d+))? ", codes[0])
        assert m, codes[0]
        name = m.group(1)
        counters[name] = int(m.group(2)) if m.group(2) else counters.get(name, 0) + 1
        shown, inside = "", False
        for el in p._p.iter():
            if el.tag == f"{W}fldChar":
                inside = el.get(f"{W}fldCharType") == "separate"
            elif el.tag == f"{W}t" and inside:
                shown += el.text
        out.append((name, counters[name], int(shown), p.text))
    return out


@pytest.mark.slow
def test_caption_fields_number_as_the_register(written, built):
    """Every caption is a SEQ Table / SEQ Figure field; the number Word gives it, and the number shown,
    is the register's ('Table 6.3' in the book is Table 6.3 in the paper), its text the register's caption."""
    import json

    register = json.loads((built[1] / "figures" / "register.json").read_text())["figures"]
    for slug, path in written.items():
        numbers = {f["caption"]: f["number"] for f in register if f["chapter"] == slug and f.get("number")}
        captions = _seq_captions(Document(str(path)))
        assert captions, slug
        for name, computed, shown, text in captions:
            assert text in numbers, (slug, text)
            word, _, n = numbers[text].rpartition(".")
            assert (name, computed, shown) == (word.split()[0], int(n), int(n)), (slug, text)
        assert len({t for *_, t in captions}) == len(captions), slug


@pytest.mark.slow
def test_a4_pages_numbered(written):
    """Every section is A4 (a landscape one for a wide table), and the footer holds a PAGE field."""
    for slug, path in written.items():
        doc = Document(str(path))
        for section in doc.sections:
            size = sorted((section.page_width.mm, section.page_height.mm))
            assert size == pytest.approx([210, 297], abs=0.5), (slug, size)
        with zipfile.ZipFile(path) as z:
            footers = [n for n in z.namelist() if n.startswith("word/footer")]
            assert footers, slug
            assert any(re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", z.read(n).decode()) for n in footers), slug
        body = doc.element.body
        for sect in body.iter(f"{W}sectPr"):  # every section, the last included, points at that footer
            assert sect.find(f"{W}pgSz") is not None


@pytest.mark.slow
def test_columns_sized_to_content(written):
    """No table of fixed equal columns: each fits its page's text width, columns differ with their text,
    and a table too wide for a portrait page (the surveys' headline table) is on a landscape page."""
    from panelbook import wordlayout as wl

    landscape_tables = 0
    for slug, path in written.items():
        doc = Document(str(path))
        for table in doc.tables:
            widths = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
            size = table._tbl.xpath("following::w:sectPr")[0].find(f"{W}pgSz")  # the section it ends
            wide = int(size.get(f"{W}w")) > int(size.get(f"{W}h"))
            landscape_tables += wide
            assert sum(widths) <= (wl.LANDSCAPE_TEXT if wide else wl.PORTRAIT_TEXT), slug
            if len(widths) > 2:
                assert len(set(widths)) > 1, (slug, widths)
    assert landscape_tables >= 1


@pytest.mark.slow
def test_the_rag_key_is_printed_where_announced(written, edition):
    """The actions paper says 'The key below is ...' and prints the key, each colour and its meaning."""
    from panelbook.chapters.actions.analysis import STATUS_LABEL

    texts = [p.text for p in Document(str(written["actions"])).paragraphs]
    at = next(i for i, t in enumerate(texts) if "The key below" in t or "the general meaning of each colour" in t)
    key = edition.section("actions").key
    assert texts[at + 1:at + 1 + len(key)] == [f"{STATUS_LABEL.get(k, k)}: {v}" for k, v in key.items()]


@pytest.mark.slow
def test_charts_have_alt_text(written, built):
    figures = built[1] / "figures"
    for slug, path in written.items():
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        descr = re.findall(r'<wp:docPr [^>]*?descr="([^"]*)"', xml)
        pictures = re.findall(r"<wp:docPr ", xml)
        assert len(descr) == len(pictures), f"{slug}: an image without alt text"
        assert all(d.strip() for d in descr), slug
        charts = [m for m in _sidecars(figures, slug) if m["kind"] == "chart"
                  and m["id"] not in _review_exports(built[1] / "notebooks" / f"{slug}.ipynb")]
        assert len(pictures) == len(charts), slug


@pytest.mark.slow
def test_suppressed_cells_stay_suppressed(built, edition, tmp_path):
    """The paper copies 'c' from the export; it never recomputes a withheld cell."""
    import shutil

    figures = tmp_path / "figures"
    shutil.copytree(built[1] / "figures", figures)
    df = read_export(figures, "missing-by-age")
    df.loc[0, "found"] = "c"
    df.to_csv(figures / "missing-by-age.csv", index=False, lineterminator="\n")
    [path] = pp.write_papers(edition, [chapter_by_slug("missing")], built[1] / "notebooks", figures, tmp_path / "out")
    doc = Document(str(path))
    table = next(t for t in doc.tables if t.rows[1].cells[0].text == df.loc[0, "age"]
                 and t._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")).startswith("Children who went missing, by age"))
    assert table.rows[1].cells[1].text == "c"


# -- numbers and identifiers -----------------------------------------------------------------------------
def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in NUMBER.findall(text)}


def _static_markdown(slug: str) -> str:
    """The chapter's own typed prose, glue roles removed: text the book shows word for word."""
    nb = nbformat.read(str(chapter_by_slug(slug).page), as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return re.sub(r"\{glue[^}]*\}`[^`]*`", " ", text)


def _allowed_numbers(slug: str, built, edition) -> set[str]:
    figures, allowed = built[1] / "figures", set()
    for meta in _sidecars(figures, slug):
        allowed |= _numbers(" ".join(str(meta.get(k, "")) for k in ("title", "source", "note", "alt")))
        allowed |= _numbers(" ".join(map(str, (meta.get("headers") or {}).values())))
        if meta["kind"] == "table":  # cell by cell ("44,143" is two cells), as exported and as the book writes it
            df = read_export(figures, meta["id"])
            cells = df.to_numpy().ravel().tolist() + pp.display_table(df, meta).astype(str).to_numpy().ravel().tolist()
            allowed |= {n for cell in cells for n in _numbers(cell)}
    allowed |= _numbers(" ".join(map(str, glued(built[1] / "notebooks" / f"{slug}.ipynb").values())))
    allowed |= _numbers(_static_markdown(slug))
    allowed |= _numbers(edition.title + " " + edition.edition_name + " " + str(edition.model.papers or ""))  # params
    return allowed


@pytest.mark.slow
def test_every_number_is_the_books(written, built, edition):
    """Each number in a paper's text is an exported cell, a glued value, the chapter's typed prose or
    a parameter of the header block. Exempt, by position only: section numbers 'n. ' at the start of a
    Heading 1, paragraph numbers 's.n<tab>' at the start of a numbered paragraph, and 'Table s.n: ' /
    'Figure s.n: ' at the start of a caption."""
    for slug, path in written.items():
        doc = Document(str(path))
        allowed = _allowed_numbers(slug, built, edition)
        texts = []
        for p in doc.paragraphs:
            text = p.text
            if p.style.name == "Heading 1":
                text = NUMBERED_HEADING.sub("", text, count=1)
            elif p.style.name == pp.NUMBERED_STYLE:
                text = NUMBERED_PARA.sub("", text, count=1)
            elif p.style.name == "Caption":
                text = CAPTION.sub("", text, count=1)
            texts.append(text)
        texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        stray = sorted({n for t in texts for n in _numbers(t)} - allowed)
        assert not stray, f"{slug}: numbers the book does not show: {stray[:20]}"


def _identifiers() -> set[str]:
    """Every value of a person or case identifier column (…_id except question_id; dob) in the sample data."""
    ids = set()
    for csv in sorted((ROOT / "data" / "sample").glob("*.csv")):
        df = pd.read_csv(csv, dtype=str, keep_default_na=False)
        for col in df.columns:
            if (col.endswith("_id") and col != "question_id") or col == "dob":
                ids |= {v.strip() for v in df[col] if v.strip()}
    return ids


def _segments(token: str):
    """Every run of whole hyphen-separated parts of a token: 'x-C22-01' gives 'C22-01' among others."""
    parts = token.split("-")
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            yield "-".join(parts[i:j])


@pytest.mark.slow
def test_no_identifiers_in_the_document(written):
    """No child, household, case, audit, review or respondent id and no date of birth, in any part."""
    ids = _identifiers()
    assert len(ids) > 100 and any(i.startswith("C0") for i in ids)
    for slug, path in written.items():
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if not name.endswith((".xml", ".rels")):
                    continue
                tokens = set(re.findall(r"[A-Za-z0-9-]+", z.read(name).decode("utf-8")))
                found = {seg for t in tokens for seg in _segments(t)} & ids
                assert not found, f"{slug}: {name} contains identifiers {sorted(found)[:5]}"


# -- determinism ------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_two_runs_are_byte_identical(built, edition, written, tmp_path):
    again = pp.write_papers(edition, chapters_in(edition), built[1] / "notebooks", built[1] / "figures", tmp_path)
    for path in again:
        assert path.read_bytes() == written[path.stem].read_bytes(), path.name


@pytest.mark.slow
def test_fixed_metadata(written, edition):
    path = written["missing"]
    doc = Document(str(path))
    cp = doc.core_properties
    assert cp.created == cp.modified == dt.datetime(2014, 4, 10, 0, 0, tzinfo=dt.timezone.utc)
    assert cp.title == "Missing children and young people (UASC)" == chapter_by_slug("missing").title_in(edition)
    assert cp.language == "en-GB"
    with zipfile.ZipFile(path) as z:
        assert {i.date_time for i in z.infolist()} == {pp.ZIP_TIME}
        assert not any("thumbnail" in n for n in z.namelist())


@pytest.mark.slow
def test_papers_command_reuses_a_current_build(built):
    proc = run_cli("papers", built[0], "--out", built[1])
    assert "Using the build" in proc.stdout
    assert (built[1] / "papers" / "missing.docx").is_file()


# -- the MyST to Word conversion, on small hand-made inputs ---------------------------------------------------
GLUE = {"n": {"text/plain": "1234"}, "share": {"text/plain": "0.4567"}, "who": {"text/plain": "\"children's\""},
        "ok": {"text/plain": "'adequate or better'"}, "md": {"text/markdown": "**very** strong"}}


def test_glue_roles_as_the_book_shows_them():
    runs = pp.parse_inline("{glue:text}`n` and {glue:text}`share:.1%` of {glue:}`who` **{glue:text}`ok`**", GLUE)
    assert pp._text(runs) == "1234 and 45.7% of children's adequate or better"
    assert runs[-1].bold and not runs[0].bold
    assert pp.glue_value(GLUE, "text", "n:,d") == "1,234"
    md = pp.parse_inline("{glue:md}`md`", GLUE)
    assert pp._text(md) == "very strong" and md[0].bold and not md[1].bold
    with pytest.raises(pp.PapersError, match="missing"):
        pp.parse_inline("{glue:text}`missing`", GLUE)


def test_format_plain_text_matches_myst_nb():
    from myst_nb.core.variables import format_plain_text

    for text, fmt in (("1234", "s"), ("'a b'", "s"), ("0.125", ".1f"), ("12.5", ".0f"), ("3", "d"), ("'x'", "")):
        assert pp.format_plain_text(text, fmt) == format_plain_text(text, fmt)


def test_markdown_blocks_and_admonitions():
    md = ("# Title\n\nIntro *with* `code` and [a link](http://x).\n\n## Headlines\n\nSaw {glue:text}`n`.\n\n"
          "```{admonition} Definitions\n:class: note\n- **In scope**: all\n- Second\n  continued\n```\n\n"
          "## By age\n\n(target)=\nText.\n\n```{figure} x.png\nignored\n```\n\n## Against the published report\n\nTyped 99.\n")
    blocks = pp.parse_markdown(md, GLUE)
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Heading", "Para", "Heading", "Para", "Boxed", "Heading", "Para", "Heading", "Para"]
    box = blocks[4]
    assert pp._text(box.title) == "Definitions"
    assert [pp._text(i) for i in box.blocks[0].items] == ["In scope: all", "Second continued"]
    assert box.blocks[0].items[0][0].bold
    assert pp._text(blocks[1].runs) == "Intro with code and a link."
    exports = [{"id": "t1", "number": "Table 1.1"}, {"id": "t2", "number": "Table 1.2"}, {"id": "t3", "number": ""}]
    paper = pp.plan_paper(blocks + [pp.Figure("t1")], exports)
    assert [pp._text(b.runs) for b in paper.intro] == ["Intro with code and a link."]  # the Introduction
    assert [pp._text(b.runs) for b in paper.summary] == ["Saw 1234."]  # the headline, without key messages
    assert [pp._text(s.title) for s in paper.sections] == ["Definitions", "By age", "Further tables and charts"]
    assert paper.left_out == ["t1"] and paper.figures == ["t2"]  # t1 only in the review section; t3 never displayed
    with_messages = pp.plan_paper(blocks, exports, ["Worst news.", "Better news."])
    [items] = with_messages.summary
    assert [pp._text(i) for i in items.items] == ["Worst news.", "Better news."]
    assert [pp._text(s.title) for s in with_messages.sections][:2] == ["Headlines", "By age"]  # headline kept


def test_definition_lists_from_html():
    html_text = ('<p>x</p><dl class="pb-rag-key"><dt>Red</dt><dd>Not done &amp; at risk</dd>'
                 '<dt>Green</dt><dd>On <b>track</b></dd></dl>')
    [items] = pp.definition_lists(html_text)
    assert [pp._text(i) for i in items.items] == ["Red: Not done & at risk", "Green: On track"]
    assert items.items[0][0].bold and not items.items[0][1].bold
    assert pp.definition_lists("<table><tr><td>1</td></tr></table>") == []


def test_columns_from_content():
    from panelbook import wordlayout as wl

    narrow = wl.plan_columns(["Age", "Children"], [["14", "7"], ["Total", "44"]])
    assert not narrow.landscape and narrow.widths[0] < narrow.widths[1] < wl.PORTRAIT_TEXT // 4
    prose = "the latest progress text of an action, long enough to wrap over several lines " * 3
    wrapped = wl.plan_columns(["Ref", "Latest progress"], [["R1", prose]])
    assert not wrapped.landscape and wrapped.total == wl.PORTRAIT_TEXT
    assert wrapped.widths[0] >= wl.text_width("Ref", bold=True) + wl.CELL_PADDING
    many = [f"Respondents in 2013-14 Q{q}" for q in range(1, 5)] * 2
    wide = wl.plan_columns(["Question", *many], [["How safe I feel where I live", *["130"] * len(many)]])
    assert wide.landscape and wide.points == wl.TABLE_FONT_PT and wide.total <= wl.LANDSCAPE_TEXT
    assert all(w >= wl.text_width("Respondents", wide.points, bold=True) + wl.CELL_PADDING for w in wide.widths[1:])
    huge = wl.plan_columns([f"Heading{i:02d}" for i in range(40)], [["1234567"] * 40])
    assert huge.landscape and huge.points == min(wl.SMALLER_FONTS) and huge.total <= wl.LANDSCAPE_TEXT


def test_edition_date_without_a_meeting_date():
    """A quarterly edition whose title has no date is dated by the last day its chapters' periods reach."""
    ed = load_edition(ROOT / "params" / "2013-14-q3.yaml")
    assert pp.meeting_date(ed, pp.PapersParams()) is None
    ends = [getattr(ed.section(c.section), k, None) for c in chapters_in(ed) for k in ("period_end", "as_at")]
    assert pp.edition_date(ed, pp.PapersParams()) == max(d for d in ends if d)
    assert pp.edition_date(ed, pp.PapersParams(date="2014-01-20")) == dt.date(2014, 1, 20)


def test_plan_keeps_a_first_section_with_more_than_definitions():
    blocks = [pp.Heading(2, [pp.Run("Headlines")]), pp.Para([pp.Run("a")]), pp.Figure("t"), pp.Para([pp.Run("b")])]
    paper = pp.plan_paper(blocks, [{"id": "t"}])
    assert [pp._text(b.runs) for b in paper.summary] == ["a"]
    assert [pp._text(s.title) for s in paper.sections] == ["Headlines"]
    assert paper.figures == ["t"]


def test_meeting_date():
    class E:
        title = "Corporate Parenting Panel, 10 April 2014"

    assert pp.meeting_date(E, pp.PapersParams()) == dt.date(2014, 4, 10)
    assert pp.meeting_date(E, pp.PapersParams(date="2014-05-01")) == dt.date(2014, 5, 1)
    E.title = "Quarterly edition"
    assert pp.meeting_date(E, pp.PapersParams()) is None


def test_stable_zip_ignores_the_clock():
    def blob(when):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(zipfile.ZipInfo("a.xml", date_time=when), "<a/>")
            z.writestr(zipfile.ZipInfo("b.xml", date_time=when), "<b/>")
        return buf.getvalue()

    first, second = blob((2020, 1, 1, 1, 1, 2)), blob((2024, 5, 6, 7, 8, 10))
    assert first != second
    assert pp.stable_zip(first) == pp.stable_zip(second)
    assert zipfile.ZipFile(io.BytesIO(pp.stable_zip(first))).namelist() == ["a.xml", "b.xml"]


# -- PDF copies (optional: LibreOffice) -------------------------------------------------------------------
def test_pdf_stamps_replaced_in_place():
    from panelbook import paperpdf

    pdf = (b"%PDF-1.4\n1 0 obj<</Producer(x)/CreationDate(D:20261202020230Z')>>endobj\n"
           b"trailer<</Size 9/ID [ <373BE60B782186039B039C213FB60793>\n<373BE60B782186039B039C213FB60793> ]\n"
           b"/DocChecksum /4E56207042DA85A4F22EC6CB4CBE6B13>>\n")
    other = pdf.replace(b"20261202020230", b"20270101101010").replace(b"373BE60B", b"71A0FB62").replace(b"4E5620", b"AB0C11")
    a = paperpdf.fixed(pdf, dt.date(2014, 4, 10), b"the docx")
    assert a == paperpdf.fixed(other, dt.date(2014, 4, 10), b"the docx")  # the clock and the random id are gone
    assert len(a) == len(pdf) and b"(D:20140410000000Z')" in a  # offsets kept
    assert a != paperpdf.fixed(pdf, dt.date(2014, 4, 10), b"another docx")


def test_no_libreoffice_no_pdf_and_no_failure(monkeypatch, tmp_path, capsys):
    from panelbook import paperpdf

    monkeypatch.setattr(paperpdf.shutil, "which", lambda name: None)
    assert paperpdf.convert([tmp_path / "x.docx"], tmp_path, None) == []
    assert pp.pdf_copies([tmp_path / "x.docx"], tmp_path, None) == []
    assert "not installed" in capsys.readouterr().out
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_pdf_copies_are_a4_and_deterministic(written, tmp_path):
    from panelbook import paperpdf

    if paperpdf.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: PDFs are optional")
    paper = written["missing"]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    [first] = paperpdf.convert([paper], tmp_path / "a", dt.date(2014, 4, 10))
    [second] = paperpdf.convert([paper], tmp_path / "b", dt.date(2014, 4, 10))
    assert first.read_bytes() == second.read_bytes()
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", first.read_bytes()))
    assert boxes and all(sorted((round(float(w)), round(float(h)))) == [595, 842] for w, h in boxes)


def test_the_key_messages_box_becomes_the_summary():
    """A chapter opens with its key messages in a box: in the paper they are the Summary (from the
    build's record when given, else as the box shows them), not repeated in the Introduction."""
    md = (":::{admonition} Key messages\n:class: pb-key-messages-box\n- Worst news.\n- Better news.\n:::\n\n"
          "Intro.\n\n## Headlines\n\nSaw {glue:text}`n`.\n")
    blocks = pp.parse_markdown(md, GLUE)
    assert blocks[0].classes == ("pb-key-messages-box",)
    for messages in (None, ["Worst news.", "Better news."]):
        paper = pp.plan_paper(blocks, [], messages)
        [items] = paper.summary
        assert [pp._text(i) for i in items.items] == ["Worst news.", "Better news."]
        assert [pp._text(b.runs) for b in paper.intro] == ["Intro."]
        assert [pp._text(s.title) for s in paper.sections] == ["Headlines"]
@pytest.mark.slow
def test_papers_command_publishes_a_new_release_and_never_writes_into_the_current_one(built, tmp_path):
    """Issue 15: a published release is immutable. Each file of the release current before the command
    is kept by a hard link: written in place, its bytes or modification time would change."""
    import json
    import os

    from panelbook.release import MANIFEST, current_release, is_complete

    out = built[1]
    before = current_release(out)
    kept = {}
    for i, path in enumerate(sorted(p for p in before.rglob("*") if p.is_file())):
        link = tmp_path / f"f{i}"
        os.link(path, link)
        kept[link] = (path.relative_to(before), link.stat().st_mtime_ns, link.read_bytes())
    assert any(str(rel).startswith("papers/") for rel, _, _ in kept.values())
    proc = run_cli("papers", built[0], "--out", out)
    after = current_release(out)
    assert after is not None and after != before
    changed = [str(rel) for link, (rel, mtime, data) in kept.items()
               if link.stat().st_mtime_ns != mtime or link.read_bytes() != data]
    assert not changed, changed[:5]
    assert is_complete(out, json.loads((after / MANIFEST).read_text())["book_key"])
    assert (out / "papers" / "missing.docx").is_file() and str(out / "papers") in proc.stdout
