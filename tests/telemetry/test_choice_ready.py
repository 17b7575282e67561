"""Recorder.ready_for_choice tells, without blocking, whether the previous choice is on disk (the window holds the
next choice until it is, instead of waiting on its game thread)."""
from __future__ import annotations

import threading
import time

from game.story.events import BeatEntered, ChoiceOption, ChoicesOffered
from game.telemetry import db
from game.telemetry.recorder import Recorder
from game.telemetry.writer import Writer, open_for_play

MENU = ChoicesOffered("bus.door", (ChoiceOption("board", "s1", "Get on", 1, True, None),
                                   ChoiceOption("wait", "s2", "Wait", 2, True, None)))


def test_ready_only_once_the_previous_choice_is_committed(tmp_path):
    disk_free = threading.Event()

    def slow_opener(path, data_dir):  # the disk answers only when the test says so
        disk_free.wait(10)
        return open_for_play(path, data_dir)

    writer = Writer(db.default_db_path(tmp_path), opener=slow_opener)
    rec = Recorder.begin(writer, narrative_id="n", narrative_version="1", content_hash="h", player="window")
    assert rec.ready_for_choice(), "no choice yet: nothing to wait for"
    rec.observe([BeatEntered("bus", "door"), MENU])
    rec.choice("board")  # the first choice: returns at once
    t = time.perf_counter()
    assert not rec.ready_for_choice(), "the first choice is not on disk yet"
    assert time.perf_counter() - t < 0.05, "asking never blocks"
    disk_free.set()
    assert writer.flush(timeout=10)
    assert rec.ready_for_choice()
    writer.close()
