"""Load + validate speed of a ~5 MB synthetic narrative, as ratios to a bare `yaml.load(..., CSafeLoader)` of the
same files measured in the same run (the floor).

  cold load + full checks  / bare parse    target <= 1.5
  warm load (compiled cache) / bare parse  target <= 0.05
  rich menus: cold load / bare parse       target <= 2  (400 beats, 10 stats, 10 flags, five names per menu:
                                                          the all-locked-menu search, V043, once cost 88-124x)

Usage: python benchmarks/load_speed.py [--beats N] [--repeat R]
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

import yaml  # noqa: E402

from benchmarks.synthetic import generate, generate_rich  # noqa: E402


def best(fn, repeat: int) -> float:
    """Least CPU time of `repeat` runs (process time: other processes on the machine do not count)."""
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--beats", type=int, default=5200)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["VANTAGE_CACHE"] = str(Path(tmp) / "cache")
        from game.content import load_narrative
        manifest = generate(Path(tmp) / "story", a.beats)
        files = sorted((Path(tmp) / "story").rglob("*.yaml"))
        size = sum(f.stat().st_size for f in files)

        def bare() -> None:
            for f in files:
                yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def cold() -> None:
            res = load_narrative(manifest, use_cache=False)
            assert res.ok, [d.format() for d in res.errors[:5]]

        def warm() -> None:
            res = load_narrative(manifest)
            assert res.from_cache

        t_bare = best(bare, a.repeat)
        t_cold = best(cold, a.repeat)
        load_narrative(manifest)  # fill the cache
        t_warm = best(warm, a.repeat)
        res = load_narrative(manifest)
        print(f"synthetic narrative: {size / 1e6:.1f} MB, {len(res.narrative.beats)} beats, {len(files)} files")
        print(f"floor: bare yaml.load(CSafeLoader)   {t_bare * 1000:8.0f} ms")
        print(f"cold load + validate                 {t_cold * 1000:8.0f} ms   ratio {t_cold / t_bare:.2f}x  (target <= 1.5x)")
        print(f"warm load (compiled cache)           {t_warm * 1000:8.0f} ms   ratio {t_warm / t_bare:.3f}x (target <= 0.05x)")

        rich = generate_rich(Path(tmp) / "rich")
        rich_files = sorted((Path(tmp) / "rich").rglob("*.yaml"))

        def rich_bare() -> None:
            for f in rich_files:
                yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def rich_cold() -> None:
            res = load_narrative(rich, use_cache=False)
            assert res.ok and not any(d.code == "V043" for d in res.diagnostics), [d.format() for d in res.errors[:5]]

        r_bare = best(rich_bare, a.repeat)
        r_cold = best(rich_cold, a.repeat)
        print("rich menus: 400 beats, 10 stats, 10 flags, five names per menu (issue 12)")
        print(f"floor: bare yaml.load(CSafeLoader)   {r_bare * 1000:8.0f} ms")
        print(f"cold load + validate (incl. V043)    {r_cold * 1000:8.0f} ms   ratio {r_cold / r_bare:.2f}x  (target <= 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
