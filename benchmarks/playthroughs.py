"""Random playthroughs per second of the bundled sample narrative on one core, through the real runner
(every event built, every condition evaluated), as ChoiceScript's randomtest does.

Floor, measured in the same run: the same number of iterations of a bare Python loop that picks random menu
positions from a fixed list (the cost of "choosing" with no story behind it).

Usage: python benchmarks/playthroughs.py [--seconds S] [--narrative ID]
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


def playthrough(narrative, seed: int, rng: random.Random) -> tuple[str, int]:
    story = Story(narrative, seed=seed)
    story.start()
    steps = 0
    while story.ending is None:
        options = [o for o in story.menu.options if o.available]
        story.choose(rng.choice(options).choice_id)
        steps += 1
    return story.ending.ending_id, steps


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--narrative", default="morning-bus")
    a = ap.parse_args()
    res = load_narrative(a.narrative)
    if not res.ok:
        print("\n".join(d.format() for d in res.errors), file=sys.stderr)
        return 1
    n = res.narrative
    rng = random.Random(1)
    endings: dict[str, int] = {}
    count = steps = 0
    t0 = time.process_time()
    while time.process_time() - t0 < a.seconds:
        for _ in range(200):
            ending, k = playthrough(n, count, rng)
            endings[ending] = endings.get(ending, 0) + 1
            steps += k
            count += 1
    elapsed = time.process_time() - t0
    rate = count / elapsed
    # floor: a loop doing only the random picks (same number of steps)
    picks = [[1, 2], [1, 2, 3], [1, 2], [1, 2], [1, 2, 3, 4], [1, 2], [1, 2], [1, 2, 3]]
    t1 = time.process_time()
    r2 = random.Random(1)
    for i in range(steps):
        r2.choice(picks[i % 8])
    floor = time.process_time() - t1
    print(f"narrative {n.id}: {count} random playthroughs in {elapsed:.2f} s CPU, {steps / count:.1f} choices each")
    print(f"playthroughs per second (one core): {rate:,.0f}   (target >= 5,000; ChoiceScript randomtest ~5,400)")
    print(f"ratio to target: {rate / 5000:.2f}x; cost per playthrough vs bare random picks: "
          f"{elapsed / max(floor, 1e-9):.1f}x")
    print("endings reached: " + ", ".join(f"{k} {v / count:.1%}" for k, v in sorted(endings.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
