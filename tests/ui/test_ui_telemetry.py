"""Telemetry in the window (game/ui/telemetry_screens.py), driven headless with real key events: consent,
questionnaires, participant code, recording, withdrawal, leaving, kiosk."""
from __future__ import annotations

import getpass
import socket

import pygame

from game.telemetry import db, query
from game.telemetry.flow import Telemetry, TelemetryOptions
from game.telemetry.records import EVENT_TYPES
from game.ui.flow import Hooks
from game.ui.widgets import NO_FOCUS
from game.ui.telemetry_screens import install_telemetry
from tests.telemetry.helpers import all_values
from tests.ui.ui_helpers import advance_lines, finish_debrief, focus_and_enter, make_app, play_to_end, press


def _app(tmp_path, **kw):
    telemetry = Telemetry.open(TelemetryOptions(data_dir=tmp_path, kiosk=kw.get("kiosk", False)))
    hooks = Hooks()
    install_telemetry(hooks, telemetry)
    return make_app(hooks=hooks, **kw), telemetry


def _to_consent(app):
    focus_and_enter(app, "choose")
    focus_and_enter(app, "morning-bus")
    focus_and_enter(app, "continue")
    assert app.top.name == "consent"


def _answer_questions(app, key=pygame.K_3):
    n = 0
    while app.top.name == "questionnaire":
        press(app, key)
        n += 1
    return n


def _finish_debrief(app):
    finish_debrief(app)


def test_window_play_records_the_documented_events(tmp_path):
    app, telemetry = _app(tmp_path)
    _to_consent(app)
    assert not any(tmp_path.iterdir()), "nothing is written before consent"
    focus_and_enter(app, "consent-yes")
    assert app.top.name == "questionnaire"
    assert _answer_questions(app) == 10
    assert app.top.name == "story"
    play_to_end(app)
    press(app, pygame.K_RETURN)  # the ending -> the after-story questions
    assert app.top.name == "questionnaire"
    press(app, pygame.K_6)  # prefer not to say
    _answer_questions(app, pygame.K_5)
    assert app.top.name == "debrief"
    code = app.top.session.data["play_code"]
    assert any(code in t for _, t in app.top.paragraphs()), "the debrief shows the play code"
    _finish_debrief(app)
    telemetry.close()
    with query.open_db(data_dir=tmp_path) as q:
        [s] = q.sessions()
        events = q.events()
        answers = q.answers()
    assert s.player == "window" and s.ended_kind == "finished" and s.withdrawal_code == code
    # play_to_end picks available options only, so no attempt at a locked one is recorded
    # (this story has no map, so nothing is walked to or chosen from a Places list)
    assert {e.type for e in events} == set(EVENT_TYPES) - {"locked_choice_tried", "zone_entered", "place_chosen"}
    for e in events:
        assert set(e.payload) == set(EVENT_TYPES[e.type])
    assert len([a for a in answers if a.phase == "pre"]) == 10
    post = [a for a in answers if a.phase == "post"]
    assert len(post) == 10 and sum(a.value is None for a in post) == 1
    menus = [e for e in events if e.type == "menu_offered"]
    choices = [e for e in events if e.type == "choice_made"]
    assert len(choices) == len(menus) and all(c.payload["position"] >= 1 for c in choices)
    strings = [v for v in all_values(db.default_db_path(tmp_path)) if isinstance(v, str)]
    for secret in (getpass.getuser(), socket.gethostname()):
        if len(secret) >= 3:
            assert not any(secret.lower() in v.lower() for v in strings)


def test_window_play_without_recording_writes_nothing(tmp_path):
    app, telemetry = _app(tmp_path)
    _to_consent(app)
    focus_and_enter(app, "consent-no")
    assert app.top.name == "story"
    play_to_end(app)
    press(app, pygame.K_RETURN)
    assert app.top.name == "debrief" and not app.top.session.data.get("play_code")
    telemetry.close()
    assert not any(tmp_path.iterdir())


def test_stop_recording_from_the_pause_menu_deletes_the_play(tmp_path):
    app, telemetry = _app(tmp_path)
    _to_consent(app)
    focus_and_enter(app, "consent-yes")
    _answer_questions(app)
    advance_lines(app)
    press(app, pygame.K_ESCAPE)
    focus_and_enter(app, "withdraw")
    assert app.top.name == "story"
    play_to_end(app)
    press(app, pygame.K_RETURN)
    assert app.top.name == "debrief", "no after-story questions once recording stopped"
    telemetry.close()
    assert all_values(db.default_db_path(tmp_path)) == []


