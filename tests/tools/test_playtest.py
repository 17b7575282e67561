"""`vantage test`: the quick and random tests find what a writer cannot see, through the real runner, and the
story's teaching assertions fail CI with the figure."""
from __future__ import annotations

import json

from game.content import load_narrative
from tests.storykit import NARRATIVE, dedent, write_story
from tools import playtest as pt
from tools.cli import main

# worry starts at 6 and only rises: `requires: worry <= 3` can never hold (the example); the line with
# `if: worry < 2` is never shown; `rare` is reached only after three lucky choices in a row.
TRIP = NARRATIVE.replace("""flags:
  brave: false""", """  worry:
    label: Worry
    min: 0
    max: 10
    start: 6
flags:
  brave: false""").replace("""  bad:
    title: Bad
    text: It went badly.""", """  bad:
    title: Bad
    text: It went badly.
  rare:
    title: Rare
    text: Only the lucky get here.""")

TRIP_SCENE = dedent("""
    id: s
    title: Scene S
    beats:
      - id: a
        lines:
          - narrate: You wait at the door with your hands in your pockets.
          - narrate: A calm you almost never feel.
            if: worry < 2
        choices:
          - id: calm-down
            text: Calm down
            requires: worry <= 3
            locked_reason: Not now.
            ending: good
          - id: worry-more
            text: Worry more
            effects:
              - worry += 1
            goto: b
          - id: leave
            text: Leave
            ending: bad
      - id: b
        choices:
          - id: on
            text: Keep going
            goto: c
          - id: off
            text: Stop
            ending: bad
      - id: c
        choices:
          - id: on
            text: Keep going
            ending: rare
          - id: off
            text: Stop
            ending: bad
    """)


def trip_story(tmp_path, extra: str = ""):
    path = write_story(tmp_path, scene=TRIP_SCENE, narrative=TRIP, extra=extra)
    res = load_narrative(path, use_cache=False)
    assert res.ok, [d.format() for d in res.diagnostics]
    return path, res.narrative


def test_quick_finds_the_never_unlockable_choice_and_the_line_never_shown(tmp_path):
    _, n = trip_story(tmp_path)
    q = pt.quick(n)
    assert q.complete and q.problems == []
    assert q.coverage.never_unlockable(n) == ["s.a.calm-down"]
    unc = q.coverage.uncovered(n)
    assert unc["lines"] == ["s.a.2"]
    assert unc["choices"] == ["s.a.calm-down"]
    assert unc["beats"] == []
    assert q.endings == ["bad", "rare"]


def test_random_runs_count_endings_and_are_repeatable(tmp_path):
    _, n = trip_story(tmp_path)
    r1 = pt.random_runs(n, 3000, seed=7)
    r2 = pt.random_runs(n, 3000, seed=7)
    assert r1.endings == r2.endings and r1.words == r2.words
    assert sum(r1.endings.values()) == 3000
    # 1/2 leave at once; 1/2 * 1/2 stop at b; 1/4 * 1/2 stop at c: bad 7/8, rare 1/8
    assert abs(r1.endings["rare"] / 3000 - 0.125) < 0.03
    assert "good" not in r1.endings
    assert r1.coverage.never_unlockable(n) == ["s.a.calm-down"]


def test_reading_time_counts_the_words_shown(tmp_path):
    _, n = trip_story(tmp_path)
    r = pt.random_runs(n, 200, seed=1)
    # shortest path: 11 words of narration + the menu (Calm down, Worry more, Leave: 5 words) + the ending text
    shortest = 11 + 5 + len("It went badly.".split())
    assert min(r.words) == shortest
    assert pt.minutes([shortest], 200)["min"] == round(shortest / 200, 1)


ASSERTIONS = """tests:
  - ending: rare
    min_percent: 25
  - ending: bad
    min_percent: 50
  - beat: s.b
    min_percent: 40
  - stat: worry
    range: [6, 6]
    min_percent: 60
  - max_minutes: 5
"""


