"""Figures already published, set beside the recomputed ones; the identities every build checks.

An edition may list `published:` CSV files with columns `table_id,row,column,value,source` (and
optionally `paper`, `remark`; earlier.py reads them): one printed figure each, addressed by export
id, row label and column name. The row label is looked up in the table's first column, then in the
label columns after it (a theme within its plan): a paper names a row by its own label.

The chapters' notes and the Reconciliation page compare through `compare`, so they count alike; the
page's full log is `figures/reconciliation/published-figures.csv` (`published_log`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where the logs are written; build.py imports this module on its no-op path
    import pandas as pd


def load_published(paths, chapters=None) -> pd.DataFrame:
    """Every printed figure of the edition's `published:` entries (see earlier.py for the layout)."""
    from .earlier import load

    return load(paths, chapters).figures


def _num(v):
    try:
        return float(str(v).replace(",", "").rstrip("%"))
    except ValueError:
        return None


def _is_figure(v) -> bool:
    """A cell that holds a figure: a number, a symbol (c, z, x) or nothing."""
    import pandas as pd

    text = "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v).strip()
    return text in ("", "c", "z", "x") or _num(text) is not None


def label_columns(t: pd.DataFrame) -> list:
    """The columns that name a table's rows: the first, and each after it up to the first column of figures."""
    cols = list(t.columns[:1])
    for col in t.columns[1:]:
        if all(_is_figure(v) for v in t[col].tolist()):
            break
        cols.append(col)
    return cols


COMPARED = ["table_id", "row", "column", "published", "computed", "agrees", "printed", "result", "source", "paper",
            "remark"]


