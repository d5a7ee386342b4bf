"""Shared fixtures: one real `panelbook build` of the sample edition for every reproduction test."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import fcntl
import functools
import os
import pickle
import shutil
import tempfile
from typing import Callable, TypeVar

ROOT = Path(__file__).resolve().parents[1]
# one execution cache for the whole test session (tests of the cache itself use their own)
os.environ.setdefault("PANELBOOK_CACHE", tempfile.mkdtemp(prefix="panelbook-test-cache-"))
SAMPLE_PARAMS = ROOT / "params" / "2014-04-panel.yaml"
PUBLISHED = Path(__file__).resolve().parent / "published"
# The missing chapter's section exactly as issue 2's example: small test editions start from it.
MISSING_SECTION = """missing:
  period_start: 2013-04-01
  period_end: 2013-09-30
  as_at: 2013-09-30
  uasc_only: true
"""

# The small edition the tests of build mechanics share (release, locking, cache): two cheap chapters of
# the sample, each with its own data files copied into the workspace.
SMALL_EDITION = "title: {title}\nlocal_authority: Testshire\ndata_dir: data\n" + MISSING_SECTION + """complaints:
  period_start: 2013-09-01
  period_end: 2014-02-28
"""
SMALL_TITLE = "Small edition"
SMALL_FILES = ("children.csv", "missing_episodes.csv", "complaints.csv", "advocacy_cases.csv")


_RUNNING: dict = {}
T = TypeVar("T")


def once(tmp_path_factory, name: str, make: Callable[[Path], T]) -> T:
    """make(FOLDER) run once for the whole test run, even with the suite spread over pytest-xdist's
    workers: the first worker to need it makes it under a file lock, the others wait and reuse the folder
    (read-only) and make's result (pickled). A make that failed is tried again by the next to need it."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's own temporary folder, shared by its workers
    folder, result = root / f"once-{name}", root / f"once-{name}.pickle"
    with open(root / f"once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            result.write_bytes(pickle.dumps(make(folder)))
    return pickle.loads(result.read_bytes())


@functools.cache  # asked once per test id by the scheduler: each file is read once
def _shares_a_build(test_file: str) -> bool:
    """Whether a test module has a fixture of its own that outlives one test (module or session scope):
    its tests share what that fixture made (a build), so they run on one worker and it is made once."""
    import re

    path = ROOT / test_file
    return path.is_file() and re.search(r"@pytest\.fixture\(scope=\"(module|session)\"", path.read_text()) is not None


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: pytest alone runs the suite too
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist (`make test`): each test is sent to whichever worker is free, except that a module
    whose tests share a build of their own is sent whole (largest first); conftest's session builds are
    shared by every worker through `once`. (Its own `loadgroup` cannot be used: it renames test ids,
    which pytest 9 no longer allows.)"""
    if config.getvalue("dist") not in ("load", "loadgroup"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByModuleBuild(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            test_file = nodeid.split("::", 1)[0]
            return test_file if _shares_a_build(test_file) else nodeid

    return ByModuleBuild(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _RUNNING["item"] = item  # before its fixtures are set up: a module fixture's build is charged to it


def require_slow(what: str) -> None:
    """`make check` (-m "not slow") runs no build: a test that builds must be marked slow, or it fails
    here rather than silently making the fast subset slow."""
    item = _RUNNING.get("item")
    if item is None or item.get_closest_marker("slow"):
        return
    if "not slow" in (item.config.getoption("markexpr") or ""):
        pytest.fail(f"{item.nodeid} {what}, but is not marked @pytest.mark.slow", pytrace=False)


# `panelbook` with some built-in chapters' pages replaced (a test's changed copy of a page.ipynb)
_WITH_PAGES = """import json, sys
from dataclasses import replace
from pathlib import Path
import panelbook.chapters as ch
pages = json.loads(sys.argv[1])
ch._BUILT_IN = ch.CHAPTERS = tuple(replace(c, page=Path(pages[c.slug])) if c.slug in pages else c for c in ch.registry())
from panelbook.cli import main
sys.exit(main(sys.argv[2:]))"""


def run_cli(*args, check=True, cwd=None, pages=None) -> subprocess.CompletedProcess:
    """Run `panelbook ...` as a user would, capturing output; `pages`: {slug: a changed copy of its page}."""
    if args and str(args[0]) == "build":
        require_slow("builds an edition")
    head = [sys.executable, "-c", _WITH_PAGES, json.dumps({k: str(v) for k, v in pages.items()})] if pages else \
        [sys.executable, "-m", "panelbook"]
    proc = subprocess.run([*head, *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT)
    if check and proc.returncode != 0:
        raise AssertionError(f"panelbook {' '.join(map(str, args))} exited {proc.returncode}\n"
                             f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return proc


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The sample edition built once: returns DIR with DIR/html and DIR/figures."""
    require_slow("uses the sample build")
    return once(tmp_path_factory, "sample", _build_sample)


def _build_sample(ws: Path) -> Path:
    run_cli("build", SAMPLE_PARAMS, "--out", ws / "_build")
    return ws / "_build"


@pytest.fixture(scope="session")
def figures(sample_build) -> Path:
    return sample_build / "figures"


def read_export(figures_dir: Path, export_id: str) -> pd.DataFrame:
    """An exported table as strings, exactly as written."""
    return pd.read_csv(figures_dir / f"{export_id}.csv", dtype=str, keep_default_na=False)


def glued(notebook_path: Path) -> dict[str, object]:
    """The values a notebook glued (name -> Python value parsed from its text/plain repr)."""
    import ast

    import nbformat

    nb = nbformat.read(str(notebook_path), as_version=4)
    out = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            text = o["data"].get(meta["mime_prefix"] + "text/plain")
            try:
                out[meta["name"]] = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                out[meta["name"]] = text
    return out


def tree_digest(folder: Path) -> str:
    """One hash of every file under folder (names and bytes): 'untouched' means the same digest."""
    import hashlib

    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory) -> Path:
    """The hostile edition (tests/hostile.py: a payload in every free-text field) built once: DIR."""
    require_slow("uses the hostile build")
    return once(tmp_path_factory, "hostile", _build_hostile)


