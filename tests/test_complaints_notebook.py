"""The chapter notebook on editions the sample does not cover: an empty quarter, no response dates,
suppression, denominators for rates; and byte-identical exports on a second run."""
import ast
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

pytestmark = pytest.mark.slow  # every test here builds an edition or executes a chapter

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "src" / "panelbook" / "chapters" / "complaints" / "page.ipynb"
SECTION = """complaints:
  period_start: {start}
  period_end: {end}
  advocacy_period_start: {start}
  advocacy_period_end: {end}
  age_bands: [[0, 15, "under 16"], [16, 19, "16-19"], [20, 24, "20-24"]]
{extra}"""


def run(tmp: Path, name: str, data_dir: Path, start: str, end: str, min_count: int = 0, extra: str = ""):
    """Execute the chapter for a small edition; returns (glued values, figures dir)."""
    params = tmp / f"{name}.yaml"
    params.write_text(f"title: Test\nlocal_authority: Test\ndata_dir: {data_dir}\n"
                      f"disclosure:\n  min_count: {min_count}\n"
                      + SECTION.format(start=start, end=end, extra=extra))
    out, figures = tmp / f"{name}.ipynb", tmp / f"{name}-figures"
    proc = subprocess.run([sys.executable, "-m", "papermill", str(NOTEBOOK), str(out), "-p", "params_file", str(params),
                           "-p", "export_dir", str(figures), "--cwd", str(NOTEBOOK.parent)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    glued = {}
    for cell in nbformat.read(out, 4).cells:
        for o in cell.get("outputs", []):
            name_ = o.get("metadata", {}).get("scrapbook", {}).get("name")
            if name_:
                glued[name_] = ast.literal_eval(o["data"]["application/papermill.record/text/plain"])
    return glued, figures


def export(figures: Path, export_id: str) -> pd.DataFrame:
    return pd.read_csv(figures / f"{export_id}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def no_responses(tmp_path_factory):
    """The sample without its responded_date column."""
    d = tmp_path_factory.mktemp("no-responses")
    c = pd.read_csv(ROOT / "data" / "sample" / "complaints.csv", dtype=str, keep_default_na=False)
    c.drop(columns="responded_date").to_csv(d / "complaints.csv", index=False)
    shutil.copy(ROOT / "data" / "sample" / "advocacy_cases.csv", d)
    return d


def test_empty_quarter_says_so_and_does_not_crash(tmp_path):
    glued, figures = run(tmp_path, "empty", ROOT / "data" / "sample", "2015-04-01", "2015-06-30", min_count=3,
                         extra="  children_in_care: {UASC: 231, Catch22: 400}\n")
    assert glued["summary"].startswith("No complaints")
    assert "No complaints" in glued["timeliness_text"] and "No complaints" in glued["escalation_text"]
    assert export(figures, "complaints-by-service")["service"].tolist() == ["Total"]
    assert export(figures, "advocacy-outcomes")["cases"].tolist() == ["0", "0", "0", "0"]
    assert not (figures / "complaints-stage1-timeliness.csv").exists()
    rates = export(figures, "complaints-rate-by-service")
    assert rates["complaints"].tolist() == ["0", "0", "0"]


def test_without_response_dates_the_chapter_says_so(tmp_path, no_responses):
    glued, figures = run(tmp_path, "noresp", no_responses, "2013-09-01", "2014-02-28")
    assert "cannot be measured" in glued["timeliness_text"]
    assert not (figures / "complaints-stage1-timeliness.csv").exists()
    assert export(figures, "complaints-by-service").iloc[-1]["complaints"] == "23"


def test_suppression_rates_and_determinism(tmp_path):
    extra = "  children_in_care: {UASC: 231, Catch22: 400, South Kent area: 350}\n"
    glued, figures = run(tmp_path, "a", ROOT / "data" / "sample", "2013-09-01", "2014-02-28", min_count=3, extra=extra)
    svc = export(figures, "complaints-by-service").set_index("service")
    assert svc.loc["South Kent area", "complaints"] == "c" and svc.loc["South Kent area", "share_pct"] == "c"
    assert svc.loc["Total", "complaints"] == "23"
    rates = export(figures, "complaints-rate-by-service").set_index("service")
    assert rates.loc["UASC", "rate_per_100"] == "5.2"  # 12 / 231
    assert rates.loc["South Kent area", "rate_per_100"] == "c"
    assert "children it looks after" in glued["rates_note"]
    _, again = run(tmp_path, "b", ROOT / "data" / "sample", "2013-09-01", "2014-02-28", min_count=3, extra=extra)
    for path in sorted(figures.glob("*.csv")):
        assert path.read_bytes() == (again / path.name).read_bytes(), path.name
