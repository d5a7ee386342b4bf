"""Each chapter notebook re-executes cleanly under nbval (lax: cells marked NBVAL_CHECK_OUTPUT must
reproduce their output exactly), and its exports are byte-identical from run to run."""
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE_PARAMS

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


from panelbook.runner import _kernel_manager_class  # noqa: E402


def execute(notebook: Path, out: Path, export_dir: Path) -> Path:
    import papermill as pm

    pm.execute_notebook(str(notebook), str(out), parameters={"params_file": str(SAMPLE_PARAMS),
                        "export_dir": str(export_dir)}, kernel_name="python3", progress_bar=False,
                        cwd=str(ROOT / "notebooks"), kernel_manager_class=_kernel_manager_class())
    return out


def _in_edition(notebook: Path) -> bool:
    from panelbook.chapters import chapter_by_slug
    from panelbook.params import load_edition

    return load_edition(SAMPLE_PARAMS).section(chapter_by_slug(notebook.stem).section) is not None


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_nbval_lax(notebook, tmp_path):
    if not _in_edition(notebook):
        pytest.skip("chapter not in the sample edition")
    executed = execute(notebook, tmp_path / notebook.name, tmp_path / "figures")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                           "--nbval-sanitize-with", str(ROOT / "tests" / "nbval-sanitize.cfg"), str(executed)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-5000:]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_exports_are_deterministic(notebook, tmp_path):
    if not _in_edition(notebook):
        pytest.skip("chapter not in the sample edition")
    a, b = tmp_path / "a", tmp_path / "b"
    execute(notebook, tmp_path / "a.ipynb", a)
    execute(notebook, tmp_path / "b.ipynb", b)
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir()) and names
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
