"""Trust: a failing chapter never replaces the last good book; small counts stay hidden and cannot be
recovered; nothing the build publishes carries an identifier from the inputs; inputs are never modified."""
import json
import re
import shutil
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from conftest import MISSING_SECTION, ROOT, SAMPLE_PARAMS, run_cli
from panelbook.chapters import chapter_by_slug
from conftest import tree_digest as digest

SMALL = """title: Trust test
local_authority: Testshire
data_dir: {data}
""" + MISSING_SECTION


@pytest.mark.slow
def test_failing_chapter_keeps_previous_book_and_the_failed_notebook(tmp_path, monkeypatch):
    (tmp_path / "edition.yaml").write_text(SMALL.format(data=ROOT / "data" / "sample"))
    out = tmp_path / "_build"
    data_before = digest(ROOT / "data" / "sample")
    run_cli("build", tmp_path / "edition.yaml", "--out", out)
    before = {k: digest(out / k) for k in ("html", "figures", "notebooks")}
    broken = tmp_path / "missing" / "page.ipynb"
    broken.parent.mkdir()
    nb = nbformat.read(str(chapter_by_slug("missing").page), as_version=4)
    nb.cells.insert(8, nbformat.v4.new_code_cell('raise RuntimeError("deliberate failure mid-build")'))
    nbformat.write(nb, str(broken))
    proc = run_cli("build", tmp_path / "edition.yaml", "--out", out, "--force", check=False, pages={"missing": broken})
    assert proc.returncode == 1
    assert "chapter 'missing' failed at cell 9 of missing/page.ipynb" in proc.stderr
    assert 'in the cell starting: raise RuntimeError("deliberate failure mid-build")' in proc.stderr
    assert "RuntimeError: deliberate failure mid-build" in proc.stderr
    assert "previous book is unchanged" in proc.stderr and "Traceback" not in proc.stderr
    kept = out / "failed" / "missing.ipynb"
    assert kept.is_file() and "deliberate failure" in kept.read_text()
    assert {k: digest(out / k) for k in ("html", "figures", "notebooks")} == before
    assert not list(out.glob(".staging-*")) and not list(out.glob(".old-*"))
    assert digest(ROOT / "data" / "sample") == data_before  # inputs are read, never written


# -- disclosure ----------------------------------------------------------------------------------

def _tables(figures: Path):
    for meta_path in sorted(figures.glob("*.json")):
        if meta_path.name == "register.json" or meta_path.name.endswith(".vl.json"):
            continue
        meta = json.loads(meta_path.read_text())
        if meta.get("kind") == "table":
            yield meta, pd.read_csv(figures / f"{meta['id']}.csv", dtype=str, keep_default_na=False)


def _num(v):
    try:
        return float(v)
    except ValueError:
        return None


def recoverable_cells(df: pd.DataFrame, shape: dict) -> list:
    """Suppressed cells that the displayed cells and the table's sums determine exactly (linear algebra)."""
    from panelbook.disclosure import TableShape, constraints

    cons = constraints(df, TableShape(counts=tuple(shape.get("counts", [])), row_sums=shape.get("row_sums", {}),
                                      total_row=shape.get("total_row", True)))
    unknown = sorted({cell for con in cons for cell in con if df.iat[cell[0], df.columns.get_loc(cell[1])] == "c"})
    if not unknown:
        return []
    index = {c: i for i, c in enumerate(unknown)}
    rows = []
    for con in cons:
        row = np.zeros(len(unknown))
        for k, cell in enumerate(con):
            if cell in index:
                row[index[cell]] += 1 if k == 0 else -1
        if row.any():
            rows.append(row)
    a = np.array(rows) if rows else np.zeros((0, len(unknown)))
    rank = np.linalg.matrix_rank(a) if len(a) else 0
    out = []
    for cell, i in index.items():
        e = np.zeros(len(unknown))
        e[i] = 1
        if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
            out.append(cell)
    return out


