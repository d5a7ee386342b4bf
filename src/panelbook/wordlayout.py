"""Word layout for the committee papers: A4 pages, fields (PAGE, SEQ), columns sized to content.

python-docx writes paragraphs and tables but knows no fields and sizes no columns; a council's
report needs page numbers, caption numbers Word can update, and tables that neither break words
letter by letter nor run off the page. These are the few OOXML pieces the papers need, kept apart
from what the papers say (`papers`).

Column widths are worked out from the text (Word's own autofit is not run by python-docx, and
LibreOffice does not run it either): each column gets at least its longest word (a number never
wraps) and at most its longest line; a table whose columns cannot fit the portrait text width
even at their longest words goes in a landscape section.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A4 in twentieths of a point (twips): 210 x 297 mm, 2.5 cm margins
TWIPS_PER_CM = 1440 / 2.54
A4_WIDTH, A4_HEIGHT = round(21.0 * TWIPS_PER_CM), round(29.7 * TWIPS_PER_CM)
MARGIN = round(2.5 * TWIPS_PER_CM)
PORTRAIT_TEXT = A4_WIDTH - 2 * MARGIN
LANDSCAPE_TEXT = A4_HEIGHT - 2 * MARGIN
CELL_PADDING = 2 * 108 + 40  # Word's default left and right cell margins (0.19 cm each), and a little room
TABLE_FONT_PT = 9

# Arial's advance widths (the Helvetica metrics it shares), thousandths of an em, for " " to "~"
_REGULAR = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10,
            278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
            722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556,
            556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556,
            500, 722, 500, 500, 500, 334, 260, 334, 584]
_BOLD = [278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10,
         333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833,
         722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556,
         611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611,
         556, 778, 556, 556, 500, 389, 280, 389, 584]
_OTHER = 667  # a character outside ASCII: generously wide
SLACK = 1.04  # renderers differ a little (kerning, hinting): never wrap a word that was measured to fit


def text_width(text: str, points: float = TABLE_FONT_PT, bold: bool = False) -> int:
    """The width of one line of text, in twips (Arial at `points`)."""
    widths = _BOLD if bold else _REGULAR
    thousandths = sum(widths[ord(ch) - 32] if 32 <= ord(ch) < 127 else _OTHER for ch in text)
    return round(thousandths * points * 20 * SLACK / 1000)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text) if w] or [""]


@dataclass(frozen=True)
class ColumnPlan:
    """Each column's width (twips), whether the table needs a landscape page, and its font size."""

    widths: list[int]
    landscape: bool
    points: float = TABLE_FONT_PT

    @property
    def total(self) -> int:
        return sum(self.widths)


SMALLER_FONTS = (8, 7)  # for a table too wide for a landscape page at the usual size, before words break


def plan_columns(header: list[str], rows: list[list[str]]) -> ColumnPlan:
    """Widths from content: every line on one line where the page allows; else the body's lines on one
    line and the headers wrapped; else at least each column's longest word, the room left shared in
    proportion to what each column's body would need to be on one line. Portrait when the longest words
    fit it, else landscape; smaller type only when even landscape cannot hold the longest words; and only
    at the smallest size do words break."""
    for points, landscape in ((TABLE_FONT_PT, False), (TABLE_FONT_PT, True), *((pt, True) for pt in SMALLER_FONTS)):
        full, body, shortest = _extents(header, rows, points)
        page = LANDSCAPE_TEXT if landscape else PORTRAIT_TEXT
        if sum(shortest) <= page:
            break
    else:  # even the longest words do not fit: scale them down (words may break)
        return ColumnPlan([w * page // sum(shortest) for w in shortest], True, points)
    for wide, narrow in ((full, full), (full, body), (body, shortest)):
        if sum(narrow) <= page:
            room, wants = page - sum(narrow), [a - b for a, b in zip(wide, narrow)]
            extra = [room * w // sum(wants) if sum(wants) > room else w for w in wants]
            return ColumnPlan([n + e for n, e in zip(narrow, extra)], landscape, points)
    raise AssertionError("unreachable: the longest words fit")


def _extents(header: list[str], rows: list[list[str]], points: float) -> tuple[list[int], list[int], list[int]]:
    """Per column: its width with every line on one line; with its body's lines on one line (the header
    wrapped at its words); and its longest word (header in bold)."""
    full, body, shortest = [], [], []
    for j, head in enumerate(header):
        cells = [str(r[j]) for r in rows]
        words = max([text_width(w, points, bold=True) for w in _words(head)]
                    + [text_width(w, points) for c in cells for w in _words(c)]) + CELL_PADDING
        lines = max([0] + [text_width(c, points) for c in cells]) + CELL_PADDING
        shortest.append(words)
        body.append(max(words, lines))
        full.append(max(words, lines, text_width(head, points, bold=True) + CELL_PADDING))
    return full, body, shortest


# -- OOXML -------------------------------------------------------------------------------------------------
def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def add_field(paragraph, code: str, result: str, bold: bool | None = None) -> None:
    """A Word field (`PAGE`, `SEQ Table \\* ARABIC`) with its current result, as Word writes it:
    begin, instruction, separate, result, end (Word and LibreOffice update it; readers see the result)."""
    from docx.oxml.ns import qn

    def run(child):
        r = paragraph.add_run()
        r.bold = bold
        r._r.append(child)
        return r

    run(_el("w:fldChar", fldCharType="begin"))
    instr = _el("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    run(instr)
    run(_el("w:fldChar", fldCharType="separate"))
    r = paragraph.add_run(result)
    r.bold = bold
    run(_el("w:fldChar", fldCharType="end"))


def page_setup(section, landscape: bool = False) -> None:
    """A4, 2.5 cm margins, portrait or landscape."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Twips

    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT)
    section.page_width, section.page_height = Twips(width), Twips(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(MARGIN))


def page_number_footer(section, style: str | None = None) -> None:
    """The page number, centred in the footer (later sections inherit it)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = section.footer.paragraphs[0]
    if style:
        p.style = style
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(p, "PAGE", "1")


def set_column_widths(table, widths: list[int]) -> None:
    """Fixed widths on the grid, on every cell and on the table (what Word and LibreOffice both honour)."""
    from docx.oxml.ns import qn
    from docx.shared import Twips

    table.autofit = False
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:  # in its place in the schema's order (Word refuses a misplaced one)
        tblw = _el("w:tblW")
        tblpr.insert_element_before(tblw, "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                                    "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
    tblw.set(qn("w:w"), str(sum(widths)))
    tblw.set(qn("w:type"), "dxa")
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(w))
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Twips(w)
