"""Story content: safe YAML reading, the story model, checks with diagnostics, and the JSON Schema.

The names below are imported on first use (PEP 562), so importing one light module of this package (diagnostics,
the YAML walker) does not load the whole loader: the window's first frame does not wait for it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from game.lazy import lazy_exports

_EXPORTS = {"CODES": "diagnostics", "Diagnostic": "diagnostics", "LoadResult": "load", "bundled_narratives": "load",
            "find_narrative": "load", "load_narrative": "load", "narrative_files": "load", "Narrative": "model"}

if TYPE_CHECKING:  # pragma: no cover
    from .diagnostics import CODES, Diagnostic
    from .load import LoadResult, bundled_narratives, find_narrative, load_narrative, narrative_files
    from .model import Narrative

__all__ = ["CODES", "Diagnostic", "LoadResult", "Narrative", "bundled_narratives", "find_narrative",
           "load_narrative", "narrative_files"]


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())
