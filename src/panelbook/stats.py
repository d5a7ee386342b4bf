"""Shared statistics for the chapters: exact half-up percentages, Wilson intervals, and tests
of whether two periods differ, with verdicts a panel member can read.

Why here: several chapters compare small groups across periods; one implementation keeps the
tests and the wording the same (rounding is `panelbook.numbers`', half up like the papers).
Append new functions at the end; do not change the behaviour of the ones above.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z95 = 1.959963984540054  # two-sided 95% normal quantile
MC_RESAMPLES = 20_000  # Monte Carlo tables for Fisher's test beyond 2x2
MC_SEED = 2014  # fixed so every build gives the same p-value
MIN_EXPECTED = 5  # Cochran's rule: below this expected count, use the exact test


def wilson_ci(k, n, z: float = Z95):
    """Wilson score interval for k successes out of n, as proportions (NaN where n == 0).

    Unlike the textbook p +/- 1.96 SE it stays inside [0, 1] and is sensible for 0/8 or 8/8.
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
        lo, hi = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    lo = np.where(k == 0, 0.0, lo)  # exact ends: no float dust below 0/n or above n/n
    hi = np.where(k == n, 1.0, hi)
    bad = n <= 0
    return np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)


@dataclass(frozen=True)
class TestResult:
    test: str  # "fisher" | "chi-square" | "none"
    p_value: float  # NaN when no test was possible


def expected_counts(table) -> np.ndarray:
    """Expected cell counts under independence (row total x column total / grand total)."""
    t = np.asarray(table, dtype=float)
    total = t.sum()
    if total == 0:
        return np.zeros_like(t)
    return np.outer(t.sum(axis=1), t.sum(axis=0)) / total


def _trim(table) -> np.ndarray:
    """Drop answers nobody gave in either period (they carry no information and break chi-square)."""
    t = np.asarray(table, dtype=np.int64)
    return t[:, t.sum(axis=0) > 0]


def choose_test(table) -> str:
    """'fisher' when any expected count is below MIN_EXPECTED, else 'chi-square'; 'none' if untestable."""
    t = _trim(table)
    if t.ndim != 2 or t.shape[0] != 2 or t.shape[1] == 0 or (t.sum(axis=1) == 0).any():
        return "none"
    if t.shape[1] == 1:  # everyone gave the same answer in both periods: p = 1 exactly
        return "fisher"
    return "fisher" if (expected_counts(t) < MIN_EXPECTED).any() else "chi-square"


def fisher_p(table) -> float:
    """scipy's Fisher exact test: exact for 2x2, seeded Monte Carlo for larger tables."""
    from scipy import stats as _st  # here, not at import: the build process never needs scipy

    t = _trim(table)
    if t.shape[1] == 1:
        return 1.0
    if t.shape == (2, 2):
        return float(_st.fisher_exact(t).pvalue)
    method = _st.MonteCarloMethod(n_resamples=MC_RESAMPLES, rng=np.random.default_rng(MC_SEED))
    return float(_st.fisher_exact(t, method=method).pvalue)


def chi_square_p(table) -> float:
    """scipy's chi-square test of independence (Yates' correction for 2x2, as scipy defaults)."""
    from scipy import stats as _st

    return float(_st.chi2_contingency(_trim(table)).pvalue)


def compare_counts(table) -> TestResult:
    """Test whether the rows (periods) of a 2 x k count table have the same answer distribution."""
    test = choose_test(table)
    if test == "none":
        return TestResult("none", float("nan"))
    p = fisher_p(table) if test == "fisher" else chi_square_p(table)
    return TestResult(test, min(1.0, p))


NO_COMPARISON = "no earlier responses to compare with"
NO_RESPONSES = "no responses in this period"
REAL = "real change: unlikely to be chance alone"
TOO_FEW = "too few responses to tell"
NO_CLEAR = "no clear change: within what chance alone would give"


def verdict(p_value: float, n_before: int, n_now: int, *, alpha: float = 0.05, min_n: int = 30) -> str:
    """Plain English: is the difference between two periods real?

    A non-significant result from small groups is not evidence of 'no change', so below
    `min_n` responses in either period it says 'too few responses to tell'.
    """
    if n_before == 0:
        return NO_COMPARISON
    if n_now == 0:
        return NO_RESPONSES
    if p_value != p_value:  # NaN: nothing varied (e.g. everyone answered the same)
        return TOO_FEW if min(n_before, n_now) < min_n else NO_CLEAR
    if p_value < alpha:
        return REAL
    return TOO_FEW if min(n_before, n_now) < min_n else NO_CLEAR
