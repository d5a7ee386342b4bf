"""Labels, never codes: what a reader sees in place of a column id or a code.

Why one module: a table shows "Parent and child" and "Enquiries resulting in approval" in the book,
its chart, its alt text, "Show as table", the Word paper and the spreadsheet alike, while its CSV
export keeps `parent_child` and `enquiry_conversion` (export ids and columns are the contract).

The catalogue is data, one YAML file per chapter in its folder (`chapters/<slug>/labels.yaml`, over
the shared `chapters/labels.yaml`; an edition's own chapter's is `labels.yaml` in its folder too):

    columns: {column id: header}
    values:  {column id: {code: label}}
    shown:   {column id: p_value | month | id}   # how a column's cells are written (p = 0.04, April 2013;
                                                # an id such as a ref or a time period as it is)
    tables:  {export id: {columns: ..., values: ..., hide: [column id, ...]}}   # a table's own

A code the catalogue does not know (an authority's own category, service or plan) is shown as it
comes, never given an invented label; a chapter may add the labels its data carry (survey titles,
question wordings) for one table. A published table's sidecar records the headers and value labels
it was shown with, so Word and XLSX writers label a CSV exactly as the book did (`labelled`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import pandas as pd
import yaml

TOTAL = "Total"


@dataclass(frozen=True)
class Catalogue:
    """One chapter's labels (the shared ones underneath); `table(export_id)` gives one table's."""

    columns: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    shown: Mapping[str, str] = field(default_factory=dict)
    hide: tuple[str, ...] = ()
    tables: Mapping[str, dict] = field(default_factory=dict)

    def header(self, column: str) -> str:
        """The column's header; a column the catalogue does not know (e.g. a service name) as it is."""
        return self.columns.get(str(column), str(column))

    def value(self, column: str, code) -> str:
        """The label of one cell's code; an unknown code (or a number) unchanged."""
        if isinstance(code, str):
            return self.values.get(str(column), {}).get(code, code)
        return code

    def table(self, export_id: str | None) -> "Catalogue":
        """The labels of one table: the chapter's, with that table's own entries over them."""
        own = self.tables.get(export_id or "") or {}
        if not own:
            return self
        return Catalogue(columns={**self.columns, **(own.get("columns") or {})},
                         values=_merge_values(self.values, own.get("values") or {}),
                         shown={**self.shown, **(own.get("shown") or {})},
                         hide=tuple(own.get("hide") or ()), tables={})

    def with_values(self, extra: Mapping[str, Mapping[str, str]] | None) -> "Catalogue":
        """These labels plus the ones a chapter's data carry (e.g. {"survey": {id: title}})."""
        if not extra:
            return self
        clean = {str(c): {str(k): str(v) for k, v in m.items()} for c, m in extra.items()}
        return Catalogue(columns=self.columns, values=_merge_values(self.values, clean), shown=self.shown,
                         hide=self.hide, tables=self.tables)

    def codes(self) -> set[str]:
        """Every code and column id this catalogue labels with something else (for the visible-text scan)."""
        out = {c for c, h in self.columns.items() if h != c}
        out |= {k for m in self.values.values() for k, v in m.items() if v != k}
        for own in self.tables.values():
            out |= {c for c, h in (own.get("columns") or {}).items() if h != c}
            out |= {k for m in (own.get("values") or {}).values() for k, v in m.items() if v != k}
        return out

    def cell(self, column: str, v, dp: int | None = None) -> str:
        """One cell as a reader sees it: its label, else a p-value, month, date or number in the
        book's style (`numbers`); `dp` the column's decimal places (`decimals`)."""
        from .numbers import month_text, number_text, p_text, restyle_dates

        v = self.value(column, v)
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            return ""
        kind = self.shown.get(str(column))
        if kind == "p_value" and _is_number(v):
            return p_text(float(v))
        if kind == "month":
            v = month_text(v)
        if isinstance(v, str) and kind != "id" and _WHOLE.fullmatch(v):
            return f"{int(v):,}"  # a count read back from its CSV ('1454'): 1,454
        if isinstance(v, bool) or not isinstance(v, (int, float)) and not hasattr(v, "dtype"):
            return restyle_dates(str(v))
        return number_text(v, dp if isinstance(v, float) else None)

    def relabel(self, df: pd.DataFrame) -> pd.DataFrame:
        """The frame with every code it labels replaced and its months written out ('2013-04' is
        'April 2013'); column ids, numbers and 'c' kept: the data a chart and its alt text are drawn from."""
        from .numbers import month_text

        out = df.copy()
        for c in out.columns:
            if self.values.get(str(c)):
                out[c] = out[c].map(lambda v, c=c: self.value(c, v))
            if self.shown.get(str(c)) == "month":
                out[c] = out[c].map(month_text)
        return out

    def used(self, df: pd.DataFrame) -> dict[str, dict[str, str]]:
        """The value labels this table's cells need: {column: {code: label}} for codes present."""
        out = {}
        for c in df.columns:
            known = self.values.get(str(c))
            if not known:
                continue
            found = {v: known[v] for v in dict.fromkeys(df[c].tolist()) if isinstance(v, str) and v in known}
            if found:
                out[str(c)] = found
        return out