def test_leaving_during_the_questions_reaches_the_debrief(tmp_path):
    app, telemetry = _app(tmp_path)
    _to_consent(app)
    focus_and_enter(app, "consent-yes")
    press(app, pygame.K_2)
    press(app, pygame.K_ESCAPE)
    assert app.top.name == "questions-pause"
    focus_and_enter(app, "leave")
    assert app.top.name == "debrief"
    telemetry.close()
    with query.open_db(data_dir=tmp_path) as q:
        assert [s.ended_kind for s in q.sessions()] == ["left"]


def test_kiosk_resets_for_the_next_student_and_only_the_facilitator_key_quits(tmp_path):
    from game.content import load_narrative
    app, telemetry = _app(tmp_path, kiosk=True)
    app.nav.kiosk_narrative = load_narrative("morning-bus").narrative
    assert "quit" not in [i.key for i in app.top.menu.items]
    _to_consent(app)
    focus_and_enter(app, "consent-yes")
    _answer_questions(app)
    advance_lines(app)
    press(app, pygame.K_1)
    advance_lines(app)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.pump()
    assert app.running, "closing the window does not end a kiosk"
    press(app, pygame.K_ESCAPE)
    focus_and_enter(app, "leave")
    _finish_debrief(app)
    assert app.top.name == "notes", "the next student starts at the story's notes"
    assert app.nav.find_resumable() is None
    focus_and_enter(app, "continue")
    assert app.top.name == "consent", "every student is asked again"
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_q, mod=pygame.KMOD_LCTRL | pygame.KMOD_LALT,
                                         unicode="q", scancode=0))
    app.pump()
    assert not app.running
    telemetry.close()
    with query.open_db(data_dir=tmp_path) as q:
        assert sorted(s.ended_kind for s in q.sessions()) == ["left"]
        # kiosk mode is how the machine is set up, not what the student lived through: not recorded (issue 9)
        assert all(s.settings == {"reduced_effects": False} for s in q.sessions())


def test_participant_code_is_picked_with_keys_and_stored_only_as_a_hash(tmp_path):
    from game.telemetry import codes, cohorts
    conn = db.connect(db.default_db_path(tmp_path))
    info = cohorts.create(conn, "morning-bus", "Period 3")
    key = cohorts.key(conn, info.code)
    conn.close()
    telemetry = Telemetry.open(TelemetryOptions(data_dir=tmp_path, cohort=info.code))
    hooks = Hooks()
    install_telemetry(hooks, telemetry)
    app = make_app(hooks=hooks)
    _to_consent(app)
    focus_and_enter(app, "consent-yes")
    assert app.top.name == "participant"
    focus_and_enter(app, "participant-make")
    for answer in ("m", "29", "1", "k"):  # typed keys jump to the value; digits add up to 29
        for typed in answer:
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=ord(typed), mod=0, unicode=typed, scancode=0))
            app.pump()
        press(app, pygame.K_RETURN)
    assert app.top.name == "questionnaire"
    _answer_questions(app)
    press(app, pygame.K_ESCAPE)
    focus_and_enter(app, "leave")
    telemetry.close()
    with query.open_db(data_dir=tmp_path) as q:
        [s] = q.sessions()
    assert s.cohort_code == info.code
    assert s.participant_hash == codes.participant_hash(["M", "29", "1", "K"], key)


def test_pressing_a_locked_choice_records_one_attempt_per_menu_visit(tmp_path):
    app, telemetry = _app(tmp_path)
    _to_consent(app)
    focus_and_enter(app, "consent-yes")
    _answer_questions(app)
    # get up, whisper the notes, say "I'm fine", leave Jo's message, wave at the neighbour, stand by the doors: on
    # the bus, the breathing is out of reach
    for key in (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_2, pygame.K_2, pygame.K_2):
        advance_lines(app)
        press(app, key)
    advance_lines(app)
    story = app.top
    assert story.menu_event.menu_id == "bus.aisle"
    locked = [o for o in story.choices.options if not o.available]
    assert [o.choice_id for o in locked] == ["breathe"]
    press(app, pygame.K_1 + story.choices.options.index(locked[0]), times=3)  # a student tries it, again and again
    assert story.choices.message == locked[0].locked_reason, "the reason is shown"
    get_off = next(o for o in story.choices.options if o.choice_id == "get-off")
    press(app, pygame.K_1 + story.choices.options.index(get_off))
    telemetry.close()
    with query.open_db(data_dir=tmp_path) as q:
        tries = [e.payload for e in q.events() if e.type == "locked_choice_tried"]
    assert tries == [{"menu_id": "bus.aisle", "choice_id": "breathe"}]


