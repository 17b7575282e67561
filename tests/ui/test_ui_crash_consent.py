"""A crash must not break consent: consent, pre questionnaire, four choices, SIGKILL of the real game process, start
again and "Continue": the same recorded play goes on (same session, consent valid), the post questionnaire is asked,
and the debrief shows the play code of that play. When it cannot go on, the student is told, shown the code of the
earlier answers, and asked again."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pygame
import pytest

from game import paths
from game.telemetry import db
from game.ui.telemetry_screens import FLOW_KEY
from tests.ui.ui_helpers import advance_lines, focus_and_enter, press

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="NEEDS POSIX SIGKILL")


def _env(data_dir) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(paths.ROOT), "VANTAGE_DATA": str(data_dir),
            "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


def _crash_after_four_choices(data_dir, mode: str = "first") -> tuple[str, str]:
    child = subprocess.Popen([sys.executable, "-m", "tests.ui.resume_child", mode], cwd=paths.ROOT,
                             env=_env(data_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sid = code = None
    try:
        for line in child.stdout:
            words = line.split()
            if words and words[0] == "SESSION":
                sid, code = words[1], words[2]
            if words == ["WAITING"]:
                break
        else:
            raise AssertionError(child.stderr.read())
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    return sid, code


def _continue(data_dir, mode: str = "second") -> dict[str, str]:
    proc = subprocess.run([sys.executable, "-m", "tests.ui.resume_child", mode], cwd=paths.ROOT,
                          env=_env(data_dir), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {ln.split(" ", 1)[0]: ln.split(" ", 1)[1] for ln in proc.stdout.splitlines() if " " in ln}


def _rows(data_dir, sql, *params):
    conn = sqlite3.connect(db.default_db_path(data_dir))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_continue_after_sigkill_records_the_same_play_to_its_end(tmp_path):
    sid, code = _crash_after_four_choices(tmp_path)
    out = _continue(tmp_path)
    assert out["TITLE"].split()[0] == "continue"
    assert out["AFTER-CONTINUE"] == "story"  # straight back into the story: its consent still stands
    assert int(out["POST"]) == 10  # the questions after the story are asked
    assert code in out["DEBRIEF"]  # the debrief shows the code of this same play
    [(only_sid, only_code, ended, consented)] = _rows(
        tmp_path, "SELECT session_id, withdrawal_code, ended_kind, consented FROM play_sessions")
    assert (only_sid, only_code, ended, consented) == (sid, code, "finished", 1)
    phases = _rows(tmp_path, "SELECT phase, count(*) FROM questionnaire_answers GROUP BY phase ORDER BY phase")
    assert phases == [("post", 10), ("pre", 10)]
    seqs = [s for (s,) in _rows(tmp_path, "SELECT seq FROM events WHERE session_id = ? ORDER BY seq", sid)]
    assert seqs == list(range(1, len(seqs) + 1))  # one unbroken record, nothing written twice
    choices = _rows(tmp_path, "SELECT count(*) FROM events WHERE type = 'choice_made'")[0][0]
    menus = _rows(tmp_path, "SELECT count(*) FROM events WHERE type = 'menu_offered'")[0][0]
    assert choices > 4 and choices == menus
    times = [t for (t,) in _rows(tmp_path, "SELECT t_ms FROM events WHERE session_id = ? ORDER BY seq", sid)]
    assert times == sorted(times)


def test_a_crash_before_the_story_began_shows_the_code_of_the_answers_given(tmp_path):
    sid, code = _crash_after_four_choices(tmp_path, "pre")  # consent and three answers, then SIGKILL
    out = _continue(tmp_path, "title")
    assert f"The answers you gave are kept under the play code {code}" in out["TITLE"]
    assert out["NEXT"] == "consent"  # starting the story asks again
    assert _rows(tmp_path, "SELECT count(*) FROM questionnaire_answers WHERE session_id = ?", sid) == [(3,)]
    again = _continue(tmp_path, "title")
    assert code not in again["TITLE"]  # told once


def _first_run_in_process():
    """Consent, pre questionnaire, four choices in this process; then the window is dropped as a crash would."""
    from tests.ui import resume_child
    app, telemetry = resume_child._app()
    focus_and_enter(app, "choose")
    focus_and_enter(app, "morning-bus")
    focus_and_enter(app, "continue")
    focus_and_enter(app, "consent-yes")
    resume_child._answer_questions(app, pygame.K_2)
    flow = app.top.session.data[FLOW_KEY]
    for _ in range(4):
        advance_lines(app)
        avail = [i for i, o in enumerate(app.top.choices.options) if o.available]
        press(app, pygame.K_1 + avail[0])
    telemetry.close()  # everything written; no ending, no "abandoned": as after SIGKILL and the next start
    pygame.quit()
    return flow.recorder.session_id, flow.withdrawal_code


@pytest.mark.parametrize("meanwhile", ["deleted", "finished"])
def test_when_the_play_cannot_go_on_the_student_is_told_shown_the_code_and_asked_again(meanwhile):
    from tests.ui import resume_child
    sid, code = _first_run_in_process()
    data_dir = paths.data_dir()
    if meanwhile == "deleted":  # `vantage data delete CODE` was run meanwhile: nothing of the play is kept
        sql = "DELETE FROM play_sessions WHERE session_id = ?"
    else:  # the play was closed meanwhile (e.g. on another copy of the data): its answers stay under their code
        sql = "UPDATE play_sessions SET ended_kind = 'finished' WHERE session_id = ?"
    conn = sqlite3.connect(db.default_db_path(data_dir))
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(sql, (sid,))
    conn.commit()
    conn.close()
    app, telemetry = resume_child._app()
    focus_and_enter(app, "continue")
    assert app.top.name == "resume-notice"
    text = " ".join(t for _, t in app.top.paragraphs())
    assert "could not be continued" in text and "asked again" in text
    assert (code in text) == (meanwhile == "finished")
    press(app, pygame.K_RETURN)
    assert app.top.name == "consent"  # asked again
    focus_and_enter(app, "consent-yes")
    assert app.top.name == "questionnaire"
    resume_child._answer_questions(app, pygame.K_3)
    assert app.top.name == "story"
    new = app.top.session.data[FLOW_KEY]
    assert new.recording and new.recorder.session_id != sid and new.withdrawal_code != code
    telemetry.close()


def test_a_play_continued_without_consent_stays_unrecorded():
    from tests.ui import resume_child
    app, telemetry = resume_child._app()
    focus_and_enter(app, "choose")
    focus_and_enter(app, "morning-bus")
    focus_and_enter(app, "continue")
    focus_and_enter(app, "consent-no")
    advance_lines(app)
    avail = [i for i, o in enumerate(app.top.choices.options) if o.available]
    press(app, pygame.K_1 + avail[0])
    telemetry.close()
    pygame.quit()
    app, telemetry = resume_child._app()
    focus_and_enter(app, "continue")
    assert app.top.name == "story" and FLOW_KEY not in app.top.session.data
    telemetry.close()
    assert not db.default_db_path(paths.data_dir()).exists()  # nothing recorded, before or after
