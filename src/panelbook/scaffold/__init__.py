"""`panelbook new-chapter NAME --dir DIR`: a working chapter folder of an edition's own, to start from.

This folder is the template: a declaration (chapter.yaml), a catalogue (exports.yaml), an analysis
module whose example table counts the rows of `NAME.csv` by `category` with a bar chart drawn from the
published table, a page, a unit test, tiny sample data with small counts (withheld at min_count 5) and
example.yaml, an edition that builds it as it stands. `__NAME__` and `__TITLE__` are filled in; a file
ending `.tmpl` loses that ending (so the template's own code is never imported or collected as tests).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import PanelbookError

TEMPLATE = Path(__file__).resolve().parent
FILES = ("chapter.yaml", "exports.yaml", "analysis.py.tmpl", "page.ipynb.tmpl", "test_analysis.py.tmpl",
         "example.yaml", "sample/NAME.csv")


def title_of(name: str) -> str:
    """'placement-stability' -> 'Placement stability' (the declaration's title, to reword)."""
    return name.replace("-", " ").capitalize()


def name_problem(name: str) -> str | None:
    """Why NAME cannot name a new chapter (not a slug, or a name the book already uses), else None."""
    from ..chapters import CHAPTERS, SLUG, SLUG_RULE
    from ..params import EditionBase

    if not SLUG.match(name):
        return f"'{name}' is not a chapter name: use {SLUG_RULE}"
    for chapter in CHAPTERS:
        if name in (chapter.slug, chapter.section):
            return f"'{name}' is a built-in chapter's name ({chapter.title}); choose another"
    if name in EditionBase.model_fields:
        return f"'{name}' is a key of every edition's parameters; choose another"
    return None


def write_chapter(name: str, folder: Path) -> Path:
    """Write folder/name/ from the template; never overwrites (PanelbookError when it exists)."""
    problem = name_problem(name)
    if problem:
        raise PanelbookError(f"new-chapter: {problem}")
    target = Path(folder) / name
    if target.exists() or target.is_symlink():
        raise PanelbookError(f"new-chapter: {target} already exists; nothing was written (choose another name "
                          "or --dir)")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=target.parent))  # whole, or not at all
    try:
        for rel in FILES:
            text = (TEMPLATE / rel).read_text(encoding="utf-8")
            text = text.replace("__NAME__", name).replace("__TITLE__", title_of(name))
            out = staging / rel.removesuffix(".tmpl").replace("NAME", name)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
        os.rename(staging, target)  # fails, rather than overwrites, if target appeared meanwhile
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def cmd_new_chapter(args) -> int:
    target = write_chapter(args.name, args.dir)
    print(f"Wrote {target}/: chapter.yaml, exports.yaml, analysis.py, page.ipynb, test_analysis.py, "
          f"sample/{args.name}.csv and example.yaml")
    print(f"Build it as it stands:  panelbook build {target / 'example.yaml'} --out OUT")
    print(f"Add it to an edition:   local_chapters: [{target}]  and a section  {args.name}: {{}}")
    return 0
