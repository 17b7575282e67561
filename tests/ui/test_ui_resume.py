"""Autosave at every choice; closing the window or a crash resumes where the player was."""
import json

import pygame

from game.ui import autosave
from tests.ui.ui_helpers import advance_lines, go_to_story, make_app, press


def _choose_first(app):
    story = app.top
    i = [k for k, o in enumerate(story.choices.options) if o.available][0]
    press(app, pygame.K_1 + i)


def test_autosave_written_at_every_choice_and_resumed_after_close():
    app = make_app()
    go_to_story(app)
    assert autosave.save_path("morning-bus").exists()  # even before the first choice
    advance_lines(app)
    _choose_first(app)
    saved_once = autosave.save_path("morning-bus").read_text()
    advance_lines(app)
    menu_id = app.top.menu_event.menu_id
    history_len = len(app.top.history)
    _choose_first(app)
    assert autosave.save_path("morning-bus").read_text() != saved_once  # written again at this choice
    # the window is closed in the middle of the lines after that choice
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.pump()
    assert not app.running
    pygame.quit()

    app2 = make_app()
    assert app2.top.name == "title"
    assert app2.top.menu.items[0].key == "continue"
    press(app2, pygame.K_RETURN)
    story = app2.top
    assert story.name == "story"
    # it shows the lines that came after the last choice, then the next menu; the backlog survived too
    assert len(story.history) >= history_len
    assert any(t.startswith("You chose") for _, t, _ in story.history)
    advance_lines(app2)
    assert story.menu_event is None or story.menu_event.menu_id != menu_id


def test_resume_after_crash_mid_lines_shows_pending_lines_and_stats():
    app = make_app()
    go_to_story(app)
    advance_lines(app)
    _choose_first(app)
    story = app.top
    text_then = story.textbox.text
    stats_then = {k: v.value for k, v in story.stats.stats.items()}
    del app  # a crash: nothing else is written
    pygame.quit()
    app2 = make_app()
    press(app2, pygame.K_RETURN)  # "continue where you left off"
    story2 = app2.top
    assert story2.name == "story" and story2.mode == "line"
    assert story2.textbox.text == text_then
    assert {k: v.value for k, v in story2.stats.stats.items()} == stats_then


def test_finished_story_leaves_no_autosave():
    from tests.ui.ui_helpers import play_to_end
    app = make_app()
    go_to_story(app)
    play_to_end(app)
    assert app.top.name == "ending"
    assert not autosave.save_path("morning-bus").exists()


def test_damaged_autosave_is_set_aside_with_a_warning(caplog):
    path = autosave.save_path("morning-bus")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ not json", encoding="utf-8")
    app = make_app()
    assert [i.key for i in app.top.menu.items][0] == "choose"  # no "continue" offered
    assert "damaged autosave" in caplog.text
    assert not path.exists() and len(list(path.parent.glob("morning-bus.json.damaged-*"))) == 1


def test_autosave_of_a_changed_story_gives_a_message_not_a_crash():
    app = make_app()
    go_to_story(app)
    path = autosave.save_path("morning-bus")
    data = json.loads(path.read_text())
    data["story"] = '{"format": "something-else"}'
    data["pending"] = []
    path.write_text(json.dumps(data))
    pygame.quit()
    app2 = make_app()
    press(app2, pygame.K_RETURN)
    assert app2.top.name == "message"
    assert "could not be restored" in " ".join(t for _, t in app2.top.paragraphs())
    assert not path.exists()
    assert len(list(path.parent.glob("morning-bus.json.damaged-*"))) == 1  # set aside, not deleted
