"""An autosave that cannot be read (200,000-deep nesting, not JSON, binary, huge, a pipe, not an object) never stops
the title screen: it is moved aside as NAME.damaged-DATE (never deleted), the student is told in plain words once, no
"continue" is offered, and a story can be started."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from game.ui import autosave
from game.ui.screens.title import SAVE_SET_ASIDE
from tests.ui.ui_helpers import go_to_story, make_app

DAMAGED = {
    "200000-deep": b"[" * 200_000 + b"]" * 200_000,
    "deep-object": b'{"a":' * 200_000 + b"1" + b"}" * 200_000,
    "not-json": b"{ not json",
    "binary": bytes(range(256)) * 8,
    "array": b"[1, 2, 3]",
    "too-big": b'{"narrative": "morning-bus", "pad": "' + b"x" * (5 << 20) + b'"}',
}


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_a_damaged_save_is_set_aside_and_the_student_told(name):
    path = autosave.save_path("morning-bus")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(DAMAGED[name])
    app = make_app()
    assert app.top.name == "title"
    assert [i.key for i in app.top.menu.items][0] == "choose"  # no "continue"
    assert ("body", SAVE_SET_ASIDE) in app.top.paragraphs()
    aside = path.with_name(f"{path.name}.damaged-{dt.date.today().isoformat()}")
    assert not path.exists() and aside.read_bytes() == DAMAGED[name]  # moved, byte for byte, never deleted
    go_to_story(app)  # the game goes on
    assert app.top.name == "story"
    app.nav.open_title()
    assert ("body", SAVE_SET_ASIDE) not in app.top.paragraphs()  # told once


def test_a_save_that_is_a_fifo_is_set_aside_without_waiting():
    path = autosave.save_path("morning-bus")
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    app = make_app()  # opening the pipe would wait for a writer for ever
    assert ("body", SAVE_SET_ASIDE) in app.top.paragraphs()
    assert not path.exists()


def test_two_damaged_saves_on_one_day_keep_both():
    path = autosave.save_path("morning-bus")
    path.parent.mkdir(parents=True, exist_ok=True)
    for text in (b"first", b"second"):
        path.write_bytes(text)
        assert autosave.read_autosave("morning-bus") is None
    stamp = dt.date.today().isoformat()
    assert path.with_name(f"{path.name}.damaged-{stamp}").read_bytes() == b"first"
    assert path.with_name(f"{path.name}.damaged-{stamp}-2").read_bytes() == b"second"
    autosave.take_set_aside()  # told to no title screen here: leave nothing for the next test
