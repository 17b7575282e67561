"""Hook points for consent and questionnaires, and observers that hear the session (telemetry)."""
import pygame

from game.ui.flow import AFTER_STORY, BEFORE_STORY, Hooks
from game.ui.screens.base import Screen
from tests.ui.ui_helpers import go_to_story, make_app, play_to_end, press, focus_and_enter


class AskScreen(Screen):
    def __init__(self, ctx, name, done):
        super().__init__(ctx)
        self.name, self.done = name, done

    def handle_key(self, key, unicode=""):
        if key == pygame.K_RETURN:
            self.done()


class Recorder:
    def __init__(self):
        self.calls = []

    def session_started(self, s):
        self.calls.append(("started", s.narrative.id))

    def choice_made(self, s, menu, option, seconds):
        self.calls.append(("choice", menu.menu_id, option.choice_id))

    def session_ended(self, s, how):
        self.calls.append(("ended", how))


def test_hooks_slot_in_before_the_story_and_before_the_debrief():
    hooks = Hooks()
    seen = []
    hooks.add(BEFORE_STORY, lambda ctx, s, done: AskScreen(ctx, "consent", done))
    hooks.add(BEFORE_STORY, lambda app, s, done: seen.append("skipped") or None)  # a hook may skip itself
    hooks.add(BEFORE_STORY, lambda ctx, s, done: AskScreen(ctx, "pre-questionnaire", done))
    hooks.add(AFTER_STORY, lambda ctx, s, done: AskScreen(ctx, "post-questionnaire", done))
    rec = Recorder()
    hooks.observers.append(rec)
    app = make_app(hooks=hooks)
    focus_and_enter(app, "choose")
    focus_and_enter(app, "morning-bus")
    focus_and_enter(app, "continue")
    assert app.top.name == "consent"
    press(app, pygame.K_RETURN)
    assert app.top.name == "pre-questionnaire" and seen == ["skipped"]
    press(app, pygame.K_RETURN)
    assert app.top.name == "story"
    play_to_end(app)
    press(app, pygame.K_RETURN)  # ending → continue
    assert app.top.name == "post-questionnaire"
    press(app, pygame.K_RETURN)
    assert app.top.name == "debrief"
    assert rec.calls[0] == ("started", "morning-bus")
    assert any(c[0] == "choice" for c in rec.calls)
    assert rec.calls[-1] == ("ended", "finished")


def test_closing_the_window_mid_story_is_an_abandoned_session():
    rec = Recorder()
    app = make_app(hooks=Hooks(observers=[rec]))
    go_to_story(app)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.pump()
    assert rec.calls[-1] == ("ended", "abandoned")
