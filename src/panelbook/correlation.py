"""Association between two ordered grades: rank correlations, Cramér's V, odds ratios, Fisher z.

Kept apart from any general statistics module because every function here works on grade
*scores* (integers 1..k in scale order) and must say "not computable" - with the reason -
instead of returning NaN or raising when the data cannot support the statistic (one grade
level only, too few cases, a 2x2 table with an empty margin). Point estimates and p-values
come from scipy so that they can be checked against it; the bootstrap is ours because it is
done on the grade cross-tab (a resample of n cases is a multinomial draw of the cell counts),
which costs the same for 100 cases as for 100,000 and is seeded, so a book is deterministic.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NOT_COMPUTABLE = "not computable"
FIELLER_VAR = 1.06  # var(atanh(Spearman rho)) ~ 1.06 / (n - 3) (Fieller, Hartley & Pearson 1957)


@dataclass(frozen=True)
class Result:
    """A statistic, or why it could not be computed (value None, reason set)."""

    value: float | None
    p_value: float | None = None
    ci: tuple[float, float] | None = None
    reason: str = ""
    method: str = ""

    @property
    def computable(self) -> bool:
        return self.value is not None

    @classmethod
    def no(cls, reason: str) -> "Result":
        return cls(None, reason=reason)


def _pair(x, y) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError("x and y must be 1-d arrays of the same length")
    keep = ~(np.isnan(x) | np.isnan(y))  # pairwise: a case counts only with both grades
    return x[keep], y[keep]


def why_not(x, y, min_n: int = 3) -> str:
    """'' when a rank correlation of x and y can be computed, else the reason in words."""
    x, y = _pair(x, y)
    if len(x) < min_n:
        return f"fewer than {min_n} cases with both grades"
    if len(np.unique(x)) < 2:
        return "every case has the same first grade"
    if len(np.unique(y)) < 2:
        return "every case has the same second grade"
    return ""


def spearman(x, y) -> Result:
    """Spearman's rho (ties given mid-ranks) with scipy's two-sided p."""
    from scipy import stats  # here, not at import: the build process never needs scipy

    reason = why_not(x, y)
    if reason:
        return Result.no(reason)
    x, y = _pair(x, y)
    res = stats.spearmanr(x, y)
    return Result(float(res.statistic), float(res.pvalue))


def kendall_tau_b(x, y) -> Result:
    """Kendall's tau-b (corrected for ties, right for square grade tables) with scipy's p."""
    from scipy import stats

    reason = why_not(x, y)
    if reason:
        return Result.no(reason)
    x, y = _pair(x, y)
    res = stats.kendalltau(x, y, variant="b")
    return Result(float(res.statistic), float(res.pvalue))


def crosstab(x, y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counts of (x level, y level) over the levels present: (table, x levels, y levels)."""
    x, y = _pair(x, y)
    xl, xi = np.unique(x, return_inverse=True)
    yl, yi = np.unique(y, return_inverse=True)
    table = np.zeros((len(xl), len(yl)), dtype=np.int64)
    np.add.at(table, (xi, yi), 1)
    return table, xl, yl


