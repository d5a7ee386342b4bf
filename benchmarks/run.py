"""Benchmarks for issue 10, printed as tables (figures go in the closing note, never in tests).

A. The sample edition, panelbook against the baseline a user would otherwise write (a shell loop of
   `papermill` over the chapter notebooks, then `jupyter-book build --all`): cold build, no-op rebuild,
   one data file changed, one notebook's prose changed.
B. Each chapter's notebook at 1x, 10x, 100x, 1000x the sample's rows: time (also net of the kernel's
   start-up, measured on an empty notebook) and peak memory of the kernel.
C. A national-scale edition (`panelbook synth --national`): wall time and peak memory of the whole
   process tree.

Usage: .venv/bin/python benchmarks/run.py [--parts A,B,C] [--scales 1,10,100,1000] [--baseline-runs 1]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "src"))

from panelbook import book  # noqa: E402
from panelbook.chapters import CHAPTERS, chapters_in  # noqa: E402
from panelbook.params import load_edition  # noqa: E402


class PeakMemory:
    """Sample the RSS of a process and all its descendants; keep the peak of the sum."""

    def __init__(self, proc: subprocess.Popen):
        self.proc, self.peak, self._stop = proc, 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        try:
            root = psutil.Process(self.proc.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            time.sleep(0.1)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()


def run(cmd, env=None, cwd=None) -> tuple[float, int]:
    """Run a command; (wall seconds, peak RSS of its process tree in bytes). Fails loudly."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with PeakMemory(proc) as mem:
        out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{out[-3000:]}")
    return time.perf_counter() - started, mem.peak


def table(rows: list[dict], title: str) -> None:
    print(f"\n{title}")
    if not rows:
        return
    cols = list(rows[0])
    width = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in cols}
    print("  ".join(c.ljust(width[c]) for c in cols))
    for r in rows:
        print("  ".join(str(r[c]).ljust(width[c]) for c in cols))


def workspace_edition(ws: Path) -> Path:
    """A copy of the sample data and edition in ws (so changing data never touches the repo)."""
    shutil.copytree(ROOT / "data" / "sample", ws / "data")
    params = yaml.safe_load((ROOT / "params" / "2014-04-panel.yaml").read_text())
    params["data_dir"] = str(ws / "data")
    params["published"] = [str((ROOT / "params" / p).resolve()) for p in params.get("published", [])]
    if params.get("actions", {}).get("previous"):
        params["actions"]["previous"] = str(ws / "data" / "actions_previous.csv")
    path = ws / "edition.yaml"
    path.write_text(yaml.safe_dump(params, sort_keys=False))
    return path


