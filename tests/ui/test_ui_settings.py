"""Settings persist per user (atomic JSON); a corrupt file gives defaults and a warning, never a crash."""
import json

import pygame

from game.ui.settings import Settings, load_settings, save_settings, settings_path
from tests.ui.ui_helpers import focus_and_enter, make_app, press


def test_round_trip_and_defaults():
    assert load_settings() == Settings()
    s = Settings(text_scale=2.0, text_speed="instant", high_contrast=True, dyslexic_font=True, reduce_motion=True,
                 music_volume=0.1, effects_volume=0.2, voice_volume=0.3, fullscreen=True, tts=True)
    path = save_settings(s)
    assert path == settings_path()
    assert load_settings() == s
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temp file left behind


def test_corrupt_or_odd_files_give_defaults_and_a_warning(caplog):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{{{ nope", encoding="utf-8")
    assert load_settings() == Settings()
    assert "damaged" in caplog.text
    path.write_text(json.dumps({"format": 1, "settings": {"text_scale": 9, "text_speed": "warp", "tts": "yes",
                                                          "voice_volume": "loud", "unknown": 1}}))
    s = load_settings()
    assert s.text_scale == 2.0 and s.text_speed == "normal" and s.tts is False and s.voice_volume == 0.8


def test_changes_made_on_the_settings_screen_persist_for_the_next_start():
    app = make_app()
    focus_and_enter(app, "settings")
    assert app.top.name == "settings"
    menu = app.top.menu
    for _ in range(menu.find("text_scale")):
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RIGHT, 4)  # 100% → 200%
    assert app.ctx.settings.text_scale == 2.0
    for key in ("high_contrast", "reduce_motion", "dyslexic_font"):
        target = app.top.menu.find(key)
        while app.top.menu.focus != target:
            press(app, pygame.K_DOWN)
        press(app, pygame.K_RETURN)
    assert app.ctx.theme.name == "high-contrast"
    assert app.ctx.fonts.family == "dyslexic"
    pygame.quit()
    again = load_settings()
    assert again.text_scale == 2.0 and again.high_contrast and again.reduce_motion and again.dyslexic_font
    app2 = make_app(settings=again)
    from game.ui.fonts import FAMILY_SCALE, ROLES
    assert app2.ctx.fonts.size_for("body") == round(ROLES["body"][0] * 2.0 * FAMILY_SCALE["dyslexic"])
    app2.ctx.apply_settings(app2.ctx.settings.replace(dyslexic_font=False))
    assert app2.ctx.fonts.size_for("body") == 2 * ROLES["body"][0]  # 200% really is twice the size


def test_no_voice_is_said_plainly(monkeypatch):
    import game.ui.tts as tts
    monkeypatch.setattr(tts, "find_espeak", lambda: None)
    app = make_app(speaker=tts.Speaker())
    focus_and_enter(app, "settings")
    item = app.top.menu.items[app.top.menu.find("tts")]
    assert item.detail == tts.NO_VOICE_MESSAGE
    assert "No voice available on this computer" in item.detail


def test_a_settings_file_that_is_a_pipe_or_huge_gives_defaults_without_waiting(caplog):
    import os

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)  # opening it for reading would wait for a writer for ever
    assert load_settings() == Settings()
    assert "could not read settings" in caplog.text
    path.unlink()
    with open(path, "wb") as fh:  # sparse: 1 GB that never has to be read
        fh.truncate(1 << 30)
    assert load_settings() == Settings()
