"""Panel paper drafts: each chapter as a Word committee report, built from the executed book.

Analysts used to retype the book's figures into the council's committee-report layout. Here the
draft is generated from the same sources the book renders, so the paper cannot disagree with it:

- the prose is the chapter notebook's markdown with every ``{glue:text}`name``` replaced by the
  value the notebook glued, formatted exactly as myst-nb formats it for the book;
- tables are the exported CSVs read as strings (suppressed cells stay "c", nothing is recomputed),
  labelled as the book shows them (headers, and category labels where the labels catalogue has
  them); charts are the exported PNGs with the book's alt text; a definition list the book shows
  (the actions chapter's RAG key) is printed as a list.

Layout (the council's committee report, as in any item of a panel agenda pack): A4 with the page
number in the footer; the edition's logo, if any; a By / To / Date / Subject / Classification
header block; Summary (the chapter's key messages where the build made them, else the opening
paragraphs of its first section) and Recommendations; then numbered sections, "1. Introduction",
one per notebook ``##`` heading, and "n. Recommendations" last, every paragraph numbered within its
section (1.1, 1.2, ...); report author and background documents at the end. Captions are Word
caption fields (SEQ Table / SEQ Figure) numbered exactly as the book numbers them (the register's
"Table 3.2" is the paper's Table 3.2); a table is sized to its content and printed in a landscape
section when it cannot fit the portrait page, its header row repeated on each page. Sections that
reconcile the book with earlier published papers ("Against the published ...") are analysts'
quality assurance, not panel content, and are left out together with anything they display;
tables the book exports but does not display (a chart's data) are left out as in the book.

Output is deterministic: fixed core properties dated from the edition, no thumbnail, zip entries
in a stable order with a fixed timestamp, so an unchanged rerun gives byte-identical files.
"""
from __future__ import annotations

import ast
import copy
import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from pydantic import Field

from .errors import PanelbookError, ParamsError
from . import wordlayout
from .numbers import long_date
from .params import StrictModel

# Sections about reconciling with earlier papers: for the analyst, not for the panel.
REVIEW_SECTIONS = re.compile(r"^\s*Against the published\b", re.IGNORECASE)
ADMONITIONS = {"admonition", "note", "tip", "hint", "important", "warning", "caution", "attention",
               "danger", "error", "seealso", "dropdown", "topic", "sidebar", "margin"}
HIDDEN_TAGS = {"remove-cell", "remove_cell", "hide-cell"}
KEY_MESSAGES_BOX = "pb-key-messages-box"  # the class of the box in which a chapter opens with its key messages
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FALLBACK_DATE = dt.date(2000, 1, 1)
NUMBERED_STYLE = "PB Numbered Paragraph"
SOURCE_STYLE = "PB Source"
FIELD_STYLE = "PB Header Field"
TABLE_STYLE = "PB Table Text"
LETTERED_STYLE = "PB Recommendation"
CAPTION_NUMBER = re.compile(r"^(Table|Figure) ((?:\d+\.)*)(\d+)$")  # the book's "Table 3.2": prefix "3.", 2


class PapersError(PanelbookError):
    """A paper cannot be drafted (no executed notebook, a glue name the notebook never set, ...)."""


class PapersParams(StrictModel):
    """The edition's optional `papers:` block: the committee-report header and footer."""

    by: str | list[str] = Field("[Cabinet Member and Corporate Director: to be completed]",
                                description="the header's 'By:' (one line, or a list of lines)")
    to: str | None = Field(None, description="the header's 'To:' (default: the edition's panel)")
    date: dt.date | None = Field(None, description="the Date line: the meeting date (default: the date in the "
                                                   "edition's title, else the last day its chapters' periods reach)")
    classification: str = Field("Unrestricted", description="the header's 'Classification:'")
    author: str | list[str] = Field("[Report author, role and contact details: to be completed]",
                                    description="the end matter's report author and contact (one line, or a list)")
    background: list[str] = Field([], description="the end matter's background documents, one per item")
    recommendations: list[str] = Field(["NOTE the contents of this report."],
                                       description="what the panel is asked to do, each starting with its verb in "
                                                   "capitals ('NOTE ...', 'AGREE ...'): the Recommendations")


def papers_params(edition) -> PapersParams:
    """Validate `papers:` strictly (a misspelt key is an error, as for every other block)."""
    from pydantic import ValidationError

    try:
        return PapersParams.model_validate(edition.model.papers or {})
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"])
            msg = f"unknown key (expected {', '.join(PapersParams.model_fields)})" \
                if err["type"] == "extra_forbidden" else err["msg"]
            lines.append(f"{edition.path}: key 'papers.{key}': {msg}")
        raise ParamsError("\n".join(lines)) from None


_TITLE_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})")


def meeting_date(edition, pp: PapersParams) -> dt.date | None:
    """`papers.date`, else a 'd Month YYYY' in the edition's title (e.g. '..., 12 June 2019')."""
    if pp.date is not None:
        return pp.date
    m = _TITLE_DATE.search(edition.title or "")
    if m:
        for fmt in ("%d %B %Y", "%d %b %Y"):
            try:
                return dt.datetime.strptime(" ".join(m.groups()), fmt).date()
            except ValueError:
                pass
    return None


