"""The up-to-date check stays light: a no-op rebuild must not pay for altair or pandas imports.

Correctness of laziness, not a timing: each check runs in a fresh interpreter and looks at sys.modules."""
import subprocess
import sys

import pytest


def _loaded(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True).stdout.split()
    return {m.split(".")[0] for m in out}


def test_build_module_imports_no_pandas_numpy_or_altair():
    loaded = _loaded("import panelbook.build, panelbook.cli")
    assert not loaded & {"pandas", "numpy", "altair", "vl_convert", "scipy", "gptables", "xlsxwriter", "docx"}


@pytest.mark.parametrize("heavy", ["altair", "vl_convert", "gptables", "docx"])
def test_loading_the_chapters_modules_for_their_params_imports_no_chart_or_export_library(heavy):
    loaded = _loaded("from panelbook.chapters import CHAPTERS\nfor c in CHAPTERS: c.params_model()")
    assert heavy not in loaded
