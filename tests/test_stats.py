"""Shared statistics: Wilson intervals, test choice, p-values equal to scipy's."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as st

from panelbook import stats


def test_wilson_ci_known_value_and_bounds():
    lo, hi = stats.wilson_ci(8, 8)
    assert hi.item() == 1.0 and 0.67 < lo.item() < 0.68  # 8/8: (0.676, 1)
    lo, hi = stats.wilson_ci(0, 12)
    assert lo.item() == 0.0 and 0.24 < hi.item() < 0.25
    lo, hi = stats.wilson_ci(np.array([50]), np.array([100]))
    assert lo[0] == pytest.approx(0.4038, abs=1e-4) and hi[0] == pytest.approx(0.5962, abs=1e-4)
    lo, hi = stats.wilson_ci(0, 0)
    assert math.isnan(lo.item()) and math.isnan(hi.item())


def test_choose_test_small_expected_counts_use_fisher():
    assert stats.choose_test([[8, 4], [7, 1]]) == "fisher"
    assert stats.choose_test([[91, 16, 23], [61, 13, 22]]) == "chi-square"
    assert stats.choose_test([[12, 0], [8, 0]]) == "fisher"  # one answer only: p = 1
    assert stats.choose_test([[0, 0], [3, 4]]) == "none"  # nobody answered in one period


@pytest.mark.parametrize("table", [[[8, 4], [7, 1]], [[11, 1], [8, 0]], [[1, 9], [6, 2]]])
def test_fisher_2x2_equals_scipy(table):
    res = stats.compare_counts(table)
    assert res.test == "fisher"
    assert res.p_value == st.fisher_exact(table).pvalue


@pytest.mark.parametrize("table", [[[4, 7, 1], [3, 2, 3]], [[6, 9, 5, 5, 1, 1], [7, 7, 1, 1, 1, 4]],
                                   [[0, 0, 8, 17, 99, 6], [1, 2, 8, 9, 74, 2]]])
def test_fisher_rxc_equals_scipy_with_the_same_seed(table):
    res = stats.compare_counts(table)
    assert res.test == "fisher"
    t = np.asarray(table)
    t = t[:, t.sum(axis=0) > 0]
    method = st.MonteCarloMethod(n_resamples=stats.MC_RESAMPLES, rng=np.random.default_rng(stats.MC_SEED))
    assert res.p_value == st.fisher_exact(t, method=method).pvalue
    assert stats.compare_counts(table).p_value == res.p_value  # deterministic


@pytest.mark.parametrize("table", [[[91, 16, 23], [61, 13, 22]], [[47, 47, 36], [25, 42, 29]],
                                   [[87, 43], [52, 44]]])
def test_chi_square_equals_scipy(table):
    res = stats.compare_counts(table)
    assert res.test == "chi-square"
    assert res.p_value == st.chi2_contingency(table).pvalue


def test_chi_square_drops_answers_nobody_gave():
    res = stats.compare_counts([[40, 0, 60], [55, 0, 45]])
    assert res.p_value == st.chi2_contingency([[40, 60], [55, 45]]).pvalue


def test_verdicts():
    assert stats.verdict(0.01, 130, 96) == stats.REAL
    assert stats.verdict(0.01, 12, 8) == stats.REAL  # a big enough effect is real even in small groups
    assert stats.verdict(0.6, 12, 8) == stats.TOO_FEW
    assert stats.verdict(0.6, 130, 96) == stats.NO_CLEAR
    assert stats.verdict(float("nan"), 0, 26) == stats.NO_COMPARISON
    assert stats.verdict(float("nan"), 26, 0) == stats.NO_RESPONSES
    assert stats.verdict(0.04, 130, 96, alpha=0.01) == stats.NO_CLEAR
    assert stats.verdict(0.6, 40, 40, min_n=50) == stats.TOO_FEW
