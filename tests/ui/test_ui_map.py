"""A map scene in the window: walking with the keys and by clicking, zones and people starting their beats, a locked
exit saying why, the Places list playing the whole map, a still camera with Reduce motion, and resuming on the tile
where the student stood."""
from __future__ import annotations

import json

import pygame
import pytest

from game.content import load_narrative
from game.ui import autosave
from game.ui.settings import Settings
from tests.mapkit import write_map_story
from tests.ui.ui_helpers import RecordingSpeaker, advance_lines, click, go_to_story, make_app, press


@pytest.fixture
def narrative(tmp_path):
    res = load_narrative(write_map_story(tmp_path), use_cache=False)
    assert res.ok, [d.format() for d in res.diagnostics]
    return res.narrative


def _open_map(narrative, **kw):
    app = make_app(catalogue=lambda: [narrative], **kw)
    go_to_story(app, narrative.id)
    advance_lines(app)  # "You come in." then the map
    assert app.top.name == "map"
    return app


def test_walking_into_a_zone_plays_its_beat_then_the_map_comes_back_where_the_student_stood(narrative):
    app = _open_map(narrative)
    m = app.top
    assert m.pos == (1, 1)  # the spawn point
    press(app, pygame.K_d, 2)  # WASD works like the arrows
    press(app, pygame.K_DOWN)
    story = app.top
    assert story.name == "story" and story.textbox.text == "You sit a moment."
    advance_lines(app)
    assert app.top.name == "map" and app.top.pos == (3, 2)
    assert "desk" not in [o.choice_id for o in app.top.menu.options]  # once: it has had its moment


def test_walls_block_the_figure(narrative):
    app = _open_map(narrative)
    press(app, pygame.K_UP)  # a wall above the spawn point
    press(app, pygame.K_LEFT)
    assert app.top.pos == (1, 1)


def test_a_locked_exit_says_why_aloud_and_keeps_the_student_on_the_map(narrative):
    speaker = RecordingSpeaker()
    app = _open_map(narrative, speaker=speaker, settings=Settings(tts=True, reduce_motion=True))
    for key in [pygame.K_DOWN, pygame.K_DOWN] + [pygame.K_RIGHT] * 5:  # round the desk to the door (6, 3)
        press(app, key)
    if app.top.name == "story":  # walked over the desk on the way
        advance_lines(app)
    assert app.top.name == "map" and app.top.pos == (6, 3)
    assert app.top.message == "The door: Not yet."
    assert any("Out of reach: The door: Not yet." in s for s in speaker.said)


def test_talking_to_a_person_with_enter_then_leaving_by_the_list(narrative):
    app = _open_map(narrative)
    press(app, pygame.K_RIGHT, 3)  # (4, 1): beside Jo at (5, 1)
    press(app, pygame.K_RETURN)
    assert app.top.name == "story" and app.top.textbox.text == "Hi!"
    advance_lines(app)
    m = app.top
    door = [o.choice_id for o in m.menu.options].index("door")
    assert m.menu.options[door].available  # talking to Jo unlocked it
    press(app, pygame.K_1 + door)
    assert app.top.name == "ending"


def test_the_places_list_plays_the_whole_map_with_tab_and_enter(narrative):
    speaker = RecordingSpeaker()
    app = _open_map(narrative, speaker=speaker, settings=Settings(tts=True))
    press(app, pygame.K_TAB)
    press(app, pygame.K_TAB)  # the second place: Jo
    assert any("Place 2 of 3: Jo" in s for s in speaker.said)
    press(app, pygame.K_RETURN)
    assert app.top.name == "story" and app.top.textbox.text == "Hi!"
    advance_lines(app)
    assert sum("A place you can walk around" in s for s in speaker.said) == 1  # introduced once,
    assert "Back on the map. 3 places. Press L to hear them." in speaker.said  # then a short reminder
    press(app, pygame.K_l)  # the whole list, read aloud
    assert "Places: 1: The desk. 2: Jo. 3: The door." in speaker.said[-1]


def test_clicking_a_place_in_the_list_goes_there(narrative):
    app = _open_map(narrative)
    m = app.top
    m.draw(app.ctx.canvas)
    rect = dict(m.panel.hits)[0]  # the desk
    click(app, rect.center)
    assert app.top.name == "story" and app.top.textbox.text == "You sit a moment."
    advance_lines(app)
    assert app.top.name == "map" and app.top.pos == (3, 2)  # the figure is there when the map comes back


def test_clicking_the_map_walks_the_figure_there_round_walls(narrative):
    app = _open_map(narrative, settings=Settings(reduce_motion=True))
    m = app.top
    m.draw(app.ctx.canvas)
    target = m.screen_point(m._center((6, 2)))
    click(app, target)
    for _ in range(20):
        app.tick()
    assert app.top is m and m.pos == (6, 2)  # along row 1 and down: the desk zone at (3, 2) is not on the way


