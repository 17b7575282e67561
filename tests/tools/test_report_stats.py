"""The report's statistics, checked against scipy (test-only) and against published pre/post tables."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

scipy_stats = pytest.importorskip("scipy.stats", reason="scipy is the test-only reference for the statistics")

from tools.report import stats


@pytest.mark.parametrize("df", [1, 2, 3, 7, 19, 24, 99, 1000, 9999])
@pytest.mark.parametrize("q", [0.001, 0.025, 0.2, 0.5, 0.8, 0.975, 0.9995])
def test_t_quantiles_match_scipy(df, q):
    assert stats.t_ppf(q, df) == pytest.approx(scipy_stats.t.ppf(q, df), rel=1e-9, abs=1e-10)


@pytest.mark.parametrize("df", [1, 4, 30, 500])
@pytest.mark.parametrize("t", [-6.0, -1.2, 0.0, 0.7, 2.5, 40.0])
def test_t_tails_match_scipy(df, t):
    assert stats.t_sf(t, df) == pytest.approx(scipy_stats.t.sf(t, df), rel=1e-8, abs=1e-14)


@pytest.mark.parametrize("df", [1, 2, 5, 19, 120, 5000])
@pytest.mark.parametrize("nc", [-2.0, 0.0, 0.8, 2.95, 6.0])
@pytest.mark.parametrize("t", [-3.0, -0.5, 0.0, 1.0, 2.093, 5.0])
def test_noncentral_t_matches_scipy(df, nc, t):
    ref = scipy_stats.nct.cdf(t, df, nc)
    if math.isnan(ref):  # scipy gives up far in the tail; the true value there is below 1e-12
        ref = 0.0 if t < nc else 1.0
    assert stats.nct_cdf(t, df, nc) == pytest.approx(ref, abs=1e-7)


def _scipy_power(dz: float, n: int) -> float:
    df = n - 1
    crit = scipy_stats.t.ppf(0.975, df)
    nc = dz * math.sqrt(n)
    upper, lower = scipy_stats.nct.sf(crit, df, nc), scipy_stats.nct.cdf(-crit, df, nc)
    # scipy returns nan far in the tails; there the tail is 1 or 0 to far better than the test's tolerance
    upper = (1.0 if nc > crit + 8 else upper) if math.isnan(upper) else upper
    lower = (0.0 if nc > 8 - crit else lower) if math.isnan(lower) else lower
    assert not (math.isnan(upper) or math.isnan(lower))
    return upper + lower


@pytest.mark.parametrize("n", [3, 8, 20, 25, 60, 236])
def test_power_and_minimum_detectable_effect_match_scipy(n):
    for dz in (0.1, 0.4, 0.9):
        assert stats.paired_power(dz, n) == pytest.approx(_scipy_power(dz, n), abs=1e-6)
    mdd = stats.min_detectable_dz(n)
    assert _scipy_power(mdd, n) == pytest.approx(0.80, abs=1e-5)


def test_twenty_pairs_detect_only_dz_of_066_or_more():
    # the example in the issue (and G*Power): 20 pairs, 80 % power, two-sided .05 -> dz >= 0.66
    assert round(stats.min_detectable_dz(20), 2) == 0.66
    assert stats.min_detectable_dz(1) is None


def test_paired_change_matches_scipy_ttest_rel():
    rng = np.random.default_rng(7)
    before = rng.integers(8, 40, size=23).astype(float)
    after = before + rng.normal(-1.5, 4.0, size=23).round()
    res = stats.paired_change(before, after)
    ref = scipy_stats.ttest_rel(after, before)
    ci = ref.confidence_interval(0.95)
    assert res.t == pytest.approx(ref.statistic, rel=1e-12)
    assert res.p_t == pytest.approx(ref.pvalue, rel=1e-8)
    assert (res.ci_low, res.ci_high) == pytest.approx((ci.low, ci.high), rel=1e-9)
    assert res.df == 22 and res.n == 23
    d = after - before
    assert res.dz == pytest.approx(d.mean() / d.std(ddof=1))
    assert res.d_av == pytest.approx(d.mean() / ((before.std(ddof=1) + after.std(ddof=1)) / 2))


def _brute_force_sign_flip(d):
    obs = abs(sum(d))
    hits = sum(abs(sum(s * x for s, x in zip(signs, d))) >= obs - 1e-9
               for signs in itertools.product((1, -1), repeat=len(d)))
    return hits / 2 ** len(d)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-6, 6), min_size=1, max_size=11))
def test_exact_sign_flip_equals_brute_force_enumeration(values):
    d = [v for v in values]
    p, method, _ = stats.sign_flip_p(d)
    nonzero = [v for v in d if v != 0]
    expected = _brute_force_sign_flip(nonzero) if nonzero else 1.0
    assert method == "exact"
    assert p == pytest.approx(expected)


def test_exact_sign_flip_matches_scipy_permutation_test():
    rng = np.random.default_rng(3)
    before = rng.normal(10, 3, 12)
    after = before + rng.normal(1.0, 2, 12)
    ref = scipy_stats.permutation_test((after, before), lambda a, b: np.mean(a - b), permutation_type="samples",
                                       n_resamples=np.inf, alternative="two-sided")
    res = stats.paired_change(before, after)
    assert res.permutation_method == "exact" and res.permutation_resamples == 2 ** 12
    assert res.p_permutation == pytest.approx(ref.pvalue, rel=1e-9)


def test_monte_carlo_sign_flip_agrees_with_exact_within_its_error():
    rng = np.random.default_rng(11)
    d = rng.normal(0.5, 1.5, 20).round(1)
    exact, method, _ = stats.sign_flip_p(d)
    assert method == "exact"
    mc, method, b = stats.sign_flip_p(d, exact_max_n=0, resamples=20_000)
    assert method == "monte-carlo" and b == 20_000
    assert abs(mc - exact) < 4 * math.sqrt(exact * (1 - exact) / b) + 1 / b
    # fixed seed: the same data give the same p on every run
    assert stats.sign_flip_p(d, exact_max_n=0, resamples=20_000)[0] == mc


@pytest.mark.parametrize("kind", ["few sizes", "all sizes differ"])
def test_both_monte_carlo_paths_agree_with_exact(kind):
    # questionnaire changes take few distinct sizes (the grouped path); continuous data take the per-person path
    rng = np.random.default_rng(21)
    d = rng.integers(-3, 5, 20).astype(float) if kind == "few sizes" else rng.normal(0.4, 1.0, 20)
    exact, _, _ = stats.sign_flip_p(d)
    mc, method, b = stats.sign_flip_p(d, exact_max_n=0, resamples=40_000)
    assert method == "monte-carlo"
    assert abs(mc - exact) < 4 * math.sqrt(exact * (1 - exact) / b) + 1 / b


def test_large_samples_use_monte_carlo_and_agree_with_t():
    rng = np.random.default_rng(5)
    before = rng.normal(0, 1, 400)
    after = before + rng.normal(0.12, 1, 400)
    res = stats.paired_change(before, after)
    assert res.permutation_method == "monte-carlo" and res.permutation_resamples == stats.PERMUTATION_RESAMPLES
    assert res.p_permutation == pytest.approx(res.p_t, abs=0.01)


# --- published pre/post tables (Lindow et al. 2020, Youth Aware of Mental Health) ---------------------------------

def _paired_with_moments(n, m1, s1, m2, s2, sd_change, seed):
    """Paired data whose before/after means and SDs and SD of the change are exactly the given ones."""
    rng = np.random.default_rng(seed)
    z1 = rng.normal(size=n)
    z1 = (z1 - z1.mean()) / z1.std(ddof=1)
    z2 = rng.normal(size=n)
    z2 -= z2.mean()
    z2 -= z1 * (z2 @ z1) / (z1 @ z1)  # orthogonal to z1
    z2 /= z2.std(ddof=1)
    # corr r from var(after - before) = s1^2 + s2^2 - 2 r s1 s2
    r = (s1 ** 2 + s2 ** 2 - sd_change ** 2) / (2 * s1 * s2)
    before = m1 + s1 * z1
    after = m2 + s2 * (r * z1 + math.sqrt(1 - r * r) * z2)
    return before, after


@pytest.mark.parametrize("n, m1, s1, m2, s2, change, sd_change, d_published, f_published, true_before, true_change", [
    (236, 9.09, 4.79, 7.94, 4.3, -1.16, 4.6, -0.251, 14.90, 9.094, -1.1575),  # Montana
    (143, 16.59, 4.06, 15.26, 4.24, -1.33, 3.74, -0.356, 18.13, 16.59, -1.33),  # Texas
])
def test_report_reproduces_lindow_2020_pre_post_tables(n, m1, s1, m2, s2, change, sd_change, d_published,
                                                        f_published, true_before, true_change):
    # The published figures are rounded: Montana's 9.09 -> 7.94 is -1.15 but -1.16 is published, so the unrounded
    # means lay e.g. at 9.094 -> 7.9365 (change -1.1575). The data are built with means that round to every
    # published figure at once.
    before, after = _paired_with_moments(n, true_before, s1, true_before + true_change, s2, sd_change, seed=n)
    res = stats.paired_change(before, after)
    assert (round(res.mean_before, 2), round(res.mean_after, 2)) == (m1, m2)
    assert (res.sd_before, res.sd_after, res.sd_change) == pytest.approx((s1, s2, sd_change))
    assert round(res.mean_change, 2) == change
    # published figures are rounded, so "about 1 %" is the honest tolerance
    assert res.dz == pytest.approx(d_published, rel=0.01)
    assert res.t ** 2 == pytest.approx(f_published, rel=0.01)
    assert res.ci_high < 0  # both programmes reduced stigma beyond noise
    ref = scipy_stats.ttest_rel(after, before)
    assert res.t == pytest.approx(ref.statistic)
    assert res.p_t == pytest.approx(ref.pvalue, rel=1e-6)


# --- Cronbach's alpha ---------------------------------------------------------------------------------------------

def test_cronbach_alpha_two_items_equals_its_closed_form():
    rng = np.random.default_rng(2)
    latent = rng.normal(size=200)
    x = np.column_stack([latent + rng.normal(size=200), latent + rng.normal(size=200)])
    cov = np.cov(x, rowvar=False)
    expected = 2 * (1 - (cov[0, 0] + cov[1, 1]) / cov.sum())
    assert stats.cronbach_alpha(x) == pytest.approx(expected)


def test_cronbach_alpha_handles_reverse_scored_items():
    rng = np.random.default_rng(4)
    latent = rng.normal(size=300)
    items = np.column_stack([np.clip(np.round(3 + latent + rng.normal(0, 0.8, 300)), 1, 5) for _ in range(5)])
    worded_backwards = items.copy()
    worded_backwards[:, [1, 3]] = 6 - items[:, [1, 3]]
    alpha = stats.cronbach_alpha(items)
    assert alpha > 0.8
    # unflipped, the reverse-worded items wreck alpha; flipped, alpha is exactly as if they were worded forwards
    assert stats.cronbach_alpha(worded_backwards) < 0.3
    rev = [False, True, False, True, False]
    assert stats.cronbach_alpha(worded_backwards, rev, scale_min=1, scale_max=5) == pytest.approx(alpha)


def test_cronbach_alpha_leaves_out_incomplete_rows_and_says_when_undefined():
    x = np.array([[1, 2, 2], [3, 3, 4], [np.nan, 5, 5], [5, 4, 5], [2, 2, 1.0]])
    assert stats.cronbach_alpha(x) == pytest.approx(stats.cronbach_alpha(np.delete(x, 2, axis=0)))
    assert stats.cronbach_alpha(np.ones((10, 3))) is None
    assert stats.cronbach_alpha(np.ones((10, 1))) is None


# --- backfire rule ------------------------------------------------------------------------------------------------

def test_holm_rule_matches_its_definition():
    p = [0.01, 0.04, 0.03, 0.005]
    # sorted: .005 <= .05/4, .01 <= .05/3, .03 > .05/2 -> stop
    assert stats.holm_reject(p) == [True, False, False, True]
    assert stats.holm_reject([0.2, 0.3]) == [False, False]


def test_one_sided_p_matches_scipy():
    rng = np.random.default_rng(9)
    d = rng.normal(0.3, 1, 18)
    ref = scipy_stats.ttest_1samp(d, 0.0, alternative="greater").pvalue
    assert stats.one_sided_p(d.mean(), d.std(ddof=1), 18, +1) == pytest.approx(ref, rel=1e-8)
    ref_less = scipy_stats.ttest_1samp(d, 0.0, alternative="less").pvalue
    assert stats.one_sided_p(d.mean(), d.std(ddof=1), 18, -1) == pytest.approx(ref_less, rel=1e-8)


def test_backfire_false_flag_rate_stays_at_its_stated_level_with_no_true_change():
    # 8 correlated Likert items, no true change: the chance of any flag must stay at or below 5 % (+ MC error)
    rng = np.random.default_rng(2024)
    runs, n, k = 600, 25, 8
    flagged = 0
    for _ in range(runs):
        latent = rng.normal(size=(n, 1))
        pre = np.clip(np.round(3 + 0.8 * latent + rng.normal(0, 0.9, (n, k))), 1, 5)
        post = np.clip(np.round(3 + 0.8 * latent + rng.normal(0, 0.9, (n, k))), 1, 5)
        d = post - pre
        sd = d.std(axis=0, ddof=1)
        p = [stats.one_sided_p(float(d[:, j].mean()), float(sd[j]), n, +1) for j in range(k)]
        flagged += any(stats.backfire_flags(p))
    rate = flagged / runs
    assert rate <= stats.BACKFIRE_ALPHA + 3 * math.sqrt(0.05 * 0.95 / runs)


# --- small-cell suppression ---------------------------------------------------------------------------------------

def _consistent_values(shown, total, threshold):
    """Every table consistent with what a reader sees; returns the set of possible values per cell."""
    options = []
    for v in shown:
        if v == stats.small_label(threshold):
            options.append(range(1, threshold))
        elif v == stats.HIDDEN:
            options.append([0, *range(threshold, total + 1)])
        else:
            options.append([v])
    possible = [set() for _ in shown]
    for combo in itertools.product(*options):
        if sum(combo) == total:
            for i, v in enumerate(combo):
                possible[i].add(v)
    return possible


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 14), min_size=1, max_size=5), st.sampled_from([5, 6]))
def test_small_cells_cannot_be_recovered_by_subtraction(counts, threshold):
    shown, total_shown = stats.suppress_table(counts, threshold)
    for c, s in zip(counts, shown):
        if 0 < c < threshold:
            assert s == f"<{threshold}"
        elif s != stats.HIDDEN:
            assert s == c
    if not isinstance(total_shown, int):
        return  # no total to subtract from
    assert total_shown == sum(counts)
    possible = _consistent_values(shown, total_shown, threshold)
    for i, c in enumerate(counts):
        if 0 < c < threshold:
            assert len(possible[i]) > 1, (counts, shown)


def test_suppression_examples_and_threshold_floor():
    assert stats.suppress_counts([10, 3, 8]) == [10, "<5", "suppressed"]
    assert stats.suppress_counts([12, 7, 9]) == [12, 7, 9]
    assert stats.suppress_counts([10, 3, 8], threshold=10) == [10, "<10", "<10"]
    assert stats.suppress_table([4, 4]) == (["<5", "<5"], "suppressed")  # 8 = 4 + 4 would give both away
    assert stats.suppress_table([3, 0]) == (["<5", 0], "<5")
    assert stats.suppress_total(4) == "<5" and stats.suppress_total(5) == 5 and stats.suppress_total(0) == 0
    with pytest.raises(ValueError, match="never set below 5"):
        stats.suppress_counts([10, 3], threshold=4)


def _could_be(shown, value, threshold):
    if shown == stats.small_label(threshold):
        return 0 < value < threshold
    if shown == stats.HIDDEN:
        return value == 0 or value >= threshold
    return shown == value


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.sampled_from([5, 6]))
def test_tried_while_locked_gives_no_small_group_away(reached, locked, tried, threshold):
    """As the report shows them: students who reached a menu, saw an option locked, tried it. No group of 1 to
    threshold-1 (triers, non-triers, locked, not locked) can be worked out exactly from the three figures."""
    locked, tried = min(locked, reached), min(tried, locked, reached)
    locked_shown = (stats.suppress_table([locked, reached - locked], threshold)[0][0] if reached >= threshold
                    else stats.suppress_total(locked, threshold))
    reached_shown = stats.suppress_total(reached, threshold)
    tried_shown = stats.suppress_part(tried, locked, locked_shown, threshold)
    worlds = [(r, lk, t) for r in range(0, 31) for lk in range(0, r + 1) for t in range(0, lk + 1)
              if _could_be(reached_shown, r, threshold) and _could_be(locked_shown, lk, threshold)
              and _could_be(tried_shown, t, threshold)]
    assert (reached, locked, tried) in worlds
    groups = {"tried": lambda r, lk, t: t, "locked, not tried": lambda r, lk, t: lk - t,
              "locked": lambda r, lk, t: lk, "not locked": lambda r, lk, t: r - lk}
    for name, size in groups.items():
        actual = size(reached, locked, tried)
        if 0 < actual < threshold:
            assert len({size(*w) for w in worlds}) > 1, (name, reached, locked, tried, locked_shown, tried_shown)


def test_tried_while_locked_examples():
    assert stats.suppress_part(8, 20, 20) == 8
    assert stats.suppress_part(3, 20, 20) == "<5"
    assert stats.suppress_part(18, 20, 20) == "suppressed"  # 20 - 18 = 2 would follow
    assert stats.suppress_part(0, 20, "suppressed") == 0
    assert stats.suppress_part(3, 4, "<5") == "<5"
    assert stats.suppress_part(12, 25, "suppressed") == "suppressed"
