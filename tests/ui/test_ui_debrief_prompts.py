"""The window's debrief asks about the path the student took: the ending reached, leaving early, and a play resumed
from its autosave (the prompts are chosen by the state at the end, not by the part played since the resume)."""
from __future__ import annotations

import pygame

from tests.ui.ui_helpers import advance_lines, focus_and_enter, go_to_story, make_app, play_to_end, press

ENDINGS = ("told-dad", "reached-out", "not-tonight")


def _for_ending(narrative, ending: str, alone: bool = False) -> set[str]:
    """The prompts written for `ending` (alone: those whose `when` is the ending and nothing else)."""
    want = f'ending == "{ending}"'
    return {p.text for p in narrative.debrief.prompts
            if p.when is not None and (p.when.source == want if alone else want in p.when.source)}


def _shown(app) -> str:
    return " ".join(t for _, t in app.top.paragraphs())


def _to_debrief(app) -> None:
    for _ in range(10):
        if app.top.name == "debrief":
            return
        if app.top.name == "ending":
            focus_and_enter(app, "continue")
        else:
            focus_and_enter(app, app.top.menu.items[0].key)  # the questionnaire after the story, if any
    assert app.top.name == "debrief", app.top.name


def test_played_to_an_ending_the_debrief_asks_about_that_ending_only():
    reached = set()
    for pick in (0, 1, 2):
        app = make_app()
        go_to_story(app, "the-feed")
        play_to_end(app, pick=pick)
        _to_debrief(app)
        story = app.top.session.story
        ending = story.ending.ending_id
        reached.add(ending)
        text = _shown(app)
        n = story.narrative
        mine = _for_ending(n, ending, alone=True)
        assert len(mine) >= 2 and all(f"• {p}" in text for p in mine)
        for other in ENDINGS:
            if other != ending:
                assert not any(p in text for p in _for_ending(n, other)), (ending, other)
        assert ("Maya told Priya \"I've felt like this for weeks.\"" in text) == story.values["told_priya"]
    assert len(reached) >= 2  # different picks, different endings: the prompts changed with them


def test_leaving_early_gets_the_prompt_for_leaving_and_none_for_an_ending():
    app = make_app()
    go_to_story(app, "the-feed")
    advance_lines(app)
    press(app, pygame.K_ESCAPE)
    focus_and_enter(app, "leave")
    assert app.top.name == "debrief"
    text = _shown(app)
    n = app.top.session.story.narrative
    assert "You left before the end of Maya's day" in text
    assert not any(p in text for e in ENDINGS for p in _for_ending(n, e))


def test_a_play_resumed_from_its_autosave_gets_prompts_for_its_whole_path():
    app = make_app()
    go_to_story(app, "the-feed")
    advance_lines(app)
    # at the alarm, look at the drawing; then delete it (a flag the debrief asks about)
    for want in ("check-drawing", "delete-post"):
        advance_lines(app)
        ids = [o.choice_id for o in app.top.choices.options]
        press(app, pygame.K_1 + ids.index(want))
    assert app.top.session.story.values["deleted_post"]
    pygame.event.post(pygame.event.Event(pygame.QUIT))  # the window is closed mid-story
    app.pump()
    pygame.quit()

    app2 = make_app()
    press(app2, pygame.K_RETURN)  # "continue where you left off"
    assert app2.top.name == "story"
    play_to_end(app2)
    _to_debrief(app2)
    assert "Maya deleted her fox drawing" in _shown(app2)


def test_a_heading_is_never_left_alone_at_the_bottom_of_a_page():
    """The debrief's "Myth and fact:" heading was the last line of a page, its cards on the next."""
    from game.ui.settings import Settings
    for scale in (1.0, 1.5, 2.0):
        app = make_app(settings=Settings(text_scale=scale), start_at="evening.dad-knock",
                       overrides={"saw_hale": True, "told_priya": True})
        go_to_story(app, "the-feed")
        play_to_end(app)
        _to_debrief(app)
        screen = app.top
        screen.draw(app.ctx.canvas)
        lines = screen._body_lines
        for a, b in screen.pages:
            shown = [r for r, _ in lines[a:b] if r != "gap"]
            assert shown and shown[-1] != "label", (scale, lines[a:b])
