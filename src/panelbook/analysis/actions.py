"""Improvement-plan progress: RAG status by plan and theme, overdue actions, change since last edition."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..params import StrictModel


class Params(StrictModel):
    as_at: dt.date | None = None
    previous: Path | None = None
    rag_key: dict[str, str] | None = None