def edition_date(edition, pp: PapersParams) -> dt.date | None:
    """The paper's Date line: the meeting date, else the last day any chapter's period (or as-at date)
    reaches, so a quarterly edition without a meeting date is still dated by its own figures."""
    when = meeting_date(edition, pp)
    if when is not None:
        return when
    from .chapters import chapters_in

    days = [getattr(edition.section(c.section), key, None) for c in chapters_in(edition)
            for key in ("period_end", "as_at")]
    days = [d for d in days if isinstance(d, dt.date)]
    return max(days) if days else None


# -- glued values ---------------------------------------------------------------------------------------
def read_glue(nb) -> dict[str, dict]:
    """name -> the glued output's data (mime prefix removed), from papermill/scrapbook outputs."""
    out = {}
    for cell in nb.get("cells", []):
        for o in cell.get("outputs", []):
            meta = (o.get("metadata") or {}).get("scrapbook")
            if not meta:
                continue
            prefix = meta.get("mime_prefix", "")
            out[meta["name"]] = {k[len(prefix):]: v for k, v in o.get("data", {}).items() if k.startswith(prefix)}
    return out


def format_plain_text(text: str, fmt_spec: str) -> str:
    """Exactly what myst-nb's {glue:text} shows (myst_nb.core.variables.format_plain_text)."""
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        value = text
    if fmt_spec == "":
        return str(value)
    kind = fmt_spec[-1]
    if kind == "s":
        value = str(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    return format(value, fmt_spec)


def _join_text(text) -> str:
    return "".join(text) if isinstance(text, list) else str(text)


def glue_value(glue: dict[str, dict], role: str, target: str) -> str:
    """The text a glue role shows in the book: {glue:text}`k:fmt`, {glue}`k`, {glue:}`k`, {glue:md}`k`."""
    key, fmt = target, ""
    if role == "text":  # as myst-nb: `key:format_spec`, default "s"
        key, fmt = target.rsplit(":", 1) if ":" in target else (target, "s")
    elif role == "md":
        key = target.rsplit(":", 1)[0] if ":" in target else target
    if key not in glue:
        raise PapersError(f"the notebook glues no value named {key!r}")
    data = glue[key]
    if role in ("md", "", "any") and "text/markdown" in data:
        return _join_text(data["text/markdown"])
    if "text/plain" not in data:
        raise PapersError(f"glued value {key!r} has no text/plain output")
    return format_plain_text(_join_text(data["text/plain"]), fmt)


# -- markdown to blocks ---------------------------------------------------------------------------------
@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


@dataclass
class Para:
    runs: list[Run]


@dataclass
class Items:
    items: list[list[Run]]
    ordered: bool = False


@dataclass
class Heading:
    level: int
    runs: list[Run]


@dataclass
class Boxed:
    """An admonition: a headed block in the paper."""

    title: list[Run]
    blocks: list
    classes: tuple[str, ...] = ()  # its `:class:` option


@dataclass
class Figure:
    export_id: str


_INLINE = re.compile(
    r"(?P<role>\{(?P<rname>[\w:.-]*)\}`(?P<rtext>[^`]*)`)"
    r"|(?P<code>`(?P<ctext>[^`]+)`)"
    r"|(?P<bold>\*\*(?P<btext>.+?)\*\*|__(?P<btext2>.+?)__)"
    r"|(?P<ital>\*(?P<itext>[^*\s](?:[^*]*?[^*\s])?)\*|(?<![\w])_(?P<itext2>[^_\s](?:[^_]*?[^_\s])?)_(?![\w]))"
    r"|(?P<image>!\[(?P<alt>[^\]]*)\]\([^)]*\))"
    r"|(?P<link>\[(?P<ltext>[^\]]+)\]\([^)]*\))"
    r"|(?P<html></?[A-Za-z][^>]*>)"
    r"|(?P<esc>\\(?P<echar>[\\`*_{}\[\]()#+\-.!|~<>]))"
)


def parse_inline(text: str, glue: dict, bold=False, italic=False) -> list[Run]:
    """Inline MyST to runs: glue roles become their values; emphasis kept; other syntax stripped."""
    runs: list[Run] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos:m.start()], bold, italic))
        pos = m.end()
        if m["role"] is not None:
            name, target = m["rname"], m["rtext"]
            if name == "glue" or name.startswith("glue:"):
                role = name.partition(":")[2]
                value = glue_value(glue, role, target)
                if role == "md":  # {glue:md} pastes markdown: keep its emphasis, drop its syntax
                    runs.extend(parse_inline(value, {}, bold, italic))
                else:
                    runs.append(Run(value, bold, italic))
            else:  # {term}`x`, {ref}`text <target>`, {math}`x`: the visible text
                shown = re.sub(r"\s*<[^>]*>$", "", target)
                runs.append(Run(shown, bold, italic))
        elif m["code"] is not None:
            runs.append(Run(m["ctext"], bold, italic, code=True))
        elif m["bold"] is not None:
            runs.extend(parse_inline(m["btext"] or m["btext2"], glue, True, italic))
        elif m["ital"] is not None:
            runs.extend(parse_inline(m["itext"] or m["itext2"], glue, bold, True))
        elif m["image"] is not None:
            continue
        elif m["link"] is not None:
            runs.extend(parse_inline(m["ltext"], glue, bold, italic))
        elif m["esc"] is not None:
            runs.append(Run(m["echar"], bold, italic))
    if pos < len(text):
        runs.append(Run(text[pos:], bold, italic))
    return _merge_runs(runs)


