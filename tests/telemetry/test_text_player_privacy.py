"""Plays driven through the terminal player: the documented events, and no personal data in any stored value."""
from __future__ import annotations

import getpass
import io
import socket
import sys

from game.content import load_narrative
from game.telemetry import db, query
from game.telemetry.records import EVENT_TYPES
from tests.telemetry.helpers import all_values
from tools import cli

SECRET_WORDS = ["Annabel Okonkwo-Smith", "my secret diary entry", "42 Wallaby Way"]


def _run_text(monkeypatch, tmp_path, lines, *extra):
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{ln}\n" for ln in lines)))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    code = cli.main(["play", "--text", "morning-bus", "--data-dir", str(tmp_path), *extra])
    monkeypatch.undo()
    return code, out.getvalue()


def _choices_to_an_ending(n_items: int) -> list[str]:
    # consent yes, pre answers, then the first available choice at every menu (free text typed in between)
    return ["1", *[str(1 + i % 6) for i in range(n_items)], *(["1", SECRET_WORDS[1]] * 40)]


# a path of morning-bus (seed 0) that meets locked options: to bus.aisle, where the breathing is out of reach
PATH_WITH_LOCKED = ["get-up", "whisper-notes", "say-fine", "reply", "wave-neighbour", "stand-by-door", "headphones",
                    "point-map", "lockers", "classroom"]  # via the map


