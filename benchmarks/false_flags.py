"""How often the backfire flag fires when nothing changed (issue 9): the family-wise false-flag rate per questionnaire,
for every class size from 5 to 40, by simulation over null data.

Not a speed figure: a check of a promise ("at most 5 in 100 reports flag an item when nothing truly changed").
Null data: the simulator's latent model with no effect (before and after exchangeable), with two items replaced by
"sticky" ones on which most students tick the same point again and a few move one point either way, and two by
"seesaw" ones on which every student moves exactly one point, up or down at random, so that many items have every
student unchanged, every mover moving the same way, or every student moving by the same amount (the degenerate items that broke the old
t-test: it returned p = 0 when every student moved by the same amount). The flag is computed exactly as the report does
(tools/report/stats.py: exact one-sided sign-flip p per item, Holm across items). The old rule (one-sided t-test) is
shown beside it for comparison.

    python -m benchmarks.false_flags [--runs 2000]
"""
from __future__ import annotations

import argparse

import numpy as np

from tools.report import stats
from tools.simulate import item_models, latent_answers, load_story_and_instrument

STICKY_ITEMS = 2
STICKY_MOVE = 0.15  # chance a student moves one point on a sticky item (up or down alike)
SEESAW_ITEMS = 2  # items on which every student moves exactly one point, up or down at random


def null_changes(rng: np.random.Generator, models, n: int) -> np.ndarray:
    """(n, items) changes after reverse-scoring, under "nothing changed"."""
    pre, post = latent_answers(rng, models, n, 0.0)
    rev = np.array([m.reverse for m in models])
    change = (np.where(rev, 6 - post, post) - np.where(rev, 6 - pre, pre)).astype(np.int64)
    for j in range(min(STICKY_ITEMS, change.shape[1])):
        moves = rng.random(n) < STICKY_MOVE
        change[:, j] = np.where(moves, rng.choice([-1, 1], size=n), 0)
    for j in range(STICKY_ITEMS, min(STICKY_ITEMS + SEESAW_ITEMS, change.shape[1])):
        change[:, j] = rng.choice([-1, 1], size=n)  # with 5 students, all five move up 1 time in 32
    return change


def flags(change: np.ndarray, unwanted_sign: int = 1) -> tuple[bool, bool]:
    """(exact rule flags any item, old t-test rule flags any item)."""
    n = change.shape[0]
    exact = [stats.exact_one_sided_sign_flip_p(change[:, j], unwanted_sign) for j in range(change.shape[1])]
    old = [stats.one_sided_p(float(change[:, j].mean()), float(change[:, j].std(ddof=1)), n, unwanted_sign)
           for j in range(change.shape[1])]
    return any(stats.backfire_flags(exact)), any(stats.backfire_flags(old))


def rates(n: int, runs: int, seed: int = 5) -> tuple[float, float]:
    _narrative, instrument, _notes = load_story_and_instrument("morning-bus")
    models = item_models(instrument)
    rng = np.random.default_rng([seed, n])
    hits = np.array([flags(null_changes(rng, models, n)) for _ in range(runs)])
    return float(hits[:, 0].mean()), float(hits[:, 1].mean())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2000)
    args = ap.parse_args(argv)
    print(f"family-wise false-flag rate over {args.runs} null reports per class size (promise: at most 5%)")
    print("   n   exact sign-flip (report)   old one-sided t-test")
    for n in range(5, 41):
        new, old = rates(n, args.runs)
        print(f"{n:>4}   {new:>10.2%}                 {old:>8.2%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
