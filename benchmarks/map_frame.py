"""Walking a 200x200-tile map in the window, and loading it.

1. Frame: the map screen (pyscroll drawing, the figure, people, zone outlines, the Places list, captions) while the
   figure walks and the camera follows, at 1280x720; printed as a ratio to the floor measured in the same frames:
   pyscroll drawing the same map alone at the same camera centre (same view size and zoom) and presenting it.
   Target: p99 ratio <= 1.5.
2. Load: reading the map for the story (game.content.maps.read_map: pre-scan for unsupported features, pytmx with no
   images, the blocking grid) against pytmx's own TiledMap load of the same file. Target: median ratio <= 1.5.

Run: SDL_VIDEODRIVER=dummy python benchmarks/map_frame.py [--frames 600] [--loads 15]
"""
from __future__ import annotations

import argparse
import os
import random
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
import pytmx  # noqa: E402
import pyscroll  # noqa: E402

from game.content import load_narrative  # noqa: E402
from game.content.maps import read_map  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.display import Display  # noqa: E402
from game.ui.settings import Settings  # noqa: E402
from tests.mapkit import write_map_story  # noqa: E402
from tools.tmx_write import Obj  # noqa: E402

N = 200


def big_map() -> list[str]:
    rng = random.Random(7)
    rows = ["#" * N]
    for r in range(1, N - 1):
        row = ["."] * N
        row[0] = row[-1] = "#"
        for c in range(2, N - 2):
            if r % 2 == 0 and c % 7 == 3 and rng.random() < 0.5:
                row[c] = rng.choice("TPL")  # desks, plants, lockers: scattered, never a closed wall
            elif rng.random() < 0.08:
                row[c] = ","
        rows.append("".join(row))
    rows.append("#" * N)
    return rows


def pct(values: list[float], p: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(p / 100 * len(v)))]


def map_app(root: Path, clock: "FrameClock") -> App:
    objs = [Obj("", "spawn", 1, 1), Obj("desk", "zone", 150, 150, 3, 2), Obj("jo", "person", 190, 190),
            Obj("door", "exit", 198, 197)]
    path = write_map_story(root, rows=big_map(), objects=objs)
    narrative = load_narrative(path, use_cache=False).narrative
    app = App(display=Display(size=(1280, 720)), settings=Settings(), seed=1, catalogue=lambda: [narrative],
              clock=clock)
    app.running = True
    app.nav.start_story(narrative)
    story = app.top
    while story.mode == "line":
        story.advance()
    assert app.top.name == "map", app.top.name
    return app


class FrameClock:
    """The app's clock, moved on by 1/60 s a frame: the walk glides exactly as it would at 60 frames a second."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def walk_frames(app: App, clock: FrameClock, frames: int) -> tuple[list[float], list[float]]:
    """Each frame: the map screen (update, draw, present), then the floor, pyscroll alone drawing the same map at the
    same camera centre, view size and zoom (and presenting it), in the same frame, so that a busy machine slows both
    alike."""
    screen, canvas, display = app.top, app.ctx.canvas, app.display
    screen.draw(canvas)  # lays out the view
    view = screen.view
    tmx = pytmx.util_pygame.load_pygame(screen.map_scene.file)
    floor_renderer = pyscroll.BufferedRenderer(pyscroll.data.TiledMapData(tmx), view.size, clamp_camera=True)
    floor_renderer.zoom = screen.renderer.zoom
    target = canvas.subsurface(view)
    local = pygame.Rect((0, 0), view.size)
    cost, floor = [], []
    moves = [(1, 0), (0, 1)]
    k = 0
    for i in range(frames + 30):
        clock.t += 1 / 60
        t0 = time.perf_counter()
        if screen.glide is None and not screen.path:
            screen.step(*moves[k % 2])  # a diagonal walk: the camera scrolls on both axes
            k += 1
        screen.update(clock.t, 1 / 60)
        screen.draw(canvas)
        display.present()
        t1 = time.perf_counter()
        floor_renderer.center(screen._camera())
        floor_renderer.draw(target, local)
        display.present()
        t2 = time.perf_counter()
        assert app.top is screen, "the walk must stay on the map"
        if i >= 30:  # after warming the caches
            cost.append(t1 - t0)
            floor.append(t2 - t1)
        pygame.event.pump()
    return cost, floor


def loads(path: Path, n: int) -> tuple[list[float], list[float]]:
    ours, floor = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        data, diags = read_map(path)
        t1 = time.perf_counter()
        pytmx.TiledMap(str(path))
        t2 = time.perf_counter()
        assert data is not None and not diags
        ours.append(t1 - t0)
        floor.append(t2 - t1)
    return ours, floor


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frames", type=int, default=600)
    ap.add_argument("--loads", type=int, default=15)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="vantage-map-bench-"))
    clock = FrameClock()
    app = map_app(root, clock)
    cost, floor = walk_frames(app, clock, args.frames)
    print(f"video driver: {os.environ.get('SDL_VIDEODRIVER') or 'default'}; {N}x{N} tiles at 1280x720, "
          f"zoom {app.top.renderer.zoom:g}, {args.frames} frames walking")
    print(f"map screen: frame p50 {pct(cost, 50) * 1e3:.2f} ms, p99 {pct(cost, 99) * 1e3:.2f} ms; "
          f"floor (pyscroll alone, same path) p50 {pct(floor, 50) * 1e3:.2f} ms, p99 {pct(floor, 99) * 1e3:.2f} ms")
    print(f"  ratio p50 {pct(cost, 50) / pct(floor, 50):.2f}x, ratio p99 {pct(cost, 99) / pct(floor, 99):.2f}x "
          f"(target p99 <= 1.5x)")
    pygame.quit()
    ours, base = loads(root / "assets" / "maps" / "room.tmx", args.loads)
    mo, mb = statistics.median(ours), statistics.median(base)
    print(f"map load: read_map median {mo * 1e3:.1f} ms; pytmx.TiledMap alone median {mb * 1e3:.1f} ms; "
          f"ratio {mo / mb:.2f}x (target <= 1.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