def _merge_runs(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for r in runs:
        if not r.text:
            continue
        if out and (out[-1].bold, out[-1].italic, out[-1].code) == (r.bold, r.italic, r.code):
            out[-1] = Run(out[-1].text + r.text, r.bold, r.italic, r.code)
        else:
            out.append(r)
    return out


_FENCE = re.compile(r"^\s{0,3}(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<rest>.*)$")
_HEADING = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(?P<indent>\s*)(?P<mark>[-*+]|\d{1,9}[.)])\s+(?P<text>.*)$")
_SKIP_LINE = re.compile(r"^\s*(\([\w.:-]+\)=\s*|\+\+\+.*|%.*|<!--.*-->\s*)$")
_OPTION = re.compile(r"^:[\w-]+:")


def parse_markdown(text: str, glue: dict) -> list:
    """A markdown cell to blocks: headings, paragraphs, lists, admonitions (other directives dropped)."""
    lines = text.splitlines()
    blocks: list = []
    para: list[str] = []
    items: list[str] | None = None
    ordered = False

    def flush():
        nonlocal para, items
        if para:
            blocks.append(Para(parse_inline(" ".join(s.strip() for s in para), glue)))
        if items:
            blocks.append(Items([parse_inline(s, glue) for s in items], ordered))
        para, items = [], None

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            flush()
            mark = fence["fence"]
            body, i = [], i + 1
            while i < len(lines) and not re.match(rf"^\s{{0,3}}{re.escape(mark[0])}{{{len(mark)},}}\s*$", lines[i]):
                body.append(lines[i])
                i += 1
            blocks.extend(_directive(fence["rest"].strip(), body, glue))
            i += 1
            continue
        i += 1
        if not line.strip():
            flush()
            continue
        if _SKIP_LINE.match(line):
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            blocks.append(Heading(len(heading["hashes"]), parse_inline(heading["text"], glue)))
            continue
        item = _ITEM.match(line)
        if item and not para:
            if items is None:
                items, ordered = [], item["mark"][0].isdigit()
            items.append(item["text"].strip())
            continue
        if items is not None:  # a continuation line of the last item
            items[-1] += " " + line.strip()
            continue
        para.append(re.sub(r"^\s*>\s?", "", line))
    flush()
    return blocks


def _directive(rest: str, body: list[str], glue: dict) -> list:
    """A fenced block: an admonition becomes a headed block; a code fence stays literal; glued markdown is
    pasted; others drop."""
    m = re.match(r"^\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*)$", rest)
    if not m:
        return [Para([Run("\n".join(body), code=True)])] if any(s.strip() for s in body) else []
    name, arg = m["name"], m["arg"].strip()
    if name == "glue:md":  # pasted markdown (a chapter's key messages): as the book shows it
        return parse_markdown(glue_value(glue, "md", arg), glue)
    if name not in ADMONITIONS:
        return []
    classes = tuple(next((line.split(":", 2)[2].split() for line in body
                          if re.match(r"^\s*:class:", line)), ()))
    content = _strip_options(body)
    if name == "admonition":
        title = arg or "Note"
    else:
        title = "See also" if name == "seealso" else name.capitalize()
        if arg and name not in ("dropdown", "topic", "sidebar"):
            content = [arg, *content]
        elif arg:
            title = arg
    return [Boxed(parse_inline(title, glue), parse_markdown("\n".join(content), glue), classes)]


def _strip_options(body: list[str]) -> list[str]:
    """Drop a directive's `:key: value` lines or `---` YAML option block."""
    lines = list(body)
    if lines and lines[0].strip() == "---":
        end = next((k for k in range(1, len(lines)) if lines[k].strip() == "---"), None)
        if end is not None:
            lines = lines[end + 1:]
    while lines and _OPTION.match(lines[0].strip()):
        lines = lines[1:]
    return lines


# -- a chapter's paper ------------------------------------------------------------------------------------
@dataclass
class Section:
    title: list[Run]
    blocks: list = field(default_factory=list)


@dataclass
class Paper:
    summary: list
    sections: list[Section]
    figures: list[str]  # export ids placed, in document order
    left_out: list[str]  # export ids shown only in review sections
    intro: list = field(default_factory=list)  # the chapter's text before its first `##`: the Introduction


_FIGURE_DIV = re.compile(r'<div class="pb-figure[^"]*" id="([^"]+)"')