_WHOLE = re.compile(r"-?[1-9]\d{3,}")  # a whole number of four digits or more, as a CSV holds it


def _is_number(v) -> bool:
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return not isinstance(v, bool)


def decimals(column: pd.Series, most: int = 3) -> int | None:
    """The decimal places a column of numbers is shown with: the most any of its values has (at most
    `most`), so a column is consistent (33.3 beside 50.0) and whole numbers get none (414, not 414.0).
    None when it holds no fractional value."""
    dp = 0
    for v in column.tolist():
        if isinstance(v, float) and v == v and v not in (float("inf"), float("-inf")) and v != int(v):
            text = repr(round(v, most))
            dp = max(dp, len(text.split(".")[1]) if "." in text and "e" not in text else most)
    return dp or None


def _merge_values(base: Mapping, over: Mapping) -> dict:
    out = {c: dict(m) for c, m in base.items()}
    for c, m in over.items():
        out.setdefault(c, {}).update(m)
    return out


def _read(path) -> dict:
    if path is None or not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {"columns": {str(k): str(v) for k, v in (data.get("columns") or {}).items()},
            "shown": {str(k): str(v) for k, v in (data.get("shown") or {}).items()},
            "values": {str(c): {str(k): str(v) for k, v in (m or {}).items()}
                       for c, m in (data.get("values") or {}).items()},
            "tables": {str(k): v or {} for k, v in (data.get("tables") or {}).items()}}


def _labels_file(chapter: str | None) -> Path | None:
    """A built-in chapter's labels.yaml, by its slug (or a historic name, 'missing-uasc')."""
    if not chapter:
        return None
    from .chapters import chapter_by_slug

    try:
        return chapter_by_slug(chapter).labels_file
    except KeyError:
        return None


@lru_cache(maxsize=None)
def catalogue(chapter: str | None = None, folder=None) -> Catalogue:
    """The labels of a chapter (its slug), over the shared ones; the shared ones alone for None or a
    name that is not a built-in chapter. An edition's own chapter keeps its labels in its folder
    (`folder`/labels.yaml, the same layout)."""
    from .chapters import HERE, LABELS

    common = _read(HERE / LABELS)
    own = _read(Path(folder) / LABELS if folder is not None else _labels_file(chapter))
    return Catalogue(columns={**common["columns"], **own.get("columns", {})},
                     values=_merge_values(common["values"], own.get("values", {})),
                     shown={**common["shown"], **own.get("shown", {})},
                     tables=own.get("tables", {}))


def header(chapter: str | None, column: str, export_id: str | None = None) -> str:
    """The header a reader sees for a column of a chapter's table."""
    return catalogue(chapter).table(export_id).header(column)


