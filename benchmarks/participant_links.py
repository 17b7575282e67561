"""How often participant codes link the wrong plays, or miss a link, in a class of 30 and of 200 (issue 9).

Not a speed figure: a simulation through the real code functions (game/telemetry/codes.py) and the real linking rule
(tools/report/linking.py). Each simulated student draws four answers from skewed, realistic-looking distributions
(a few favourite colour initials and street initials are common, most students have 0 to 2 older siblings, birth days
are even), plays the main session, and takes the follow-up with probability 0.85; a new random classroom key each
class; a student plays the main session with probability 0.95. Counted per student who did both plays:
  missed link  = their follow-up is not linked to their main play;
  false merge  = their follow-up is linked to someone else's main play (counted per linked follow-up).
Students who give the same four answers as a classmate are counted too: no code design can tell them apart.
Misremembered answers add missed links on top, whatever the design.

    python -m benchmarks.participant_links [--classes 2000]
"""
from __future__ import annotations

import argparse
import secrets

import numpy as np

from game.telemetry import codes
from tools.report.linking import link_plays

LETTERS = [chr(ord("A") + i) for i in range(26)]
# favourite colour initials: blue, red, green, purple/pink, black, yellow, orange, white, grey/gold, ... (made up)
COLOUR = dict(zip("BRGPYOWTSLMCVN", [26, 16, 14, 14, 5, 5, 4, 3, 3, 3, 3, 2, 1, 1]))
STREET = {c: w for c, w in zip("SMCBHPWGLRTADFKENOVJIYUQZX", np.geomspace(9, 0.2, 26))}
SIBLINGS = [40, 32, 15, 7, 3, 1.5, 0.7, 0.4, 0.2, 0.2]


def _p(weights: dict[str, float] | list[float], keys: list[str]) -> np.ndarray:
    w = np.array([weights.get(k, 0.05) for k in keys] if isinstance(weights, dict) else weights, dtype=float)
    return w / w.sum()


def simulate(class_size: int, classes: int, main_rate: float = 0.95, followup_rate: float = 0.85, seed: int = 9,
             exact: bool = False) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    p_colour, p_street, p_sib = _p(COLOUR, LETTERS), _p(STREET, LETTERS), _p(SIBLINGS, [])
    both = missed = linked = false = 0
    for _ in range(classes):
        key = secrets.token_bytes(32)
        answers = zip(rng.choice(LETTERS, class_size, p=p_street), rng.integers(1, 32, class_size),
                      rng.choice(10, class_size, p=p_sib), rng.choice(LETTERS, class_size, p=p_colour))
        make = codes.legacy_participant_hash if exact else codes.participant_hash
        code = [make([s, str(d), str(o), c], key) for s, d, o, c in answers]
        played = rng.random(class_size) < main_rate
        came = rng.random(class_size) < followup_rate
        links = link_plays([(i, code[i]) for i in range(class_size) if played[i]],
                           [(i, code[i]) for i in range(class_size) if came[i]])
        both += int((came & played).sum())
        linked += len(links)
        missed += sum(1 for i in range(class_size) if came[i] and played[i] and links.get(i) != i)
        false += sum(1 for f, m in links.items() if f != m)
    return {"students_with_both": both, "missed_link_rate": missed / both,
            "false_merge_rate": false / max(1, linked)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--classes", type=int, default=2000)
    args = ap.parse_args(argv)
    print(f"participant codes: {codes.BUCKETS:,} codes, each shared by {codes.BUCKET_MIN} or "
          f"{codes.BUCKET_MIN + 1} of {codes.ANSWER_SETS:,} answer sets")
    for size, n in ((30, args.classes), (200, max(50, args.classes // 7))):
        r = simulate(size, n)
        e = simulate(size, n, exact=True)
        print(f"class of {size:>3} ({n} classes, {r['students_with_both']:,} students with both plays): "
              f"missed links {r['missed_link_rate']:.2%}, false merges {r['false_merge_rate']:.3%} "
              f"(exact, reversible codes for comparison: missed {e['missed_link_rate']:.2%}, "
              f"false {e['false_merge_rate']:.3%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