def spearman_from_tables(tables: np.ndarray) -> np.ndarray:
    """Spearman's rho of each cross-tab in a stack (..., r, c), from mid-ranks of the margins.

    Equal to scipy's spearmanr on the expanded cases; NaN where a margin has one level.
    """
    t = np.asarray(tables, dtype=float)
    n = t.sum(axis=(-2, -1))
    rows, cols = t.sum(axis=-1), t.sum(axis=-2)
    rrank = np.cumsum(rows, axis=-1) - (rows - 1) / 2  # mid-rank of each row level
    crank = np.cumsum(cols, axis=-1) - (cols - 1) / 2
    mean = (n + 1) / 2
    rd, cd = rrank - mean[..., None], crank - mean[..., None]
    cov = np.einsum("...i,...ij,...j->...", rd, t, cd)
    vr = np.einsum("...i,...i->...", rows, rd ** 2)
    vc = np.einsum("...j,...j->...", cols, cd ** 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return cov / np.sqrt(vr * vc)


def spearman_bootstrap_ci(x, y, resamples: int = 2000, seed: int = 2014, level: float = 0.95) -> Result:
    """Percentile bootstrap CI for Spearman's rho, resampling cases with replacement.

    value is the share of resamples that gave a rho (a resample with one grade level gives
    none); ci is (low, high). Seeded: the same data and seed give the same interval.
    """
    reason = why_not(x, y)
    if reason:
        return Result.no(reason)
    if resamples < 100:
        return Result.no("fewer than 100 bootstrap resamples asked for")
    table, _, _ = crosstab(x, y)
    n = int(table.sum())
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(n, (table / n).ravel(), size=resamples).reshape(resamples, *table.shape)
    rhos = spearman_from_tables(draws)
    ok = rhos[~np.isnan(rhos)]
    if len(ok) < 0.9 * resamples:
        return Result.no("too few resamples had more than one grade level")
    alpha = (1 - level) / 2
    low, high = np.quantile(ok, [alpha, 1 - alpha])
    return Result(len(ok) / resamples, ci=(float(low), float(high)))


def cramers_v(x, y) -> Result:
    """Cramér's V from the (uncorrected) chi-square of the cross-tab of levels present; p of that chi-square."""
    from scipy import stats

    table, xl, yl = crosstab(x, y)
    if table.sum() < 2:
        return Result.no("fewer than 2 cases with both grades")
    if len(xl) < 2 or len(yl) < 2:
        return Result.no("every case has the same grade on one side")
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    v = np.sqrt(chi2 / (table.sum() * (min(table.shape) - 1)))
    return Result(float(v), float(p))


EXACT_OR_MAX_N = 5000  # above this the exact interval costs seconds per group and adds nothing


def odds_ratio(a, b, level: float = 0.95) -> Result:
    """Odds ratio of `b` given `a` versus not `a`, with a CI; p from Fisher's exact test.

    a, b: boolean arrays (e.g. supervision / plan at or above the threshold). The 2x2 is
    [[a&b, a&~b], [~a&b, ~a&~b]]; an empty row or column makes it not computable. Up to
    EXACT_OR_MAX_N cases: the conditional MLE with its exact interval (scipy), where a zero cell
    makes the estimate or a bound infinite; above: the sample odds ratio with Woolf's log interval
    (0.5 added to every cell if one is zero), which agrees closely at that size.
    """
    from scipy import stats
    from scipy.stats import contingency

    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    table = np.array([[np.sum(a & b), np.sum(a & ~b)], [np.sum(~a & b), np.sum(~a & ~b)]])
    if (table.sum(axis=1) == 0).any():
        return Result.no("every case is on the same side of the threshold for the first grade")
    if (table.sum(axis=0) == 0).any():
        return Result.no("every case is on the same side of the threshold for the second grade")
    p = float(stats.fisher_exact(table).pvalue)
    if table.sum() <= EXACT_OR_MAX_N:
        res = contingency.odds_ratio(table, kind="conditional")
        ci = res.confidence_interval(confidence_level=level)
        return Result(float(res.statistic), p, (float(ci.low), float(ci.high)), method="exact")
    t = table + 0.5 if (table == 0).any() else table.astype(float)
    log_or = np.log(t[0, 0] * t[1, 1] / (t[0, 1] * t[1, 0]))
    half = stats.norm.ppf(0.5 + level / 2) * np.sqrt((1 / t).sum())
    return Result(float(np.exp(log_or)), p, (float(np.exp(log_or - half)), float(np.exp(log_or + half))), method="woolf")


def _z(rho: float, n: int) -> tuple[float, float] | None:
    if n <= 3 or not np.isfinite(rho) or abs(rho) >= 1:
        return None
    return float(np.arctanh(rho)), FIELLER_VAR / (n - 3)


def compare_rhos(rho1: float | None, n1: int, rho2: float | None, n2: int) -> Result:
    """Is the difference between two independent groups' Spearman rhos beyond chance? (Fisher z).

    value is z = (atanh r1 - atanh r2) / sqrt(1.06/(n1-3) + 1.06/(n2-3)); p two-sided.
    """
    from scipy import stats

    if rho1 is None or rho2 is None:
        return Result.no("a rho is not computable")
    a, b = _z(rho1, n1), _z(rho2, n2)
    if a is None or b is None:
        return Result.no("needs more than 3 cases and |rho| below 1 in both groups")
    z = (a[0] - b[0]) / np.sqrt(a[1] + b[1])
    return Result(float(z), float(2 * stats.norm.sf(abs(z))))


def heterogeneity(rhos, ns) -> Result:
    """Cochran's Q on Fisher-z rhos: do the groups' correlations differ beyond chance? (chi-square, k-1 df)."""
    from scipy import stats

    zs = [_z(r, n) for r, n in zip(rhos, ns) if r is not None]
    zs = [z for z in zs if z is not None]
    if len(zs) < 2:
        return Result.no("fewer than 2 groups with a usable rho")
    z = np.array([v for v, _ in zs])
    w = 1 / np.array([var for _, var in zs])
    q = float(np.sum(w * (z - np.sum(w * z) / np.sum(w)) ** 2))
    return Result(q, float(stats.chi2.sf(q, len(zs) - 1)))
