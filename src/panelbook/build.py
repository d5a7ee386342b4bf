"""Building editions: validate, execute the chapters (cached, in parallel), assemble, publish atomically.

Stages, named for what they do:
1. validate  - parameters and every input file; all problems at once (DataError, exit 2);
2. plan      - each chapter's cache key; reuse an unchanged chapter's executed notebook and exports;
3. execute   - the other chapters with papermill, concurrently (a process pool, or a Dask cluster);
4. check     - the identities between tables (a contradiction fails the build);
5. assemble  - register.json, generated pages, the Jupyter Book (warnings are errors), paper drafts;
6. publish   - a new release in DIR/releases, made current by one atomic symlink swap (`release`).
When nothing changed since the last build of DIR and every published file is in place, nothing is
executed or rebuilt. DIR is checked first (`release.claim`) and locked for the whole build.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import book, cache as cache_mod, exports, messages, provenance, reconcile, release, resources, runner, warm
from .chapters import chapters_in
from .digest import sha256_file
from .errors import BuildError, DataError, PanelbookError
from .params import load_edition
from .progress import Progress


def validate(params_file: str | Path, edition=None, reused: frozenset[str] = frozenset()) -> tuple[object, list]:
    """Check the parameters and every input file of the edition's chapters; returns (edition, problems).
    Chapters in `reused` (slugs) come from the execution cache: their key holds their input files' bytes,
    parameters and code, which the build that stored them validated, so they are not read again."""
    edition = edition or load_edition(params_file)
    problems = []
    for chapter in chapters_in(edition):
        if chapter.slug in reused:
            continue
        hooks = chapter.hooks
        if hooks.input_files is None:  # else the files depend on the params: validate_edition reads them
            try:
                chapter.load(edition.data_source)
            except DataError as exc:
                problems.extend(exc.problems)
        problems.extend(hooks.validate_edition(edition))
    from .comparators import problems as benchmark_problems

    problems.extend(benchmark_problems(edition))
    if edition.model.published:
        from .reconcile import load_published

        try:
            load_published(edition.model.published, edition.chapters)
        except DataError as exc:
            problems.extend(exc.problems)
    return edition, problems


@dataclass
class Options:
    jobs: int | None = None  # None = every core
    force: bool = False
    explain: bool = False
    dask_scheduler: str | None = None
    cache_dir: Path | None = None


@dataclass
class Plan:
    chapter: object
    parts: dict
    key: str
    entry: object  # cache entry or None
    reason: str


def _execute_task(slug: str, params_file: str, export_dir: str, out_notebook: str, failed_dir: str,
                  zygote: str | None = None):
    """One chapter's execution, importable by a process pool or a Dask worker. `zygote`: the socket of
    the command's zygote, "worker" for this worker process's own (a Dask worker warms once), or None."""
    from .chapters import chapter_by_slug

    if zygote == "worker":
        zygote = warm.process_zygote()
    run = runner.execute_chapter(chapter_by_slug(slug, load_edition(params_file)), Path(params_file), Path(export_dir),
                                 Path(out_notebook), Path(failed_dir), zygote=zygote)
    return slug, run.seconds


def plan(edition, chapters, store: cache_mod.ExecutionCache, force: bool) -> list[Plan]:
    plans = []
    for chapter in chapters:
        parts = cache_mod.key_parts(chapter, edition, runner.source_notebook(chapter))
        key = cache_mod.key_of(parts)
        entry = None if force else store.get(key)
        if force:
            reason = "executed: --force"
        elif entry is not None:
            reason = "reused: nothing it depends on changed"
        else:
            changed = store.what_changed(edition.slug, chapter.slug, parts)
            reason = ("executed: changed " + ", ".join(changed)) if changed else "executed: not in the cache"
        plans.append(Plan(chapter, parts, key, entry, reason))
    return plans


def _jobs(opts: Options, n: int) -> int:
    return max(1, min(opts.jobs or os.cpu_count() or 1, n))


def _run_all(todo: list[Plan], edition, staging: Path, out_dir: Path, opts: Options, progress: Progress,
             engine: warm.Engine):
    """Start executing the chapters that need it (queued on the engine's workers at once); returns a
    function that waits for them and returns {slug: seconds}, failing after all have finished."""
    args = {p.chapter.slug: (p.chapter.slug, str(edition.path), str(staging / "exports" / p.chapter.slug),
                             str(staging / "executed" / f"{p.chapter.slug}.ipynb"), str(out_dir / "failed"))
            for p in todo}
    for i, p in enumerate(todo, start=1):
        progress.start(p.chapter.slug, i, len(todo))
    seconds, errors = {}, []

    def record(slug, result, how=""):
        """One chapter's outcome, whatever ran it: its time, or its error kept for the end."""
        try:
            _, secs = result()
            seconds[slug] = secs
            progress.done(slug, f"executed in {secs:.1f}s{how}")
            release.checkpoint("execution")
        except BuildError as exc:
            errors.append(str(exc))
            progress.done(slug, "FAILED")

    def finished() -> dict:
        _raise_if(errors)
        return seconds

    if not todo:
        return finished
    if opts.dask_scheduler:
        def on_dask() -> dict:
            from distributed import Client, as_completed

            with Client(opts.dask_scheduler) as client:
                futures = {client.submit(_execute_task, *a, "worker" if warm.available() else None, pure=False,
                                         key=f"panelbook-{edition.slug}-{s}-{time.time_ns()}"): s
                           for s, a in args.items()}
                for fut in as_completed(futures):
                    record(futures[fut], fut.result, " (dask)")
            return finished()

        return on_dask
    if _jobs(opts, len(todo)) == 1:
        def in_turn() -> dict:
            for slug, a in args.items():
                record(slug, lambda a=a: _execute_task(*a, engine.zygote_path))
            return finished()

        return in_turn
    pool = engine.pool()
    futures = {pool.submit(_execute_task, *a, engine.zygote_path): slug for slug, a in args.items()}

    def collect() -> dict:
        from concurrent.futures import as_completed as done_order

        for fut in done_order(futures):
            record(futures[fut], fut.result)
        return finished()

    return collect


def _raise_if(errors: list[str]) -> None:
    if errors:
        raise BuildError("\n".join(errors))


def book_key(edition, plans: list[Plan]) -> str:
    """Everything the published book depends on: chapter keys, hand-written pages, book config."""
    h = hashlib.sha256()
    for p in plans:
        h.update(p.key.encode())
        h.update(sha256_file(runner.source_notebook(p.chapter)).encode())  # its prose too (the key: its code)
    pages = resources.book_dir()
    for path in sorted(pages.rglob("*")):
        if path.is_file() and "chapters" not in path.relative_to(pages).parts:
            h.update(str(path.relative_to(pages)).encode())
            h.update(path.read_bytes())
    for path in (resources.config_file(), resources.toc_file()):
        h.update(path.read_bytes())
    if edition.model.logo is not None:
        h.update(Path(edition.model.logo).read_bytes())
    h.update(json.dumps(provenance.edition_parameters(edition), sort_keys=True, default=str).encode())
    h.update(cache_mod.code_hash().encode())
    if edition.model.previous_edition:
        prev = Path(edition.model.previous_edition)
        for path in sorted(prev.glob("*.csv")) if prev.is_dir() else []:
            h.update(path.read_bytes())
    return h.hexdigest()


def _engine(opts: Options) -> warm.Engine:
    return warm.Engine(opts.jobs or os.cpu_count() or 1)


def build(params_file: str | Path, out_dir: str | Path, progress: Progress | None = None,
          opts: Options | None = None, engine: warm.Engine | None = None) -> dict:
    """Build one edition into out_dir; the previous build survives any failure or kill. `engine`: the
    warm processes to execute chapters in (shared by build_many); by default, this build's own."""
    opts = opts or Options()
    if engine is not None:
        return _to_the_end(_edition(params_file, out_dir, progress or Progress(), opts, engine))
    with _engine(opts) as own:
        return _to_the_end(_edition(params_file, out_dir, progress or Progress(), opts, own))


def _edition(params_file, out_dir, progress: Progress, opts: Options, engine: warm.Engine):
    """One edition's build in three stages, so that build_many can overlap editions. Up to its first
    `yield` it validates and queues its chapters on the engine's workers; up to the second it waits for
    them and stages the book (Sphinx and the derived files are then under way in other processes); the
    rest waits for those and publishes, and returns the summary. An up-to-date edition returns without
    yielding. DIR's lock is held from the first stage to the end of the last, whichever thread runs it."""
    out_dir = release.claim(out_dir)
    with release.locked(out_dir):
        release.clean_leftovers(out_dir)  # what a killed build left
        return (yield from _build(params_file, out_dir, progress, opts, engine))


def _next_stage(stages) -> dict | None:
    """Run an edition's next stage; its summary if that was the end of the build, else None."""
    try:
        next(stages)
    except StopIteration as done:
        return done.value
    return None


def _to_the_end(stages) -> dict:
    """Run what is left of an edition's build; its summary."""
    while (summary := _next_stage(stages)) is None:
        pass
    return summary


def _build(params_file, out_dir: Path, progress: Progress, opts: Options, engine: warm.Engine):
    started = time.perf_counter()
    edition = load_edition(params_file)
    chapters = chapters_in(edition)
    store = cache_mod.ExecutionCache(opts.cache_dir)
    try:  # planned before validating: an up-to-date book needs no more, and the zygote imports meanwhile
        plans = plan(edition, chapters, store, opts.force)
    except Exception:  # noqa: BLE001 - bad inputs: validation below says what is wrong
        plans = None
    if plans is not None and not opts.force and all(p.entry for p in plans):
        bkey = book_key(edition, plans)
        if release.is_complete(out_dir, bkey):  # built from these very inputs, parameters and code: valid then
            _notes(edition, plans, opts, progress)
            progress.note("nothing changed: the published book is up to date")
            return _summary(edition, out_dir, chapters, started, executed=[], up_to_date=True)
    engine.warm_up(kernels=not opts.dask_scheduler and (plans is None or any(p.entry is None for p in plans)))
    edition, problems = validate(params_file, edition, frozenset(p.chapter.slug for p in plans or () if p.entry))
    if problems:
        raise DataError(problems)
    plans = plans or plan(edition, chapters, store, opts.force)
    _notes(edition, plans, opts, progress)
    bkey = book_key(edition, plans)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        todo = [p for p in plans if p.entry is None]
        for p in plans:
            if p.entry is not None:
                progress.done(p.chapter.slug, "reused from the cache")
        executed = _run_all(todo, edition, staging, out_dir, opts, progress, engine)
        yield  # the chapters are queued: build_many queues the next edition's behind them meanwhile
        seconds = executed()
        for p in todo:
            runner_nb = staging / "executed" / f"{p.chapter.slug}.ipynb"
            store.put(p.key, runner_nb, staging / "exports" / p.chapter.slug, p.parts)
            p.entry = store.get(p.key) or cache_mod.Entry.of(runner_nb, staging / "exports" / p.chapter.slug)
        for p in plans:
            store.remember(edition.slug, p.chapter.slug, p.parts)
        figures = staging / "figures"
        figures.mkdir()
        notebooks = staging / "notebooks"
        notebooks.mkdir()
        ran = {p.chapter.slug for p in todo}
        for p in plans:
            for f in p.entry.files:  # only what the entry's manifest lists
                shutil.copy2(p.entry.figures / f, figures / f)
            if p.chapter.slug in ran:
                shutil.copy2(p.entry.notebook, notebooks / f"{p.chapter.slug}.ipynb")
            else:  # reused: the chapter's wording as its page stands now
                _reused_notebook(p, edition, notebooks / f"{p.chapter.slug}.ipynb")
        timings = {p.chapter.slug: (seconds.get(p.chapter.slug), p.reason) for p in plans}
        checked = reconcile.reconcile(edition, chapters, figures)
        _check(checked)
        messages.write_exports(figures, chapters)  # the chapters' key messages, worst news first
        register = write_register(figures, edition, chapters, timings)
        log = write_build_log(staging / "build-log.json", edition, chapters, timings)
        progress.note("building the book")
        src = book.stage_sources(staging, edition, chapters, register=register, figures=figures, log=log,
                                 reconciliation=checked)
        for p in plans:
            shutil.copy2(notebooks / f"{p.chapter.slug}.ipynb", src / "chapters" / f"{p.chapter.slug}.ipynb")
        sphinx = book.HtmlBuild(staging, src, persist=out_dir / ".book-build", zygote=engine.book_path)
        try:  # while Sphinx works: the workbook, tidy exports and paper drafts
            release.checkpoint("sphinx")
            derived = _derived_files(edition, chapters, notebooks, figures, staging / "papers", register, engine,
                                     store.made_files(), checked)
            yield  # the rest waits on Sphinx and the workers: build_many goes on with the next edition
            papers = derived()
        finally:
            html = sphinx.wait()
        shutil.copytree(figures, html / "figures")
        staged = release.new_release(out_dir)
        for name, path in (("html", html), ("figures", figures), ("notebooks", notebooks), ("papers", papers),
                           ("build-log.json", staging / "build-log.json")):
            if path is not None:
                os.rename(path, staged / name)
        release.publish(out_dir, staged, bkey)
        (out_dir / "validation-report.csv").unlink(missing_ok=True)  # problems of an earlier attempt
        for chapter in chapters:
            (out_dir / "failed" / f"{chapter.slug}.ipynb").unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _summary(edition, out_dir, chapters, started, executed=[p.chapter.slug for p in todo])


def _reused_notebook(p: Plan, edition, out: Path) -> None:
    """A cached chapter's executed notebook with its page's prose as it stands (the key holds only the
    page's code, so a change of wording reuses the outputs)."""
    page = runner.source_notebook(p.chapter)
    try:
        runner.with_prose_of(p.entry.notebook, page, p.chapter.title_in(edition), out)
    except ValueError as exc:
        raise BuildError(f"chapter '{p.chapter.slug}': {exc}; build again with --force") from None


def _notes(edition, plans: list[Plan], opts: Options, progress: Progress) -> None:
    prev = edition.model.previous_edition
    if prev is not None and not Path(prev).is_dir():
        progress.note(f"previous_edition not found ({prev}): no 'Since the last edition' page this time")
    if opts.explain:
        for p in plans:
            progress.note(f"{p.chapter.slug}: {p.reason}")


def _papers(edition, chapters, notebooks: Path, figures: Path, out: Path, made) -> Path:
    from . import papers

    out.mkdir(parents=True, exist_ok=True)
    papers.write_papers(edition, chapters, notebooks, figures, out, made)
    return out


def _derived_files(edition, chapters, notebooks: Path, figures: Path, papers_dir: Path, register: dict,
                   engine: warm.Engine, made: cache_mod.MadeFiles, checked: reconcile.Reconciliation):
    """What is made from the executed chapters while Sphinx works: all-tables.xlsx, the tidy CSVs, the
    reconciliation logs and one paper per chapter. Each is its own files, made by the same function
    either way, so with more than one job they are made at once by the engine's workers (the
    workbook alone takes seconds) while this process writes the logs; with --jobs 1, one after another.
    Returns a function that waits for them all and returns the papers' folder (the workers' tasks are
    queued now, ahead of the next edition's chapters). A build that executed nothing has no workers
    running: starting them would cost more than they save, so it makes the files itself, one after
    another (Sphinx works meanwhile). The workbook and the papers are copied from `made` when it holds
    them made from the same inputs."""
    if engine.jobs == 1 or not engine.pool_started:
        def in_turn() -> Path:
            exports.write_derived(figures, edition, register, made)
            reconcile.write_logs(checked, figures)
            return _papers(edition, chapters, notebooks, figures, papers_dir, made)

        return in_turn
    papers_dir.mkdir(parents=True, exist_ok=True)
    params, pool = str(edition.path), engine.pool()
    tasks = [("workbook", None), *(("paper", c.slug) for c in chapters), ("tidy", None)]  # the longest first
    futures = [pool.submit(_derived_task, what, slug, params, str(notebooks), str(figures), str(papers_dir), register,
                           str(made.folder)) for what, slug in tasks]

    def collect() -> Path:
        try:
            reconcile.write_logs(checked, figures)
        finally:
            errors = [f.exception() for f in futures]  # every task finished (or failed) before anything moves on
        for exc in errors:
            if exc is not None:
                raise exc
        return papers_dir

    return collect


def _derived_task(what: str, slug: str | None, params_file: str, notebooks: str, figures: str, papers_dir: str,
                  register: dict, made: str) -> None:
    """One of _derived_files' tasks, importable by a pool worker."""
    from .chapters import chapter_by_slug

    edition, figures_dir, made_files = load_edition(params_file), Path(figures), cache_mod.MadeFiles(Path(made))
    if what == "workbook":
        exports.write_book_workbook(figures_dir, edition, register, made_files)
    elif what == "tidy":
        exports.write_tidy(figures_dir, edition, register)
    else:
        from . import papers

        papers.write_paper(chapter_by_slug(slug, edition), Path(notebooks) / f"{slug}.ipynb", figures_dir,
                           Path(papers_dir) / f"{slug}.docx", papers.paper_meta(edition), made_files)


def _check(checked: reconcile.Reconciliation) -> None:
    """Identities between the tables: a contradiction fails the build (reconcile.check_identities)."""
    failures = [r for r in checked.identities if not r["holds"]]
    if failures:
        lines = [f"  {r['identity']}: {r['detail']}" for r in failures]
        raise BuildError("the tables contradict each other:\n" + "\n".join(lines))


def _summary(edition, out_dir: Path, chapters, started: float, executed: list, up_to_date: bool = False) -> dict:
    reg = out_dir / "figures" / "register.json"
    figures = len(json.loads(reg.read_text())["figures"]) if reg.is_file() else 0
    return {"edition": edition.slug, "out": str(out_dir), "index": str(out_dir / "html" / "index.html"),
            "chapters": [c.slug for c in chapters], "executed": executed, "figures": figures,
            "up_to_date": up_to_date, "seconds": round(time.perf_counter() - started, 1)}


def write_register(figures: Path, edition, chapters, timings: dict) -> dict:
    """register.json: every table and chart, the parameters, input hashes, code and versions."""
    items = []
    for chapter in chapters:
        metas = []
        for path in figures.glob("*.json"):
            if path.name == "register.json" or path.name.endswith(".vl.json"):
                continue
            meta = json.loads(path.read_text())
            if meta.get("chapter") == chapter.slug:
                metas.append(meta)
        items.extend(sorted(metas, key=lambda m: m["order"]))
    for item in items:
        item["page"] = f"chapters/{item['chapter']}.html#{item['id']}"
        item["parameters"] = provenance.edition_parameters(edition)
    inputs = provenance.input_files(edition, chapters)
    register = {
        "edition": edition.slug,
        "title": edition.title,
        "local_authority": edition.model.local_authority,
        "parameters": provenance.edition_parameters(edition),
        "inputs": inputs,
        "code_commit": provenance.code_commit(),
        "packages": provenance.package_versions(),
        "chapters": [{"slug": c.slug, "title": c.title_in(edition)} for c in chapters],
        "figures": [{**item, "input_sha256": {i["file"]: i["sha256"] for i in inputs if item["chapter"] in i["chapters"]}}
                    for item in items],
    }
    (figures / "register.json").write_text(json.dumps(register, indent=1, sort_keys=False, default=str) + "\n")
    return register


def write_build_log(path: Path, edition, chapters, timings: dict) -> dict:
    """How this build went (not deterministic, so kept out of the register): per chapter, executed or reused."""
    import datetime as dt

    log = {"edition": edition.slug, "built": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
           "chapters": [{"slug": c.slug, "title": c.title_in(edition),
                         "seconds": None if timings[c.slug][0] is None else round(timings[c.slug][0], 1),
                         "how": timings[c.slug][1]} for c in chapters]}
    path.write_text(json.dumps(log, indent=1) + "\n")
    return log


def build_many(params_files: list[Path], out_dir: Path, progress: Progress, opts: Options) -> list[dict]:
    """Several editions, each into DIR/<edition>/, sharing the execution cache and one warm engine.

    Pipelined, so that the workers never wait between editions: an edition's chapters are queued as
    soon as the edition before has queued its own; while its book is made (Sphinx and the derived
    files, then publishing: a background thread waits on them, one edition at a time, two at most
    queued) the next edition executes. Each edition's messages are held until the one before has said
    its last, so messages and results keep the editions' order. An edition that fails (bad input, a
    chapter or its book failing) keeps its last good book and does not stop the others: BatchError
    lists the failures once all are done. An edition that reads another's build (its previous_edition),
    shares its folder or would execute one of its chapters waits for that one to be published. With
    --jobs 1, one edition after another."""
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    out_dir = release.claim(out_dir)
    outcomes: dict[int, dict | Exception | None] = {}  # None: under way
    pending = None  # (index, stages, its messages) of the edition whose chapters are queued
    finishing: deque = deque()  # (index, future, its messages) of the editions whose books are being made
    todo_keys: dict = {}  # params file -> the keys of the chapters it executes (_shares_chapters)

    def settle(i: int, said, run) -> None:
        """Record an edition's summary (None while under way), or its error (its input, or its build, failed)."""
        try:
            outcomes[i] = run()
        except (PanelbookError, OSError) as exc:
            outcomes[i] = exc
            said.note(f"edition {Path(params_files[i]).stem}: not built (see the end)")

    def wait_for_finishing(keep: int = 0) -> None:
        """Until at most `keep` editions are finishing: the oldest first, so results keep their order."""
        while len(finishing) > keep:
            i, future, said = finishing.popleft()
            settle(i, said, future.result)

    def stage_and_finish(finisher) -> None:
        """The pending edition: wait for its chapters, stage its book; then publish it in the background."""
        nonlocal pending
        if pending is None:
            return
        (i, stages, said), pending = pending, None
        said.release()
        settle(i, said, lambda: _next_stage(stages))
        if outcomes[i] is None:
            wait_for_finishing(keep=1)  # one waits in the thread's queue at most: staging folders stay few
            finishing.append((i, finisher.submit(_to_the_end, stages), said))

    def out_of(i: int) -> Path:
        return Path(out_dir) / Path(params_files[i]).stem

    if _jobs(opts, 2) == 1:  # one thing at a time
        with _engine(opts) as engine:
            for i, params in enumerate(params_files):
                progress.note(f"edition {Path(params).stem}")
                settle(i, progress, lambda: _to_the_end(_edition(params, out_of(i), progress, opts, engine)))
        return _outcome(params_files, outcomes)
    with _engine(opts) as engine, ThreadPoolExecutor(1, thread_name_prefix="panelbook-finish") as finisher:
        for i, params in enumerate(params_files):
            busy = [entry[0] for entry in (pending, *finishing) if entry is not None]
            queued = [params_files[pending[0]]] if pending is not None else []
            folders = [out_of(j) for j in busy]
            if out_of(i) in folders or _reads_from(params, folders) or _shares_chapters(params, queued, opts, todo_keys):
                stage_and_finish(finisher)  # the same folder (its lock), a build it reads (its previous_edition),
                wait_for_finishing()  # or chapters it will store: those are published first
            said = _Held(progress, held=pending is not None)  # the one before says its last lines first
            said.note(f"edition {Path(params).stem}")
            stages = _edition(params, out_of(i), said, opts, engine)
            settle(i, said, lambda: _next_stage(stages))
            stage_and_finish(finisher)  # the edition before, its chapters done meanwhile (this one's queued)
            if outcomes[i] is None:
                pending = (i, stages, said)
            else:  # up to date, or failed
                said.release()
        stage_and_finish(finisher)
        wait_for_finishing()  # (an error of ours or Ctrl-C: leaving the block still lets them end whole)
    return _outcome(params_files, outcomes)


def _outcome(params_files, outcomes: dict) -> list[dict]:
    """The built editions' summaries, in order; BatchError if any edition failed."""
    built = [o for _, o in sorted(outcomes.items()) if isinstance(o, dict)]
    failures = [(str(params_files[i]), o) for i, o in sorted(outcomes.items()) if isinstance(o, Exception)]
    if failures:
        raise BatchError(failures, built)
    return built


def _reads_from(params, folders: list[Path]) -> bool:
    """Whether the edition's parameters name a path inside one of `folders` (the builds of editions
    still under way: a quarter's previous_edition is the quarter before's figures)."""
    import yaml

    try:
        raw = yaml.safe_load(Path(params).read_text(encoding="utf-8"))
        base = Path(params).resolve().parent
    except Exception:  # noqa: BLE001 - bad input: its build says what is wrong
        return False

    def texts(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from texts(v)
        elif isinstance(value, list):
            for v in value:
                yield from texts(v)
        elif isinstance(value, str):
            yield value

    for text in texts(raw):
        try:
            path = (base / Path(text).expanduser()).resolve()
        except (OSError, ValueError, RuntimeError):
            continue
        if any(path == f or f in path.parents for f in folders):
            return True
    return False


def _shares_chapters(params, others: list, opts: Options, known: dict) -> bool:
    """Whether the edition would execute a chapter (the same cache key) that one of `others`, still
    under way, executes too: then it waits for theirs to be stored and reuses it, as one after another.
    `known`: each params file's keys, computed once."""
    if not others or opts.force:  # forced: every chapter is executed again anyway
        return False
    store = cache_mod.ExecutionCache(opts.cache_dir)

    def keys(path) -> set:
        if path not in known:
            try:
                edition = load_edition(path)
                known[path] = {p.key for p in plan(edition, chapters_in(edition), store, False) if p.entry is None}
            except Exception:  # noqa: BLE001 - bad input: its build says what is wrong
                known[path] = set()
        return known[path]

    return any(keys(params) & keys(other) for other in others)


class _Held:
    """An edition's progress lines, held (if `held`) until `release()`, when the edition before has said
    its last; then said as they come."""

    def __init__(self, progress: Progress, held: bool = True):
        self.progress, self.held = progress, [] if held else None

    def __getattr__(self, name):
        method = getattr(self.progress, name)

        def say(*args):
            if self.held is None:
                return method(*args)
            self.held.append((method, args))

        return say

    def release(self) -> None:
        held, self.held = self.held or [], None
        for method, args in held:
            method(*args)


class BatchError(PanelbookError):
    """Some editions of a batch were not built; the others were. `failures`: (params file, its error)
    in the editions' order; `built`: the other editions' summaries."""

    def __init__(self, failures: list[tuple[str, Exception]], built: list[dict]):
        self.failures, self.built = failures, built
        super().__init__("\n".join(f"{Path(f).stem}: {exc}" for f, exc in failures))


# -- `panelbook papers`: the papers of a build (this module builds; papers.py only writes them) ----------
def _build_is_current(out: Path, edition, chapters) -> bool:
    """DIR holds this edition's build, made from the same parameters and input files."""
    register_file = out / "figures" / "register.json"
    if not register_file.is_file() or not (out / "notebooks").is_dir():
        return False
    try:
        register = json.loads(register_file.read_text(encoding="utf-8"))
    except ValueError:
        return False
    if register.get("edition") != edition.slug:
        return False
    if any(not (out / "notebooks" / f"{c.slug}.ipynb").is_file() for c in chapters):
        return False
    try:
        same_params = json.loads(json.dumps(provenance.edition_parameters(edition), default=str)) == \
            register.get("parameters")
        hashes = {f["file"]: f["sha256"] for f in provenance.input_files(edition, chapters)}
        same_inputs = hashes == {f["file"]: f["sha256"] for f in register.get("inputs", []) if f["file"] in hashes}
    except (KeyError, TypeError, OSError):  # an older register layout: trust the edition name
        return True
    return same_params and same_inputs


def cmd_papers(args) -> int:
    """`panelbook papers PARAMS.yaml [--out DIR]`: reuse DIR's build if current, else build; then draft."""
    from .chapters import chapters_in
    from .papers import paper_meta, papers_params, pdf_copies, write_papers
    from .params import load_edition

    edition = load_edition(args.params)
    papers_params(edition)  # a bad `papers:` block fails before a long build
    chapters = chapters_in(edition)
    out = release.claim(args.out)
    if _build_is_current(out, edition, chapters):
        print(f"Using the build of {edition.slug} in {out}")
    else:
        print(f"Building {edition.slug} into {out} first")
        build(args.params, out)
    with release.locked(out):  # a published release never changes: the papers go into a new one
        staged = release.amend(out, replaced=("papers",))
        try:
            written = write_papers(edition, chapters, staged / "notebooks", staged / "figures", staged / "papers")
            if getattr(args, "pdf", False):
                written += pdf_copies(written, staged / "papers", paper_meta(edition).date)
        except BaseException:
            release.clean_leftovers(out)  # the half-written release goes; the current one is untouched
            raise
        release.publish(out, staged, release.book_key_of(out) or "")
    for path in written:
        print(out / "papers" / path.name)
    return 0