class _DefinitionList(HTMLParser):
    """The terms and definitions of the `<dl>` lists in a displayed HTML output (e.g. a RAG key)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lists: list[list[tuple[str, str]]] = []
        self._tag, self._term = None, ""

    def handle_starttag(self, tag, attrs):
        if tag == "dl":
            self.lists.append([])
        elif tag in ("dt", "dd") and self.lists:
            self._tag = tag
            if tag == "dt":
                self._term = ""
            else:
                self.lists[-1].append((self._term, ""))

    def handle_endtag(self, tag):
        if tag in ("dt", "dd"):
            self._tag = None

    def handle_data(self, data):
        if self._tag == "dt":
            self._term += data
        elif self._tag == "dd" and self.lists and self.lists[-1]:
            term, text = self.lists[-1][-1]
            self.lists[-1][-1] = (term, text + data)


def definition_lists(html_text: str) -> list[Items]:
    """Each `<dl>` of an HTML output as a list of 'term: definition' items, the term in bold."""
    if "<dl" not in html_text:
        return []
    parser = _DefinitionList()
    parser.feed(html_text)
    return [Items([[Run(f"{term.strip()}: ", bold=True), Run(text.strip())] for term, text in pairs])
            for pairs in parser.lists if pairs]


def notebook_blocks(nb, glue: dict, figure_ids: set[str]) -> list:
    """Every cell in order: markdown as blocks, each exported table/chart where the book shows it, and
    each definition list a cell displays (a key the prose announces is printed where the book has it)."""
    blocks: list = []
    for cell in nb.get("cells", []):
        tags = set((cell.get("metadata") or {}).get("tags", []))
        if cell.get("cell_type") == "markdown" and not tags & HIDDEN_TAGS:
            blocks.extend(parse_markdown(_join_text(cell.get("source", "")), glue))
        elif cell.get("cell_type") == "code" and not tags & HIDDEN_TAGS:
            for o in cell.get("outputs", []):
                html_text = _join_text((o.get("data") or {}).get("text/html", ""))
                ids = [e for e in _FIGURE_DIV.findall(html_text) if e in figure_ids]
                blocks.extend(Figure(e) for e in ids)
                if not ids:
                    blocks.extend(definition_lists(html_text))
    return blocks


def plan_paper(blocks: list, exports: list[dict], messages: list[str] | None = None) -> Paper:
    """Split blocks into the Introduction (before the first `##`), Summary and numbered sections (one per
    `##`); place exports the book displays but the prose never reached last.

    The Summary is the chapter's key messages: as given (the build's record of them), else as its
    key-messages box shows them (the box then leaves the Introduction either way); without either
    (a chapter that declares none), the opening paragraphs of its first section, its headline,
    which then leave that section."""
    intro: list = []
    sections: list[Section] = []
    for b in blocks:
        if isinstance(b, Heading) and b.level == 1:
            continue  # the chapter title: the paper's Subject
        if isinstance(b, Heading) and b.level == 2:
            sections.append(Section(b.runs))
        elif sections:
            sections[-1].blocks.append(b)
        else:
            intro.append(b)
    kept, left_out = [], []
    for s in sections:
        if REVIEW_SECTIONS.match(_text(s.title)):
            left_out += [b.export_id for b in s.blocks if isinstance(b, Figure)]
        elif not _glued_empty(s.blocks):  # a section whose glued text is empty in this edition is left out
            kept.append(s)
    boxes = [b for b in intro if isinstance(b, Boxed) and KEY_MESSAGES_BOX in b.classes]
    intro = [b for b in intro if not any(b is box for box in boxes)]
    if messages:
        summary = [Items([[Run(m)] for m in messages])]
    elif boxes:
        summary = [b for box in boxes for b in box.blocks]
    elif kept:
        first = kept.pop(0)
        n = next((k for k, b in enumerate(first.blocks) if not isinstance(b, (Para, Items))), len(first.blocks))
        summary, rest = first.blocks[:n], first.blocks[n:]
        if rest and all(isinstance(b, Boxed) for b in rest):
            kept = [Section(b.title, b.blocks) for b in rest] + kept
        elif rest:
            kept = [Section(first.title, rest)] + kept
    else:
        summary = []
    if not summary:  # a chapter without sections: its introduction is all it says
        summary = [b for b in intro if isinstance(b, (Para, Items))]
    placed = [b.export_id for s in [Section([], intro), *kept] for b in _walk(s.blocks) if isinstance(b, Figure)]
    extra = [m["id"] for m in exports if m["id"] not in placed and m["id"] not in left_out and m.get("number", "x")]
    if extra:
        kept.append(Section([Run("Further tables and charts")], [Figure(e) for e in extra]))
        placed += extra
    return Paper(summary, kept, placed, [e for e in left_out if e not in placed], intro)


def _glued_empty(blocks) -> bool:
    """Nothing but blank paragraphs: the notebook glued nothing for this edition (e.g. no comparators,
    no ethnicity in the data), so the section has nothing to say."""
    return all(isinstance(b, Para) and not _text(b.runs).strip() for b in blocks)


def _walk(blocks):
    for b in blocks:
        yield b
        if isinstance(b, Boxed):
            yield from _walk(b.blocks)


def _text(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


def chapter_exports(figures_dir: Path, slug: str) -> list[dict]:
    """The chapter's table and chart sidecars, in the order the notebook exported them."""
    metas = []
    for path in sorted(Path(figures_dir).glob("*.json")):
        if path.name == "register.json" or path.name.endswith(".vl.json"):
            continue
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(meta, dict) and meta.get("chapter") == slug and meta.get("kind") in ("table", "chart"):
            metas.append(meta)
    return sorted(metas, key=lambda m: (m.get("order", 0), m["id"]))