def compare(published: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each published figure with the recomputed value; `agrees` False where they differ, and `result`
    in words: agrees, differs, no such row, no such column, no such table, not printed.

    A row with a blank value is a figure the paper did not print (`printed` False): it is shown
    with its remark beside the recomputed value, and neither agrees nor differs."""
    import pandas as pd
    from .earlier import blank_as_none

    first_row: dict[str, dict[str, int]] = {}  # per table: row label -> its first row's position

    def row_of(table_id: str, t: pd.DataFrame, label: str) -> int | None:
        if table_id not in first_row:
            index = first_row[table_id] = {}
            for col in label_columns(t):  # the first column's labels win over a later column's
                for i, v in enumerate(t[col].astype(str).tolist()):
                    index.setdefault(v, i)
        return first_row[table_id].get(label)

    rows = []
    for record in published.to_dict("records"):
        p = {k: blank_as_none(v) for k, v in record.items()}
        t = tables.get(p["table_id"])
        computed, missing = None, "no such table" if t is None else None
        if t is not None:
            i = row_of(p["table_id"], t, str(p["row"]))
            missing = "no such row" if i is None else None if p["column"] in t.columns else "no such column"
            if missing is None:
                computed = t.iloc[i][p["column"]]  # read through the row, as ever (a row of ints and floats gives floats)
        printed = p["value"] is not None
        a, b = _num(p["value"]), _num(computed)
        agrees = printed and missing is None and (
            (a is not None and b is not None and abs(a - b) < 1e-9) or str(p["value"]) == str(computed))
        result = "not printed" if not printed else "agrees" if agrees else missing or "differs"
        rows.append({"table_id": p["table_id"], "row": p["row"], "column": p["column"],
                     "published": p["value"] if printed else "", "computed": "" if computed is None else str(computed),
                     "agrees": bool(agrees), "printed": printed, "result": result, "source": p.get("source") or "",
                     "paper": p.get("paper") or "", "remark": p.get("remark") or ""})
    return pd.DataFrame(rows, columns=COMPARED)


def _load_tables(figures: Path) -> tuple[dict[str, pd.DataFrame], dict[str, dict]]:
    import pandas as pd
    import json

    tables, metas = {}, {}
    for meta_path in sorted(Path(figures).glob("*.json")):
        if meta_path.name == "register.json" or meta_path.name.endswith(".vl.json"):
            continue
        meta = json.loads(meta_path.read_text())
        if meta.get("kind") == "table":
            tables[meta["id"]] = pd.read_csv(Path(figures) / f"{meta['id']}.csv", dtype=str, keep_default_na=False)
            metas[meta["id"]] = meta
    return tables, metas


LOG_FOLDER = "reconciliation"  # under figures/: not a table export (no sidecar would tell `diff` so)
LOG_COLUMNS = ["chapter", "table_id", "row", "column", "published", "computed", "result", "source", "paper", "remark"]


def published_log(edition, figures: Path) -> pd.DataFrame:
    """Every figure of the edition's earlier papers beside this edition's exported cell, with the chapter
    that publishes its table ('' when no chapter of this edition does) and the result in words."""
    import pandas as pd

    if not edition.model.published:
        return pd.DataFrame(columns=LOG_COLUMNS)
    tables, metas = _load_tables(figures)
    result = compare(load_published(edition.model.published, edition.chapters), tables)
    result.insert(0, "chapter", [metas.get(t, {}).get("chapter", "") for t in result["table_id"]])
    return result[LOG_COLUMNS]


@dataclass
class Reconciliation:
    """What a build's figures were checked against: every identity (check_identities) and every earlier
    published figure beside its cell (published_log). Made once per build (`reconcile`), then read by
    the build's check, the Reconciliation page and its logs."""

    identities: list[dict]
    published: pd.DataFrame

    def identities_table(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.identities, columns=["chapter", "identity", "holds", "detail"])


def reconcile(edition, chapters, figures: Path) -> Reconciliation:
    return Reconciliation(check_identities(chapters, figures), published_log(edition, figures))


def write_logs(reconciliation: Reconciliation, figures: Path) -> dict[str, Path]:
    """The Reconciliation page's full logs as CSV downloads: `figures/reconciliation/published-figures.csv`
    and `identities.csv` (every identity checked, with its chapter)."""
    from .exports import write_csv

    folder = Path(figures) / LOG_FOLDER
    folder.mkdir(exist_ok=True)
    paths = {"published": folder / "published-figures.csv", "identities": folder / "identities.csv"}
    write_csv(reconciliation.published, paths["published"])
    identities = reconciliation.identities_table()
    write_csv(identities.assign(holds=identities["holds"].map({True: "holds", False: "fails"}))
              .rename(columns={"holds": "result"}), paths["identities"])
    return paths


def _n(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def shape_identities(export_id: str, df: pd.DataFrame, shape: dict) -> list[dict]:
    """A table's own sums: each declared row sum, and the Total row against the rows above."""
    out = []
    if not shape or df.empty:
        return out
    body = df.iloc[:-1] if shape.get("total_row") else df
    if shape.get("total_row"):
        for col in shape.get("counts", []):
            if col in shape.get("distinct_totals", []):
                continue  # a Total of distinct children need not be the sum of the rows
            values = [_n(v) for v in body[col]]
            total = _n(df.iloc[-1][col])
            if total is None or any(v is None for v in values):
                continue  # suppressed cells: not checkable from what is shown
            ok = abs(sum(values) - total) < 1e-6
            out.append({"identity": f"{export_id}: column {col} adds up to its Total", "holds": ok,
                        "detail": "" if ok else f"rows sum to {sum(values):g}, Total is {total:g}"})
    for total_col, parts in shape.get("row_sums", {}).items():
        bad = []
        for _, row in df.iterrows():
            vals = [_n(row[p]) for p in parts]
            t = _n(row[total_col])
            if t is None or any(v is None for v in vals):
                continue
            if abs(sum(vals) - t) > 1e-6:
                bad.append(f"{row.iloc[0]}: {' + '.join(parts)} = {sum(vals):g}, {total_col} = {t:g}")
        out.append({"identity": f"{export_id}: {total_col} = {' + '.join(parts)} on every row", "holds": not bad,
                    "detail": "; ".join(bad)})
    return out


def publishable_ids(chapter) -> set[str]:
    """Every export id the chapter can publish: its catalogue's, and the quoted ids in its notebook's code."""
    import re

    import nbformat

    from .runner import source_notebook

    nb = nbformat.read(str(source_notebook(chapter)), as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return set(re.findall(r"[\"']([a-z0-9][a-z0-9-]*)[\"']", code)) | {e.id for e in chapter.catalogue.exports}


def check_identities(chapters, figures: Path) -> list[dict]:
    """Every identity of the edition: each table's own sums, and the cross-table equalities each
    chapter declares (`IDENTITIES`: groups of (export id, row, column) cells that must be equal) or
    computes (`check_tables(tables) -> list of {identity, holds, detail}`); each result names its chapter.

    A declared cell in a table this edition did not publish (a chapter's optional table) or in a row
    its data do not have is not checked; an export id the chapter never publishes, or a column its
    table does not have, is a mistake in the declaration and fails."""
    tables, metas = _load_tables(figures)
    results = []
    for export_id, df in tables.items():
        results += [{"chapter": metas[export_id].get("chapter", ""), **r}
                    for r in shape_identities(export_id, df, metas[export_id].get("shape", {}))]
    for chapter in chapters:
        hooks = chapter.hooks
        known = None
        for group in hooks.IDENTITIES:
            cells, wrong = [], []
            for (tid, row, col) in group:
                t = tables.get(tid)
                if t is None:
                    known = publishable_ids(chapter) if known is None else known
                    if tid not in known:
                        wrong.append(f"chapter '{chapter.slug}' publishes no table '{tid}'")
                elif col not in t:
                    wrong.append(f"table '{tid}' has no column '{col}'")
                hit = None if t is None or col not in t else t[t.iloc[:, 0] == row]
                cells.append(None if hit is None or hit.empty else _n(hit.iloc[0][col]))
            names = " = ".join(f"{t}[{r}, {c}]" for t, r, c in group)
            if wrong:
                results.append({"chapter": chapter.slug, "identity": names, "holds": False, "detail": "; ".join(wrong)})
                continue
            shown = [c for c in cells if c is not None]
            if len(shown) < 2:
                continue
            ok = max(shown) - min(shown) < 1e-6
            results.append({"chapter": chapter.slug, "identity": names, "holds": ok,
                            "detail": "" if ok else "values " + ", ".join("c" if c is None else f"{c:g}" for c in cells)})
        results += [{"chapter": chapter.slug, **r} for r in
                    hooks.check_tables({k: v for k, v in tables.items() if metas[k]["chapter"] == chapter.slug})]
    return results
