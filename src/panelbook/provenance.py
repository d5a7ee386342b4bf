"""What an edition was made from: input hashes and rows, parameters, code commit, package versions.

Collected into `DIR/figures/register.json` so that any exported figure can be traced to the exact
data and code that produced it.
"""
from __future__ import annotations

import functools
import json
import subprocess
from importlib import metadata
from pathlib import Path

from .digest import sha256_file

PACKAGES = ("panelbook", "pandas", "numpy", "scipy", "altair", "vl-convert-python", "papermill",
            "jupyter-book", "myst-nb", "sphinx", "pandera", "pydantic")


def input_files(edition, chapters) -> list[dict]:
    """Each input file the edition's chapters read (those present), with SHA-256 and row count.

    `file` is the file as the analyst named it (a workbook, or the contract's CSV); `contract`
    the contract file it was read as, when that differs."""
    source = edition.data_source
    seen, out = set(), []
    names = {c.slug: [n for files in c.files(edition) for n in files] for c in chapters}
    for chapter in chapters:
        for name in names[chapter.slug]:
            found = source.located(name)
            if name in seen or found is None:
                continue
            seen.add(name)
            item = {"file": found.label, "sha256": sha256_file(found.path), "rows": _rows(found, source, name),
                    "chapters": [c.slug for c in chapters if name in names[c.slug]]}
            if found.label != name:
                item["contract"] = name
            out.append(item)
    from .comparators import files_of, measures_for
    from .inputs import Located
    from .params import InputFile

    comparing = [c.slug for c in chapters if measures_for(edition, c.section)]
    if comparing:  # the comparators' files (benchmarks:), read as DfE publishes them
        for name, path in zip(edition.model.benchmarks.files, files_of(edition)):
            if path.is_file():
                out.append({"file": name, "sha256": sha256_file(path),
                            "rows": _rows(Located(path, name, InputFile()), source, name), "chapters": comparing})
    return out


def _rows(found, source, name: str) -> int:
    """Data rows: lines below the header of a CSV; the records read from a workbook's sheet."""
    if not found.is_workbook:
        with open(found.path, "rb") as fh:
            return max(sum(1 for line in fh if line.strip()) - 1, 0)
    from . import workbooks
    from .inputs import contract_specs
    from .io import read_input

    spec = contract_specs().get(name.rsplit(".", 1)[0])
    if spec is not None:
        return len(read_input(source, spec))
    sheet = workbooks.pick_sheet(workbooks.sheet_names(found.path, found.label), found.entry.sheet, found.label, "sheet")
    rows = workbooks.read_rows(found.path, found.label, sheet)
    return max(sum(1 for r in rows if any(v is not None for v in r)) - 1, 0)


def package_versions() -> dict[str, str]:
    """The versions of the packages a book is made with (read once per process: each chapter's key asks)."""
    return dict(_package_versions())


@functools.cache
def _package_versions() -> tuple[tuple[str, str], ...]:
    out = []
    for name in PACKAGES:
        try:
            out.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            pass
    return tuple(out)


def git_commit(root: Path) -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "book"],
                               cwd=root, capture_output=True, text=True, timeout=10)
        if sha.returncode:
            return "unknown"
        return sha.stdout.strip() + ("+modified" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def code_commit() -> str:
    """The commit of the checkout panelbook runs from; 'installed <version>' for an installed package."""
    from importlib.metadata import PackageNotFoundError, version

    from .resources import checkout

    top = checkout()
    if top is not None:
        return git_commit(top)
    try:
        return f"installed panelbook {version('panelbook')}"
    except PackageNotFoundError:
        return "unknown"


def edition_parameters(edition) -> dict:
    """The parameters as written (paths as given, not this machine's absolute paths)."""
    params = edition.as_json()
    raw = edition.raw
    for key in ("data_dir", "previous_edition", "published", "local_chapters"):
        if key in raw:
            params[key] = raw[key]
        elif key == "local_chapters":
            params.pop(key, None)  # an edition without chapters of its own says nothing about them
    return json.loads(json.dumps(params, default=str))
