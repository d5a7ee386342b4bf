"""What changed between two editions: cell-by-cell comparison of their exported tables.

The join key is the figure id (stable across editions) and, within a figure, the row label: the
first column's value, or the first columns joined with " / " when the first alone does not
identify a row (e.g. `survey / question_id`); rows still repeated after every label column get
" #2", " #3" in order. Only table exports are compared: `<id>.csv` files whose sidecar
`<id>.json` says kind=table (a CSV without a sidecar counts as a table); register.json, charts
and anything else are ignored.

Cells are compared as numbers when both sides are numbers (so "12" equals "12.0"), else as text
(a suppressed "c" is text: "c" -> 5 is a change with no arithmetic).
"""
from __future__ import annotations

import json
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from .errors import PanelbookError
from .escape import myst_code, myst_text, one_line

COLUMNS = ["change", "id", "title", "row", "column", "header", "old", "new", "abs_change", "rel_change", "is_count"]
KINDS = ("changed", "added_row", "dropped_row", "added_column", "dropped_column", "new_figure", "dropped_figure")
_NUM = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")
_NOT_COUNT = re.compile(r"pct|percent|share|rate|change|diff|p_value|ratio|rho|tau|ci_|year|month|median|mean|days")


# -- reading a figures folder ----------------------------------------------------------------
def _number(v) -> float | None:
    if isinstance(v, str) and _NUM.match(v):
        x = float(v)
        return x if math.isfinite(x) else None
    return None


def read_figures(folder: Path) -> dict[str, dict]:
    """{id: {"table": DataFrame of strings, "meta": sidecar dict}} for every table export, in build order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PanelbookError(f"{folder}: figures folder not found (give the DIR/figures folder of a build)")
    out = {}
    for csv in sorted(folder.glob("*.csv")):
        side = csv.with_suffix(".json")
        meta = {}
        if side.is_file():
            try:
                meta = json.loads(side.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError):
                meta = {}
        if meta.get("kind", "table") != "table":
            continue
        try:
            table = pd.read_csv(csv, dtype=str, keep_default_na=False)
        except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError):
            continue
        out[csv.stem] = {"table": table, "meta": meta}
    order = _register_order(folder)
    return dict(sorted(out.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def _register_order(folder: Path) -> dict[str, int]:
    """Figure id -> position in the build (register.json lists figures in chapter order)."""
    try:
        reg = json.loads((folder / "register.json").read_text(encoding="utf-8"))
        return {f["id"]: i for i, f in enumerate(reg.get("figures", [])) if isinstance(f, dict) and "id" in f}
    except (OSError, ValueError, AttributeError):
        return {}


def edition_title(folder: Path) -> str | None:
    """The edition's title from its register.json, if there is one."""
    try:
        return json.loads((Path(folder) / "register.json").read_text(encoding="utf-8")).get("title")
    except (OSError, ValueError, AttributeError):
        return None


def count_columns(meta: dict, *tables: pd.DataFrame) -> set[str]:
    """Columns holding counts: as the sidecar's TableShape declares, else whole numbers not named like a rate."""
    shape = meta.get("shape") if isinstance(meta, dict) else None
    if isinstance(shape, dict) and "counts" in shape:
        return set(shape["counts"])
    out = set()
    for col in set.intersection(*(set(t.columns[1:]) for t in tables)) if tables else ():
        values = pd.concat([t[col] for t in tables])
        if _NOT_COUNT.search(col.lower()):
            continue
        nums = [_number(v) for v in values if v not in ("", "c")]
        if nums and all(x is not None and x == int(x) for x in nums):
            out.add(col)
    return out


# -- row keys ------------------------------------------------------------------------------
def _is_text(t: pd.DataFrame, col: str) -> bool:
    return any(v not in ("", "c") and _number(v) is None for v in t[col])


