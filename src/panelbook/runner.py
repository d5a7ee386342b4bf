"""Executing chapter notebooks with papermill, one edition's parameters at a time.

A chapter that fails keeps its executed notebook (with the error) for diagnosis and raises
BuildError naming the cell and the error. Executed notebooks are tidied for the book: the
parameter cells are removed and code inputs hidden (the book is read by analysts, not coders).
"""
from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path


from .chapters import Chapter
from .errors import BuildError

_UUID = re.compile(r"altair-viz-[0-9a-f]{32}")


@dataclass
class ChapterRun:
    chapter: Chapter
    notebook: Path  # the executed notebook
    seconds: float
    status: str = "executed"
    reason: str = ""


_SOCKETS: str | None = None


def _kernel_manager_class(zygote: str | None = None):
    """Kernels over local IPC sockets (in a private temp folder): no TCP port is opened, and the
    kernel has nothing to warn about on every chapter. With a zygote (warm.py), each kernel is
    forked from it, already imported, instead of started as a new interpreter."""
    import tempfile

    from jupyter_client.manager import AsyncKernelManager

    from .warm import WarmLaunch

    global _SOCKETS
    if _SOCKETS is None:
        _SOCKETS = tempfile.mkdtemp(prefix="panelbook-kernels-")

    class LocalKernelManager(WarmLaunch, AsyncKernelManager):
        zygote_path = zygote

        def __init__(self, **kw):
            kw.setdefault("transport", "ipc")
            kw.setdefault("ip", str(Path(_SOCKETS) / "kernel"))  # files kernel-<n>, unique per kernel
            super().__init__(**kw)

    return LocalKernelManager


def source_notebook(chapter: Chapter) -> Path:
    return chapter.notebook


_ADDED_BY_PAPERMILL = {"injected-parameters", "papermill-error-cell-tag"}


