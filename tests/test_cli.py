"""The command line: clear errors, non-zero exits, and a previous book that survives a failure."""
import shutil
from pathlib import Path

import pytest

from conftest import MISSING_SECTION, ROOT, run_cli, tree_digest

pytestmark = pytest.mark.slow  # every test here builds an edition or executes a chapter

EDITION = """title: Test edition
local_authority: Testshire
data_dir: data
""" + MISSING_SECTION


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A small edition (missing chapter only) with its own copy of the data, built once."""
    ws = tmp_path_factory.mktemp("cli")
    (ws / "data").mkdir()
    for name in ("children.csv", "missing_episodes.csv"):
        shutil.copy(ROOT / "data" / "sample" / name, ws / "data" / name)
    (ws / "edition.yaml").write_text(EDITION)
    run_cli("build", ws / "edition.yaml", "--out", ws / "_build")
    return ws


def test_build_prints_index_path(workspace):
    assert (workspace / "_build" / "html" / "index.html").is_file()
    assert (workspace / "_build" / "figures" / "missing-by-age.csv").is_file()


def test_bad_params_exit_2_naming_the_key(workspace):
    bad = workspace / "bad.yaml"
    bad.write_text(EDITION.replace("period_end: 2013-09-30", "period_end: 2013-03-01"))
    proc = run_cli("build", bad, "--out", workspace / "_build", check=False)
    assert proc.returncode == 2
    assert "bad.yaml" in proc.stderr and "key 'missing'" in proc.stderr and "period_end" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_broken_csv_exit_2_names_file_row_column_and_keeps_previous_book(workspace, tmp_path):
    before = {k: tree_digest(workspace / "_build" / k) for k in ("html", "figures", "notebooks")}
    broken = tmp_path / "broken"
    shutil.copytree(workspace / "data", broken / "data")
    lines = (broken / "data" / "children.csv").read_text().splitlines()
    cells = lines[4].split(",")
    cells[1] = "31/02/2001"
    lines[4] = ",".join(cells)
    (broken / "data" / "children.csv").write_text("\n".join(lines) + "\n")
    (broken / "edition.yaml").write_text(EDITION)
    proc = run_cli("build", broken / "edition.yaml", "--out", workspace / "_build", check=False)
    assert proc.returncode == 2, proc.stderr
    assert "children.csv, row 5, column 'dob': not a date (found '31/02/2001')" in proc.stderr
    assert "Traceback" not in proc.stderr
    after = {k: tree_digest(workspace / "_build" / k) for k in ("html", "figures", "notebooks")}
    assert after == before
    report = workspace / "_build" / "validation-report.csv"  # written beside the book, for the analyst
    assert report.is_file() and "31/02/2001" in report.read_text()


def test_validate_command(workspace, tmp_path):
    """Without --out, validate prints and writes nothing (not even into the folder it runs from)."""
    proc = run_cli("validate", workspace / "edition.yaml", check=False, cwd=tmp_path)
    assert proc.returncode == 0 and "valid" in proc.stdout
    assert list(tmp_path.iterdir()) == []
    run_cli("validate", workspace / "edition.yaml", "--out", tmp_path / "report", cwd=tmp_path)
    assert (tmp_path / "report" / "validation-report.csv").is_file()


def test_absent_section_drops_the_chapter(workspace):
    toc = (workspace / "_build" / "html" / "intro.html").read_text()
    assert "chapters/missing.html" in toc and "chapters/surveys.html" not in toc
