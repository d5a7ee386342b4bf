"""Quality-assurance audits: grades by month and group, and supervision against plans."""
from __future__ import annotations

from ..params import PeriodParams


class Bootstrap(PeriodParams.__base__):
    resamples: int = 2000
    seed: int = 2014


class Params(PeriodParams):
    scale: list[str] = ["inadequate", "adequate", "good", "outstanding"]
    threshold: str = "adequate"
    bootstrap: Bootstrap = Bootstrap()