def read_table(figures_dir: Path, meta: dict) -> pd.DataFrame:
    """An exported table exactly as written: strings, blanks kept, suppressed cells still 'c'."""
    return pd.read_csv(Path(figures_dir) / f"{meta['id']}.csv", dtype=str, keep_default_na=False)


# -- Word -----------------------------------------------------------------------------------------------
def _new_document():
    """The python-docx default document, restyled: Arial, en-GB, black headings, our paragraph styles."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    pkg = doc.part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of some other document
            del pkg.rels[rid]
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    rpr.append(lang)
    styles = doc.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(11)
    for name in ("Heading 1", "Heading 2", "Caption", "Title"):
        styles[name].font.name = "Arial"
        styles[name].font.color.rgb = RGBColor(0, 0, 0)
    styles["Caption"].font.size = Pt(10)
    styles["Caption"].font.italic = False
    styles["Caption"].paragraph_format.keep_with_next = True
    def paragraph_style(name: str, hanging_cm: float = 0, indent_cm: float | None = None, points=None, after=None):
        """A paragraph style over Normal: a hanging label (number, field name) with a tab to the text."""
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        fmt = style.paragraph_format
        if hanging_cm:
            indent = hanging_cm if indent_cm is None else indent_cm
            fmt.left_indent, fmt.first_line_indent = Cm(indent), Cm(-hanging_cm)
            fmt.tab_stops.add_tab_stop(Cm(indent))
        if points is not None:
            style.font.size = Pt(points)
        if after is not None:
            fmt.space_after = Pt(after)

    paragraph_style(NUMBERED_STYLE, 1.25)  # "2.1<tab>text"
    paragraph_style(SOURCE_STYLE, points=9, after=12)
    paragraph_style(FIELD_STYLE, 4)  # "Subject:<tab>..."
    paragraph_style(TABLE_STYLE, points=wordlayout.TABLE_FONT_PT, after=0)
    paragraph_style(LETTERED_STYLE, 0.75, indent_cm=2)  # "A.<tab>NOTE ..." under a recommendation
    section = doc.sections[0]
    wordlayout.page_setup(section)
    wordlayout.page_number_footer(section)
    _remember_style_ids(doc)
    return doc


def _remember_style_ids(doc) -> None:
    """python-docx finds a named style's id with XPath searches over every style (the default one
    included) for each styled paragraph; the styles are all defined by now, so look each name up once."""
    part, known = doc.part, {}
    find = part.get_style_id

    def style_id(style_or_name, style_type):
        if not isinstance(style_or_name, str):
            return find(style_or_name, style_type)
        if (style_or_name, style_type) not in known:
            known[style_or_name, style_type] = find(style_or_name, style_type)
        return known[style_or_name, style_type]

    part.get_style_id = style_id


def _add_runs(paragraph, runs: list[Run]) -> None:
    for r in runs:
        run = paragraph.add_run(r.text)
        run.bold = r.bold or None
        run.italic = r.italic or None
        if r.code:
            run.font.name = "Consolas"


def _rule(paragraph, side: str = "bottom") -> None:
    """A horizontal line as a paragraph border (no empty paragraphs), as around the header block."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    pbdr = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "6"), ("w:color", "auto")):
        line.set(qn(k), v)
    pbdr.append(line)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(pbdr, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                              "w:pPrChange")


def _field(doc, label: str, lines: list[str]):
    p = doc.add_paragraph(style=FIELD_STYLE)
    p.add_run(label).bold = True
    p.add_run("\t" + (lines[0] if lines else ""))
    for extra in lines[1:]:
        p = doc.add_paragraph("\t" + extra, style=FIELD_STYLE)
    return p


def _as_lines(v) -> list[str]:
    return [v] if isinstance(v, str) else list(v)


