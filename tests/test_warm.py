"""The warm engine (warm.py): a kernel forked from the zygote gives exactly the notebook a fresh kernel
gives, shares no state with the chapter before it, and dies with the process that started it."""
from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import nbformat
import pytest

from panelbook import charts, runner, warm
from panelbook.chapters import CHAPTERS, chapter_by_slug
from panelbook.errors import BuildError

from conftest import SAMPLE_PARAMS, use_page

pytestmark = [pytest.mark.skipif(not warm.available(), reason="no fork on this platform"),
              pytest.mark.slow]  # kernels and zygotes are started, chapters executed

ADDED = {"injected-parameters", "papermill-error-cell-tag"}


@pytest.fixture(scope="module")
def zygote():
    z = warm.start()
    yield z
    z.close()


def comparable(path: Path) -> dict:
    """An executed notebook without what differs on every run whatever the kernel: papermill's timings,
    the random ids of the cells papermill adds, the kernel's pid in warnings' file names, and where a
    cell's printed text was cut into messages (the kernel flushes it on a timer; the book merges them)."""
    nb = json.loads(path.read_text())
    nb["metadata"].pop("papermill", None)
    for cell in nb["cells"]:
        cell["metadata"].pop("papermill", None)
        cell["metadata"].pop("execution", None)
        if ADDED & set(cell["metadata"].get("tags", [])):
            cell["id"] = "added"
        merged = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                out = {**out, "text": "".join(out["text"]) if isinstance(out["text"], list) else out["text"]}
                if merged and merged[-1].get("output_type") == "stream" and merged[-1]["name"] == out["name"]:
                    merged[-1] = {**merged[-1], "text": merged[-1]["text"] + out["text"]}
                    continue
            merged.append(out)
        if "outputs" in cell:
            cell["outputs"] = merged
    return json.loads(json.dumps(nb).replace(f"/ipykernel_{_pid(nb)}/", "/ipykernel_PID/"))


def _pid(nb: dict) -> str:
    import re

    m = re.search(r"/ipykernel_(\d+)/", json.dumps(nb))
    return m.group(1) if m else "none"


def probe_notebook(path: Path, cells: list[str]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('params_file = ""', metadata={"tags": ["parameters"]}),
                *(nbformat.v4.new_code_cell(c) for c in cells)]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    nbformat.write(nb, str(path))
    return path


def run(source: Path, out: Path, zygote_path, **params) -> Exception | None:
    try:
        runner.execute_notebook(source, out, params, source.parent, zygote_path)
    except Exception as exc:  # noqa: BLE001 - papermill's error for a failing cell is part of the result
        return exc
    return None


def test_the_kernel_really_is_forked_from_the_zygote(zygote, tmp_path):
    nb = probe_notebook(tmp_path / "who.ipynb", ["import os\nprint(os.getppid())"])
    assert run(nb, tmp_path / "out.ipynb", zygote.path) is None
    out = nbformat.read(str(tmp_path / "out.ipynb"), as_version=4)
    printed = next(o["text"] for c in out.cells for o in c.get("outputs", []) if o.get("name") == "stdout")
    assert int(printed) == zygote.proc.pid


@pytest.mark.parametrize("slug", [c.slug for c in CHAPTERS])
def test_every_sample_chapter_gives_the_notebook_and_exports_of_a_fresh_kernel(zygote, tmp_path, slug):
    source = runner.source_notebook(chapter_by_slug(slug))
    results = {}
    for name, path in (("fresh", None), ("warm", zygote.path)):
        exports = tmp_path / "exports"  # the same path for both: it is printed into the parameters cell
        assert run(source, tmp_path / f"{name}.ipynb", path, params_file=str(SAMPLE_PARAMS),
                   export_dir=str(exports)) is None
        results[name] = {p.name: p.read_bytes() for p in sorted(exports.iterdir())}
        exports.rename(tmp_path / f"exports-{name}")
    assert comparable(tmp_path / "warm.ipynb") == comparable(tmp_path / "fresh.ipynb")
    assert results["warm"] == results["fresh"]
    assert results["warm"]  # the chapter exported something


