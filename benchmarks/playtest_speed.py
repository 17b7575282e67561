"""`vantage test` speed: 10,000 random games of the bundled story with everything `vantage test` records (coverage,
words read, endings, final stats), against the floor of the same number of bare playthroughs through the same
runner measured in the same run (choosing at random, recording nothing).

  random test / bare playthroughs   (the cost of the bookkeeping)
  random test, 10,000 games         target: well under 2 s of CPU (issue 12: fast enough to run on every save)
  quick test (every state)          reported in CPU seconds

Usage: python benchmarks/playtest_speed.py [--runs N] [--narrative ID] [--repeat R]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.content import load_narrative  # noqa: E402
from game.story import Story  # noqa: E402
from benchmarks.load_speed import best  # noqa: E402
from tools import playtest  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--narrative", default="morning-bus")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    res = load_narrative(a.narrative)
    if not res.ok:
        print("\n".join(d.format() for d in res.errors), file=sys.stderr)
        return 1
    n = res.narrative

    def bare() -> None:
        rng = random.Random(1)
        for i in range(a.runs):
            story = Story(n, 1 + i)
            story.start()
            while story.ending is None:
                story.choose(rng.choice([o for o in story.menu.options if o.available]).choice_id)

    def full() -> None:
        playtest.random_runs(n, a.runs, seed=1)

    def quick() -> None:
        playtest.quick(n)

    t_bare = best(bare, a.repeat)
    t_full = best(full, a.repeat)
    t_quick = best(quick, a.repeat)
    print(f"narrative {n.id}: {a.runs:,} random games")
    print(f"floor: bare playthroughs through the runner  {t_bare:6.3f} s CPU")
    print(f"vantage test --mode random                   {t_full:6.3f} s CPU   ratio {t_full / t_bare:.2f}x to the floor;"
          f" {t_full / 2.0:.2f} of the 2 s budget")
    print(f"vantage test --mode quick (every state)      {t_quick:6.3f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
