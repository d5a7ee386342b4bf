"""The output folder (issue 15, findings 4, 6, 8, 9, 10): never a user's folder, one build at a time,
published by one atomic swap, whole after a SIGKILL at any stage, and the cache serves only its manifest."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT, SMALL_EDITION as EDITION, run_cli, tree_digest
from panelbook import cli, release

PUBLISHED = release.PUBLISHED


@pytest.fixture
def built(small_build):
    """The small edition built once for the session (two chapters, its own cache in WS/cache): read-only."""
    return small_build


def panelbook(ws: Path, *args, check=True, driver: str | None = None) -> subprocess.CompletedProcess:
    """`panelbook ...` (or a driver script) as a subprocess with the workspace's own cache."""
    env = {**os.environ, "PANELBOOK_CACHE": str(ws / "cache")}
    head = ["-c", driver] if driver else ["-m", "panelbook"]
    proc = subprocess.run([sys.executable, *head, *map(str, args)], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=900)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def published(out: Path) -> dict[str, str]:
    return {name: tree_digest(out / name) if (out / name).is_dir() else (out / name).read_bytes().hex()
            for name in PUBLISHED}


def copy_build(built: Path, tmp_path: Path) -> Path:
    """A copy of the built workspace (symlinks kept as symlinks), to break without touching others."""
    shutil.copytree(built, tmp_path / "ws", symlinks=True)
    return tmp_path / "ws"


# -- finding 4: --out never takes a user's folder ----------------------------------------------------
@pytest.mark.slow
def test_refuses_a_folder_that_is_not_a_panelbook_build_and_touches_nothing(built, tmp_path):
    mine = tmp_path / "documents"
    for name in ("papers/committee.docx", "html/index.html", "figures/chart.png", "build-log.json", "notes.txt"):
        (mine / name).parent.mkdir(parents=True, exist_ok=True)
        (mine / name).write_text(f"mine: {name}")
    before = tree_digest(mine)
    proc = run_cli("build", built / "edition.yaml", "--out", mine, check=False)
    assert proc.returncode == 2, proc.stderr
    assert "not empty and is not a panelbook build folder" in proc.stderr and "Traceback" not in proc.stderr
    assert tree_digest(mine) == before and not (mine / release.MARKER).exists()


@pytest.mark.parametrize("where,why", [("/", "the filesystem root"), ("HOME", "your home folder"),
                                       ("ROOT/book", "inside the panelbook project"),
                                       ("ROOT", "it contains the panelbook project"),
                                       ("ROOT/data/sample", "inside the panelbook project")])
