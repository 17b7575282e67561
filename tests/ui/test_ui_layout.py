"""Nothing essential is hidden, at any text size: every screen a student meets, with the bundled story, the default
questionnaire and recording on, at 100/150/200% text, both fonts, normal and high contrast, in a 1280x720 and an
800x600 window. At every stop: no line of text leaves its panel or the screen, no two lines overlap, every button of
the menu is in view (the settings list alone may scroll), and what a student must see is on the first page: the
consent's headline, a questionnaire statement and all its answers, every help line and the play code after leaving,
a locked choice's reason. A body longer than the screen pages, and its primary button wakes on the last page.
"""
from __future__ import annotations

import itertools

import pygame
import pytest

from game.ui.settings import Settings
from tests.ui.screen_tour import ending_tour, recording_app, story_tour
from tests.ui.ui_helpers import make_app, press

CANVAS = pygame.Rect(0, 0, 1280, 720)
CONFIGS = list(itertools.product((1.0, 1.5, 2.0), (False, True), (False, True), ((1280, 720), (800, 600))))


def _ids(cfg):
    scale, dys, hc, size = cfg
    return f"{int(scale * 100)}%-{'dyslexic' if dys else 'sans'}-{'hc' if hc else 'normal'}-{size[0]}x{size[1]}"


def _check_rects(pairs, where):
    assert pairs, f"{where}: no text drawn"
    for r, box in pairs:
        assert CANVAS.contains(r), f"{where}: text {r} leaves the screen"
        assert box.contains(r), f"{where}: text {r} leaves its panel {box}"
    rects = [r for r, _ in pairs]
    for a, b in itertools.combinations(range(len(rects)), 2):
        assert not rects[a].colliderect(rects[b]), f"{where}: text {rects[a]} overlaps text {rects[b]}"


def _check_page_screen(app, top, where):
    # the heading whole: wrapped, every line on screen
    for ln in app.ctx.text.wrap(app.ctx.fonts.get(top.heading_role), top.heading, CANVAS.w - 96):
        assert ln in top.drawn, f"{where}: heading line {ln!r} not shown"
    if not top.menu_may_scroll:
        hidden = [it.label for i, it in enumerate(top.menu.items) if not top.menu.visible(i)]
        assert not hidden, f"{where}: buttons out of view: {hidden}"
    if top.page == 0:
        for text in top.essentials():
            role = next(r for r, t in top._paragraphs() + [("label", top.corner_note())] if t == text)
            for ln in app.ctx.text.wrap(app.ctx.fonts.get(role), text, top.body_rect.w - 32):
                assert ln in top.drawn, f"{where}: {ln!r} is not on the first page"
    for key in top.gated_keys:
        i = top.menu.find(key)
        if not top.read_to_end:
            assert not top.menu.items[i].enabled, f"{where}: {key} active before the last page"
            assert top.menu.focus != i, f"{where}: {key} highlighted before the last page"


def _check_faces(story, where):
    """No text panel (the line, the question, a choice, the out-of-reach message) covers the face of a character
    on stage: the panels stand beside the faces."""
    faces = story.stage.face_rects(CANVAS.size, CANVAS.h)
    for cid, face in faces.items():
        assert CANVAS.contains(face), f"{where}: {cid}'s face is off the screen"
        for panel in story.panels:
            assert not face.colliderect(panel), f"{where}: a text panel {panel} covers {cid}'s face {face}"
    return len(faces)


def _check_story(app, story, where):
    regions = story.layout_regions()
    assert not regions["stats"].colliderect(regions["history"])
    assert not regions["history"].colliderect(regions["pause"])
    if story.mode in ("line", "choices"):
        _check_faces(story, where)
    if story.mode == "choices":
        for i, o in enumerate(story.choices.options):
            if story.choices.menu.visible(i) and not o.available:
                reason = app.ctx.text.wrap(app.ctx.fonts.get("small"), f"Out of reach: {o.locked_reason}",
                                           story.choices.menu.rows[i].w - 2 * 16 - 40)[0]
                assert any(reason.startswith(d) or d.startswith(reason) for d in story.choices.menu.drawn), \
                    f"{where}: the reason of locked choice {o.text!r} is not shown"


def check_screen(app, name, where):
    top = app.top
    assert top.name == name, (top.name, name)
    top.draw(app.ctx.canvas)
    _check_rects(top.text_rects, where)
    if name == "story":
        _check_story(app, top, where)
    elif hasattr(top, "pages"):
        _check_page_screen(app, top, where)
        pages = len(top.pages)
        if pages > 1:  # every page fits too, and the last wakes the primary button
            first = top.page
            for k in range(1, pages - first):
                press(app, pygame.K_PAGEDOWN)
                top.draw(app.ctx.canvas)
                _check_rects(top.text_rects, f"{where} page {first + k + 1}")
            assert top.read_to_end
            for key in top.gated_keys:
                item = top.menu.items[top.menu.find(key)]
                assert item.enabled or name == "debrief", f"{where}: {key} still asleep on the last page"
            while top.page > first:
                press(app, pygame.K_PAGEUP)


