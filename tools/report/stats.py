"""Game-independent statistics for the facilitator's report: paired change with its t-interval, effect sizes,
a sign-flip permutation test, Cronbach's alpha, power of a paired t-test, and the backfire (wrong-direction) rule.

Only numpy and the standard library are used here: scipy is a test-only dependency that checks these numbers.
The t and noncentral t distributions are computed from first principles (the regularised incomplete beta function by
its continued fraction, and a numerical integral over the chi distribution), which is accurate to well under 1e-7 for
the sample sizes a report ever sees.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

# Fixed so that the same data always give the same report (a facilitator re-running it must see the same p).
PERMUTATION_SEED = 20_200_601
PERMUTATION_RESAMPLES = 10_000
EXACT_PERMUTATION_MAX_N = 20
_CHUNK_CELLS = 500_000  # resamples are drawn in chunks of at most this many cells: memory stays flat as n grows

# ---------------------------------------------------------------------------------------------------------------
# Distributions


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes 6.4)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = tiny if abs(d) < tiny else d
    d = 1.0 / d
    h = d
    # Convergence takes O(sqrt(max(a, b))) steps; the bound is generous for df up to millions.
    for m in range(1, 20_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1.0 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1.0 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _betacf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _betacf(b, a, 1.0 - x) / b


def t_sf(t: float, df: float) -> float:
    """P(T > t) for Student's t with df degrees of freedom."""
    if math.isinf(t):
        return 0.0 if t > 0 else 1.0
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))
    return tail if t >= 0 else 1.0 - tail


@lru_cache(maxsize=4096)
def t_ppf(q: float, df: float) -> float:
    """The q-quantile of Student's t (bisection on the cdf; monotone, so it always converges)."""
    if not 0.0 < q < 1.0:
        raise ValueError("quantile must be strictly between 0 and 1")
    if q == 0.5:
        return 0.0
    sign = 1.0 if q > 0.5 else -1.0
    tail = 1.0 - q if q > 0.5 else q  # the upper-tail probability we want
    lo, hi = 0.0, 1.0
    while t_sf(hi, df) > tail:
        hi *= 2.0
        if hi > 1e12:
            break
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_sf(mid, df) > tail:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-13 * max(1.0, hi):
            break
    return sign * 0.5 * (lo + hi)


_erfc = np.frompyfunc(math.erfc, 1, 1)


def _norm_cdf(z: np.ndarray) -> np.ndarray:
    return 0.5 * _erfc(-np.asarray(z, dtype=float) / math.sqrt(2.0)).astype(float)


