"""Views of children and young people in care: survey answers by period, and which changes are real."""
from __future__ import annotations

from ..params import StrictModel


class Params(StrictModel):
    period: str
    compare_with: str | None = None
    surveys: list[str] | None = None
