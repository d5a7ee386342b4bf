"""The execution cache: what invalidates which chapter, corruption, no-op rebuilds, --jobs determinism, Dask."""
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SMALL_EDITION, SMALL_TITLE, run_cli, use_page
from panelbook.chapters import chapter_by_slug
from panelbook import build as b
from panelbook import cache as cache_mod
from panelbook.params import load_edition

pytestmark = pytest.mark.slow  # every test here builds an edition or executes a chapter

EDITION = SMALL_EDITION.format(title=SMALL_TITLE)


@pytest.fixture(scope="module")
def built(small_build, tmp_path_factory):
    """A copy of the session's small build (both chapters executed cold there) for this module to change:
    WS/cache holds the executed chapters (cache_dir), WS/last what the last build depended on."""
    ws = tmp_path_factory.mktemp("cache")
    shutil.copytree(small_build / "data", ws / "data")
    shutil.copy2(small_build / "edition.yaml", ws / "edition.yaml")
    shutil.copytree(small_build / "_build", ws / "_build", symlinks=True)  # the release links stay links
    shutil.copytree(small_build / "cache" / "chapters", ws / "cache")
    shutil.copytree(small_build / "cache" / "last", ws / "last")
    assert (ws / "edition.yaml").read_text() == EDITION
    return ws


def plans(ws, params="edition.yaml"):
    edition = load_edition(ws / params)
    from panelbook.chapters import chapters_in

    store = cache_mod.ExecutionCache(ws / "cache")
    return {p.chapter.slug: p for p in b.plan(edition, chapters_in(edition), store, force=False)}


def reused(ws, **kw):
    return {slug: p.entry is not None for slug, p in plans(ws, **kw).items()}


def test_nothing_changed_nothing_executed_and_book_untouched(built):
    before = {p: p.stat().st_mtime_ns for p in (built / "_build" / "html").rglob("*") if p.is_file()}
    summary = b.build(built / "edition.yaml", built / "_build", opts=b.Options(cache_dir=built / "cache"))
    assert summary["up_to_date"] and summary["executed"] == []
    after = {p: p.stat().st_mtime_ns for p in (built / "_build" / "html").rglob("*") if p.is_file()}
    assert after == before


def test_changed_data_file_invalidates_only_its_chapter(built, tmp_path):
    ws = tmp_path
    shutil.copytree(built / "data", ws / "data")
    (ws / "edition.yaml").write_text(EDITION)
    shutil.copytree(built / "cache", ws / "cache")
    assert reused(ws) == {"missing": True, "complaints": True}
    with open(ws / "data" / "complaints.csv", "a") as fh:
        fh.write("\n")  # a trailing blank row: same data for the reader, a different file
    assert reused(ws) == {"missing": True, "complaints": False}


def test_a_rebuild_validates_only_the_chapters_it_executes(built, tmp_path, monkeypatch):
    """A chapter from the cache was validated by the build that stored it (its key holds its inputs'
    bytes, parameters and code): only the executed chapter's inputs are read again, and a bad one fails."""
    from panelbook.chapters import Chapter

    shutil.copytree(built / "data", tmp_path / "data")
    (tmp_path / "edition.yaml").write_text(EDITION)
    shutil.copytree(built / "cache", tmp_path / "cache")
    read = []
    load = Chapter.load
    monkeypatch.setattr(Chapter, "load", lambda self, *a, **k: read.append(self.slug) or load(self, *a, **k))
    edition = load_edition(tmp_path / "edition.yaml")
    reused_slugs = frozenset(slug for slug, hit in reused(tmp_path).items() if hit)
    assert b.validate(tmp_path / "edition.yaml", edition, reused_slugs)[1] == [] and read == []
    complaints = tmp_path / "data" / "complaints.csv"
    lines = complaints.read_text().splitlines(keepends=True)
    received = lines[1].split(",")[1]
    complaints.write_text(lines[0] + lines[1].replace(received, "not-a-date", 1) + "".join(lines[2:]))
    reused_slugs = frozenset(slug for slug, hit in reused(tmp_path).items() if hit)
    assert reused_slugs == {"missing"}
    problems = b.validate(tmp_path / "edition.yaml", load_edition(tmp_path / "edition.yaml"), reused_slugs)[1]
    assert read == ["complaints"] and any("not-a-date" in str(p) for p in problems), problems