def row_keys(old: pd.DataFrame, new: pd.DataFrame) -> tuple[list[str], list[str], int]:
    """Row labels of both tables, and how many leading columns make them.

    The first column, extended by the following text columns (never numbers: a changed count must
    not look like a new row) until rows are unique in both tables; repeats left get " #2", " #3".
    """
    common = [c for c in new.columns if c in old.columns] or list(new.columns[:1])
    width = 1
    while (width < len(common) and (old.duplicated(common[:width]).any() or new.duplicated(common[:width]).any())
           and _is_text(old, common[width]) and _is_text(new, common[width])):
        width += 1
    cols = common[:width]

    def labels(t: pd.DataFrame) -> list[str]:
        if not len(t) or not cols:
            return [str(i) for i in range(len(t))]
        base = t[cols].astype(str).agg(" / ".join, axis=1)
        k = base.groupby(base).cumcount() + 1
        return [b if i == 1 else f"{b} #{i}" for b, i in zip(base.tolist(), k.tolist())]

    return labels(old), labels(new), len(cols)


# -- comparing -----------------------------------------------------------------------------
def _decimals(text: str) -> int:
    """Decimal places as written ("54.5" -> 1), so 54.5 - 52.5 prints -2.0, not -1.9999999."""
    t = text.strip().lower()
    return 0 if "e" in t or "." not in t else len(t.split(".")[1])


def _changes(old: str, new: str) -> tuple[bool, float | None, float | None]:
    """(changed?, absolute change, relative change) of one cell; None where there is no arithmetic."""
    a, b = _number(old), _number(new)
    if a is not None and b is not None:
        if a == b:
            return False, None, None
        places = max(_decimals(old), _decimals(new))
        return True, round(b - a, places), ((b - a) / abs(a) if a != 0 else None)
    return old != new, None, None


def compare_figure(fid: str, old: dict, new: dict) -> list[dict]:
    """The changed cells, added/dropped rows and columns of one figure present in both editions."""
    o, n = old["table"], new["table"]
    meta = new["meta"] or old["meta"]
    title = meta.get("title", fid)
    headers = meta.get("headers", {})
    declared = [m for m in (new["meta"], old["meta"]) if isinstance(m.get("shape"), dict)]
    counts = set().union(*(count_columns(m) for m in declared)) if declared else count_columns({}, o, n)
    okeys, nkeys, nlab = row_keys(o, n)
    label_cols = set([c for c in n.columns if c in o.columns][:nlab])
    base = {"id": fid, "title": title}
    rows = []
    cols = [c for c in n.columns if c in o.columns and c not in label_cols]
    for c in n.columns:
        if c not in o.columns:
            rows.append({**base, "change": "added_column", "column": c, "header": headers.get(c, c)})
    for c in o.columns:
        if c not in n.columns:
            rows.append({**base, "change": "dropped_column", "column": c, "header": c})
    oi = dict(zip(okeys, range(len(okeys))))
    for j, key in enumerate(nkeys):
        if key not in oi:
            rows.append({**base, "change": "added_row", "row": key})
            continue
        i = oi[key]
        for c in cols:
            a, b = o[c].iat[i], n[c].iat[j]
            changed, d, r = _changes(a, b)
            if changed:
                rows.append({**base, "change": "changed", "row": key, "column": c, "header": headers.get(c, c),
                             "old": a, "new": b, "abs_change": d, "rel_change": r, "is_count": c in counts})
    kept = set(nkeys)
    rows += [{**base, "change": "dropped_row", "row": k} for k in okeys if k not in kept]
    return rows


