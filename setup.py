"""The wheel carries the book's resources as package data (panelbook/resources/), copied at build time
from the checkout's top level, which stays their single source of truth (see panelbook/resources.py).
Everything else about the package is declared in pyproject.toml."""
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "src"))
from panelbook.resources import SHIPPED  # noqa: E402  (the one list of what ships)

IGNORED = shutil.ignore_patterns("chapters", "_build", "_generated", ".ipynb_checkpoints", "__pycache__")


class BuildWithResources(build_py):
    """build_py, then the book's sources into the build's panelbook/resources (never into the checkout)."""

    def run(self):
        super().run()
        target = Path(self.build_lib) / "panelbook" / "resources"
        for name in SHIPPED:
            src, dst = HERE / name, target / name
            if src.is_dir():
                shutil.copytree(src, dst, ignore=IGNORED, dirs_exist_ok=True)
            else:
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)


setup(cmdclass={"build_py": BuildWithResources})
