"""`vantage check` support for questionnaire files: a questionnaire's problems as diagnostics (docs/diagnostics.md)."""
from __future__ import annotations

from pathlib import Path

from game.content.diagnostics import Diagnostic
from game.telemetry.instruments import InstrumentError, load_instrument

_HINTS = {
    "V010": "see docs/schema/questionnaire.schema.json for the keys a questionnaire may have",
    "V011": "every questionnaire needs id, version, title, licence, higher_means, scale, subscales and items",
    "V020": "item ids must stay unique and never change once answers were recorded",
}


def check_questionnaire_file(path: Path) -> list[Diagnostic]:
    """Every problem of one questionnaire file (the loader stops at the first), as diagnostics."""
    try:
        load_instrument(Path(path))
    except InstrumentError as exc:
        return [Diagnostic(str(path), exc.line, exc.col, "error", exc.code, exc.message, _HINTS.get(exc.code))]
    return []
