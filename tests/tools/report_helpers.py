"""Shared helpers for the report tests: simulated classes recorded through the real runner and telemetry writer."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tools import cli
from tools.simulate import load_story_and_instrument, simulate

COUNT_KEYS = {"started", "consented", "finished", "left_early", "abandoned", "in_progress", "n_pairs", "reached",
              "chose", "count", "locked_for", "tried_while_locked", "answered_by", "pre_only", "post_only", "pre_only_finished",
              "pre_only_left_early", "pre_only_abandoned", "pre_only_in_progress", "alpha_n_pre", "sessions"}


def make_class(data_dir: Path, participants: int, effect: float = 0.4, seed: int = 0,
               cohort: str | None = None) -> Any:
    narrative, instrument, _notes = load_story_and_instrument("morning-bus")
    return simulate(narrative, instrument, participants, effect, seed=seed, cohort=cohort, data_dir=data_dir)


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def report_json(capsys, data_dir: Path, *extra: str) -> dict[str, Any]:
    code, out, err = run_cli(capsys, "report", "--data-dir", str(data_dir), "--simulated", "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def small_counts(obj: Any, threshold: int = 5, key: str = "") -> list[tuple[str, int]]:
    """Every count-like figure in the report JSON that shows a group of 1..threshold-1 (there must be none)."""
    found: list[tuple[str, int]] = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("pre", "post") and isinstance(v, list):  # distribution bands
                found += [(k, x) for x in v if isinstance(x, int) and 0 < x < threshold]
            elif k == "cohorts" and isinstance(v, dict):
                found += [(k, x) for x in v.values() if isinstance(x, int) and 0 < x < threshold]
            else:
                found += small_counts(v, threshold, k)
    elif isinstance(obj, list):
        for v in obj:
            found += small_counts(v, threshold, key)
    elif key in COUNT_KEYS and isinstance(obj, int) and not isinstance(obj, bool) and 0 < obj < threshold:
        found.append((key, obj))
    return found


def db_path(data_dir: Path) -> Path:
    return Path(data_dir) / "telemetry.sqlite3"


def sql(data_dir: Path, query: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db_path(data_dir))
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()