def test_mashing_enter_does_not_answer_every_question(tmp_path):
    """Every item used to open on "Strongly disagree": mashing Enter recorded 1 for all of them."""
    app, telemetry = _app(tmp_path)
    _to_consent(app)
    focus_and_enter(app, "consent-yes")
    screen = app.top
    assert screen.name == "questionnaire" and screen.index == 0
    assert screen.menu.focus == NO_FOCUS, "no answer is highlighted when an item opens"
    press(app, pygame.K_RETURN, times=5)
    assert screen.index == 0, "Enter right after a question appears is not an answer"
    app.ctx.now.t += 2  # the student reads the question
    press(app, pygame.K_RETURN, times=5)
    assert screen.index == 0, "Enter with nothing chosen answers nothing"
    press(app, pygame.K_DOWN)  # the first answer
    press(app, pygame.K_RETURN)
    assert screen.index == 1 and screen.menu.focus == NO_FOCUS, "the next item opens with nothing highlighted"
    app.ctx.now.t += 2
    press(app, pygame.K_RETURN, times=5)
    assert screen.index == 1
    press(app, pygame.K_4)
    assert screen.index == 2, "a number key names its answer and always counts"
    assert [it.label for it in screen.menu.items][:2] == ["1. Strongly disagree", "2. Disagree"], \
        "answers show their number keys"
    telemetry.close()
    with query.open_db(data_dir=tmp_path) as q:
        values = {a.item_id: a.value for a in q.answers()}
    assert sorted(values.values()) == [1, 4]


def test_the_previous_question_can_be_answered_again(tmp_path):
    app, telemetry = _app(tmp_path)
    _to_consent(app)
    focus_and_enter(app, "consent-yes")
    screen = app.top
    assert "likert-back" not in [it.key for it in screen.menu.items], "no way back from the first item"
    first = screen.instrument.items[0].id
    press(app, pygame.K_2)
    assert screen.index == 1
    app.ctx.now.t += 2
    focus_and_enter(app, "likert-back")
    assert screen.index == 0 and screen.menu.focus == NO_FOCUS
    press(app, pygame.K_5)
    assert screen.index == 1
    telemetry.close()
    with query.open_db(data_dir=tmp_path) as q:
        answers = [(a.item_id, a.value) for a in q.answers()]
    assert answers == [(first, 5)], "the new answer replaces the first"


def test_participant_code_screen_draws_no_missing_glyphs_in_the_dyslexic_font(tmp_path):
    """Its value picker once showed ◀ ▶, which OpenDyslexic lacks: empty boxes for the students who chose that font."""
    from game.telemetry import cohorts
    from game.ui.settings import Settings
    conn = db.connect(db.default_db_path(tmp_path))
    info = cohorts.create(conn, "morning-bus", "Period 3")
    conn.close()
    telemetry = Telemetry.open(TelemetryOptions(data_dir=tmp_path, cohort=info.code))
    hooks = Hooks()
    install_telemetry(hooks, telemetry)
    app = make_app(settings=Settings(dyslexic_font=True), hooks=hooks)
    _to_consent(app)
    focus_and_enter(app, "consent-yes")
    focus_and_enter(app, "participant-make")
    font = app.ctx.fonts.get("button")
    missing = font.metrics("\ue000")[0]  # a private-use character: what the font draws when it has no glyph
    labels = [i.label + (i.detail or "") for i in app.top.menu.items]
    for text in labels:
        assert all(font.metrics(ch)[0] != missing for ch in text if not ch.isspace()), text
    telemetry.close()


def test_follow_up_in_the_window_asks_the_questions_then_shows_the_debrief(tmp_path):
    """Weeks later (issue 9): consent, participant code, the after-questionnaire again, the debrief; no story."""
    from game.telemetry import codes, cohorts
    conn = db.connect(db.default_db_path(tmp_path))
    info = cohorts.create(conn, "morning-bus", "Period 3")
    key = cohorts.key(conn, info.code)
    conn.close()
    telemetry = Telemetry.open(TelemetryOptions(data_dir=tmp_path, cohort=info.code, follow_up=True))
    hooks = Hooks()
    install_telemetry(hooks, telemetry)
    app = make_app(hooks=hooks)
    _to_consent(app)
    focus_and_enter(app, "consent-yes")
    focus_and_enter(app, "participant-make")
    for answer in ("m", "7", "2", "g"):
        for typed in answer:
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=ord(typed), mod=0, unicode=typed, scancode=0))
            app.pump()
        press(app, pygame.K_RETURN)
    assert _answer_questions(app) == 10
    assert app.top.name == "debrief", "no story in a follow-up"
    _finish_debrief(app)
    telemetry.close()
    with query.open_db(data_dir=tmp_path) as q:
        [s] = q.sessions()
        assert s.ended_kind == "finished" and s.participant_hash == codes.participant_hash(["M", "7", "2", "G"], key)
        assert {a.phase for a in q.answers()} == {"followup"} and len(q.answers()) == 10
        assert q.events() == [], "nothing of the story was played or recorded"
