"""The chapter notebook on a minimal edition: `actions: {}` (no as_at, no previous, default key)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from panelbook.chapters import chapter_by_slug

pytestmark = pytest.mark.slow  # every test here builds an edition or executes a chapter

ROOT = Path(__file__).resolve().parents[1]
REGISTER = """plan,theme,ref,action,owner,due_date,due_text,status,progress
Plan A,Theme 1,1.1,Late action,Team X,01/03/2014,,Amber,slow
Plan A,Theme 1,1.1,Same ref again,Team X,31/04/14,by 31/04/14,R,stuck
Plan A,Theme 2,2.1,Done action,Team Y,01/01/2014,,Grey,done
Plan A,Theme 2,2.2,Soon action,Team Y,30th May 2014,Review 30th May 2014,G,fine
Plan A,Theme 2,2.3,Unrated,Team Y,,Monthly review,,
"""


def run(tmp_path: Path, section: str) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "actions.csv").write_text(REGISTER, encoding="utf-8")
    params = tmp_path / "edition.yaml"
    params.write_text(f"title: Panel, 10 April 2014\nlocal_authority: Test\ndata_dir: data\n{section}\n", encoding="utf-8")
    out = tmp_path / "figs"
    page = chapter_by_slug("actions").page
    proc = subprocess.run([sys.executable, "-m", "papermill", str(page),
                           str(tmp_path / "out.ipynb"), "-p", "params_file", str(params), "-p", "export_dir", str(out),
                           "--cwd", str(page.parent)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def read(out: Path, export_id: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{export_id}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def minimal(tmp_path_factory) -> Path:
    return run(tmp_path_factory.mktemp("actions-min"), "actions: {}")


def test_minimal_edition_builds_and_uses_the_title_date(minimal):
    od = read(minimal, "actions-overdue")
    assert od["ref"].tolist() == ["1.1"] and od["days_overdue"].tolist() == ["40"]  # 1 Mar -> 10 Apr 2014
    assert read(minimal, "actions-due-soon")["ref"].tolist() == ["2.2"]


def test_minimal_edition_has_no_changes_without_previous(minimal):
    ch = read(minimal, "actions-changes")
    assert len(ch) == 0 and "change" in ch.columns


def test_minimal_edition_flags(minimal):
    flags = read(minimal, "actions-data-flags")
    assert flags[flags["problem"].str.startswith("impossible")]["detail"].tolist() == ["31/04/14"]
    assert flags[flags["problem"] == "duplicate ref"]["ref"].tolist() == ["1.1", "1.1"]
    assert flags[flags["problem"] == "not rated"]["ref"].tolist() == ["2.3"]
    t = read(minimal, "actions-rag-by-theme")
    assert t.iloc[-1][["red", "amber", "green", "complete", "not_rated", "total"]].tolist() == ["1", "1", "1", "1", "1", "5"]


def test_deterministic_exports(tmp_path, minimal):
    again = run(tmp_path, "actions: {}")
    for f in sorted(minimal.glob("*.csv")):
        assert (again / f.name).read_bytes() == f.read_bytes(), f.name
