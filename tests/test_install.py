"""Installed, not run from the checkout: `pip install` of the project (non-editable) into a fresh venv
gives a `panelbook` that builds an edition from any working folder, reads its book resources as
package data, and writes nothing into the package or the checkout (tracked or ignored files).

Slow (a wheel build and a whole edition): marked `slow`. The fresh venv reuses this environment's
installed dependencies (a .pth line to its site-packages) and installs the project itself with
--no-deps, so the test needs neither the network nor a second copy of every dependency.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import ROOT, checkout_state

pytestmark = pytest.mark.slow


def source_copy(dest: Path) -> Path:
    """The checkout's files as git sees them (tracked, and new files not ignored): what `pip install .`
    of a fresh clone would build from, without pip's own build/ and egg-info litter in the checkout."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the fresh venv's python, the checkout's state before anything ran)."""
    before = checkout_state()
    base = tmp_path_factory.mktemp("install")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "_shared_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    src = source_copy(base / "src")
    proc = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                           str(src)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    shutil.rmtree(src)  # the build must not need the source it was installed from
    return python, before


def test_the_package_carries_its_book_resources(installed):
    python, _ = installed
    probe = ("import panelbook, panelbook.resources as r; "
             "print(panelbook.__file__); print(r.root()); print(r.checkout())")
    out = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=True, cwd="/").stdout.split("\n")
    package, root, checkout = out[0], out[1], out[2]
    assert "site-packages" in package and str(ROOT) not in package
    assert root.endswith("panelbook/resources") and checkout == "None"
    for name in ("_config.yml", "_toc.yml", "book/intro.md", "book/_static/panelbook.css",
                 "book/_templates/theme-switcher.html"):
        assert (Path(root) / name).is_file(), name
    chapters = Path(package).parent / "chapters"
    for slug in ("missing", "surveys", "complaints", "recruitment", "audits", "actions"):  # each chapter whole
        for name in ("chapter.yaml", "labels.yaml", "page.ipynb", "analysis.py", "sample.py"):
            assert (chapters / slug / name).is_file(), f"{slug}/{name}"
    assert (chapters / "labels.yaml").is_file()
    registers = subprocess.run([str(python), "-c", "from panelbook.chapters.actions import sample as actions; print(len(actions.current()))"],
                               capture_output=True, text=True, check=True, cwd="/").stdout.strip()
    assert registers == "73"  # the action registers are package data: `panelbook synth` works installed


def test_new_chapter_works_installed(installed, tmp_path):
    python, _ = installed
    subprocess.run([str(python), "-m", "panelbook", "new-chapter", "demo-chapter", "--dir", str(tmp_path)],
                   capture_output=True, text=True, check=True, cwd="/")
    names = sorted(p.name for p in (tmp_path / "demo-chapter").rglob("*") if p.is_file())
    assert names == ["analysis.py", "chapter.yaml", "demo-chapter.csv", "example.yaml", "exports.yaml", "page.ipynb",
                     "test_analysis.py"]
    chapters = subprocess.run([str(python), "-c", "from panelbook.chapters import CHAPTERS; print(len(CHAPTERS))"],
                              capture_output=True, text=True, check=True, cwd="/").stdout.strip()
    assert chapters == "6"  # the built-in chapters' declarations are package data


def test_builds_an_edition_from_any_folder_and_writes_nothing_else(installed, tmp_path):
    python, before = installed
    work = tmp_path / "work"
    shutil.copytree(ROOT / "data" / "borsetshire", work / "data")
    edition = (ROOT / "params" / "borsetshire-2017-18-q3.yaml").read_text().replace("../data/borsetshire", "data")
    (work / "edition.yaml").write_text(edition)
    shutil.copy(ROOT / "params" / "borsetshire-logo.png", work)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("PANELBOOK_CACHE", None)
    panelbook = python.parent / "panelbook"
    site = Path(subprocess.run([str(python), "-c", "import panelbook; print(panelbook.__file__)"],
                               capture_output=True, text=True, check=True).stdout.strip()).parent
    package_before = package_files(site)
    proc = subprocess.run([str(panelbook), "validate", "edition.yaml"], cwd=work, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    proc = subprocess.run([str(panelbook), "build", "edition.yaml", "--out", "out", "--jobs", "1"], cwd=work,
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (work / "out" / "html" / "index.html").is_file()
    assert (tmp_path / "cache" / "panelbook").is_dir()  # the per-user cache, not the package or the checkout
    assert sorted(p.name for p in work.iterdir()) == ["borsetshire-logo.png", "data", "edition.yaml", "out"]
    assert package_files(site) == package_before, "the build wrote into the installed package"
    assert checkout_state() == before, "the checkout changed"


def package_files(site: Path) -> dict[str, int]:
    """The installed package's files and folders with files' sizes (Python's own __pycache__ left out):
    a build adds, removes or writes none."""
    return {str(p.relative_to(site)): (p.stat().st_size if p.is_file() else -1) for p in site.rglob("*")
            if "__pycache__" not in p.parts}
