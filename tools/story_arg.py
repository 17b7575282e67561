"""The NARRATIVE argument of the writer tools (`test`, `graph`, `review sign`): load it, or say why not."""
from __future__ import annotations

import sys

from game.content import load_narrative
from game.content.model import Narrative


def load_or_explain(ref: str, command: str, *, use_cache: bool = True) -> Narrative | None:
    """The story, or None after printing its errors and one line naming the command (exit 1 is the caller's)."""
    res = load_narrative(ref, use_cache=use_cache)
    if res.ok:
        return res.narrative
    for d in res.errors:
        print(d.format(), file=sys.stderr)
    print(f"vantage {command}: `{ref}` has errors; `vantage check` explains them", file=sys.stderr)
    return None
