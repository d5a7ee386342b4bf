"""The output folder (`--out DIR`): whose it is, who is writing it, and publishing by one atomic swap.

- **Safe**: a build writes only into a folder that is new, empty or already a panelbook build (it has
  the `.panelbook-build` marker the first build wrote); never the filesystem root, the home folder,
  or a folder of the panelbook project (other than its own `_build`). It deletes only what builds made.
- **Locked**: one build at a time per folder (`.panelbook-lock`, an OS lock that dies with its
  process); a second build is refused at once with a message naming the first (exit 2).
- **Atomic**: each build is published as `DIR/releases/<id>/` (html, figures, notebooks, papers,
  build-log.json and a manifest of every file) and made current by replacing one symlink,
  `DIR/current`, with `os.replace`. `DIR/html`, `DIR/figures`, `DIR/notebooks`, `DIR/papers` and
  `DIR/build-log.json` are fixed symlinks into `current/`, so every documented path keeps working
  and a kill at any moment leaves either the old edition or the new one whole. The next build
  removes what a killed build left (staging folders, releases no longer current).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from pathlib import Path

from .errors import PanelbookError

MARKER = ".panelbook-build"
LOCK = ".panelbook-lock"
RELEASES = "releases"
CURRENT = "current"
PUBLISHED = ("html", "figures", "notebooks", "papers", "build-log.json")
MANIFEST = "release.json"
LEGACY_MARKERS = (".book-key",)  # written by builds made before the marker existed


class OutDirError(PanelbookError):
    """The --out folder cannot be used (exit 2): the message says why and what to do."""


def checkpoint(stage: str) -> None:
    """A named point of a build (execution, Sphinx, each publishing step): does nothing. The kill
    tests replace it, in a build subprocess, to stop the build with SIGKILL exactly there."""


def _project_root() -> Path:
    """The checkout panelbook runs from, or (installed) the package's own resources folder."""
    from .resources import checkout, root

    return (checkout() or root()).resolve()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_out_dir(out: str | Path) -> Path:
    """The resolved folder, or OutDirError naming why a build must not write there."""
    given = Path(out).expanduser()
    path = given.resolve()
    home = Path.home().resolve()
    project = _project_root()
    why = None
    if path == Path(path.anchor):
        why = "it is the filesystem root"
    elif _inside(home, path):
        why = "it is your home folder" if path == home else f"it contains your home folder ({home})"
    elif _inside(project, path):
        why = f"it contains the panelbook project ({project})"
    elif _inside(path, project) and not _inside(path, project / "_build"):
        why = f"it is inside the panelbook project ({project}); use its _build folder or a folder outside it"
    elif path.exists() and not path.is_dir():
        why = "it is a file, not a folder"
    elif path.is_dir() and not is_build_folder(path) and any(path.iterdir()):
        why = (f"it is not empty and is not a panelbook build folder (no {MARKER} file); choose a new or empty "
               "folder, so that nothing of yours is replaced")
    elif path.is_dir() and not os.access(path, os.W_OK | os.X_OK):
        why = "it is read-only for you"
    if why:
        raise OutDirError(f"--out {given}: cannot build here: {why}.")
    return path


def is_build_folder(path: Path) -> bool:
    """Marked by a build, or made by panelbook before the marker existed (a build's .book-key, or
    nothing but the report `validate` writes)."""
    if (path / MARKER).is_file() or any((path / m).exists() for m in LEGACY_MARKERS):
        return True
    return {p.name for p in path.iterdir()} == {"validation-report.csv"}


def claim(out: str | Path) -> Path:
    """Check the folder, create it if needed and mark it as a panelbook build folder."""
    path = check_out_dir(out)
    try:
        path.mkdir(parents=True, exist_ok=True)
        marker = path / MARKER
        if not marker.is_file():
            marker.write_text("This folder is written by `panelbook build`: a build may replace anything in it.\n")
    except OSError as exc:
        raise OutDirError(f"--out {out}: cannot build here: {exc.strerror} ({exc.filename}).") from None
    return path


class BuildLocked(PanelbookError):
    """Another build is writing to the same folder (exit 2)."""


@contextlib.contextmanager
def locked(out: Path):
    """Hold DIR's build lock for the block; refuse at once if another process holds it."""
    import fcntl

    path = Path(out) / LOCK
    fh = open(path, "a+")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise BuildLocked(f"--out {out}: another panelbook build is writing to this folder ({holder}); "
                              "wait for it to finish, or build into another folder.") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"process {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        fh.flush()
        yield
    finally:
        fh.close()  # closing releases the lock (so does the process ending, however it ends)


# -- releases -----------------------------------------------------------------------------------------
def current_release(out: Path) -> Path | None:
    link = Path(out) / CURRENT
    if not link.is_symlink():
        return None
    target = (Path(out) / os.readlink(link)).resolve()
    return target if target.is_dir() else None