def test_a_chapter_failing_midway_fails_the_same_way(zygote, tmp_path, monkeypatch):
    """Same error cell, message, traceback and execution counts; the same cell number in BuildError."""
    source = runner.source_notebook(chapter_by_slug("complaints"))
    nb = nbformat.read(str(source), as_version=4)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    bad = nbformat.v4.new_code_cell("import pandas as pd\npd.DataFrame({'a': [1]}).loc[5, 'b']")
    bad.id = "broken"
    nb.cells.insert(code[len(code) // 2], bad)
    folder = tmp_path / "complaints"
    folder.mkdir()
    nbformat.write(nb, str(folder / "page.ipynb"))
    use_page(monkeypatch, "complaints", folder / "page.ipynb")
    messages = {}
    for name, path in (("fresh", None), ("warm", zygote.path)):
        with pytest.raises(BuildError) as err:
            runner.execute_chapter(chapter_by_slug("complaints"), SAMPLE_PARAMS, tmp_path / "exports",
                                   tmp_path / f"{name}.ipynb", tmp_path / f"failed-{name}", zygote=path)
        messages[name] = str(err.value).replace(f"failed-{name}", "failed-X")
    assert messages["warm"] == messages["fresh"]
    assert "KeyError" in messages["warm"]
    kept = {n: comparable(tmp_path / f"failed-{n}" / "complaints.ipynb") for n in messages}
    assert kept["warm"] == kept["fresh"]
    errors = [c for c in kept["warm"]["cells"] if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert [c["id"] for c in errors] == ["broken"]


STATE_SET = [
    "import altair as alt, pandas as pd, json, panelbook.charts as charts\n"
    "alt.theme.enable('dark'); pd.set_option('display.max_rows', 3); charts.PALETTE = 'changed'\n"
    "json.left_behind = 1; shared = 'a name in the namespace'",
]
STATE_READ = [
    "import altair as alt, pandas as pd, json, panelbook.charts as charts\n"
    "print(alt.theme.active, pd.get_option('display.max_rows'), charts.PALETTE[0], hasattr(json, 'left_behind'),"
    " 'shared' in globals(), get_ipython().execution_count)",
]


def test_state_set_by_one_chapter_is_not_visible_to_the_next(zygote, tmp_path):
    setter = probe_notebook(tmp_path / "setter.ipynb", STATE_SET)
    reader = probe_notebook(tmp_path / "reader.ipynb", STATE_READ)
    assert run(reader, tmp_path / "fresh.ipynb", None) is None
    assert run(setter, tmp_path / "set.ipynb", zygote.path) is None
    assert run(reader, tmp_path / "warm.ipynb", zygote.path) is None
    assert comparable(tmp_path / "warm.ipynb") == comparable(tmp_path / "fresh.ipynb")
    out = nbformat.read(str(tmp_path / "warm.ipynb"), as_version=4)
    text = "".join(o.get("text", "") for c in out.cells for o in c.get("outputs", []))
    assert text.split()[:5] == ["default", "60", charts.PALETTE[0], "False", "False"]


# as every chapter does: its inputs are checked by pandera (schema.pandera_schema), which sets two
# environment variables when imported; the zygote has imported it, so a probe that never did would differ
PROCESS = ["import panelbook.publish, panelbook.chapters.surveys.analysis, pandera.pandas",
           "import os, sys, json, signal\n"
           "print(json.dumps({'argv': sys.argv[1:2], 'path': sys.path, 'cwd': os.getcwd(), 'name': __name__,"
           " 'env': sorted(set(os.environ) - {'JPY_PARENT_PID'}), 'stdin': os.isatty(0),"
           " 'sigint': str(signal.getsignal(signal.SIGINT)), 'session': os.getsid(0) == os.getpid(),"
           " 'flags': str(sys.flags), 'main': sys.modules['__main__'].__name__}))",
           "import warnings\nwarnings.warn('a warning, as a chapter might give')\n1 / 0"]


def test_the_kernel_process_looks_like_a_fresh_one(zygote, tmp_path):
    nb = probe_notebook(tmp_path / "process.ipynb", PROCESS)
    errors = [run(nb, tmp_path / f"{n}.ipynb", p) for n, p in (("fresh", None), ("warm", zygote.path))]
    assert [type(e).__name__ for e in errors] == ["PapermillExecutionError"] * 2
    assert comparable(tmp_path / "warm.ipynb") == comparable(tmp_path / "fresh.ipynb")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _start_kernel(zygote_path: str) -> tuple[object, int]:
    """Start a kernel as papermill does (jupyter_core's run_sync: also when another test left an
    event loop running in this thread, where asyncio.run refuses)."""
    from jupyter_core.utils import run_sync

    km = runner._kernel_manager_class(zygote_path)(kernel_name="python3")
    run_sync(km.start_kernel)()
    return km, km.provisioner.pid


def _wait_gone(pid: int, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_kernels_die_with_the_zygote_and_the_zygote_with_its_parent(tmp_path):
    z = warm.start()
    try:
        km, pid = _start_kernel(z.path)
        assert isinstance(km.provisioner.process, warm.Forked) and _alive(pid)
        os.kill(z.proc.pid, signal.SIGKILL)  # the zygote dies abruptly: its kernel follows
        assert _wait_gone(pid)
    finally:
        z.close()
    z = warm.start()
    km, pid = _start_kernel(z.path)
    assert isinstance(km.provisioner.process, warm.Forked)
    zygote_pid = z.proc.pid
    z.close()  # the build ends: the zygote and every kernel go
    assert _wait_gone(pid) and _wait_gone(zygote_pid)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_the_zygote_dies_when_the_build_is_killed(tmp_path):
    import subprocess
    import sys

    build = subprocess.Popen([sys.executable, "-c", "import time\nfrom panelbook import warm\n"
                              "z = warm.start(); print(z.proc.pid, flush=True); time.sleep(120)"],
                             stdout=subprocess.PIPE, text=True)
    zygote_pid = int(build.stdout.readline())
    folder = Path(os.readlink(f"/proc/{zygote_pid}/cwd"))  # the zygote's private folder (its socket)
    build.kill()
    build.wait()
    assert _wait_gone(zygote_pid)
    assert not folder.exists()


def test_renumbering_touches_the_ids_in_tags_never_the_text():
    svg = ('<svg><g clip-path="url(#clip7)"><rect fill="url(#gradient_5)" aria-label="fill=&quot;url(#gradient_5)&quot;"/>'
           '<text>fill="url(#gradient_5)" id="clip7"</text></g>'
           '<defs><linearGradient id="gradient_5"/><clipPath id="clip7"/></defs></svg>')
    out = warm._renumber(svg, {"gradient": -5, "clip": -6})
    assert out == ('<svg><g clip-path="url(#clip1)"><rect fill="url(#gradient_0)" aria-label="fill=&quot;url(#gradient_5)&quot;"/>'
                   '<text>fill="url(#gradient_5)" id="clip7"</text></g>'
                   '<defs><linearGradient id="gradient_0"/><clipPath id="clip1"/></defs></svg>')


def test_charts_drawn_after_other_kernels_charts_number_their_ids_from_the_start(zygote, tmp_path):
    """The renderer is shared; each kernel's gradients and clips are numbered as in its own runtime."""
    cells = ["import altair as alt, pandas as pd\nfrom panelbook import charts\n"
             "d = pd.DataFrame({'x': ['a', 'b'], 'y': ['c', 'd'], 'v': [1, 2]})\n"
             "heat = alt.Chart(d).mark_rect().encode(x='x', y='y', color='v:Q')\n"
             "clipped = alt.Chart(d).mark_bar(clip=True).encode(x=alt.X('v:Q', scale=alt.Scale(domain=[0, 1])), y='x')\n"
             "print(charts.render_svg(charts.to_spec(heat)))\nprint(charts.render_svg(charts.to_spec(clipped)))"]
    nb = probe_notebook(tmp_path / "ids.ipynb", cells)
    for name, path in (("fresh", None), ("warm-1", zygote.path), ("warm-2", zygote.path)):
        assert run(nb, tmp_path / f"{name}.ipynb", path) is None
    fresh = comparable(tmp_path / "fresh.ipynb")
    assert "gradient_0" in json.dumps(fresh) and "clip" in json.dumps(fresh)
    assert comparable(tmp_path / "warm-1.ipynb") == fresh
    assert comparable(tmp_path / "warm-2.ipynb") == fresh


def test_sphinx_forked_from_the_book_zygote_builds_the_same_book(sample_build, tmp_path):
    """book.HtmlBuild forked from the book zygote, and started as a new interpreter: the same html."""
    import shutil

    from panelbook import book

    z = warm.start("book")
    try:
        trees = {}
        for name, path in (("fresh", None), ("forked", z.path)):
            staging = tmp_path / name
            shutil.copytree(sample_build / ".book-build", staging, ignore=shutil.ignore_patterns("_jb", ".incomplete"))
            build = book.HtmlBuild(staging, staging / "book", zygote=path)
            assert isinstance(build.proc, warm.Forked) == (path is not None)
            html = build.wait()
            trees[name] = {str(p.relative_to(html)): p.read_bytes() for p in sorted(html.rglob("*")) if p.is_file()}
    finally:
        z.close()
    assert trees["forked"] == trees["fresh"]
    assert "chapters/surveys.html" in trees["fresh"]
