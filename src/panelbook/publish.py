"""What a chapter notebook calls to publish: tables, charts and glued numbers.

Every table goes through disclosure control here, is exported to `<export_dir>/<id>.csv` with a
JSON sidecar (collected by the runner into register.json) and displayed as deterministic HTML.
Charts are built only from those published tables, exported as Vega-Lite JSON, SVG and PNG, and
displayed as an offline vega-embed view with the static SVG as fallback.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from numbers import Integral
from pathlib import Path

import pandas as pd

from . import disclosure
from .chapters import chapter_by_slug
from .disclosure import TableShape
from .escape import html_attr, html_text, myst_markdown, myst_text, slug
from .numbers import count_text, date_range
from .params import load_edition


NOT_NUMBERS = {"", "c", "x", "z", "no data", "infinite", "not computable", "Total"}  # placeholders among numbers
_NUMBER = re.compile(r"[-+]?[\d,]*\.?\d+(e[-+]?\d+)?%?|[<>] ?\d*\.?\d+")


def period_text(section) -> str:
    """'1 April 2013 to 30 September 2013' for a section with a period, else ''."""
    start, end = getattr(section, "period_start", None), getattr(section, "period_end", None)
    return date_range(start, end) if start and end else ""


def cite_html(cite: str) -> str:
    """A 'How to cite' line the reader can select and copy."""
    return (f'<p class="pb-cite">How to cite: <span class="pb-cite-text">{html_text(cite)}</span> '
            '<button type="button" class="pb-copy" aria-label="Copy the citation" '
            'onclick="navigator.clipboard&amp;&amp;navigator.clipboard.writeText('
            'this.previousElementSibling.textContent).then(()=&gt;{this.textContent=\'Copied\'})">Copy</button></p>')


def table_html(df: pd.DataFrame, headers: dict[str, str] | None = None, formats: dict | None = None,
               caption: str | None = None, catalogue=None, anchor: str = "") -> str:
    """A plain, accessible HTML table (th scope, Total row marked), identical on every run.

    Its caption sits above the table's scrolling box (so a narrow screen shows it whole) and names the
    table and the box (`anchor`: the export id its caption's id is made from).

    `catalogue` (labels.Catalogue): the headers of columns `headers` does not name, the labels of
    codes (unknown codes shown as they come) and the columns a reader is not shown."""
    from .labels import Catalogue, decimals

    cat = catalogue or Catalogue()
    headers = headers or {}
    formats = formats or {}
    cols = [c for c in df.columns if c not in cat.hide]
    align = {c: _align(df[c]) if j else "" for j, c in enumerate(cols)}  # the first column labels its rows
    head = "".join(f'<th scope="col"{align[c]}>{html_text(headers.get(c) or cat.header(c))}</th>' for c in cols)
    dps = {c: decimals(df[c]) for c in cols}
    rows = []
    for _, rec in df.iterrows():
        cells = []
        for j, c in enumerate(cols):
            v = rec[c]
            fmt = formats.get(c)
            text = fmt(v) if (fmt and v != disclosure.SUPPRESSED) else cat.cell(c, v, dps[c])
            tag = "th scope=\"row\"" if j == 0 else "td"
            cells.append(f"<{tag}{align[c]}>{html_text(text)}</{tag.split()[0]}>")
        cls = ' class="pb-total"' if str(rec[cols[0]]) == "Total" else ""
        rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    body = f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    if not caption:
        return f'<div class="pb-table-scroll" tabindex="0" role="region" aria-label="Table">' \
               f'<table class="pb-table">{body}'
    cid = f"{anchor or slug(caption)}-caption"
    return (f'<p class="pb-caption pb-table-caption" id="{html_attr(cid)}">{html_text(caption)}</p>'
            f'<div class="pb-table-scroll" tabindex="0" role="region" aria-labelledby="{html_attr(cid)}">'
            f'<table class="pb-table" aria-labelledby="{html_attr(cid)}">{body}')


WIDE_COLUMNS = 8  # a table of this many columns or more prints on a landscape page


def is_wide(columns) -> bool:
    """Whether a table is too wide for a portrait page (it prints landscape)."""
    return len(list(columns)) >= WIDE_COLUMNS


def _align(column: pd.Series) -> str:
    """' class="pb-num"' for a column of numbers (a withheld 'c', a blank or 'no data' among them):
    numbers are right-aligned, text left-aligned."""
    return ' class="pb-num"' if is_numeric_column(column) else ""


def is_numeric_column(column: pd.Series) -> bool:
    """Whether a published column holds numbers (a 'c', a blank or a 'no data' may sit among them)."""
    vals = [v for v in column.tolist() if not (v is None or v is pd.NA or (isinstance(v, float) and v != v))]
    nums = 0
    for v in vals:
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)):
            nums += 1
        elif isinstance(v, str) and v.strip() in NOT_NUMBERS:
            continue
        elif isinstance(v, str) and _NUMBER.fullmatch(v.strip()):
            nums += 1
        else:
            return False
    return nums > 0


def collapsible(block: str, summary: str) -> str:
    """A figure's block closed under its caption (opened for printing by _static/panelbook.js)."""
    return f'<details class="pb-detail"><summary>{html_text(summary)}</summary>{block}</details>'


def prose(template: str, **values):
    """Markdown for a notebook to display: the template is the notebook's own wording, and every
    value (from data or params) is escaped so it shows as written and is never parsed as MyST."""
    from IPython.display import Markdown

    return Markdown(template.format(**{k: myst_text(v) for k, v in values.items()}))


class _Displayable:
    """An object Jupyter shows as HTML (and as text in a terminal)."""

    def __init__(self, html_text: str, text: str):
        self._html, self._text = html_text, text

    def _repr_html_(self):
        return self._html

    def __repr__(self):
        return self._text


class _MarkdownText:
    """Markdown for {glue:md}; its plain-text form is the text itself (a Python literal, like other glue)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self):
        return self.text

    def __repr__(self):
        return repr(self.text)


def compared_ids(section: str) -> tuple[str, str, str]:
    """The export ids of a chapter's comparisons (`ChapterContext.compared`): its table beside England,
    the region and neighbours, the neighbours' figures, and the chart of both."""
    return f"{section}-benchmarks", f"{section}-benchmarks-neighbours", f"{section}-chart-benchmarks"


@dataclass
class ChapterContext:
    """The edition, the chapter's typed params and where its exports go."""

    slug: str
    params_file: Path
    export_dir: Path
    edition: object = None
    params: object = None
    published: list = field(default_factory=list)
    _frames: dict = field(default_factory=dict)  # export id -> the table as published
    _order: int = 0
    _tables: int = 0
    _charts: int = 0

    @property
    def number(self) -> int:
        """This chapter's number in the edition's book (the toc numbers chapters in this order)."""
        from .chapters import chapters_in

        return [c.slug for c in chapters_in(self.edition)].index(self.slug) + 1

    def _next_number(self, kind: str) -> str:
        if kind == "table":
            self._tables += 1
            return f"Table {self.number}.{self._tables}"
        self._charts += 1
        return f"Figure {self.number}.{self._charts}"

    @property
    def data_dir(self):
        """The edition's data folder with its `inputs:` (path-like): what a chapter's `load` reads."""
        return self.edition.data_source

    @property
    def min_count(self) -> int:
        return self.edition.model.disclosure.min_count

    @property
    def chapter(self):
        return chapter_by_slug(self.slug, self.edition)

    @property
    def analysis(self):
        """The chapter's analysis module (a local chapter's analysis.py, imported from its folder)."""
        return self.chapter.analysis()

    def inputs(self) -> dict:
        """What the chapter reads, checked: its module's `load(data_dir)`, else its declared files as
        {file name: frame}."""
        return self.chapter.load(self.data_dir)

    def published_table(self, export_id: str) -> pd.DataFrame:
        """A table this chapter has published, as published (withheld cells are 'c'): what its charts,
        alt text and prose are drawn from."""
        export_id = slug(export_id)
        if export_id not in self._frames:
            raise ValueError(f"{export_id!r} is not a table this chapter has published (publish it first)")
        return self._frames[export_id].copy()

    def cell(self, export_id: str, row: str, column: str):
        """One published cell (a number, or 'c' when withheld), by the table's first column."""
        t = self.published_table(export_id)
        hit = t[t.iloc[:, 0].astype(str) == str(row)]
        if hit.empty or column not in t:
            raise ValueError(f"table {export_id!r} has no cell ({row!r}, {column!r})")
        return hit.iloc[0][column]

    def glue_cell(self, name: str, export_id: str, row: str, column: str) -> None:
        """Glue a published cell for the prose: its number, or 'a withheld number' for a 'c'."""
        v = self.cell(export_id, row, column)
        self.glue(name, count_text(v, self.min_count) if isinstance(v, str) else v)

    def _declared(self, export_id: str, kind: str):
        """The catalogue's entry for export_id; an id a catalogue does not list (as this kind) is an error
        (but for the comparisons `compared` publishes for every chapter alike)."""
        if not self.chapter.catalogue.exports or export_id in compared_ids(self.chapter.section):
            return None
        entry = self.chapter.export(export_id)
        if entry is None or entry.kind != kind:
            listed = ", ".join(e.id for e in self.chapter.catalogue.exports if e.kind == kind) or "none"
            raise ValueError(f"{export_id!r} is not a {kind} of the chapter's exports.yaml (its {kind}s: {listed})")
        return entry

    def publish(self, export_id: str, df: pd.DataFrame, **kw) -> pd.DataFrame:
        """ctx.table with the title, headers, shape and note the chapter's exports.yaml declares for it."""
        if self._declared(slug(export_id), "table") is None:
            raise ValueError(f"{export_id!r}: the chapter has no exports.yaml to declare it in")
        return self.table(df, export_id, **kw)

    def draw(self, export_id: str, chart, *, alt, **kw) -> None:
        """A chart the chapter's exports.yaml declares, drawn from the table it names as published:
        `chart(published)` returns the chart and `alt(published)` its alt text (or alt is the text);
        'Show as table' is that published table."""
        entry = self._declared(slug(export_id), "chart")
        if entry is None:
            raise ValueError(f"{export_id!r}: the chapter has no exports.yaml to declare it in")
        published = self.published_table(entry.table)
        from .charts import drawable

        data = drawable(published)
        self.chart(chart(data), export_id, alt=alt(published) if callable(alt) else alt, data=published, **kw)

    def source_note(self, files=None, period: str | None = None) -> str:
        source = self.edition.data_source  # the files as the analyst named them (a workbook, or the CSV)
        files = list(dict.fromkeys(found.label if (found := source.located(name)) else name
                                   for name in (files or self.chapter.files(self.edition)[0])))
        period = period if period is not None else period_text(self.params)
        bits = [f"Source: {', '.join(files)}"]
        if period:
            bits.append(f"period {period}")
        bits.append(f"{self.edition.title} edition")
        if self.min_count:
            bits.append(f"counts below {self.min_count} shown as “c”")
        return "; ".join(bits) + "."

    # -- numbers in prose ------------------------------------------------------------
    def glue(self, name: str, value) -> None:
        """Glue a number or phrase for the prose ({glue:text}`name`); never typed by hand. A whole
        number of 1,000 or more is glued with its thousands separator (GSS style)."""
        from myst_nb import glue

        if isinstance(value, Integral) and not isinstance(value, bool) and abs(int(value)) >= 1000:
            value = f"{int(value):,}"
        glue(name, value, display=False)

    def note(self, text: str) -> None:
        """A note in the chapter's flow (e.g. why a table is not produced), escaped like every text."""
        from IPython.display import display as show

        show(_Displayable(f'<p class="pb-note">{html_text(text)}</p>', text))

    def glue_count(self, name: str, n: int) -> None:
        """Glue a count for the prose, protected like a table cell (small counts withheld; a count read
        from a published table that withholds it, 'c', is 'a withheld number')."""
        if isinstance(n, str) and n == disclosure.SUPPRESSED:
            self.glue(name, count_text(n, self.min_count))
            return
        n = int(n)
        self.glue(name, count_text(n, self.min_count) if 0 < n < self.min_count else n)

    def glue_md(self, name: str, text: str) -> None:
        """Glue markdown for the prose ({glue:md}`name`): edition words written as markdown, re-written
        by `escape.myst_markdown` so that only emphasis, code, links and lists survive (never a
        directive, role, HTML or maths)."""
        self.glue(name, _MarkdownText(myst_markdown(text)))

    def earlier(self):
        """The edition's earlier papers (`published:`), or None when it lists none."""
        from .earlier import load

        paths = self.edition.model.published
        return load(paths, self.edition.chapters) if paths else None

    def _exported_tables(self) -> dict[str, pd.DataFrame]:
        """The chapter's tables published so far, as exported (strings, as the Reconciliation page reads them)."""
        return {m["id"]: pd.read_csv(self.export_dir / f"{m['id']}.csv", dtype=str, keep_default_na=False)
                for m in self.published if m["kind"] == "table"}

    def published_note(self, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
        """The chapter's 'Against the published figures': the edition's remarks on its earlier papers,
        how many of their figures agree with these data, each one that differs and each figure's remark.
        `tables` (export id -> frame) adds to, or stands in for, the tables the chapter has published so far.
        Also glues `papers_intro`, what the chapter's opening says about those papers (often nothing)."""
        from IPython.display import Markdown, display as show

        from .earlier import intro_text
        from .labels import figure_cell
        from .reconcile import compare

        earlier = self.earlier()
        tables = {**self._exported_tables(), **tables}  # every table published so far: counted as the Reconciliation page counts
        self.glue_md("papers_intro", intro_text(earlier, self.slug, tables))
        remarks = earlier.remarks.get(self.slug, []) if earlier else []
        for text in remarks:  # the edition's markdown, as escape.myst_markdown lets it through
            show(Markdown(myst_markdown(text)))
        pub = earlier.figures[earlier.figures["table_id"].isin(tables)] if earlier else pd.DataFrame()
        if pub.empty:
            if not remarks:
                show(_Displayable('<p class="pb-note">No published figures are listed for these tables in this '
                                  'edition.</p>', ""))
            return pd.DataFrame()
        result = compare(pub, tables)
        printed = result[result["printed"]]
        differ = printed[~printed["agrees"]]
        intro = (f"{len(printed) - len(differ)} of {len(printed)} published figures agree with these data."
                 + (" These differ:" if len(differ) else ""))

        metas = {m["id"]: m for m in self.published if m["kind"] == "table"}

        def item(r) -> str:
            was = f"published {r.published}" if r.printed else "not printed"
            where = figure_cell(metas.get(r.table_id), r.row, r.column, r.table_id)  # as the book labels it
            text = f"{where}: {was}, these data {r.computed or 'no such row'}"
            text += f" ({r.source})" if r.source else ""
            text += f". {r.remark}" if r.remark else ""
            return f"<li>{html_text(text)}</li>"

        noted = result[(result["agrees"] | ~result["printed"]) & (result["remark"] != "")]
        notes = (f'<p>Notes on the published figures:</p><ul>{"".join(item(r) for r in noted.itertuples())}</ul>'
                 if len(noted) else "")
        show(_Displayable(f'<div class="admonition note"><p class="admonition-title">Published figures</p>'
                          f'<p>{html_text(intro)}</p><ul>{"".join(item(r) for r in differ.itertuples())}</ul>'
                          f'{notes}</div>', intro))
        return result

    # -- tables ------------------------------------------------------------------------
    def table(self, df: pd.DataFrame, export_id: str, title: str | None = None, *, shape: TableShape | None = None,
              headers: dict[str, str] | None = None, note: str | None = None, files=None,
              period: str | None = None, display: bool = True, formats: dict | None = None,
              labels: dict | None = None, collapsed: bool = False) -> pd.DataFrame:
        """Suppress, export (CSV + XLSX + sidecar) and display a table; returns the published frame.

        `formats` ({column: callable}) changes only how the book displays a column (e.g. whole numbers
        for percentages exported to 1 dp); a table exported but not displayed gets no number.
        Headers and codes are shown with the chapter's labels (`labels.py`; `headers` first), plus
        `labels` ({column: {code: label}}) that the chapter's data carry; the CSV keeps the codes.
        `collapsed`: shown closed under its caption (long per-question detail after the summary).
        `note` may be a callable given the table as published: a note about its cells (small answers)
        then never names a cell the table withholds. What the chapter's exports.yaml declares for the id
        (title, headers, shape, note) is used where the call gives none (its headers under the call's)."""
        from .exports import write_csv
        from .spreadsheets import About, Table, table_workbook

        export_id = slug(export_id)
        entry = self._declared(export_id, "table")
        if entry is not None:
            title = entry.title if title is None else title
            shape = entry.shape.table_shape() if shape is None and entry.shape is not None else shape
            headers = {**entry.headers, **(headers or {})} or None
            note = entry.note if note is None else note
        if title is None:
            raise ValueError(f"table {export_id!r} has no title: give it, or declare it in the chapter's exports.yaml")
        shape = shape or TableShape()
        shown, hidden = disclosure.apply(df, shape, self.min_count)
        self._frames[export_id] = shown
        if callable(note):
            note = note(shown)
        self.export_dir.mkdir(parents=True, exist_ok=True)
        write_csv(shown, self.export_dir / f"{export_id}.csv")
        source = self.source_note(files, period)
        self._order += 1
        number = self._next_number("table") if display else ""
        caption = f"{number}: {title}" if number else title
        cat = self.labels(export_id, labels)
        header_map = {c: (headers or {}).get(c) or cat.header(c) for c in shown.columns}
        meta = {
            "id": export_id, "kind": "table", "title": title, "chapter": self.slug, "number": number,
            "caption": caption, "cite": self.edition.cite(number or f"table '{export_id}'"),
            "order": self._order, "files": [f"{export_id}.csv", f"{export_id}.xlsx"], "columns": list(shown.columns),
            "headers": header_map, "labels": cat.used(shown), **({"hidden": list(cat.hide)} if cat.hide else {}),
            "source": source, "suppressed_cells": len(hidden), "note": note or "",
            "shape": {"counts": list(shape.counts), "row_sums": {k: list(v) for k, v in shape.row_sums.items()},
                      "total_row": shape.total_row, "derived": {k: list(v) for k, v in shape.derived.items()},
                      **({"distinct_totals": list(shape.distinct_totals)} if shape.distinct_totals else {}),
                      **({"margins": [{"column": m.column, "by": m.by, "rows": list(m.rows), "shown": m.shown}
                                      for m in shape.margins]}
                         if shape.margins else {}),
                      **({"complements": dict(shape.complements)} if shape.complements else {})},
        }
        csv = pd.read_csv(self.export_dir / f"{export_id}.csv", dtype=str, keep_default_na=False)
        table_workbook(Table.of(meta, csv), About.of(self.edition), self.export_dir / f"{export_id}.xlsx")
        _write_json(self.export_dir / f"{export_id}.json", meta)
        self.published.append(meta)
        if display:
            from IPython.display import display as show

            block = self._table_block(shown, export_id, meta["caption"], header_map, source, note, meta["cite"],
                                      formats, cat)
            show(_Displayable(collapsible(block, meta["caption"]) if collapsed else block,
                              f"{meta['caption']}\n{shown.to_string(index=False)}"))
        return shown

    def labels(self, export_id: str | None = None, extra: dict | None = None):
        """This chapter's label catalogue (one table's, with labels the data carry): `labels.Catalogue`."""
        from .labels import catalogue

        folder = self.chapter.folder if self.chapter.local else None  # a local chapter's own labels.yaml
        return catalogue(self.slug, folder).table(export_id).with_values(extra)

    def labelled(self, df: pd.DataFrame, extra: dict | None = None) -> pd.DataFrame:
        """A published frame with its codes replaced by the chapter's labels (column ids kept):
        what a chart, its alt text and 'Show as table' are drawn from."""
        return self.labels(None, extra).relabel(df)

    def _table_block(self, shown, export_id, caption, headers, source, note, cite, formats=None, cat=None) -> str:
        note_html = f'<p class="pb-note">{html_text(note)}</p>' if note else ""
        wide = " pb-wide" if is_wide(c for c in shown.columns if cat is None or c not in cat.hide) else ""
        return (
            f'<div class="pb-figure pb-table-block{wide}" id="{export_id}">'
            f"{table_html(shown, headers, formats=formats, caption=caption, catalogue=cat, anchor=export_id)}"
            f'<p class="pb-source">{html_text(source)}</p>{note_html}'
            f'<p class="pb-downloads">Download: <a href="../figures/{export_id}.csv" download>CSV</a> · '
            f'<a href="../figures/{export_id}.xlsx" download>Excel</a></p>'
            f'{cite_html(cite)}'
            "</div>"
        )

    # -- beside England, the region and statistical neighbours ---------------------------------
    def comparators(self, local: dict, scope: str = ""):
        """This chapter's measures beside DfE's figures (`benchmarks:`), or None when the edition compares
        none of them. `local`: the chapter's own values (name -> comparators.LocalValue)."""
        from .comparators import compare

        return compare(self.edition, self.chapter.section, local, scope)

    def compared(self, bench, files=()) -> str:
        """Publish the comparisons: `<section>-benchmarks`, the neighbours' figures and a dot chart drawn
        from those two published tables. Returns the key-message sentence ('' and a note without any)."""
        section = self.chapter.section
        if bench is None:
            self.note("This edition sets its figures beside no other authority's: benchmarks: in its parameters "
                      "names DfE's open-data files, the statistical neighbours and the measures to compare "
                      "(see Data you need).")
            return ""
        files = [*files, *bench.files]
        title = "Compared with England, the region and statistical neighbours"
        table = bench.table(self.min_count)
        ours, neighbours, chart = compared_ids(section)
        shown = self.table(table, ours, title, shape=TableShape(total_row=False),
                           headers=bench.headers(), formats=bench.formats(), note=bench.note(table), files=files)
        theirs = self.table(bench.neighbour_table(), neighbours,
                            "The statistical neighbours' figures", shape=TableShape(total_row=False),
                            headers=bench.neighbour_headers(), formats=bench.formats(), files=bench.files,
                            period=bench.period_words())
        long = bench.chart_data(shown, theirs)
        if len(long):
            self.chart(bench.chart(long, title), chart,
                       f"{self.edition.model.local_authority} beside England, its region and its statistical neighbours",
                       alt=bench.describe(shown, theirs), data=long.drop(columns="order"), files=files,
                       table=ours)  # and the neighbours' table beside it
        return bench.sentence(shown)

    # -- key messages ------------------------------------------------------------------------------
    def exported(self) -> dict[str, pd.DataFrame]:
        """This chapter's tables as published: each export's CSV text (a withheld cell is 'c'), the only
        place a key message may take a value from."""
        return {m["id"]: pd.read_csv(self.export_dir / f"{m['id']}.csv", dtype=str, keep_default_na=False)
                for m in self.published if m["kind"] == "table"}

    def key_messages(self, messages) -> None:
        """Publish the chapter's key messages (messages.KeyMessage, declared in its analysis module): the
        sidecar the build gathers into the Key messages page and figures/key-messages.csv, each trend
        drawn as a small chart, and glued as `key_messages` (a list) for the chapter's opening."""
        from . import messages as km

        from .charts import render_svg

        self.export_dir.mkdir(parents=True, exist_ok=True)
        messages = km.ordered(km.with_previous(messages, self.edition.model.previous_edition, self.edition.edition_name))
        drawn = {}
        for m in messages:
            spec = km.trend_spec(m)
            if spec is not None:
                name = km.trend_file(m)
                (self.export_dir / name).write_text(render_svg(spec))
                drawn[m.measure] = {"file": name, "alt": km.trend_alt(m)}
        km.write_chapter(messages, self.slug, self.export_dir, drawn)
        self.glue_md("key_messages", km.markdown_list(messages) or
                     "This chapter has no headline measure to report for this edition.")

    # -- charts ------------------------------------------------------------------------
    def chart(self, chart, export_id: str, title: str | None = None, *, alt: str, data: pd.DataFrame | None = None,
              files=None, period: str | None = None, table: str | None = None, collapsed: bool = False) -> None:
        """Export a chart (Vega-Lite JSON, SVG, PNG) and display it, with a table alternative.

        `table` (required): the export id of the table this chapter published that the chart, its alt
        text and its 'Show as table' are drawn from (as published: a withheld 'c' is never drawn);
        recorded in the chart's sidecar, so the disclosure checks can hold the chart to that table. A
        local chapter's chart data must be rows of that table as published (charts.not_drawn_from).
        `collapsed`: shown closed under its caption, like a collapsed table. The title and table the
        chapter's exports.yaml declares for the id are used where the call gives none."""
        from . import charts

        export_id = slug(export_id)
        entry = self._declared(export_id, "chart")
        if entry is not None:
            title = entry.title if title is None else title
            table = entry.table if table is None else table
        if title is None:
            raise ValueError(f"chart {export_id!r} has no title: give it, or declare it in the chapter's exports.yaml")
        if table is None:
            raise ValueError(f"chart {export_id}: a chart is drawn from a table the chapter has published: name "
                             "it (table=export id), or declare the chart in exports.yaml and draw it with ctx.draw")
        if slug(table) not in self._frames:
            raise ValueError(f"chart {export_id}: table {table!r} is not a table this chapter has published")
        spec = charts.to_spec(chart, self.labels())
        if self.chapter.local:  # an edition's own chapter draws only what its published table shows
            wrong = charts.not_drawn_from(spec, self._frames[slug(table)])
            wrong += charts.not_drawn_from({"data": {"values": charts.records(data)}}, self._frames[slug(table)]) \
                if data is not None else []
            if wrong:
                raise ValueError(f"chart {export_id}: not drawn from table {table!r} as published: {wrong[0]}")
        self.export_dir.mkdir(parents=True, exist_ok=True)
        svg = charts.render_svg(spec)
        (self.export_dir / f"{export_id}.vl.json").write_text(json.dumps(spec, sort_keys=True, indent=1) + "\n")
        (self.export_dir / f"{export_id}.svg").write_text(svg)
        (self.export_dir / f"{export_id}.png").write_bytes(charts.render_png(spec, svg=svg))
        source = self.source_note(files, period)
        self._order += 1
        number = self._next_number("chart")
        meta = {
            "id": export_id, "kind": "chart", "title": title, "chapter": self.slug, "order": self._order,
            "number": number, "caption": f"{number}: {title}", "cite": self.edition.cite(number),
            "files": [f"{export_id}.svg", f"{export_id}.png", f"{export_id}.vl.json"],
            "alt": alt, "source": source, **({"table": slug(table)} if table is not None else {}),
        }
        _write_json(self.export_dir / f"{export_id}.json", meta)
        self.published.append(meta)
        from IPython.display import display as show

        table_alt = table_html(data, catalogue=self.labels()) if data is not None else ""
        block = charts.embed_html(export_id, spec, svg, meta["caption"], alt, source, table_alt, cite_html(meta["cite"]))
        show(_Displayable(collapsible(block, meta["caption"]) if collapsed else block, f"[chart] {meta['caption']}"))


def _write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, sort_keys=True, indent=1, default=str) + "\n", encoding="utf-8")


def chapter_context(slug: str, params_file: str | Path, export_dir: str | Path) -> ChapterContext:
    """Load the edition and this chapter's section, for a notebook's first cell."""
    edition = load_edition(params_file)
    chapter = chapter_by_slug(slug, edition)
    params = edition.section(chapter.section)
    if params is None:
        raise SystemExit(f"{params_file}: the edition has no '{chapter.section}' section")
    return ChapterContext(slug=slug, params_file=Path(params_file), export_dir=Path(export_dir),
                          edition=edition, params=params)
