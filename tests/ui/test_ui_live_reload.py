"""`vantage play --watch`: saving a story file reloads it in the window, replays the choices made, says where a
replay stopped, and shows diagnostics instead of closing."""
from __future__ import annotations

import os

import pygame

from game.content import load_narrative
from game.content.watch import FileWatch
from game.ui.live_reload import install_live_reload
from tests.storykit import write_story
from tests.story.test_replay import SCENE
from tests.ui.ui_helpers import advance_lines, go_to_story, make_app, press


def save(path, text: str) -> None:
    before = os.stat(path).st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))  # a new time even on coarse clocks


def start(tmp_path):
    path = write_story(tmp_path, scene=SCENE)
    n = load_narrative(path).narrative
    app = make_app(catalogue=lambda: [n])
    live = install_live_reload(app.ctx, n)
    go_to_story(app, "t")
    advance_lines(app)
    press(app, pygame.K_2)  # "two", by position on screen; replayed by its id
    advance_lines(app)
    assert app.top.name == "story" and app.top.menu_event.menu_id == "s.b"
    return app, live, tmp_path / "scenes" / "s.yaml"


def reload_now(app, live) -> None:
    live._next = 0.0
    app.tick()


def test_saving_reloads_and_replays_to_the_same_place(tmp_path):
    app, live, scene = start(tmp_path)
    save(scene, SCENE.replace("At b.", "At b, rewritten.").replace(
        "{id: one, text: One, goto: b}\n      - {id: two, text: Two, goto: b}",
        "{id: two, text: Two, goto: b}\n      - {id: one, text: One, goto: b}"))
    reload_now(app, live)
    assert live.reloads == 1 and app.top.name == "story"
    assert app.top.story.beat == "s.b" and live.choices == ["two"]
    assert app.top.textbox.text == "At b, rewritten."  # the reloaded words are on screen
    advance_lines(app)
    assert [o.choice_id for o in app.top.choices.options] == ["go", "stay"]

def test_a_removed_choice_stops_the_replay_and_says_so(tmp_path):
    app, live, scene = start(tmp_path)
    save(scene, SCENE.replace("{id: two, text: Two, goto: b}", "{id: deux, text: Two, goto: b}"))
    reload_now(app, live)
    assert app.top.name == "reload-notice"
    said = " ".join(t for _, t in app.top.paragraphs())
    assert "`two` at `s.a` is no longer offered" in said
    press(app, pygame.K_RETURN)  # "Continue from here"
    assert app.top.name == "story" and app.top.story.beat == "s.a"


def test_a_mistake_shows_diagnostics_in_the_window_then_a_fix_reloads(tmp_path):
    app, live, scene = start(tmp_path)
    save(scene, SCENE.replace("goto: b}", "goto: nowhere}", 1))
    reload_now(app, live)
    assert app.top.name == "reload-notice"
    assert any("V021" in t for _, t in app.top.paragraphs())
    save(scene, SCENE)
    reload_now(app, live)
    assert app.top.name == "story" and app.top.story.beat == "s.b"


def test_file_watch_notices_each_change_once(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text("x")
    w = FileWatch([f])
    assert not w.changed()
    save(f, "y")
    assert w.changed() and not w.changed()
    f.unlink()
    assert w.changed()


def test_watch_is_never_recorded_and_reaches_the_window(monkeypatch):
    """`vantage play --watch`: the window gets watch=True, and recording is off (as for --start/--set)."""
    from tools import play_window
    from tools.cli import build_parser
    seen: dict = {}
    real = play_window._telemetry_from_args

    def spy(args, recordable):
        seen["recordable"] = recordable
        return real(args, recordable)

    def fake_run(args, extra):
        seen.update(extra)
        return 0
    monkeypatch.setattr(play_window, "_telemetry_from_args", spy)
    monkeypatch.setattr(play_window, "_run", fake_run)
    for argv, recordable in ((["play", "morning-bus"], True), (["play", "morning-bus", "--watch"], False)):
        seen.clear()
        assert play_window.run_window_from_args(build_parser("play").parse_args(argv), {}) == 0
        assert seen["recordable"] is recordable and seen.get("watch", False) is (not recordable)