@pytest.mark.slow
def test_no_small_count_is_displayed(suppressed_build):
    leaks = []
    for meta, df in _tables(suppressed_build / "figures"):
        for col in meta.get("shape", {}).get("counts", []):
            for i, v in enumerate(df[col]):
                n = _num(v)
                if n is not None and 0 < n < 5:
                    leaks.append((meta["id"], df.iat[i, 0], col, v))
    assert not leaks


@pytest.mark.slow
def test_no_suppressed_cell_can_be_recovered(suppressed_build):
    checked = hidden = 0
    for meta, df in _tables(suppressed_build / "figures"):
        shape = meta.get("shape", {})
        if not shape.get("counts"):
            continue
        checked += 1
        hidden += int((df == "c").to_numpy().sum())
        assert recoverable_cells(df, shape) == [], meta["id"]
    assert checked >= 10 and hidden > 0


@pytest.mark.slow
def test_percentages_of_hidden_counts_are_hidden(suppressed_build):
    for meta, df in _tables(suppressed_build / "figures"):
        for col, sources in meta.get("shape", {}).get("derived", {}).items():
            for i in range(len(df)):
                if any(df.iat[i, df.columns.get_loc(s)] == "c" for s in sources):
                    assert df.iat[i, df.columns.get_loc(col)] == "c", (meta["id"], i, col)


def test_recovery_checker_catches_a_lone_suppressed_cell():
    df = pd.DataFrame({"x": ["a", "b", "Total"], "n": ["c", "7", "9"]})
    assert recoverable_cells(df, {"counts": ["n"], "total_row": True}) == [(0, "n")]
    df2 = pd.DataFrame({"x": ["a", "b", "Total"], "n": ["c", "c", "9"]})
    assert recoverable_cells(df2, {"counts": ["n"], "total_row": True}) == []


# -- identifiers ---------------------------------------------------------------------------------

def identifiers() -> set[str]:
    """Every id, name and date of birth in the sample inputs."""
    found = set()
    for csv in (ROOT / "data" / "sample").glob("*.csv"):
        df = pd.read_csv(csv, dtype=str, keep_default_na=False)
        for col in df.columns:
            if col.endswith("_id") and col not in ("question_id",) or col in ("dob", "name", "first_name", "surname"):
                values = {v.strip() for v in df[col] if v.strip()}
                if col == "dob":
                    values |= {f"{v[8:10]}/{v[5:7]}/{v[0:4]}" for v in values if len(v) == 10}
                found |= values
    return found


def published_texts(build: Path):
    for p in build.rglob("*"):
        if not p.is_file() or p.suffix in (".png", ".woff", ".woff2", ".ttf", ".eot", ".ico", ".inv"):
            continue
        if p.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(p) as z:
                yield p, "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            yield p, p.read_text(encoding="utf-8", errors="replace")


@pytest.mark.slow
def test_nothing_published_carries_an_identifier(sample_build):
    ids = identifiers()
    assert len(ids) > 300
    token = re.compile(r"[\w/.-]+")  # ids (C001, HH-0007), dates (2001-02-03, 03/02/2001) are single tokens
    hits = []
    for path, text in published_texts(sample_build):
        if "_static" in path.parts and path.name not in ("panelbook.css",):
            continue  # the theme's and vega's own files, copied as they are (ours hold no data)
        for tok in set(token.findall(text)):
            for part in {tok, tok.strip(".-/")}:
                if part in ids:
                    hits.append((str(path.relative_to(sample_build)), part))
    assert not hits[:20]


@pytest.mark.slow
def test_identifier_scan_finds_a_planted_id(sample_build, tmp_path):
    """The scan above can fail: an id written into a copy of a page is found."""
    page = tmp_path / "html" / "page.html"
    page.parent.mkdir()
    some_id = sorted(identifiers())[0]
    page.write_text(f"<p>child {some_id}.</p>")
    token = re.compile(r"[\w/.-]+")
    found = {t.strip(".-/") for _, text in published_texts(tmp_path) for t in token.findall(text)}
    assert some_id in found


@pytest.mark.slow
def test_executed_notebooks_show_no_record_level_frames(sample_build):
    for nb_path in (sample_build / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(str(nb_path), as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                text = out.get("data", {}).get("text/html", "")
                assert "dataframe" not in text, nb_path.name  # pandas' own record-level HTML