def test_changed_parameter_invalidates_only_its_chapter(built, tmp_path):
    (built / "as_at.yaml").write_text(EDITION.replace("as_at: 2013-09-30", "as_at: 2013-10-31"))
    assert reused(built, params="as_at.yaml") == {"missing": False, "complaints": True}
    (built / "title.yaml").write_text(EDITION.replace(SMALL_TITLE, "Another title"))
    assert reused(built, params="title.yaml") == {"missing": False, "complaints": False}


def _changed_page(tmp_path: Path, cell_type: str, added: str) -> Path:
    """A copy of the complaints chapter's page with `added` at the end of its first cell of that type
    (code: the first after the parameters)."""
    import nbformat

    nb = nbformat.read(str(chapter_by_slug("complaints").page), as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == cell_type and "parameters" not in c.metadata.get("tags", []))
    cell.source += added
    page = tmp_path / "complaints.ipynb"
    nbformat.write(nb, str(page))
    return page


def test_changed_notebook_code_invalidates_only_its_chapter(built, tmp_path, monkeypatch):
    use_page(monkeypatch, "complaints", _changed_page(tmp_path, "code", "\n# an analyst's comment"))
    assert reused(built) == {"missing": True, "complaints": False}
    assert "notebook code" in plans(built)["complaints"].reason


def test_changed_prose_alone_executes_nothing(built, tmp_path, monkeypatch):
    """Markdown is not executed: a page whose wording changed reuses its outputs (runner.with_prose_of)."""
    use_page(monkeypatch, "complaints", _changed_page(tmp_path, "markdown", "\n\nReworded."))
    assert reused(built) == {"missing": True, "complaints": True}


def test_changed_package_version_invalidates_every_chapter(built, monkeypatch):
    from panelbook import provenance

    real = provenance.package_versions()
    monkeypatch.setattr(provenance, "package_versions", lambda: {**real, "pandas": "0.0.1"})
    assert reused(built) == {"missing": False, "complaints": False}


def test_corrupted_entry_is_detected_and_never_served(built, tmp_path):
    shutil.copytree(built / "cache", tmp_path / "cache")
    shutil.copytree(built / "data", tmp_path / "data")
    (tmp_path / "edition.yaml").write_text(EDITION)
    p = plans(tmp_path)["missing"]
    target = p.entry.figures / "missing-by-age.csv"
    target.write_text(target.read_text().replace("84", "85"))
    assert plans(tmp_path)["missing"].entry is None  # detected, discarded
    assert not p.entry.notebook.parent.exists()
    summary = b.build(tmp_path / "edition.yaml", tmp_path / "_build", opts=b.Options(cache_dir=tmp_path / "cache", jobs=1))
    assert summary["executed"] == ["missing"]
    assert ",84" in (tmp_path / "_build" / "figures" / "missing-by-age.csv").read_text()


def test_explain_says_why(built, tmp_path):
    import io

    from panelbook.progress import Progress

    shutil.copytree(built / "data", tmp_path / "data")
    (tmp_path / "edition.yaml").write_text(EDITION)
    shutil.copytree(built / "cache", tmp_path / "cache")
    shutil.copytree(built / "last", tmp_path / "last")  # what the last build of this edition depended on
    with open(tmp_path / "data" / "children.csv", "a") as fh:
        fh.write("\n")
    out = io.StringIO()
    b.build(tmp_path / "edition.yaml", tmp_path / "_build", Progress(stream=out),
            b.Options(cache_dir=tmp_path / "cache", explain=True, jobs=1))
    text = out.getvalue()
    assert "missing: executed: changed data children.csv" in text
    assert "complaints: reused: nothing it depends on changed" in text


