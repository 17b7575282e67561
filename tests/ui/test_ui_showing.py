"""Showing what the story says: the beat's question, captions, stat changes in words and colours, the pause menu
over the questions, debrief prompts that fit, clipboard voicing and line spacing."""
from __future__ import annotations

import pygame

from game.ui.settings import Settings
from tests.ui.screen_tour import recording_app
from tests.ui.ui_helpers import advance_lines, focus_and_enter, go_to_story, make_app, press


def test_the_beats_prompt_shows_above_its_choices():
    app = make_app()
    go_to_story(app)
    advance_lines(app)
    story = app.top
    assert story.menu_prompt == "What do you do?"  # scenes/morning-bus/home.yaml, beat alarm
    story.draw(app.ctx.canvas)
    assert any(story.choice_rect.top > r.bottom - 1 and box.bottom <= story.choice_rect.top
               for r, box in story._prompt_rects), "drawn above the choices"


def test_captions_are_on_by_default_and_show_every_effect():
    app = make_app()
    assert app.ctx.settings.captions
    go_to_story(app)
    story = app.top
    story.effects.add("heartbeat", 0.5, None, "Your heart is racing.", app.ctx.now())
    assert "Your heart is racing." in story.effects.captions(), "a 1% pulse alone is invisible on a muted PC"
    app.ctx.apply_settings(app.ctx.settings.replace(captions=False))
    assert "Your heart is racing." not in story.effects.captions()


def test_a_stat_change_is_shown_in_words_and_each_stat_has_its_own_colour():
    from tests.ui.fakes import FakeNarrative, FakeStory
    n = FakeNarrative()
    app = make_app(catalogue=lambda: [n], new_story=FakeStory, load_story=FakeStory.load)
    go_to_story(app, n.id)
    advance_lines(app)
    press(app, pygame.K_2)  # the fake raises anxiety to 5
    story = app.top
    assert "Anxiety rises: 5 of 10" in story.effects.captions()
    app.ctx.now.t += 6
    app.tick()
    assert "Anxiety rises: 5 of 10" not in story.effects.captions(), "a note, not a fixture"
    fills = app.ctx.theme.meter_fills
    assert len(set(fills[:2])) == 2, "Energy and Anxiety are not the same green"


def test_the_pause_menu_over_the_questions_offers_settings_and_a_break(tmp_path):
    app = recording_app(tmp_path, Settings(), participant=False)
    for key in ("choose", "morning-bus", "continue", "consent-yes"):
        focus_and_enter(app, key)
    assert app.top.name == "questionnaire"
    press(app, pygame.K_ESCAPE)
    pause = app.top
    assert pause.name == "questions-pause" and pause.opaque, "drawn on its own, the question does not bleed through"
    focus_and_enter(app, "settings")
    assert app.top.name == "settings"  # text size can be fixed mid-questionnaire
    press(app, pygame.K_ESCAPE)
    focus_and_enter(app, "break")
    assert app.top.name == "break"
    app.telemetry.close()


def test_leaving_before_the_story_began_gets_prompts_that_fit(tmp_path):
    app = recording_app(tmp_path, Settings(), participant=False)
    for key in ("choose", "morning-bus", "continue", "consent-yes"):
        focus_and_enter(app, key)
    press(app, pygame.K_ESCAPE)
    focus_and_enter(app, "leave")
    assert app.top.name == "debrief"
    text = " ".join(t for _, t in app.top.paragraphs())
    assert "felt the hardest, and why" not in text and "Your doctor (GP)" in text
    app.telemetry.close()


def test_clipboard_voicing_copies_what_would_be_said(monkeypatch):
    copied = []
    monkeypatch.setattr(pygame.scrap, "put_text", lambda text: copied.append(text))
    app = make_app(settings=Settings(clipboard_voicing=True))
    go_to_story(app)
    assert copied and "alarm" in copied[-1].lower(), "the first line went to the clipboard"


def test_line_spacing_spreads_the_lines():
    from game.ui.widgets import line_height
    app = make_app()
    before = line_height(app.ctx.fonts.get("body"))
    app.ctx.apply_settings(app.ctx.settings.replace(line_spacing=1.6))
    assert line_height(app.ctx.fonts.get("body")) >= round(before * 1.5)