def test_refuses_root_home_and_the_project(where, why, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    path = {"/": Path("/"), "HOME": home}.get(where) or Path(where.replace("ROOT", str(ROOT)))
    with pytest.raises(release.OutDirError, match=why):
        release.check_out_dir(path)
    assert release.check_out_dir(ROOT / "_build") == (ROOT / "_build").resolve()  # the project's own build folder


@pytest.mark.slow
def test_home_folder_refused_by_the_command(built, tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    (home / "papers").mkdir(parents=True)
    (home / "papers" / "mine.docx").write_text("mine")
    monkeypatch.setenv("HOME", str(home))
    assert cli.main(["build", str(built / "edition.yaml"), "--out", str(home)]) == 2
    assert "your home folder" in capsys.readouterr().err
    assert (home / "papers" / "mine.docx").read_text() == "mine"


@pytest.mark.slow
def test_read_only_out_is_refused_plainly(built, tmp_path, monkeypatch, capsys):
    """Finding 10: a read-only --out gave 'internal error' and a traceback."""
    out = tmp_path / "ro"
    out.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == out else real_access(p, mode, **kw))
    assert cli.main(["build", str(built / "edition.yaml"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and "Traceback" not in err


@pytest.mark.slow
def test_a_write_failing_mid_build_is_reported_without_traceback(built, tmp_path, monkeypatch, capsys):
    ws = copy_build(built, tmp_path)
    before = published(ws / "_build")

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied", str(ws / "_build" / "releases"))

    monkeypatch.setattr(release, "new_release", refuse)
    assert cli.main(["build", str(ws / "edition.yaml"), "--out", str(ws / "_build"), "--force", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "Permission denied" in err and "Traceback" not in err and "internal error" not in err
    assert published(ws / "_build") == before


# -- finding 6: one build at a time per --out -----------------------------------------------------------
@pytest.mark.slow
def test_second_build_into_the_same_out_is_refused(built, tmp_path):
    ws = copy_build(built, tmp_path)
    before = published(ws / "_build")
    with release.locked(ws / "_build"):
        proc = panelbook(ws, "build", ws / "edition.yaml", "--out", ws / "_build", "--force", check=False)
    assert proc.returncode == 2
    assert "another panelbook build is writing to this folder (process" in proc.stderr
    assert published(ws / "_build") == before


@pytest.mark.slow
def test_two_builds_started_together_never_mix(built, tmp_path):
    """Two editions into one DIR at once: one publishes, the other is refused; the book is one edition."""
    ws = copy_build(built, tmp_path)
    (ws / "other.yaml").write_text(EDITION.format(title="Other edition"))
    env = {**os.environ, "PANELBOOK_CACHE": str(ws / "cache")}
    procs = [subprocess.Popen([sys.executable, "-m", "panelbook", "build", str(ws / p), "--out", str(ws / "_build"),
                               "--force", "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, cwd=ROOT, env=env) for p in ("edition.yaml", "other.yaml")]
    codes = sorted(p.wait(timeout=600) for p in procs)
    assert codes == [0, 2], [p.stderr.read()[-500:] for p in procs]
    register = json.loads((ws / "_build" / "figures" / "register.json").read_text())
    index = (ws / "_build" / "html" / "index.html").read_text() + (ws / "_build" / "html" / "intro.html").read_text()
    other = register["title"] == "Other edition"
    assert ("Other edition" in index) == other


# -- finding 8: atomic publishing; a kill at any stage --------------------------------------------------
DRIVER = textwrap.dedent("""
    import json, os, signal, sys
    import psutil
    from panelbook import cli, release
    stage, pids_file = sys.argv[1], sys.argv[2]
    def stop(name):
        if name == stage:
            kids = [p.pid for p in psutil.Process().children(recursive=True)]
            with open(pids_file, "w") as fh:
                json.dump(kids, fh)
            os.kill(os.getpid(), signal.SIGKILL)
    release.checkpoint = stop
    sys.exit(cli.main(sys.argv[3:]))
""")
KILL_POINTS = ["execution", "sphinx", "publish: release staged", "publish: release in place",
               "publish: current swapped", "publish: names linked"]


def complete(out: Path) -> bool:
    """Every file the current release's manifest lists is there, through the fixed names."""
    rel = release.current_release(out)
    info = json.loads((rel / release.MANIFEST).read_text())
    return release.is_complete(out, info["book_key"])


SECOND = "Release test, second edition"


@pytest.fixture(scope="module")
def second_cached(small_build, tmp_path_factory):
    """The small build whose cache also holds the second edition's chapters: a kill after the execution
    stage needs no chapter executed again, before the kill or after it (the publishing is under test)."""
    ws = copy_build(small_build, tmp_path_factory.mktemp("second"))
    first = (ws / "edition.yaml").read_text()
    (ws / "edition.yaml").write_text(EDITION.format(title=SECOND))  # the same edition (file name), retitled
    panelbook(ws, "build", ws / "edition.yaml", "--out", ws / "second-out", "--jobs", "2")
    shutil.rmtree(ws / "second-out")
    (ws / "edition.yaml").write_text(first)
    return ws


@pytest.mark.slow
@pytest.mark.parametrize("stage", KILL_POINTS)
def test_sigkill_at_each_stage_leaves_one_whole_edition_and_the_next_build_succeeds(request, tmp_path, stage):
    import psutil

    # killed while the chapters execute: from a cache without them; later: with them (nothing to execute)
    ws = copy_build(request.getfixturevalue("built" if stage == "execution" else "second_cached"), tmp_path)
    out = ws / "_build"
    before = published(out)
    (ws / "edition.yaml").write_text(EDITION.format(title=SECOND))
    pids = tmp_path / "pids.json"
    force = ["--force"] if stage == "execution" else []  # later kills: the chapters come from the cache
    proc = panelbook(ws, stage, pids, "build", ws / "edition.yaml", "--out", out, *force, "--jobs", "2",
                     check=False, driver=DRIVER)
    assert proc.returncode == -9, (stage, proc.stderr[-2000:])
    after = published(out)
    title = json.loads((out / "figures" / "register.json").read_text())["title"]
    if after != before:  # then the new edition, whole
        assert stage in ("publish: current swapped", "publish: names linked")
        assert title == SECOND and complete(out)
    else:
        assert stage in KILL_POINTS[:4]
    for pid in json.loads(pids.read_text()):  # Sphinx, chapter workers and kernels die with the build
        deadline = time.time() + 20
        while psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE and time.time() < deadline:
            time.sleep(0.2)
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE, (stage, pid)
    if stage == "sphinx":
        assert json.loads(pids.read_text()), "the Sphinx child was running"
    again = panelbook(ws, "build", ws / "edition.yaml", "--out", out, "--jobs", "1")
    assert stage == "execution" or any(s in again.stdout for s in ("(0 chapter(s) executed)", "(up to date)")), \
        again.stdout  # the second edition's chapters were served from the cache
    assert json.loads((out / "figures" / "register.json").read_text())["title"] == SECOND
    assert complete(out)
    assert not list(out.glob(".staging-*")) and not list(out.glob(".old-*")) and not list(out.glob(".link-*"))
    assert [p.name for p in (out / "releases").iterdir()] == [release.current_release(out).name]


@pytest.mark.slow
def test_publish_layout_keeps_every_documented_path(built):
    out = built / "_build"
    assert (out / "current").is_symlink()
    for name in PUBLISHED:
        assert (out / name).is_symlink() and os.readlink(out / name) == f"current/{name}"
    assert (out / "html" / "index.html").is_file() and (out / "figures" / "register.json").is_file()
    assert (out / "papers").is_dir() and (out / "build-log.json").is_file()


@pytest.mark.slow
def test_an_older_layout_is_taken_over(built, tmp_path):
    """A build folder of the earlier layout (real html/, figures/ ..., .book-key) becomes the new one."""
    ws = copy_build(built, tmp_path)
    out = ws / "_build"
    for name in PUBLISHED:
        target = out / name
        real = target.resolve()
        target.unlink()
        (shutil.copytree if real.is_dir() else shutil.copy2)(real, target)
    shutil.rmtree(out / "releases")
    (out / "current").unlink()
    (out / release.MARKER).unlink()
    (out / ".book-key").write_text("old")
    (out / ".old-html-12345").mkdir()  # what a killed build of that layout left
    panelbook(ws, "build", ws / "edition.yaml", "--out", out, "--jobs", "1")
    assert complete(out) and not (out / ".book-key").exists() and not list(out.glob(".old-*"))


# -- finding 9: the cache serves only its manifest; up to date only when everything is there -------------
def _entries(cache: Path) -> list[Path]:
    return [m.parent for m in cache.rglob("manifest.json")]


@pytest.mark.slow
def test_a_file_added_to_a_cache_entry_is_never_published(built, tmp_path):
    ws = copy_build(built, tmp_path)
    for entry in _entries(ws / "cache"):
        (entry / "figures" / "planted.csv").write_text("child_id\nC001\n")
    (ws / "edition.yaml").write_text(EDITION.format(title="Planted"))
    panelbook(ws, "build", ws / "edition.yaml", "--out", ws / "_build", "--jobs", "1")
    assert not (ws / "_build" / "figures" / "planted.csv").exists()
    assert not list((ws / "_build" / "html").rglob("planted.csv"))


MALFORMED = ["[]", "{}", '{"files": []}', '{"files": {"notebook.ipynb": 5}}', "not json", '{"files": {}}']


@pytest.mark.slow
@pytest.mark.parametrize("manifest", MALFORMED)
def test_a_malformed_manifest_discards_the_entry(built, tmp_path, manifest):
    from panelbook.cache import ExecutionCache

    shutil.copytree(built / "cache", tmp_path / "cache")
    store = ExecutionCache(tmp_path / "cache" / "chapters")
    entry = _entries(tmp_path / "cache")[0]
    key = entry.name
    assert store.get(key) is not None
    (entry / "manifest.json").write_text(manifest)
    assert store.get(key) is None and not entry.exists()
    last = next((tmp_path / "cache" / "last").rglob("*.json"))
    last.write_text(manifest)
    assert isinstance(store.what_changed(last.parent.name, last.stem, {"a": "b"}), list)  # no crash


@pytest.mark.slow
def test_a_build_over_malformed_manifests_executes_again(built, tmp_path):
    ws = copy_build(built, tmp_path)
    for entry in _entries(ws / "cache"):
        (entry / "manifest.json").write_text("[]")
    proc = panelbook(ws, "build", ws / "edition.yaml", "--out", ws / "_build", "--jobs", "1", "--explain", "--force")
    assert "2 chapter(s) executed" in proc.stdout


def _remove(out: Path, removed: str) -> None:
    target = out / removed
    if target.is_symlink():  # what `rm -r DIR/figures/` does: empties the folder it points to
        real = target.resolve()
        (shutil.rmtree(real) if real.is_dir() else real.unlink())
    else:
        shutil.rmtree(target)


@pytest.mark.slow
@pytest.mark.parametrize("removed", ["figures", "papers", "notebooks", "html/chapters", "figures/tidy",
                                     "build-log.json", "html/_static"])
def test_the_up_to_date_check_needs_every_published_output(built, tmp_path, removed):
    ws = copy_build(built, tmp_path)
    out = ws / "_build"
    assert complete(out)
    _remove(out, removed)
    assert not release.is_complete(out, json.loads((release.current_release(out) / release.MANIFEST).read_text())["book_key"])


@pytest.mark.slow
def test_a_deleted_published_folder_is_rebuilt_not_called_up_to_date(built, tmp_path):
    ws = copy_build(built, tmp_path)
    out = ws / "_build"
    _remove(out, "figures")
    (out / "papers").unlink()  # the name itself removed
    proc = panelbook(ws, "build", ws / "edition.yaml", "--out", out, "--jobs", "1")
    assert "up to date" not in proc.stdout and "0 chapter(s) executed" in proc.stdout and complete(out)
    assert (out / "figures" / "register.json").is_file() and (out / "papers").is_dir()
