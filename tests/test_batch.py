"""`panelbook build A.yaml B.yaml ...` (issue 21): the editions overlap (one's book is made while the next
executes), yet each gets the exports its lone build gives, and one edition's bad input stops only that one."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import SMALL_EDITION, run_cli, tree_digest
from panelbook import build as b

pytestmark = pytest.mark.slow  # every test here builds editions


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _editions(ws: Path, data: Path) -> list[Path]:
    """Three editions of the small book, one title: beta's missing chapter covers another period (its
    complaints chapter is alpha's), gamma has alpha's missing chapter alone."""
    base = SMALL_EDITION.replace("data_dir: data", f"data_dir: {data}").format(title="Regional edition")
    texts = {"alpha": base, "beta": base.replace("period_end: 2013-09-30", "period_end: 2013-08-31"),
             "gamma": base.replace("complaints:\n  period_start: 2013-09-01\n  period_end: 2014-02-28\n", "")}
    paths = []
    for name, text in texts.items():
        (ws / f"{name}.yaml").write_text(text)
        paths.append(ws / f"{name}.yaml")
    return paths


def test_a_batch_gives_each_edition_the_exports_of_its_lone_build(small_build, tmp_path):
    editions = _editions(tmp_path, small_build / "data")
    summaries = b.build_many(editions, tmp_path / "region", b.Progress(quiet=True),
                             b.Options(cache_dir=tmp_path / "batch-cache", jobs=2))
    assert [s["edition"] for s in summaries] == ["alpha", "beta", "gamma"]
    # beta's complaints chapter is alpha's (beta waited for alpha's to be stored), gamma's one chapter too
    assert [s["executed"] for s in summaries] == [["missing", "complaints"], ["missing"], []]
    trees = {}
    for params in editions:
        alone = tmp_path / "alone" / params.stem
        b.build(params, alone, opts=b.Options(cache_dir=tmp_path / "lone-cache", jobs=2))
        for part in ("figures", "papers"):
            lone, batch = _tree(alone / part), _tree(tmp_path / "region" / params.stem / part)
            assert len(lone) > (10 if part == "figures" else 0), part
            assert batch.keys() == lone.keys(), (params.stem, part)
            assert [n for n in lone if lone[n] != batch[n]] == [], (params.stem, part)
            trees[params.stem, part] = batch
    assert trees["alpha", "figures"] != trees["beta", "figures"] != trees["gamma", "figures"]  # they really differ


def test_one_edition_with_bad_input_is_reported_and_the_others_are_built(small_build, tmp_path):
    """The bad edition keeps its last good book (and gets its validation report); those before and after it
    in the batch are built as if it were not there; the exit code is 2, the user's input."""
    shutil.copytree(small_build / "data", tmp_path / "bad-data")
    editions = _editions(tmp_path, small_build / "data")
    bad = editions[1]
    bad.write_text(bad.read_text().replace(str(small_build / "data"), str(tmp_path / "bad-data")))
    run_cli("build", *editions, "--out", tmp_path / "region")
    before = {e.stem: tree_digest(tmp_path / "region" / e.stem / "figures") for e in editions}
    children = tmp_path / "bad-data" / "children.csv"
    lines = children.read_text().splitlines(keepends=True)
    first = lines[1].split(",")
    children.write_text(lines[0] + ",".join([first[0], "not-a-date", *first[2:]]) + "".join(lines[2:]))  # its dob
    editions[2].write_text(editions[2].read_text().replace("Regional edition", "Gamma edition, again"))
    proc = run_cli("build", *editions, "--out", tmp_path / "region", check=False)
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert proc.stdout.count("Built ") == 2 and "Built alpha" in proc.stdout and "Built gamma" in proc.stdout
    assert f"Edition beta ({bad}) was not built" in proc.stderr and "children.csv" in proc.stderr
    assert (tmp_path / "region" / "beta" / "validation-report.csv").is_file()
    after = {e.stem: tree_digest(tmp_path / "region" / e.stem / "figures") for e in editions}
    assert after["alpha"] == before["alpha"] and after["beta"] == before["beta"]  # beta: its last good book
    assert after["gamma"] != before["gamma"]
    register = json.loads((tmp_path / "region" / "gamma" / "figures" / "register.json").read_text())
    assert register["title"] == "Gamma edition, again"
    assert (tmp_path / "region" / "gamma" / "html" / "index.html").is_file()
    lines = proc.stderr.splitlines()  # each edition's lines together, in the editions' order
    starts = [lines.index(f"... edition {e.stem}") for e in editions]
    assert starts == sorted(starts)
    assert starts[1] < lines.index("... edition beta: not built (see the end)") < starts[2]
    assert [i for i, line in enumerate(lines) if "building the book" in line][-1] > starts[2]
