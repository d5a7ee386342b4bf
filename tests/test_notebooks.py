"""Each chapter of the sample build re-executes cleanly under nbval (lax: cells marked
NBVAL_CHECK_OUTPUT must reproduce the build's output exactly), and that second, independent
execution exports byte for byte what the build published: exports are deterministic.

One execution per chapter here (nbval's), compared with the session's build (`sample_build`), which
executed each chapter once already.
"""
import json
import subprocess
import sys

import nbformat
import pytest

from conftest import ROOT, SAMPLE_PARAMS

SLUGS = sorted(p.parent.name for p in (ROOT / "src" / "panelbook" / "chapters").glob("*/page.ipynb"))


def _in_edition(slug: str) -> bool:
    from panelbook.chapters import chapter_by_slug
    from panelbook.params import load_edition

    return load_edition(SAMPLE_PARAMS).section(chapter_by_slug(slug).section) is not None


def with_parameters(built, params_file, export_dir):
    """The build's executed notebook with its injected parameters pointed at `export_dir`."""
    nb = nbformat.read(str(built), as_version=4)
    cells = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "the executed notebook keeps exactly one injected-parameters cell"
    cells[0].source = f"params_file = {str(params_file)!r}\nexport_dir = {str(export_dir)!r}\n"
    return nb


def chapter_files(figures, slug: str) -> set[str]:
    """Every file the build's register lists for the chapter's figures, sidecars included."""
    register = json.loads((figures / "register.json").read_text())
    items = [f for f in register["figures"] if f["chapter"] == slug]
    return ({name for f in items for name in f["files"]} | {f"{f['id']}.json" for f in items}
            | key_message_files(figures, slug))


def key_message_files(figures, slug: str) -> set[str]:
    """The chapter's key-messages sidecar and the small trend charts it names (not in the register)."""
    from panelbook import messages

    sidecar = figures / messages.sidecar_name(slug)
    if not sidecar.is_file():
        return set()
    drawn = {m["trend_chart"]["file"] for m in json.loads(sidecar.read_text())["messages"] if m.get("trend_chart")}
    return {sidecar.name} | drawn


def nbval(notebook, cwd) -> subprocess.CompletedProcess:
    """nbval (lax) on one notebook, with the suite's sanitisers, in a pytest of its own."""
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                           "--nbval-sanitize-with", str(ROOT / "tests" / "nbval-sanitize.cfg"), str(notebook)],
                          capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="session")
def reexecuted(sample_build, tmp_path_factory):
    """slug -> (nbval's exit and output, its export folder): each chapter executed once, by nbval."""
    from concurrent.futures import ThreadPoolExecutor

    def run(slug):
        work = tmp_path_factory.mktemp(f"nbval-{slug}")
        exports = work / "exports"
        nb = with_parameters(sample_build / "notebooks" / f"{slug}.ipynb", SAMPLE_PARAMS, exports)
        nbformat.write(nb, str(work / f"{slug}.ipynb"))
        proc = nbval(work / f"{slug}.ipynb", work)
        return slug, (proc.returncode, proc.stdout, exports)

    with ThreadPoolExecutor(max_workers=2) as pool:  # two kernels at a time: the machine has two cores
        return dict(pool.map(run, [s for s in SLUGS if _in_edition(s)]))


def test_nbval_fails_on_a_changed_output(tmp_path):
    """The harness can fail: a checked cell whose stored output differs from its re-execution."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(6 * 7)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="41\n")]
    nb.cells = [cell]
    nbformat.write(nb, str(tmp_path / "changed.ipynb"))
    proc = nbval(tmp_path / "changed.ipynb", tmp_path)
    assert proc.returncode == 1 and "1 failed" in proc.stdout, proc.stdout[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_nbval_lax(slug, reexecuted):
    if slug not in reexecuted:
        pytest.skip("chapter not in the sample edition")
    code, out, _ = reexecuted[slug]
    assert code == 0, out[-5000:]


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_exports_are_deterministic(slug, reexecuted, figures):
    if slug not in reexecuted:
        pytest.skip("chapter not in the sample edition")
    exports = reexecuted[slug][2]
    names = sorted(p.name for p in exports.iterdir())
    expected = chapter_files(figures, slug)
    assert names and set(names) == expected, sorted(set(names) ^ expected)
    for name in names:
        assert (exports / name).read_bytes() == (figures / name).read_bytes(), name
