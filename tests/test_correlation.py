"""The association statistics: known answers on tiny tables, equality with scipy, 'not computable'."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from scipy.stats import contingency

from panelbook import correlation as c


def _sample(seed=1, n=300):
    r = np.random.default_rng(seed)
    x = r.integers(1, 5, n)
    y = np.clip(x + r.integers(-1, 2, n), 1, 4)
    return x, y


def test_perfect_agreement_gives_one():
    x = [1, 2, 3, 4, 1, 2, 3, 4]
    assert c.spearman(x, x).value == pytest.approx(1.0)
    assert c.kendall_tau_b(x, x).value == pytest.approx(1.0)
    assert c.cramers_v(x, x).value == pytest.approx(1.0)


def test_perfect_disagreement_gives_minus_one():
    x = np.array([1, 2, 3, 4, 1, 2, 3, 4])
    assert c.spearman(x, 5 - x).value == pytest.approx(-1.0)
    assert c.kendall_tau_b(x, 5 - x).value == pytest.approx(-1.0)


def test_independence_gives_v_near_zero():
    # every combination of levels equally often: exactly independent
    x, y = np.meshgrid(np.arange(1, 5), np.arange(1, 5))
    x, y = np.repeat(x.ravel(), 10), np.repeat(y.ravel(), 10)
    assert c.cramers_v(x, y).value == pytest.approx(0.0, abs=1e-12)
    assert c.spearman(x, y).value == pytest.approx(0.0, abs=1e-12)
    assert c.odds_ratio(x >= 2, y >= 2).value == pytest.approx(1.0)


@pytest.mark.parametrize("x, y", [([2, 2, 2, 2], [1, 2, 3, 4]), ([1, 2, 3, 4], [3, 3, 3, 3]), ([1, 2], [1, 2]), ([], [])])
def test_one_grade_level_or_too_few_is_not_computable(x, y):
    fs = [c.spearman, c.kendall_tau_b] + ([c.cramers_v] if len(set(x)) < 2 or len(set(y)) < 2 else [])
    for f in fs:
        res = f(x, y)
        assert res.value is None and not res.computable and res.reason
    boot = c.spearman_bootstrap_ci(x, y, resamples=200, seed=1)
    assert boot.ci is None and boot.reason


def test_missing_grades_are_dropped_pairwise():
    x = [1, 2, np.nan, 3, 4]
    y = [1, 2, 4, np.nan, 4]
    assert c.spearman(x, y).value == pytest.approx(stats.spearmanr([1, 2, 4], [1, 2, 4]).statistic)


def test_equal_to_scipy_on_the_same_data():
    x, y = _sample()
    assert c.spearman(x, y).value == pytest.approx(stats.spearmanr(x, y).statistic)
    assert c.spearman(x, y).p_value == pytest.approx(stats.spearmanr(x, y).pvalue)
    tau = stats.kendalltau(x, y, variant="b")
    assert c.kendall_tau_b(x, y).value == pytest.approx(tau.statistic)
    assert c.kendall_tau_b(x, y).p_value == pytest.approx(tau.pvalue)
    table, _, _ = c.crosstab(x, y)
    assert c.cramers_v(x, y).value == pytest.approx(contingency.association(table, method="cramer"))


def test_spearman_from_tables_equals_scipy_on_expanded_cases():
    x, y = _sample(seed=7, n=157)
    table, _, _ = c.crosstab(x, y)
    assert c.spearman_from_tables(table) == pytest.approx(stats.spearmanr(x, y).statistic)
    stack = np.stack([table, table.T])
    got = c.spearman_from_tables(stack)
    assert got[0] == pytest.approx(got[1])


def test_bootstrap_is_seeded_and_brackets_rho():
    x, y = _sample()
    a = c.spearman_bootstrap_ci(x, y, resamples=500, seed=2014)
    b = c.spearman_bootstrap_ci(x, y, resamples=500, seed=2014)
    d = c.spearman_bootstrap_ci(x, y, resamples=500, seed=1)
    assert a.ci == b.ci
    assert a.ci != d.ci
    rho = c.spearman(x, y).value
    assert a.ci[0] < rho < a.ci[1]


def test_odds_ratio_matches_scipy_and_known_table():
    a = np.array([True] * 10 + [False] * 10)
    b = np.array([True] * 8 + [False] * 2 + [True] * 3 + [False] * 7)  # 8/2 v 3/7
    res = c.odds_ratio(a, b)
    ref = contingency.odds_ratio([[8, 2], [3, 7]], kind="conditional")
    assert res.value == pytest.approx(ref.statistic)
    assert res.ci == pytest.approx(tuple(ref.confidence_interval(0.95)))
    assert res.p_value == pytest.approx(stats.fisher_exact([[8, 2], [3, 7]]).pvalue)
    assert res.value > 1


def test_odds_ratio_with_an_empty_margin_is_not_computable():
    assert not c.odds_ratio([True, True, True], [True, False, True]).computable
    assert not c.odds_ratio([True, False, True], [True, True, True]).computable


def test_compare_rhos_fisher_z():
    res = c.compare_rhos(0.7, 103, 0.5, 103)
    z = (np.arctanh(0.7) - np.arctanh(0.5)) / np.sqrt(2 * 1.06 / 100)
    assert res.value == pytest.approx(z)
    assert res.p_value == pytest.approx(2 * stats.norm.sf(z))
    assert c.compare_rhos(0.6, 50, 0.6, 80).value == pytest.approx(0.0)
    assert not c.compare_rhos(1.0, 50, 0.5, 50).computable
    assert not c.compare_rhos(None, 50, 0.5, 50).computable
    assert not c.compare_rhos(0.5, 3, 0.5, 50).computable


def test_heterogeneity_q():
    same = c.heterogeneity([0.5, 0.5, 0.5], [50, 60, 70])
    assert same.value == pytest.approx(0.0) and same.p_value == pytest.approx(1.0)
    diff = c.heterogeneity([0.8, 0.2], [200, 200])
    assert diff.p_value < 0.001
    two = c.compare_rhos(0.8, 200, 0.2, 200)
    assert diff.value == pytest.approx(two.value ** 2)  # with two groups Q = z^2
    assert not c.heterogeneity([0.5, None], [50, 50]).computable


def test_large_tables_use_woolf_interval_close_to_exact():
    a = np.repeat([True, True, False, False], [4000, 1000, 700, 1300])
    b = np.repeat([True, False, True, False], [4000, 1000, 700, 1300])
    res = c.odds_ratio(a, b)
    assert res.method == "woolf"
    assert res.value == pytest.approx(4000 * 1300 / (1000 * 700))
    log_se = np.sqrt(1 / 4000 + 1 / 1000 + 1 / 700 + 1 / 1300)
    assert res.ci[0] == pytest.approx(res.value * np.exp(-1.959963984540054 * log_se))
    exact = contingency.odds_ratio([[4000, 1000], [700, 1300]], kind="conditional")
    assert res.value == pytest.approx(exact.statistic, rel=0.01)
    assert c.odds_ratio(a[::10], b[::10]).method == "exact"