def _story_lines(prefix: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """What a student types at each menu: every locked option's number twice (hammering it), some free text, then
    the number of the option on `prefix` (the first available one after it). Also the (menu, choice) tried."""
    from game.story import Story
    story = Story(load_narrative("morning-bus").narrative, seed=0)
    story.start()
    lines: list[str] = []
    tried: list[tuple[str, str]] = []
    while story.menu is not None:
        menu = story.menu
        for o in menu.options:
            if not o.available:
                lines += [str(o.position), str(o.position)]
                tried.append((menu.menu_id, o.choice_id))
        pick = prefix.pop(0) if prefix else next(o.choice_id for o in menu.options if o.available)
        lines += [SECRET_WORDS[1], str(next(o.position for o in menu.options if o.choice_id == pick))]
        story.choose(pick)
    return lines, tried


def test_text_play_records_the_documented_events_and_no_personal_data(monkeypatch, tmp_path):
    n_items = 10
    lines = ["yes please, I am " + SECRET_WORDS[0], "1"]  # free text on the consent screen, then yes
    lines += [SECRET_WORDS[2]] + [str(1 + i % 6) for i in range(n_items)]
    story_lines, tried = _story_lines(list(PATH_WITH_LOCKED))
    assert tried, "the path must meet a locked option"
    lines += story_lines + ["1"] * n_items  # choices (with free text and locked numbers), then the post questionnaire
    code, out = _run_text(monkeypatch, tmp_path, lines)
    assert code == 0
    assert "Your play code is" in out and "Ending:" in out

    with query.open_db(data_dir=tmp_path) as q:
        [s] = q.sessions()
        events = q.events()
        answers = q.answers()
    assert s.player == "text" and s.ended_kind == "finished" and s.ending_id in out
    assert {a.phase for a in answers} == {"pre", "post"} and len(answers) == 2 * n_items
    # every event type and payload is exactly as documented
    # (the terminal has no walking: on the map the student picks from the Places list, so no zone is walked into)
    assert {e.type for e in events} == set(EVENT_TYPES) - {"zone_entered"}
    for e in events:
        assert set(e.payload) == set(EVENT_TYPES[e.type])
    # the recorded choices are the story's own menu ids, and the path replays to the same ending
    n = load_narrative("morning-bus").narrative
    from game.story import Story
    story = Story(n, seed=0)
    story.start()
    for e in events:
        if e.type == "choice_made":
            assert story.menu.menu_id == e.payload["menu_id"]
            story.choose(e.payload["choice_id"])
        elif e.type == "place_chosen":
            assert story.menu.menu_id == e.payload["scene_id"] + ".map"
            story.choose(e.payload["place"])
    assert story.ending.ending_id == s.ending_id
    # a locked number typed twice is one attempt, recorded with ids only
    assert [(e.payload["menu_id"], e.payload["choice_id"]) for e in events if e.type == "locked_choice_tried"] == tried
    assert "You can't choose that" in out

    values = [v for v in all_values(db.default_db_path(tmp_path)) if isinstance(v, str)]
    forbidden = [w.lower() for w in SECRET_WORDS] + ["yes please"]
    user, host = getpass.getuser(), socket.gethostname()
    if len(user) >= 3:
        forbidden.append(user.lower())
    if len(host) >= 3:
        forbidden.append(host.lower())
    leaks = [(w, v) for v in values for w in forbidden if w in v.lower()]
    assert leaks == []
    # only the date, never a time of day
    assert all(":" not in v or v.startswith("{") for v in values if v.count("-") == 2 and len(v) <= 32)


def test_play_without_recording_writes_nothing(monkeypatch, tmp_path):
    code, out = _run_text(monkeypatch, tmp_path, ["2"] + ["1"] * 150)
    assert code == 0 and "Ending:" in out and "Your play code is" not in out
    assert not db.default_db_path(tmp_path).exists()


def test_stop_recording_mid_story_deletes_the_play(monkeypatch, tmp_path):
    code, out = _run_text(monkeypatch, tmp_path, ["1"] + ["3"] * 10 + ["1", "s"] + ["1"] * 150)
    assert "Recording stopped" in out and "Your play code is" not in out and "Ending:" in out
    assert all_values(db.default_db_path(tmp_path)) == []


def test_leaving_early_reaches_the_debrief(monkeypatch, tmp_path):
    code, out = _run_text(monkeypatch, tmp_path, ["1"] + ["3"] * 10 + ["1", "q"])
    assert "To think about" in out and "Your play code is" in out
    with query.open_db(data_dir=tmp_path) as q:
        [s] = q.sessions()
        assert s.ended_kind == "left"
        assert not [a for a in q.answers() if a.phase == "post"]


def test_no_record_keeps_the_writers_player(monkeypatch, tmp_path):
    code, out = _run_text(monkeypatch, tmp_path, ["1"] * 150, "--no-record")
    assert code == 0 and "can we record" not in out and "Ending:" in out
    assert not db.default_db_path(tmp_path).exists()


def test_input_ending_before_the_end_is_abandoned_and_not_a_success(monkeypatch, tmp_path):
    code, out = _run_text(monkeypatch, tmp_path, ["1", "3", "3"])  # consent, two answers, then input ends
    assert code == 1 and out.rstrip().endswith("Stopped before the end (input ended).")
    with query.open_db(data_dir=tmp_path) as q:
        [s] = q.sessions()
        assert s.ended_kind == "abandoned"


def test_ctrl_c_at_a_prompt_says_so(monkeypatch, tmp_path):
    class CtrlC(io.StringIO):
        def readline(self, *args):
            raise KeyboardInterrupt
    monkeypatch.setattr(sys, "stdin", CtrlC())
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    code = cli.main(["play", "--text", "morning-bus", "--data-dir", str(tmp_path)])
    monkeypatch.undo()
    assert code == 130 and out.getvalue().rstrip().endswith("Stopped before the end (Ctrl-C).")
    assert not db.default_db_path(tmp_path).exists()  # stopped at the consent screen: nothing written


def test_the_whole_transcript_fits_the_terminal_width(monkeypatch, tmp_path):
    """Questionnaire sentences (with their "(3 of 10)" number) and content notes are wrapped like the story."""
    from tools.text_player import WIDTH
    code, out = _run_text(monkeypatch, tmp_path, _choices_to_an_ending(10))
    assert code == 0 and "(10 of 10)" in out
    too_long = [ln for ln in out.splitlines() if len(ln) > WIDTH]
    assert too_long == []
