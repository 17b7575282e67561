"""Checks of a narrative's `tests:` block (teaching assertions that `vantage test` measures): each names an ending,
beat or stat that exists, and has the keys its kind needs. A misspelt name would otherwise pass or fail for ever.
"""
from __future__ import annotations

from typing import Any

from .diagnostics import Diagnostic, did_you_mean
from .model import Narrative
from .yamlwalk import key_mark, value_mark

KINDS = ("ending", "beat", "stat", "max_minutes")


def check_teaching_tests(manifest: Any, n: Narrative, path: str) -> list[Diagnostic]:
    """V047 for every assertion in `tests:` that cannot be measured as written."""
    out: list[Diagnostic] = []
    items = manifest.get("tests") if hasattr(manifest, "get") else None
    for i, t in enumerate(items or ()):
        if not isinstance(t, dict):
            continue

        def bad(key: Any, message: str, hint: str | None = None, where: Any = None) -> None:
            line, col = value_mark(t, key) if key in t else (where or value_mark(items, i))
            out.append(Diagnostic(path, line, col, "error", "V047", message, hint))

        kinds = [k for k in KINDS if k in t]
        if len(kinds) != 1:
            what = " and ".join(f"`{k}`" for k in kinds) if kinds else "none of them"
            bad(None, f"a teaching assertion needs exactly one of `ending`, `beat`, `stat` or `max_minutes` "
                f"(this one has {what})", "write one assertion per item", value_mark(items, i))
            continue
        kind = kinds[0]
        if kind != "max_minutes" and "min_percent" not in t:
            bad(None, f"the `{kind}` assertion needs `min_percent` (the share of random runs, 0-100)",
                f"e.g. `min_percent: 10`", key_mark(t, kind))
        if kind == "ending" and t["ending"] not in n.endings:
            bad("ending", f"unknown ending `{t['ending']}` in `tests`",
                did_you_mean(t["ending"], n.endings) or "endings: " + ", ".join(n.endings))
        elif kind == "beat" and t["beat"] not in n.beats:
            bad("beat", f"unknown beat `{t['beat']}` in `tests` (write `scene.beat`)",
                did_you_mean(t["beat"], n.beats))
        elif kind == "stat":
            if t["stat"] not in n.stats:
                bad("stat", f"unknown stat `{t['stat']}` in `tests`",
                    did_you_mean(t["stat"], n.stats) or "stats: " + ", ".join(n.stats))
            elif "range" not in t:
                bad(None, f"the `stat` assertion needs `range: [lowest, highest]`", None, key_mark(t, "stat"))
            elif t["range"][0] > t["range"][1]:
                bad("range", f"`range` runs from {t['range'][0]} down to {t['range'][1]}",
                    "write the lowest value first")
        if kind != "stat" and "range" in t:
            bad("range", "`range` only goes with a `stat` assertion")
        if kind == "max_minutes" and "min_percent" in t:
            bad("min_percent", "`max_minutes` applies to every path, so it takes no `min_percent`")
    return out