class _Writer:
    """Adds a Paper's blocks to a Document: sections and paragraphs numbered as a council report
    numbers them (2. / 2.1), captions numbered as the book numbers them, wide tables on landscape pages."""

    def __init__(self, doc, figures_dir: Path, exports: dict[str, dict]):
        self.doc, self.figures_dir, self.exports = doc, Path(figures_dir), exports
        self.section_no = self.paragraph_no = 0
        self.sequence = {"Table": 0, "Figure": 0}  # each caption field's value so far (Word's SEQ counters)
        self.landscape = False

    def section(self, title: list[Run], blocks: list) -> None:
        self.section_no += 1
        self.paragraph_no = 0
        self.page(landscape=False)
        h = self.doc.add_paragraph(style="Heading 1")
        _add_runs(h, [Run(f"{self.section_no}. ")] + title)
        self.blocks(blocks, numbered=True)

    def numbered(self, runs: list[Run]):
        self.paragraph_no += 1
        p = self.doc.add_paragraph(style=NUMBERED_STYLE)
        _add_runs(p, [Run(f"{self.section_no}.{self.paragraph_no}\t")] + runs)
        return p

    def blocks(self, blocks: list, numbered: bool) -> None:
        for b in blocks:
            if not isinstance(b, Figure):
                self.page(landscape=False)
            if isinstance(b, Para) and not _text(b.runs).strip():
                continue  # glued text this edition leaves empty (no comparators): no empty numbered paragraph
            if isinstance(b, Para):
                if numbered and not (len(b.runs) == 1 and b.runs[0].code):
                    self.numbered(b.runs)
                else:
                    _add_runs(self.doc.add_paragraph(), b.runs)
            elif isinstance(b, Items):
                for item in b.items:
                    _add_runs(self.doc.add_paragraph(style="List Number" if b.ordered else "List Bullet"), item)
            elif isinstance(b, (Heading, Boxed)):
                h = self.doc.add_paragraph(style="Heading 2")
                _add_runs(h, b.runs if isinstance(b, Heading) else b.title)
                if isinstance(b, Boxed):
                    self.blocks(b.blocks, numbered)
            elif isinstance(b, Figure):
                meta = self.exports[b.export_id]
                (self.table if meta["kind"] == "table" else self.chart)(meta)

    def page(self, landscape: bool) -> None:
        """Start a landscape section for a wide table, and a portrait one after it."""
        if landscape == self.landscape:
            return
        from docx.enum.section import WD_SECTION

        wordlayout.page_setup(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape)
        self.landscape = landscape

    def _caption(self, meta: dict) -> None:
        """'Table 3.2: title' with the 2 a SEQ field: the book's number, which Word keeps on update
        (a field restarts at the book's number where the paper leaves a table of the book out)."""
        p = self.doc.add_paragraph(style="Caption")
        m = CAPTION_NUMBER.match(meta.get("number") or "")
        if not m:  # an export the book numbers differently: its caption as the book has it
            p.add_run(meta.get("caption") or meta["title"])
            return
        word, prefix, n = m.group(1), m.group(2), int(m.group(3))
        code = f"SEQ {word} \\* ARABIC" + ("" if n == self.sequence[word] + 1 else f" \\r {n}")
        self.sequence[word] = n
        p.add_run(f"{word} {prefix}")
        wordlayout.add_field(p, code, str(n))
        p.add_run(f": {meta['title']}")

    def _source(self, meta: dict) -> None:
        self.doc.add_paragraph(meta.get("source", ""), style=SOURCE_STYLE)
        if meta.get("note"):
            self.doc.add_paragraph(meta["note"], style=SOURCE_STYLE)

    def table(self, meta: dict) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        raw = read_table(self.figures_dir, meta)
        df = display_table(raw, meta)
        header = [str(c) for c in df.columns]
        values = df.astype(str).to_numpy().tolist()
        plan = wordlayout.plan_columns(header, values)
        self.page(plan.landscape)
        self._caption(meta)
        t = self.doc.add_table(rows=len(df) + 1, cols=len(df.columns))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.LEFT
        _table_description(t, meta["title"], meta.get("source", ""))
        numeric = [j > 0 and bool(len(raw)) and bool(raw[c].str.fullmatch(r"-?[\d,]*\.?\d+%?|c|").all())
                   for j, c in enumerate(_shown_columns(raw, meta))]
        rows = t.rows
        _header_row(rows[0])
        made: dict[bool, object] = {}  # right-aligned? -> the first such cell's paragraph properties

        def styled(para, right: bool) -> None:
            """The table style (and right alignment) on a new cell's empty paragraph: set through
            python-docx once, then copied, since its setters search the schema's child order per cell."""
            if right in made:
                para._p.insert(0, copy.deepcopy(made[right]))
                return
            para.style = TABLE_STYLE
            if right:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            made[right] = para._p.pPr

        for j, text in enumerate(header):
            para = rows[0].cells[j].paragraphs[0]
            styled(para, numeric[j])
            run = para.add_run(text)
            run.bold = True
            _font_size(run, plan.points)
        for i, rec in enumerate(values, start=1):
            cells = rows[i].cells
            total = str(rec[0]) == "Total"
            for j, v in enumerate(rec):
                para = cells[j].paragraphs[0]
                styled(para, numeric[j])
                run = para.add_run(v)
                _font_size(run, plan.points)
                if total:
                    run.bold = True
        wordlayout.set_column_widths(t, plan.widths)
        self._source(meta)

    def chart(self, meta: dict) -> None:
        from docx.shared import Cm

        png = self.figures_dir / f"{meta['id']}.png"
        if not png.is_file():
            raise PapersError(f"{png}: the chart's PNG export is missing")
        self._caption(meta)
        self.doc.add_picture(str(png), width=Cm(15))
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        docpr = self.doc.paragraphs[-1]._p.xpath(".//wp:docPr")[0]
        docpr.set("descr", meta.get("alt") or meta["title"])
        docpr.set("title", meta["title"])
        self._source(meta)


