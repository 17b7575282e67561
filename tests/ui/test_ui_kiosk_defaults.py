"""Kiosk defaults and playtests: full screen unless told otherwise, and nothing of a playtest offered to a student."""
from __future__ import annotations

import pygame

from game.ui import autosave
from tests.ui.ui_helpers import advance_lines, go_to_story, make_app, press


def _settings_run_window_opens_with(monkeypatch, **kw):
    from game.ui import app as app_module
    seen = {}

    def run(self):
        seen["fullscreen"] = self.ctx.settings.fullscreen
        seen["settings_items"] = None
        return 0
    monkeypatch.setattr(app_module.App, "run", run)
    assert app_module.run_window(None, **kw) == 0
    return seen


def test_a_kiosk_opens_full_screen_unless_windowed(monkeypatch):
    assert _settings_run_window_opens_with(monkeypatch, kiosk=True)["fullscreen"] is True
    assert _settings_run_window_opens_with(monkeypatch, kiosk=True, fullscreen=False)["fullscreen"] is False
    assert _settings_run_window_opens_with(monkeypatch)["fullscreen"] is False


def test_a_kiosk_offers_no_way_out_of_full_screen():
    app = make_app(kiosk=True)
    press(app, pygame.K_F11)
    assert app.ctx.settings.fullscreen is False, "F11 does nothing in a kiosk (the test window starts windowed)"
    from tests.ui.ui_helpers import focus_and_enter
    focus_and_enter(app, "settings")
    assert "fullscreen" not in [it.key for it in app.top.menu.items]


def test_a_playtest_started_mid_story_leaves_no_autosave():
    app = make_app(start_at="home.kitchen")
    go_to_story(app)
    advance_lines(app)
    press(app, pygame.K_1 + next(i for i, o in enumerate(app.top.choices.options) if o.available))
    assert autosave.list_autosaves() == [], "a student would later be offered the writer's test"


def test_an_ordinary_play_is_autosaved():
    app = make_app()
    go_to_story(app)
    advance_lines(app)
    press(app, pygame.K_1)
    assert [nid for _, nid in autosave.list_autosaves()] == ["morning-bus"]


def test_a_kiosk_s_full_screen_and_a_run_s_language_are_not_saved_when_a_student_changes_a_setting(monkeypatch):
    """A kiosk fills the screen and `--locale es` plays in Spanish for that run; a student making the text bigger must
    not turn them into the machine's saved settings (the next ordinary `vantage play` would open full screen, in
    Spanish). A setting the student changes is saved as usual."""
    from game.ui import app as app_module
    from game.ui.settings import load_settings, save_settings, Settings
    save_settings(Settings(fullscreen=False, language="en"))

    def run(self):
        self.ctx.apply_settings(self.ctx.settings.replace(text_scale=1.5))  # what the Settings screen does
        return 0
    monkeypatch.setattr(app_module.App, "run", run)
    assert app_module.run_window(None, kiosk=True, locale="es") == 0
    saved = load_settings()
    assert saved.text_scale == 1.5  # the student's change is kept
    assert saved.fullscreen is False and saved.language == "en"  # the run's own choices are not

