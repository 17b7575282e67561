"""`vantage check` support for questionnaire files: a questionnaire's problems as diagnostics (docs/diagnostics.md)."""
from __future__ import annotations

from pathlib import Path

from game.content.diagnostics import Diagnostic
from game.content.yamlwalk import read_text
from game.telemetry.instruments import InstrumentError, check_instrument_text, load_instrument

_HINTS = {
    "V010": "see docs/schema/questionnaire.schema.json for the keys a questionnaire may have",
    "V011": "every questionnaire needs id, version, title, licence, higher_means, scale, subscales and items",
    "V020": "item ids must stay unique and never change once answers were recorded",
}


def check_questionnaire_file(path: Path) -> list[Diagnostic]:
    """Every problem of one questionnaire file, as diagnostics."""
    diags: list[Diagnostic] = []
    text = read_text(Path(path), diags)
    if text is None:
        return diags
    inst, diags = check_instrument_text(text, str(path))
    out = [d if d.hint or d.code not in _HINTS else
           Diagnostic(d.path, d.line, d.col, d.severity, d.code, d.message, _HINTS[d.code]) for d in diags]
    if inst is not None:
        try:  # the file-name rule and anything else load_instrument checks
            load_instrument(Path(path))
        except InstrumentError as exc:
            out.append(Diagnostic(str(path), exc.line, exc.col, "error", exc.code, exc.message,
                                  _HINTS.get(exc.code)))
    return out
