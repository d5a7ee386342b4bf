"""One progress line per chapter, on stderr, so a long build shows where it is."""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, stream=None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self._t: dict[str, float] = {}

    def _say(self, text: str) -> None:
        if not self.quiet:
            print(text, file=self.stream, flush=True)

    def start(self, name: str, i: int, n: int) -> None:
        self._t[name] = time.perf_counter()
        self._say(f"[{i}/{n}] {name}: running")

    def done(self, name: str, text: str) -> None:
        self._say(f"      {name}: {text}")

    def note(self, text: str) -> None:
        self._say(f"... {text}")