def _font_size(run, points: float) -> None:
    """A cell's type size where a wide table needs smaller type than the table style's."""
    if points != wordlayout.TABLE_FONT_PT:
        from docx.shared import Pt

        run.font.size = Pt(points)


def display_table(df: pd.DataFrame, meta: dict) -> pd.DataFrame:
    """An exported table as the book shows it (`labels.labelled_text`): its headers, category labels
    from the labels catalogue (the export keeps its codes), hidden columns dropped, cells in the book's style."""
    from .labels import labelled_text

    return labelled_text(df, meta)


def _shown_columns(raw: pd.DataFrame, meta: dict) -> list[str]:
    """The export's columns the displayed table keeps (the catalogue may hide some), in order."""
    from .labels import for_table

    hidden = set(for_table(meta).hide)
    return [c for c in raw.columns if c not in hidden]


def _header_row(row) -> None:
    """Mark a table's first row as a header row repeated on each page (w:tblHeader)."""
    from docx.oxml import OxmlElement

    trpr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        el = OxmlElement(tag)
        trpr.append(el)


def _table_description(table, title: str, description: str) -> None:
    """Word's table alt text (tblCaption / tblDescription), read out by screen readers."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tblpr = table._tbl.tblPr
    for tag, value in (("w:tblCaption", title), ("w:tblDescription", description)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), value)
        tblpr.append(el)


@dataclass
class PaperMeta:
    """What the header block, Recommendations and end matter say, from the edition's `papers:` block."""

    by: list[str]
    to: str
    date: dt.date | None
    classification: str
    author: list[str]
    background: list[str]
    edition_title: str
    edition_slug: str
    book_title: str = "report book"
    titles: dict = field(default_factory=dict)  # chapter slug -> its title in this edition
    logo: Path | None = None
    edition_name: str = ""
    recommendations: list[str] = field(default_factory=lambda: ["NOTE the contents of this report."])


def paper_meta(edition) -> PaperMeta:
    from .chapters import chapters_in

    pp = papers_params(edition)
    return PaperMeta(by=_as_lines(pp.by), to=pp.to or edition.panel, date=edition_date(edition, pp),
                     classification=pp.classification, author=_as_lines(pp.author), background=list(pp.background),
                     edition_title=edition.title, edition_slug=edition.slug, book_title=edition.book_title,
                     titles={c.slug: c.title_in(edition) for c in chapters_in(edition)}, logo=edition.model.logo,
                     edition_name=edition.edition_name, recommendations=list(pp.recommendations))


def _recommendations(doc, meta: PaperMeta, numbered=None) -> None:
    """'The <panel> is asked to NOTE ...' (several: lettered A., B., ...), as a numbered paragraph or not."""
    recs = meta.recommendations
    first = f"The {meta.to} is asked to " + (recs[0] if len(recs) == 1 else ":")
    if numbered is not None:
        numbered([Run(first)])
    else:
        doc.add_paragraph(first)
    if len(recs) > 1:
        for letter, text in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", recs):
            doc.add_paragraph(f"{letter}.\t{text}", style=LETTERED_STYLE)


def build_document(chapter, paper: Paper, meta: PaperMeta, figures_dir: Path, exports: dict[str, dict]):
    """The committee report as a python-docx Document."""
    doc = _new_document()
    title = meta.titles.get(chapter.slug, chapter.title)
    if meta.logo is not None:
        from docx.shared import Cm

        doc.add_picture(str(meta.logo), height=Cm(1.5))
    _field(doc, "By:", meta.by)
    _field(doc, "To:", [meta.to])
    if meta.date:
        _field(doc, "Date:", [long_date(meta.date)])
    _field(doc, "Subject:", [title])
    _rule(_field(doc, "Classification:", [meta.classification]))
    writer = _Writer(doc, figures_dir, exports)
    doc.add_paragraph("Summary", style="Heading 1")
    writer.blocks(paper.summary, numbered=False)
    doc.add_paragraph("Recommendations", style="Heading 1")
    _recommendations(doc, meta)
    _rule(doc.paragraphs[-1])
    opening = Para([Run(f"This report presents “{title}” from the {meta.book_title}, "
                        f"{meta.edition_name or meta.edition_title} edition, for the {meta.to}.")])
    writer.section([Run("Introduction")], [opening, *paper.intro])
    for s in paper.sections:
        writer.section(s.title, s.blocks)
    writer.section([Run("Recommendations")], [])
    _recommendations(doc, meta, numbered=writer.numbered)
    _rule(doc.add_paragraph("Report author", style="Heading 1"), "top")
    for line in meta.author:
        doc.add_paragraph(line)
    doc.add_paragraph("Background documents", style="Heading 1")
    background = meta.background or [
        f"{meta.edition_title}: {meta.book_title}, chapter “{title}”. Every table in this paper is "
        "available there as a CSV file, with the data and code it was made from."]
    for line in background:
        doc.add_paragraph(line, style="List Bullet")
    _core_properties(doc, chapter, meta)
    return doc