def test_tapping_a_person_walks_up_to_them_and_talks(narrative):
    """Touch has no Enter key: a tap on someone goes beside them and starts the talk."""
    app = _open_map(narrative, settings=Settings(reduce_motion=True))
    m = app.top
    m.draw(app.ctx.canvas)
    click(app, m.screen_point(m._center((5, 1))))  # Jo
    for _ in range(10):
        if app.top is not m:
            break
        app.tick()
    assert app.top.name == "story" and app.top.textbox.text == "Hi!"
    assert m.pos == (4, 1)  # beside her, the nearest way


def test_reduce_motion_keeps_the_camera_still_while_the_figure_walks(narrative):
    app = _open_map(narrative, settings=Settings(reduce_motion=True))
    m = app.top
    m.draw(app.ctx.canvas)
    before = m.renderer.view_rect.center
    press(app, pygame.K_RIGHT)
    m.draw(app.ctx.canvas)
    assert m.renderer.view_rect.center == before and m.pos == (2, 1)
    assert m.glide is None  # no gliding animation either: the figure is simply on the next tile


def test_the_camera_follows_without_reduce_motion(tmp_path):
    wide = ["#" * 60] + ["#" + "." * 58 + "#"] * 3 + ["#" * 60]
    res = load_narrative(write_map_story(tmp_path, rows=wide), use_cache=False)
    app = _open_map(res.narrative)
    m = app.top
    m.draw(app.ctx.canvas)
    before = m.renderer.view_rect.centerx
    for _ in range(25):
        press(app, pygame.K_RIGHT)
        app.ctx.now.t += 1  # let each step's glide finish
        app.tick()
        if app.top is not m:
            advance_lines(app)
            m = app.top
    m.draw(app.ctx.canvas)
    assert m.renderer.view_rect.centerx > before
    assert m.renderer.zoom == 2.0  # whole-number zoom: crisp tiles


def test_autosave_keeps_the_figure_position_and_resume_puts_it_back(narrative):
    app = _open_map(narrative)
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_ESCAPE)  # pausing saves
    assert app.top.name == "pause"
    saved = json.loads(autosave.save_path(narrative.id).read_text())
    assert json.loads(saved["story"])["map_position"] == [80.0, 48.0]  # the middle of tile (2, 1)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.pump()
    app2 = make_app(catalogue=lambda: [narrative])
    assert app2.top.menu.items[0].key == "continue"
    press(app2, pygame.K_RETURN)
    advance_lines(app2)
    assert app2.top.name == "map" and app2.top.pos == (2, 1)


def test_standing_still_saves_the_position_without_pausing(narrative):
    app = _open_map(narrative)
    press(app, pygame.K_RIGHT)
    before = autosave.read_autosave(narrative.id)
    assert before is None or '"map_position": [80.0' not in before.story_state
    app.ctx.now.t += 2  # the student stops for a moment
    app.tick()
    assert '"map_position": [80.0, 48.0]' in autosave.read_autosave(narrative.id).story_state


def test_an_autosave_written_in_the_middle_of_a_zone_beat_resumes(narrative):
    """Pending events saved while a zone's lines are showing include the map's own events; they read back."""
    app = _open_map(narrative)
    press(app, pygame.K_RIGHT, 2)
    press(app, pygame.K_DOWN)  # into the desk zone: its line is showing, the next Places list is pending
    assert app.top.name == "story"
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.pump()
    save = autosave.read_autosave(narrative.id)
    assert save is not None and any(type(e).__name__ == "PlacesOffered" for e in save.pending)
    app2 = make_app(catalogue=lambda: [narrative])
    press(app2, pygame.K_RETURN)
    advance_lines(app2)
    assert app2.top.name == "map" and app2.top.pos == (3, 2)