def compare_figures(old_dir: Path, new_dir: Path) -> pd.DataFrame:
    """Every difference between two figures folders, one row per changed cell (or per added/dropped item).

    Columns: change (one of KINDS), id, title, row, column, header (the displayed column name), old,
    new (the cells as exported, text), abs_change, rel_change (new - old, and that over |old|; None
    when either side is not a number, and rel_change None when old is 0), is_count (the column holds
    counts, per the table's declared shape).
    """
    old, new = read_figures(old_dir), read_figures(new_dir)
    rows = []
    for fid in new:
        if fid in old:
            rows += compare_figure(fid, old[fid], new[fid])
        else:
            rows.append({"change": "new_figure", "id": fid, "title": new[fid]["meta"].get("title", fid)})
    for fid in old:
        if fid not in new:
            rows.append({"change": "dropped_figure", "id": fid, "title": old[fid]["meta"].get("title", fid)})
    df = pd.DataFrame(rows, columns=COLUMNS).astype(object)
    df = df.where(df.notna(), None)
    df["is_count"] = df["is_count"].map(lambda v: bool(v))
    return df.reset_index(drop=True)


# -- the largest movements -----------------------------------------------------------------
def largest_movements(diff: pd.DataFrame, n: int = 3, min_base: int = 10) -> pd.DataFrame:
    """The n cells that moved most, for the intro's sentence.

    Ranking: the absolute relative change of count cells (percentages move with their counts, so
    counting each movement once), largest first, ties by the larger absolute change. Left out:
    Total rows (they echo the rows above), bases below `min_base` in the earlier edition (2 -> 4 is
    +100% and means nothing), old zeros (no relative change), and `compare_*`/`previous_*` columns
    (an edition's comparison period, which moves by construction).
    """
    if diff.empty:
        return diff.iloc[0:0]
    d = diff[(diff["change"] == "changed") & diff["is_count"].astype(bool)].copy()
    d = d[d["rel_change"].notna()]
    d = d[~d["row"].astype(str).str.match(r"(?i)^\s*(all|total)\b")]
    d = d[~d["column"].astype(str).str.match(r"(?i)^(compare|previous|prev)_")]
    d = d[d["old"].map(lambda v: abs(_number(v) or 0) >= min_base)]
    if d.empty:
        return d
    d["_r"] = d["rel_change"].astype(float).abs()
    d["_a"] = d["abs_change"].astype(float).abs()
    d = d.sort_values(["_r", "_a", "id", "row", "column"], ascending=[False, False, True, True, True], kind="stable")
    return d.drop(columns=["_r", "_a"]).head(n).reset_index(drop=True)


def _half_up(x: float, places: int = 0) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_rel(r) -> str:
    """+32%, -5%, +0.4% (round half up, as the papers do); '' when there is none."""
    if r is None or (isinstance(r, float) and math.isnan(r)):
        return ""
    pct = float(r) * 100
    q = _half_up(pct, 1 if abs(pct) < 1 else 0)
    return f"{'+' if q > 0 else ''}{q}%"


