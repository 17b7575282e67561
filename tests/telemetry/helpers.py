"""Shared helpers for telemetry tests: drive a PlayFlow, read every stored value back."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from game.telemetry.flow import PlayFlow, Step, Telemetry, TelemetryOptions
from tests.telemetry.fakes import FakeNarrative, FakeStory


def make_flow(data_dir: Path, cohort: str | None = None, record: bool = True, narrative=None,
              player: str = "text") -> PlayFlow:
    tel = Telemetry.open(TelemetryOptions(data_dir=data_dir, cohort=cohort, record=record))
    return tel.new_flow(narrative or FakeNarrative(), player=player, story_factory=FakeStory,
                        settings={"reduced_effects": True})


def answer_all(flow: PlayFlow, value_for=lambda i: (i % 5) + 1) -> dict:
    inst = flow.questionnaire
    given = {}
    for i, item in enumerate(inst.items):
        v = value_for(i)
        flow.answer(item.id, v)
        given[item.id] = v
    flow.finish_questionnaire()
    return given


def all_values(db_path: Path) -> list:
    """Every value stored in every column of every table."""
    conn = sqlite3.connect(db_path)
    try:
        out = []
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                out.extend(row)
        return out
    finally:
        conn.close()
