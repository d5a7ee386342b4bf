"""Where the book's resources are read from: the installed package, or the checkout.

The checkout's top level holds the book's sources (`book/` pages, `_static`, `_templates`,
`_config.yml`, the `_toc.yml` template) and stays their single source of truth; the chapters' pages
are in their folders (`panelbook/chapters/<slug>/page.ipynb`, package data).
A wheel carries a copy of them as package data under `panelbook/resources/` (setup.py copies them
at build time), read here with importlib.resources; an editable install or a plain checkout reads
them in place. Nothing here, nor anywhere in panelbook, writes to either location: caches go to
`cache_dir()`.
"""
from __future__ import annotations

import os
from importlib import resources as _importlib_resources
from pathlib import Path

from .errors import PanelbookError

# what a wheel carries, relative to the checkout's top level (setup.py copies exactly these)
SHIPPED = ("book", "_config.yml", "_toc.yml", "params/2014-04-panel.yaml")


def _packaged() -> Path | None:
    root = _importlib_resources.files("panelbook").joinpath("resources")
    return Path(str(root)) if root.joinpath("_config.yml").is_file() else None


def checkout() -> Path | None:
    """The source checkout this package runs from (an editable install), or None when installed."""
    top = Path(__file__).resolve().parents[2]
    return top if (top / "_config.yml").is_file() and (top / "src" / "panelbook").is_dir() else None


def root() -> Path:
    """The folder holding book/, _config.yml and _toc.yml."""
    found = _packaged() or checkout()
    if found is None:
        raise PanelbookError("panelbook's book resources are missing from this installation "
                             "(expected panelbook/resources/_config.yml): reinstall the package")
    return found


def book_dir() -> Path:
    return root() / "book"


def config_file() -> Path:
    return root() / "_config.yml"


def toc_file() -> Path:
    return root() / "_toc.yml"


def sample_edition() -> Path:
    """The first sample edition's parameters (the template `panelbook synth` starts from)."""
    return root() / "params" / "2014-04-panel.yaml"


def cache_dir() -> Path:
    """The per-user cache: PANELBOOK_CACHE, else $XDG_CACHE_HOME/panelbook, else ~/.cache/panelbook."""
    if os.environ.get("PANELBOOK_CACHE"):
        return Path(os.environ["PANELBOOK_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "panelbook"