def _format_abs(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    x = float(x)
    text = f"{int(x):d}" if x == int(x) else repr(x)
    return ("+" if x > 0 else "") + text


def movement_sentence(movements: pd.DataFrame, previous: str | None = None) -> str:
    """One plain-English sentence naming the largest movements (from largest_movements)."""
    since = f"Since the last edition ({previous})" if previous else "Since the last edition"
    if movements is None or movements.empty:
        return f"{since}, no count with a base of at least 10 moved."
    items = []
    for m in movements.itertuples():
        direction = "up" if float(m.abs_change) > 0 else "down"
        rel = format_rel(m.rel_change).lstrip("+-")
        items.append(f"{m.title} ({m.row}, {m.header}) {direction} {rel}, from {m.old} to {m.new}")
    if len(items) == 1:
        return f"{since}, the largest movement was: {items[0]}."
    many = {2: "two", 3: "three", 4: "four", 5: "five"}.get(len(items), str(len(items)))
    return f"{since}, the {many} largest movements were: " + "; ".join(items[:-1]) + "; and " + items[-1] + "."


# -- the book page -------------------------------------------------------------------------
def _md(text, limit: int = 120) -> str:
    """A cell for a MyST table: one line, shortened, escaped as text (escape.myst_text)."""
    s = one_line(text)
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return myst_text(s)


def _counts(df: pd.DataFrame, key: str, col: str, drop_total: bool = True) -> pd.Series:
    body = df[df[key].astype(str) != "Total"] if drop_total else df
    return pd.to_numeric(body.set_index(key)[col], errors="coerce")


def significance(old_dir: Path, new_dir: Path) -> pd.DataFrame:
    """Are the movements in survey shares and audit percentages real? Reuses the surveys' tests.

    Survey question tables (answer, period_n): the answer distribution of this edition's period
    against the previous edition's (Fisher or chi-square, as the surveys chapter chooses). Audit
    tables (audited, adequate_or_better): each row's proportion, as a 2 x 2 table. Rows with a
    suppressed count are not tested."""
    from . import stats

    old, new = read_figures(old_dir), read_figures(new_dir)
    rows = []
    for fid in sorted(set(old) & set(new)):
        a, b = old[fid]["table"], new[fid]["table"]
        title = new[fid]["meta"].get("title", fid)
        if {"answer", "period_n"} <= set(a.columns) & set(b.columns):
            x, y = _counts(a, "answer", "period_n"), _counts(b, "answer", "period_n")
            answers = [k for k in y.index if k in x.index]
            if not answers or x[answers].isna().any() or y[answers].isna().any():
                continue
            table = [x[answers].astype(int).tolist(), y[answers].astype(int).tolist()]
            n_old, n_new = sum(table[0]), sum(table[1])
            res = stats.compare_counts(table)
            rows.append({"id": fid, "title": title, "row": "all answers", "previous": f"n={n_old}",
                         "now": f"n={n_new}", "test": res.test, "p_value": res.p_value,
                         "verdict": stats.verdict(res.p_value, n_old, n_new)})
        elif {"audited", "adequate_or_better"} <= set(a.columns) & set(b.columns):
            key = a.columns[0]
            xa, xk = _counts(a, key, "audited", False), _counts(a, key, "adequate_or_better", False)
            ya, yk = _counts(b, key, "audited", False), _counts(b, key, "adequate_or_better", False)
            for row in [r for r in ya.index if r in xa.index]:
                vals = [xa[row], xk[row], ya[row], yk[row]]
                if any(v != v for v in vals) or not xa[row] or not ya[row]:
                    continue
                table = [[int(xk[row]), int(xa[row] - xk[row])], [int(yk[row]), int(ya[row] - yk[row])]]
                res = stats.compare_counts(table)
                rows.append({"id": fid, "title": title, "row": str(row),
                             "previous": f"{int(xk[row])}/{int(xa[row])}", "now": f"{int(yk[row])}/{int(ya[row])}",
                             "test": res.test, "p_value": res.p_value,
                             "verdict": stats.verdict(res.p_value, int(xa[row]), int(ya[row]))})
    return pd.DataFrame(rows, columns=["id", "title", "row", "previous", "now", "test", "p_value", "verdict"])


def since_last_edition_markdown(old_dir: Path, new_dir: Path, n: int = 3) -> str:
    """The book's "Since the last edition" page (MyST): per figure, the changed cells old -> new."""
    diff = compare_figures(old_dir, new_dir)
    previous = edition_title(old_dir)
    lines = ["# Since the last edition", ""]
    lines += [_md(movement_sentence(largest_movements(diff, n), previous), 10_000), ""]
    lines += ["This page compares every table of this edition with the same table (by figure id) in the "
              + (f"previous edition ({_md(previous)})" if previous else "previous edition")
              + ". Changes are this edition minus the previous; relative changes are over the previous value. "
              "Rows and figures present in only one edition are listed, not compared.", ""]
    sig = significance(old_dir, new_dir)
    if len(sig):
        lines += ["## Are the changes real?", "",
                  "Survey answers and audit percentages move by chance from one quarter to the next. Each is "
                  "tested against the previous edition (Fisher's exact test for small counts, chi-square "
                  "otherwise), with the surveys chapter's plain-English verdicts.", "",
                  "| Figure | Row | Previous | Now | Test | p | Verdict |", "|---|---|---:|---:|---|---:|---|"]
        lines += [f"| {_md(r.title)} | {_md(r.row)} | {_md(r.previous)} | {_md(r.now)} | {_md(r.test)} "
                  f"| {'' if r.p_value != r.p_value else f'{r.p_value:.3f}'} | {_md(r.verdict)} |"
                  for r in sig.itertuples()]
        lines.append("")
    if diff.empty:
        return "\n".join(lines + ["No figure changed.", ""])
    for fid, g in diff[diff["change"].isin(KINDS[:5])].groupby("id", sort=False):
        lines += [f"## {_md(g['title'].iat[0])} ({myst_code(fid)})", ""]
        cells = g[g["change"] == "changed"]
        if len(cells):
            lines += ["| Row | Column | Previous | Now | Change | Relative change |", "|---|---|---:|---:|---:|---:|"]
            lines += [f"| {_md(r.row)} | {_md(r.header)} | {_md(r.old)} | {_md(r.new)} "
                      f"| {_md(_format_abs(r.abs_change))} | {_md(format_rel(r.rel_change))} |"
                      for r in cells.itertuples()]
            lines.append("")
        for kind, text in (("added_row", "New rows"), ("dropped_row", "Rows no longer present"),
                           ("added_column", "New columns"), ("dropped_column", "Columns no longer present")):
            items = g[g["change"] == kind]
            if len(items):
                what = items["row"] if kind.endswith("row") else items["header"]
                lines += [f"{text}: " + ", ".join(_md(x) for x in what) + ".", ""]
    for kind, heading in (("new_figure", "New figures"), ("dropped_figure", "Figures no longer produced")):
        items = diff[diff["change"] == kind]
        if len(items):
            lines += [f"## {heading}", ""] + [f"- {_md(r.title)} ({myst_code(r.id)})" for r in items.itertuples()] + [""]
    return "\n".join(lines)


# -- the command ---------------------------------------------------------------------------
def _display_frame(diff: pd.DataFrame) -> pd.DataFrame:
    out = diff[["change", "id", "row", "column", "old", "new"]].copy()
    out["abs_change"] = diff["abs_change"].map(_format_abs)
    out["rel_change"] = diff["rel_change"].map(format_rel)
    return out.fillna("").astype(str)


def aligned(df: pd.DataFrame, limit: int = 48) -> str:
    """A left-aligned plain-text table, long cells shortened, for the terminal."""
    cells = df.map(lambda v: v if len(v) <= limit else v[: limit - 1] + "…")
    widths = {c: max([len(c)] + [len(v) for v in cells[c]]) for c in cells.columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in cells.columns).rstrip()]
    lines += ["  ".join(str(v).ljust(widths[c]) for c, v in zip(cells.columns, row)).rstrip()
              for row in cells.itertuples(index=False)]
    return "\n".join(lines)


def cmd_diff(args) -> int:
    """`panelbook diff OLD NEW [--csv]`: the comparison as an aligned table (or CSV), exit 0."""
    import sys

    diff = compare_figures(Path(args.old), Path(args.new))
    try:
        if getattr(args, "csv", False):
            diff.drop(columns=["title", "header"]).to_csv(sys.stdout, index=False, lineterminator="\n")
            return 0
        if diff.empty:
            print("No differences: every table is the same in both editions.")
            return 0
        print(aligned(_display_frame(diff)))
        kinds = diff["change"].value_counts()
        print("\n" + ", ".join(f"{kinds[k]} {k.replace('_', ' ')}" for k in KINDS if k in kinds))
        print(movement_sentence(largest_movements(diff), edition_title(Path(args.old))))
    except BrokenPipeError:  # `panelbook diff ... | head`
        sys.stderr.close()
    return 0