def test_walking_and_the_list_are_recorded_in_the_window_by_place_id(tmp_path, narrative):
    from game.telemetry import query
    from game.telemetry.flow import Telemetry, TelemetryOptions
    from game.ui.flow import Hooks
    from game.ui.telemetry_screens import install_telemetry
    from tests.ui.ui_helpers import focus_and_enter

    telemetry = Telemetry.open(TelemetryOptions(data_dir=tmp_path / "data"))
    hooks = Hooks()
    install_telemetry(hooks, telemetry)
    app = make_app(hooks=hooks, catalogue=lambda: [narrative])
    focus_and_enter(app, "choose")
    focus_and_enter(app, narrative.id)
    focus_and_enter(app, "continue")
    focus_and_enter(app, "consent-yes")
    while app.top.name == "questionnaire":
        press(app, pygame.K_3)
    advance_lines(app)
    assert app.top.name == "map"
    press(app, pygame.K_RIGHT, 2)
    press(app, pygame.K_DOWN)  # walks into the desk zone
    advance_lines(app)
    press(app, pygame.K_2)  # the door, still locked: an attempt
    assert app.top.name == "map" and app.top.message == "The door: Not yet."
    press(app, pygame.K_1)  # Jo, from the Places list (the desk is spent)
    advance_lines(app)
    telemetry.close()
    with query.open_db(data_dir=tmp_path / "data") as q:
        events = [(e.type, dict(e.payload)) for e in q.events()]
    assert ("zone_entered", {"scene_id": "m", "place": "desk", "how": "entered"}) in events
    assert ("place_chosen", {"scene_id": "m", "place": "jo", "position": 1}) in events
    assert ("locked_choice_tried", {"menu_id": "m.map", "choice_id": "door"}) in events


def test_reduce_motion_on_a_map_larger_than_the_screen_turns_pages_instead_of_scrolling(tmp_path):
    wide = ["#" * 80] + ["#" + "." * 78 + "#"] * 3 + ["#" * 80]
    res = load_narrative(write_map_story(tmp_path, rows=wide), use_cache=False)
    app = _open_map(res.narrative, settings=Settings(reduce_motion=True))
    m = app.top
    centers = []
    for _ in range(40):
        m.draw(app.ctx.canvas)
        centers.append(m.renderer.view_rect.centerx)
        press(app, pygame.K_RIGHT)
        if app.top is not m:
            advance_lines(app)
            m = app.top
    assert m.renderer.zoom == 1.0
    changes = sum(1 for a, b in zip(centers, centers[1:]) if a != b)
    assert 1 <= changes <= 2  # a page turn (or two), not a camera that moves with every step


def test_a_near_zone_muffles_the_sound_more_as_the_student_comes_closer(tmp_path):
    from tests.mapkit import MAP_SCENE
    scene = MAP_SCENE.replace("    once: true\n", "    once: true\n    near:\n      effect: muffle\n"
                              "      intensity: 0.8\n      caption: The room hums.\n")
    res = load_narrative(write_map_story(tmp_path, scene), use_cache=False)
    app = _open_map(res.narrative)
    m = app.top
    far = m.host.effects.level("muffle")
    press(app, pygame.K_RIGHT)  # one step nearer the desk
    app.tick()
    nearer = m.host.effects.level("muffle")
    assert 0 < far < nearer
    assert app.ctx.sound.factor < 1.0  # everything is quieter near the zone
    assert m.host.effects.captions() == ["The room hums."]  # a sound effect is always captioned


def test_a_slow_walk_is_captioned_and_slower(tmp_path):
    from tests.mapkit import MAP_SCENE
    scene = MAP_SCENE.replace("map: maps/room.tmx\n", "map: maps/room.tmx\nslow_walk_if: energy < 3\n"
                              "slow_walk_caption: Your legs feel heavy.\n")
    res = load_narrative(write_map_story(tmp_path, scene), use_cache=False)
    app = make_app(catalogue=lambda: [res.narrative], overrides={"energy": 1})
    go_to_story(app, res.narrative.id)
    advance_lines(app)
    m = app.top
    assert m.host.effects.captions() == ["Your legs feel heavy."]
    press(app, pygame.K_RIGHT)
    assert m.glide[3] == pytest.approx(0.32)  # a step takes longer


def test_a_place_at_the_edge_of_the_map_keeps_its_name_inside_the_view(tmp_path):
    """A zone by the right-hand wall with a long name: the name slides inside the map's view (it used to be
    replaced by the place's number, as if another name were in the way), and never runs off the edge."""
    from tests.mapkit import MAP_SCENE, OBJECTS
    from tools.tmx_write import Obj
    scene = MAP_SCENE.replace("label: The desk", "label: The nurse's door with a sign")
    rows = ["#" * 12] + ["#" + "." * 10 + "#"] * 3 + ["#" * 12]  # wide enough to reach the view's right edge
    objects = [o if o.name != "desk" else Obj("desk", "zone", 10, 1) for o in OBJECTS]
    res = load_narrative(write_map_story(tmp_path, scene=scene, rows=rows, objects=objects), use_cache=False)
    assert res.ok, [d.format() for d in res.diagnostics]
    app = _open_map(res.narrative)
    m = app.top
    m.draw(app.ctx.canvas)
    names = dict(m.place_names)
    assert "The nurse's door with a sign" in names, names
    assert m.view.contains(names["The nurse's door with a sign"])
