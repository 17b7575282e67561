"""Line wrapping of hostile text in the window: a one-word line of N characters, for N from 10,000 to 1,000,000.

Floor, measured in the same run: one font.size() call over the same text (measuring it once, which any wrap must at
least do). The ratio wrap / floor stays roughly flat as N grows when wrapping is linear; it grew with N (a 1 MB word
took minutes) when a long word was cut one character at a time.

Usage: python benchmarks/wrap_speed.py [--width PX]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from game import paths  # noqa: E402
from game.ui.textcache import wrap_text  # noqa: E402


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--width", type=int, default=900, help="wrap width in pixels (a text box at 100%%)")
    a = ap.parse_args()
    pygame.font.init()
    font = pygame.font.Font(str(paths.ASSETS_DIR / "fonts" / "DejaVuSans.ttf"), 24)
    print(f"{'characters':>12} {'wrap s':>9} {'floor s':>9} {'ratio':>7} {'lines':>7}")
    for n in (10_000, 100_000, 1_000_000):
        text = "x" * n
        wrap = best_of(lambda: wrap_text(font, text, a.width), 1 if n >= 1_000_000 else 3)
        floor = best_of(lambda: font.size(text))
        count = len(wrap_text(font, text, a.width))
        print(f"{n:>12,} {wrap:>9.3f} {floor:>9.4f} {wrap / floor:>7.1f} {count:>7,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