def baseline(params: Path, ws: Path, notebooks: Path) -> float:
    """What a user would write: papermill each chapter in turn, then jupyter-book build --all."""
    edition = load_edition(params)
    chapters = chapters_in(edition)
    stage = ws / "baseline"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    started = time.perf_counter()
    src = book.stage_sources(stage, edition, chapters)
    for c in chapters:
        subprocess.run([BIN / "papermill", str(notebooks / f"{c.slug}.ipynb"), str(src / "chapters" / f"{c.slug}.ipynb"),
                        "-p", "params_file", str(params), "-p", "export_dir", str(stage / "figures"),
                        "--cwd", str(notebooks), "--no-progress-bar"], check=True, capture_output=True)
    subprocess.run([BIN / "jupyter-book", "build", str(src), "--path-output", str(stage / "_jb"),
                    "--config", str(stage / "_config.yml"), "--toc", str(stage / "_toc.yml"), "--all", "-q"],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def part_a(ws: Path, baseline_runs: int) -> None:
    params = workspace_edition(ws)
    env = {"PANELBOOK_CACHE": str(ws / "cache")}
    out = ws / "out"
    nbs = ws / "notebooks"
    shutil.copytree(ROOT / "notebooks", nbs)
    pb = [str(BIN / "panelbook"), "build", str(params), "--out", str(out), "--quiet"]
    rows = []

    def both(name, prepare=None):
        if prepare:
            prepare()
        t_pb, _ = run(pb, env={**env, "PANELBOOK_NOTEBOOKS": str(nbs)})
        t_base = min(baseline(params, ws, nbs) for _ in range(baseline_runs))
        rows.append({"scenario": name, "baseline_s": f"{t_base:.1f}", "panelbook_s": f"{t_pb:.1f}",
                     "ratio": f"{t_pb / t_base:.2f}"})

    def change_data():
        with open(ws / "data" / "complaints.csv", "a") as fh:
            fh.write("\n")

    def change_prose():
        nb = nbformat.read(str(nbs / "surveys.ipynb"), as_version=4)
        cell = next(c for c in nb.cells if c.cell_type == "markdown")
        cell.source += "\n\n(Benchmark: a wording change.)"
        nbformat.write(nb, str(nbs / "surveys.ipynb"))

    both("cold build")
    both("no-op rebuild")
    both("one data file changed (complaints.csv)", change_data)
    both("one notebook's prose changed (surveys)", change_prose)
    table(rows, "A. Sample edition: panelbook against papermill loop + jupyter-book build --all")


def part_b(ws: Path, scales: list[int]) -> None:
    from panelbook.sample.common import write_csv
    from panelbook.synth import base_frames, multiply

    base = base_frames(2014)
    params = yaml.safe_load((ROOT / "params" / "2014-04-panel.yaml").read_text())
    empty = ws / "empty.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('params_file = ""\nexport_dir = ""', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("import panelbook.publish")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(empty))
    rows, times = [], {}
    for scale in scales:
        data = ws / f"x{scale}"
        sizes = {}
        for file, df in multiply(base, scale, 1, tag="S").items():
            write_csv(df, data / file)
            sizes[file] = len(df)  # lookup tables and registers are not multiplied
        for chapter in CHAPTERS:
            p = {k: v for k, v in params.items() if k not in {c.section for c in CHAPTERS} | {"published"}}
            p["data_dir"] = str(data)
            p[chapter.section] = params[chapter.section]
            if chapter.section == "actions" and p["actions"].get("previous"):
                p["actions"] = {**p["actions"], "previous": str(data / "actions_previous.csv")}
            pf = ws / f"x{scale}-{chapter.slug}.yaml"
            pf.write_text(yaml.safe_dump(p, sort_keys=False))
            args = ["-p", "params_file", str(pf), "-p", "export_dir", str(ws / "figs"), "--no-progress-bar",
                    "--cwd", str(ROOT / "notebooks")]
            t0, _ = run([BIN / "papermill", str(empty), str(ws / "empty-out.ipynb"), *args])
            t, peak = run([BIN / "papermill", str(ROOT / "notebooks" / f"{chapter.slug}.ipynb"),
                           str(ws / "out.ipynb"), *args])
            rows_in = sum(n for f, n in sizes.items() if f in (*chapter.inputs, *chapter.optional_inputs))
            times[(chapter.slug, scale)] = max(t - t0, 1e-3)
            rows.append({"chapter": chapter.slug, "scale": f"{scale}x", "input_rows": f"{rows_in:,}",
                         "seconds": f"{t:.1f}", "net_of_kernel_s": f"{t - t0:.1f}",
                         "peak_MiB": f"{peak / 2**20:.0f}"})
        shutil.rmtree(data)
    table(rows, "B. Each chapter's notebook by data size (net = minus an empty notebook's run)")
    if 10 in scales and max(scales) >= 100:
        top = max(scales)
        ratios = [{"chapter": c.slug,
                   f"t{top}/t10": f"{times[(c.slug, top)] / times[(c.slug, 10)]:.1f}",
                   "size ratio": f"{top / 10:.0f}",
                   "ratio of ratios (<= 1.2 is linear or better)":
                       f"{times[(c.slug, top)] / times[(c.slug, 10)] / (top / 10):.2f}"} for c in CHAPTERS]
        table(ratios, f"B2. Growth from 10x to {top}x (net times)")


def part_c(ws: Path) -> None:
    run([BIN / "panelbook", "synth", "--authorities", "1", "--national", "--years", "1", "--seed", "7",
         "--out", str(ws / "national")])
    params = ws / "national" / "params" / "authority-001.yaml"
    data = ws / "national" / "data" / "authority-001"
    sizes = {f.name: sum(1 for _ in open(f)) - 1 for f in sorted(data.glob("*.csv"))}
    t, peak = run([BIN / "panelbook", "build", str(params), "--out", str(ws / "national" / "_build"), "--quiet"],
                  env={"PANELBOOK_CACHE": str(ws / "national-cache")})
    table([{"file": k, "rows": f"{v:,}"} for k, v in sizes.items()], "C. National-scale data")
    table([{"edition": "national (cold, all chapters)", "seconds": f"{t:.1f}",
            "peak_MiB_process_tree": f"{peak / 2**20:.0f}"}], "C. National-scale build")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parts", default="A,B,C")
    ap.add_argument("--scales", default="1,10,100,1000")
    ap.add_argument("--baseline-runs", type=int, default=1)
    args = ap.parse_args()
    ws = Path(tempfile.mkdtemp(prefix="panelbook-bench-"))
    print(f"workspace: {ws}; cores: {os.cpu_count()}; python {sys.version.split()[0]}")
    try:
        parts = args.parts.upper().split(",")
        if "A" in parts:
            part_a(ws, args.baseline_runs)
        if "B" in parts:
            part_b(ws, [int(s) for s in args.scales.split(",")])
        if "C" in parts:
            part_c(ws)
    finally:
        shutil.rmtree(ws, ignore_errors=True)


if __name__ == "__main__":
    main()
