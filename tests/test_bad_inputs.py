"""The bad-input catalogue: every case under tests/bad_inputs/ gives its exact error, exit code 2, no traceback.

Each case folder holds an edition.yaml, a small data/ folder and expected.txt: `exit 2` then the
lines the output must contain, or `VALID` (exit 0). Cases with generate.py have part of their data
made at test time (the 10 MB cell), in a copy. `panelbook validate` runs in-process for speed, and a
handful run as a real subprocess; the input files must be byte-identical afterwards.
"""
from __future__ import annotations

import builtins
import hashlib
import io
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from panelbook import cli

CATALOGUE = Path(__file__).resolve().parent / "bad_inputs"
CASES = sorted(p for p in CATALOGUE.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
SUBPROCESS = ("01-missing-file", "18-10mb-single-cell-line", "19-xlsx-renamed-csv", "24-unclosed-quote",
              "86-params-not-yaml", "t02-ok-windows-1252", "a2-workbook-password-protected",
              "a7-survey-export-answer-outside-the-list")


def expectation(case: Path) -> tuple[int, list[str]]:
    """(exit code, lines the output must contain) from expected.txt."""
    lines = [ln for ln in case.joinpath("expected.txt").read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    head, rest = lines[0].strip(), lines[1:]
    if head == "VALID":
        return 0, rest
    assert head.startswith("exit "), f"{case.name}: expected.txt must start with 'exit N' or 'VALID'"
    return int(head.split()[1]), rest


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with its SHA-256, read read-only."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            with open(path, "rb") as fh:
                out[str(path.relative_to(folder))] = hashlib.sha256(fh.read()).hexdigest()
    return out


def prepared(case: Path, tmp_path: Path) -> Path:
    """The folder to validate: the case itself, or a copy completed by its generate.py."""
    if not case.joinpath("generate.py").exists():
        return case
    work = tmp_path / case.name
    shutil.copytree(case, work, ignore=shutil.ignore_patterns("generate.py", "__pycache__"))
    runpy.run_path(str(case / "generate.py"))["generate"](work / "data")
    return work


def command(folder: Path, out: Path) -> list[str]:
    """The case's command: `validate`; for a survey-export case (mapping.yaml), `import-survey` of
    data/export.xlsx into an empty folder under `out`."""
    if (folder / "mapping.yaml").exists():
        target = out / "data"
        target.mkdir(parents=True, exist_ok=True)
        return ["import-survey", str(folder / "data" / "export.xlsx"), "--mapping", str(folder / "mapping.yaml"),
                "--out", str(target)]
    return ["validate", str(folder / "edition.yaml"), "--out", str(out)]


def run_in_process(folder: Path, out: Path, capsys, monkeypatch) -> tuple[int, str, str]:
    """`panelbook validate` in this process, with every open() of an input checked to be read-only."""
    real_open = builtins.open
    inside = str(folder.resolve())

    def read_only_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, Path)) and str(Path(file).resolve()).startswith(inside):
            assert not set(mode) & set("wax+"), f"input opened for writing: {file} ({mode!r})"
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", read_only_open)
    monkeypatch.setattr(io, "open", read_only_open)
    try:
        code = cli.main(command(folder, out))
    finally:
        monkeypatch.undo()
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_subprocess(folder: Path, out: Path) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "panelbook", *command(folder, out)], capture_output=True, text=True,
                          timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def check(case: Path, code: int, stdout: str, stderr: str, out: Path) -> None:
    want_code, want_lines = expectation(case)
    shown = stdout + stderr
    assert "Traceback" not in shown and "internal error" not in shown, f"{case.name} crashed:\n{shown[-3000:]}"
    assert code == want_code, f"{case.name}: exit {code}, expected {want_code}\n{shown[-3000:]}"
    for line in want_lines:
        assert line in stderr, f"{case.name}: missing from the output:\n  {line}\n--- got:\n{stderr[-3000:]}"
    assert len(shown) < 50_000, f"{case.name}: {len(shown):,} characters of output (a huge cell was echoed?)"
    if (case / "mapping.yaml").exists():  # an import refused writes nothing, not even a report
        assert want_code == 2 and list((out / "data").iterdir()) == []
        return
    if want_code == 0:
        assert "are valid" in stdout
        return
    report = out / "validation-report.csv"
    if stderr.startswith("The data has"):  # data problems (not parameters) are also written as a table
        table = pd.read_csv(report, dtype=str, keep_default_na=False)
        assert list(table.columns) == ["file", "row", "column", "value", "rule", "action", "sheet", "cell"]
        assert f"The data has {len(table)} problem(s):" in stderr
        assert (table["rule"] != "").all() and (table["action"] != "").all(), "every problem says what to do"
    else:
        assert stderr.startswith("Parameters error:"), stderr[:500]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case, tmp_path, capsys, monkeypatch):
    folder = prepared(case, tmp_path)
    before = snapshot(folder)
    out = tmp_path / "out"
    code, stdout, stderr = run_in_process(folder, out, capsys, monkeypatch)
    check(case, code, stdout, stderr, out)
    assert snapshot(folder) == before, f"{case.name}: validate modified or created files in the case folder"


@pytest.mark.slow  # each case once more, as a subprocess (test_case runs every case in-process)
@pytest.mark.parametrize("name", SUBPROCESS)
def test_case_as_a_real_command(name, tmp_path):
    case = CATALOGUE / name
    folder = prepared(case, tmp_path)
    before = snapshot(folder)
    code, stdout, stderr = run_subprocess(folder, tmp_path / "out")
    check(case, code, stdout, stderr, tmp_path / "out")
    assert snapshot(folder) == before


def test_catalogue_is_large_and_varied():
    bad = [c for c in CASES if expectation(c)[0] == 2]
    assert len(bad) >= 45 and len(CASES) - len(bad) >= 7
    chapters = {line.split(":")[0].split(",")[0] for c in bad for line in expectation(c)[1]}
    for name in ("children.csv", "missing_episodes.csv", "complaints.csv", "advocacy_cases.csv",
                 "foster_applications.csv", "foster_households.csv", "workforce.csv", "qa_audits.csv",
                 "survey_responses.csv", "survey_questions.csv", "actions.csv", "edition.yaml",
                 "header.csv", "episodes.csv", "uasc.csv", "missing.csv", "nationality.csv", "ssd_person.csv",
                 "ssd_missing.csv", "ssd_immigration_status.csv", "ssd_cla_episodes.csv"):
        assert name in chapters, f"no case breaks {name}"


def test_cases_are_small_and_inputs_read_only():
    for case in CASES:
        size = sum(p.stat().st_size for p in case.rglob("*") if p.is_file())
        assert size < 200_000, f"{case.name} is {size:,} bytes; generate big inputs at test time"
