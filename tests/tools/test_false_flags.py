"""The backfire flag's promise (issue 9): when nothing changed, at most 5 in 100 reports flag any item, for every class
size from 5 to 40, including degenerate items (nobody moved; every mover moved the same way; everyone moved by the
same amount). The old one-sided t-test returned p = 0 when every student moved by the same amount."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from benchmarks.false_flags import rates
from tools.report import stats

PROMISE = stats.BACKFIRE_ALPHA


def _bound(runs: int) -> float:
    return PROMISE + 3 * math.sqrt(PROMISE * (1 - PROMISE) / runs)


def test_false_flag_rate_is_within_the_promise_for_every_class_size_from_5_to_40():
    runs = 300
    measured = {n: rates(n, runs)[0] for n in range(5, 41)}
    over = {n: r for n, r in measured.items() if r > _bound(runs)}
    assert over == {}, over
    pooled = sum(measured.values()) / len(measured)
    assert pooled <= PROMISE, f"pooled over n = 5..40: {pooled:.3f}"


def test_with_five_students_the_old_rule_broke_the_promise_and_the_exact_one_keeps_it():
    runs = 3000
    exact, old = rates(5, runs)
    assert exact <= _bound(runs)
    assert old > _bound(runs), "the simulation has teeth: it catches the old t-test"


def test_everyone_moving_alike_is_not_certainty():
    for n in (5, 6, 12):
        assert stats.one_sided_p(1.0, 0.0, n, +1) == 0.0  # the old rule: "certain" with 5 students
        assert stats.exact_one_sided_sign_flip_p([1] * n, +1) == pytest.approx(2.0 ** -n)
    assert stats.exact_one_sided_sign_flip_p([0] * 8, +1) == 1.0
    assert stats.exact_one_sided_sign_flip_p([-2] * 6, +1) == 1.0


@pytest.mark.parametrize("changes", [[1, 1, 1, -1, 0, 2], [3, -1, -1, 2, 1, 1, 0, -4], [1, -1], [2, 2, -1, 1, 1]])
def test_exact_sign_flip_p_counts_every_sign_pattern(changes):
    d = np.array(changes)
    observed = d.sum()
    for sign in (+1, -1):
        patterns = list(itertools.product([-1, 1], repeat=d.size))
        hits = sum(1 for s in patterns if sign * (np.array(s) * np.abs(d)).sum() >= sign * observed)
        assert stats.exact_one_sided_sign_flip_p(changes, sign) == pytest.approx(hits / len(patterns))
