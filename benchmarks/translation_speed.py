"""Playing a 5 MB story in another language: reading its compiled catalogue and translating the story, against a
bare YAML parse of the same story (the floor, measured in the same run).

Usage: python benchmarks/translation_speed.py [--beats N] [--repeat N]
The catalogue translates every string of the story (the worst case). Translation happens once, when a story is
opened in a language; the runner then plays the translated story at its usual speed.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from benchmarks.load_speed import best  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--beats", type=int, default=5200)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["VANTAGE_CACHE"] = str(Path(tmp) / "cache")
        from game.content import catalogue, load_narrative
        from game.content.translation import model_strings, translate
        manifest = generate(Path(tmp) / "story", a.beats)
        files = sorted((Path(tmp) / "story").rglob("*.yaml"))
        n = load_narrative(manifest, use_cache=False).narrative
        strings = dict(model_strings(n))
        compiled = catalogue.Compiled("es", "Español", False, n.id, "", {
            k: catalogue.Entry(v, ("ES " + v,)) for k, v in strings.items()})
        path = Path(tmp) / "es.json"
        path.write_text(catalogue.dumps(compiled), encoding="utf-8")

        def bare() -> None:
            for f in files:
                yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        t_bare = best(bare, a.repeat)
        t_read = best(lambda: catalogue.read(path), a.repeat)
        t_translate = best(lambda: translate(n, compiled), a.repeat)
        print(f"synthetic narrative: {len(n.beats)} beats, {len(strings)} strings, catalogue "
              f"{path.stat().st_size / 1e6:.1f} MB")
        print(f"floor: bare yaml.load(CSafeLoader)   {t_bare * 1000:8.0f} ms")
        print(f"read the compiled catalogue          {t_read * 1000:8.0f} ms   ratio {t_read / t_bare:.3f}x")
        print(f"translate the whole story            {t_translate * 1000:8.0f} ms   ratio {t_translate / t_bare:.3f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