def clean_leftovers(out: Path) -> None:
    """Remove what killed builds left: staging folders, parked old folders, half-made links and every
    release that is not current. Only names builds create are touched."""
    out = Path(out)
    current = current_release(out)
    for p in [*out.glob(".staging-*"), *out.glob(".old-*")]:
        _remove(p)
    for p in out.glob(".link-*"):
        if p.is_symlink():
            p.unlink()
    releases = out / RELEASES
    if releases.is_dir():
        for p in releases.iterdir():
            if current is None or p.resolve() != current:
                _remove(p)


def _remove(p: Path) -> None:
    if p.is_symlink() or p.is_file():
        p.unlink(missing_ok=True)
    elif p.is_dir():
        shutil.rmtree(p, ignore_errors=True)


def new_release(out: Path) -> Path:
    """An empty staging folder for the next release, inside DIR/releases (same filesystem: renames)."""
    releases = Path(out) / RELEASES
    releases.mkdir(exist_ok=True)
    path = releases / f".staging-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    path.mkdir()
    return path


def manifest(folder: Path) -> dict[str, int]:
    """Every published file of a release with its size (the up-to-date check's list)."""
    return {str(p.relative_to(folder)): p.stat().st_size
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MANIFEST}


def publish(out: Path, staged: Path, book_key: str) -> Path:
    """Make the staged release current: write its manifest, rename it into DIR/releases, swap the
    DIR/current symlink in one os.replace, then point the fixed names at current/ and drop the rest."""
    out = Path(out)
    (staged / MANIFEST).write_text(json.dumps({"book_key": book_key, "files": manifest(staged)}, indent=1) + "\n")
    checkpoint("publish: release staged")
    release = staged.with_name(staged.name.removeprefix(".staging-"))
    os.rename(staged, release)
    checkpoint("publish: release in place")
    _replace_with_link(out / CURRENT, Path(RELEASES) / release.name)
    checkpoint("publish: current swapped")
    for name in PUBLISHED:
        _ensure_link(out, name)
    checkpoint("publish: names linked")
    clean_leftovers(out)
    for legacy in LEGACY_MARKERS:  # the marker now says whose folder this is
        (out / legacy).unlink(missing_ok=True)
    return release


def _link_or_copy(src: str, dst: str) -> None:
    """A file of the new release: a hard link to the current release's (a published file never
    changes), or a copy where the filesystem cannot link."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def amend(out: Path, replaced: tuple[str, ...]) -> Path:
    """A staging release holding the current release's files except the folders `replaced` (empty,
    for the caller to write), so a command that adds to a build (`panelbook papers`) publishes a new
    release with `publish` instead of writing into the current one, which never changes once published."""
    current = current_release(out)
    if current is None:
        raise OutDirError(f"--out {out}: there is no published build to add to; build it first.")
    staged = new_release(out)
    for item in sorted(current.iterdir()):
        if item.name == MANIFEST or item.name in replaced:
            continue
        if item.is_dir():
            shutil.copytree(item, staged / item.name, copy_function=_link_or_copy, symlinks=True)
        else:
            _link_or_copy(str(item), str(staged / item.name))
    for name in replaced:
        (staged / name).mkdir()
    return staged


def book_key_of(out: Path) -> str | None:
    """The book key the current release was built from (its manifest), or None."""
    release = current_release(out)
    try:
        return json.loads((release / MANIFEST).read_text())["book_key"] if release else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _replace_with_link(path: Path, target: Path) -> None:
    tmp = path.with_name(f".link-{path.name}-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    os.replace(tmp, path)  # atomic: readers see the old target or the new one, never neither


def _ensure_link(out: Path, name: str) -> None:
    """DIR/<name> -> current/<name>; a real folder left by an older layout is parked, then removed."""
    path, target = out / name, Path(CURRENT) / name
    if path.is_symlink() and Path(os.readlink(path)) == target:
        return
    if path.exists() and not path.is_symlink():
        os.rename(path, out / f".old-{name}-{os.getpid()}")
    _replace_with_link(path, target)


def is_complete(out: Path, book_key: str) -> bool:
    """The current release was built from `book_key` and every file its manifest lists is there,
    reachable through the fixed names."""
    out = Path(out)
    release = current_release(out)
    if release is None:
        return False
    try:
        info = json.loads((release / MANIFEST).read_text())
        files = info["files"]
        if info.get("book_key") != book_key or not isinstance(files, dict):
            return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    for name in {rel.split("/", 1)[0] for rel in files}:
        link = out / name
        if not (link.is_symlink() and link.resolve() == (release / name).resolve()):
            return False
    return all((release / rel).is_file() and (release / rel).stat().st_size == size for rel, size in files.items())