def _exports(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_parallel_and_serial_builds_give_identical_exports(built, tmp_path):
    """With --jobs 2 the chapters, and then the workbook, tidy CSVs and papers, are made by pool workers;
    with --jobs 1 by the build itself, one after another: the same files either way."""
    one = b.build(built / "edition.yaml", tmp_path / "one", opts=b.Options(cache_dir=tmp_path / "c1", jobs=1, force=True))
    two = b.build(built / "edition.yaml", tmp_path / "two", opts=b.Options(cache_dir=tmp_path / "c2", jobs=2, force=True))
    assert one["executed"] and two["executed"]
    for part in ("figures", "papers"):
        a, c = _tree(tmp_path / "one" / part), _tree(tmp_path / "two" / part)
        assert a.keys() == c.keys() and len(a) > (10 if part == "figures" else 0), part
        assert "all-tables.xlsx" in a or part == "papers"
        assert any(n.startswith("tidy/") for n in a) or part == "papers"
        for name in a:
            assert a[name] == c[name], name


def test_dask_scheduler_runs_the_chapters(built, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        proc = run_cli("build", built / "edition.yaml", "--out", tmp_path / "dask", "--force",
                       "--dask-scheduler", cluster.scheduler_address)
    assert "(dask)" in proc.stderr
    assert _exports(tmp_path / "dask" / "figures")["missing-by-age.csv"] == \
        (built / "_build" / "figures" / "missing-by-age.csv").read_bytes()


def test_many_editions_into_their_own_folders(built, tmp_path):
    (tmp_path / "a.yaml").write_text(EDITION.replace("data_dir: data", f"data_dir: {built / 'data'}"))
    (tmp_path / "b.yaml").write_text(EDITION.replace("data_dir: data", f"data_dir: {built / 'data'}")
                                     .replace("complaints:\n  period_start: 2013-09-01\n  period_end: 2014-02-28\n", ""))
    proc = run_cli("build", tmp_path / "a.yaml", tmp_path / "b.yaml", "--out", tmp_path / "region")
    assert (tmp_path / "region" / "a" / "html" / "index.html").is_file()
    assert (tmp_path / "region" / "b" / "figures" / "missing-by-age.csv").is_file()
    assert not (tmp_path / "region" / "b" / "figures" / "complaints-by-service.csv").exists()
    assert proc.stdout.count("Built ") == 2


def test_incremental_book_shows_the_changed_page_and_keeps_the_others(built, tmp_path, monkeypatch):
    """A change of prose: nothing executed, the page shows it, the other pages are untouched, and the
    chapter's notebook is byte for byte what executing the changed page gives."""
    shutil.copytree(built / "data", tmp_path / "data")
    (tmp_path / "edition.yaml").write_text(EDITION)
    opts = b.Options(cache_dir=built / "cache", jobs=1)
    b.build(tmp_path / "edition.yaml", tmp_path / "_build", opts=opts)
    assert (tmp_path / "_build" / ".book-build").is_dir()  # Sphinx's environment, kept for the next build
    before = (tmp_path / "_build" / "html" / "chapters" / "missing.html").read_text()
    sentence = "A sentence added for the incremental test."
    use_page(monkeypatch, "complaints", _changed_page(tmp_path, "markdown", f"\n\n{sentence}"))
    summary = b.build(tmp_path / "edition.yaml", tmp_path / "_build", opts=opts)
    assert summary["executed"] == [] and not summary["up_to_date"]
    assert sentence in (tmp_path / "_build" / "html" / "chapters" / "complaints.html").read_text()
    assert (tmp_path / "_build" / "html" / "chapters" / "missing.html").read_text() == before
    forced = b.build(tmp_path / "edition.yaml", tmp_path / "forced", opts=b.Options(cache_dir=tmp_path / "c", jobs=1,
                                                                                   force=True))
    assert forced["executed"] == ["missing", "complaints"]
    for name in ("notebooks/complaints.ipynb", "notebooks/missing.ipynb"):  # but the paths of the build
        assert _without_paths(tmp_path / "_build" / name) == _without_paths(tmp_path / "forced" / name), name


def _without_paths(notebook: Path) -> dict:
    """An executed notebook without its injected parameters' source (the paths of the build that ran it)."""
    nb = json.loads(notebook.read_text())
    for cell in nb["cells"]:
        if "injected-parameters" in cell["metadata"].get("tags", []):
            cell["source"] = "(paths)"
    assert any(c["cell_type"] == "markdown" for c in nb["cells"]) and any(c.get("outputs") for c in nb["cells"])
    return nb


def test_the_cache_lives_in_the_per_user_cache_folder(monkeypatch, tmp_path):
    """PANELBOOK_CACHE, else $XDG_CACHE_HOME/panelbook, else ~/.cache/panelbook: never the checkout."""
    from panelbook import cache, resources

    monkeypatch.setenv("PANELBOOK_CACHE", str(tmp_path / "mine"))
    assert cache.default_dir() == tmp_path / "mine" / "chapters"
    monkeypatch.delenv("PANELBOOK_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert resources.cache_dir() == tmp_path / "xdg" / "panelbook"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert resources.cache_dir() == tmp_path / "home" / ".cache" / "panelbook"
    assert resources.checkout() is None or resources.checkout() not in resources.cache_dir().parents


def _stored_entry(store, key: str, tmp_path: Path) -> Path:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "t.csv").write_text("a\n1\n")
    (tmp_path / "nb.ipynb").write_text("{}")
    store.put(key, tmp_path / "nb.ipynb", tmp_path / "figures", {"data": "x"})
    return store._dir(key)


@pytest.mark.parametrize("theirs_whole", [True, False])
def test_two_builds_storing_one_key_at_once(tmp_path, monkeypatch, theirs_whole):
    """Builds sharing a cache (a batch, two analysts, the suite's workers) may store the same chapter at
    the same moment: the entry that lands first stands; a half-written one is never taken for it."""
    store = cache_mod.ExecutionCache(tmp_path / "cache")
    key = "ab" + "0" * 62
    theirs = tmp_path / "theirs"
    shutil.copytree(_stored_entry(store, key, tmp_path), theirs)
    if not theirs_whole:
        (theirs / "manifest.json").unlink()

    def lands_meanwhile(src, dst):  # the other build's rename comes between our rmtree and ours
        shutil.copytree(theirs, dst)
        raise OSError(39, "Directory not empty")

    monkeypatch.setattr(cache_mod.os, "replace", lands_meanwhile)
    if theirs_whole:
        store.put(key, tmp_path / "nb.ipynb", tmp_path / "figures", {"data": "x"})
        assert store.get(key) is not None
    else:
        with pytest.raises(OSError):
            store.put(key, tmp_path / "nb.ipynb", tmp_path / "figures", {"data": "x"})
    assert not list((tmp_path / "cache").glob(".put-*"))


def _paper_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_a_build_of_cached_chapters_copies_the_papers_and_workbook_it_made_before(built, tmp_path, monkeypatch):
    """Papers and the workbook are kept under the hash of what they are made from (cache.MadeFiles): a
    second build of cached chapters copies them (nothing is made again), and a chapter whose wording
    changed gets its paper made again, with the new words, while the other chapter's stays the same."""
    import panelbook.papers as papers_mod
    import panelbook.spreadsheets as spreadsheets_mod

    shutil.copytree(built / "cache", tmp_path / "cache")
    opts = b.Options(cache_dir=tmp_path / "cache", jobs=2)
    assert b.build(built / "edition.yaml", tmp_path / "first", opts=opts)["executed"] == []
    kept = sorted((tmp_path / "made").rglob("*.sha256"))
    assert len(kept) == 3  # two papers and the workbook

    def never(*args, **kwargs):
        raise AssertionError("made again, though made from the same inputs before")

    with monkeypatch.context() as m:  # a build of cached chapters makes its papers and workbook in this process
        m.setattr(papers_mod, "_make_paper", never)
        m.setattr(spreadsheets_mod, "book_workbook", never)
        b.build(built / "edition.yaml", tmp_path / "second", opts=opts)
    for part in ("papers", "figures"):
        assert _tree(tmp_path / "first" / part) == _tree(tmp_path / "second" / part), part

    sentence = "A sentence added for the papers' cache."
    use_page(monkeypatch, "complaints", _changed_page(tmp_path, "markdown", f"\n\n{sentence}"))
    assert b.build(built / "edition.yaml", tmp_path / "third", opts=opts)["executed"] == []
    assert sentence in _paper_text(tmp_path / "third" / "papers" / "complaints.docx")
    assert sentence not in _paper_text(tmp_path / "first" / "papers" / "complaints.docx")
    for name in ("papers/missing.docx", "figures/all-tables.xlsx"):
        assert (tmp_path / "third" / name).read_bytes() == (tmp_path / "first" / name).read_bytes(), name
