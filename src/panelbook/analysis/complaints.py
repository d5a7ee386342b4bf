"""Complaints from children and young people, and Coram Voice advocacy outcomes."""
from __future__ import annotations

import datetime as dt

from ..params import PeriodParams


class Params(PeriodParams):
    advocacy_period_start: dt.date | None = None
    advocacy_period_end: dt.date | None = None
    age_bands: list[tuple[int, int, str]] | None = None
    children_in_care: dict[str, int] | None = None
