"""Frame cost of the windowed player's story screen, and its CPU use while idle.

The story screen shows a line, 4 choices (one locked) and two perception effects (vignette + shake, so it animates).
Its frame cost (update + draw + present) is printed as a ratio to the floor measured in the same run: blitting the
same, already-rendered frame and presenting it. Target: p99 ratio <= 2. Then the real event loop waits for input
for a few seconds on the title and on the story (a menu, no moving effect), and the CPU time it used is printed as
a percentage of the wall time (time.process_time).

Run: SDL_VIDEODRIVER=dummy python benchmarks/ui_frame.py [--frames 600] [--idle 3] [--size 1280x720]
(any driver works; under Xvfb or a real desktop it measures the real present path).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
for var in ("VANTAGE_DATA", "VANTAGE_CONFIG", "VANTAGE_CACHE"):  # never touch the user's folders
    os.environ.setdefault(var, tempfile.mkdtemp(prefix="vantage-bench-"))
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402

from game.story.events import ChoiceOption, ChoicesOffered, Line, Perception  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.display import Display  # noqa: E402
from game.ui.settings import Settings  # noqa: E402


def pct(values: list[float], p: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(p / 100 * len(v)))]


def story_app(size: tuple[int, int], text_scale: float) -> App:
    app = App(display=Display(size=size), settings=Settings(text_scale=text_scale), seed=1)
    narrative = next(n for n in app.nav.catalogue if n.id == "morning-bus")
    app.running = True
    app.nav.start_story(narrative)
    story = app.top
    story.queue.clear()
    opts = (ChoiceOption("a", "a", "Look for a seat near the back", 1, True, None),
            ChoiceOption("b", "b", "Stand by the doors and hold the rail", 2, True, None),
            ChoiceOption("c", "c", "Try the breathing, eyes on the floor", 3, False,
                         "You can't remember how. Your chest is too tight to think."),
            ChoiceOption("d", "d", "Put your headphones in and wait it out", 4, True, None))
    story.queue.extend([Perception("vignette", 0.6, None, "The edges close in.", "p1"),
                        Perception("shake", 0.5, None, "Your hands are shaking.", "p2"),
                        Line("l", "The bus lurches. Every seat seems to have someone's bag on it.", "jo", "Jo"),
                        ChoicesOffered("bus.aisle", opts)])
    story.mode = "busy"
    story.process()  # the line
    story.advance()
    story.advance()  # the choices, with the line kept above them as the prompt
    assert story.mode == "choices" and story.effects.animating()
    return app


def measure_frames(app: App, frames: int) -> tuple[list[float], list[float], int]:
    story, canvas, display = app.top, app.ctx.canvas, app.display
    t = app.ctx.now()
    for _ in range(30):  # warm the caches (background layer, text) like the first frames of a scene do
        t += 1 / 30
        story.update(t, 1 / 30)
        story.draw(canvas)
        display.present()
    frozen = canvas.copy()
    renders = app.ctx.text.renders
    cost, floor = [], []
    for _ in range(frames):
        t += 1 / 30
        t0 = time.perf_counter()
        story.update(t, 1 / 30)
        story.draw(canvas)
        display.present()
        t1 = time.perf_counter()
        canvas.blit(frozen, (0, 0))
        display.present()
        t2 = time.perf_counter()
        cost.append(t1 - t0)
        floor.append(t2 - t1)
        pygame.event.pump()
    return cost, floor, app.ctx.text.renders - renders


def idle_cpu(app: App, seconds: float) -> float:
    app.running = True
    app.tick()
    c0, w0 = time.process_time(), time.monotonic()
    while time.monotonic() - w0 < seconds:
        app.pump(block=True)
    return 100.0 * (time.process_time() - c0) / (time.monotonic() - w0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frames", type=int, default=600)
    ap.add_argument("--idle", type=float, default=3.0, help="seconds of idle waiting to measure")
    ap.add_argument("--size", default="1280x720,1920x1080", help="window sizes, comma-separated")
    args = ap.parse_args()
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.size.split(",")]
    print(f"video driver: {os.environ.get('SDL_VIDEODRIVER') or 'default'}; {args.frames} frames per size")
    for size in sizes:
        for scale in (1.0, 2.0):
            app = story_app(size, scale)  # type: ignore[arg-type]
            cost, floor, renders = measure_frames(app, args.frames)
            p50c, p99c, p50f, p99f = pct(cost, 50), pct(cost, 99), pct(floor, 50), pct(floor, 99)
            print(f"story screen {size[0]}x{size[1]} text {int(scale * 100)}%: frame p50 {p50c * 1e3:.2f} ms, "
                  f"p99 {p99c * 1e3:.2f} ms; floor (blit pre-rendered frame + present) p50 {p50f * 1e3:.2f} ms, "
                  f"p99 {p99f * 1e3:.2f} ms")
            print(f"  ratio p50 {p50c / p50f:.2f}x, ratio p99 {p99c / p99f:.2f}x (target p99 <= 2x); "
                  f"mean {statistics.mean(cost) / statistics.mean(floor):.2f}x; text renders in steady frames: "
                  f"{renders}")
            pygame.quit()
    app = App(display=Display(size=sizes[0]), settings=Settings())
    app.nav.open_title()
    print(f"idle on the title screen: {idle_cpu(app, args.idle):.2f}% CPU over {args.idle:.0f} s "
          f"({app.draws} frames drawn)")
    pygame.quit()
    app = story_app(sizes[0], 1.0)
    app.top.effects.clear()  # a menu with no moving effect: the player is reading and deciding
    app.top.textbox.finish()
    draws = app.draws
    cpu = idle_cpu(app, args.idle)
    print(f"idle on a story menu: {cpu:.2f}% CPU over {args.idle:.0f} s ({app.draws - draws} frames drawn)")
    pygame.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