def _core_properties(doc, chapter, meta: PaperMeta) -> None:
    """Fixed metadata: dated from the meeting (or a fixed date), never from the clock."""
    when = dt.datetime.combine(meta.date or FALLBACK_DATE, dt.time(0, 0), tzinfo=dt.timezone.utc)
    cp = doc.core_properties

    def short(text) -> str:  # Word keeps at most 255 characters in a document property
        text = str(text or "")
        return text if len(text) <= 255 else text[:254] + "…"

    cp.title = short(meta.titles.get(chapter.slug, chapter.title))
    cp.subject = short(meta.edition_title)
    cp.author = "panelbook"
    cp.last_modified_by = "panelbook"
    cp.comments = short(f"Draft generated by panelbook from the report book edition {meta.edition_slug}.")
    cp.category = "Committee report"
    cp.keywords = short(meta.to)
    cp.language = "en-GB"
    cp.revision = 1
    cp.created = when
    cp.modified = when


def stable_zip(blob: bytes) -> bytes:
    """Rewrite a .docx zip with a fixed timestamp and attributes, entries in their original order."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.external_attr = 0
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def write_paper(chapter, notebook: Path, figures_dir: Path, out_path: Path, meta: PaperMeta, made=None) -> Path:
    """One chapter's paper from its executed notebook and exports (copied from `made`, a
    cache.MadeFiles, when it holds the paper made from the same notebook, exports and words)."""
    from .cache import made_or_make

    if not Path(notebook).is_file():
        raise PapersError(f"{notebook}: executed notebook not found (build the edition first)")
    made_or_make(made, "paper", lambda: paper_inputs(chapter, notebook, figures_dir, meta), Path(out_path),
                 lambda: _make_paper(chapter, notebook, figures_dir, Path(out_path), meta))
    return Path(out_path)


def _make_paper(chapter, notebook: Path, figures_dir: Path, out_path: Path, meta: PaperMeta) -> None:
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    exports = chapter_exports(figures_dir, chapter.slug)
    glue = read_glue(nb)
    try:
        blocks = notebook_blocks(nb, glue, {m["id"] for m in exports})
    except PapersError as exc:
        raise PapersError(f"{notebook}: {exc}") from None
    paper = plan_paper(blocks, exports, key_messages(figures_dir, chapter.slug))
    doc = build_document(chapter, paper, meta, figures_dir, {m["id"]: m for m in exports})
    buf = io.BytesIO()
    doc.save(buf)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(stable_zip(buf.getvalue()))


def paper_inputs(chapter, notebook: Path, figures_dir: Path, meta: PaperMeta) -> list:
    """Everything write_paper reads, in order (the key of a paper kept by cache.MadeFiles): the header
    block's words, the logo, the executed notebook, the chapter's exports and its key messages."""
    from dataclasses import asdict

    from .messages import sidecar_name

    figures_dir = Path(figures_dir)
    parts = [chapter.slug, chapter.title, asdict(meta), Path(meta.logo).read_bytes() if meta.logo else b"",
             Path(notebook).read_bytes()]
    for export in chapter_exports(figures_dir, chapter.slug):
        for name in sorted({f"{export['id']}.json", f"{export['id']}.csv", f"{export['id']}.png", *export.get("files", [])}):
            path = figures_dir / name
            parts += [name, path.read_bytes() if path.is_file() else b"absent"]
    sidecar = figures_dir / sidecar_name(chapter.slug)
    parts.append(sidecar.read_bytes() if sidecar.is_file() else b"absent")
    return parts


def key_messages(figures_dir: Path, slug: str) -> list[str]:
    """The chapter's key messages as sentences, worst news first, when the build made them (the
    `messages` module's sidecar); [] otherwise, and the Summary is then the chapter's headline."""
    from .messages import read_chapter

    try:
        return [m["sentence"] for m in read_chapter(Path(figures_dir), slug)]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def write_papers(edition, chapters, notebooks_dir: Path, figures_dir: Path, out_dir: Path, made=None) -> list[Path]:
    """One `<out_dir>/<slug>.docx` per chapter, from the executed notebooks and the figures folder."""
    meta = paper_meta(edition)
    out_dir = Path(out_dir)
    return [write_paper(c, Path(notebooks_dir) / f"{c.slug}.ipynb", Path(figures_dir), out_dir / f"{c.slug}.docx", meta,
                        made) for c in chapters]


def pdf_copies(papers: list[Path], out_dir: Path, when) -> list[Path]:
    """PDF copies through LibreOffice when it is installed; a note (not a failure) when it is not."""
    from . import paperpdf

    if paperpdf.soffice() is None:
        print("LibreOffice (soffice) is not installed: the papers are written as Word files only")
        return []
    return paperpdf.convert(papers, out_dir, when)