@pytest.mark.parametrize("cfg", CONFIGS, ids=_ids)
def test_every_screen_shows_what_matters(tmp_path, cfg):
    scale, dys, hc, size = cfg
    settings = Settings(text_scale=scale, dyslexic_font=dys, high_contrast=hc)
    app = recording_app(tmp_path, settings, size=size)
    assert app.display.dest.w <= size[0] and app.display.dest.h <= size[1]  # the whole canvas is in the window
    seen = set()
    for name in story_tour(app):
        check_screen(app, name, f"{_ids(cfg)} {name}")
        seen.add(name)
    app.telemetry.close()
    assert seen >= {"title", "settings", "picker", "notes", "consent", "participant", "questionnaire",
                    "questions-pause", "story", "pause", "history", "break", "debrief"}
    if size == (1280, 720):
        app = make_app(settings=settings, size=size)
        for name in ending_tour(app):
            check_screen(app, name, f"{_ids(cfg)} {name}")


@pytest.mark.parametrize("reduce_motion", [False, True])
def test_a_locked_choice_keeps_its_reason_with_reduce_motion(tmp_path, reduce_motion):
    """With Reduce motion on, the reasons under locked choices used to vanish (at 100% they showed)."""
    app = recording_app(tmp_path, Settings(text_scale=2.0, dyslexic_font=True, reduce_motion=reduce_motion))
    found = False
    for name in story_tour(app):
        top = app.top
        if name == "story" and top.mode == "choices" and any(not o.available for o in top.choices.options):
            locked = next(i for i, o in enumerate(top.choices.options) if not o.available)
            while not top.choices.menu.visible(locked):
                press(app, pygame.K_DOWN)
            check_screen(app, name, "locked menu")
            found = True
    app.telemetry.close()
    assert found


def test_shake_never_moves_the_text():
    from tests.ui.ui_helpers import go_to_story
    app = make_app()
    go_to_story(app)
    story = app.top
    story.textbox.finish()
    story.effects.add("shake", 1.0, None, "Your hands shake.", app.ctx.now())
    boxes = set()
    for k in range(12):
        story.t = app.ctx.now() + k * 0.07
        story.draw(app.ctx.canvas)
        boxes.add(tuple(story.textbox.box))
    offsets = {story.effects.shake_offset(app.ctx.now() + k * 0.07) for k in range(12)}
    assert len(offsets) > 1, "the shake moves (the picture)"
    assert len(boxes) == 1, "the text box keeps still"


# the-feed's moments with a character on stage and a choice to make: Dad on the left, Priya and Mr Hale on the right
FACE_BEATS = ("kitchen.dad-asks", "school.priya-finds", "school.hale", "evening.dad-knock")


@pytest.mark.parametrize("cfg", list(itertools.product((1.0, 1.5, 2.0), ((1280, 720), (800, 600)))),
                         ids=lambda c: f"{int(c[0] * 100)}%-{c[1][0]}x{c[1][1]}")
def test_the_choice_menu_never_covers_a_face(cfg):
    """Issue: the menu (and the line above it) hid the face of the character the student was answering. Every line
    and menu of these moments, with one character on stage and then with a second on the other side."""
    from game.story import events as ev
    from tests.ui.ui_helpers import go_to_story
    scale, size = cfg
    menus = faces_seen = 0
    for beat in FACE_BEATS:
        app = make_app(settings=Settings(text_scale=scale), size=size, start_at=beat)
        go_to_story(app, "the-feed")
        story = app.top
        for step in range(60):
            if app.top is not story or story.mode not in ("line", "choices"):
                break
            if story.mode == "line":
                story.textbox.finish()
            check_screen(app, "story", f"{beat} {cfg} step {step}")
            faces_seen += _check_faces(story, beat)
            if story.mode == "choices":
                menus += 1
                # a second character on the other side: the menu must stand between the two faces
                on = next(iter(story.stage.on.values()), None)
                if on is not None:
                    other = "right" if on.side == "left" else "left"
                    story.stage.handle(ev.CharacterShown("guest", "Guest", "neutral", on.image, "a guest", other,
                                                         None), story.t)
                    story.relayout()
                    check_screen(app, "story", f"{beat} {cfg} two on stage")
                    assert _check_faces(story, beat) == 2
                break
            press(app, pygame.K_RETURN)
    assert menus == len(FACE_BEATS) and faces_seen >= len(FACE_BEATS)