def test_failed_teaching_assertion_exits_1_with_the_figure(tmp_path, capsys):
    path, _ = trip_story(tmp_path, ASSERTIONS)
    assert main(["test", str(path), "--runs", "2000", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    results = {a["assertion"]: a for a in report["assertions"]}
    rare = results["ending `rare` in at least 25% of runs"]
    assert rare["passed"] is False and "of 2000 runs" in rare["figure"]
    assert results["ending `bad` in at least 50% of runs"]["passed"] is True
    assert results["beat `s.b` seen in at least 40% of runs"]["passed"] is True
    assert results["`worry` ends between 6 and 6 in at least 60% of runs"]["passed"] is False  # only half stay 6
    assert results["no path longer than 5 minutes"]["passed"] is True
    # the documented fields
    assert set(report) >= {"endings", "never_unlockable", "uncovered", "minutes", "assertions"}
    assert report["endings"]["good"] == {"count": 0, "share": 0.0}
    assert report["never_unlockable"] == ["s.a.calm-down"]
    assert set(report["minutes"]) == {"min", "median", "max"}
    assert report["uncovered"]["lines"] == ["s.a.2"]


def test_passing_assertions_exit_0_and_print_a_table(tmp_path, capsys):
    path, _ = trip_story(tmp_path, "tests:\n  - ending: rare\n    min_percent: 5\n")
    assert main(["test", str(path), "--runs", "1000"]) == 0
    out = capsys.readouterr().out
    assert "PASS  ending `rare` in at least 5% of runs" in out
    assert "never unlockable" in out and "s.a.calm-down" in out


def test_the_bundled_story_passes_and_reaches_every_ending(capsys):
    assert main(["test", "morning-bus", "--runs", "2000", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert all(v["count"] > 0 for v in report["endings"].values())
    # a whole school day has more distinct states than the quick test's limit; it still finds every ending, and the
    # random games reach every beat, line and choice
    assert report["quick"]["endings_unreachable"] == []
    assert report["random"]["uncovered"] == {"beats": [], "lines": [], "choices": []}
    assert report["never_unlockable"] == []


def test_a_stopped_quick_test_does_not_call_a_choice_never_unlockable_that_the_random_test_unlocked(capsys):
    """The quick test stops at its state limit on morning-bus, having seen some choices only in states where they
    were locked (the stranger's question on the bus needs anxiety < 7, which the search had not yet tried). Random
    games unlock them, so the report must not tell the writer they can never be taken."""
    assert main(["test", "morning-bus", "--runs", "2000", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert not report["quick"]["complete"]
    partial = set(report["quick"]["never_unlockable"])
    assert "bus.ride.tell-stop" in partial  # what the stopped search saw
    assert "bus.ride.tell-stop" not in report["random"]["never_unlockable"]
    assert report["never_unlockable"] == []
    assert main(["test", "morning-bus", "--runs", "200"]) == 0
    assert "choices locked in every state explored (the random test may still unlock them)" in capsys.readouterr().out


def test_a_story_with_errors_is_not_tested(tmp_path, capsys):
    path = write_story(tmp_path, scene="id: s\ntitle: T\nbeats:\n  - id: a\n    goto: nowhere\n")
    assert main(["test", str(path)]) == 1
    assert "V021" in capsys.readouterr().err


def test_bad_arguments_exit_2(capsys):
    assert main(["test", "morning-bus", "--runs", "0"]) == 2
    assert main(["test", "morning-bus", "--wpm", "0"]) == 2


def test_progress_bar_appears_only_on_a_terminal_after_a_second(monkeypatch):
    import io

    from tools import playtest_cmd

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True
    clock = [100.0]
    monkeypatch.setattr(playtest_cmd.time, "perf_counter", lambda: clock[0])
    tty, pipe = Tty(), io.StringIO()
    on_tty, on_pipe = playtest_cmd._progress_bar(tty), playtest_cmd._progress_bar(pipe)
    on_tty(500, 10_000)
    assert tty.getvalue() == ""  # under a second: no bar
    clock[0] += 1.5
    on_tty(5_000, 10_000)
    on_pipe(5_000, 10_000)
    assert "5,000/10,000 games" in tty.getvalue() and pipe.getvalue() == ""


def test_quick_test_stops_at_its_state_limit_and_says_so(tmp_path):
    _, n = trip_story(tmp_path)
    q = pt.quick(n, max_states=2)
    assert not q.complete and q.states == 2


def test_every_step_of_the_bundled_story_counts_as_shown():
    """Sound cues, pauses and other steps have line ids too: a random test that took every path must not list
    them as never shown (after the storytelling format grew, `home.alarm.1`, a sound cue, was reported unseen)."""
    from game.content import load_narrative
    n = load_narrative("morning-bus").narrative
    q = pt.quick(n)  # stops at its state limit on a whole school day, but it starts with the alarm
    r = pt.random_runs(n, 10_000, seed=2)
    assert "home.alarm.l1" in q.coverage.lines and "home.alarm.l1" in r.coverage.lines  # the alarm's sound cue
    never = [ln for ln in r.coverage.uncovered(n)["lines"] if ln not in q.coverage.lines]
    assert never == []  # show/hide stage directions are not lines (their events carry no line id)