def _build_hostile(ws: Path) -> Path:
    from hostile import make_hostile_edition

    run_cli("build", make_hostile_edition(ws), "--out", ws / "_build")
    return ws / "_build"


def checkout_state(skip: tuple[str, ...] = ()) -> dict[str, tuple]:
    """Every file and folder of the checkout, tracked and ignored (.venv and node_modules included; .git
    and Python's own __pycache__ aside, and the top-level folders in `skip`), with its size and
    modification time: a write, an added or a removed file shows."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in (".git", "__pycache__")
                       and not (d in skip and Path(dirpath) == ROOT)]
        for name in [*dirnames, *filenames]:
            st = (Path(dirpath) / name).lstat()
            size = st.st_size if name in filenames else None
            state[str((Path(dirpath) / name).relative_to(ROOT))] = (size, st.st_mtime_ns)
    return state


# -- the suite writes only to temporary folders -------------------------------------------------------
# pytest's own cache, the virtualenv and npm's folder belong to the tools, not to the tests
_TOOLS = (".pytest_cache", ".venv", "node_modules")


def _checkout_files() -> dict[str, tuple]:
    """checkout_state() without the tools' folders, and without folders' own times (Python creating a
    __pycache__ moves its parent's); a file or folder added, removed or written still shows."""
    return {k: ("folder" if v[0] is None else v) for k, v in checkout_state(_TOOLS).items()}


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # checked once, by pytest-xdist's controller (or alone)
        session.config.stash[_CHECKOUT] = _checkout_files()


def pytest_sessionfinish(session, exitstatus):
    """Fail the run when any test created, removed or wrote a file in the checkout."""
    before = session.config.stash.get(_CHECKOUT, None)
    if before is None:
        return
    after = _checkout_files()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write("\n")
            reporter.write_line("FAILED: "
                                "the suite changed the checkout (tests must write only to tmp_path): "
                                + ", ".join(changed[:20]) + (" ..." if len(changed) > 20 else ""), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_CHECKOUT = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def suppressed_build(tmp_path_factory) -> Path:
    """The whole sample edition with min_count: 5 (the disclosure tests attack it): DIR."""
    require_slow("uses the suppressed build")
    return once(tmp_path_factory, "min5", _build_suppressed)


def _build_suppressed(ws: Path) -> Path:
    import yaml

    params = yaml.safe_load(SAMPLE_PARAMS.read_text())
    params["disclosure"] = {"min_count": 5}
    params["data_dir"] = str(ROOT / "data" / "sample")
    params["published"] = [str((SAMPLE_PARAMS.parent / p).resolve()) for p in params.get("published", [])]
    if "actions" in params and params["actions"].get("previous"):
        params["actions"]["previous"] = str((SAMPLE_PARAMS.parent / params["actions"]["previous"]).resolve())
    (ws / "edition.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    run_cli("build", ws / "edition.yaml", "--out", ws / "_build")
    return ws / "_build"


def use_page(monkeypatch, slug: str, page: Path) -> None:
    """Build a built-in chapter from a changed copy of its page (in this process)."""
    from dataclasses import replace

    import panelbook.chapters as ch

    chapters = tuple(replace(c, page=Path(page)) if c.slug == slug else c for c in ch.registry())
    monkeypatch.setattr(ch, "_BUILT_IN", chapters)
    monkeypatch.setattr(ch, "CHAPTERS", chapters)


def small_workspace(ws: Path, title: str = SMALL_TITLE) -> Path:
    """WS/data (the small edition's files) and WS/edition.yaml: returns the params file."""
    import shutil

    (ws / "data").mkdir(parents=True, exist_ok=True)
    for name in SMALL_FILES:
        shutil.copy(ROOT / "data" / "sample" / name, ws / "data" / name)
    (ws / "edition.yaml").write_text(SMALL_EDITION.format(title=title))
    return ws / "edition.yaml"


@pytest.fixture(scope="session")
def small_build(tmp_path_factory) -> Path:
    """The small edition built once, cold, with a cache of its own (WS/cache, as PANELBOOK_CACHE): WS with
    WS/data, WS/edition.yaml, WS/_build. Read-only: a test that changes anything copies it first."""
    require_slow("uses the small build")
    return once(tmp_path_factory, "small", _build_small)


def _build_small(ws: Path) -> Path:
    small_workspace(ws)
    env = {**os.environ, "PANELBOOK_CACHE": str(ws / "cache")}
    proc = subprocess.run([sys.executable, "-m", "panelbook", "build", str(ws / "edition.yaml"), "--out",
                           str(ws / "_build"), "--jobs", "2"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "(2 chapter(s) executed)" in proc.stdout, proc.stdout  # cold: both chapters really ran
    return ws
