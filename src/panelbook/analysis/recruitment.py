"""Foster-carer recruitment against targets and the national benchmark; the social-work workforce."""
from __future__ import annotations

import datetime as dt

from ..params import PeriodParams


class Params(PeriodParams):
    year_end: dt.date | None = None
    as_at: dt.date | None = None
    national: dict[str, float] = {}
    targets: dict[str, int] = {}
    vacancy_rate_target: float = 10