@lru_cache(maxsize=256)
def _chi_grid(df: float, points: int = 1201) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and Simpson weights (density included) for S = sqrt(chi2_df / df)."""
    spread = 12.0 / math.sqrt(2.0 * df)  # S has sd about 1/sqrt(2 df); 12 sd leaves nothing out
    lo = max(0.0, 1.0 - spread)
    hi = 1.0 + spread + (8.0 if df < 3 else 0.0)
    s = np.linspace(lo, hi, points)
    h = (hi - lo) / (points - 1)
    positive = np.where(s > 0, s, 1.0)  # log(0) is avoided; the s == 0 node is set just below
    log_pdf = (math.log(2.0) + (df / 2.0) * math.log(df / 2.0) - math.lgamma(df / 2.0)
               + (df - 1.0) * np.log(positive) - df * positive * positive / 2.0)
    pdf = np.where(s > 0, np.exp(log_pdf), 0.0 if df > 1 else math.sqrt(2.0 / math.pi))
    w = np.ones(points)
    w[1:-1:2], w[2:-1:2] = 4.0, 2.0
    return s, pdf * w * h / 3.0


def nct_cdf(t: float, df: float, nc: float) -> float:
    """P(T' <= t) for the noncentral t with df degrees of freedom and noncentrality nc.

    T' = (Z + nc) / S with S = sqrt(chi2_df / df), so P(T' <= t) = E[Phi(t S - nc)], integrated over S.
    """
    s, w = _chi_grid(df)
    return float(np.clip(np.sum(w * _norm_cdf(t * s - nc)), 0.0, 1.0))


def paired_power(dz: float, n: int, alpha: float = 0.05) -> float:
    """Power of a two-sided paired t-test at level alpha to detect a standardised change dz with n pairs."""
    if n < 2:
        return float("nan")
    df = n - 1
    crit = t_ppf(1.0 - alpha / 2.0, df)
    nc = abs(dz) * math.sqrt(n)
    s, w = _chi_grid(df)
    upper = 1.0 - float(np.sum(w * _norm_cdf(crit * s - nc)))
    lower = float(np.sum(w * _norm_cdf(-crit * s - nc)))
    return min(1.0, max(0.0, upper + lower))


@lru_cache(maxsize=1024)
def min_detectable_dz(n: int, power: float = 0.80, alpha: float = 0.05) -> float | None:
    """The smallest |dz| a two-sided paired t-test with n pairs detects with the given power (None below 2 pairs)."""
    if n < 2:
        return None
    lo, hi = 0.0, 1.0
    while paired_power(hi, n, alpha) < power:
        hi *= 2.0
        if hi > 1e4:
            return None
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if paired_power(mid, n, alpha) < power:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-6:
            break
    return 0.5 * (lo + hi)


# ---------------------------------------------------------------------------------------------------------------
# Paired change


@dataclass(frozen=True)
class PairedChange:
    """Before/after on matched pairs. change = after - before; dz is the headline effect size."""
    n: int
    mean_before: float
    sd_before: float
    mean_after: float
    sd_after: float
    mean_change: float
    sd_change: float
    ci_low: float  # 95 % t-interval of the mean change (level in `ci_level`)
    ci_high: float
    ci_level: float
    t: float
    df: int
    p_t: float  # two-sided paired t-test
    dz: float  # mean change / SD of the changes (what the t-test and the power statement are about)
    d_av: float  # mean change / average of the before and after SDs (comparable with between-group studies)
    p_permutation: float  # two-sided sign-flip permutation test
    permutation_method: str  # "exact" or "monte-carlo"
    permutation_resamples: int  # 2**n for exact
    min_detectable_dz: float | None  # at 80 % power, two-sided alpha .05, with this n (None if not asked)
    dz_ci_low: float | None = None  # 95 % interval of dz by inverting the noncentral t (exact under normality)
    dz_ci_high: float | None = None
    d_av_ci_low: float | None = None  # dz's interval rescaled by sd_change / average SD (approximate, Cumming 2012)
    d_av_ci_high: float | None = None
    p_permutation_mc_error: float | None = None  # Monte-Carlo standard error of p (None when exact)


def _safe_div(a: float, b: float) -> float:
    if b == 0.0 or not math.isfinite(b):
        if a == 0.0:
            return 0.0
        return math.copysign(math.inf, a)
    return a / b


def paired_change(before: Sequence[float] | np.ndarray, after: Sequence[float] | np.ndarray, *,
                  ci_level: float = 0.95, permutation: bool = True, power: bool = True, dz_ci: bool = True,
                  resamples: int = PERMUTATION_RESAMPLES, seed: int = PERMUTATION_SEED) -> PairedChange:
    """Paired before/after analysis. Needs at least 2 pairs."""
    x = np.asarray(before, dtype=float)
    y = np.asarray(after, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError("before and after must be 1-D and the same length")
    n = int(x.size)
    if n < 2:
        raise ValueError("a paired analysis needs at least 2 pairs")
    d = y - x
    mean_d = float(d.mean())
    sd_d = float(d.std(ddof=1))
    sd_x, sd_y = float(x.std(ddof=1)), float(y.std(ddof=1))
    df = n - 1
    se = sd_d / math.sqrt(n)
    crit = t_ppf(0.5 + ci_level / 2.0, df)
    t = _safe_div(mean_d, se)
    p_t = 1.0 if t == 0.0 else min(1.0, 2.0 * t_sf(abs(t), df))
    if permutation:
        p_perm, method, count = sign_flip_p(d, resamples=resamples, seed=seed)
    else:
        p_perm, method, count = float("nan"), "none", 0
    dz = _safe_div(mean_d, sd_d)
    dz_low, dz_high = dz_interval(dz, n, ci_level) if dz_ci and math.isfinite(dz) and sd_d > 0 else (None, None)
    sd_av = (sd_x + sd_y) / 2.0
    scale = sd_d / sd_av if sd_av > 0 else None
    mc_error = math.sqrt(p_perm * (1.0 - p_perm) / count) if method == "monte-carlo" and count else None
    return PairedChange(
        n=n, mean_before=float(x.mean()), sd_before=sd_x, mean_after=float(y.mean()), sd_after=sd_y,
        mean_change=mean_d, sd_change=sd_d, ci_low=mean_d - crit * se, ci_high=mean_d + crit * se,
        ci_level=ci_level, t=t, df=df, p_t=p_t, dz=_safe_div(mean_d, sd_d),
        d_av=_safe_div(mean_d, (sd_x + sd_y) / 2.0), p_permutation=p_perm, permutation_method=method,
        permutation_resamples=count, min_detectable_dz=min_detectable_dz(n) if power else None,
        dz_ci_low=dz_low, dz_ci_high=dz_high,
        d_av_ci_low=dz_low * scale if dz_low is not None and scale is not None else None,
        d_av_ci_high=dz_high * scale if dz_high is not None and scale is not None else None,
        p_permutation_mc_error=mc_error)


def dz_interval(dz: float, n: int, level: float = 0.95) -> tuple[float | None, float | None]:
    """Confidence interval of dz from the noncentral t: t = dz sqrt(n) has noncentrality delta sqrt(n), so the limits
    are the deltas for which the observed t sits at the upper and lower (1 - level) / 2 quantiles (Steiger & Fouladi
    1997; Cumming 2012). Bisection on the cdf, which falls as the noncentrality grows."""
    if n < 2 or not math.isfinite(dz):
        return None, None
    df = n - 1
    t_obs = dz * math.sqrt(n)
    tail = (1.0 - level) / 2.0

    def solve(target: float) -> float:
        lo, hi = t_obs - 10.0 - abs(t_obs), t_obs + 10.0 + abs(t_obs)
        for _ in range(100):
            mid = 0.5 * (lo + hi)
            if nct_cdf(t_obs, df, mid) > target:
                lo = mid
            else:
                hi = mid
            if hi - lo < 1e-6:  # in t units: dz to 1e-6 / sqrt(n), far below the 2 decimals shown
                break
        return 0.5 * (lo + hi) / math.sqrt(n)

    return solve(1.0 - tail), solve(tail)


def _subset_sums(d: np.ndarray) -> np.ndarray:
    """All 2**len(d) signed sums sum(s_i d_i), s_i = +-1."""
    sums = np.zeros(1)
    for value in d:
        sums = np.concatenate([sums + value, sums - value])
    return sums


def sign_flip_p(diffs: Sequence[float] | np.ndarray, *, resamples: int = PERMUTATION_RESAMPLES,
                seed: int = PERMUTATION_SEED, exact_max_n: int = EXACT_PERMUTATION_MAX_N) -> tuple[float, str, int]:
    """Two-sided sign-flip permutation p for a mean change of zero.

    Under "no change" each person's change is as likely to be +d as -d, so the sum of the changes is compared with the
    sums under every sign pattern (exact, for n <= exact_max_n) or `resamples` random ones (Monte-Carlo, p counted as
    (hits + 1) / (resamples + 1) so it is never 0). Returns (p, "exact"|"monte-carlo", number of patterns).
    The sum of squares is the same under every flip, so this is the same test as permuting the paired t statistic.
    """
    d = np.asarray(diffs, dtype=float)
    d = d[d != 0.0]  # a zero change carries no sign; dropping it leaves the distribution unchanged
    n = int(d.size)
    if n == 0:
        return 1.0, "exact", 1
    observed = abs(float(d.sum()))
    eps = 1e-9 * max(1.0, float(np.abs(d).sum()))  # ties count as "as extreme" despite float rounding
    if n <= exact_max_n:
        # meet in the middle: 2**(n/2) sums per half, outer sum has 2**n entries (at most 1M floats)
        half = n // 2
        left, right = _subset_sums(d[:half]), _subset_sums(d[half:])
        hits = int(np.count_nonzero(np.abs(left[:, None] + right[None, :]) >= observed - eps))
        total = 2 ** n
        return hits / total, "exact", total
    rng = np.random.default_rng(seed)
    # People whose changes have the same size v contribute v * (2 * heads - c) to a flipped sum, where heads is the
    # number of + signs among their c coin flips. Questionnaire changes take few distinct sizes, so each resample
    # draws c random bits per size (packed 8 to a byte, spare bits masked off) and counts them with a lookup table:
    # the same fair coin flips as one sign per person, with an eighth of the work.
    sizes, counts = np.unique(np.abs(d), return_counts=True)
    if sizes.size * 4 > n:
        return _sign_flip_mc_per_person(d, observed, eps, rng, resamples)
    n_bytes = (counts + 7) // 8
    starts = np.concatenate([[0], np.cumsum(n_bytes)[:-1]])
    width = int(n_bytes.sum())
    mask = np.full(width, 0xFF, dtype=np.uint8)
    spare = counts % 8
    mask[starts + n_bytes - 1] = np.where(spare == 0, 0xFF, (1 << spare) - 1).astype(np.uint8)
    chunk = max(1, min(resamples, _CHUNK_CELLS // max(width, sizes.size)))  # bounded memory at any n
    hits = 0
    done = 0
    while done < resamples:
        rows = min(chunk, resamples - done)
        flips = rng.integers(0, 256, size=(rows, width), dtype=np.uint8) & mask
        heads = np.add.reduceat(_POPCOUNT[flips], starts, axis=1, dtype=np.int64)
        sums = (2 * heads - counts) @ sizes
        hits += int(np.count_nonzero(np.abs(sums) >= observed - eps))
        done += rows
    return (hits + 1) / (resamples + 1), "monte-carlo", resamples


def _sign_flip_mc_per_person(d: np.ndarray, observed: float, eps: float, rng: np.random.Generator,
                             resamples: int) -> tuple[float, str, int]:
    """Monte-Carlo sign flips when most changes differ in size: one random bit per person, one matrix product."""
    n = d.size
    total = float(d.sum())
    chunk = max(1, min(resamples, _CHUNK_CELLS // n))
    hits = 0
    done = 0
    while done < resamples:
        rows = min(chunk, resamples - done)
        packed = rng.integers(0, 256, size=(rows, (n + 7) // 8), dtype=np.uint8)
        bits = np.unpackbits(packed, axis=1, count=n).astype(np.float64)
        sums = 2.0 * (bits @ d) - total
        hits += int(np.count_nonzero(np.abs(sums) >= observed - eps))
        done += rows
    return (hits + 1) / (resamples + 1), "monte-carlo", resamples


_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


# ---------------------------------------------------------------------------------------------------------------
# Reliability


def reverse_score(values: np.ndarray, scale_min: float, scale_max: float) -> np.ndarray:
    """A reverse-worded item scored the other way round: 1..5 becomes 5..1."""
    return (scale_min + scale_max) - np.asarray(values, dtype=float)


def cronbach_alpha(items: np.ndarray, reverse: Sequence[bool] | None = None, *, scale_min: float = 1.0,
                   scale_max: float = 5.0) -> float | None:
    """Cronbach's alpha of an (participants x items) matrix; rows with a missing value (NaN) are left out.

    Reverse-worded items (reverse[i] True) are re-scored first, otherwise they would pull alpha down (or below 0).
    None when alpha is undefined (fewer than 2 items or 2 complete rows, or no variance in the total).
    """
    x = np.asarray(items, dtype=float)
    if x.ndim != 2 or x.shape[1] < 2:
        return None
    if reverse is not None:
        rev = np.asarray(reverse, dtype=bool)
        if rev.shape != (x.shape[1],):
            raise ValueError("reverse must have one flag per item")
        x = np.where(rev[None, :], reverse_score(x, scale_min, scale_max), x)
    x = x[~np.isnan(x).any(axis=1)]
    if x.shape[0] < 2:
        return None
    k = x.shape[1]
    total_var = float(x.sum(axis=1).var(ddof=1))
    if total_var <= 0.0:
        return None
    return k / (k - 1) * (1.0 - float(x.var(axis=0, ddof=1).sum()) / total_var)


# ---------------------------------------------------------------------------------------------------------------
# Backfire rule

BACKFIRE_ALPHA = 0.05


def exact_one_sided_sign_flip_p(changes: Sequence[int] | np.ndarray, unwanted_sign: int) -> float:
    """Exact one-sided sign-flip p that the changes lean the unwanted way (+1: up, -1: down), for whole-number changes.

    Under "no change" each student's change is as likely to be +d as -d: the distribution of the signed sum over all
    2**n sign patterns is built by convolution (changes of a 1..k item are whole numbers, so it is exact at any n and
    costs n x range). A discrete exact test never rejects more often than its level, whatever n; when every student
    moved the same amount d != 0, p is 2**-n, not 0 (the old t-test's answer).
    """
    raw = np.asarray(changes, dtype=np.int64)
    signed_sum = int(unwanted_sign * raw.sum())
    d = np.abs(raw[raw != 0])
    if d.size == 0:
        return 1.0
    total = int(d.sum())
    # Students who moved by the same v points: the number k of them whose sign is + is Binomial(c, 1/2), adding
    # v * k to the sum of the positive parts S. Convolving these few binomials (one per size, sizes 1..4 on a 5-point
    # scale) gives S exactly, in probabilities (never overflowing, even for thousands of students).
    dist = np.ones(1)
    for v, c in zip(*np.unique(d, return_counts=True)):
        v, c = int(v), int(c)
        k = np.arange(c + 1)
        pmf = np.exp(math.lgamma(c + 1) - np.array([math.lgamma(i + 1) + math.lgamma(c - i + 1) for i in k])
                     - c * math.log(2.0))
        spread = np.zeros(v * c + 1)
        spread[v * k] = pmf
        dist = np.convolve(dist, spread)
    sums = 2 * np.arange(total + 1) - total
    return float(min(1.0, dist[sums >= signed_sum].sum()))


def sign_test_p(down: int, up: int) -> float:
    """Exact two-sided sign test (McNemar's exact test): of the down + up students who switched, is one way more
    common than a fair coin explains?"""
    n = down + up
    if n == 0:
        return 1.0
    k = min(down, up)
    if n <= 60:  # exact in whole numbers
        tail = sum(math.comb(n, i) for i in range(k + 1)) / 2.0 ** n
    else:  # P(X <= k) of a binomial(n, 1/2) is I_1/2(n - k, k + 1): no overflow in a year group of thousands
        tail = betainc(float(n - k), float(k + 1), 0.5)
    return min(1.0, 2.0 * tail)


def one_sided_p(mean_change: float, sd_change: float, n: int, unwanted_sign: int) -> float:
    """p of a one-sided paired t-test that the mean change lies in the unwanted direction (+1 or -1)."""
    if n < 2:
        return 1.0
    se = sd_change / math.sqrt(n)
    if se == 0.0:
        return 0.0 if mean_change * unwanted_sign > 0 else 1.0
    return t_sf(unwanted_sign * mean_change / se, n - 1)


def holm_reject(p_values: Sequence[float], alpha: float = BACKFIRE_ALPHA) -> list[bool]:
    """Holm's step-down rule: which hypotheses to reject with a family-wise error rate of at most alpha."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    m = len(p_values)
    reject = [False] * m
    for rank, i in enumerate(order):
        if p_values[i] <= alpha / (m - rank):
            reject[i] = True
        else:
            break
    return reject


def backfire_flags(p_unwanted: Sequence[float], alpha: float = BACKFIRE_ALPHA) -> list[bool]:
    """Items of one instrument flagged as having moved the unwanted way beyond noise.

    Each item gets an exact one-sided sign-flip test in the unwanted direction (exact_one_sided_sign_flip_p); Holm's
    correction across the instrument's items keeps the chance of flagging any item, when nothing truly changed, at or
    below alpha (5 %) per instrument, for any number of students (tests/tools/test_false_flags.py simulates n = 5..40).
    """
    return holm_reject(list(p_unwanted), alpha)


# ---------------------------------------------------------------------------------------------------------------
# Small-cell suppression lives in game/telemetry/disclosure.py (one module for every published figure); these names
# stay importable from here for the report's older callers.
from game.telemetry.disclosure import (HIDDEN, MIN_CELL, SMALL, check_threshold, small_label,  # noqa: E402,F401
                                       suppress_counts, suppress_part, suppress_table, suppress_total)
