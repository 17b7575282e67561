"""Stamina: the window player's memory over a long autoplay, as a kiosk runs all day.

Plays the bundled stories in the window (SDL dummy driver unless a display is set) one after another, in one
process, as fast as autoplay goes (a new seed each play, every text size, font and contrast in turn, so every cache
meets all it will meet), and prints the resident set size (RSS) after a warm-up and at the end. The floor is the RSS
after warm-up itself: the figure that matters is the growth after it. Target: within 10 MiB.

Run: python benchmarks/autoplay_memory.py [--minutes 30] [--warmup 2]
"""
from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
for var in ("VANTAGE_DATA", "VANTAGE_CONFIG", "VANTAGE_CACHE"):  # never the user's folders
    os.environ.setdefault(var, tempfile.mkdtemp(prefix="vantage-stamina-"))
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from game.content import bundled_narratives  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.display import Display  # noqa: E402
from game.ui.memory import fix_allocator  # noqa: E402
from game.ui.settings import Settings  # noqa: E402


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


SETTINGS = [Settings(text_scale=s, dyslexic_font=d, high_contrast=h)
            for s, d, h in itertools.product((1.0, 1.5, 2.0), (False, True), (False, True))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--warmup", type=float, default=2.0, help="minutes before the first RSS figure")
    args = ap.parse_args()
    fix_allocator()  # as run_window does
    narratives = list(bundled_narratives())
    app = App(display=Display(size=(1280, 720)), settings=SETTINGS[0], autoplay=True, autoplay_delay=0.0, seed=0)
    start = time.monotonic()
    warm_at, end_at = start + args.warmup * 60, start + args.minutes * 60
    plays, warm_rss, warm_plays = 0, None, 0
    samples: list[tuple[float, float]] = []
    next_sample = start
    while time.monotonic() < end_at:
        # one play: a new seed, the next settings, the next story
        app.ctx.apply_settings(SETTINGS[plays % len(SETTINGS)])
        app.loop.rng.seed(plays)
        app.loop.auto_steps = 0
        app.nav.seed = plays
        app.running = True
        app.nav.open_notes(narratives[plays % len(narratives)])
        while app.running:
            app.pump()
        if app.loop.exit_code != 0:
            print(f"play {plays} did not reach its ending", file=sys.stderr)
            return 1
        plays += 1
        now = time.monotonic()
        if warm_rss is None and now >= warm_at:
            warm_rss, warm_plays = rss_mib(), plays
            print(f"after warm-up ({args.warmup:g} min, {plays} plays): RSS {warm_rss:.1f} MiB", flush=True)
        if now >= next_sample:
            samples.append(((now - start) / 60, rss_mib()))
            next_sample = now + max(10.0, args.minutes * 6)  # about ten samples
    end_rss = rss_mib()
    print("RSS over time (min, MiB): " + ", ".join(f"{m:.1f}:{r:.1f}" for m, r in samples))
    if warm_rss is None:
        print(f"run shorter than the warm-up: RSS at the end {end_rss:.1f} MiB after {plays} plays")
        return 0
    print(f"at the end ({args.minutes:g} min, {plays} plays, {plays - warm_plays} after warm-up): RSS {end_rss:.1f} MiB; "
          f"growth after warm-up {end_rss - warm_rss:+.1f} MiB (target within 10 MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
