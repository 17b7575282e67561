"""Every screen is reachable by keyboard alone, and the whole flow goes title → … → debrief → title."""
import pygame

from tests.ui.ui_helpers import (advance_lines, finish_debrief, focus_and_enter, go_to_story, make_app,
                                 play_to_end, press, read_to_the_end)


def test_keyboard_only_full_play_through():
    app = make_app()
    assert app.top.name == "title"
    go_to_story(app)
    story = app.top
    assert story.mode == "line"
    play_to_end(app)
    assert app.top.name == "ending"
    assert app.top.session.ending.kind == "finished"
    press(app, pygame.K_RETURN)
    finish_debrief(app)  # the button wakes after a few seconds, on the last page
    assert app.top.name == "title"


def test_notes_offer_choose_another_and_leave():
    app = make_app()
    focus_and_enter(app, "choose")
    focus_and_enter(app, "morning-bus")
    assert app.top.name == "notes"
    assert any("Anxiety" in t for _, t in app.top.paragraphs())  # the story's content notes are shown
    focus_and_enter(app, "another")
    assert app.top.name == "picker"
    focus_and_enter(app, "morning-bus")
    focus_and_enter(app, "leave")
    assert app.top.name == "title"


def test_pause_break_history_settings_resume_by_keyboard():
    app = make_app()
    go_to_story(app)
    press(app, pygame.K_RETURN, 3)
    press(app, pygame.K_ESCAPE)
    assert app.top.name == "pause"
    focus_and_enter(app, "break")
    assert app.top.name == "break"
    press(app, pygame.K_RETURN)
    assert app.top.name == "pause"
    focus_and_enter(app, "history")
    assert app.top.name == "history"
    assert any("alarm" in t.lower() for _, t in app.top.paragraphs())  # what was said so far
    press(app, pygame.K_ESCAPE)
    assert app.top.name == "pause"
    focus_and_enter(app, "settings")
    assert app.top.name == "settings"
    press(app, pygame.K_ESCAPE)
    assert app.top.name == "pause"
    focus_and_enter(app, "resume")
    assert app.top.name == "story"
    press(app, pygame.K_h)  # history straight from the story
    assert app.top.name == "history"
    press(app, pygame.K_h)
    assert app.top.name == "story"


def test_leave_goes_straight_to_debrief_and_help():
    app = make_app()
    go_to_story(app)
    advance_lines(app)
    press(app, pygame.K_ESCAPE)
    focus_and_enter(app, "leave")
    assert app.top.name == "debrief"
    assert app.top.session.ending.kind == "left"
    text = " ".join(t for _, t in app.top.paragraphs())
    assert "Your doctor (GP)" in text and "left the story" in text  # the story's own help


def test_debrief_not_skipped_by_accidental_keys():
    app = make_app()
    go_to_story(app)
    press(app, pygame.K_ESCAPE)
    focus_and_enter(app, "leave")
    assert app.top.name == "debrief"
    for key in (pygame.K_SPACE, pygame.K_ESCAPE, pygame.K_1, pygame.K_RETURN, pygame.K_q):
        press(app, key)
        assert app.top.name == "debrief"  # too early, or not a deliberate key
    app.ctx.now.t += 6
    app.tick()
    read_to_the_end(app)
    for key in (pygame.K_SPACE, pygame.K_ESCAPE, pygame.K_1):
        press(app, key)
        assert app.top.name == "debrief"
    press(app, pygame.K_RETURN)
    assert app.top.name == "title"


def test_mouse_click_chooses_and_locked_choice_is_explained():
    """The fake story's first menu has a locked option: clicking it explains (and speaks) why, chooses nothing."""
    from game.ui.settings import Settings
    from tests.ui.fakes import FakeNarrative, FakeStory
    from tests.ui.ui_helpers import RecordingSpeaker, click
    speaker = RecordingSpeaker()
    n = FakeNarrative()
    app = make_app(settings=Settings(tts=True), speaker=speaker, catalogue=lambda: [n], new_story=FakeStory,
                   load_story=FakeStory.load)
    go_to_story(app, n.id)
    advance_lines(app)
    app.ctx.now.t += 1  # a player reads the menu before clicking
    story = app.top
    locked = [i for i, o in enumerate(story.choices.options) if not o.available]
    assert locked
    i = locked[0]
    click(app, story.choices.menu.rows[i].center)
    assert app.top is story and story.mode == "choices"  # nothing chosen
    reason = story.choices.options[i].locked_reason
    assert story.choices.message == reason
    assert any(reason in s for s in speaker.said)  # and it was spoken
    # the crossed-out option still shows its reason on screen
    assert any(reason in (it.detail or "") for it in story.choices.menu.items)
    menu_before = story.menu_event
    click(app, story.choices.menu.rows[1].center)
    assert story.menu_event is not menu_before
    assert story.history[-2][1].startswith("You chose: Squeeze")


def test_on_screen_pause_button_works_by_click():
    from tests.ui.ui_helpers import click
    app = make_app(size=(1366, 768))
    go_to_story(app)
    click(app, app.top.pause_button.rect.center)
    assert app.top.name == "pause"


def test_the_enter_that_advanced_the_last_line_does_not_also_choose():
    """Players press Enter again and again through the lines; the press that lands as the menu appears must not
    take the focused choice. Number keys choose at once; Enter works once the menu has been on screen a moment."""
    app = make_app()
    go_to_story(app, "morning-bus")
    advance_lines(app)
    story = app.top
    menu = story.menu_event
    press(app, pygame.K_RETURN, times=3)
    assert story.menu_event is menu and story.mode == "choices", "nothing chosen by the rhythm of Enter"
    app.ctx.now.t += 1
    press(app, pygame.K_RETURN, times=3)
    assert story.menu_event is menu, "three Enters never go past a decision: nothing is highlighted yet"
    press(app, pygame.K_DOWN)  # the student looks at the first option
    press(app, pygame.K_RETURN)
    assert story.menu_event is not menu, "a deliberate Enter chooses"


def test_the_debrief_names_whose_day_it_was_in_the_story_s_own_words():
    """The Saturday Shift says "Nadia, 16, who hears voices" (its `perspective.about`); a story without it keeps
    "who lives with <condition>"."""
    for story, words in (("hearing-voices", "through the eyes of Nadia, 16, who hears voices."),
                         ("the-feed", "through the eyes of Maya, 15, who lives with depression.")):
        app = make_app()
        go_to_story(app, story)
        advance_lines(app)
        press(app, pygame.K_ESCAPE)
        focus_and_enter(app, "leave")
        assert app.top.name == "debrief"
        assert words in " ".join(t for _, t in app.top.paragraphs())
