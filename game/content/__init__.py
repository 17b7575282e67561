"""Story content: safe YAML reading, the story model, checks with diagnostics, and the JSON Schema."""
from .diagnostics import CODES, Diagnostic
from .load import LoadResult, bundled_narratives, find_narrative, load_narrative, narrative_files
from .model import Narrative

__all__ = ["CODES", "Diagnostic", "LoadResult", "Narrative", "bundled_narratives", "find_narrative",
           "load_narrative", "narrative_files"]