def _error_of(nb) -> tuple[int | None, str]:
    """The first cell with an error output: (its number in the source notebook, from 1; 'Ename: value').

    Cells papermill adds (injected parameters, error banners) are not counted, so the number is the
    one the analyst sees when opening the chapter's page.ipynb."""
    source_cells = [c for c in nb.cells if not _ADDED_BY_PAPERMILL & set(c.metadata.get("tags", []))]
    for i, cell in enumerate(source_cells, start=1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                first = next((line for line in cell.source.splitlines() if line.strip() and not line.startswith("#")), "")
                return i, f"{out.get('ename')}: {out.get('evalue')}\n  in the cell starting: {first[:100]}"
    return None, "unknown error"


def set_title(nb, title: str) -> None:
    """The chapter's heading as this edition words it (e.g. '(UASC)' only when the edition says so)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = cell.source.split("\n")
            if lines and lines[0].startswith("# "):
                cell.source = "\n".join([f"# {title}", *lines[1:]])
            return


def tidy_for_book(nb, title: str | None = None) -> None:
    """Drop the source's default parameters, hide the injected ones and all code, drop stderr noise,
    sanitise random ids; word the title."""
    if title:
        set_title(nb, title)
    # the source's default parameters name the notebook's own sample edition: not this edition's business
    nb.cells = [c for c in nb.cells if "parameters" not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        tags = list(cell.metadata.get("tags", []))
        if cell.cell_type == "code":
            if "parameters" in tags or "injected-parameters" in tags:
                tags.append("remove-cell")
            else:
                tags.append("remove-input")
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            for out in cell.outputs:
                data = out.get("data", {})
                for mime, value in list(data.items()):
                    if isinstance(value, str):
                        data[mime] = _UUID.sub("altair-viz-chart", value)
        cell.metadata["tags"] = sorted(set(tags))
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives it a random id: same inputs, same bytes
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)


def code_signature(page: Path) -> str:
    """What executing a page depends on: its code and raw cells in order (source and tags) and its kernel.
    Not its markdown: the book takes the wording from the page as it stands (`with_prose_of`), so a
    change of prose alone executes nothing."""
    import hashlib
    import json

    nb = json.loads(Path(page).read_text(encoding="utf-8"))
    cells = [(c["cell_type"], _text(c.get("source", "")), sorted(c.get("metadata", {}).get("tags", [])))
             for c in nb.get("cells", []) if c.get("cell_type") != "markdown"]
    kernel = nb.get("metadata", {}).get("kernelspec")
    return hashlib.sha256(json.dumps([kernel, cells], sort_keys=True).encode()).hexdigest()


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else source


def with_prose_of(executed: Path, page: Path, title: str | None, out: Path) -> None:
    """Write to `out` the executed (tidied) notebook of a chapter with the markdown of its page as the page
    stands now, worded as `tidy_for_book` words it: what executing the page again would give, since the
    code cells (their signature is in the cache key) and so their outputs are the same. Raises ValueError
    when the two do not match cell for cell."""
    import copy

    import nbformat

    done = nbformat.read(str(executed), as_version=4)
    source = nbformat.read(str(page), as_version=4)
    def is_injected(c) -> bool:
        return "injected-parameters" in c.metadata.get("tags", [])

    injected = [c for c in done.cells if is_injected(c)]
    ran = iter(c for c in done.cells if c.cell_type != "markdown" and not is_injected(c))
    cells = [] if any("parameters" in c.metadata.get("tags", []) for c in source.cells) else list(injected)
    for cell in source.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cells += injected  # where papermill put this edition's parameters
        elif cell.cell_type == "markdown":
            prose = copy.deepcopy(cell)
            prose.metadata["tags"] = sorted(set(prose.metadata.get("tags", [])))
            cells.append(prose)
        else:
            twin = next(ran, None)
            if twin is None or twin.cell_type != cell.cell_type or twin.source != cell.source:
                raise ValueError(f"{page}: its code is not the code the cached notebook ran")
            cells.append(twin)
    if next(ran, None) is not None:
        raise ValueError(f"{page}: its code is not the code the cached notebook ran")
    spliced = copy.deepcopy(done)
    spliced.cells = cells
    if title:
        set_title(spliced, title)
    if spliced == done:  # the same prose: the cached bytes as they are
        shutil.copy2(executed, out)
    else:
        nbformat.write(spliced, str(out))


_ENGINE: str | None = None


def _engine_name() -> str:
    """papermill's nbclient engine, saving the output notebook once, when execution ends (or fails, or
    the kernel dies), instead of before and after every cell (each save serialises and validates it)."""
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    global _ENGINE
    if _ENGINE:
        return _ENGINE

    class SavedAtTheEnd(NotebookExecutionManager):
        ending = False

        def save(self, **kwargs):
            if self.ending:
                super().save(**kwargs)

        def notebook_complete(self, **kwargs):
            self.ending = True
            super().notebook_complete(**kwargs)

    class Engine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False,
                             autosave_cell_every=30, **kwargs):
            nb_man = SavedAtTheEnd(nb, output_path=output_path, progress_bar=progress_bar, log_output=log_output,
                                   autosave_cell_every=autosave_cell_every)
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

    papermill_engines.register("panelbook", Engine)
    _ENGINE = "panelbook"
    return _ENGINE


def execute_notebook(source: Path, out_notebook: Path, parameters: dict, cwd: Path,
                     zygote: str | None = None) -> None:
    """papermill: execute source with parameters into out_notebook, in a new kernel (forked from
    `zygote` when given, else a new interpreter); raises papermill's error when a cell fails."""
    import papermill as pm

    pm.execute_notebook(str(source), str(out_notebook), parameters=parameters, kernel_name="python3",
                        progress_bar=False, log_output=False, cwd=str(cwd), engine_name=_engine_name(),
                        kernel_manager_class=_kernel_manager_class(zygote))


def execute_chapter(chapter: Chapter, params_file: Path, export_dir: Path, out_notebook: Path,
                    failed_dir: Path, zygote: str | None = None) -> ChapterRun:
    """Run one chapter (in a kernel forked from `zygote` if given); on failure keep the notebook in
    failed_dir and raise BuildError."""
    import nbformat

    out_notebook.parent.mkdir(parents=True, exist_ok=True)
    export_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        execute_notebook(source_notebook(chapter), out_notebook,
                         {"params_file": str(Path(params_file).resolve()), "export_dir": str(export_dir)}, chapter.workdir,
                         zygote)
    except Exception as exc:  # papermill's execution error, or a kernel that died
        failed_dir.mkdir(parents=True, exist_ok=True)
        kept = failed_dir / f"{chapter.slug}.ipynb"
        cell, message = None, f"{type(exc).__name__}: {exc}"
        if out_notebook.exists():
            nb = nbformat.read(str(out_notebook), as_version=4)
            cell, message = _error_of(nb)
            nbformat.write(nb, str(kept))
        where = f"cell {cell}" if cell else "execution"
        page = source_notebook(chapter)
        raise BuildError(
            f"chapter '{chapter.slug}' failed at {where} of {page.parent.name}/{page.name}: {message.strip()}\n"
            f"  the executed notebook is kept for diagnosis: {kept}"
        ) from None
    from .params import load_edition

    nb = nbformat.read(str(out_notebook), as_version=4)
    tidy_for_book(nb, chapter.title_in(load_edition(params_file)))
    nbformat.write(nb, str(out_notebook))
    return ChapterRun(chapter, out_notebook, time.perf_counter() - started)
