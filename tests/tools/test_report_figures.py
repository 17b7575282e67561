"""Figures a researcher would sign (issue 9): the dz interval, the sign test of single questions, the Monte-Carlo
error of p, and the meaning of `vantage simulate --effect`."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as scipy_stats

from tools.report import stats
from tools.simulate import expected_change, item_models, latent_answers, latent_shift_for_dz, \
    load_story_and_instrument


@pytest.mark.parametrize("n, dz", [(5, 0.3), (12, -0.8), (30, 0.1), (200, 0.45)])
def test_dz_interval_inverts_the_noncentral_t(n, dz):
    low, high = stats.dz_interval(dz, n)
    t = dz * np.sqrt(n)
    assert scipy_stats.nct.cdf(t, n - 1, low * np.sqrt(n)) == pytest.approx(0.975, abs=1e-4)
    assert scipy_stats.nct.cdf(t, n - 1, high * np.sqrt(n)) == pytest.approx(0.025, abs=1e-4)
    assert low < dz < high


@pytest.mark.parametrize("down, up", [(0, 0), (1, 6), (7, 2), (10, 10), (0, 9), (30, 31), (480, 560), (900, 1400)])
def test_sign_test_matches_scipy(down, up):
    expected = 1.0 if down + up == 0 else scipy_stats.binomtest(down, down + up, 0.5).pvalue
    assert stats.sign_test_p(down, up) == pytest.approx(expected, rel=1e-7, abs=1e-300)  # big classes: no overflow


def test_monte_carlo_p_carries_its_error_and_exact_p_none():
    rng = np.random.default_rng(4)
    x = rng.normal(size=60)
    y = x + rng.normal(0.25, 1, 60)
    big = stats.paired_change(x, y)
    assert big.permutation_method == "monte-carlo"
    assert big.p_permutation_mc_error == pytest.approx(
        np.sqrt(big.p_permutation * (1 - big.p_permutation) / big.permutation_resamples))
    small = stats.paired_change(x[:10], y[:10])
    assert small.permutation_method == "exact" and small.p_permutation_mc_error is None


def test_effect_is_the_dz_the_report_estimates_and_zero_plants_nothing():
    _narrative, instrument, _ = load_story_and_instrument("morning-bus")
    models = item_models(instrument)
    assert latent_shift_for_dz(models, 0.0) == 0.0 and expected_change(models, 0.0) == 0.0
    rev = np.array([m.reverse for m in models])
    for effect in (0.0, 0.3, 0.8):
        shift = latent_shift_for_dz(models, effect)
        # a fresh sample (not the calibration one): the report's dz estimate of the total score is about -effect
        pre, post = latent_answers(np.random.default_rng(99), models, 30_000, shift)
        total = lambda raw: np.where(rev, 6 - raw, raw).mean(axis=1)  # noqa: E731
        change = total(post) - total(pre)
        assert change.mean() / change.std(ddof=1) == pytest.approx(-effect, abs=0.025)


def test_exact_sign_flip_p_holds_for_a_year_group_of_thousands():
    rng = np.random.default_rng(7)
    changes = rng.choice([-2, -1, 0, 1, 2, 3], size=6000, p=[0.1, 0.2, 0.35, 0.2, 0.1, 0.05])
    p = stats.exact_one_sided_sign_flip_p(changes, +1)
    d = changes[changes != 0]
    z = d.sum() / np.sqrt((d.astype(float) ** 2).sum())  # the normal approximation is excellent at this size
    assert 0.0 <= p <= 1.0 and p == pytest.approx(scipy_stats.norm.sf(z), abs=2e-3)
