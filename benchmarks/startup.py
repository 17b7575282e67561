"""Start-up cost, as CPU-time ratios to floors measured in the same run (the least of several fresh processes):

  `vantage --help`                / `python -c pass`                                     target <= 2x
  the window's first frame        / import pygame, open a 1280x720 window, fill, flip    target <= 2x
    (`python main.py` through the real path: the `vantage play` command line, recording set up, the title screen
    drawn once, then the process exits)

CPU time (user + system of the child process), not wall time: other processes on the machine do not count.

Run: python benchmarks/startup.py [--runs 7]   (SDL_VIDEODRIVER=dummy when there is no display)
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR_WINDOW = """
import pygame
pygame.display.init()
screen = pygame.display.set_mode((1280, 720))
screen.fill((30, 34, 44))
pygame.display.flip()
"""

# the real `python main.py` path, stopped after the first frame (MainLoop.run replaced by one tick)
FIRST_FRAME = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
sys.argv = ["main.py"]
import game.ui.loop as loop

def first_frame(self):
    self.running = True
    self.tick()
    return 0 if self.draws == 1 else 3

loop.MainLoop.run = first_frame
import main
sys.exit(main.main([]))
"""


def cpu_of(cmd: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) the child used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"startup benchmark: {' '.join(cmd[:3])} failed ({done.returncode}): {done.stderr[-400:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def least_cpu(cmd: list[str], env: dict[str, str], runs: int) -> float:
    cpu_of(cmd, env)  # warm the file cache and the .pyc files
    return min(cpu_of(cmd, env) for _ in range(runs))  # the least: what the work itself costs, without the noise
    # of other processes contending for the same cores


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7, help="fresh processes per measurement (the least counts)")
    args = ap.parse_args()
    env = dict(os.environ)
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("SDL_VIDEODRIVER", "dummy")
    for var in ("VANTAGE_DATA", "VANTAGE_CONFIG", "VANTAGE_CACHE"):  # never the user's folders
        env[var] = tempfile.mkdtemp(prefix="vantage-startup-")
    # as installed: compiled modules cached (a shell with PYTHONDONTWRITEBYTECODE would measure compiling instead);
    # the cache goes to a temporary folder, not into the source tree
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="vantage-pycache-")
    py = sys.executable
    print(f"video driver: {env.get('SDL_VIDEODRIVER') or 'default'}; least of {args.runs} runs each")

    floor = least_cpu([py, "-c", "pass"], env, args.runs)
    helped = least_cpu([py, "-m", "tools.cli", "--help"], env, args.runs)
    print(f"vantage --help: {helped * 1e3:.1f} ms CPU; python -c pass: {floor * 1e3:.1f} ms; "
          f"ratio {helped / floor:.2f}x (target <= 2x)")

    floor_w = least_cpu([py, "-c", FLOOR_WINDOW], env, args.runs)
    first = least_cpu([py, "-c", FIRST_FRAME], env, args.runs)
    print(f"first frame (python main.py to the title screen): {first * 1e3:.1f} ms CPU; floor (import pygame, open "
          f"1280x720, flip): {floor_w * 1e3:.1f} ms; ratio {first / floor_w:.2f}x (target <= 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