def value(chapter: str | None, column: str, code, export_id: str | None = None):
    """The label a reader sees for a code in a column of a chapter's table (unknown codes unchanged)."""
    return catalogue(chapter).table(export_id).value(column, code)


def values(chapter: str | None, column: str) -> dict[str, str]:
    """Every code of a column the chapter's catalogue labels: {code: label}."""
    return dict(catalogue(chapter).values.get(column, {}))


def all_codes() -> set[str]:
    """Every code and column id any chapter's catalogue replaces with a label."""
    from .chapters import CHAPTERS

    out = catalogue(None).codes()
    for c in CHAPTERS:
        out |= catalogue(c.slug).codes()
    return out


def display_frame(df: pd.DataFrame, cat: Catalogue, headers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A table as a reader sees it: hidden columns dropped, codes labelled, columns headed
    (`headers`, the notebook's own wording, first). Numbers and 'c' are left as they are."""
    headers = headers or {}
    keep = [c for c in df.columns if c not in cat.hide]
    out = cat.relabel(df[keep])
    out.columns = [headers.get(c) or cat.header(c) for c in keep]
    return out


def for_table(meta: Mapping) -> Catalogue:
    """The labels a published table was shown with, from its sidecar (`<id>.json`: `chapter`, `id`,
    `labels`, `hidden`) over its chapter's catalogue."""
    base = catalogue(meta.get("chapter")).table(meta.get("id")).with_values(meta.get("labels"))
    hidden = meta["hidden"] if "hidden" in meta else base.hide
    return Catalogue(columns={**base.columns, **(meta.get("headers") or {})}, values=base.values,
                     shown=base.shown, hide=tuple(hidden))


def figure_cell(meta: Mapping | None, row, column: str, fallback_id: str = "") -> str:
    """One published figure as the book labels it: 'Table 4.1, Parent and child / Expected by 31 March
    2014' (its table's number, row label and column header), from the table's sidecar; the ids as
    they are when the table is not known."""
    if not meta:
        return f"{fallback_id}, {row} / {column}"
    r = label_figures(pd.DataFrame([{"table_id": meta.get("id") or fallback_id, "row": row, "column": column}]),
                      {meta.get("id") or fallback_id: meta}).iloc[0]
    return f"{r['table_id']}, {r['row']} / {r['column']}"


def label_figures(df: pd.DataFrame, metas: Mapping[str, Mapping]) -> pd.DataFrame:
    """A list of published figures (columns `table_id`, `row`, `column`, as the reconciliation logs hold
    them) as the book labels them: the table's number (else title), the row's label and the column's
    header, from each table's sidecar (`metas`: export id -> sidecar); an unknown table kept as it is."""
    out = df.copy()
    for i, r in df.iterrows():
        meta = metas.get(r["table_id"])
        if not meta:
            continue
        cat = for_table(meta)
        first = (meta.get("columns") or [""])[0]
        out.at[i, "table_id"] = meta.get("number") or meta.get("title") or r["table_id"]
        out.at[i, "row"] = cat.value(first, r["row"])
        out.at[i, "column"] = cat.header(r["column"])
    return out


def labelled(df: pd.DataFrame, meta: Mapping) -> pd.DataFrame:
    """A published table (its CSV as read) labelled as the book showed it: hidden columns dropped,
    headers and codes as labels, numbers kept as numbers (for spreadsheets)."""
    return display_frame(df, for_table(meta))


def labelled_text(df: pd.DataFrame, meta: Mapping) -> pd.DataFrame:
    """The same, every cell written as the book writes it (1,454; p = 0.04; 10 April 2015): for Word."""
    cat = for_table(meta)
    keep = [c for c in df.columns if c not in cat.hide]
    out = pd.DataFrame({c: [cat.cell(c, v, decimals(df[c])) for v in df[c].tolist()] for c in keep},
                       index=df.index, columns=keep)
    out.columns = [cat.header(c) for c in keep]
    return out
