"""Building one edition: validate, execute the chapters, assemble the book, publish atomically."""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from . import book, provenance, runner
from .chapters import chapters_in
from .errors import DataError
from .params import load_edition
from .progress import Progress


def validate(params_file: str | Path, edition=None) -> tuple[object, list]:
    """Check the parameters and every input file of the edition's chapters; returns (edition, problems)."""
    edition = edition or load_edition(params_file)
    problems = []
    for chapter in chapters_in(edition):
        module = chapter.analysis()
        try:
            module.load(edition.data_dir)
        except DataError as exc:
            problems.extend(exc.problems)
        if hasattr(module, "validate_edition"):
            problems.extend(module.validate_edition(edition))
    return edition, problems


def build(params_file: str | Path, out_dir: str | Path, progress: Progress | None = None) -> dict:
    """Build the edition into out_dir/html and out_dir/figures; the previous build survives a failure."""
    started = time.perf_counter()
    progress = progress or Progress()
    out_dir = Path(out_dir).resolve()
    edition, problems = validate(params_file)
    if problems:
        raise DataError(problems)
    chapters = chapters_in(edition)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        figures = staging / "figures"
        src = book.stage_sources(staging, edition, chapters)
        runs = []
        for i, chapter in enumerate(chapters, start=1):
            progress.start(chapter.slug, i, len(chapters))
            run = runner.execute_chapter(chapter, edition.path, figures, src / "chapters" / f"{chapter.slug}.ipynb",
                                         out_dir / "failed")
            progress.done(chapter.slug, f"executed in {run.seconds:.1f}s")
            runs.append(run)
        register = write_register(figures, edition, chapters, runs)
        progress.note("building the book")
        html = book.build_html(staging, src)
        shutil.copytree(figures, html / "figures")
        notebooks = staging / "notebooks"
        notebooks.mkdir()
        for run in runs:
            shutil.copy2(run.notebook, notebooks / run.notebook.name)
        book.publish(out_dir, {"html": html, "figures": figures, "notebooks": notebooks})
        failed = out_dir / "failed"
        for chapter in chapters:
            (failed / f"{chapter.slug}.ipynb").unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    summary = {"edition": edition.slug, "out": str(out_dir), "index": str(out_dir / "html" / "index.html"),
               "chapters": [r.chapter.slug for r in runs], "figures": len(register["figures"]),
               "seconds": round(time.perf_counter() - started, 1)}
    return summary


def write_register(figures: Path, edition, chapters, runs) -> dict:
    """register.json: every table and chart, the parameters, input hashes, code and versions."""
    items = []
    for chapter in chapters:
        metas = []
        for path in figures.glob("*.json"):
            if path.name == "register.json":
                continue
            meta = json.loads(path.read_text())
            if meta.get("chapter") == chapter.slug:
                metas.append(meta)
        items.extend(sorted(metas, key=lambda m: m["order"]))
    register = {
        "edition": edition.slug,
        "title": edition.title,
        "local_authority": edition.model.local_authority,
        "parameters": provenance.edition_parameters(edition),
        "inputs": provenance.input_files(edition, chapters),
        "code_commit": provenance.git_commit(runner.ROOT),
        "packages": provenance.package_versions(),
        "chapters": [{"slug": r.chapter.slug, "title": r.chapter.title, "seconds": round(r.seconds, 1)} for r in runs],
        "figures": items,
    }
    (figures / "register.json").write_text(json.dumps(register, indent=1, sort_keys=False, default=str) + "\n")
    return register
