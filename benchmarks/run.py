"""Benchmarks for issues 10 and 21, printed as tables (figures go in the closing note, never in tests).

A. The sample edition, panelbook against the baseline a user would otherwise write (a shell loop of
   `papermill` over the chapter notebooks, then `jupyter-book build --all`): cold forced build, no-op
   rebuild, one data file changed, one notebook's prose changed; wall and CPU time (of the whole
   process tree). The cold build's exports are checked byte for byte against the baseline's (fresh
   kernels, one per chapter) and, with --before, against the earlier code's.
B. Each chapter's notebook at 1x, 10x, 100x, 1000x the sample's rows: time (also net of the kernel's
   start-up, measured on an empty notebook) and peak memory of the kernel.
C. A national-scale edition (`panelbook synth --national`): wall time and peak memory of the whole
   process tree.
D. A batch: `panelbook build` of N synthetic authorities' editions (`panelbook synth --authorities N`)
   in one command, per edition, against one cold single-edition build of the same kind.

--before DIR runs the same scenarios with the panelbook code of another checkout (DIR/src, with the
pages it has: its chapters' folders, or an older checkout's notebooks/): the table before and after,
side by side in one run. --chapters limits part B.
Peak memory is the largest sum of PSS (shared pages counted once) over the process tree.

Usage: .venv/bin/python benchmarks/run.py [--parts A,B,C,D] [--scales 1,10,100,1000] [--baseline-runs 1]
       [--before DIR] [--chapters surveys] [--authorities 20]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import resource
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
    """Sample the memory of a process and all its descendants; keep the peak of the sum. PSS where the
    system gives it (a forked kernel's pages shared with its zygote are counted once), else RSS."""

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
                        total += _pss(p)
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


def _pss(p: psutil.Process) -> int:
    try:
        return p.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return p.memory_info().rss


def cpu_of_children() -> float:
    """CPU seconds (user + system) of every finished child of this process and their descendants."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd, env=None, cwd=None) -> tuple[float, int]:
    """Run a command; (wall seconds, peak memory of its process tree in bytes). Fails loudly."""
    wall, peak, _ = run_timed(cmd, env, cwd)
    return wall, peak


def run_timed(cmd, env=None, cwd=None) -> tuple[float, int, float]:
    """Run a command; (wall seconds, peak memory of its tree in bytes, CPU seconds of its tree)."""
    started, cpu = time.perf_counter(), cpu_of_children()
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with PeakMemory(proc) as mem:
        out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{out[-3000:]}")
    return time.perf_counter() - started, mem.peak, cpu_of_children() - cpu


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under folder, by relative path."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def compare_exports(name: str, ours: dict[str, str], theirs: dict[str, str], only_common: bool) -> None:
    """Print whether two sets of exports are byte-identical (only the files both have, if asked)."""
    names = sorted(set(ours) & set(theirs)) if only_common else sorted(set(ours) | set(theirs))
    differ = [n for n in names if ours.get(n) != theirs.get(n)]
    print(f"exports against {name}: {len(names) - len(differ)} of {len(names)} files byte-identical"
          + (f"; differ: {', '.join(differ[:20])}" if differ else ""))


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


def code_copy(checkout: Path, dest: Path) -> Path:
    """A copy of a checkout's code and book sources in the workspace, so that part A's prose change touches
    the copy only; its code finds its own pages there (each chapter's folder, or an older checkout's notebooks/)."""
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "_build")
    for name in ("src", "book", "notebooks", "_config.yml", "_toc.yml"):
        if (checkout / name).is_dir():
            shutil.copytree(checkout / name, dest / name, ignore=skip)
        elif (checkout / name).is_file():
            shutil.copy2(checkout / name, dest / name)
    return dest


def page_of(code: Path, slug: str) -> Path:
    """A chapter's page in a copied checkout: its folder's page.ipynb, or an older checkout's notebooks/<slug>.ipynb."""
    page = code / "src" / "panelbook" / "chapters" / slug / "page.ipynb"
    return page if page.is_file() else code / "notebooks" / f"{slug}.ipynb"


def baseline(params: Path, ws: Path, code: Path) -> tuple[float, float]:
    """What a user would write: papermill each chapter in turn, then jupyter-book build --all.
    Returns (wall seconds, CPU seconds of every process it ran); its exports stay in ws/baseline/figures."""
    edition = load_edition(params)
    chapters = chapters_in(edition)
    stage = ws / "baseline"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    started, cpu = time.perf_counter(), cpu_of_children()
    src = book.stage_sources(stage, edition, chapters)
    for c in chapters:
        page = page_of(code, c.slug)
        subprocess.run([BIN / "papermill", str(page), str(src / "chapters" / f"{c.slug}.ipynb"),
                        "-p", "params_file", str(params), "-p", "export_dir", str(stage / "figures"),
                        "--cwd", str(page.parent), "--no-progress-bar"], check=True, capture_output=True)
    subprocess.run([BIN / "jupyter-book", "build", str(src), "--path-output", str(stage / "_jb"),
                    "--config", str(stage / "_config.yml"), "--toc", str(stage / "_toc.yml"), "--all", "-q"],
                   check=True, capture_output=True)
    return time.perf_counter() - started, cpu_of_children() - cpu


def code_env(code: Path | None) -> dict:
    """Run panelbook from another checkout's src (the --before code, or a copy), or from this one."""
    return {"PYTHONPATH": str(code / "src")} if code else {}


def part_a(ws: Path, baseline_runs: int, before: Path | None) -> None:
    params = workspace_edition(ws)
    versions = {"after": code_copy(ROOT, ws / "code-after")}
    if before:
        versions = {"before": code_copy(before, ws / "code-before"), **versions}
    rows = []

    def panelbook(which: str, force: bool = False) -> tuple[float, float]:
        cmd = [str(BIN / "panelbook"), "build", str(params), "--out", str(ws / f"out-{which}"), "--quiet"]
        env = {"PANELBOOK_CACHE": str(ws / f"cache-{which}"), **code_env(versions[which])}
        wall, _, cpu = run_timed(cmd + (["--force"] if force else []), env=env)
        return wall, cpu

    def both(name, prepare=None, force=False):
        if prepare:
            prepare()
        row = {"scenario": name}
        for which in versions:
            wall, cpu = panelbook(which, force)
            row[f"{which}_s"], row[f"{which}_cpu_s"] = wall, cpu
        runs = [baseline(params, ws, versions["after"]) for _ in range(baseline_runs)]
        t_base, c_base = min(r[0] for r in runs), min(r[1] for r in runs)
        out = {"scenario": name, "baseline_s": f"{t_base:.1f}", "baseline_cpu_s": f"{c_base:.1f}"}
        for which in versions:
            w, c = row[f"{which}_s"], row[f"{which}_cpu_s"]
            out.update({f"{which}_s": f"{w:.1f}", f"{which}_cpu_s": f"{c:.1f}",
                        f"{which}_wall_ratio": f"{w / t_base:.2f}", f"{which}_cpu_ratio": f"{c / c_base:.2f}"})
        rows.append(out)
        print(f"  {name}: done ({load_average()})", flush=True)

    def change_data():
        with open(ws / "data" / "complaints.csv", "a") as fh:
            fh.write("\n")

    def change_prose():
        for code in versions.values():
            page = page_of(code, "surveys")
            nb = nbformat.read(str(page), as_version=4)
            cell = next(c for c in nb.cells if c.cell_type == "markdown")
            cell.source += "\n\n(Benchmark: a wording change.)"
            nbformat.write(nb, str(page))

    both("cold build (forced)", force=True)
    after = digests(ws / "out-after" / "figures")
    compare_exports("the baseline (fresh kernels)", after, digests(ws / "baseline" / "figures"), only_common=True)
    if before:
        old = digests(ws / "out-before" / "figures")
        for reg in (after, old):  # the register names the code's commit
            reg.pop("register.json", None)
        compare_exports("the code before", after, old, only_common=False)
    both("no-op rebuild")
    both("one data file changed (complaints.csv)", change_data)
    both("one notebook's prose changed (surveys)", change_prose)
    table(rows, "A. Sample edition: panelbook against papermill loop + jupyter-book build --all "
                "(wall and CPU seconds; ratios to the baseline)")


def part_b(ws: Path, scales: list[int], only: list[str] | None = None) -> None:
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
        for chapter in [c for c in CHAPTERS if not only or c.slug in only]:
            p = {k: v for k, v in params.items() if k not in {c.section for c in CHAPTERS} | {"published"}}
            p["data_dir"] = str(data)
            p[chapter.section] = params[chapter.section]
            if chapter.section == "actions" and p["actions"].get("previous"):
                p["actions"] = {**p["actions"], "previous": str(data / "actions_previous.csv")}
            pf = ws / f"x{scale}-{chapter.slug}.yaml"
            pf.write_text(yaml.safe_dump(p, sort_keys=False))
            args = ["-p", "params_file", str(pf), "-p", "export_dir", str(ws / "figs"), "--no-progress-bar",
                    "--cwd", str(chapter.workdir)]
            t0, _ = run([BIN / "papermill", str(empty), str(ws / "empty-out.ipynb"), *args])
            t, peak = run([BIN / "papermill", str(chapter.notebook),
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
                       f"{times[(c.slug, top)] / times[(c.slug, 10)] / (top / 10):.2f}"}
                  for c in CHAPTERS if (c.slug, top) in times]
        table(ratios, f"B2. Growth from 10x to {top}x (net times)")


def part_c(ws: Path, before: Path | None) -> None:
    run([BIN / "panelbook", "synth", "--authorities", "1", "--national", "--years", "1", "--seed", "7",
         "--out", str(ws / "national")])
    params = ws / "national" / "params" / "authority-001.yaml"
    data = ws / "national" / "data" / "authority-001"
    sizes = {f.name: sum(1 for _ in open(f)) - 1 for f in sorted(data.glob("*.csv"))}
    table([{"file": k, "rows": f"{v:,}"} for k, v in sizes.items()], "C. National-scale data")
    rows = []
    for which, code in ([("before", before)] if before else []) + [("after", None)]:
        t, peak, cpu = run_timed([BIN / "panelbook", "build", str(params), "--out", str(ws / "national" / f"_build-{which}"),
                                  "--quiet"], env={"PANELBOOK_CACHE": str(ws / f"national-cache-{which}"), **code_env(code)})
        rows.append({"edition": f"national (cold, all chapters), {which}", "seconds": f"{t:.1f}", "cpu_s": f"{cpu:.1f}",
                     "peak_MiB_process_tree": f"{peak / 2**20:.0f}"})
    table(rows, f"C. National-scale build ({load_average()})")


def part_d(ws: Path, authorities: int, before: Path | None) -> None:
    """N editions in one command, per edition, against one cold single-edition build (before and after)."""
    synth = ws / "synth"
    run([BIN / "panelbook", "synth", "--authorities", str(authorities), "--seed", "21", "--out", str(synth)])
    editions = sorted((synth / "params").glob("*.yaml"))
    rows = []
    single = {}
    for which, code in ([("before", before)] if before else []) + [("after", None)]:
        wall, _, cpu = run_timed([BIN / "panelbook", "build", str(editions[0]), "--out", str(ws / f"one-{which}"), "--quiet"],
                                 env={"PANELBOOK_CACHE": str(ws / f"one-cache-{which}"), **code_env(code)})
        single[which] = (wall, cpu)
        rows.append({"run": f"one edition, cold ({which})", "editions": 1, "wall_s": f"{wall:.1f}", "cpu_s": f"{cpu:.1f}",
                     "per_edition_s": f"{wall:.1f}", "ratio_to_one_cold_before": ""})
    wall, _, cpu = run_timed([BIN / "panelbook", "build", *map(str, editions), "--out", str(ws / "batch"), "--quiet"],
                             env={"PANELBOOK_CACHE": str(ws / "batch-cache")})
    reference = single.get("before", single["after"])[0]
    rows.append({"run": "batch, cold (after)", "editions": len(editions), "wall_s": f"{wall:.1f}", "cpu_s": f"{cpu:.1f}",
                 "per_edition_s": f"{wall / len(editions):.2f}",
                 "ratio_to_one_cold_before": f"{wall / len(editions) / reference:.2f}"})
    for row in rows[:-1]:
        row["ratio_to_one_cold_before"] = f"{float(row['per_edition_s']) / reference:.2f}"
    table(rows, f"D. A batch of {len(editions)} synthetic authorities in one command ({load_average()})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parts", default="A,B,C")
    ap.add_argument("--scales", default="1,10,100,1000")
    ap.add_argument("--baseline-runs", type=int, default=1)
    ap.add_argument("--before", type=Path, help="another checkout whose code is measured side by side")
    ap.add_argument("--chapters", help="part B: only these chapters (comma-separated slugs)")
    ap.add_argument("--authorities", type=int, default=20, help="part D: editions in the batch")
    args = ap.parse_args()
    ws = Path(tempfile.mkdtemp(prefix="panelbook-bench-"))
    before = args.before.resolve() if args.before else None
    print(f"workspace: {ws}; cores: {os.cpu_count()}; python {sys.version.split()[0]}; {load_average()}")
    try:
        parts = args.parts.upper().split(",")
        if "A" in parts:
            part_a(ws, args.baseline_runs, before)
        if "B" in parts:
            part_b(ws, [int(s) for s in args.scales.split(",")], args.chapters.split(",") if args.chapters else None)
        if "C" in parts:
            part_c(ws, before)
        if "D" in parts:
            part_d(ws, args.authorities, before)
        print(f"\nfinished; {load_average()}")
    finally:
        shutil.rmtree(ws, ignore_errors=True)


if __name__ == "__main__":
    main()
